package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

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

// parseAluminium reads an aluminium stepped-price table after its header;
// steps follow each other without gap or overlap and only the last is open.
func parseAluminium(m *strictyaml.Map, h Header) *AluminiumStep {
	t := &AluminiumStep{Header: h}
	var prev decimal.Decimal
	steps := m.List("steps", true)
	for i, n := range steps {
		s := m.Item("steps", i, n)
		if s == nil {
			return t
		}
		var r AluminiumStepRow
		r.Above, _ = s.Decimal("above_kwh_per_t", true, strictyaml.NonNegative)
		r.UpTo, r.HasUpTo = s.Decimal("up_to_kwh_per_t", false, strictyaml.NonNegative)
		r.Surcharge, _ = s.Decimal("surcharge", true, strictyaml.NonNegative)
		s.Done()
		if !m.Failed() {
			switch {
			case i > 0 && !r.Above.Equal(prev):
				s.Fail("above_kwh_per_t", r.Above.String(), prev.String(), "steps must follow each other without gap or overlap")
			case r.HasUpTo && !r.UpTo.GreaterThan(r.Above):
				s.Fail("up_to_kwh_per_t", r.UpTo.String(), "", "must be above above_kwh_per_t")
			case !r.HasUpTo && i != len(steps)-1:
				s.Fail("up_to_kwh_per_t", "", "", "only the last step may be open")
			}
		}
		prev = r.UpTo
		t.Steps = append(t.Steps, r)
	}
	return t
}

// AluminiumStep returns the aluminium stepped-price table in force on d.
func (s *Set) AluminiumStep(region string, d Date) (*AluminiumStep, error) {
	t, err := s.Lookup(Query{Kind: KindAluminiumStep, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*AluminiumStep), nil
}
