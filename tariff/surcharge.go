package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// aluminiumStep is the stepped price for electrolytic aluminium, 电解铝阶梯电价
// (发改价格〔2013〕2530号): a surcharge on all kWh by last year's AC
// electrolysis consumption per tonne.
type aluminiumStep struct {
	Header
	Steps []aluminiumRow
}

// Head returns the table's header.
func (t *aluminiumStep) Head() Header { return t.Header }

// aluminiumRow: consumption above Above (and up to UpTo when valid) kWh/t
// pays Surcharge 元/kWh.
type aluminiumRow struct {
	Above     decimal.Decimal
	UpTo      decimal.NullDecimal
	Surcharge decimal.Decimal
}

// SurchargeFor returns the surcharge for a consumption of kwhPerTonne and the
// row that applies; zero and false when no row applies.
func (t *aluminiumStep) surchargeFor(kwhPerTonne decimal.Decimal) (decimal.Decimal, bool) {
	for _, r := range t.Steps {
		if kwhPerTonne.GreaterThan(r.Above) && (!r.UpTo.Valid || !kwhPerTonne.GreaterThan(r.UpTo.Decimal)) {
			return r.Surcharge, true
		}
	}
	return decimal.Zero, false
}

// parseAluminium reads an aluminium stepped-price table after its header;
// steps follow each other without gap or overlap and only the last is open.
func parseAluminium(m *strictyaml.Map, h Header) *aluminiumStep {
	t := &aluminiumStep{Header: h}
	var prev decimal.Decimal
	steps := m.List("steps", true)
	for i, n := range steps {
		s := m.Item("steps", i, n)
		if s == nil {
			return t
		}
		var r aluminiumRow
		r.Above, _ = s.Decimal("above_kwh_per_t", true, strictyaml.NonNegative)
		r.UpTo.Decimal, r.UpTo.Valid = s.Decimal("up_to_kwh_per_t", false, strictyaml.NonNegative)
		r.Surcharge, _ = s.Decimal("surcharge", true, strictyaml.NonNegative)
		s.Done()
		if !m.Failed() {
			switch {
			case i > 0 && !r.Above.Equal(prev):
				s.Fail("above_kwh_per_t", r.Above.String(), prev.String(), "steps must follow each other without gap or overlap")
			case r.UpTo.Valid && !r.UpTo.Decimal.GreaterThan(r.Above):
				s.Fail("up_to_kwh_per_t", r.UpTo.Decimal.String(), "", "must be above above_kwh_per_t")
			case !r.UpTo.Valid && i != len(steps)-1:
				s.Fail("up_to_kwh_per_t", "", "", "only the last step may be open")
			}
		}
		prev = r.UpTo.Decimal
		t.Steps = append(t.Steps, r)
	}
	return t
}

// AluminiumSurcharge returns the stepped-price surcharge (元/kWh on all kWh,
// 发改价格〔2013〕2530号) for a smelter whose AC electrolysis consumption last
// year was kwhPerTonne, from the table in force for region on d, and that
// table's header; zero when no step applies. It returns a *NoTableError when
// no table is in force.
func (s *Set) AluminiumSurcharge(region string, d Date, kwhPerTonne decimal.Decimal) (decimal.Decimal, Header, error) {
	t, err := s.lookup(query{Kind: KindAluminiumStep, Region: region, Date: d})
	if err != nil {
		return decimal.Zero, Header{}, err
	}
	a := t.(*aluminiumStep)
	v, _ := a.surchargeFor(kwhPerTonne)
	return v, a.Header, nil
}
