package settlement

import (
	"math/bits"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// deviationSplit is how a deviation rule set splits a month's actual kWh E
// against the contracted kWh Q (偏差考核, README §3.6): traded kWh, kWh outside
// the contract, and the kWh and rate of the penalty.
type deviationSplit struct {
	actual, contracted decimal.Decimal // E, Q
	traded, outside    decimal.Decimal
	penaltyKWh, rate   decimal.Decimal // rate per kWh, never rounded
	clause, clauseZH   string
}

// outsideIn returns the kWh outside the contract that fall in a TOU period as
// the fraction num ÷ den: in proportion to the period's actual kWh,
// outside × kWh_k ÷ E (README §3.1, §3.8); without TOU (no period), all of
// them. A month with no kWh has none outside the contract (and no fraction
// to take).
func (s deviationSplit) outsideIn(pk periodKWh, total decimal.Decimal) (num, den decimal.Decimal) {
	return s.share(s.outside, pk, total)
}

// tradedIn returns the traded kWh of a TOU period as the fraction num ÷ den,
// traded × kWh_k ÷ E, as outsideIn.
func (s deviationSplit) tradedIn(pk periodKWh, total decimal.Decimal) (num, den decimal.Decimal) {
	return s.share(s.traded, pk, total)
}

// share is part × kWh_k ÷ total, where kWh_k is a period's metered kWh and
// total the metered kWh of all periods: with transformer losses (README
// §3.11) the billed kWh of a period are in proportion to its metered kWh, so
// the metered proportion is the billed one.
func (s deviationSplit) share(part decimal.Decimal, pk periodKWh, total decimal.Decimal) (num, den decimal.Decimal) {
	switch {
	case pk.Period == "":
		return part, one
	case total.IsZero() || part.IsZero():
		return decimal.Zero, one
	case part.Equal(total):
		return pk.KWh, one
	}
	return mul(part, pk.KWh), total
}

// splitDeviation applies a Liaoning deviation rule set (README §3.6) to the
// actual kWh E and contracted kWh Q at traded price p. Band edges are
// inclusive; the penalty always uses the flat traded price.
//
//   - 《辽宁省电力中长期交易规则（暂行）》 (ln-deviation-interim): over-use is
//     traded up to Q, the excess is energy outside the contract with no
//     penalty; under-use below 0.98 Q pays (0.98 Q − E) × (0.2 × coal
//     benchmark + 0.1 × T&D price).
//   - 《…补充规定》 (ln-deviation-supplement): over-use is traded up to 1.05 Q,
//     the rest is outside the contract and pays (E − 1.05 Q) × |p − coal
//     benchmark|; under-use below 0.95 Q pays (0.95 Q − E) × 2 × |coal
//     benchmark − p|.
//
// The bands and rates are the rule set's values, not these numbers.
func splitDeviation(dev *tariff.Rules, benchmark, tnd, p, E, Q decimal.Decimal) deviationSplit {
	switch cmp(E, Q) {
	case 1:
		return overUse(dev, benchmark, tnd, p, E, Q)
	case -1:
		return underUse(dev, benchmark, tnd, p, E, Q)
	}
	return deviationSplit{actual: E, contracted: Q, traded: E, outside: decimal.Zero, penaltyKWh: decimal.Zero}
}

// overUse: traded kWh = min(E, (1 + over band) × Q), the rest outside the
// contract, and a penalty on it where the rule set has an over-use rate.
func overUse(dev *tariff.Rules, benchmark, tnd, p, E, Q decimal.Decimal) deviationSplit {
	s := deviationSplit{actual: E, contracted: Q, penaltyKWh: decimal.Zero,
		clause:   "over-use: traded up to (1 + over band) × Q, the rest outside the contract",
		clauseZH: "超用：交易电量至多为（1 + 超用偏差带）× 合同电量，其余为合同外电量"}
	s.traded = E
	if edge, beyond := overEdge(dev.OverBand(), Q, E); beyond {
		s.traded = edge
	}
	s.outside = sub(E, s.traded)
	if rate, ok := dev.OverRate(benchmark, tnd, p); ok {
		s.penaltyKWh = s.outside
		s.rate = exact.Norm(rate)
	}
	return s
}

// overEdge returns the over-use edge (1 + band) × Q, exactly as
// mul(add(one, band), Q) makes it, and whether E lies beyond it; the edge is
// made a decimal only then (in int64 when band and Q fit in 64 bits).
func overEdge(band, Q, E decimal.Decimal) (decimal.Decimal, bool) {
	cb, ok1 := exact.Small(band)
	cq, ok2 := exact.Small(Q)
	ce, ok3 := exact.Small(E)
	if eb := band.Exponent(); ok1 && ok2 && ok3 && cb >= 0 && eb <= 0 && eb >= -18 {
		x := pow10u[-eb] + uint64(cb) // 1 + band = x × 10^eb
		uq, sq := abs64(cq)
		if hi, lo := bits.Mul64(x, uq); hi == 0 && lo < 1<<63 {
			c, e := sq*int64(lo), eb+Q.Exponent()
			if r, ok := cmpAligned(c, e, ce, E.Exponent()); ok {
				if r < 0 {
					if x == 1 { // a band of 0: the edge is Q itself (no new decimal)
						return Q, true
					}
					return decimal.New(c, e), true
				}
				return decimal.Decimal{}, false
			}
		}
	}
	edge := mul(add(one, band), Q)
	return edge, less(edge, E)
}

// underUse: traded kWh = E; the shortfall below (1 − under band) × Q pays the
// under-use rate.
func underUse(dev *tariff.Rules, benchmark, tnd, p, E, Q decimal.Decimal) deviationSplit {
	s := deviationSplit{actual: E, contracted: Q, traded: E, outside: decimal.Zero, penaltyKWh: decimal.Zero,
		clause:   "under-use: penalty on the shortfall below (1 − under band) × Q",
		clauseZH: "少用：低于（1 − 少用偏差带）× 合同电量的部分考核"}
	if edge := mul(sub(one, dev.UnderBand()), Q); less(E, edge) {
		s.penaltyKWh = sub(edge, E)
		rate, _ := dev.UnderRate(benchmark, tnd, p)
		s.rate = exact.Norm(rate)
	}
	return s
}

// deviation adds the deviation-penalty line (偏差考核费用, README §3.6 line 6):
// penalty kWh × rate, outside the power-factor base; its basis names the rule
// set and the coal benchmark and itemises E and Q.
func (b *builder) deviation(dev *tariff.Rules, bench tariff.Header, s deviationSplit) {
	dh := dev.Head()
	b.use(&dh)
	b.use(&bench)
	l := Line{Code: tariff.LineDeviation, Quantity: s.penaltyKWh, Unit: "kWh", UnitPrice: s.rate, Amount: mulRound(s.penaltyKWh, s.rate)}
	if !b.lean {
		l.Clause, l.ClauseZH = b.basis(s.clause, s.clauseZH, &dh, &bench)
		b.itemLater(ItemActualKWh, "", itemFmt{kind: fmtDecimal, d: [4]decimal.Decimal{s.actual}})
		b.itemLater(ItemContractedKWh, "", itemFmt{kind: fmtDecimal, d: [4]decimal.Decimal{s.contracted}})
	}
	b.add(l)
}
