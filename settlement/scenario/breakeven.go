package scenario

import (
	"fmt"
	"slices"

	"github.com/dianfei/dianfei/internal/exact"
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
	// dense holds annual C₂ at every grid price 0 … P_max once firstFall
	// has settled them all (a price-dependent deviation rule set); nil
	// otherwise.
	dense []decimal.Decimal
	after []afterBill // the months' C₂, made at the first price settled
	evals int         // month totals settled (read by TestBreakEvenZincZSettlesThirteenMonths)
}

// month returns month m's C₂ at the price k × 0.0001.
func (s *search) month(m int, k int64) (decimal.Decimal, error) {
	if s.after == nil {
		s.after = make([]afterBill, len(s.months))
		b := s.cmp.PlanB
		for i := range s.months {
			sm := &s.months[i]
			s.after[i] = recipes{s.set, s.sc, sm}.afterBill(&sm.Usage, options(s.sc, sm.Usage, b.Months[i], b.Rules, "C₂"), sm.ContractKWh)
		}
	}
	s.evals++
	return s.after[m].total(decimal.New(k, -4))
}

// c2 returns annual C₂ at the price k × 0.0001, and false if a bill fails.
func (s *search) c2(k int64) (decimal.Decimal, bool) {
	if s.dense != nil {
		return s.dense[k], true
	}
	total := decimal.Zero
	for m := range s.months {
		t, err := s.month(m, k)
		if err != nil {
			return total, false
		}
		total = total.Add(t)
	}
	return total, true
}

// breakEven finds the break-even price (README §4) on the 0.0001 grid and
// sets cmp's BreakEven fields: the largest grid price k ≤ P_max with annual
// C₂(k) ≤ B, found as the grid prices k, k + 1 with C₂(k) ≤ B < C₂(k + 1)
// (crossing), each side proved with as few month totals as it takes
// (monthly). No month's C₂ falls as the price rises unless its deviation
// penalty depends on the traded price; there the search first settles
// every grid price and checks that annual C₂ never falls (else there is no
// single price).
//
// energy are the months' catalog energy prices (2016 structure), as plan
// looked them up.
func breakEven(set *tariff.Set, sc *Scenario, months []Month, cmp *Comparison, energy []decimal.Decimal) {
	s := &search{set: set, sc: sc, months: months, cmp: cmp}
	s.breakEven(energy)
}

func (s *search) breakEven(energy []decimal.Decimal) {
	set, sc, cmp := s.set, s.sc, s.cmp
	cmp.BreakEvenMax = maxPrice(sc, s.months, energy)
	hi := cmp.BreakEvenMax.Shift(4).Floor().IntPart() // P_max on the grid, truncated
	if hi < 0 {
		cmp.BreakEvenZH, cmp.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
		return
	}
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
	B := cmp.Annual.B
	slope, weights := s.slope()
	var decide decider
	if s.dense != nil {
		decide = func(k int64) (bool, decimal.Decimal, bool) {
			v := s.dense[k]
			return v.GreaterThan(B), v, true
		}
	} else {
		decide = newMonthly(len(s.months), s.monthFunc(), B, s.monthsAtAnchor(), weights).decide
	}
	k, ok := crossing(decide, hi, B, s.anchor(), slope)
	switch {
	case !ok:
		cmp.BreakEvenZH, cmp.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
	case k == hi:
		cmp.BreakEvenAtLeastMax = true
		cmp.BreakEven = decimal.NewNullDecimal(decimal.New(hi, -4))
	case k < 0:
		cmp.BreakEvenZH, cmp.BreakEvenEN = "即使交易价格为 0，C₂ 也高于 B", "C₂ exceeds B even at a traded price of 0"
	default:
		cmp.BreakEven = decimal.NewNullDecimal(decimal.New(k, -4))
	}
}

// maxPrice is P_max: the highest agency price of the months (2023
// structure) or the highest catalog energy price of the plant's tier
// (2016: energy, the months' prices).
func maxPrice(sc *Scenario, months []Month, energy []decimal.Decimal) decimal.Decimal {
	var hi decimal.Decimal
	for i := range months {
		var p decimal.Decimal
		if sc.Structure == tariff.Structure2023 {
			p = months[i].AgencyPrice.Decimal
		} else {
			p = energy[i]
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
// price rises, or −1 when it never does; ok is false if a bill fails. It
// keeps C₂ at every grid price for the search that follows.
func (s *search) firstFall(hi int64) (int64, bool) {
	vals := make([]decimal.Decimal, hi+1)
	for k := int64(0); k <= hi; k++ {
		v, ok := s.c2(k)
		if !ok {
			return 0, false
		}
		if k > 0 && v.LessThan(vals[k-1]) {
			return k, true
		}
		vals[k] = v
	}
	s.dense = vals
	return -1, true
}

// point is annual C₂ (v) at the price x × 0.0001; x need not be whole.
type point struct {
	x, v  decimal.Decimal
	valid bool
}

// anchor is annual C₂ at the scenario's own price, already settled in full.
func (s *search) anchor() point {
	p0 := scenarioPrice(s.sc)
	if !p0.Valid {
		return point{}
	}
	return point{x: p0.Decimal.Shift(4), v: s.cmp.Annual.C2, valid: true}
}

// slope estimates how much annual C₂ rises a grid step at the scenario's
// price, from its C₂ bills: the lines priced at the traded (or market)
// price (a loss line computed from the rate among them) rise in proportion
// to it, and the power-factor adjustment by its percent of them. It only
// chooses where the search looks first, and weights (each month's share of
// the rise, unscaled) the order it settles months in, so it is worked out
// in int64 fen and gives up (zero and nil: no estimate) where those would
// not do.
func (s *search) slope() (decimal.Decimal, []int64) {
	p0 := scenarioPrice(s.sc)
	if !p0.Valid || !p0.Decimal.IsPositive() {
		return decimal.Zero, nil
	}
	const limit = 1 << 40 // fen a month (10¹⁰ 元)
	var sum int64         // Σ priced fen × (10⁴ + power-factor hundredths of a percent)
	weights := make([]int64, len(s.cmp.Months))
	for i := range s.cmp.Months {
		var priced, pf int64
		for j := range s.cmp.Months[i].C2.Lines {
			l := &s.cmp.Months[i].C2.Lines[j]
			switch {
			case l.Code == tariff.LineTradedEnergy || l.Code == tariff.LinePurchaseEnergy ||
				l.Code == tariff.LineLoss && l.UnitPrice.Equal(p0.Decimal):
				v, ok := exact.Fixed(l.Amount, 2)
				if !ok || v < 0 || v > limit-priced {
					return decimal.Zero, nil
				}
				priced += v
			case l.Code == tariff.LinePowerFactor:
				var ok bool
				if pf, ok = exact.Fixed(l.UnitPrice, 2); !ok || pf <= -10_000 || pf > 10_000 {
					return decimal.Zero, nil
				}
			}
		}
		weights[i] = priced * (10_000 + pf)
		if sum += weights[i]; sum > 1<<61 { // each month adds < 2⁵⁵
			return decimal.Zero, nil
		}
	}
	// fen × (10⁴ + pf) is 10⁶ × 元 × (1 + pf %); ÷ p0 per 元/kWh, ÷ 10⁴ per grid step.
	return decimal.NewFromInt(sum).DivRound(p0.Decimal.Shift(10), 6), weights
}

// monthFunc is s.month as the monthly decider calls it.
func (s *search) monthFunc() func(m int, k int64) (decimal.Decimal, bool) {
	return func(m int, k int64) (decimal.Decimal, bool) {
		v, err := s.month(m, k)
		return v, err == nil
	}
}

// monthsAtAnchor are the months' C₂ at the scenario's own price (their
// full bills' totals) when it is on the grid, keyed by it; nil otherwise.
func (s *search) monthsAtAnchor() *gridPrice {
	p0 := scenarioPrice(s.sc)
	if !p0.Valid || !p0.Decimal.Shift(4).IsInteger() || p0.Decimal.IsNegative() {
		return nil
	}
	g := &gridPrice{k: p0.Decimal.Shift(4).IntPart(), fen: make([]int64, len(s.cmp.Months)), has: make([]bool, len(s.cmp.Months))}
	for i := range s.cmp.Months {
		v, ok := fen(s.cmp.Months[i].C2.Total)
		if !ok {
			return nil
		}
		g.fen[i], g.has[i] = v, true
	}
	return g
}

// decider says whether annual C₂ at the grid price k is above B, with C₂
// there or, when it did not settle every month, the bound that proved it;
// ok is false if a bill fails.
type decider func(k int64) (above bool, v decimal.Decimal, ok bool)

// gridPrice holds the months' C₂ in fen at the grid price k, those settled
// (has).
type gridPrice struct {
	k   int64
	fen []int64
	has []bool
}

// fen returns v in fen when it is a whole number of fen within ±2⁵⁶ (the
// sums of up to 64 months then fit in an int64).
func fen(v decimal.Decimal) (int64, bool) {
	f, ok := exact.Fixed(v, 2)
	return f, ok && f < 1<<56 && f > -1<<56
}

// monthly decides annual C₂ ≤ B or > B month by month. Each month's C₂
// never falls as the price rises, so C₂ at k lies between the sum of each
// month's C₂ at the nearest grid price below k where it is known and the sum
// at the nearest above; it settles months (the largest rise first) until
// those bounds, with the months settled at k, prove the answer, and keeps
// what it settled for the next prices. Arithmetic in int64 fen; a total
// that is not a whole number of fen, or B that is not (or more than 64
// months), settles every month and compares the decimal sum.
type monthly struct {
	n      int
	month  func(m int, k int64) (decimal.Decimal, bool)
	B      decimal.Decimal
	bFen   int64
	exact  bool // B or a total not in fen: no bounds
	order  []int
	prices []*gridPrice
}

// newMonthly makes the decider for n months with month m's C₂ at k given by
// month; at (may be nil) are the months' C₂ at one grid price, and weights
// (may be nil) order the months, largest first.
func newMonthly(n int, month func(m int, k int64) (decimal.Decimal, bool), B decimal.Decimal, at *gridPrice, weights []int64) *monthly {
	d := &monthly{n: n, month: month, B: B, order: make([]int, n)}
	bFen, ok := fen(B)
	d.bFen, d.exact = bFen, !ok || n > 64 // sums of up to 64 months of ±2⁵⁶ fen fit in an int64
	for i := range d.order {
		d.order[i] = i
	}
	if len(weights) == n {
		slices.SortStableFunc(d.order, func(a, b int) int {
			switch {
			case weights[a] > weights[b]:
				return -1
			case weights[a] < weights[b]:
				return 1
			}
			return 0
		})
	}
	if at != nil {
		d.prices = append(d.prices, at)
	}
	return d
}

func (d *monthly) decide(k int64) (bool, decimal.Decimal, bool) {
	if d.exact {
		return d.decideExact(k)
	}
	// Each month's C₂ at the nearest grid prices below and above k where it
	// is known, and the sums of those bounds (missing: months without one).
	type bounds struct {
		lo, up       int64
		hasLo, hasUp bool
	}
	b := make([]bounds, d.n)
	var sumLo, sumUp int64
	missLo, missUp := d.n, d.n
	for m := range b {
		var below, above *gridPrice
		for _, g := range d.prices {
			if !g.has[m] {
				continue
			}
			if g.k <= k && (below == nil || g.k > below.k) {
				below = g
			}
			if g.k >= k && (above == nil || g.k < above.k) {
				above = g
			}
		}
		if below != nil {
			b[m].lo, b[m].hasLo = below.fen[m], true
			sumLo, missLo = sumLo+below.fen[m], missLo-1
		}
		if above != nil {
			b[m].up, b[m].hasUp = above.fen[m], true
			sumUp, missUp = sumUp+above.fen[m], missUp-1
		}
	}
	at := &gridPrice{k: k, fen: make([]int64, d.n), has: make([]bool, d.n)}
	d.prices = append(d.prices, at)
	for _, m := range d.order {
		if missLo == 0 && sumLo > d.bFen {
			return true, decimal.New(sumLo, -2), true
		}
		if missUp == 0 && sumUp <= d.bFen {
			return false, decimal.New(sumUp, -2), true
		}
		v, ok := d.month(m, k)
		if !ok {
			return false, decimal.Zero, false
		}
		f, ok := fen(v)
		if !ok {
			d.exact = true
			return d.decideExact(k)
		}
		at.fen[m], at.has[m] = f, true
		if b[m].hasLo {
			sumLo += f - b[m].lo
		} else {
			sumLo, missLo = sumLo+f, missLo-1
		}
		if b[m].hasUp {
			sumUp += f - b[m].up
		} else {
			sumUp, missUp = sumUp+f, missUp-1
		}
	}
	// Every month settled: both sums are C₂(k).
	return sumLo > d.bFen, decimal.New(sumLo, -2), true
}

// decideExact settles every month at k and compares the decimal sum with B.
func (d *monthly) decideExact(k int64) (bool, decimal.Decimal, bool) {
	total := decimal.Zero
	for m := 0; m < d.n; m++ {
		v, ok := d.month(m, k)
		if !ok {
			return false, total, false
		}
		total = total.Add(v)
	}
	return total.GreaterThan(d.B), total, true
}

// crossing returns the grid price k with C₂(k) ≤ B < C₂(k + 1) for C₂
// non-decreasing on the grid 0 … hi: hi when C₂(hi) ≤ B, −1 when B < C₂(0);
// ok is false if a bill fails. decide says on which side of B C₂(k) is. It
// keeps the bracket lo < up of grid prices with C₂(lo) ≤ B < C₂(up) (−1 and
// hi + 1 standing for the ends not settled) and probes where the line
// through the last two values reaches B (the first time through a, with
// the slope estimate; without a line, the middle; a value decide did not
// settle in full is the bound that proved it). C₂ is close to linear in the
// price, so the probe and its neighbour usually settle it; a pair of probes
// that does not halve the bracket is followed by a bisection step, so the
// search never takes more than about twice the steps of bisection.
func crossing(decide decider, hi int64, B decimal.Decimal, a point, slope decimal.Decimal) (int64, bool) {
	lo, up := int64(-1), hi+1
	if a.valid && a.x.IsInteger() && !a.x.IsNegative() && a.x.LessThanOrEqual(decimal.NewFromInt(hi)) {
		if k := a.x.IntPart(); a.v.GreaterThan(B) {
			up = k
		} else {
			lo = k
		}
	}
	prev, last := point{}, a // the last two values, last the latest
	probe := func(k int64) bool {
		above, v, ok := decide(k)
		if !ok {
			return false
		}
		if above {
			up = k
		} else {
			lo = k
		}
		prev, last = last, point{x: decimal.NewFromInt(k), v: v, valid: true}
		return true
	}
	interpolate := true
	for up-lo > 1 {
		width := up - lo
		if !interpolate {
			if !probe(lo + (up-lo)/2) {
				return 0, false
			}
		}
		for i := 0; interpolate && i < 2 && up-lo > 1; i++ {
			k, ok := estimate(prev, last, B, slope)
			if !ok {
				k = lo + (up-lo)/2 // no line: bisect
			}
			if !probe(min(max(k, lo+1), up-1)) {
				return 0, false
			}
		}
		interpolate = up-lo <= width/2
	}
	return lo, true
}

// estimate returns the largest grid price at which the line through a and
// b (or through b with the given slope per grid step when a is not valid)
// is ≤ B, truncated; a line that does not rise lies ≤ B everywhere or
// nowhere. ok is false when there is no line.
func estimate(a, b point, B, slope decimal.Decimal) (int64, bool) {
	if !b.valid {
		return 0, false
	}
	const far = 1 << 40 // outside any grid, and far from overflowing an int64
	var x decimal.Decimal
	switch {
	case a.valid && b.v.GreaterThan(a.v) == b.x.GreaterThan(a.x) && !b.v.Equal(a.v):
		x = b.x.Add(B.Sub(b.v).Mul(b.x.Sub(a.x)).DivRound(b.v.Sub(a.v), 4))
	case !a.valid && slope.IsPositive():
		x = b.x.Add(B.Sub(b.v).DivRound(slope, 4))
	case b.v.GreaterThan(B):
		return -far, true
	default:
		return far, true
	}
	switch {
	case x.GreaterThan(decimal.NewFromInt(far)):
		return far, true
	case x.LessThan(decimal.NewFromInt(-far)):
		return -far, true
	}
	return x.Floor().IntPart(), true
}

// scenarioPrice is the one traded (or market) price of C₂.
func scenarioPrice(sc *Scenario) decimal.NullDecimal {
	if sc.Structure == tariff.Structure2023 {
		return sc.MarketPrice
	}
	return sc.TradedPrice
}
