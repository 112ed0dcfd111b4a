package scenario

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The break-even search as it was before the linear estimate (main
// a2ee5d5, breakeven.go), kept as the reference the search is proven equal
// to: it settles C₂ at P_max, takes the scenario's own price as the lower
// end when it can, and narrows the bracket by interpolation and bisection.
// Its C₂ is a func, so the property tests can give it full bills
// (refScenarioC2) or a synthetic C₂ (TestCrossingMatchesReference).

// refSearch is the reference search over c2; evals counts its annual C₂.
type refSearch struct {
	c2     func(k int64) (decimal.Decimal, bool)
	B      decimal.Decimal
	p0     decimal.NullDecimal // the scenario's price
	c2AtP0 decimal.Decimal     // annual C₂ at p0 (Comparison.Annual.C2)
	evals  int
}

func (s *refSearch) eval(k int64) (decimal.Decimal, bool) {
	s.evals++
	return s.c2(k)
}

// refResult is what a search found: the break-even grid price k, or one of
// the cases without one.
type refResult struct {
	k          int64
	failed     bool  // a bill failed: "could not be computed"
	atLeastMax bool  // C₂(P_max) ≤ B: k is P_max on the grid
	none       bool  // C₂(0) > B
	falls      int64 // price-dependent rules: the first price at which C₂ falls; −1 when it never does
}

// grid is the reference after the price-dependent check (the old
// breakEven from "atMax, ok := s.c2(hi)" on).
func (s *refSearch) grid(hi int64) refResult {
	atMax, ok := s.eval(hi)
	if !ok {
		return refResult{failed: true, falls: -1}
	}
	if !atMax.GreaterThan(s.B) {
		return refResult{k: hi, atLeastMax: true, falls: -1}
	}
	lo, atLo := s.lowerEnd(hi)
	if atLo.GreaterThan(s.B) {
		return refResult{none: true, falls: -1}
	}
	return refResult{k: s.narrow(lo, hi, atLo, atMax, s.B), falls: -1}
}

func (s *refSearch) firstFall(hi int64) (int64, bool) {
	prev := decimal.Zero
	for k := int64(0); k <= hi; k++ {
		v, ok := s.eval(k)
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

func (s *refSearch) lowerEnd(hi int64) (int64, decimal.Decimal) {
	B := s.B
	if p0 := s.p0; p0.Valid && p0.Decimal.Shift(4).IsInteger() && !s.c2AtP0.GreaterThan(B) && p0.Decimal.Shift(4).IntPart() < hi {
		return p0.Decimal.Shift(4).IntPart(), s.c2AtP0
	}
	at0, _ := s.eval(0)
	return 0, at0
}

func (s *refSearch) narrow(lo, hi int64, flo, fhi, B decimal.Decimal) int64 {
	interpolate := true
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if interpolate {
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

func (s *refSearch) split(k, lo, hi int64, flo, fhi, B decimal.Decimal) (int64, int64, decimal.Decimal, decimal.Decimal) {
	v, _ := s.eval(k)
	if v.GreaterThan(B) {
		return lo, k, flo, v
	}
	return k, hi, v, fhi
}

// refBreakEven is the old breakEven: the break-even fields of a comparison
// whose months, plans and annual totals cmp holds, C₂ from full bills.
func refBreakEven(t *testing.T, set *tariff.Set, cmp *Comparison) (Comparison, int) {
	sc := cmp.Scenario
	set, months, err := prepare(set, sc)
	require.NoError(t, err)
	var out Comparison
	out.BreakEvenMax = refMaxPrice(set, sc, months)
	s := &refSearch{c2: refScenarioC2(set, cmp, months), B: cmp.Annual.B, p0: scenarioPrice(sc), c2AtP0: cmp.Annual.C2}
	hi := out.BreakEvenMax.Shift(4).Floor().IntPart()
	if rule := priceDependentRule(set, sc); rule != "" {
		k, ok := s.firstFall(hi)
		if !ok {
			out.BreakEvenZH, out.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
			return out, s.evals
		}
		if k >= 0 {
			p := settlement.Price(decimal.New(k, -4))
			out.BreakEvenRule = rule
			out.BreakEvenZH = fmt.Sprintf("%s 的偏差考核随交易价格变化，C₂ 在 %s 元/kWh 处随价格上升而下降，不存在唯一的盈亏平衡价格", rule, p)
			out.BreakEvenEN = fmt.Sprintf("under %s the deviation penalty depends on the traded price and C₂ falls as the price rises at %s 元/kWh: no single break-even price", rule, p)
			return out, s.evals
		}
	}
	r := s.grid(hi)
	switch {
	case r.failed:
		out.BreakEvenZH, out.BreakEvenEN = "无法计算盈亏平衡价格", "the break-even price could not be computed"
	case r.atLeastMax:
		out.BreakEvenAtLeastMax = true
		out.BreakEven = decimal.NewNullDecimal(decimal.New(hi, -4))
	case r.none:
		out.BreakEvenZH, out.BreakEvenEN = "即使交易价格为 0，C₂ 也高于 B", "C₂ exceeds B even at a traded price of 0"
	default:
		out.BreakEven = decimal.NewNullDecimal(decimal.New(r.k, -4))
	}
	return out, s.evals
}

// refMaxPrice is the old maxPrice, which looked up the catalog prices
// itself.
func refMaxPrice(set *tariff.Set, sc *Scenario, months []Month) decimal.Decimal {
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

// energyPrices are the months' catalog energy prices, as plan gives them
// to the search.
func energyPrices(t *testing.T, set *tariff.Set, sc *Scenario, months []Month) []decimal.Decimal {
	t.Helper()
	out := make([]decimal.Decimal, len(months))
	for i := range months {
		p, err := basicPrices(set, sc, &months[i])
		require.NoError(t, err)
		out[i] = p.Energy
	}
	return out
}

// refScenarioC2 is annual C₂ at k × 0.0001 from full bills (DirectTradeBill,
// PurchaseBill), not the numbers-only totals the search settles; a failing
// bill leaves the sum so far, as the old search's c2 did.
func refScenarioC2(set *tariff.Set, cmp *Comparison, months []Month) func(int64) (decimal.Decimal, bool) {
	sc := cmp.Scenario
	return func(k int64) (decimal.Decimal, bool) {
		total := decimal.Zero
		p := decimal.NewNullDecimal(decimal.New(k, -4))
		for i, sm := range months {
			r := recipes{set, sc, &sm}
			b, err := r.after(sm.Usage, options(sc, sm.Usage, cmp.PlanB.Months[i], cmp.PlanB.Rules, "C₂"), sm.ContractKWh, p)
			if err != nil {
				return total, false
			}
			total = total.Add(b.Total)
		}
		return total, true
	}
}

// requireSameBreakEven checks that cmp's break-even fields are the
// reference's, and returns how many month totals the reference settled.
func requireSameBreakEven(t *testing.T, set *tariff.Set, cmp *Comparison, what string) int {
	t.Helper()
	want, evals := refBreakEven(t, set, cmp)
	evals *= len(cmp.Months)
	require.Equal(t, want.BreakEven.Valid, cmp.BreakEven.Valid, what)
	require.Equal(t, want.BreakEven.Decimal.String(), cmp.BreakEven.Decimal.String(), what)
	require.Equal(t, want.BreakEvenAtLeastMax, cmp.BreakEvenAtLeastMax, what)
	require.Equal(t, want.BreakEvenMax.String(), cmp.BreakEvenMax.String(), what)
	require.Equal(t, want.BreakEvenRule, cmp.BreakEvenRule, what)
	require.Equal(t, want.BreakEvenZH, cmp.BreakEvenZH, what)
	require.Equal(t, want.BreakEvenEN, cmp.BreakEvenEN, what)
	return evals
}

// Every example scenario, and random variants of them and of the test
// scenario (traded or market price on and off the grid, from 0 to above
// P_max; contract share; consumption from a few hundred kWh to 3 × 10⁸;
// the price-dependent supplement rules), finds the reference's break-even
// price, "≥ P_max" or "none", and says the same.
func TestBreakEvenMatchesReference(t *testing.T) {
	set := defaults(t)
	r := rand.New(rand.NewPCG(24, 2))
	var cases, evalsNew, evalsRef int
	kinds := map[string]int{}
	count := func(cmp *Comparison) {
		cases++
		switch {
		case cmp.BreakEvenAtLeastMax:
			kinds["≥ P_max"]++
		case cmp.BreakEven.Valid:
			kinds["price"]++
		case cmp.BreakEvenRule != "":
			kinds["falls"]++
		default:
			kinds["none"]++
		}
	}
	check := func(sc *Scenario, what string) {
		t.Helper()
		cmp, err := Compare(set, sc)
		require.NoError(t, err, what)
		dependent := priceDependentRule(set, sc) != "" // every grid price settled: left out of the counts
		if e := requireSameBreakEven(t, set, cmp, what); !dependent {
			evalsRef += e
		}
		if e := countSearch(t, set, sc); !dependent {
			evalsNew += e
		}
		count(cmp)
		// The same C₂ against other B: C₂ at a grid price in 0 … P_max (its
		// ends and their neighbours often), tied or a fen or more off.
		set2, months, err := prepare(set, sc)
		require.NoError(t, err)
		hi := cmp.BreakEvenMax.Shift(4).IntPart()
		c2 := refScenarioC2(set2, cmp, months)
		for j := 0; j < 2; j++ {
			k := []int64{0, hi, hi - 1, 1, r.Int64N(hi + 1), r.Int64N(hi + 1)}[r.IntN(6)]
			k = min(max(k, 0), hi)
			v, ok := c2(k)
			require.True(t, ok)
			alt := *cmp
			alt.BreakEven, alt.BreakEvenAtLeastMax, alt.BreakEvenRule, alt.BreakEvenZH, alt.BreakEvenEN = decimal.NullDecimal{}, false, "", "", ""
			alt.Annual.B = v.Add(decimal.New(r.Int64N(5)-2, -2))
			if r.IntN(3) == 0 {
				alt.Annual.B = v.Add(decimal.New(r.Int64N(2_000_001)-1_000_000, -2))
			}
			s := &search{set: set2, sc: sc, months: months, cmp: &alt}
			s.breakEven(energyPrices(t, set2, sc, months))
			if e := requireSameBreakEven(t, set, &alt, fmt.Sprintf("%s, B = %s", what, alt.Annual.B)); !dependent {
				evalsRef, evalsNew = evalsRef+e, evalsNew+s.evals
			}
			count(&alt)
		}
	}
	files := []string{"zinc-z.yaml", "smelter-s.yaml", "copper-c.yaml", "smelter-2026.yaml", "smelter-2026-al.yaml", "profile-p.yaml"}
	n := 6
	if testing.Short() {
		n = 2
	}
	for _, f := range files {
		sc, err := LoadFS(scenarios.FS(), f)
		require.NoError(t, err)
		check(sc, f)
		for i := 0; i < n; i++ {
			v := *sc
			price := randPrice(r)
			if v.Structure == tariff.Structure2023 {
				v.MarketPrice = decimal.NewNullDecimal(price)
				if r.IntN(2) == 0 {
					// Agency prices (B, and P_max) lower: down to none.
					f := decimal.New(r.Int64N(11), -1)
					v.Months = slices.Clone(v.Months)
					for j := range v.Months {
						v.Months[j].AgencyPrice.Decimal = v.Months[j].AgencyPrice.Decimal.Mul(f).Round(6)
					}
				}
			} else {
				v.TradedPrice = decimal.NewNullDecimal(price)
				if r.IntN(2) == 0 && v.ContractShare.Valid {
					v.ContractShare = decimal.NewNullDecimal(decimal.New(r.Int64N(101), -2))
				}
			}
			check(&v, fmt.Sprintf("%s at %s, share %s", f, price, v.ContractShare.Decimal))
		}
	}
	// The test scenario with random consumption, down to where a grid step
	// moves a line by less than a fen.
	for i := 0; i < 4*n; i++ {
		kwh := []int64{300, 4321, 98765, 1234567, 300000000}[r.IntN(5)] + r.Int64N(1000)
		y := strings.Replace(baseScenario, "kwh: 300000000, kvarh: 96000000", fmt.Sprintf("kwh: %d, kvarh: %d", kwh, kwh*32/100), 1)
		y = strings.Replace(y, "price: 0.3449", "price: "+randPrice(r).String(), 1)
		y = strings.Replace(y, "contract_share: 0.95", "contract_share: "+decimal.New(r.Int64N(101), -2).String(), 1)
		y = underUse(r, y, kwh)
		sc, err := Load(strings.NewReader(y), "s.yaml")
		require.NoError(t, err)
		check(sc, y)
	}
	// The supplement rules: the penalty depends on the traded price, every
	// grid price is settled (a few cases: 5,000 prices each).
	for i := 0; i < n/3+1; i++ {
		y := strings.Replace(baseScenario, "ln-deviation-interim", "ln-deviation-supplement", 1)
		y = strings.Replace(y, "price: 0.3449", "price: "+randPrice(r).String(), 1)
		y = strings.Replace(y, "contract_share: 0.95", "contract_share: "+[]string{"0.95", "1", "0.5"}[i%3], 1)
		y = underUse(r, y, 300000000)
		sc, err := Load(strings.NewReader(y), "s.yaml")
		require.NoError(t, err)
		check(sc, y)
	}
	t.Logf("%d comparisons %v: %d month totals by the search, %d by the reference (price-independent rules)", cases, kinds, evalsNew, evalsRef)
}

// underUse gives the test scenario's first month (kwh kWh) contracted kWh
// of 0 … 3 times its consumption, half the time: deviation either way.
func underUse(r *rand.Rand, y string, kwh int64) string {
	if r.IntN(2) == 0 {
		return y
	}
	q := kwh * r.Int64N(301) / 100
	return strings.Replace(y, "demand: {F1: 430000}}", fmt.Sprintf("demand: {F1: 430000}, contract_kwh: %d}", q), 1)
}

// countSearch is how many month totals the search settles on sc (under
// price-dependent rules, those of every grid price included).
func countSearch(t *testing.T, set *tariff.Set, sc *Scenario) int {
	t.Helper()
	set2, months, err := prepare(set, sc)
	require.NoError(t, err)
	cmp, err := compareMonths(set2, sc, months)
	require.NoError(t, err)
	s := &search{set: set2, sc: sc, months: months, cmp: cmp}
	s.breakEven(energyPrices(t, set2, sc, months))
	return s.evals
}

// randPrice is a traded price in [0, 0.6]: on the grid, off it (five
// places), or 0.
func randPrice(r *rand.Rand) decimal.Decimal {
	switch r.IntN(8) {
	case 0:
		return decimal.Zero
	case 1, 2:
		return decimal.New(r.Int64N(60001), -5)
	}
	return decimal.New(r.Int64N(6001), -4)
}

// synthetic is a C₂ made of rounded lines, non-decreasing in the price
// x (grid steps): lines a·x + b rounded to the fen (some only above a kink
// t), a line flat in the price, and a power-factor adjustment: a percent
// from −1.3 to +1 of the sum of the lines, rounded.
type synthetic struct {
	a, b []decimal.Decimal
	t    []int64
	flat decimal.Decimal
	pf   decimal.Decimal
}

func randSynthetic(r *rand.Rand) synthetic {
	var s synthetic
	for i := 0; i < 1+r.IntN(4); i++ {
		// Rises 10⁻⁵ … 10⁵ 元 a grid step, many places.
		s.a = append(s.a, decimal.New(r.Int64N(1_000_000_000), -int32(r.IntN(10))-4))
		s.b = append(s.b, decimal.New(r.Int64N(1_000_000_000), -int32(r.IntN(4))))
		t := int64(-1)
		if r.IntN(3) == 0 {
			t = r.Int64N(6000)
		}
		s.t = append(s.t, t)
	}
	s.flat = decimal.New(r.Int64N(1_000_000_000_000), -2)
	s.pf = decimal.New(r.Int64N(231)-130, -2)
	return s
}

func (s synthetic) at(x decimal.Decimal) decimal.Decimal {
	sum := s.flat
	for i := range s.a {
		xi := x
		if s.t[i] >= 0 {
			xi = decimal.Max(decimal.Zero, x.Sub(decimal.NewFromInt(s.t[i])))
		}
		sum = sum.Add(s.a[i].Mul(xi).Add(s.b[i]).Round(2))
	}
	return sum.Add(sum.Mul(s.pf).Div(decimal.NewFromInt(100)).Round(2))
}

// The search over random years of 1 … 12 months, each month's C₂
// non-decreasing and made of rounded lines (kinks, lines moving less than a
// fen a step, a power-factor percent of their sum), B random near a grid
// price's C₂ of the year or tied with it (in fen, or with more places: no
// bounds), the anchor on or off the grid, inside or outside 0 … P_max,
// slope estimates exact, off by a little or a lot, or none, and months
// settled in any order, returns the reference's answer.
func TestCrossingMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(24, 3))
	n := 3000
	if testing.Short() {
		n = 600
	}
	var evalsNew, evalsRef int
	for i := 0; i < n; i++ {
		months := make([]synthetic, 1+r.IntN(12))
		for m := range months {
			months[m] = randSynthetic(r)
		}
		year := func(x decimal.Decimal) decimal.Decimal {
			sum := decimal.Zero
			for _, s := range months {
				sum = sum.Add(s.at(x))
			}
			return sum
		}
		hi := []int64{0, 1, 2, 3, 10, 5096, 5326, r.Int64N(6000)}[r.IntN(8)]
		c2 := func(k int64) (decimal.Decimal, bool) { return year(decimal.NewFromInt(k)), true }
		// B: C₂ at a grid price somewhere around 0 … hi, moved a little or tied.
		kb := r.Int64N(hi+41) - 20
		B := year(decimal.NewFromInt(kb)).Add(decimal.New(r.Int64N(201)-100, -2*int32(r.IntN(3))))
		if r.IntN(4) == 0 {
			B = year(decimal.NewFromInt(kb))
		}
		var p0 decimal.NullDecimal
		switch r.IntN(5) {
		case 0: // none
		case 1, 2:
			p0 = decimal.NewNullDecimal(decimal.New(r.Int64N(hi+200), -4))
		default:
			p0 = decimal.NewNullDecimal(decimal.New(r.Int64N(10*hi+2000), -5))
		}
		var c2AtP0 decimal.Decimal
		a := point{}
		var at *gridPrice
		if p0.Valid {
			x := p0.Decimal.Shift(4)
			c2AtP0 = year(x)
			a = point{x: x, v: c2AtP0, valid: true}
			if x.IsInteger() {
				at = &gridPrice{k: x.IntPart(), fen: make([]int64, len(months)), has: make([]bool, len(months))}
				for m, s := range months {
					at.fen[m], at.has[m] = s.at(x).Shift(2).IntPart(), true
				}
			}
		}
		// The true slope at the anchor, or one off by 0.1 % or 30 %, or none.
		slope := year(decimal.NewFromInt(1000)).Sub(year(decimal.Zero)).Div(decimal.NewFromInt(1000))
		slope = slope.Mul([]decimal.Decimal{decimal.NewFromInt(1), d("1.001"), d("0.7"), decimal.Zero}[r.IntN(4)])
		var weights []int64
		if r.IntN(2) == 0 {
			weights = make([]int64, len(months))
			for m := range weights {
				weights[m] = r.Int64N(1000)
			}
		}

		ref := &refSearch{c2: c2, B: B, p0: p0, c2AtP0: c2AtP0}
		want := ref.grid(hi)
		evals := 0
		month := func(m int, k int64) (decimal.Decimal, bool) {
			evals++
			return months[m].at(decimal.NewFromInt(k)), true
		}
		k, ok := crossing(newMonthly(len(months), month, B, at, weights).decide, hi, B, a, slope)
		require.True(t, ok)
		what := fmt.Sprintf("case %d: %+v hi %d B %s p0 %s slope %s", i, months, hi, B, p0.Decimal, slope)
		switch {
		case want.atLeastMax:
			require.Equal(t, hi, k, what)
		case want.none:
			require.Equal(t, int64(-1), k, what)
		default:
			require.Equal(t, want.k, k, what)
			require.True(t, k >= 0 && k < hi, what)
		}
		evalsNew += evals
		evalsRef += ref.evals * len(months)
	}
	t.Logf("%d searches: %d month totals by the search, %d by the reference", n, evalsNew, evalsRef)
}

// On zinc-z the slope read from the C₂ bills puts the first probe at the
// break-even price 0.3749: C₂ ≤ B there, all 12 months settled. The line
// through it and the scenario's price puts the second at 0.3750, where one
// month settled (the largest rise, July 2016) with the other eleven at
// their 0.3749 totals already exceeds B: 13 month totals, where the
// reference settles 36 (P_max and the same two prices, every month).
func TestBreakEvenZincZSettlesThirteenMonths(t *testing.T) {
	set := defaults(t)
	sc, err := LoadFS(scenarios.FS(), "zinc-z.yaml")
	require.NoError(t, err)
	cmp, err := Compare(set, sc)
	require.NoError(t, err)
	require.Equal(t, "0.3749", cmp.BreakEven.Decimal.String())
	require.Equal(t, 13, countSearch(t, set, sc))
	require.Equal(t, 36, requireSameBreakEven(t, set, cmp, "zinc-z"))
}
