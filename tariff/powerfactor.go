package tariff

import (
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// powerFactor is a power-factor adjustment table, 功率因数调整电费表
// ((83)水电财字第215号): for one standard (0.90, 0.85 or 0.80), the
// adjustment in percent of the base for every power factor 0.00 … 1.00, and
// the line kinds the base covers. Its fields are read through methods.
type powerFactor struct {
	h        Header
	standard decimal.Decimal
	base     []LineCode // line codes the adjustment applies to
	baseText string     // base joined with ", "
	baseZH   string     // the base's Chinese line names joined with "、"
	baseEN   string     // the base's English line names joined with ", "
	clause   [2]string  // the clause bills cite, built at load
	segments []pfSegment
	// rows[k] is the adjustment for PF k/100, k = 0 … 100, filled when the
	// table is loaded.
	rows [101]decimal.Decimal
}

// Standard returns the power-factor standard the table is for (0.90, 0.85, 0.80).
func (t *powerFactor) Standard() decimal.Decimal { return t.standard }

// BaseText lists the line codes of the base, joined with ", ".
func (t *powerFactor) BaseText() string { return t.baseText }

// BaseLabels names the lines of the base in Chinese (joined with "、") and
// in English (joined with ", "), for reports.
func (t *powerFactor) BaseLabels() (zh, en string) { return t.baseZH, t.baseEN }

// InBase reports whether lines with the given code belong to the base.
func (t *powerFactor) InBase(code LineCode) bool {
	return slices.Contains(t.base, code)
}

// PercentAt returns the adjustment in percent for PF k/100 (k = 0 … 100),
// the same value as Percent, from a table built when the table was loaded.
func (t *powerFactor) PercentAt(k int) (decimal.Decimal, bool) {
	if k < 0 || k > 100 || len(t.segments) == 0 { // no segments: a table of another kind
		return decimal.Zero, false
	}
	return t.rows[k], true
}

// pfSegment gives the adjustment for power factors pfMin … pfMax (inclusive,
// steps of 0.01): percentAtMax at pfMax, plus stepPercent for every 0.01 below
// pfMax. Negative percent is a reduction.
type pfSegment struct {
	pfMin, pfMax decimal.Decimal
	percentAtMax decimal.Decimal
	stepPercent  decimal.Decimal
}

var hundred = decimal.NewFromInt(100)

// Percent returns the adjustment in percent for pf (a multiple of 0.01 in
// [0, 1]) and whether the table covers it.
func (t *powerFactor) Percent(pf decimal.Decimal) (decimal.Decimal, bool) {
	for _, s := range t.segments {
		if pf.LessThan(s.pfMin) || pf.GreaterThan(s.pfMax) {
			continue
		}
		steps := s.pfMax.Sub(pf).Mul(hundred)
		return s.percentAtMax.Add(s.stepPercent.Mul(steps)), true
	}
	return decimal.Zero, false
}

// fillRows computes the table of rows from the segments.
func (t *powerFactor) fillRows() {
	for k := range t.rows {
		t.rows[k], _ = t.Percent(decimal.New(int64(k), -2))
	}
}

// pfStep is the step of power factors in a table, 0.01.
var pfStep = decimal.New(1, -2)

// parsePowerFactor reads a power-factor table after its header and checks
// that its segments cover 0.00 … 1.00 and are monotone.
func parsePowerFactor(m *strictyaml.Map, h Header) *powerFactor {
	t := &powerFactor{h: h}
	t.standard, _ = m.Decimal("standard", true, strictyaml.Positive)
	t.base = readLineCodes(m, "base", lineCodes, "")
	t.baseText = lineCodes.join(t.base)
	zh, en := make([]string, len(t.base)), make([]string, len(t.base))
	for i, c := range t.base {
		zh[i], en[i] = c.LabelZH(), c.LabelEN()
	}
	t.baseZH, t.baseEN = strings.Join(zh, "、"), strings.Join(en, ", ")
	t.clause = pfClause(t.baseZH, t.baseEN)
	var nodes []*strictyaml.Map
	for i, n := range m.List("segments", true) {
		s := m.Item("segments", i, n)
		if s == nil {
			return t
		}
		var sg pfSegment
		sg.pfMin, _ = s.Decimal("pf_min", true, strictyaml.NonNegative)
		sg.pfMax, _ = s.Decimal("pf_max", true, strictyaml.NonNegative)
		sg.percentAtMax, _ = s.Decimal("percent_at_max", true, strictyaml.AnySign)
		sg.stepPercent, _ = s.Decimal("step_percent", true, strictyaml.NonNegative)
		s.Done()
		if !m.Failed() && (sg.pfMin.Exponent() < -2 || sg.pfMax.Exponent() < -2 || sg.pfMax.LessThan(sg.pfMin)) {
			s.Fail("pf_max", sg.pfMax.String(), "", "power factors are multiples of 0.01 with pf_min ≤ pf_max")
		}
		t.segments = append(t.segments, sg)
		nodes = append(nodes, s)
	}
	if m.Failed() {
		return t
	}
	// Segments must run from 1.00 down to 0.00 without gap or overlap, and the
	// adjustment must never fall as the power factor falls (monotone).
	want := decimal.NewFromInt(1)
	var prev decimal.Decimal
	for i, s := range t.segments {
		if !s.pfMax.Equal(want) {
			nodes[i].Fail("pf_max", s.pfMax.String(), want.String(), "segments must run from 1.00 down to 0.00 without gap or overlap")
			return t
		}
		if i > 0 && s.percentAtMax.LessThan(prev) {
			nodes[i].Fail("percent_at_max", s.percentAtMax.String(), "at least "+prev.String(), "table is not monotone: the adjustment falls as the power factor falls")
			return t
		}
		prev, _ = t.Percent(s.pfMin)
		want = s.pfMin.Sub(pfStep)
	}
	if !want.Equal(pfStep.Neg()) {
		m.Fail("segments", "", "", "segments must reach 0.00 (last pf_min is %s)", want.Add(pfStep))
		return t
	}
	t.fillRows()
	return t
}

// PowerFactor returns the power-factor table for the standard in force on d.
func (s *Set) PowerFactor(region string, standard decimal.Decimal, d Date) (*Rules, error) {
	t, err := s.lookup(query{Kind: KindPowerFactor, Region: region, Standard: standard, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*Rules), nil
}
