package settlement

import (
	"strconv"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Purchase is how a 2023+ month's energy is bought and the month's published
// charges a plant must supply.
type Purchase struct {
	// Arrangement is ArrangementAgencyPurchase (电网企业代理购电) or ArrangementMarketPurchase.
	Arrangement Arrangement
	// AgencyPrice is the month's agency purchase price (元/kWh), required for
	// agency purchase.
	AgencyPrice decimal.NullDecimal
	// Contracts are the market contracts, each KWh at a Price (TND and
	// Deviation empty); all kWh are bought at their volume-weighted price.
	// Required for market purchase.
	Contracts []Contract
	// SystemOperation is the month's published system operation charge
	// (系统运行费用, 元/kWh), required.
	SystemOperation decimal.NullDecimal
	// PublishedLossPrice is the month's published line-loss charge per kWh
	// (上网环节线损费用折价, 元/kWh), when the grid publishes one: the loss
	// line is then kWh × this price instead of kWh × purchase price × rate ÷
	// (1 − rate) (README §3.7). Null: computed from the rate.
	PublishedLossPrice decimal.NullDecimal
	// TND names the T&D table by id; empty means the table in force.
	TND string
	// ExamplePrices marks the prices as example inputs; the bill warns.
	ExamplePrices bool
}

// PurchaseBill settles one month in the 2023+ structure, energy bought by
// agency or market purchase (526号 and after, README
// §3.7): purchase energy, the on-grid line-loss charge kWh × price × rate ÷
// (1 − rate) (one line, rounded once), T&D energy, system operation, the basic
// charge at the T&D basic prices under the rule set in force, the power-factor
// adjustment and funds. With TOU, only the line kinds the ratios table lists
// float (never loss, system operation, funds, basic or power factor).
//
// PurchaseBill returns the errors of CatalogBill (except the catalog, which it
// does not use) and also if:
//   - the agency price, the contracts or the system operation charge is
//     missing, negative or above 10¹² (*Error naming the month and
//     field), or several market contracts at different prices hold no kWh
//     (no volume-weighted price);
//   - no T&D table of the 2023 structure is in force in the month, or the named
//     one is not (a month before 2026-08-01 with the fourth-period table is an
//     error naming the table's range; there is no fallback).
func PurchaseBill(set *tariff.Set, c Customer, u Usage, opt Options, pu Purchase) (Bill, error) {
	var b builder
	if err := b.purchase(set, c, u, opt, pu); err != nil {
		return Bill{}, lookupInMonth(u.Month, err)
	}
	return b.bill, nil // the one copy of the bill: the recipe built it in b
}

// PurchaseTotal returns the Total of the bill PurchaseBill returns, or its
// error, computing the amounts and none of the bill's text, sources or
// warnings: for searches that settle a month many times (the break-even
// price, sensitivities).
func PurchaseTotal(set *tariff.Set, c Customer, u Usage, opt Options, pu Purchase) (decimal.Decimal, error) {
	b := builder{lean: true}
	if err := b.purchase(set, c, u, opt, pu); err != nil {
		return decimal.Decimal{}, lookupInMonth(u.Month, err)
	}
	return b.bill.Total, nil
}

func (b *builder) purchase(set *tariff.Set, c Customer, u Usage, opt Options, pu Purchase) error {
	arr := pu.Arrangement
	if arr != ArrangementAgencyPurchase && arr != ArrangementMarketPurchase {
		return &Error{Month: u.Month.String(), Field: "purchase.arrangement", Value: string(arr), Reason: "unknown arrangement", Allowed: "agency_purchase, market_purchase"}
	}
	if err := b.init(set, c, u, opt, arr); err != nil {
		return err
	}
	pp, err := b.purchasePriceOf(pu)
	if err != nil {
		return err
	}
	if err := b.checkSystemOperation(pu.SystemOperation); err != nil {
		return err
	}
	if err := b.checkLossPrice(pu.PublishedLossPrice); err != nil {
		return err
	}
	tnd, err := set.TND(c.Region, c.VoltageKV, b.date, pu.TND)
	if err != nil {
		return b.namedTable("purchase.tnd", pu.TND, err)
	}
	if tnd.Structure != tariff.Structure2023 {
		return &tariff.Error{Kind: tariff.KindTND, Region: c.Region, Date: b.date, Reason: "no tnd table in force for " + c.Region + " 2023 structure on " + b.date.String()}
	}
	if err := b.ruleSet(); err != nil {
		return err
	}
	if pu.ExamplePrices {
		b.warning(Warning{Code: WarningExamplePrices,
			ZH: "代理购电价格、市场价格和系统运行费用为示例输入，不是公布的数值",
			EN: "the agency purchase price, market price and system operation charge are example inputs, not published values"})
	}
	b.purchaseEnergy(pp, pu)
	if err := b.loss(pp, tnd, pu.PublishedLossPrice); err != nil {
		return err
	}
	b.tndEnergy2023(tnd)
	b.systemOperation(pu.SystemOperation.Decimal)
	if err := b.basic(tnd.BasicKVA, tnd.BasicKW, &tnd.Table, "basic_prices"); err != nil {
		return err
	}
	if err := b.powerFactor(); err != nil {
		return err
	}
	b.funds(&tnd)
	return b.close()
}

// purchasePrice is the price a 2023+ month's energy is bought at, as one
// exact fraction num ÷ den (den is 1 unless market contracts are weighted by
// volume), with the clause its lines cite.
type purchasePrice struct {
	num, den         decimal.Decimal
	clause, clauseZH string
}

// purchasePriceOf returns the month's purchase price: the agency price
// (电网企业代理购电) or the market contracts' volume-weighted price.
func (b *builder) purchasePriceOf(pu Purchase) (purchasePrice, error) {
	if pu.Arrangement == ArrangementAgencyPurchase {
		return b.agencyPrice(pu.AgencyPrice)
	}
	return b.marketPrice(pu.Contracts)
}

// agencyPrice is the month's agency purchase price, which must be given.
func (b *builder) agencyPrice(p decimal.NullDecimal) (purchasePrice, error) {
	if !p.Valid {
		return purchasePrice{}, b.inputErr("purchase.agency_price", "", "missing: the month's agency purchase price is required", "a price in 元/kWh")
	}
	if err := b.checkField(p.Decimal, fieldName("purchase.agency_price")); err != nil {
		return purchasePrice{}, err
	}
	return purchasePrice{p.Decimal, one, "kWh × the month's agency purchase price", "电量 × 当月代理购电价格"}, nil
}

// marketPrice is the volume-weighted price of the market contracts, Σ kWh ×
// price ÷ Σ kWh, kept as that fraction so each amount divides once, last
// (README §3.1, E9 a). With one contract, or contracts all at one price, it is
// that price, even when they hold no kWh; contracts at different prices
// holding no kWh have no weighted price.
func (b *builder) marketPrice(ks []Contract) (purchasePrice, error) {
	if len(ks) == 0 {
		return purchasePrice{}, b.inputErr("purchase.contracts", "", "missing: market purchase needs at least one contract", "")
	}
	same := true
	for i, k := range ks {
		f := func(s string) func() string {
			return func() string { return "purchase.contracts[" + strconv.Itoa(i) + "]" + s }
		}
		if err := b.checkField(k.KWh, f(".kwh")); err != nil {
			return purchasePrice{}, err
		}
		if !k.Price.Valid {
			return purchasePrice{}, b.inputErr(f(".price")(), "", "missing: the contract price is required", "a price in 元/kWh")
		}
		if err := b.checkField(k.Price.Decimal, f(".price")); err != nil {
			return purchasePrice{}, err
		}
		if k.TND != "" {
			return purchasePrice{}, b.inputErr(f(".tnd")(), k.TND, "a market contract names no T&D table: the purchase's tnd does", "empty")
		}
		if k.Deviation != "" {
			return purchasePrice{}, b.inputErr(f(".deviation")(), k.Deviation, "a market contract has no deviation rules", "empty")
		}
		same = same && cmp(k.Price.Decimal, ks[0].Price.Decimal) == 0
	}
	pp := purchasePrice{ks[0].Price.Decimal, one, "kWh × the volume-weighted market price", "电量 × 按电量加权的市场交易价格"}
	if same {
		return pp, nil
	}
	q, v := decimal.Zero, decimal.Zero
	for _, k := range ks {
		q, v = add(q, k.KWh), add(v, mul(k.KWh, k.Price.Decimal)) // as Add and Mul give them, in int64 when they fit
	}
	switch {
	case !q.IsPositive():
		return purchasePrice{}, b.inputErr("purchase.contracts", q.String(), "contracts hold no kWh, so their prices have no volume-weighted price", "")
	default:
		pp.num, pp.den = v, q
	}
	return pp, nil
}

// checkSystemOperation checks that the month's system operation charge is
// given and not negative.
func (b *builder) checkSystemOperation(so decimal.NullDecimal) error {
	if !so.Valid {
		return b.inputErr("purchase.system_operation", "", "missing: the month's system operation charge is required", "a rate in 元/kWh")
	}
	return b.checkField(so.Decimal, fieldName("purchase.system_operation"))
}

// checkLossPrice checks the published loss price, when given: not negative,
// at most 10¹² with at most 24 decimal places.
func (b *builder) checkLossPrice(p decimal.NullDecimal) error {
	if !p.Valid {
		return nil
	}
	return b.checkField(p.Decimal, fieldName("purchase.published_loss_price"))
}

// purchaseItems itemises the market contracts in the basis of the purchase
// energy line about to be added: "kWh × price 元/kWh".
func (b *builder) purchaseItems(pu Purchase) {
	for i, k := range pu.Contracts {
		b.itemLater(ItemContract, strconv.Itoa(i+1), itemFmt{kind: fmtContract, d: [4]decimal.Decimal{k.KWh, k.Price.Decimal}})
	}
}
