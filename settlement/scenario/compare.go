package scenario

import (
	"fmt"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Comparison is the measure-9 comparison of a scenario (README §4): whole
// bills A → B → C₂ → C every month, savings by lever as differences of
// rounded totals, annual sums, the plans, the break-even price, and every
// source and warning behind them.
type Comparison struct {
	Scenario   *Scenario
	Months     []MonthResult
	PlanA      settlement.Plan
	PlanB      settlement.Plan
	Annual     Annual
	HasCaptive bool
	Reasons    []Reason // why a lever saves nothing
	BreakEven  BreakEven
	Sources    []settlement.Source  // every table used, first use first
	Warnings   []settlement.Warning // every warning of every bill and plan, once
}

// MonthResult is one month of a comparison.
type MonthResult struct {
	Month         tariff.Month
	KWh           decimal.Decimal // consumption, self-supply included
	A, B, C2, C   settlement.Bill // C is C₂ when the month has no captive supply
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
	pms := make([]settlement.PlanMonth, len(months))
	for i, sm := range months {
		pkva, pkw, err := basicPrices(set, sc, sm)
		if err != nil {
			return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		pms[i] = settlement.PlanMonth{Usage: sm.Usage, HasKWh: true, PriceKVA: pkva, PriceKW: pkw}
	}
	if cmp.PlanA, err = plan(sc, "a", sc.A, rulesA, pms); err != nil {
		return nil, err
	}
	if cmp.PlanB, err = plan(sc, "b", sc.B, rulesB, pms); err != nil {
		return nil, err
	}
	seenSrc, seenWarn := map[string]bool{}, map[string]bool{}
	collect := func(b settlement.Bill) {
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
		for _, b := range []settlement.Bill{mr.A, mr.B, mr.C2, mr.C} {
			collect(b)
		}
		cmp.Months = append(cmp.Months, mr)
		an.A, an.B, an.C2, an.C = an.A.Add(mr.A.Total), an.B.Add(mr.B.Total), an.C2.Add(mr.C2.Total), an.C.Add(mr.C.Total)
		an.L1, an.L2, an.L3, an.Total = an.L1.Add(mr.L1), an.L2.Add(mr.L2), an.L3.Add(mr.L3), an.Total.Add(mr.Total)
		an.KWh = an.KWh.Add(mr.KWh)
	}
	if an.A.IsPositive() {
		an.SavingPercent = an.Total.Mul(decimal.NewFromInt(100)).DivRound(an.A, exact.DivPlaces).Round(2)
	}
	if an.KWh.IsPositive() {
		an.SavingPerKWh = an.Total.DivRound(an.KWh, exact.DivPlaces).Round(4)
	}
	for _, p := range []settlement.Plan{cmp.PlanA, cmp.PlanB} {
		if p.Optimised {
			w := settlement.Warning{Code: "hindsight_plan",
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
			cmp.Warnings = append(cmp.Warnings, settlement.Warning{Code: "user_table",
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
func basicPrices(set *tariff.Set, sc *Scenario, sm Month) (decimal.Decimal, decimal.Decimal, error) {
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

func plan(sc *Scenario, key string, ps PlanSpec, r *tariff.BasicRules, pms []settlement.PlanMonth) (settlement.Plan, error) {
	var p settlement.Plan
	var err error
	if ps.Cheapest {
		p, err = settlement.OptimisePlan(r, sc.Customer, pms)
	} else {
		p, err = settlement.StatedPlan(r, sc.Customer, pms, ps.Stated)
	}
	if err != nil {
		return settlement.Plan{}, sc.errAt(key+".plan", "arrangements."+key+".plan", err)
	}
	return p, nil
}

// settleMonth settles one month under A, B, C₂ and C. A non-null price
// replaces the traded (or market) price of C₂ and C (break-even search).
func settleMonth(set *tariff.Set, sc *Scenario, sm Month, chA, chB settlement.Choice, rulesA, rulesB string, price decimal.NullDecimal) (MonthResult, error) {
	c := sc.Customer
	mr := MonthResult{Month: sm.Usage.Month, KWh: sm.Usage.KWh, Origin: sm.Origin, FromIntervals: sm.Origin != "register"}
	optA := settlement.Options{Choice: chA, Rules: rulesA, TOU: touFor(sc, sm.Usage), Label: "A"}
	optB := settlement.Options{Choice: chB, Rules: rulesB, TOU: touFor(sc, sm.Usage), Label: "B"}
	optC2 := optB
	optC2.Label = "C₂"
	// before bills A and B (catalog, or agency purchase); after bills C₂ and C
	// (direct trade, or market purchase) for a usage and its contracted kWh.
	var before func(settlement.Usage, settlement.Options) (settlement.Bill, error)
	var after func(u settlement.Usage, o settlement.Options, contracted decimal.NullDecimal) (settlement.Bill, error)
	if sc.Structure == "2023" {
		agency := settlement.Purchase{Arrangement: settlement.AgencyPurchase, AgencyPrice: sm.AgencyPrice, SystemOperation: sm.SystemOperation, TND: sc.C2.TND, ExamplePrices: sc.ExamplePrices}
		mp := sc.C2.MarketPrice
		if price.Valid {
			mp = price
		}
		before = func(u settlement.Usage, o settlement.Options) (settlement.Bill, error) {
			return settlement.Bill2023(set, c, u, o, agency)
		}
		after = func(u settlement.Usage, o settlement.Options, _ decimal.NullDecimal) (settlement.Bill, error) {
			mkt := agency
			mkt.Arrangement, mkt.AgencyPrice = settlement.MarketPurchase, decimal.NullDecimal{}
			mkt.Contracts = []settlement.MarketContract{{KWh: u.KWh, Price: mp.Decimal}}
			return settlement.Bill2023(set, c, u, o, mkt)
		}
	} else {
		k := settlement.Contract{Price: sc.C2.Price, TND: sc.C2.TND, Deviation: sc.C2.Deviation}
		if price.Valid {
			k.Price = price
		}
		before = func(u settlement.Usage, o settlement.Options) (settlement.Bill, error) {
			return settlement.CatalogBill(set, c, u, o)
		}
		after = func(u settlement.Usage, o settlement.Options, contracted decimal.NullDecimal) (settlement.Bill, error) {
			k.KWh = contractKWh(sc, contracted, u.KWh)
			return settlement.DirectTradeBill(set, c, u, o, k)
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
		return mr, fmt.Errorf("scenario: %s: L1 + L2 + L3 ≠ A − C (internal error)", mr.Month)
	}
	return mr, nil
}

func contractKWh(sc *Scenario, v decimal.NullDecimal, kwh decimal.Decimal) decimal.Decimal {
	if v.Valid {
		return v.Decimal
	}
	return sc.C2.Share.Decimal.Mul(kwh)
}

func touFor(sc *Scenario, u settlement.Usage) string {
	if len(u.ByPeriod) > 0 {
		return sc.TOU
	}
	return ""
}
