package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// aluminiumStep is a stepped-price table for electrolytic aluminium,
// 电解铝阶梯电价 (README §3.10), in one of two forms:
//
//   - bands (发改价格〔2013〕2530号): a surcharge per kWh by last year's AC
//     electrolysis consumption per tonne, on all kWh;
//   - steps from dated thresholds (the 2021 notice, applied from 2022): above
//     the threshold in force for the billed month, a surcharge for each step
//     of kWh/t above it (a part of a step counting as a step), charged on the
//     aluminium-liquid production kWh, with a reduction for a non-hydro
//     renewable share.
//
// Its fields are read through methods.
type aluminiumStep struct {
	h            Header
	onProduction bool           // charged on production kWh (charged_on: production_kwh)
	bands        []aluminiumRow // bands form
	thresholds   []aluminiumThreshold
	stepKWh      decimal.Decimal // steps form: kWh/t per step
	stepPrice    decimal.Decimal // 元/kWh per step
	renewable    bool
	shareAbove   decimal.Decimal // renewable share above which the reduction applies
	perPoint     decimal.Decimal // reduction per whole percentage point above shareAbove (a fraction)
}

// aluminiumRow: consumption above Above (and up to UpTo when valid) kWh/t
// pays Surcharge 元/kWh.
type aluminiumRow struct {
	Above     decimal.Decimal
	UpTo      decimal.NullDecimal
	Surcharge decimal.Decimal
}

// aluminiumThreshold is a threshold in kWh/t in force from a date.
type aluminiumThreshold struct {
	from Date
	kwh  decimal.Decimal
}

// OnProduction reports whether the surcharge is charged on the
// aluminium-liquid production kWh (铝液生产用电量) rather than on all kWh.
func (t *aluminiumStep) OnProduction() bool { return t.onProduction }

// Stepped reports whether the table is of the steps form, and its step: kWh/t
// per step and 元/kWh per step.
func (t *aluminiumStep) Stepped() (kwhPerStep, pricePerStep decimal.Decimal, ok bool) {
	return t.stepKWh, t.stepPrice, len(t.thresholds) > 0
}

// Threshold returns the threshold (kWh/t) at or below which no surcharge is
// due on d, and the date it is in force from (zero for the bands form, whose
// threshold is the upper bound of its first band without surcharge).
func (t *aluminiumStep) Threshold(d Date) (kwhPerTonne decimal.Decimal, from Date) {
	if len(t.thresholds) == 0 {
		for _, r := range t.bands {
			if r.Surcharge.IsPositive() {
				return r.Above, Date{}
			}
		}
		return decimal.Zero, Date{}
	}
	th := t.thresholds[0]
	for _, x := range t.thresholds {
		if !d.Before(x.from) {
			th = x
		}
	}
	return th.kwh, th.from
}

// BandSurcharge returns the surcharge (元/kWh) of the bands form for a
// consumption of kwhPerTonne; zero when no band charges it or the table is of
// the steps form.
func (t *aluminiumStep) BandSurcharge(kwhPerTonne decimal.Decimal) decimal.Decimal {
	for _, r := range t.bands {
		if kwhPerTonne.GreaterThan(r.Above) && (!r.UpTo.Valid || !kwhPerTonne.GreaterThan(r.UpTo.Decimal)) {
			return r.Surcharge
		}
	}
	return decimal.Zero
}

// Renewable returns the renewable reduction of the steps form: the share
// (a fraction) above which it applies and the reduction per whole percentage
// point above it (a fraction of the surcharge); ok is false when the table
// has none.
func (t *aluminiumStep) Renewable() (shareAbove, perPoint decimal.Decimal, ok bool) {
	return t.shareAbove, t.perPoint, t.renewable
}

// parseAluminium reads an aluminium stepped-price table after its header:
// either steps (bands that follow each other without gap or overlap, only
// the last open) or thresholds (dated, in order, the first from the table's
// effective date) with a step and an optional renewable reduction.
func parseAluminium(m *strictyaml.Map, h Header) *aluminiumStep {
	t := &aluminiumStep{h: h}
	t.onProduction = m.Enum("charged_on", false, "all_kwh", "production_kwh") == "production_kwh"
	if m.Has("thresholds") {
		parseAluminiumThresholds(m, t)
		return t
	}
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
		t.bands = append(t.bands, r)
	}
	return t
}

// parseAluminiumThresholds reads the steps form: thresholds, step, renewable.
func parseAluminiumThresholds(m *strictyaml.Map, t *aluminiumStep) {
	if m.Has("steps") {
		m.Fail("steps", "", "thresholds with step, or steps", "a table has either steps or thresholds")
		return
	}
	for i, n := range m.List("thresholds", true) {
		s := m.Item("thresholds", i, n)
		if s == nil {
			return
		}
		var th aluminiumThreshold
		th.from = readDate(s, "from", true)
		th.kwh, _ = s.Decimal("kwh_per_t", true, strictyaml.Positive)
		s.Done()
		if m.Failed() {
			return
		}
		switch {
		case i == 0 && th.from != t.h.From:
			s.Fail("from", th.from.String(), t.h.From.String(), "the first threshold must start on the table's effective date")
		case i > 0 && !t.thresholds[i-1].from.Before(th.from):
			s.Fail("from", th.from.String(), "after "+t.thresholds[i-1].from.String(), "thresholds out of order")
		case !t.h.To.IsZero() && !th.from.Before(t.h.To):
			s.Fail("from", th.from.String(), "before "+t.h.To.String(), "threshold after the table's effective range")
		}
		t.thresholds = append(t.thresholds, th)
	}
	if st := m.Sub("step", true); st != nil {
		t.stepKWh, _ = st.Decimal("kwh_per_t", true, strictyaml.Positive)
		t.stepPrice, _ = st.Decimal("surcharge", true, strictyaml.Positive)
		st.Done()
	}
	if r := m.Sub("renewable", false); r != nil {
		t.renewable = true
		t.shareAbove, _ = r.Decimal("share_above", true, strictyaml.NonNegative)
		t.perPoint, _ = r.Decimal("reduction_per_point", true, strictyaml.Positive)
		r.Done()
		if !m.Failed() && t.shareAbove.GreaterThan(decimal.NewFromInt(1)) {
			r.Fail("share_above", t.shareAbove.String(), "0 to 1", "a share is a fraction")
		}
	} else {
		m.Get("renewable", false)
	}
}

// AluminiumStep returns the aluminium stepped-price table in force for
// region on d. It returns a *Error when none is in force.
func (s *Set) AluminiumStep(region string, d Date) (*Rules, error) {
	t, err := s.lookup(query{Kind: KindAluminiumStep, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*Rules), nil
}
