package settlement

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Plan is a basic-charge plan for a run of consecutive months under one
// rule set: a method and, under contract demand, a whole-kW contract for
// every month, with the charges. OptimisePlan finds the cheapest;
// StatedPlan evaluates the plant's own.
type Plan struct {
	Rules     string       // id of the basic-charge rule set the plan follows
	Document  string       // the document that issued the rule set
	Optimised bool         // found by the optimiser (the best the rules allow with hindsight)
	Months    []PlanPeriod // one per month planned, in order: From == To, Charge rounded as the bill's basic line
	// Periods summarise Months: each is a run of consecutive months with
	// the same method and (under contract demand) the same contract, cut
	// where a method-change period of the rule set starts; Charge is the
	// run's sum.
	Periods []PlanPeriod
	Total   decimal.Decimal // sum of the rounded monthly charges
}

// PlanPeriod is a run of months From … To (inclusive) with one basic-charge
// method and, under contract demand, one contract value; a month of a plan
// is a period with From == To. As input to StatedPlan, Charge is not read.
type PlanPeriod struct {
	From, To   tariff.Month    // inclusive
	Method     tariff.Method   // the basic-charge method of the period
	ContractKW decimal.Decimal // contract demand, whole kW, under contract demand; zero otherwise
	Charge     decimal.Decimal // sum of the months' rounded charges
}

// Month returns the plan's month m: its method, contract and charge.
func (p Plan) Month(m tariff.Month) (PlanPeriod, bool) {
	for _, pm := range p.Months {
		if pm.From == m {
			return pm, true
		}
	}
	return PlanPeriod{}, false
}

// choice is one month's method and contract, as the plan works on it.
type choice struct {
	method tariff.Method
	kw     decimal.Decimal
}

type planCtx struct {
	r       *ruleSet
	months  []Usage
	kva, kw []decimal.Decimal // the basic prices of each month
	facts   []monthFacts
	first   tariff.Month
}

func newPlanCtx(r *ruleSet, c Customer, months []Usage, prices func(tariff.Month) (perKVA, perKW decimal.Decimal)) (*planCtx, error) {
	if r == nil {
		return nil, &Error{Field: "rules", Reason: "no rule set given"}
	}
	if len(months) == 0 {
		return nil, &Error{Field: "months", Reason: "no months to plan"}
	}
	if prices == nil {
		return nil, &Error{Field: "prices", Reason: "no basic prices given"}
	}
	if err := checkCustomer(c); err != nil {
		return nil, err
	}
	p := &planCtx{r: r, months: months, first: months[0].Month,
		kva: make([]decimal.Decimal, 0, len(months)), kw: make([]decimal.Decimal, 0, len(months)), facts: make([]monthFacts, 0, len(months))}
	for i, u := range months {
		if err := checkUsage(u); err != nil {
			return nil, err
		}
		kva, kw := prices(u.Month)
		for _, pr := range []struct {
			f string
			v decimal.Decimal
		}{{"price_kva", kva}, {"price_kw", kw}} {
			err := checkAmount(pr.v, func(value, reason, allowed string) error {
				return &Error{Month: u.Month.String(), Field: "months[" + strconv.Itoa(i) + "]." + pr.f, Value: value, Reason: reason, Allowed: allowed}
			})
			if err != nil {
				return nil, err
			}
		}
		if i > 0 && u.Month != months[i-1].Month.Next() {
			return nil, &Error{Month: u.Month.String(), Field: "months", Reason: "months must be consecutive (previous " + months[i-1].Month.String() + ")"}
		}
		p.kva, p.kw = append(p.kva, kva), append(p.kw, kw)
		units := unitDaysOf(c, u.Month, false, nil)
		f := newMonthFacts(u, numOf(u.MaxDemand()), r, units, num{})
		f.units = units
		p.facts = append(p.facts, f)
	}
	return p, nil
}

// groups splits month indexes into change periods.
func (p *planCtx) groups(cp changePeriod) [][]int {
	var out [][]int
	var start tariff.Month
	for i, m := range p.months {
		s := cp.start(m.Month, p.first)
		if i == 0 || s != start {
			out = append(out, nil)
			start = s
		}
		out[len(out)-1] = append(out[len(out)-1], i)
	}
	return out
}

// cost returns month i's exact charge under method m and contract c, times
// the rule set's proration divisor, so costs compare and add exactly.
func (p *planCtx) cost(i int, m tariff.Method, c decimal.Decimal) decimal.Decimal {
	return p.charge(i, m, c).scaled(p.facts[i].divisor)
}

func (p *planCtx) charge(i int, m tariff.Method, c decimal.Decimal) basicResult {
	return p.facts[i].basicCharge(p.r, m, contractOf(m, c), p.kva[i], p.kw[i])
}

// feasible reports whether method m breaks no suspension rule in month i.
func (p *planCtx) feasible(i int, m tariff.Method) error {
	if m != tariff.MethodCapacity && len(p.months[i].Demand) == 0 {
		return &Error{Month: p.months[i].Month.String(), Field: "usage.demand", Reason: "missing: the " + string(m) + " method needs the actual max demand"}
	}
	_, err := checkSuspensions(p.facts[i], p.facts[i].units, p.r, m)
	return err
}

// candidates returns the contract values that contain the optimum of a
// contract period (README §3.4): ⌊floor × K_m⌋, ⌈floor × K_m⌉, ⌊A_m/threshold⌋
// and ⌈A_m/threshold⌉ for every month, kept where ≥ the smallest floor.
func (p *planCtx) candidates(idx []int) []decimal.Decimal {
	// A floor 0.40 × K that is not a whole kW is reached by declaring
	// ⌊0.40 × K⌋ (billed at the floor itself), which is cheaper than ⌈0.40 × K⌉;
	// both are candidates.
	var floors, out []decimal.Decimal
	for _, i := range idx {
		f := mul(p.r.Floor, p.facts[i].capacity)
		floors = append(floors, f.Floor(), f.Ceil())
	}
	minFloor := floors[0]
	for _, f := range floors {
		minFloor = decimal.Min(minFloor, f)
	}
	add := func(v decimal.Decimal) {
		if v.LessThan(minFloor) {
			return
		}
		for _, x := range out {
			if x.Equal(v) {
				return
			}
		}
		out = append(out, v)
	}
	for _, f := range floors {
		add(f)
	}
	for _, i := range idx {
		// ⌊A ÷ threshold⌋ and ⌈A ÷ threshold⌉, exactly (a quotient rounded to 24
		// places first could land on the wrong whole kW).
		q, r := p.facts[i].demand.QuoRem(p.r.Threshold, 0)
		add(q)
		if !r.IsZero() {
			add(q.Add(one))
		}
	}
	slices.SortFunc(out, decimal.Decimal.Cmp)
	return out
}

// bestContract returns the cheapest whole-kW contract for the months idx
// (ties to the lower value) and its exact cost.
func (p *planCtx) bestContract(idx []int) (decimal.Decimal, decimal.Decimal) {
	var best, bestCost decimal.Decimal
	for n, c := range p.candidates(idx) {
		cost := decimal.Zero
		for _, i := range idx {
			cost = add(cost, p.cost(i, tariff.MethodContractDemand, c))
		}
		if n == 0 || cost.LessThan(bestCost) {
			best, bestCost = c, cost
		}
	}
	return best, bestCost
}

// OptimisePlan finds the cheapest basic-charge plan the rule set allows for a
// run of consecutive months (README §3.4): a method per method-change period
// and a whole-kW contract per contract-change period, honouring each period's
// {length, anchor}. Ties go to the lower contract value, and between methods
// to capacity, then contract demand, then actual demand. It minimises the
// exact charges and reports the rounded monthly charges. The plan assumes
// perfect foresight of demand: a lower bound on what a plant would pay.
//
// rules is a basic-charge rule set, as Set.BasicRules returns it. months are
// the usages of the months, in order: the actual max demand per
// feeder, and kWh (a month without kWh gets no high-utilisation discount).
// prices returns the basic prices in force in a month (元/kVA·月, 元/kW·月:
// the catalog's, or the T&D table's); it is called once per month, in order,
// and must not change anything.
//
// OptimisePlan returns an error if:
//   - rules is nil or not a basic-charge rule set (*Error, Field "rules");
//   - months is empty, not consecutive, a usage is invalid, or a price is
//     negative or above 10¹² (*Error);
//   - a contract-change period crosses a method-change period (*Error with
//     Rule set);
//   - no allowed method is feasible in a period (the suspension rules forbid
//     them all; the *Error, Rule set, of the last method tried).
func OptimisePlan(rules *tariff.Rules, c Customer, months []Usage, prices func(tariff.Month) (perKVA, perKW decimal.Decimal)) (Plan, error) {
	r, err := planRules(rules)
	if err != nil {
		return Plan{}, err
	}
	return optimise(r, c, months, prices)
}

// planRules reads the rule set a plan follows: nil when none is given (the
// plan's first check reports it), an *Error when rules is a table of another
// kind.
func planRules(rules *tariff.Rules) (*ruleSet, error) {
	if rules != nil && rules.Head().Kind != tariff.KindBasicRules {
		h := rules.Head()
		return nil, &Error{Field: "rules", Value: h.ID, Reason: "not a basic-charge rule set: a table of kind " + string(h.Kind), Allowed: "a table of kind " + string(tariff.KindBasicRules)}
	}
	r, _ := rulesOf(rules)
	return r, nil
}

// optimise is OptimisePlan for a rule set read into plain fields.
func optimise(r *ruleSet, c Customer, months []Usage, prices func(tariff.Month) (decimal.Decimal, decimal.Decimal)) (Plan, error) {
	p, err := newPlanCtx(r, c, months, prices)
	if err != nil {
		return Plan{}, err
	}
	choices := make([]choice, len(months))
	contractGroups := p.groups(r.ContractChange)
	for _, mg := range p.groups(r.MethodChange) {
		inMG := map[int]bool{}
		for _, i := range mg {
			inMG[i] = true
		}
		var cgs [][]int
		for _, cg := range contractGroups {
			if inMG[cg[0]] {
				if !inMG[cg[len(cg)-1]] {
					return Plan{}, &Error{Rule: r.ID, Document: r.Document, Clause: "contract_change", Reason: fmt.Sprintf("the contract period from %s crosses the method period from %s; the optimiser needs contract periods inside method periods", months[cg[0]].Month, months[mg[0]].Month)}
				}
				cgs = append(cgs, cg)
			}
		}
		var bestCost decimal.Decimal
		var bestChoices []choice
		var lastErr error
		for _, m := range tariff.Methods() {
			if !r.Allows(m) {
				continue
			}
			ok := true
			for _, i := range mg {
				if err := p.feasible(i, m); err != nil {
					ok, lastErr = false, err
					break
				}
			}
			if !ok {
				continue
			}
			cost := decimal.Zero
			ch := make([]choice, len(mg))
			if m == tariff.MethodContractDemand {
				k := 0
				for _, cg := range cgs {
					cv, cc := p.bestContract(cg)
					cost = add(cost, cc)
					for range cg {
						ch[k] = choice{m, cv}
						k++
					}
				}
			} else {
				for k, i := range mg {
					cost = add(cost, p.cost(i, m, decimal.Zero))
					ch[k] = choice{method: m}
				}
			}
			if bestChoices == nil || cost.LessThan(bestCost) {
				bestCost, bestChoices = cost, ch
			}
		}
		if bestChoices == nil {
			if lastErr == nil {
				lastErr = &Error{Rule: r.ID, Document: r.Document, Clause: "methods", Reason: "no method allowed"}
			}
			return Plan{}, lastErr
		}
		for k, i := range mg {
			choices[i] = bestChoices[k]
		}
	}
	plan := p.plan(choices)
	plan.Optimised = true
	return plan, nil
}

// StatedPlan evaluates the plant's stated plan against the rule set: stated
// are periods that cover the months in order, each with a method and, under
// contract demand, the declared contract (one period per month, From == To,
// or longer runs; Charge is not read). months and prices are as for
// OptimisePlan.
//
// StatedPlan returns the errors of OptimisePlan and also an *Error if:
//   - the stated periods do not cover the months in order, each month once
//     (Field "stated");
//   - a contract demand is not declared in whole kW above zero under
//     contract demand, or is given under another method (Field
//     "choice.contract_kw");
//   - a period uses a method the rule set does not allow, or changes the
//     method inside a method-change period or the contract inside a
//     contract-change period (Rule set; Month the month that breaks it,
//     Field "stated[i].method" or "stated[i].contract_kw" of its period,
//     Value the choice, Allowed the period's).
func StatedPlan(rules *tariff.Rules, c Customer, months []Usage, prices func(tariff.Month) (perKVA, perKW decimal.Decimal), stated []PlanPeriod) (Plan, error) {
	r, err := planRules(rules)
	if err != nil {
		return Plan{}, err
	}
	p, err := newPlanCtx(r, c, months, prices)
	if err != nil {
		return Plan{}, err
	}
	choices, from, err := statedChoices(months, stated)
	if err != nil {
		return Plan{}, err
	}
	// rule is the *Error of month i's stated period breaking clause.
	rule := func(i int, key, value, clause, reason, allowed string) error {
		return &Error{Month: months[i].Month.String(), Field: "stated[" + strconv.Itoa(from[i]) + "]." + key, Value: value,
			Rule: r.ID, Document: r.Document, Clause: clause, Reason: reason, Allowed: allowed}
	}
	for i, ch := range choices {
		if err := checkChoice(ch.method, ch.kw, months[i].Month); err != nil {
			return Plan{}, err
		}
		if !r.Allows(ch.method) {
			return Plan{}, rule(i, "method", string(ch.method), "methods", methodNotAllowed, methodNames(r))
		}
		if err := p.feasible(i, ch.method); err != nil {
			return Plan{}, err
		}
	}
	for _, g := range p.groups(r.MethodChange) {
		for _, i := range g[1:] {
			if a, b := choices[g[0]], choices[i]; b.method != a.method {
				return Plan{}, rule(i, "method", string(b.method), "method_change",
					fmt.Sprintf("changes the method from %s to %s inside the %s period that starts %s", a.method, b.method, r.MethodChange.length(), months[g[0]].Month),
					"the period's method, "+string(a.method))
			}
		}
	}
	for _, g := range p.groups(r.ContractChange) {
		for _, i := range g[1:] {
			a, b := choices[g[0]], choices[i]
			if a.method == tariff.MethodContractDemand && b.method == tariff.MethodContractDemand && !a.kw.Equal(b.kw) {
				return Plan{}, rule(i, "contract_kw", b.kw.String(), "contract_change",
					fmt.Sprintf("changes the contract from %s to %s kW inside the %s period that starts %s", a.kw, b.kw, r.ContractChange.length(), months[g[0]].Month),
					"the period's contract, "+a.kw.String()+" kW")
			}
		}
	}
	return p.plan(choices), nil
}

// statedChoices spreads stated periods over the months: the periods must
// cover the months in order, each month once. from[i] is the index in
// stated of month i's period.
func statedChoices(months []Usage, stated []PlanPeriod) (out []choice, from []int, err error) {
	out = make([]choice, 0, len(months))
	from = make([]int, 0, len(months))
	next := months[0].Month
	last := months[len(months)-1].Month
	for k, sp := range stated {
		field := "stated[" + strconv.Itoa(k) + "]"
		switch {
		case sp.From != next:
			return nil, nil, &Error{Field: field + ".from", Value: monthText(sp.From), Reason: "the stated periods must cover the months planned in order, each month once", Allowed: next.String()}
		case sp.To.Compare(sp.From) < 0 || sp.To.Compare(last) > 0:
			return nil, nil, &Error{Field: field + ".to", Value: monthText(sp.To), Reason: "the stated periods must cover the months planned in order, each month once", Allowed: sp.From.String() + " … " + last.String()}
		}
		for m := sp.From; m.Compare(sp.To) <= 0; m = m.Next() {
			out = append(out, choice{sp.Method, sp.ContractKW})
			from = append(from, k)
		}
		next = sp.To.Next()
	}
	if len(out) != len(months) {
		return nil, nil, &Error{Field: "stated", Reason: fmt.Sprintf("the stated periods cover %d of the %d months planned", len(out), len(months)), Allowed: "periods from " + months[0].Month.String() + " to " + last.String()}
	}
	return out, from, nil
}

func (p *planCtx) plan(choices []choice) Plan {
	pl := Plan{Rules: p.r.ID, Document: p.r.Document, Total: decimal.Zero}
	for i, ch := range choices {
		res := p.charge(i, ch.method, ch.kw)
		m := p.months[i].Month
		pm := PlanPeriod{From: m, To: m, Method: ch.method, ContractKW: ch.kw, Charge: res.rounded()}
		pl.Months = append(pl.Months, pm)
		pl.Total = add(pl.Total, pm.Charge)
	}
	// Periods: split at method-change boundaries and wherever the choice
	// changes; equal consecutive contract periods are shown as one.
	mStart := p.groupStarts(p.r.MethodChange)
	for i, pm := range pl.Months {
		n := len(pl.Periods)
		newPeriod := i == 0 || mStart[i] || pm.Method != pl.Periods[n-1].Method ||
			pm.Method == tariff.MethodContractDemand && !pm.ContractKW.Equal(pl.Periods[n-1].ContractKW)
		if newPeriod {
			pl.Periods = append(pl.Periods, PlanPeriod{From: pm.From, Method: pm.Method, ContractKW: pm.ContractKW, Charge: decimal.Zero})
			n++
		}
		pl.Periods[n-1].To = pm.From
		pl.Periods[n-1].Charge = add(pl.Periods[n-1].Charge, pm.Charge)
	}
	return pl
}

func (p *planCtx) groupStarts(cp changePeriod) map[int]bool {
	out := map[int]bool{}
	for _, g := range p.groups(cp) {
		out[g[0]] = true
	}
	return out
}
