package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// DeviationRules is a Liaoning deviation settlement rule set (偏差考核, README
// §3.6). Bands are shares of the contracted kWh Q; edges are inclusive.
//
// Over-use (E > Q): traded kWh = min(E, (1 + OverBand) × Q); the rest is
// energy outside the contract, and carries a penalty at the Over rate.
// Under-use (E < Q): traded kWh = E; below (1 − UnderBand) × Q the shortfall
// carries a penalty at the Under rate.
type DeviationRules struct {
	Header
	OverBand  decimal.Decimal
	Over      PenaltyRate
	UnderBand decimal.Decimal
	Under     PenaltyRate
}

// PenaltyRate is a penalty price per kWh, BenchmarkFactor × coal benchmark +
// TNDFactor × T&D energy price + SpreadFactor × |traded price − coal benchmark|,
// never rounded.
type PenaltyRate struct {
	BenchmarkFactor decimal.Decimal
	TNDFactor       decimal.Decimal
	SpreadFactor    decimal.Decimal
}

// Rate returns the penalty per kWh for the given prices.
func (p PenaltyRate) Rate(benchmark, tnd, traded decimal.Decimal) decimal.Decimal {
	return p.BenchmarkFactor.Mul(benchmark).
		Add(p.TNDFactor.Mul(tnd)).
		Add(p.SpreadFactor.Mul(traded.Sub(benchmark).Abs()))
}

// IsZero reports whether the rate is zero whatever the prices.
func (p PenaltyRate) IsZero() bool {
	return p.BenchmarkFactor.IsZero() && p.TNDFactor.IsZero() && p.SpreadFactor.IsZero()
}

// DependsOnTradedPrice reports whether the penalty varies with the traded
// price (such a rate can make a bill fall as the price rises).
func (p PenaltyRate) DependsOnTradedPrice() bool { return !p.SpreadFactor.IsZero() }

func parseRate(m *strictyaml.Map, key string) PenaltyRate {
	s := m.Sub(key, true)
	var p PenaltyRate
	if s == nil {
		return p
	}
	p.BenchmarkFactor, _ = s.Decimal("benchmark_factor", true, strictyaml.NonNegative)
	p.TNDFactor, _ = s.Decimal("tnd_factor", true, strictyaml.NonNegative)
	p.SpreadFactor, _ = s.Decimal("spread_factor", true, strictyaml.NonNegative)
	s.Done()
	return p
}

func parseDeviation(m *strictyaml.Map, h Header) *DeviationRules {
	r := &DeviationRules{Header: h}
	if h.Scope != Named {
		m.Fail("scope", string(h.Scope), "named", "deviation rule sets are named by contracts, never found by date")
	}
	if o := m.Sub("over", true); o != nil {
		r.OverBand, _ = o.Decimal("band", true, strictyaml.NonNegative)
		r.Over = parseRate(o, "penalty")
		o.Done()
	}
	if u := m.Sub("under", true); u != nil {
		r.UnderBand, _ = u.Decimal("band", true, strictyaml.NonNegative)
		if r.UnderBand.GreaterThan(decimal.NewFromInt(1)) {
			u.Fail("band", r.UnderBand.String(), "0 to 1", "band is a share of the contract")
		}
		r.Under = parseRate(u, "penalty")
		u.Done()
	}
	return r
}

// Deviation returns the deviation rule set named id.
func (s *Set) Deviation(id string) (*DeviationRules, error) {
	t, ok := s.byID[id]
	if !ok || t.Head().Kind != KindDeviationRules {
		return nil, &NoTableError{Kind: KindDeviationRules, ID: id, NotExists: true}
	}
	return t.(*DeviationRules), nil
}
