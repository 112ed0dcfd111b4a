package tariff

import (
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/shopspring/decimal"
)

// Scaling one value of a table: the deliberate way to a Set that differs from
// another in one number (a sensitivity analysis varies each MEDIUM value by
// 1 %). Tables are never modified: WithScaled copies the table it changes.

// valueRef is a numeric value of a table and its path. Paths extend the
// paths value_confidence names, so Header.ConfidenceOf(path) gives the
// value's confidence: "funds.renewable", "classes.large_industry.energy.220kV+",
// "basic_prices.110(66)kV.kw", "excess.threshold".
type valueRef struct {
	path string
	v    *decimal.Decimal
}

// ValuePaths returns the paths of the numeric values of the table id that
// WithScaled can scale, in table order; nil when s has no such table.
func (s *Set) ValuePaths(id string) []string {
	t, ok := s.byID[id]
	if !ok {
		return nil
	}
	var out []string
	for _, r := range t.values() {
		out = append(out, r.path)
	}
	return out
}

// WithScaled returns a new Set like s in which the value at path of the table
// id is multiplied by factor (exactly, never rounded), and every value derived
// from it (a catalog's funds total, a spread's T&D price, a power-factor
// row) follows. s is not changed.
//
// WithScaled returns an error if:
//   - s has no table id (*Error);
//   - the table has no numeric value at path (*Error naming the paths it
//     has, which ValuePaths lists too);
//   - factor is not positive (*Error).
func (s *Set) WithScaled(id, path string, factor decimal.Decimal) (*Set, error) {
	t, ok := s.byID[id]
	if !ok {
		return nil, notFound("", id, Date{})
	}
	if !factor.IsPositive() {
		return nil, &Error{Field: "factor", Value: factor.String(), Reason: "must be greater than zero"}
	}
	u, err := t.scaled(path, factor)
	if err != nil {
		return nil, err
	}
	tables := slices.Clone(s.tables)
	tables[slices.Index(tables, t)] = u
	return newSet(tables, s.partial)
}

// scaleRef multiplies the value at path among refs by f.
func scaleRef(h Header, refs []valueRef, path string, f decimal.Decimal) error {
	for _, r := range refs {
		if r.path == path {
			*r.v = exact.Norm(r.v.Mul(f))
			return nil
		}
	}
	paths := make([]string, len(refs))
	for i, r := range refs {
		paths[i] = r.path
	}
	return &Error{File: h.File, Field: path, Reason: "table " + h.ID + " has no numeric value at this path", Allowed: strings.Join(paths, ", ")}
}

func fundRefs(fs []fund) []valueRef {
	out := make([]valueRef, len(fs))
	for i := range fs {
		out[i] = valueRef{"funds." + fs[i].code, &fs[i].rate}
	}
	return out
}

// scaleFunds keeps each fund's text in step with its rate.
func scaleFunds(fs []fund) {
	for i := range fs {
		fs[i].text = fs[i].rate.String()
	}
}

func tierRefs(prefix string, ts []priceTier) []valueRef {
	var out []valueRef
	for i := range ts {
		out = append(out, valueRef{prefix + "energy." + ts[i].Tier, &ts[i].Energy})
		if ts[i].HasBasic {
			out = append(out, valueRef{prefix + "basic_prices." + ts[i].Tier + ".kva", &ts[i].BasicKVA},
				valueRef{prefix + "basic_prices." + ts[i].Tier + ".kw", &ts[i].BasicKW})
		}
	}
	return out
}

func (c *catalog) values() []valueRef {
	out := fundRefs(c.Funds)
	for _, cl := range c.Classes {
		out = append(out, tierRefs("classes."+cl.Class+".", cl.Tiers)...)
	}
	return out
}

func (c *catalog) scaled(path string, f decimal.Decimal) (table, error) {
	u := *c
	u.Funds = slices.Clone(c.Funds)
	u.Classes = slices.Clone(c.Classes)
	for i := range u.Classes {
		u.Classes[i].Tiers = slices.Clone(u.Classes[i].Tiers)
	}
	if err := scaleRef(c.Header, u.values(), path, f); err != nil {
		return nil, err
	}
	scaleFunds(u.Funds)
	u.FundsSum = sumFunds(u.Funds)
	u.fillExFunds()
	return &u, nil
}

func (b *coalBenchmark) values() []valueRef { return []valueRef{{"price", &b.Price}} }

func (b *coalBenchmark) scaled(path string, f decimal.Decimal) (table, error) {
	u := *b
	return &u, scaleRef(b.Header, u.values(), path, f)
}

func (t *tnd) values() []valueRef {
	out := tierRefs("", t.Tiers)
	if t.LossRate.Valid {
		out = append(out, valueRef{"loss_rate", &t.LossRate.Decimal})
	}
	return append(out, fundRefs(t.Funds)...)
}

func (t *tnd) scaled(path string, f decimal.Decimal) (table, error) {
	u := *t
	u.Tiers, u.Funds = slices.Clone(t.Tiers), slices.Clone(t.Funds)
	if err := scaleRef(t.Header, u.values(), path, f); err != nil {
		return nil, err
	}
	scaleFunds(u.Funds)
	u.FundsSum = sumFunds(u.Funds)
	if u.LossRate.Valid {
		u.lossText = lossText(u.LossRate.Decimal)
	}
	return &u, nil
}

func (r *basicRules) values() []valueRef {
	out := []valueRef{{"excess.threshold", &r.threshold}, {"excess.multiplier", &r.multiplier}, {"floor.share", &r.floor}}
	if r.discount.Valid {
		out = append(out, valueRef{"discount.min_kwh_per_kva", &r.discountMinKWhPerKVA}, valueRef{"discount.factor", &r.discount.Decimal})
	}
	return out
}

func (r *basicRules) scaled(path string, f decimal.Decimal) (basicRules, error) {
	u := *r
	u.methods = slices.Clone(r.methods)
	return u, scaleRef(r.h, u.values(), path, f)
}

func (t *powerFactor) values() []valueRef {
	var out []valueRef
	for i := range t.segments {
		p := "segments." + t.segments[i].pfMax.StringFixed(2) + "."
		out = append(out, valueRef{p + "percent_at_max", &t.segments[i].percentAtMax}, valueRef{p + "step_percent", &t.segments[i].stepPercent})
	}
	return out
}

func (t *powerFactor) scaled(path string, f decimal.Decimal) (powerFactor, error) {
	u := *t
	u.segments = slices.Clone(t.segments)
	if err := scaleRef(t.h, u.values(), path, f); err != nil {
		return u, err
	}
	u.fillRows()
	return u, nil
}

func (r *deviationRules) values() []valueRef {
	return []valueRef{{"over.band", &r.overBand},
		{"over.penalty.benchmark_factor", &r.over.benchmark}, {"over.penalty.tnd_factor", &r.over.tnd}, {"over.penalty.spread_factor", &r.over.spread},
		{"under.band", &r.underBand},
		{"under.penalty.benchmark_factor", &r.under.benchmark}, {"under.penalty.tnd_factor", &r.under.tnd}, {"under.penalty.spread_factor", &r.under.spread}}
}

func (r *deviationRules) scaled(path string, f decimal.Decimal) (deviationRules, error) {
	u := *r
	return u, scaleRef(r.h, u.values(), path, f)
}

func (t *aluminiumStep) values() []valueRef {
	out := make([]valueRef, 0, len(t.bands)+len(t.thresholds)+3)
	for i := range t.bands {
		out = append(out, valueRef{"steps." + t.bands[i].Above.String() + ".surcharge", &t.bands[i].Surcharge})
	}
	for i := range t.thresholds {
		out = append(out, valueRef{"thresholds." + t.thresholds[i].from.String() + ".kwh_per_t", &t.thresholds[i].kwh})
	}
	if len(t.thresholds) > 0 {
		out = append(out, valueRef{"step.surcharge", &t.stepPrice})
	}
	if t.renewable {
		out = append(out, valueRef{"renewable.reduction_per_point", &t.perPoint})
	}
	return out
}

func (t *aluminiumStep) scaled(path string, f decimal.Decimal) (aluminiumStep, error) {
	u := *t
	u.bands, u.thresholds = slices.Clone(t.bands), slices.Clone(t.thresholds)
	return u, scaleRef(t.h, u.values(), path, f)
}

func (t *touPeriods) values() []valueRef { return nil }

func (t *touPeriods) scaled(path string, f decimal.Decimal) (table, error) {
	return nil, scaleRef(t.h, nil, path, f)
}

func (r *touRatios) values() []valueRef {
	var out []valueRef
	for i, p := range r.periodsPriced {
		out = append(out, valueRef{"ratios." + string(p), &r.ratios[i]})
	}
	return out
}

func (r *touRatios) scaled(path string, f decimal.Decimal) (table, error) {
	u := *r
	u.periodsPriced, u.ratios = slices.Clone(r.periodsPriced), slices.Clone(r.ratios)
	return &u, scaleRef(r.h, u.values(), path, f)
}

// Value returns the numeric value at path of the table id (a path
// ValuePaths lists), and false when there is none.
func (s *Set) Value(id, path string) (decimal.Decimal, bool) {
	t, ok := s.byID[id]
	if !ok {
		return decimal.Zero, false
	}
	for _, r := range t.values() {
		if r.path == path {
			return *r.v, true
		}
	}
	return decimal.Zero, false
}

// WithReading returns a new Set like s in which the basic-charge rule set id
// reads the 105 % excess rule as r (README §4.1, an open point: sized by the
// estimate). s is not changed.
//
// WithReading returns a *Error when s has no rule set id, and a
// *Error when r is not a reading.
func (s *Set) WithReading(id string, r Reading) (*Set, error) {
	t := s.byID[id]
	rules, err := s.rulesByID(KindBasicRules, id)
	if err != nil {
		return nil, err
	}
	if !readings.valid(r) {
		return nil, &Error{Field: "excess.reading", Value: string(r), Reason: "unknown reading", Allowed: readings.allowed()}
	}
	u := *rules
	u.reading = r
	tables := slices.Clone(s.tables)
	tables[slices.Index(tables, t)] = &u
	return newSet(tables, s.partial)
}
