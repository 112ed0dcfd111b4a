package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// CatalogBill settles one month on the catalog two-part tariff (目录电价,
// README §3.3): energy per TOU period at the catalog price excluding funds,
// funds, the basic charge, the power-factor adjustment and smelter surcharges.
//
// CatalogBill returns an error if:
//   - the customer, usage or options are invalid (*Error naming the
//     field and the month), as the scenario loader would find them: a month
//     that does not exist, a missing or duplicate unit id or feeder, an
//     invalid date, an unknown power-factor standard, a class no catalog of
//     the region has (or a region no catalog has), a contract demand that is
//     not whole kW, a negative quantity or price, or one above 10¹² or with
//     more than 24 decimal places (README §3.1);
//   - a table named by id (Options.TOU, Options.Rules) does not exist or is
//     not in force (*Error naming the field, the id as Value, wrapping the
//     *tariff.Error);
//   - no catalog, rule set or power-factor table is in force for the month, or
//     no tier maps the supply voltage (an *Error with the Month wrapping the
//     *tariff.Error, whose text it keeps);
//   - the choice breaks the rule set (*Error with Rule set): a method it does not allow,
//     a suspension it forbids;
//   - kWh are split by period without TOU ratios, or the reverse, or into a
//     period the ratios do not price or the month does not have in their
//     periods table (critical peak in September under ln-tou-periods-2023);
//   - the plant has aluminium facts and no stepped-price table is in force.
func CatalogBill(set *tariff.Set, c Customer, u Usage, opt Options) (Bill, error) {
	var b builder
	if err := b.catalog(set, c, u, opt); err != nil {
		return Bill{}, lookupInMonth(u.Month, err)
	}
	return b.bill, nil // the one copy of the bill: the recipe built it in b
}

// CatalogTotal returns the Total of the bill CatalogBill returns, or its
// error, computing the amounts and none of the bill's text, sources or
// warnings: for searches that settle a month many times (the break-even
// price, sensitivities).
func CatalogTotal(set *tariff.Set, c Customer, u Usage, opt Options) (decimal.Decimal, error) {
	b := builder{lean: true}
	if err := b.catalog(set, c, u, opt); err != nil {
		return decimal.Decimal{}, lookupInMonth(u.Month, err)
	}
	return b.bill.Total, nil
}

func (b *builder) catalog(set *tariff.Set, c Customer, u Usage, opt Options) error {
	if err := b.init(set, c, u, opt, ArrangementCatalog); err != nil {
		return err
	}
	cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, b.date)
	if err != nil {
		return err
	}
	if err := b.ruleSet(); err != nil {
		return err
	}
	b.useJoined(&cp.Table, "classes.", c.Class)
	b.catalogEnergy(&cp)
	if err := b.basic(cp.BasicKVA, cp.BasicKW, &cp.Table, "classes.", c.Class, ".basic_prices"); err != nil {
		return err
	}
	if err := b.powerFactor(); err != nil {
		return err
	}
	b.funds(&cp)
	return b.close()
}
