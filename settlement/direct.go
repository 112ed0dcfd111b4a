package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Contract is kWh bought at a price: a month's direct-trade contract (直接交易,
// 2016–2023 structure), with its T&D table and deviation rules; or one
// market contract of a 2023+ purchase (Purchase.Contracts), which has KWh
// and Price only (TND and Deviation empty: the purchase names its T&D table,
// and market purchase has no deviation rules).
type Contract struct {
	// KWh are the contracted kWh Q of the month (≥ 0); a purchase's energy
	// is priced at its contracts' volume-weighted price.
	KWh decimal.Decimal
	// Price is the traded price at the generator side, or the market
	// contract's price, 元/kWh; required: a contract without a price is an
	// error, never a price of 0.
	Price decimal.NullDecimal
	// TND names an approved T&D table by id; empty means the T&D tariff in
	// force (in Liaoning 2016, the price spread). Direct trade only.
	TND string
	// Deviation names the deviation rule set, e.g. "ln-deviation-interim";
	// required for direct trade, empty in a purchase.
	Deviation string
}

// DirectTradeBill settles one month under a direct-trade contract (README
// §3.6): traded energy at the traded price, T&D energy, energy outside the
// contract at the catalog price excluding funds, the basic charge at the T&D
// basic price, the power-factor adjustment, the deviation penalty (outside
// the power-factor base) and funds.
//
// DirectTradeBill returns the errors of CatalogBill and also if:
//   - the contracted kWh is negative or above 10¹², or the traded price
//     missing, negative or above 10¹² (*Error);
//   - the named T&D table or deviation rule set does not exist or is not in
//     force (*Error naming the field, wrapping the *tariff.Error);
//   - the T&D table is of the 2023 structure (use PurchaseBill).
func DirectTradeBill(set *tariff.Set, c Customer, u Usage, opt Options, k Contract) (Bill, error) {
	var b builder
	if err := b.directTrade(set, c, u, opt, k); err != nil {
		return Bill{}, lookupInMonth(u.Month, err)
	}
	return b.bill, nil // the one copy of the bill: the recipe built it in b
}

// DirectTradeTotal returns the Total of the bill DirectTradeBill returns, or
// its error, computing the amounts and none of the bill's text, sources or
// warnings: for searches that settle a month many times (the break-even
// price, sensitivities).
func DirectTradeTotal(set *tariff.Set, c Customer, u Usage, opt Options, k Contract) (decimal.Decimal, error) {
	b := builder{lean: true}
	if err := b.directTrade(set, c, u, opt, k); err != nil {
		return decimal.Decimal{}, lookupInMonth(u.Month, err)
	}
	return b.bill.Total, nil
}

func (b *builder) directTrade(set *tariff.Set, c Customer, u Usage, opt Options, k Contract) error {
	if err := b.init(set, c, u, opt, ArrangementDirectTrade); err != nil {
		return err
	}
	if err := b.checkContract(k); err != nil {
		return err
	}
	dev, err := set.Deviation(k.Deviation)
	if err != nil {
		return b.namedTable("contract.deviation", k.Deviation, err)
	}
	cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, b.date)
	if err != nil {
		return err
	}
	tnd, err := set.TND(c.Region, c.VoltageKV, b.date, k.TND)
	if err != nil {
		return b.namedTable("contract.tnd", k.TND, err)
	}
	if tnd.Structure != tariff.Structure2016 {
		return b.inputErr("contract.tnd", tnd.Table.ID, "a "+string(tnd.Structure)+"-structure T&D table cannot settle a 2016-structure direct-trade bill", "use PurchaseBill")
	}
	benchPrice, bench, err := set.CoalBenchmark(c.Region, b.date)
	if err != nil {
		return err
	}
	if err := b.ruleSet(); err != nil {
		return err
	}
	p := k.Price.Decimal
	split := splitDeviation(dev, benchPrice, tnd.Energy, p, u.KWh, k.KWh)
	b.tradedEnergy(p, split)
	b.tndEnergy2016(tnd, split.traded)
	b.outsideEnergy(&cp, dev, split)
	if err := b.basic(tnd.BasicKVA, tnd.BasicKW, &tnd.Table, "basic_prices"); err != nil {
		return err
	}
	if err := b.powerFactor(); err != nil {
		return err
	}
	b.deviation(dev, bench, split)
	b.funds(&cp)
	return b.close()
}

// checkContract checks the contract: contracted kWh not negative, a traded
// price that is given and not negative, a deviation rule set named.
func (b *builder) checkContract(k Contract) error {
	if err := b.checkField(k.KWh, fieldName("contract.kwh")); err != nil {
		return err
	}
	if !k.Price.Valid {
		return b.inputErr("contract.price", "", "missing: the traded price is required", "a price in 元/kWh")
	}
	if err := b.checkField(k.Price.Decimal, fieldName("contract.price")); err != nil {
		return err
	}
	if k.Deviation == "" {
		return b.inputErr("contract.deviation", "", "missing: name a deviation rule set", "ln-deviation-interim, ln-deviation-supplement")
	}
	return nil
}
