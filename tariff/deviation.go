package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// deviationRules is a Liaoning deviation settlement rule set (偏差考核, README
// §3.6). Bands are shares of the contracted kWh Q; edges are inclusive.
//
// Over-use (E > Q): traded kWh = min(E, (1 + over band) × Q); the rest is
// energy outside the contract, and carries a penalty at the over-use rate.
// Under-use (E < Q): traded kWh = E; below (1 − under band) × Q the shortfall
// carries a penalty at the under-use rate. Its fields are read through methods.
type deviationRules struct {
	h         Header
	overBand  decimal.Decimal
	over      penaltyRate
	underBand decimal.Decimal
	under     penaltyRate
}

// OverBand returns the share of Q above Q that is still traded.
func (r *deviationRules) OverBand() decimal.Decimal { return r.overBand }

// UnderBand returns the share of Q below Q that carries no penalty.
func (r *deviationRules) UnderBand() decimal.Decimal { return r.underBand }

// OverRate returns the over-use penalty per kWh for the coal benchmark, the
// T&D energy price and the traded price, unrounded; false when the rule set
// has no over-use penalty.
func (r *deviationRules) OverRate(benchmark, tnd, traded decimal.Decimal) (decimal.Decimal, bool) {
	if r.over.isZero() {
		return decimal.Zero, false
	}
	return r.over.rate(benchmark, tnd, traded), true
}

// UnderRate returns the under-use penalty per kWh, as OverRate does.
func (r *deviationRules) UnderRate(benchmark, tnd, traded decimal.Decimal) (decimal.Decimal, bool) {
	if r.under.isZero() {
		return decimal.Zero, false
	}
	return r.under.rate(benchmark, tnd, traded), true
}

// DependsOnTradedPrice reports whether a penalty varies with the traded price
// (such a rate can make a bill fall as the price rises).
func (r *deviationRules) DependsOnTradedPrice() bool {
	return !r.over.spread.IsZero() || !r.under.spread.IsZero()
}

// penaltyRate is a penalty price per kWh, benchmark × coal benchmark + tnd ×
// T&D energy price + spread × |traded price − coal benchmark|, never rounded.
type penaltyRate struct {
	benchmark, tnd, spread decimal.Decimal
}

func (p penaltyRate) rate(benchmark, tnd, traded decimal.Decimal) decimal.Decimal {
	return p.benchmark.Mul(benchmark).
		Add(p.tnd.Mul(tnd)).
		Add(p.spread.Mul(traded.Sub(benchmark).Abs()))
}

func (p penaltyRate) isZero() bool {
	return p.benchmark.IsZero() && p.tnd.IsZero() && p.spread.IsZero()
}

func parseRate(m *strictyaml.Map, key string) penaltyRate {
	s := m.Sub(key, true)
	var p penaltyRate
	if s == nil {
		return p
	}
	p.benchmark, _ = s.Decimal("benchmark_factor", true, strictyaml.NonNegative)
	p.tnd, _ = s.Decimal("tnd_factor", true, strictyaml.NonNegative)
	p.spread, _ = s.Decimal("spread_factor", true, strictyaml.NonNegative)
	s.Done()
	return p
}

func parseDeviation(m *strictyaml.Map, h Header) *deviationRules {
	r := &deviationRules{h: h}
	if !h.Named {
		m.Fail("scope", "general", "named", "deviation rule sets are named by contracts, never found by date")
	}
	if o := m.Sub("over", true); o != nil {
		r.overBand, _ = o.Decimal("band", true, strictyaml.NonNegative)
		r.over = parseRate(o, "penalty")
		o.Done()
	}
	if u := m.Sub("under", true); u != nil {
		r.underBand, _ = u.Decimal("band", true, strictyaml.NonNegative)
		if r.underBand.GreaterThan(decimal.NewFromInt(1)) {
			u.Fail("band", r.underBand.String(), "0 to 1", "band is a share of the contract")
		}
		r.under = parseRate(u, "penalty")
		u.Done()
	}
	return r
}

// Deviation returns the deviation rule set named id, or a *Error.
func (s *Set) Deviation(id string) (*Rules, error) {
	return s.rulesByID(KindDeviationRules, id)
}
