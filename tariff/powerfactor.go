package tariff

import (
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// PowerFactor is a power-factor adjustment table, 功率因数调整电费表
// ((83)水电财字第215号): for one standard (0.90, 0.85 or 0.80), the
// adjustment in percent of the base for every power factor 0.00 … 1.00, and
// the line kinds the base covers.
type PowerFactor struct {
	Header
	Standard decimal.Decimal
	Base     []string // line codes the adjustment applies to
	Segments []PFSegment
	// BaseText is Base joined with ", ", for bases of bills.
	BaseText string
	// byHundredth[k] is the adjustment for PF k/100, k = 0 … 100, filled by
	// Load (ready); tables built in Go code fall back to Percent.
	byHundredth [101]decimal.Decimal
	ready       bool
}

// PercentAt returns the adjustment in percent for PF k/100 (k = 0 … 100),
// the same value as Percent, from a table built when the table was loaded.
func (t *PowerFactor) PercentAt(k int) (decimal.Decimal, bool) {
	if k < 0 || k > 100 {
		return decimal.Zero, false
	}
	if !t.ready {
		return t.Percent(decimal.New(int64(k), -2))
	}
	return t.byHundredth[k], true
}

// PFSegment gives the adjustment for power factors PFMin … PFMax (inclusive,
// steps of 0.01): PercentAtMax at PFMax, plus StepPercent for every 0.01 below
// PFMax. Negative percent is a reduction.
type PFSegment struct {
	PFMin, PFMax decimal.Decimal
	PercentAtMax decimal.Decimal
	StepPercent  decimal.Decimal
}

var hundred = decimal.NewFromInt(100)

// Percent returns the adjustment in percent for pf (a multiple of 0.01 in
// [0, 1]) and whether the table covers it.
func (t *PowerFactor) Percent(pf decimal.Decimal) (decimal.Decimal, bool) {
	for _, s := range t.Segments {
		if pf.LessThan(s.PFMin) || pf.GreaterThan(s.PFMax) {
			continue
		}
		steps := s.PFMax.Sub(pf).Mul(hundred)
		return s.PercentAtMax.Add(s.StepPercent.Mul(steps)), true
	}
	return decimal.Zero, false
}

// InBase reports whether lines with the given code belong to the base.
func (t *PowerFactor) InBase(code string) bool {
	return slices.Contains(t.Base, code)
}

// pfStep is the step of power factors in a table, 0.01.
var pfStep = decimal.New(1, -2)

// parsePowerFactor reads a power-factor table after its header and checks
// that its segments cover 0.00 … 1.00 and are monotone.
func parsePowerFactor(m *strictyaml.Map, h Header) *PowerFactor {
	t := &PowerFactor{Header: h}
	t.Standard, _ = m.Decimal("standard", true, strictyaml.Positive)
	for i, n := range m.List("base", true) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("base"), i), "", "", "expected a line code")
			break
		}
		t.Base = append(t.Base, n.Value)
	}
	t.BaseText = strings.Join(t.Base, ", ")
	var nodes []*strictyaml.Map
	for i, n := range m.List("segments", true) {
		s := m.Item("segments", i, n)
		if s == nil {
			return t
		}
		var sg PFSegment
		sg.PFMin, _ = s.Decimal("pf_min", true, strictyaml.NonNegative)
		sg.PFMax, _ = s.Decimal("pf_max", true, strictyaml.NonNegative)
		sg.PercentAtMax, _ = s.Decimal("percent_at_max", true, strictyaml.AnySign)
		sg.StepPercent, _ = s.Decimal("step_percent", true, strictyaml.NonNegative)
		s.Done()
		if !m.Failed() && (sg.PFMin.Exponent() < -2 || sg.PFMax.Exponent() < -2 || sg.PFMax.LessThan(sg.PFMin)) {
			s.Fail("pf_max", sg.PFMax.String(), "", "power factors are multiples of 0.01 with pf_min ≤ pf_max")
		}
		t.Segments = append(t.Segments, sg)
		nodes = append(nodes, s)
	}
	if m.Failed() {
		return t
	}
	// Segments must run from 1.00 down to 0.00 without gap or overlap, and the
	// adjustment must never fall as the power factor falls (monotone).
	want := decimal.NewFromInt(1)
	var prev decimal.Decimal
	for i, s := range t.Segments {
		if !s.PFMax.Equal(want) {
			nodes[i].Fail("pf_max", s.PFMax.String(), want.String(), "segments must run from 1.00 down to 0.00 without gap or overlap")
			return t
		}
		if i > 0 && s.PercentAtMax.LessThan(prev) {
			nodes[i].Fail("percent_at_max", s.PercentAtMax.String(), "at least "+prev.String(), "table is not monotone: the adjustment falls as the power factor falls")
			return t
		}
		prev, _ = t.Percent(s.PFMin)
		want = s.PFMin.Sub(pfStep)
	}
	if !want.Equal(pfStep.Neg()) {
		m.Fail("segments", "", "", "segments must reach 0.00 (last pf_min is %s)", want.Add(pfStep))
		return t
	}
	for k := range t.byHundredth {
		t.byHundredth[k], _ = t.Percent(decimal.New(int64(k), -2))
	}
	t.ready = true
	return t
}

// PowerFactor returns the power-factor table for the standard in force on d.
func (s *Set) PowerFactor(region string, standard decimal.Decimal, d Date) (*PowerFactor, error) {
	t, err := s.Lookup(Query{Kind: KindPowerFactor, Region: region, Standard: standard, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*PowerFactor), nil
}
