package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Purchase is how a 2023+ month's energy is bought and the month's published
// charges a plant must supply.
type Purchase struct {
	// Arrangement is AgencyPurchase (电网企业代理购电) or MarketPurchase.
	Arrangement Arrangement
	// AgencyPrice is the month's agency purchase price (元/kWh), required for
	// agency purchase.
	AgencyPrice decimal.NullDecimal
	// Contracts are the market contracts; all kWh are bought at their
	// volume-weighted price. Required for market purchase.
	Contracts []MarketContract
	// SystemOperation is the month's published system operation charge
	// (系统运行费用, 元/kWh), required.
	SystemOperation decimal.NullDecimal
	// TND names the T&D table by id; empty means the table in force.
	TND string
	// ExamplePrices marks the prices as example inputs; the bill warns.
	ExamplePrices bool
}

// MarketContract is one market contract: kWh at a price.
type MarketContract struct {
	KWh   decimal.Decimal
	Price decimal.Decimal
}

// Bill2023 settles one month in the 2023+ structure (526号 and after, domain
// §3.7): purchase energy, the on-grid line-loss charge kWh × price × rate ÷
// (1 − rate) (one line, rounded once), T&D energy, system operation, the basic
// charge at the T&D basic prices under the rule set in force, the power-factor
// adjustment and funds. With TOU, only the line kinds the ratios table lists
// float (never loss, system operation, funds, basic or power factor).
//
// Bill2023 returns the errors of CatalogBill (except the catalog, which it
// does not use) and also if:
//   - the agency price, the contracts or the system operation charge is
//     missing or negative (*InputError naming the month and field);
//   - no T&D table of the 2023 structure is in force in the month, or the named
//     one is not (a month before 2026-08-01 with the fourth-period table is an
//     error naming the table's range; there is no fallback).
func Bill2023(set *tariff.Set, c Customer, u Usage, opt Options, pu Purchase) (Bill, error) {
	arr := pu.Arrangement
	if arr != AgencyPurchase && arr != MarketPurchase {
		return Bill{}, &InputError{Month: u.Month.String(), Field: "purchase.arrangement", Value: string(arr), Reason: "unknown arrangement", Allowed: "agency_purchase, market_purchase"}
	}
	b, err := newBuilder(set, c, u, opt, arr)
	if err != nil {
		return Bill{}, err
	}
	var price decimal.Decimal
	var clause, clauseZH string
	if arr == AgencyPurchase {
		if !pu.AgencyPrice.Valid {
			return Bill{}, b.inputErr("purchase.agency_price", "", "missing: the month's agency purchase price is required", "a price in 元/kWh")
		}
		price, clause, clauseZH = pu.AgencyPrice.Decimal, "kWh × the month's agency purchase price", "电量 × 当月代理购电价格"
	} else {
		if len(pu.Contracts) == 0 {
			return Bill{}, b.inputErr("purchase.contracts", "", "missing: market purchase needs at least one contract", "")
		}
		q, v := decimal.Zero, decimal.Zero
		for i, k := range pu.Contracts {
			if k.KWh.IsNegative() || k.Price.IsNegative() {
				return Bill{}, b.inputErr(fmt.Sprintf("purchase.contracts[%d]", i), "", "kWh and price must not be negative", "")
			}
			q, v = q.Add(k.KWh), v.Add(k.KWh.Mul(k.Price))
		}
		if !q.IsPositive() {
			return Bill{}, b.inputErr("purchase.contracts", q.String(), "contracts hold no kWh", "")
		}
		if len(pu.Contracts) == 1 {
			price = pu.Contracts[0].Price
		} else {
			price = v.DivRound(q, divPlaces)
		}
		clause, clauseZH = "kWh × the volume-weighted market price", "电量 × 按电量加权的市场交易价格"
	}
	if price.IsNegative() {
		return Bill{}, b.inputErr("purchase.price", price.String(), "must not be negative", "")
	}
	if !pu.SystemOperation.Valid {
		return Bill{}, b.inputErr("purchase.system_operation", "", "missing: the month's system operation charge is required", "a rate in 元/kWh")
	}
	if pu.SystemOperation.Decimal.IsNegative() {
		return Bill{}, b.inputErr("purchase.system_operation", pu.SystemOperation.Decimal.String(), "must not be negative", "")
	}
	tnd, err := set.TND(c.Region, c.VoltageKV, b.date, pu.TND)
	if err != nil {
		return Bill{}, err
	}
	if tnd.Structure != "2023" {
		return Bill{}, &tariff.NoTableError{Kind: tariff.KindTND, Region: c.Region, Class: "2023 structure", Date: b.date}
	}
	if err := b.ruleSet(); err != nil {
		return Bill{}, err
	}
	if pu.ExamplePrices {
		b.warning(Warning{Code: "example_prices",
			ZH: "代理购电价格、市场价格和系统运行费用为示例输入，不是公布的数值",
			EN: "the agency purchase price, market price and system operation charge are example inputs, not published values"})
	}
	for _, pk := range b.periods() {
		pp := b.energyPrice("purchase_energy", price, pk.Period)
		b.add(Line{Code: "purchase_energy", Period: pk.Period, Quantity: pk.KWh, Unit: "kWh", UnitPrice: pp, Amount: mulRound(pk.KWh, pp),
			Basis: Basis{Clause: clause, ClauseZH: clauseZH, Items: purchaseItems(pu)}})
	}
	// Loss = kWh × price × rate ÷ (1 − rate): one division, rounded once (MEDIUM form).
	loss := u.KWh.Mul(price).Mul(tnd.LossRate).DivRound(one.Sub(tnd.LossRate), divPlaces)
	b.use(tnd.Table, "loss_rate", "energy")
	b.add(Line{Code: "loss", Quantity: u.KWh, Unit: "kWh", UnitPrice: price, Amount: loss,
		Basis: basisOf(fmt.Sprintf("kWh × purchase price × %s ÷ (1 − %s)", Price(tnd.LossRate), Price(tnd.LossRate)),
			fmt.Sprintf("电量 × 购电价格 × %s ÷（1 − %s）", Price(tnd.LossRate), Price(tnd.LossRate)), tnd.Table)})
	b.add(Line{Code: "tnd_energy", Quantity: u.KWh, Unit: "kWh", UnitPrice: tnd.Energy, Amount: mulRound(u.KWh, tnd.Energy),
		Basis: basisOf("kWh × T&D energy price, tier "+tnd.Tier, "电量 × 输配电价，电压等级 "+tnd.Tier, tnd.Table)})
	so := pu.SystemOperation.Decimal
	b.add(Line{Code: "system_operation", Quantity: u.KWh, Unit: "kWh", UnitPrice: so, Amount: mulRound(u.KWh, so),
		Basis: Basis{Clause: "kWh × the month's published system operation charge (user-supplied)", ClauseZH: "电量 × 当月公布的系统运行费用（用户提供）"}})
	if err := b.basic(tnd.BasicKVA, tnd.BasicKW, tnd.Table, "basic_prices"); err != nil {
		return Bill{}, err
	}
	if err := b.powerFactor(); err != nil {
		return Bill{}, err
	}
	b.funds(tnd.Funds, tariff.SumFunds(tnd.Funds), tnd.Table)
	return b.close()
}

func purchaseItems(pu Purchase) []Item {
	var out []Item
	for i, k := range pu.Contracts {
		out = append(out, Item{fmt.Sprintf("contract %d", i+1), fmt.Sprintf("%s kWh at %s", k.KWh, Price(k.Price))})
	}
	return out
}
