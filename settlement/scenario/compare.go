package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Comparison is the measure-9 comparison of a scenario (README §4): whole
// bills A → B → C₂ → C every month, savings by lever as differences of
// rounded totals, annual sums, the plans, the break-even price, and every
// source and warning behind them; with Estimate, also what the saving rests
// on and how far it moves (README §4.1).
type Comparison struct {
	Scenario *Scenario // the scenario compared
	// Months are the scenario's months settled, in order: each with its
	// usage resolved (interval data aggregated), the bills of A, B, C₂ and C
	// and the savings between them.
	Months     []Month
	PlanA      settlement.Plan // A's basic-charge plan (rule set Scenario.RulesA)
	PlanB      settlement.Plan // B's basic-charge plan, kept by C₂ and C
	Annual     Savings         // the months summed (Month and Group zero)
	HasCaptive bool            // some month has a captive supply (lever 3)
	Reasons    []Code          // why a lever saves nothing

	// BreakEven is the break-even traded (or market) price of README §4,
	// 元/kWh: the largest price on the 0.0001 元/kWh grid in [0,
	// BreakEvenMax] at which annual C₂ ≤ annual B, truncated; null when
	// there is none (BreakEvenRule, BreakEvenZH and BreakEvenEN say why).
	BreakEven decimal.NullDecimal
	// BreakEvenAtLeastMax says C₂(BreakEvenMax) ≤ B: the price is "≥
	// BreakEvenMax".
	BreakEvenAtLeastMax bool
	// BreakEvenMax is P_max, the search's upper end. The scenario's
	// structure says what it is: the highest catalog price of the plant's
	// tier over the months (tariff.Structure2016), or the highest agency
	// purchase price (tariff.Structure2023).
	BreakEvenMax decimal.Decimal
	// BreakEvenRule names the deviation rule set whose price-dependent
	// penalty leaves no single break-even price; empty otherwise.
	BreakEvenRule            string
	BreakEvenZH, BreakEvenEN string // why BreakEven is null, in Chinese and English; empty when it is not

	Sources  []settlement.Source  // every table used, first use first
	Warnings []settlement.Warning // every warning of every bill and plan, once

	// The estimate (README §4.1, "What makes the estimate decision-grade"),
	// filled by Estimate only: every figure comes from whole bills.
	//
	// Estimated says the fields below are filled.
	Estimated bool
	// Assumptions are every input of the comparison that is not measured.
	Assumptions []Assumption
	// Bridge splits the bills and levers by line group: for each month one
	// row per group of tariff.LineGroups, in that order, then the same rows
	// for the year (Month zero). A month's rows add up to its totals and
	// levers exactly.
	Bridge []Savings
	// EnergyWithTND is the subtotal energy + T&D (tariff.LineGroupEnergyWithTND)
	// of each month, then of the year; it is not part of Bridge's sum.
	EnergyWithTND []Savings
	// Sensitivity is annual C₂, L2 and saving with every month's traded (or
	// market) price moved by Δ = −0.0300, −0.0250, …, +0.0300 元/kWh; a point
	// whose price would be below 0 is left out.
	Sensitivity []Variant
	// OpenPoints is the saving under each other reading (README §4.1, open
	// points) that can change this scenario: the 105 % reading of a rule set
	// under which a month's demand exceeds 105 % of its contract, and (2016
	// structure) each other deviation rule set. Plans are optimised again
	// where they are "cheapest".
	OpenPoints []Variant
	// MediumWeights is the change of the saving when one MEDIUM numeric value
	// the comparison used is 1 % higher, all bills settled again (values
	// derived from it follow); largest change first. Zero values, dates and
	// values of other classes and voltage tiers are left out.
	MediumWeights []Variant
	// NegativeLevers explains every month in which a lever is negative.
	NegativeLevers []NegativeLever
}

// Savings are the totals of arrangements A, B, C₂ and C and the savings by
// lever between them (README §4), in 元: L1 = A − B, L2 = B − C₂, L3 = C₂ − C
// and Total = A − C, negative when the later arrangement costs more. A row
// covers a month or the year (Month zero), and whole bills or the lines of
// one line group (a bridge row, README §4.1: the sum of the group's lines in
// each bill).
type Savings struct {
	Month             tariff.Month     // the month; zero for the year
	Group             tariff.LineGroup // the line group of a bridge row; empty for whole bills
	KWh               decimal.Decimal  // the month's (the year's) consumption, self-supply included, kWh
	A, B, C2, C       decimal.Decimal  // each arrangement's total (of the group's lines)
	L1, L2, L3, Total decimal.Decimal  // A − B, B − C₂, C₂ − C and A − C
}

// SavingPercent returns Total × 100 ÷ A, one fraction rounded once, half away
// from zero, to 2 decimals; zero when A is not positive.
func (s Savings) SavingPercent() decimal.Decimal {
	if !s.A.IsPositive() {
		return decimal.Decimal{}
	}
	return s.Total.Mul(decimal.NewFromInt(100)).DivRound(s.A, 2)
}

// SavingPerKWh returns Total ÷ KWh (元/kWh), one fraction rounded once, half
// away from zero, to 4 decimals; zero when KWh is not positive.
func (s Savings) SavingPerKWh() decimal.Decimal {
	if !s.KWh.IsPositive() {
		return decimal.Decimal{}
	}
	return s.Total.DivRound(s.KWh, 4)
}

// add adds t's figures to s's.
func (s Savings) add(t Savings) Savings {
	s.KWh = s.KWh.Add(t.KWh)
	s.A, s.B, s.C2, s.C = s.A.Add(t.A), s.B.Add(t.B), s.C2.Add(t.C2), s.C.Add(t.C)
	s.L1, s.L2, s.L3, s.Total = s.L1.Add(t.L1), s.L2.Add(t.L2), s.L3.Add(t.L3), s.Total.Add(t.Total)
	return s
}

// zeroSavings is a row of zeros (decimal.Zero, as sums start).
func zeroSavings(m tariff.Month, g tariff.LineGroup) Savings {
	z := decimal.Zero
	return Savings{Month: m, Group: g, KWh: z, A: z, B: z, C2: z, C: z, L1: z, L2: z, L3: z, Total: z}
}

// Compare settles every month of the scenario under A, B, C₂ and C with the
// default tables s plus the scenario's own tables.
//
// Compare returns a *settlement.Error, located in the scenario file where it
// can be (a month's error carries the month; a table lookup's *tariff.Error
// is behind it, for errors.As), if:
//   - the scenario's tables clash with s (overlap, duplicate id);
//   - a month has no table in force, or a named table or rule set is missing;
//   - a stated plan changes its choice inside a change period, or a rule is broken;
//   - any bill fails (the errors of CatalogBill, DirectTradeBill, PurchaseBill).
func Compare(s *tariff.Set, sc *Scenario) (*Comparison, error) {
	set, months, err := prepare(s, sc)
	if err != nil {
		return nil, err
	}
	return compareMonths(set, sc, months)
}

// prepare adds the scenario's tables to s, checks the tables it names and
// resolves the usage of its months.
func prepare(s *tariff.Set, sc *Scenario) (*tariff.Set, []Month, error) {
	set, err := s.With(sc.Tables...)
	if err != nil {
		return nil, nil, err
	}
	if err := sc.checkPlant(set); err != nil {
		return nil, nil, err
	}
	if err := sc.checkNamedTables(set); err != nil {
		return nil, nil, err
	}
	months, err := sc.resolveMonths(set)
	if err != nil {
		return nil, nil, err
	}
	if err := sc.checkAluminium(months); err != nil {
		return nil, nil, err
	}
	return set, months, nil
}

// compareMonths plans and settles the months with set (the scenario's tables
// included) and finds the break-even price.
func compareMonths(set *tariff.Set, sc *Scenario, months []Month) (*Comparison, error) {
	cmp := &Comparison{Scenario: sc}
	energy, err := cmp.plan(set, months)
	if err != nil {
		return nil, err
	}
	g := newGather(cmp)
	if err := cmp.settle(set, months, g); err != nil {
		return nil, err
	}
	g.planWarnings()
	g.tableWarnings()
	cmp.Reasons = reasons(cmp)
	breakEven(set, sc, months, cmp, energy)
	return cmp, nil
}

// compareTotals is compareMonths for the estimate's variants, which read
// the plans and the year's totals and levers only: the months are settled
// by settlement's numbers-only path (the same totals and errors, none of
// the bills' text), and the comparison holds PlanA, PlanB and Annual.
func compareTotals(set *tariff.Set, sc *Scenario, months []Month) (*Comparison, error) {
	cmp := &Comparison{Scenario: sc}
	if _, err := cmp.plan(set, months); err != nil {
		return nil, err
	}
	an := zeroSavings(tariff.Month{}, "")
	price := scenarioPrice(sc)
	for i := range months {
		sm := &months[i]
		a, b, c2, c, err := monthTotals(recipes{set, sc, sm}, cmp.PlanA.Months[i], cmp.PlanB.Months[i], cmp.PlanA.Rules, cmp.PlanB.Rules, price)
		if err != nil {
			return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		if sm.Captive != nil {
			cmp.HasCaptive = true
		}
		an.KWh = an.KWh.Add(sm.KWh())
		an.A, an.B, an.C2, an.C = an.A.Add(a), an.B.Add(b), an.C2.Add(c2), an.C.Add(c)
	}
	an.L1, an.L2, an.L3, an.Total = an.A.Sub(an.B), an.B.Sub(an.C2), an.C2.Sub(an.C), an.A.Sub(an.C)
	cmp.Annual = an
	return cmp, nil
}

// monthTotals are the Totals of the bills settleMonth settles (A, B, C₂
// and C), in the same order, numbers only.
func monthTotals(r recipes, chA, chB settlement.PlanPeriod, rulesA, rulesB string, price decimal.NullDecimal) (a, b, c2, c decimal.Decimal, err error) {
	sc, sm := r.sc, r.sm
	if a, err = r.beforeTotal(sm.Usage, options(sc, sm.Usage, chA, rulesA, "A")); err != nil {
		return
	}
	if b, err = r.beforeTotal(sm.Usage, options(sc, sm.Usage, chB, rulesB, "B")); err != nil {
		return
	}
	if c2, err = r.afterTotal(sm.Usage, options(sc, sm.Usage, chB, rulesB, "C₂"), sm.ContractKWh, price); err != nil {
		return
	}
	if sm.Captive == nil {
		return a, b, c2, c2, nil
	}
	optC := options(sc, sm.CaptiveGrid, chB, rulesB, "C")
	optC.Captive = sm.Captive
	c, err = r.afterTotal(sm.CaptiveGrid, optC, sm.CaptiveContractKWh, price)
	return
}

// checkNamedTables checks the tables the scenario names up front, so errors
// point at the field naming them.
func (sc *Scenario) checkNamedTables(set *tariff.Set) error {
	if sc.Structure != tariff.Structure2023 {
		if _, err := set.Deviation(sc.Deviation); err != nil {
			return sc.errAt("c2.deviation", "arrangements.c2.deviation", err)
		}
	}
	if sc.TND != "" && !set.Has(tariff.KindTND, sc.TND) {
		return sc.errAt("c2.tnd", "arrangements.c2.tnd", noTable(tariff.KindTND, sc.TND))
	}
	if sc.TOU != "" && !set.Has(tariff.KindTOURatios, sc.TOU) {
		return sc.errAt("tou", "tou", noTable(tariff.KindTOURatios, sc.TOU))
	}
	return nil
}

// noTable is the error that set has no table of the kind with the given id,
// as a lookup would give it.
func noTable(kind tariff.Kind, id string) error {
	return &tariff.Error{Kind: kind, ID: id, Reason: fmt.Sprintf("no %s table with id %q", kind, id)}
}

// plan finds the basic-charge plans of A and B over the months; it returns
// the months' catalog energy prices (2016 structure; nil in the 2023
// structure), looked up with their basic prices, for P_max.
func (cmp *Comparison) plan(set *tariff.Set, months []Month) ([]decimal.Decimal, error) {
	sc := cmp.Scenario
	first := sc.Months[0].Usage.Month.First()
	rulesA, err := scenarioRules(set, sc, "a", sc.RulesA, first)
	if err != nil {
		return nil, err
	}
	rulesB, err := scenarioRules(set, sc, "b", sc.RulesB, first)
	if err != nil {
		return nil, err
	}
	usages := make([]settlement.Usage, len(months))
	ms := make([]tariff.Month, len(months))
	kva, kw := make([]decimal.Decimal, len(months)), make([]decimal.Decimal, len(months))
	var energy []decimal.Decimal
	if sc.Structure != tariff.Structure2023 {
		energy = make([]decimal.Decimal, len(months))
	}
	for i := range months {
		sm := &months[i]
		p, err := basicPrices(set, sc, sm)
		if err != nil {
			return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		kva[i], kw[i] = p.BasicKVA, p.BasicKW
		if energy != nil {
			energy[i] = p.Energy
		}
		usages[i], ms[i] = sm.Usage, sm.Usage.Month
	}
	prices := func(m tariff.Month) (decimal.Decimal, decimal.Decimal) {
		i := slices.Index(ms, m)
		return kva[i], kw[i]
	}
	if cmp.PlanA, err = plan(sc, "a", sc.StatedA, rulesA, usages, prices); err != nil {
		return nil, err
	}
	if cmp.PlanB, err = plan(sc, "b", sc.StatedB, rulesB, usages, prices); err != nil {
		return nil, err
	}
	return energy, nil
}

// settle settles every month under the plans and sums the year.
func (cmp *Comparison) settle(set *tariff.Set, months []Month, g *gather) error {
	sc := cmp.Scenario
	an := zeroSavings(tariff.Month{}, "")
	cmp.Months = make([]Month, 0, len(months))
	for i := range months {
		sm := &months[i]
		cmp.Months = append(cmp.Months, Month{}) // within its capacity: m and the bills gather keeps stay put
		m := &cmp.Months[i]
		if err := settleMonth(set, sc, sm, cmp.PlanA.Months[i], cmp.PlanB.Months[i], cmp.PlanA.Rules, cmp.PlanB.Rules, m); err != nil {
			return sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
		}
		if sm.Captive != nil {
			cmp.HasCaptive = true
		}
		for j, b := range [...]*settlement.Bill{&m.A, &m.B, &m.C2, &m.C} {
			g.bill(j, b)
		}
		an.KWh = an.KWh.Add(m.KWh())
		an.A, an.B, an.C2, an.C = an.A.Add(m.A.Total), an.B.Add(m.B.Total), an.C2.Add(m.C2.Total), an.C.Add(m.C.Total)
	}
	// The year's levers are the differences of its totals: the sums of the
	// months' levers, each the same decimal (value and exponent).
	an.L1, an.L2, an.L3, an.Total = an.A.Sub(an.B), an.B.Sub(an.C2), an.C2.Sub(an.C), an.A.Sub(an.C)
	cmp.Annual = an
	return nil
}

// gather collects a comparison's sources and warnings, each once.
type gather struct {
	cmp   *Comparison
	srcs  map[string]bool
	warns map[[2]string]bool // code, subject
	// last are the last bills gathered of A, B, C₂ and C: a bill with the
	// same sources and warnings (ids, codes and subjects) as one of them
	// adds nothing, as most months' bills of an arrangement do (and C
	// without captive supply, which is C₂).
	last [4]*settlement.Bill
}

func newGather(cmp *Comparison) *gather {
	return &gather{cmp: cmp, srcs: map[string]bool{}, warns: map[[2]string]bool{}}
}

// bill gathers the sources and warnings of b, the bill of arrangement i (A,
// B, C₂, C: 0 … 3). A bill whose sources and warnings are the same as the
// last one gathered of its arrangement (or, for C, of C₂) is passed over:
// sound because gathering reads only each source's ID and each warning's
// Code and Subject, which sameSources compares.
func (g *gather) bill(i int, b *settlement.Bill) {
	if r := g.last[i]; r != nil && sameSources(r, b) {
		return
	}
	g.last[i] = b
	if i == 3 && g.last[2] != nil && sameSources(g.last[2], b) {
		return
	}
	for _, s := range b.Sources {
		if !g.srcs[s.ID] {
			g.srcs[s.ID] = true
			s.Medium = slices.Clone(s.Medium) // the comparison's own, not the bill's
			g.cmp.Sources = append(g.cmp.Sources, s)
		}
	}
	for _, w := range b.Warnings {
		if w.Code == settlement.WarningMediumValue && g.suppliedTable(w.Subject) {
			// Not "seen in secondary sources": the scenario supplied the
			// table, and tableWarnings says so.
			continue
		}
		g.warning(w)
	}
}

// sameSources reports whether a and b have the same sources (ids) and
// warnings (codes and subjects), in the same order.
func sameSources(a, b *settlement.Bill) bool {
	if len(a.Sources) != len(b.Sources) || len(a.Warnings) != len(b.Warnings) {
		return false
	}
	for i := range a.Sources {
		if a.Sources[i].ID != b.Sources[i].ID {
			return false
		}
	}
	for i := range a.Warnings {
		if a.Warnings[i].Code != b.Warnings[i].Code || a.Warnings[i].Subject != b.Warnings[i].Subject {
			return false
		}
	}
	return true
}

// suppliedTable reports whether id is a table the scenario supplied.
func (g *gather) suppliedTable(id string) bool {
	for _, t := range g.cmp.Scenario.Tables {
		if _, ok := t.Header(id); ok {
			return true
		}
	}
	return false
}

func (g *gather) warning(w settlement.Warning) {
	k := [2]string{string(w.Code), w.Subject}
	if !g.warns[k] {
		g.warns[k] = true
		g.cmp.Warnings = append(g.cmp.Warnings, w)
	}
}

// planWarnings warns that an optimised plan assumes hindsight, and says what
// that means for L1 = A − B (the same as the plan assumptions of Estimate).
func (g *gather) planWarnings() {
	a, b := g.cmp.PlanA.Optimised, g.cmp.PlanB.Optimised
	for _, p := range []settlement.Plan{g.cmp.PlanA, g.cmp.PlanB} {
		if !p.Optimised {
			continue
		}
		zh, en := "A 按用户申报方案，因此调整基本电费计费方法的节省是上限", "with A as stated, L1 (A − B) is an upper bound"
		switch {
		case a && b:
			zh, en = "A、B 均为事后最优方案，调整基本电费计费方法的节省可能高估也可能低估", "A and B are both cheapest with hindsight, so L1 (A − B) may be over- or understated"
		case a:
			zh, en = "B 按用户申报方案，因此调整基本电费计费方法的节省是下限", "with B as stated, L1 (A − B) is a lower bound"
		}
		doc := p.Document
		if doc == "" {
			doc = p.Rules
		}
		g.warning(settlement.Warning{Code: settlement.WarningHindsightPlan, Subject: p.Rules,
			ZH: fmt.Sprintf("按%s的基本电费方案是事后最优方案：假定事先知道各月需量、不考虑提前申请的期限，是规则允许的最低费用，企业实际支付不会低于此数；%s", doc, zh),
			EN: fmt.Sprintf("the plan under %s is optimised with hindsight (perfect foresight of demand, no notice periods): the best the rules allow, a lower bound on what a plant would pay under them; %s", p.Rules, en)})
	}
}

// tableWarnings warns about every table the scenario supplied that a bill used.
func (g *gather) tableWarnings() {
	for _, h := range g.cmp.Scenario.tableHeaders() {
		if g.srcs[h.ID] {
			g.cmp.Warnings = append(g.cmp.Warnings, settlement.Warning{Code: settlement.WarningUserTable, Subject: h.ID,
				ZH: fmt.Sprintf("表 %s（%s）是随情景提供的输入（%s），不是本库发布的表，其数值由情景负责", h.ID, h.Document, h.File),
				EN: fmt.Sprintf("table %s (%s) is input supplied with the scenario (%s), not a table shipped with the library; its numbers are the scenario's own", h.ID, h.Document, h.File)})
		}
	}
}

func scenarioRules(set *tariff.Set, sc *Scenario, key, id string, first tariff.Date) (*tariff.Rules, error) {
	r, err := set.BasicRules(sc.Customer.Region, first, id)
	if err != nil {
		return nil, sc.errAt(key+".rules", "arrangements."+key+".rules", err)
	}
	if id == "" {
		// One rule set must hold for the whole run when none is named.
		for i, sm := range sc.Months {
			if !r.Head().InForce(sm.Usage.Month.First()) {
				return nil, sc.failAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), fmt.Sprintf("rule set %s (in force in the first month) is not in force; name the rule set of arrangement %s", r.Head().ID, key))
			}
		}
	}
	return r, nil
}

// basicPrices are the prices a month's plan is evaluated at: the
// catalog's (2016 structure) or the T&D table's (2023 structure).
func basicPrices(set *tariff.Set, sc *Scenario, sm *Month) (tariff.Price, error) {
	c := sc.Customer
	d := sm.Usage.Month.First()
	if sc.Structure == tariff.Structure2023 {
		return set.TND(c.Region, c.VoltageKV, d, sc.TND)
	}
	return set.Catalog(c.Region, c.Class, c.VoltageKV, d)
}

// plan is arrangement key's plan under r: the stated plan, or the cheapest
// plan when stated is nil.
func plan(sc *Scenario, key string, stated []settlement.PlanPeriod, r *tariff.Rules, usages []settlement.Usage, prices func(tariff.Month) (decimal.Decimal, decimal.Decimal)) (settlement.Plan, error) {
	var p settlement.Plan
	var err error
	if stated == nil {
		p, err = settlement.OptimisePlan(r, sc.Customer, usages, prices)
	} else {
		p, err = settlement.StatedPlan(r, sc.Customer, usages, prices, stated)
	}
	if err != nil {
		if se := (*settlement.Error)(nil); errors.As(err, &se) && strings.HasPrefix(se.Field, "stated[") {
			// The plan's place in the file locates it: not the Go API's
			// stated[i], one period per month here.
			c := *se
			c.Field = ""
			err = &c
		}
		return settlement.Plan{}, sc.errAt(key+".plan", "arrangements."+key+".plan", err)
	}
	return p, nil
}

// recipes are the bills of one scenario month: before (A and B: the catalog
// tariff, or agency purchase) and after (C₂ and C: direct trade, or market
// purchase at a price).
type recipes struct {
	set *tariff.Set
	sc  *Scenario
	sm  *Month
}

func (r recipes) before(u settlement.Usage, o settlement.Options) (settlement.Bill, error) {
	c := r.sc.Customer
	if r.sc.Structure == tariff.Structure2023 {
		return settlement.PurchaseBill(r.set, c, u, o, r.agency())
	}
	return settlement.CatalogBill(r.set, c, u, o)
}

// beforeTotal is the Total of the bill before returns, numbers only.
func (r recipes) beforeTotal(u settlement.Usage, o settlement.Options) (decimal.Decimal, error) {
	c := r.sc.Customer
	if r.sc.Structure == tariff.Structure2023 {
		return settlement.PurchaseTotal(r.set, c, u, o, r.agency())
	}
	return settlement.CatalogTotal(r.set, c, u, o)
}

// after bills C₂ or C for usage u with the contracted kWh (2016 structure)
// at the traded (or market) price.
func (r recipes) after(u settlement.Usage, o settlement.Options, contracted, price decimal.NullDecimal) (settlement.Bill, error) {
	c := r.sc.Customer
	if r.sc.Structure == tariff.Structure2023 {
		var k [1]settlement.Contract
		return settlement.PurchaseBill(r.set, c, u, o, r.market(u, price, k[:]))
	}
	return settlement.DirectTradeBill(r.set, c, u, o, r.contract(u, contracted, price))
}

// afterTotal is the Total of the bill after returns, computed without the
// bill's text (settlement's numbers-only path): the break-even search's bill.
func (r recipes) afterTotal(u settlement.Usage, o settlement.Options, contracted, price decimal.NullDecimal) (decimal.Decimal, error) {
	c := r.sc.Customer
	if r.sc.Structure == tariff.Structure2023 {
		var k [1]settlement.Contract
		return settlement.PurchaseTotal(r.set, c, u, o, r.market(u, price, k[:]))
	}
	return settlement.DirectTradeTotal(r.set, c, u, o, r.contract(u, contracted, price))
}

// market is the purchase of C₂ or C in the 2023 structure: all kWh in one
// market contract at price, held in k.
func (r recipes) market(u settlement.Usage, price decimal.NullDecimal, k []settlement.Contract) settlement.Purchase {
	mkt := r.agency()
	mkt.Arrangement, mkt.AgencyPrice = settlement.ArrangementMarketPurchase, decimal.NullDecimal{}
	k[0] = settlement.Contract{KWh: u.KWh, Price: price}
	mkt.Contracts = k
	return mkt
}

// contract is the direct-trade contract of C₂ or C in the 2016 structure.
func (r recipes) contract(u settlement.Usage, contracted, price decimal.NullDecimal) settlement.Contract {
	return settlement.Contract{Price: price, TND: r.sc.TND, Deviation: r.sc.Deviation, KWh: contractKWh(r.sc, contracted, u.BilledKWh())}
}

func (r recipes) agency() settlement.Purchase {
	return settlement.Purchase{Arrangement: settlement.ArrangementAgencyPurchase, AgencyPrice: r.sm.AgencyPrice, SystemOperation: r.sm.SystemOperation,
		PublishedLossPrice: r.sm.PublishedLossPrice, TND: r.sc.TND, ExamplePrices: r.sc.ExamplePrices}
}

// options are the bill options of arrangement B (and C₂, C) for a month's usage.
func options(sc *Scenario, u settlement.Usage, ch settlement.PlanPeriod, rules, label string) settlement.Options {
	return settlement.Options{Method: ch.Method, ContractKW: ch.ContractKW, Rules: rules, TOU: touFor(sc, u), Label: label}
}

// settleMonth settles one month under A, B, C₂ and C at the scenario's own
// prices, and the levers between them, into mr: the comparison's month, its
// own copy of sm.
func settleMonth(set *tariff.Set, sc *Scenario, sm *Month, chA, chB settlement.PlanPeriod, rulesA, rulesB string, mr *Month) error {
	r := recipes{set, sc, sm}
	*mr = sm.clone()
	var err error
	if mr.A, err = r.before(sm.Usage, options(sc, sm.Usage, chA, rulesA, "A")); err != nil {
		return err
	}
	if mr.B, err = r.before(sm.Usage, options(sc, sm.Usage, chB, rulesB, "B")); err != nil {
		return err
	}
	price := scenarioPrice(sc)
	if mr.C2, err = r.after(sm.Usage, options(sc, sm.Usage, chB, rulesB, "C₂"), sm.ContractKWh, price); err != nil {
		return err
	}
	if sm.Captive != nil {
		optC := options(sc, sm.CaptiveGrid, chB, rulesB, "C")
		optC.Captive = sm.Captive
		if mr.C, err = r.after(sm.CaptiveGrid, optC, sm.CaptiveContractKWh, price); err != nil {
			return err
		}
	} else {
		mr.C = mr.C2.Clone() // its own slices: a caller may edit one bill
		mr.C.Label = "C"
	}
	mr.L1 = mr.A.Total.Sub(mr.B.Total)
	mr.L2 = mr.B.Total.Sub(mr.C2.Total)
	mr.L3 = mr.C2.Total.Sub(mr.C.Total)
	mr.Total = mr.A.Total.Sub(mr.C.Total)
	if !mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.Total) {
		return errors.New("L1 + L2 + L3 ≠ A − C (internal error)")
	}
	return nil
}

// afterBill is one month's bill after (C₂ or C) as a search settles it at
// many prices, numbers only: its usage, options and contract (or market
// purchase) worked out once, the price given at each call. It holds
// pointers into the month and scenario it was made from.
type afterBill struct {
	set *tariff.Set
	c   *settlement.Customer
	u   *settlement.Usage
	opt settlement.Options
	k   settlement.Contract    // the direct-trade contract (2016 structure), without its price
	buy *settlement.Purchase   // the market purchase (2023 structure); nil in the 2016 structure
	mkt [1]settlement.Contract // buy's one contract, without its price
}

// afterBill is what afterTotal settles for usage u, worked out once.
func (r recipes) afterBill(u *settlement.Usage, o settlement.Options, contracted decimal.NullDecimal) afterBill {
	a := afterBill{set: r.set, c: &r.sc.Customer, u: u, opt: o}
	if r.sc.Structure == tariff.Structure2023 {
		buy := r.market(*u, decimal.NullDecimal{}, a.mkt[:])
		a.buy = &buy
		return a
	}
	a.k = r.contract(*u, contracted, decimal.NullDecimal{})
	return a
}

// total is the bill's Total at the price p: afterTotal's.
func (a *afterBill) total(p decimal.Decimal) (decimal.Decimal, error) {
	if a.buy != nil {
		a.mkt[0].Price = decimal.NewNullDecimal(p)
		// An afterBill is copied by value (into search.after): buy's
		// Contracts must point at this copy's mkt, not the original's, so
		// it is set again on every call. total changes a: an afterBill is
		// not shared between goroutines.
		a.buy.Contracts = a.mkt[:]
		return settlement.PurchaseTotal(a.set, *a.c, *a.u, a.opt, *a.buy)
	}
	k := a.k
	k.Price = decimal.NewNullDecimal(p)
	return settlement.DirectTradeTotal(a.set, *a.c, *a.u, a.opt, k)
}

func contractKWh(sc *Scenario, v decimal.NullDecimal, kwh decimal.Decimal) decimal.Decimal {
	if v.Valid {
		return v.Decimal
	}
	return sc.ContractShare.Decimal.Mul(kwh)
}

func touFor(sc *Scenario, u settlement.Usage) string {
	if len(u.ByPeriod) > 0 {
		return sc.TOU
	}
	return ""
}
