package tariff

import "github.com/shopspring/decimal"

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
	for _, b := range t.Base {
		if b == code {
			return true
		}
	}
	return false
}
