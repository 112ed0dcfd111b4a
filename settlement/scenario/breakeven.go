package scenario

import (
	"fmt"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// BreakEven is the break-even traded (or market) price of README §4: the
// largest price on the 0.0001 元/kWh grid in [0, Max] at which annual C₂ ≤
// annual B, truncated.
type BreakEven struct {
	Price      decimal.NullDecimal // null when there is none
	AtLeastMax bool                // C₂(Max) ≤ B: the price is "≥ Max"
	Max        decimal.Decimal     // P_max
	MaxBasis   string              // what P_max is
	Rule       string              // the rule that made the result null, if any
	ZH, EN     string              // explanation when Price is null
}

// breakEven finds the break-even price (README §4) by bisection on the 0.0001
// grid; where a month's deviation penalty depends on the traded price, it
// checks C₂ at every grid point and gives no price if C₂ ever falls as the
// price rises.
func breakEven(set *tariff.Set, sc *Scenario, months []Month, cmp *Comparison) BreakEven {
	var be BreakEven
	c := sc.Customer
	for i, sm := range months {
		var p decimal.Decimal
		if sc.Structure == "2023" {
			p = sm.AgencyPrice.Decimal
		} else {
			cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, sm.Usage.Month.First())
			if err != nil {
				continue
			}
			p = cp.Energy
		}
		if i == 0 || p.GreaterThan(be.Max) {
			be.Max = p
		}
	}
	if sc.Structure == "2023" {
		be.MaxBasis = "highest agency purchase price"
	} else {
		be.MaxBasis = "highest catalog price of the plant's tier"
	}
	annualB := cmp.Annual.B
	c2 := func(k int64) (decimal.Decimal, bool) {
		price := decimal.NewNullDecimal(decimal.New(k, -4))
		s := decimal.Zero
		for i, sm := range months {
			mr, err := settleMonth(set, sc, sm, cmp.PlanA.Months[i].Choice, cmp.PlanB.Months[i].Choice, cmp.PlanA.Rules, cmp.PlanB.Rules, price)
			if err != nil {
				return s, false
			}
			s = s.Add(mr.C2.Total)
		}
		return s, true
	}
	hi := be.Max.Shift(4).Floor().IntPart() // P_max on the grid, truncated
	var rule string
	if sc.Structure != "2023" {
		if dev, err := set.Deviation(sc.C2.Deviation); err == nil && (dev.Over.DependsOnTradedPrice() || dev.Under.DependsOnTradedPrice()) {
			rule = dev.ID
		}
	}
	if rule != "" {
		prev := decimal.Zero
		for k := int64(0); k <= hi; k++ {
			v, ok := c2(k)
			if !ok {
				be.ZH, be.EN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
				return be
			}
			if k > 0 && v.LessThan(prev) {
				be.Rule = rule
				be.ZH = fmt.Sprintf("%s 的偏差考核随交易价格变化，C₂ 在 %s 元/kWh 处随价格上升而下降，不存在唯一的盈亏平衡价格", rule, settlement.Price(decimal.New(k, -4)))
				be.EN = fmt.Sprintf("under %s the deviation penalty depends on the traded price and C₂ falls as the price rises at %s 元/kWh: no single break-even price", rule, settlement.Price(decimal.New(k, -4)))
				return be
			}
			prev = v
		}
	}
	atMax, ok := c2(hi)
	if !ok {
		be.ZH, be.EN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
		return be
	}
	if !atMax.GreaterThan(annualB) {
		be.AtLeastMax = true
		be.Price = decimal.NewNullDecimal(decimal.New(hi, -4))
		return be
	}
	// The scenario's own price, when it is on the grid and C₂ ≤ B there, is a
	// known lower end of the bracket (its annual C₂ is already settled).
	lo0, at0 := int64(0), decimal.Zero
	if p0, ok := scenarioPrice(sc); ok && p0.Shift(4).IsInteger() && !cmp.Annual.C2.GreaterThan(annualB) && p0.Shift(4).IntPart() < hi {
		lo0, at0 = p0.Shift(4).IntPart(), cmp.Annual.C2
	} else {
		at0, _ = c2(0)
		if at0.GreaterThan(annualB) {
			be.ZH, be.EN = "即使交易价格为 0，C₂ 也高于 B", "C₂ exceeds B even at a traded price of 0"
			return be
		}
	}
	// Find the largest k with C₂(k) ≤ B, keeping C₂(lo) ≤ B < C₂(hi). C₂ is
	// close to linear in the price, so the next k is interpolated between the
	// bracket's ends; a step that does not halve the bracket is followed by a
	// plain bisection step, so the search never takes more than about twice
	// the steps of bisection (and usually three or four).
	lo, flo, fhi := lo0, at0, atMax
	interpolate := true
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if interpolate {
			// k = lo + (B − C₂(lo)) × (hi − lo) ÷ (C₂(hi) − C₂(lo)), within (lo, hi).
			num := annualB.Sub(flo).Mul(decimal.NewFromInt(hi - lo))
			k := lo + num.DivRound(fhi.Sub(flo), 2).IntPart()
			mid = min(max(k, lo+1), hi-1)
		}
		v, _ := c2(mid)
		width := hi - lo
		if v.GreaterThan(annualB) {
			hi, fhi = mid, v
		} else {
			lo, flo = mid, v
		}
		// Probe the neighbour: the interpolated point is usually within one step.
		if interpolate && hi-lo > 1 {
			n := mid + 1
			if mid == hi {
				n = mid - 1
			}
			if w, _ := c2(n); w.GreaterThan(annualB) {
				hi, fhi = n, w
			} else {
				lo, flo = n, w
			}
		}
		interpolate = hi-lo <= width/2
	}
	be.Price = decimal.NewNullDecimal(decimal.New(lo, -4))
	return be
}

// scenarioPrice is the one traded (or market) price of C₂.
func scenarioPrice(sc *Scenario) (decimal.Decimal, bool) {
	if sc.Structure == "2023" {
		return sc.C2.MarketPrice.Decimal, sc.C2.MarketPrice.Valid
	}
	return sc.C2.Price.Decimal, sc.C2.Price.Valid
}
