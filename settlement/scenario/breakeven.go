package scenario

import (
	"fmt"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// search evaluates annual C₂ at prices on the 0.0001 grid.
type search struct {
	set    *tariff.Set
	sc     *Scenario
	months []Month
	cmp    *Comparison
}

// c2 returns annual C₂ at the price k × 0.0001, and false if a bill fails.
func (s search) c2(k int64) (decimal.Decimal, bool) {
	total := decimal.Zero
	p := decimal.New(k, -4)
	for i, sm := range s.months {
		t, err := totalC2(s.set, s.sc, sm, s.cmp.PlanB.Months[i], s.cmp.PlanB.Rules, p)
		if err != nil {
			return total, false
		}
		total = total.Add(t)
	}
	return total, true
}

// breakEven finds the break-even price (README §4) on the 0.0001 grid and
// sets cmp's BreakEven fields: where a month's deviation penalty depends on
// the traded price it first checks that C₂ never falls as the price rises
// (else there is no single price), then it brackets the price and narrows
// the bracket.
func breakEven(set *tariff.Set, sc *Scenario, months []Month, cmp *Comparison) {
	cmp.BreakEvenMax = maxPrice(set, sc, months)
	s := search{set, sc, months, cmp}
	B := cmp.Annual.B
	hi := cmp.BreakEvenMax.Shift(4).Floor().IntPart() // P_max on the grid, truncated
	if rule := priceDependentRule(set, sc); rule != "" {
		k, ok := s.firstFall(hi)
		if !ok {
			cmp.BreakEvenZH, cmp.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
			return
		}
		if k >= 0 {
			p := settlement.Price(decimal.New(k, -4))
			cmp.BreakEvenRule = rule
			cmp.BreakEvenZH = fmt.Sprintf("%s 的偏差考核随交易价格变化，C₂ 在 %s 元/kWh 处随价格上升而下降，不存在唯一的盈亏平衡价格", rule, p)
			cmp.BreakEvenEN = fmt.Sprintf("under %s the deviation penalty depends on the traded price and C₂ falls as the price rises at %s 元/kWh: no single break-even price", rule, p)
			return
		}
	}
	atMax, ok := s.c2(hi)
	if !ok {
		cmp.BreakEvenZH, cmp.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
		return
	}
	if !atMax.GreaterThan(B) {
		cmp.BreakEvenAtLeastMax = true
		cmp.BreakEven = decimal.NewNullDecimal(decimal.New(hi, -4))
		return
	}
	lo, atLo := s.lowerEnd(hi)
	if atLo.GreaterThan(B) {
		cmp.BreakEvenZH, cmp.BreakEvenEN = "即使交易价格为 0，C₂ 也高于 B", "C₂ exceeds B even at a traded price of 0"
		return
	}
	cmp.BreakEven = decimal.NewNullDecimal(decimal.New(s.narrow(lo, hi, atLo, atMax, B), -4))
}

// maxPrice is P_max: the highest agency price of the months (2023
// structure) or the highest catalog price of the plant's tier (2016).
func maxPrice(set *tariff.Set, sc *Scenario, months []Month) decimal.Decimal {
	var hi decimal.Decimal
	c := sc.Customer
	for i, sm := range months {
		var p decimal.Decimal
		if sc.Structure == tariff.Structure2023 {
			p = sm.AgencyPrice.Decimal
		} else {
			cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, sm.Usage.Month.First())
			if err != nil {
				continue
			}
			p = cp.Energy
		}
		if i == 0 || p.GreaterThan(hi) {
			hi = p
		}
	}
	return hi
}

// priceDependentRule names the deviation rule set whose penalty depends on
// the traded price, if C₂ uses one.
func priceDependentRule(set *tariff.Set, sc *Scenario) string {
	if sc.Structure == tariff.Structure2023 {
		return ""
	}
	if dev, err := set.Deviation(sc.Deviation); err == nil && dev.DependsOnTradedPrice() {
		return dev.Head().ID
	}
	return ""
}

// firstFall returns the first grid price k ≤ hi at which C₂ falls as the
// price rises, or −1 when it never does; ok is false if a bill fails.
func (s search) firstFall(hi int64) (int64, bool) {
	prev := decimal.Zero
	for k := int64(0); k <= hi; k++ {
		v, ok := s.c2(k)
		if !ok {
			return 0, false
		}
		if k > 0 && v.LessThan(prev) {
			return k, true
		}
		prev = v
	}
	return -1, true
}

// lowerEnd returns a grid price known to have C₂ ≤ B, when there is one, and
// C₂ there: the scenario's own price when it is on the grid below hi and its
// annual C₂ (already settled) is ≤ B; else 0.
func (s search) lowerEnd(hi int64) (int64, decimal.Decimal) {
	B := s.cmp.Annual.B
	if p0 := scenarioPrice(s.sc); p0.Valid && p0.Decimal.Shift(4).IsInteger() && !s.cmp.Annual.C2.GreaterThan(B) && p0.Decimal.Shift(4).IntPart() < hi {
		return p0.Decimal.Shift(4).IntPart(), s.cmp.Annual.C2
	}
	at0, _ := s.c2(0)
	return 0, at0
}

// narrow finds the largest k with C₂(k) ≤ B, keeping C₂(lo) ≤ B < C₂(hi).
// C₂ is close to linear in the price, so the next k is interpolated between
// the bracket's ends and its neighbour probed; a step that does not halve the
// bracket is followed by a plain bisection step, so the search never takes
// more than about twice the steps of bisection (and usually three or four).
func (s search) narrow(lo, hi int64, flo, fhi, B decimal.Decimal) int64 {
	interpolate := true
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if interpolate {
			// k = lo + (B − C₂(lo)) × (hi − lo) ÷ (C₂(hi) − C₂(lo)), within (lo, hi).
			num := B.Sub(flo).Mul(decimal.NewFromInt(hi - lo))
			k := lo + num.DivRound(fhi.Sub(flo), 2).IntPart()
			mid = min(max(k, lo+1), hi-1)
		}
		width := hi - lo
		lo, hi, flo, fhi = s.split(mid, lo, hi, flo, fhi, B)
		if interpolate && hi-lo > 1 {
			n := mid + 1
			if mid == hi {
				n = mid - 1
			}
			lo, hi, flo, fhi = s.split(n, lo, hi, flo, fhi, B)
		}
		interpolate = hi-lo <= width/2
	}
	return lo
}

// split narrows the bracket [lo, hi] at k.
func (s search) split(k, lo, hi int64, flo, fhi, B decimal.Decimal) (int64, int64, decimal.Decimal, decimal.Decimal) {
	v, _ := s.c2(k)
	if v.GreaterThan(B) {
		return lo, k, flo, v
	}
	return k, hi, v, fhi
}

// scenarioPrice is the one traded (or market) price of C₂.
func scenarioPrice(sc *Scenario) decimal.NullDecimal {
	if sc.Structure == tariff.Structure2023 {
		return sc.MarketPrice
	}
	return sc.TradedPrice
}
