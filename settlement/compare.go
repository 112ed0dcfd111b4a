package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Comparison is the measure-9 comparison of a scenario (domain §4): whole
// bills A → B → C₂ → C every month, savings by lever as differences of
// rounded totals, annual sums, the plans, the break-even price, and every
// source and warning behind them.
type Comparison struct {
	Scenario   *Scenario
	Months     []MonthResult
	PlanA      Plan
	PlanB      Plan
	Annual     Annual
	HasCaptive bool
	Reasons    []Reason // why a lever saves nothing
	BreakEven  BreakEven
	Sources    []Source  // every table used, first use first
	Warnings   []Warning // every warning of every bill and plan, once
}

// MonthResult is one month of a comparison.
type MonthResult struct {
	Month         tariff.Month
	KWh           decimal.Decimal // consumption, self-supply included
	A, B, C2, C   Bill            // C is C₂ when the month has no captive supply
	L1, L2, L3    decimal.Decimal // A − B, B − C₂, C₂ − C
	Total         decimal.Decimal // A − C
	FromIntervals bool
	Origin        string
}

// Annual sums a comparison's months.
type Annual struct {
	A, B, C2, C, L1, L2, L3, Total, KWh decimal.Decimal
	// SavingPercent is Total ÷ A × 100, rounded half up to 2 decimals.
	SavingPercent decimal.Decimal
	// SavingPerKWh is Total ÷ KWh (元/kWh), rounded half up to 4 decimals.
	SavingPerKWh decimal.Decimal
}

// Reason says why a lever saves nothing.
type Reason struct {
	Lever string // "L1", "L2", "L3"
	ZH    string
	EN    string
}

// BreakEven is the break-even traded (or market) price of domain §4: the
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

// Compare settles every month of the scenario under A, B, C₂ and C with the
// default tables s plus the scenario's own tables.
//
// Compare returns an error, located in the scenario file where it can be, if:
//   - the scenario's tables clash with s (overlap, duplicate id);
//   - a month has no table in force, or a named table or rule set is missing;
//   - a stated plan changes its choice inside a change period, or a rule is broken;
//   - any bill fails (the errors of CatalogBill, DirectTradeBill, Bill2023).
func Compare(s *tariff.Set, sc *Scenario) (*Comparison, error) {
	set, err := s.With(sc.Tables...)
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{Scenario: sc}
	first := sc.Months[0].Usage.Month.First()
	// Named tables are checked up front, so errors point at the field naming them.
	if sc.Structure != "2023" {
		if _, err := set.Deviation(sc.C2.Deviation); err != nil {
			return nil, sc.errAt("c2.deviation", "arrangements.c2.deviation", err)
		}
	}
	if sc.C2.TND != "" {
		if t, ok := set.ByID(sc.C2.TND); !ok || t.Head().Kind != tariff.KindTND {
			return nil, sc.errAt("c2.tnd", "arrangements.c2.tnd", &tariff.NoTableError{Kind: tariff.KindTND, ID: sc.C2.TND, NotExists: true})
		}
	}
	if sc.TOU != "" {
		if t, ok := set.ByID(sc.TOU); !ok || t.Head().Kind != tariff.KindTOURatios {
			return nil, sc.errAt("tou", "tou", &tariff.NoTableError{Kind: tariff.KindTOURatios, ID: sc.TOU, NotExists: true})
		}
	}
	months, err := sc.resolveMonths(set)
	if err != nil {
		return nil, err
	}
	rulesA, err := scenarioRules(set, sc, "a", sc.A.Rules, first)
	if err != nil {
		return nil, err
	}
	rulesB, err := scenarioRules(set, sc, "b", sc.B.Rules, first)
	if err != nil {
		return nil, err
	}
	pms := make([]PlanMonth, len(months))
	for i, sm := range months {
		pkva, pkw, err := basicPrices(set, sc, sm)
		if err != nil {
			return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		pms[i] = PlanMonth{Usage: sm.Usage, HasKWh: true, PriceKVA: pkva, PriceKW: pkw}
	}
	if cmp.PlanA, err = plan(sc, "a", sc.A, rulesA, pms); err != nil {
		return nil, err
	}
	if cmp.PlanB, err = plan(sc, "b", sc.B, rulesB, pms); err != nil {
		return nil, err
	}
	seenSrc, seenWarn := map[string]bool{}, map[string]bool{}
	collect := func(b Bill) {
		for _, s := range b.Sources {
			if !seenSrc[s.ID] {
				seenSrc[s.ID] = true
				cmp.Sources = append(cmp.Sources, s)
			}
		}
		for _, w := range b.Warnings {
			if !seenWarn[w.EN] {
				seenWarn[w.EN] = true
				cmp.Warnings = append(cmp.Warnings, w)
			}
		}
	}
	an := &cmp.Annual
	for _, p := range []*decimal.Decimal{&an.A, &an.B, &an.C2, &an.C, &an.L1, &an.L2, &an.L3, &an.Total, &an.KWh} {
		*p = decimal.Zero
	}
	for i, sm := range months {
		mr, err := settleMonth(set, sc, sm, cmp.PlanA.Months[i].Choice, cmp.PlanB.Months[i].Choice, rulesA.ID, rulesB.ID, decimal.NullDecimal{})
		if err != nil {
			return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		if sm.Captive != nil {
			cmp.HasCaptive = true
		}
		for _, b := range []Bill{mr.A, mr.B, mr.C2, mr.C} {
			collect(b)
		}
		cmp.Months = append(cmp.Months, mr)
		an.A, an.B, an.C2, an.C = an.A.Add(mr.A.Total), an.B.Add(mr.B.Total), an.C2.Add(mr.C2.Total), an.C.Add(mr.C.Total)
		an.L1, an.L2, an.L3, an.Total = an.L1.Add(mr.L1), an.L2.Add(mr.L2), an.L3.Add(mr.L3), an.Total.Add(mr.Total)
		an.KWh = an.KWh.Add(mr.KWh)
	}
	if an.A.IsPositive() {
		an.SavingPercent = an.Total.Mul(hundred).DivRound(an.A, divPlaces).Round(2)
	}
	if an.KWh.IsPositive() {
		an.SavingPerKWh = an.Total.DivRound(an.KWh, divPlaces).Round(4)
	}
	for _, p := range []Plan{cmp.PlanA, cmp.PlanB} {
		if p.Optimised {
			w := Warning{Code: "hindsight_plan",
				ZH: fmt.Sprintf("%s 下的基本电费方案由优化器求得：假定预知各月需量、不计提前申请期限，是规则允许的最低值（实际支付的下限）", p.Rules),
				EN: fmt.Sprintf("the plan under %s is optimised with hindsight (perfect foresight of demand, no notice periods): the best the rules allow, a lower bound on what a plant would pay", p.Rules)}
			if !seenWarn[w.EN] {
				seenWarn[w.EN] = true
				cmp.Warnings = append(cmp.Warnings, w)
			}
		}
	}
	for _, t := range sc.Tables {
		h := t.Head()
		if seenSrc[h.ID] {
			cmp.Warnings = append(cmp.Warnings, Warning{Code: "user_table",
				ZH: fmt.Sprintf("表 %s 由情景提供（%s），不是本库发布的默认表", h.ID, h.File),
				EN: fmt.Sprintf("table %s was supplied with the scenario (%s), not shipped with the library", h.ID, h.File)})
		}
	}
	cmp.Reasons = reasons(cmp)
	cmp.BreakEven = breakEven(set, sc, months, cmp)
	return cmp, nil
}

func scenarioRules(set *tariff.Set, sc *Scenario, key, id string, first tariff.Date) (*tariff.BasicRules, error) {
	r, err := set.BasicRules(sc.Customer.Region, first, id)
	if err != nil {
		return nil, sc.errAt(key+".rules", "arrangements."+key+".rules", err)
	}
	if id == "" {
		// One rule set must hold for the whole run when none is named.
		for i, sm := range sc.Months {
			if !r.InForce(sm.Usage.Month.First()) {
				return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), fmt.Errorf("rule set %s (in force in the first month) is not in force; name the rule set of arrangement %s", r.ID, key))
			}
		}
	}
	return r, nil
}

// basicPrices are the basic prices a month's plan is evaluated at: the
// catalog's (2016 structure) or the T&D table's (2023 structure).
func basicPrices(set *tariff.Set, sc *Scenario, sm ScenarioMonth) (decimal.Decimal, decimal.Decimal, error) {
	c := sc.Customer
	d := sm.Usage.Month.First()
	if sc.Structure == "2023" {
		t, err := set.TND(c.Region, c.VoltageKV, d, sc.C2.TND)
		if err != nil {
			return decimal.Zero, decimal.Zero, err
		}
		return t.BasicKVA, t.BasicKW, nil
	}
	cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, d)
	if err != nil {
		return decimal.Zero, decimal.Zero, err
	}
	return cp.BasicKVA, cp.BasicKW, nil
}

func plan(sc *Scenario, key string, ps PlanSpec, r *tariff.BasicRules, pms []PlanMonth) (Plan, error) {
	var p Plan
	var err error
	if ps.Cheapest {
		p, err = OptimisePlan(r, sc.Customer, pms)
	} else {
		p, err = StatedPlan(r, sc.Customer, pms, ps.Stated)
	}
	if err != nil {
		return Plan{}, sc.errAt(key+".plan", "arrangements."+key+".plan", err)
	}
	return p, nil
}

// settleMonth settles one month under A, B, C₂ and C. A non-null price
// replaces the traded (or market) price of C₂ and C (break-even search).
func settleMonth(set *tariff.Set, sc *Scenario, sm ScenarioMonth, chA, chB Choice, rulesA, rulesB string, price decimal.NullDecimal) (MonthResult, error) {
	c := sc.Customer
	mr := MonthResult{Month: sm.Usage.Month, KWh: sm.Usage.KWh, Origin: sm.Origin, FromIntervals: sm.Origin != "register"}
	optA := Options{Choice: chA, Rules: rulesA, TOU: touFor(sc, sm.Usage), Label: "A"}
	optB := Options{Choice: chB, Rules: rulesB, TOU: touFor(sc, sm.Usage), Label: "B"}
	optC2 := optB
	optC2.Label = "C₂"
	// before bills A and B (catalog, or agency purchase); after bills C₂ and C
	// (direct trade, or market purchase) for a usage and its contracted kWh.
	var before func(Usage, Options) (Bill, error)
	var after func(u Usage, o Options, contracted decimal.NullDecimal) (Bill, error)
	if sc.Structure == "2023" {
		agency := Purchase{Arrangement: AgencyPurchase, AgencyPrice: sm.AgencyPrice, SystemOperation: sm.SystemOperation, TND: sc.C2.TND, ExamplePrices: sc.ExamplePrices}
		mp := sc.C2.MarketPrice
		if price.Valid {
			mp = price
		}
		before = func(u Usage, o Options) (Bill, error) { return Bill2023(set, c, u, o, agency) }
		after = func(u Usage, o Options, _ decimal.NullDecimal) (Bill, error) {
			mkt := agency
			mkt.Arrangement, mkt.AgencyPrice = MarketPurchase, decimal.NullDecimal{}
			mkt.Contracts = []MarketContract{{KWh: u.KWh, Price: mp.Decimal}}
			return Bill2023(set, c, u, o, mkt)
		}
	} else {
		k := Contract{Price: sc.C2.Price, TND: sc.C2.TND, Deviation: sc.C2.Deviation}
		if price.Valid {
			k.Price = price
		}
		before = func(u Usage, o Options) (Bill, error) { return CatalogBill(set, c, u, o) }
		after = func(u Usage, o Options, contracted decimal.NullDecimal) (Bill, error) {
			k.KWh = contractKWh(sc, contracted, u.KWh)
			return DirectTradeBill(set, c, u, o, k)
		}
	}
	var err error
	if !price.Valid {
		if mr.A, err = before(sm.Usage, optA); err != nil {
			return mr, err
		}
		if mr.B, err = before(sm.Usage, optB); err != nil {
			return mr, err
		}
	}
	if mr.C2, err = after(sm.Usage, optC2, sm.ContractKWh); err != nil {
		return mr, err
	}
	mr.C = mr.C2
	if sm.Captive != nil && !price.Valid {
		optC := optB
		optC.Label, optC.Captive, optC.TOU = "C", &sm.Captive.Captive, touFor(sc, sm.Captive.Grid)
		if mr.C, err = after(sm.Captive.Grid, optC, sm.Captive.ContractKWh); err != nil {
			return mr, err
		}
	}
	if !price.Valid && sm.Captive == nil {
		mr.C.Label = "C"
	}
	mr.L1 = mr.A.Total.Sub(mr.B.Total)
	mr.L2 = mr.B.Total.Sub(mr.C2.Total)
	mr.L3 = mr.C2.Total.Sub(mr.C.Total)
	mr.Total = mr.A.Total.Sub(mr.C.Total)
	if !price.Valid && !mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.Total) {
		return mr, fmt.Errorf("settlement: %s: L1 + L2 + L3 ≠ A − C (internal error)", mr.Month)
	}
	return mr, nil
}

func contractKWh(sc *Scenario, v decimal.NullDecimal, kwh decimal.Decimal) decimal.Decimal {
	if v.Valid {
		return v.Decimal
	}
	return sc.C2.Share.Decimal.Mul(kwh)
}

func touFor(sc *Scenario, u Usage) string {
	if len(u.ByPeriod) > 0 {
		return sc.TOU
	}
	return ""
}

func allMethod(p Plan, m tariff.Method) bool {
	for _, pm := range p.Months {
		if pm.Choice.Method != m {
			return false
		}
	}
	return true
}

func reasons(cmp *Comparison) []Reason {
	var out []Reason
	an := cmp.Annual
	if !an.L1.IsPositive() {
		r := Reason{Lever: "L1"}
		switch {
		case allMethod(cmp.PlanA, tariff.ByCapacity) && allMethod(cmp.PlanB, tariff.ByCapacity):
			r.ZH = "按容量计费在两套规则下都已是最便宜的方式（满负荷运行的冶炼厂），基本电费方法的调整不带来节省"
			r.EN = "capacity billing is already the cheapest method under both rule sets (a fully loaded plant), so the reformed basic-charge methods save nothing"
		case an.L1.IsZero():
			r.ZH = "A 与 B 的基本电费方案计费相同"
			r.EN = "the basic-charge plans of A and B cost the same"
		default:
			r.ZH = "B 的方案比 A 的方案更贵（A 的选择由用户给定或规则不同）"
			r.EN = "B's plan costs more than A's (A's choices are stated, or the rules differ)"
		}
		out = append(out, r)
	}
	if !an.L2.IsPositive() {
		r := Reason{Lever: "L2"}
		if an.L2.IsZero() {
			r.ZH, r.EN = "直接交易与目录电价（或代理购电）费用相同", "direct trading costs the same as the catalog tariff (or agency purchase)"
		} else {
			r.ZH, r.EN = "在给定的交易价格下，直接交易比目录电价（或代理购电）更贵", "at the given traded price, direct trading costs more than the catalog tariff (or agency purchase)"
		}
		out = append(out, r)
	}
	if !an.L3.IsPositive() {
		r := Reason{Lever: "L3"}
		if !cmp.HasCaptive {
			r.ZH, r.EN = "情景中没有自备电厂供电，C = C₂", "the scenario has no captive supply, so C = C₂"
		} else {
			r.ZH, r.EN = "在给定的自备电厂成本和费用下，自备供电不比电网直接交易便宜", "at the given captive cost and levies, captive supply is no cheaper than grid direct trading"
		}
		out = append(out, r)
	}
	return out
}

// breakEven finds the break-even price (domain §4) by bisection on the 0.0001
// grid; where a month's deviation penalty depends on the traded price, it
// checks C₂ at every grid point and gives no price if C₂ ever falls as the
// price rises.
func breakEven(set *tariff.Set, sc *Scenario, months []ScenarioMonth, cmp *Comparison) BreakEven {
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
				be.ZH = fmt.Sprintf("%s 的偏差考核随交易价格变化，C₂ 在 %s 元/kWh 处随价格上升而下降，不存在唯一的盈亏平衡价格", rule, Price(decimal.New(k, -4)))
				be.EN = fmt.Sprintf("under %s the deviation penalty depends on the traded price and C₂ falls as the price rises at %s 元/kWh: no single break-even price", rule, Price(decimal.New(k, -4)))
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
