package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Variant is the year settled again, whole bills, with one input changed
// (README §4.1): the traded (or market) price moved (a sensitivity point),
// a configurable reading taken the other way (an open point), or one MEDIUM
// value 1 % higher (its weight).
type Variant struct {
	// Table is the table or rule set changed; empty when the change is to
	// the scenario.
	Table string
	// Path is what changed: the value's path in Table ("price",
	// "excess.reading"), or the scenario's field ("arrangements.c2.price",
	// "arrangements.c2.deviation").
	Path     string
	From, To string // the value before and after, as text
	// Value is the new value and Delta = To − From, when the value is a
	// number (the price at a sensitivity point; a MEDIUM value × 1.01).
	Value, Delta   decimal.Decimal
	C2, L2, Saving decimal.Decimal // annual C₂, L2 = B − C₂ and saving A − C
	Change         decimal.Decimal // Saving − the comparison's saving
	ZH, EN         string          // what was changed, for reports
}

// NegativeLever explains a month in which a lever is negative (the later
// arrangement costs more): the line group with the most negative share and,
// where a basic-charge plan caused it, the change-period rule that held B's
// choice.
type NegativeLever struct {
	Month       tariff.Month     // the month the lever is negative
	Lever       string           // "L1", "L2" or "L3", as Code.Lever
	Amount      decimal.Decimal  // the lever, below zero
	Group       tariff.LineGroup // the line group with the most negative share
	GroupAmount decimal.Decimal  // the group's share of the lever
	// Rule names the change-period rule that held B's choice in the month:
	// the rule set id and "method_change" or "contract_change"; empty when
	// no plan caused it. From and To are that change period.
	Rule     string
	From, To tariff.Month // first and last month of Rule's change period; zero when Rule is empty
	ZH, EN   string       // the explanation in Chinese and in English
}

// Assumption is an input of the comparison that is not a measured quantity:
// what it is, its value (language-neutral: a price, a share, an id, a code),
// where it came from (the scenario file and field, a table file), and the
// value explained for reports.
type Assumption struct {
	Code  Code   // what the assumption is (an Assumption… code), for programs; reports translate it
	Value string // its value, language-neutral: a price, a share, an id, a code
	// Origin is where the value came from: "FILE: field path", a table's file,
	// or a README section.
	Origin string
	// Field is the scenario file's field path when the value came from the
	// scenario file; else empty.
	Field  string
	ZH, EN string // the value explained, in Chinese and in English
}

// The assumptions.
const (
	AssumptionTradedPrice    Code = "traded_price"    // the traded price of every month (2016 structure)
	AssumptionMarketPrice    Code = "market_price"    // the market price of every month (2023 structure)
	AssumptionAgencyPrice    Code = "agency_price"    // the agency purchase prices of the months (2023 structure)
	AssumptionContractedKWh  Code = "contracted_kwh"  // C₂'s contracted kWh: "stated" per month, or a share of consumption
	AssumptionDeviationRules Code = "deviation_rules" // the deviation rule set of C₂
	AssumptionTNDSource      Code = "tnd_source"      // the T&D tables C₂ used
	AssumptionPlanA          Code = "plan_a"          // A's plan: "stated" or "cheapest"
	AssumptionPlanB          Code = "plan_b"          // B's plan: "stated" or "cheapest"
	AssumptionExamplePrices  Code = "example_prices"  // the scenario's prices are example inputs
	AssumptionCaptiveLevels  Code = "captive_levels"  // captive levels are the user's
	AssumptionUserTable      Code = "user_table"      // a table supplied with the scenario
	AssumptionVATBasis       Code = "vat_basis"       // amounts are on the tables' own VAT basis
	AssumptionLossPrice      Code = "loss_price"      // the months' published loss prices (2023 structure)
	AssumptionAluminium      Code = "aluminium"       // the smelter's stepped-price facts per year
)

var assumptionLabels = map[Code][2]string{
	AssumptionTradedPrice:    {"交易电价（各月）", "Traded price (every month)"},
	AssumptionMarketPrice:    {"市场化购电价格（各月）", "Market price (every month)"},
	AssumptionAgencyPrice:    {"代理购电价格", "Agency purchase prices"},
	AssumptionContractedKWh:  {"合同电量", "Contracted kWh"},
	AssumptionDeviationRules: {"偏差考核规则", "Deviation rule set"},
	AssumptionTNDSource:      {"输配电价来源", "T&D source"},
	AssumptionPlanA:          {"基本电费方案 A", "Basic-charge plan A"},
	AssumptionPlanB:          {"基本电费方案 B", "Basic-charge plan B"},
	AssumptionExamplePrices:  {"价格", "Prices"},
	AssumptionCaptiveLevels:  {"自备电厂各项水平", "Captive levels"},
	AssumptionUserTable:      {"情景提供的表", "Table supplied with the scenario"},
	AssumptionVATBasis:       {"增值税口径", "VAT basis"},
	AssumptionLossPrice:      {"公布的上网环节线损电价", "Published loss prices"},
	AssumptionAluminium:      {"电解铝阶梯电价数据", "Aluminium stepped-price facts"},
}

// The sensitivity's steps: Δ = k × 0.0050 元/kWh for k = −6 … 6.
const sensSteps = 6

// Estimate compares sc as Compare does and adds the estimate (README §4.1,
// "What makes the estimate decision-grade"): the assumptions, the bridge of
// each lever by line group, the traded-price sensitivity, the open points
// sized, the weight of each MEDIUM value and the months where a lever goes
// against the plant. The sensitivity, open points and MEDIUM weights settle
// the whole year again for each point, re-optimising cheapest plans where
// the change can move them: Estimate settles the year dozens of times.
//
// Estimate returns the errors of Compare, and an error, located in the
// scenario file, when a bill of a variant fails.
func Estimate(s *tariff.Set, sc *Scenario) (*Comparison, error) {
	set, months, err := prepare(s, sc)
	if err != nil {
		return nil, err
	}
	cmp, err := compareMonths(set, sc, months)
	if err != nil {
		return nil, err
	}
	x := estimator{set: set, sc: sc, months: months, cmp: cmp}
	cmp.Assumptions = x.assumptions()
	x.bridge()
	if err := x.sensitivity(); err != nil {
		return nil, err
	}
	if err := x.openPoints(); err != nil {
		return nil, err
	}
	if err := x.mediumWeights(); err != nil {
		return nil, err
	}
	if err := x.negativeLevers(); err != nil {
		return nil, err
	}
	cmp.Estimated = true
	return cmp, nil
}

// estimator computes one estimate into cmp.
type estimator struct {
	set    *tariff.Set // s with the scenario's tables
	sc     *Scenario
	months []Month
	cmp    *Comparison
	// after and afterC are each month's C₂ and C (captive months) as the
	// sensitivity settles them, made at its first price.
	after, afterC []afterBill
}

// variant fills v's annual figures from a comparison of the variant.
func (x *estimator) variant(v Variant, c *Comparison) Variant {
	v.C2, v.L2, v.Saving = c.Annual.C2, c.Annual.L2, c.Annual.Total
	v.Change = v.Saving.Sub(x.cmp.Annual.Total)
	return v
}

// ---- assumptions

func (x *estimator) assumptions() []Assumption {
	sc, c := x.sc, x.cmp
	fields := map[string]string{} // origin → the scenario field it names
	field := func(f string) string {
		o := sc.File + ": " + f
		fields[o] = f
		return o
	}
	var out []Assumption
	add := func(code Code, value, origin, zh, en string) {
		out = append(out, Assumption{Code: code, Value: value, Origin: origin, Field: fields[origin], ZH: zh, EN: en})
	}
	if sc.Structure == tariff.Structure2023 {
		p := settlement.Price(sc.MarketPrice.Decimal)
		add(AssumptionMarketPrice, p, field("arrangements.c2.market_price"), p+" 元/kWh，各月相同", p+" 元/kWh, the same every month")
		var lo, hi decimal.Decimal
		for i, sm := range x.months {
			if i == 0 || sm.AgencyPrice.Decimal.LessThan(lo) {
				lo = sm.AgencyPrice.Decimal
			}
			if i == 0 || sm.AgencyPrice.Decimal.GreaterThan(hi) {
				hi = sm.AgencyPrice.Decimal
			}
		}
		v := settlement.Price(lo)
		if !lo.Equal(hi) {
			v += " … " + settlement.Price(hi)
		}
		add(AssumptionAgencyPrice, v, field("months[].agency_price"), v+" 元/kWh，逐月给定", v+" 元/kWh, given month by month")
	} else {
		p := settlement.Price(sc.TradedPrice.Decimal)
		add(AssumptionTradedPrice, p, field("arrangements.c2.price"), p+" 元/kWh，各月相同", p+" 元/kWh, the same every month")
		stated := true
		for _, sm := range x.months {
			stated = stated && sm.ContractKWh.Valid
		}
		if stated {
			add(AssumptionContractedKWh, "stated", field("months[].contract_kwh"), "逐月给定", "given month by month")
		} else {
			sh := sc.ContractShare.Decimal.String()
			add(AssumptionContractedKWh, sh, field("arrangements.c2.contract_share"), "按用电量的 "+sc.ContractShare.Decimal.Shift(2).String()+"% 计（未给出合同电量的月份）", sh+" of consumption (months without contract_kwh)")
		}
		zh, en := sc.Deviation, sc.Deviation
		if h, ok := x.set.Header(sc.Deviation); ok {
			zh, en = h.Document+"（"+h.ID+"）", h.ID+" ("+h.Document+")"
		}
		add(AssumptionDeviationRules, sc.Deviation, field("arrangements.c2.deviation"), zh, en)
	}
	var tnd []string
	for _, mr := range c.Months {
		for _, s := range mr.C2.Sources {
			if s.Kind == tariff.KindTND && !slices.Contains(tnd, s.ID) {
				tnd = append(tnd, s.ID)
			}
		}
	}
	if len(tnd) > 0 {
		v := strings.Join(tnd, ", ")
		if sc.TND != "" {
			add(AssumptionTNDSource, v, field("arrangements.c2.tnd"), v+"（情景指定）", v+" (named by the scenario)")
		} else {
			var files, zh, en []string
			for _, id := range tnd {
				if h, ok := x.set.Header(id); ok {
					files = append(files, h.File)
					z, e := x.tndText(h)
					zh, en = append(zh, z), append(en, e)
				}
			}
			add(AssumptionTNDSource, v, strings.Join(files, ", "), strings.Join(zh, "；"), strings.Join(en, "; "))
		}
	}
	x.planAssumptions(add, field)
	x.assumptions27(add, field)
	if sc.ExamplePrices {
		add(AssumptionExamplePrices, "example", field("example_prices"), "示例输入，不是公布的数值", "example inputs, not published values")
	}
	if c.HasCaptive {
		add(AssumptionCaptiveLevels, "user_supplied", field("months[].captive"), "用户提供（未随库发布）", "user-supplied (not shipped)")
	}
	for _, h := range sc.tableHeaders() {
		if slices.ContainsFunc(c.Sources, func(s settlement.Source) bool { return s.ID == h.ID }) {
			add(AssumptionUserTable, h.ID, h.File, h.ID+"（"+h.Kind.LabelZH()+"，随情景提供）", h.ID+" ("+h.Kind.LabelEN()+", supplied with the scenario)")
		}
	}
	add(AssumptionVATBasis, "tables", "README §4.1", "与所用电价表的口径一致；随库发布的电价为含税价（中等可信度）", "the tables' own basis; the shipped prices include VAT (MEDIUM)")
	return out
}

// ---- bridge

// bridge splits every month's levers, and the year's, by line group.
func (x *estimator) bridge() {
	groups := tariff.LineGroups()
	year := make([]Savings, len(groups))
	for i, g := range groups {
		year[i] = zeroSavings(tariff.Month{}, g)
	}
	yearSub := zeroSavings(tariff.Month{}, tariff.LineGroupEnergyWithTND)
	for _, mr := range x.cmp.Months {
		m, kwh := mr.Usage.Month, mr.KWh()
		a, b, c2, c := groupSums(mr.A, groups), groupSums(mr.B, groups), groupSums(mr.C2, groups), groupSums(mr.C, groups)
		sub := zeroSavings(m, tariff.LineGroupEnergyWithTND)
		for i, g := range groups {
			r := Savings{Month: m, Group: g, KWh: kwh, A: a[i], B: b[i], C2: c2[i], C: c[i],
				L1: a[i].Sub(b[i]), L2: b[i].Sub(c2[i]), L3: c2[i].Sub(c[i]), Total: a[i].Sub(c[i])}
			x.cmp.Bridge = append(x.cmp.Bridge, r)
			year[i] = year[i].add(r)
			if g == tariff.LineGroupEnergy || g == tariff.LineGroupTND {
				sub = sub.add(r)
			}
		}
		sub.KWh = kwh
		x.cmp.EnergyWithTND = append(x.cmp.EnergyWithTND, sub)
		yearSub = yearSub.add(sub)
	}
	x.cmp.Bridge = append(x.cmp.Bridge, year...)
	x.cmp.EnergyWithTND = append(x.cmp.EnergyWithTND, yearSub)
}

// groupSums sums a bill's lines by group, in the order of groups.
func groupSums(b settlement.Bill, groups []tariff.LineGroup) []decimal.Decimal {
	out := make([]decimal.Decimal, len(groups))
	for i := range out {
		out[i] = decimal.Zero
	}
	for _, l := range b.Lines {
		if i := slices.Index(groups, l.Code.Group()); i >= 0 {
			out[i] = out[i].Add(l.Amount)
		}
	}
	return out
}

// ---- sensitivity

// sensitivity settles C₂ (and C) at every point; A and B do not change.
func (x *estimator) sensitivity() error {
	p0 := scenarioPrice(x.sc).Decimal
	step := decimal.New(50, -4)
	an := x.cmp.Annual
	field := "arrangements.c2.price"
	if x.sc.Structure == tariff.Structure2023 {
		field = "arrangements.c2.market_price"
	}
	for k := -sensSteps; k <= sensSteps; k++ {
		delta := step.Mul(decimal.NewFromInt(int64(k)))
		p := p0.Add(delta)
		if p.IsNegative() {
			continue
		}
		c2, c := decimal.Zero, decimal.Zero
		for i := range x.months {
			sm := &x.months[i]
			t2, tc, err := x.afterTotals(i, sm, p)
			if err != nil {
				return x.sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
			}
			c2, c = c2.Add(t2), c.Add(tc)
		}
		v := Variant{Path: field, From: settlement.Price(p0), To: settlement.Price(p), Value: p, Delta: delta,
			C2: c2, L2: an.B.Sub(c2), Saving: an.A.Sub(c)}
		v.Change = v.Saving.Sub(an.Total)
		v.ZH = fmt.Sprintf("价格 %s 元/kWh（Δ %s）", v.To, signed(delta))
		v.EN = fmt.Sprintf("price %s 元/kWh (Δ %s)", v.To, signed(delta))
		x.cmp.Sensitivity = append(x.cmp.Sensitivity, v)
	}
	return nil
}

func signed(d decimal.Decimal) string {
	s := d.StringFixed(4)
	if d.IsPositive() {
		s = "+" + s
	}
	return s
}

// afterTotals settles month i's C₂ and C at the price p on B's plan and
// returns their totals (settlement's numbers-only path: no text); each
// month's bills are made once (afterBill) and settled at every price.
func (x *estimator) afterTotals(i int, sm *Month, p decimal.Decimal) (decimal.Decimal, decimal.Decimal, error) {
	if x.after == nil {
		x.after, x.afterC = make([]afterBill, len(x.months)), make([]afterBill, len(x.months))
		chB := x.cmp.PlanB
		for j := range x.months {
			m := &x.months[j]
			r := recipes{x.set, x.sc, m}
			x.after[j] = r.afterBill(&m.Usage, options(x.sc, m.Usage, chB.Months[j], chB.Rules, "C₂"), m.ContractKWh)
			if m.Captive != nil {
				optC := options(x.sc, m.CaptiveGrid, chB.Months[j], chB.Rules, "C")
				optC.Captive = m.Captive
				x.afterC[j] = r.afterBill(&m.CaptiveGrid, optC, m.CaptiveContractKWh)
			}
		}
	}
	c2, err := x.after[i].total(p)
	if err != nil || sm.Captive == nil {
		return c2, c2, err
	}
	c, err := x.afterC[i].total(p)
	return c2, c, err
}

// ---- open points

// openPoints sizes the other 105 % reading of every rule set under which a
// month's demand exceeds 105 % of its contract, and (2016 structure) every
// other deviation rule set of the plant's region.
func (x *estimator) openPoints() error {
	var ids []string
	for _, mr := range x.cmp.Months {
		for _, b := range []settlement.Bill{mr.A, mr.B, mr.C2, mr.C} {
			if hasExcess(b) && !slices.Contains(ids, b.Rules) {
				ids = append(ids, b.Rules)
			}
		}
	}
	first := x.sc.Months[0].Usage.Month.First()
	for _, id := range ids {
		r, err := x.set.BasicRules(x.sc.Customer.Region, first, id)
		if err != nil {
			return err
		}
		_, _, cur := r.Excess()
		alt := tariff.ReadingB
		if cur == tariff.ReadingB {
			alt = tariff.ReadingA
		}
		set, err := x.set.WithReading(id, alt)
		if err != nil {
			return err
		}
		c, err := compareTotals(set, x.sc, x.months)
		if err != nil {
			return err
		}
		x.cmp.OpenPoints = append(x.cmp.OpenPoints, x.variant(Variant{Table: id, Path: "excess.reading", From: string(cur), To: string(alt),
			ZH: fmt.Sprintf("%s（%s）的超需量条款按 %s 计收，而非 %s", docOf(x.set, id), id, alt.LabelZH(), cur.LabelZH()),
			EN: fmt.Sprintf("the 105 %% rule of %s is read as (%s) %s instead of (%s)", id, alt, alt.LabelEN(), cur)}, c))
	}
	if x.sc.Structure == tariff.Structure2023 {
		return nil
	}
	for _, h := range x.set.Headers() {
		if h.Kind != tariff.KindDeviationRules || h.ID == x.sc.Deviation || (h.Region != x.sc.Customer.Region && h.Region != "cn") {
			continue
		}
		alt := *x.sc
		alt.Deviation = h.ID
		c, err := compareTotals(x.set, &alt, x.months)
		if err != nil {
			return err
		}
		x.cmp.OpenPoints = append(x.cmp.OpenPoints, x.variant(Variant{Path: "arrangements.c2.deviation", From: x.sc.Deviation, To: h.ID,
			ZH: fmt.Sprintf("偏差考核改按%s（%s），而非%s", h.Document, h.ID, docOf(x.set, x.sc.Deviation)),
			EN: fmt.Sprintf("deviation is settled under %s (%s) instead of %s", h.ID, h.Document, x.sc.Deviation)}, c))
	}
	return nil
}

// hasExcess reports whether the bill's basic charge has demand above 105 %
// of the contract.
func hasExcess(b settlement.Bill) bool {
	l, ok := b.Line(tariff.LineBasic)
	return ok && slices.ContainsFunc(l.Items, func(it settlement.Item) bool { return it.Kind == settlement.ItemExcess })
}

// ---- MEDIUM weights

// mediumWeights scales each MEDIUM numeric value of the tables the
// comparison used by 1.01 and compares the year again.
func (x *estimator) mediumWeights() error {
	tiers := x.tiers()
	f := decimal.RequireFromString("1.01")
	for _, src := range x.cmp.Sources {
		h, ok := x.set.Header(src.ID)
		if !ok {
			continue
		}
		for _, p := range x.set.ValuePaths(src.ID) {
			v, _ := x.set.Value(src.ID, p)
			if h.ConfidenceOf(p) != tariff.ConfidenceMedium || v.IsZero() || !x.relevant(p, tiers) {
				continue
			}
			set, err := x.set.WithScaled(src.ID, p, f)
			if err != nil {
				return err
			}
			c, err := compareTotals(set, x.sc, x.months)
			if err != nil {
				return err
			}
			nv, _ := set.Value(src.ID, p)
			pzh, pen := tariff.PathLabel(h.Kind, p)
			x.cmp.MediumWeights = append(x.cmp.MediumWeights, x.variant(Variant{Table: src.ID, Path: p, From: v.String(), To: nv.String(), Value: nv, Delta: nv.Sub(v),
				ZH: fmt.Sprintf("%s（%s）中的%s提高 1%%（%s → %s）", h.Document, src.ID, pzh, v, nv),
				EN: fmt.Sprintf("%s %s 1 %% higher (%s → %s)", src.ID, pen, v, nv)}, c))
		}
	}
	slices.SortStableFunc(x.cmp.MediumWeights, func(a, b Variant) int { return b.Change.Abs().Cmp(a.Change.Abs()) })
	return nil
}

// tiers are the voltage tiers the plant falls in, in the catalog and T&D
// tables of its months.
func (x *estimator) tiers() []string {
	var out []string
	c := x.sc.Customer
	for _, sm := range x.months {
		d := sm.Usage.Month.First()
		if cp, err := x.set.Catalog(c.Region, c.Class, c.VoltageKV, d); err == nil && !slices.Contains(out, cp.Tier) {
			out = append(out, cp.Tier)
		}
		if tp, err := x.set.TND(c.Region, c.VoltageKV, d, x.sc.TND); err == nil && !slices.Contains(out, tp.Tier) {
			out = append(out, tp.Tier)
		}
	}
	return out
}

// relevant reports whether a value path concerns the plant: a path of a
// class ("classes.<class>.…") must name the plant's class, and a price of a
// tier ("energy.<tier>", "basic_prices.<tier>.kw") one of its tiers.
func (x *estimator) relevant(path string, tiers []string) bool {
	seg := strings.Split(path, ".")
	if seg[0] == "classes" {
		if len(seg) < 2 || seg[1] != x.sc.Customer.Class {
			return false
		}
		seg = seg[2:]
	}
	if len(seg) >= 2 && (seg[0] == "energy" || seg[0] == "basic_prices") {
		return slices.Contains(tiers, seg[1])
	}
	return true
}

// ---- negative levers

// negativeLevers explains every negative lever of every month from its
// bridge.
func (x *estimator) negativeLevers() error {
	groups := tariff.LineGroups()
	n := len(groups)
	for i, mr := range x.cmp.Months {
		rows := x.cmp.Bridge[i*n : (i+1)*n]
		for k, lv := range []struct {
			name string
			v    decimal.Decimal
			of   func(Savings) decimal.Decimal
		}{{"L1", mr.L1, func(b Savings) decimal.Decimal { return b.L1 }}, {"L2", mr.L2, func(b Savings) decimal.Decimal { return b.L2 }}, {"L3", mr.L3, func(b Savings) decimal.Decimal { return b.L3 }}} {
			if !lv.v.IsNegative() {
				continue
			}
			worst := slices.MinFunc(rows, func(a, b Savings) int { return lv.of(a).Cmp(lv.of(b)) })
			nl := NegativeLever{Month: mr.Usage.Month, Lever: lv.name, Amount: lv.v, Group: worst.Group, GroupAmount: lv.of(worst)}
			if k == 0 || worst.Group == tariff.LineGroupBasic {
				if err := x.planRule(&nl, i); err != nil {
					return err
				}
			}
			nl.ZH, nl.EN = x.negativeText(nl, i)
			x.cmp.NegativeLevers = append(x.cmp.NegativeLevers, nl)
		}
	}
	return nil
}

// planRule finds the change period that held B's choice in month i: the
// method's period when it began before the month, else the contract's.
func (x *estimator) planRule(nl *NegativeLever, i int) error {
	sc := x.sc
	first := sc.Months[0].Usage.Month
	r, err := x.set.BasicRules(sc.Customer.Region, first.First(), x.cmp.PlanB.Rules)
	if err != nil {
		return err
	}
	m := x.cmp.Months[i].Usage.Month
	last := sc.Months[len(sc.Months)-1].Usage.Month
	ch := x.cmp.PlanB.Months[i]
	mn, mcal := r.MethodChange()
	cn, ccal := r.ContractChange()
	for _, p := range []struct {
		name     string
		months   int
		calendar bool
		ok       bool
	}{{"method_change", mn, mcal, true}, {"contract_change", cn, ccal, ch.Method == tariff.MethodContractDemand}} {
		if !p.ok {
			continue
		}
		start := m.PeriodStart(p.months, p.calendar, first)
		end := m
		for end.Compare(last) < 0 && end.Next().PeriodStart(p.months, p.calendar, first) == start {
			end = end.Next()
		}
		if start == m && end == m {
			continue // the choice is the month's own
		}
		nl.Rule, nl.From, nl.To = r.Head().ID+" "+p.name, start, end
		return nil
	}
	return nil
}

// periodNames names change periods by their months.
var periodNames = map[int][2]string{1: {"月", "month"}, 3: {"季度", "quarter"}, 6: {"半年", "half-year"}, 12: {"年", "year"}}

// negativeText explains a negative lever in Chinese and English.
func (x *estimator) negativeText(nl NegativeLever, i int) (string, string) {
	amt, gAmt := exact.Grouped(settlement.Money(nl.Amount)), exact.Grouped(settlement.Money(nl.GroupAmount))
	zh := fmt.Sprintf("%s%s为负（%s 元）：主要来自%s（%s 元）", nl.Month.StringZH(), leverZH(x.sc, nl.Lever), amt, nl.Group.LabelZH(), gAmt)
	en := fmt.Sprintf("%s is negative in %s (%s 元): mostly %s (%s 元)", nl.Lever, nl.Month, amt, strings.ToLower(nl.Group.LabelEN()), gAmt)
	if nl.Rule == "" {
		if nl.Lever == "L1" && nl.Group == tariff.LineGroupBasic {
			return zh + "；方案 B 的选择只涉及本月，两套规则对本月的计费不同", en + "; B's choice covers this month alone: the two rule sets bill this month differently"
		}
		return zh, en
	}
	id, what, _ := strings.Cut(nl.Rule, " ")
	ch := x.cmp.PlanB.Months[i]
	r, _ := x.set.BasicRules(x.sc.Customer.Region, x.sc.Months[0].Usage.Month.First(), id)
	months, calendar := r.MethodChange()
	if what == "contract_change" {
		months, calendar = r.ContractChange()
	}
	doc := r.Head().Document
	n := periodNames[months]
	anchor := [2]string{"自测算首月起算", "counted from the run's first month"}
	if calendar {
		anchor = [2]string{"按自然" + n[0] + "计", "by calendar " + n[1]}
	}
	kind := [3]string{"计费方式（" + ch.Method.LabelZH() + "）", "method (" + ch.Method.LabelEN() + ")", "the method"}
	whatZH := "计费方式"
	if what == "contract_change" {
		kind = [3]string{"合同需量（" + exact.Grouped(ch.ContractKW.String()) + " kW）", "contract demand (" + exact.Grouped(ch.ContractKW.String()) + " kW)", "the contract demand"}
		whatZH = "合同需量"
	}
	zh += fmt.Sprintf("；方案 B 的%s按%s至%s整体确定，期间不能变更（%s规定%s每%s只能变更一次，%s）", kind[0], nl.From.StringZH(), nl.To.StringZH(), doc, whatZH, n[0], anchor[0])
	en += fmt.Sprintf("; B's %s is set for %s … %s as a whole (%s: %s may change once a %s, %s)", kind[1], nl.From, nl.To, id, kind[2], n[1], anchor[1])
	return zh, en
}

// leverZH names a lever in Chinese as the README (§1) does (not 杠杆, which reads
// as financial leverage).
func leverZH(sc *Scenario, lever string) string {
	switch lever {
	case "L1":
		return "调整基本电费计费方法"
	case "L2":
		if sc.Structure == tariff.Structure2023 {
			return "市场化购电"
		}
		return "直接交易"
	}
	return "自备电厂参与交易"
}

// assumptions27 adds the published loss prices of the months that give one
// and the smelter's aluminium facts per year.
func (x *estimator) assumptions27(add func(code Code, value, origin, zh, en string), field func(string) string) {
	var lo, hi decimal.Decimal
	n := 0
	for _, sm := range x.months {
		if p := sm.PublishedLossPrice; p.Valid {
			if n == 0 || p.Decimal.LessThan(lo) {
				lo = p.Decimal
			}
			if n == 0 || p.Decimal.GreaterThan(hi) {
				hi = p.Decimal
			}
			n++
		}
	}
	if n > 0 {
		v := settlement.Price(lo)
		if !lo.Equal(hi) {
			v += " … " + settlement.Price(hi)
		}
		zh, en := fmt.Sprintf("%s 元/kWh，各月均已给定", v), fmt.Sprintf("%s 元/kWh, given for every month", v)
		if n < len(x.months) {
			zh = fmt.Sprintf("%s 元/kWh，%d 个月中 %d 个月给定（其余月份按线损率计算）", v, len(x.months), n)
			en = fmt.Sprintf("%s 元/kWh, given in %d of %d months (the others computed from the loss rate)", v, n, len(x.months))
		}
		add(AssumptionLossPrice, v, field("months[].published_loss_price"), zh, en)
	}
	for _, a := range x.sc.aluminium {
		v := fmt.Sprintf("%d: %s kWh/t", a.year, a.kwhPerTonne)
		zh := fmt.Sprintf("%d年：%s kWh/t", a.year, exact.Grouped(a.kwhPerTonne.String()))
		en := fmt.Sprintf("%d: %s kWh/t", a.year, exact.Grouped(a.kwhPerTonne.String()))
		if a.share.Valid {
			v += fmt.Sprintf(", %s / %s", settlement.Price(a.share.Decimal), settlement.Price(a.weight.Decimal))
			zh += fmt.Sprintf("；可再生能源电力占比 %s，省级可再生能源电力消纳责任权重 %s", settlement.Price(a.share.Decimal), settlement.Price(a.weight.Decimal))
			en += fmt.Sprintf("; renewable share %s, provincial weight %s", settlement.Price(a.share.Decimal), settlement.Price(a.weight.Decimal))
		}
		add(AssumptionAluminium, v, field("plant.aluminium"), zh+"（用户提供）", en+" (user-supplied)")
	}
}

// tndText describes the T&D table C₂ used without a scenario naming one:
// a price spread says what it is and that no single document fixes it; a
// published tariff names its document.
func (x *estimator) tndText(h tariff.Header) (zh, en string) {
	sc := x.sc
	t, err := x.set.TND(sc.Customer.Region, sc.Customer.VoltageKV, sc.Months[0].Usage.Month.First(), h.ID)
	if err == nil && t.Spread {
		rz, re := tariff.RegionLabel(sc.Customer.Region)
		return fmt.Sprintf("按购销价差（目录电价 − 基金 − 燃煤标杆电价）计算，系%s输配电价核定前的过渡做法，无单一文件，%s可信度（%s）", rz, h.Confidence.LabelZH(), h.ID),
			fmt.Sprintf("price spread (catalog − funds − coal benchmark), used before %s's T&D tariff was approved; no single document; %s (%s)", re, h.Confidence.LabelEN(), h.ID)
	}
	return fmt.Sprintf("%s（%s），计费月份执行的输配电价", h.Document, h.ID), fmt.Sprintf("%s (%s), the T&D tariff in force in the months billed", h.ID, h.Document)
}

// planAssumptions states how plans A and B were found, and what that means
// for L1 = A − B: a cheapest plan is a lower bound on that bill, so L1 is an
// upper bound when only B is cheapest, a lower bound when only A is, and of
// unknown direction when both are.
func (x *estimator) planAssumptions(add func(code Code, value, origin, zh, en string), field func(string) string) {
	c := x.cmp
	a, b := c.PlanA.Optimised, c.PlanB.Optimised
	for _, p := range []struct {
		code Code
		key  string
		plan settlement.Plan
	}{{AssumptionPlanA, "a", c.PlanA}, {AssumptionPlanB, "b", c.PlanB}} {
		doc := p.plan.Document
		if doc == "" {
			doc = p.plan.Rules
		}
		if !p.plan.Optimised {
			add(p.code, "stated", field("arrangements."+p.key+".plan"), "按"+doc+"，用户申报的方案", "stated by the plant, under "+p.plan.Rules)
			continue
		}
		zh, en := "按"+doc+"取事后最优方案（假定事先知道各月需量", "cheapest with hindsight under "+p.plan.Rules+" (perfect foresight of demand"
		switch {
		case a && b && p.key == "b":
			zh += "）；A、B 均为事后最优方案，调整基本电费计费方法的节省可能高估也可能低估"
			en += "); A and B are both cheapest with hindsight, so L1 may be over- or understated"
		case a && b:
			zh += "）"
			en += ")"
		case p.key == "b":
			zh += "，因此调整基本电费计费方法的节省是上限）"
			en += "; L1 is therefore an upper bound)"
		default:
			zh += "，因此调整基本电费计费方法的节省是下限）"
			en += "; L1 is therefore a lower bound)"
		}
		add(p.code, "cheapest", field("arrangements."+p.key+".plan"), zh, en)
	}
}

// docOf names table id by its document for Chinese prose, the id itself when
// the set does not have it.
func docOf(s *tariff.Set, id string) string {
	if h, ok := s.Header(id); ok && h.Document != "" {
		return h.Document
	}
	return id
}
