package tariff

import "github.com/shopspring/decimal"

// AluminiumStep is the stepped price for electrolytic aluminium, 电解铝阶梯电价
// (发改价格〔2013〕2530号): a surcharge on all kWh by last year's AC
// electrolysis consumption per tonne.
type AluminiumStep struct {
	Header
	Steps []AluminiumStepRow
}

// AluminiumStepRow: consumption above Above (and up to UpTo when HasUpTo) kWh/t
// pays Surcharge 元/kWh.
type AluminiumStepRow struct {
	Above     decimal.Decimal
	UpTo      decimal.Decimal
	HasUpTo   bool
	Surcharge decimal.Decimal
}

// SurchargeFor returns the surcharge for a consumption of kwhPerTonne and the
// row that applies; zero and false when no row applies.
func (t *AluminiumStep) SurchargeFor(kwhPerTonne decimal.Decimal) (decimal.Decimal, bool) {
	for _, r := range t.Steps {
		if kwhPerTonne.GreaterThan(r.Above) && (!r.HasUpTo || !kwhPerTonne.GreaterThan(r.UpTo)) {
			return r.Surcharge, true
		}
	}
	return decimal.Zero, false
}
