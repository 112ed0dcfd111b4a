package settlement

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// PlanMonth is one month the plan optimiser plans: the usage (actual max
// demand per feeder, and kWh: a month without kWh gets no high-utilisation
// discount) and the basic prices in force.
type PlanMonth struct {
	Usage    Usage           // the month's usage: kWh and actual max demand per feeder
	PriceKVA decimal.Decimal // 元/kVA·月
	PriceKW  decimal.Decimal // 元/kW·月
}

// Plan is a basic-charge plan: a choice per month with its charge.
type Plan struct {
	Rules     string          // id of the basic-charge rule set the plan follows
	Document  string          // the document that issued the rule set
	Optimised bool            // found by the optimiser (the best the rules allow with hindsight)
	Months    []PlannedMonth  // one per month planned, in order
	Periods   []PlanPeriod    // one per contract-change period (or method period for non-contract methods)
	Total     decimal.Decimal // sum of the rounded monthly charges
}

// PlannedMonth is one month of a plan.
type PlannedMonth struct {
	Month  tariff.Month    // the month planned
	Choice Choice          // the method and, under contract demand, the contract kW chosen
	Charge decimal.Decimal // rounded to the fen, as the bill's basic line
	exact  decimal.Decimal // the exact charge × the proration divisor (planCtx.cost)
}

// PlanPeriod is a run of months with one method and, under contract demand,
// one contract value.
type PlanPeriod struct {
	From, To   tariff.Month    // inclusive
	Method     tariff.Method   // the basic-charge method of the period
	ContractKW decimal.Decimal // contract demand, whole kW, under contract demand; zero otherwise
	Charge     decimal.Decimal // sum of the months' rounded charges
}

// Choice returns the plan's choice for month m.
func (p Plan) Choice(m tariff.Month) (Choice, bool) {
	for _, pm := range p.Months {
		if pm.Month == m {
			return pm.Choice, true
		}
	}
	return Choice{}, false
}

type planCtx struct {
	r      *ruleSet
	months []PlanMonth
	facts  []monthFacts
	first  tariff.Month
}

func newPlanCtx(r *ruleSet, c Customer, months []PlanMonth) (*planCtx, error) {
	if r == nil {
		return nil, &Error{Field: "rules", Reason: "no rule set given"}
	}
	if len(months) == 0 {
		return nil, &Error{Field: "months", Reason: "no months to plan"}
	}
	if err := checkCustomer(c); err != nil {
		return nil, err
	}
	p := &planCtx{r: r, months: months, first: months[0].Usage.Month}
	for i, m := range months {
		if err := checkUsage(m.Usage); err != nil {
			return nil, err
		}
		for _, pr := range []struct {
			f string
			v decimal.Decimal
		}{{"price_kva", m.PriceKVA}, {"price_kw", m.PriceKW}} {
			err := checkAmount(pr.v, func(value, reason, allowed string) error {
				return &Error{Month: m.Usage.Month.String(), Field: "months[" + strconv.Itoa(i) + "]." + pr.f, Value: value, Reason: reason, Allowed: allowed}
			})
			if err != nil {
				return nil, err
			}
		}
		if i > 0 && m.Usage.Month != months[i-1].Usage.Month.Next() {
			return nil, &Error{Month: m.Usage.Month.String(), Field: "months", Reason: "months must be consecutive (previous " + months[i-1].Usage.Month.String() + ")"}
		}
		p.facts = append(p.facts, newMonthFacts(c, m.Usage, r))
	}
	return p, nil
}

// groups splits month indexes into change periods.
func (p *planCtx) groups(cp tariff.ChangePeriod) [][]int {
	var out [][]int
	var start tariff.Month
	for i, m := range p.months {
		s := cp.Start(m.Usage.Month, p.first)
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
	return p.facts[i].basicCharge(p.r, m, c, p.months[i].PriceKVA, p.months[i].PriceKW)
}

// feasible reports whether method m breaks no suspension rule in month i.
func (p *planCtx) feasible(i int, m tariff.Method) error {
	if m != tariff.MethodCapacity && len(p.months[i].Usage.Demand) == 0 {
		return &Error{Month: p.months[i].Usage.Month.String(), Field: "usage.demand", Reason: "missing: the " + string(m) + " method needs the actual max demand"}
	}
	_, err := checkSuspensions(p.facts[i], p.r, m, p.facts[i].month.String())
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
// OptimisePlan returns an error if:
//   - months is empty, not consecutive, or a usage is invalid (*Error);
//   - a contract-change period crosses a method-change period (*Error with Rule set);
//   - no allowed method is feasible in a period (the suspension rules forbid
//     them all; the *Error, Rule set, of the last method tried).
func OptimisePlan(rules *tariff.BasicRules, c Customer, months []PlanMonth) (Plan, error) {
	r, _ := rulesOf(rules)
	return optimise(r, c, months)
}

// optimise is OptimisePlan for a rule set read into plain fields.
func optimise(r *ruleSet, c Customer, months []PlanMonth) (Plan, error) {
	p, err := newPlanCtx(r, c, months)
	if err != nil {
		return Plan{}, err
	}
	choices := make([]Choice, len(months))
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
					return Plan{}, &Error{Rule: r.ID, Document: r.Document, Clause: "contract_change", Reason: fmt.Sprintf("the contract period from %s crosses the method period from %s; the optimiser needs contract periods inside method periods", months[cg[0]].Usage.Month, months[mg[0]].Usage.Month)}
				}
				cgs = append(cgs, cg)
			}
		}
		var bestCost decimal.Decimal
		var bestChoices []Choice
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
			ch := make([]Choice, len(mg))
			if m == tariff.MethodContractDemand {
				k := 0
				for _, cg := range cgs {
					cv, cc := p.bestContract(cg)
					cost = add(cost, cc)
					for range cg {
						ch[k] = Choice{Method: m, ContractKW: cv}
						k++
					}
				}
			} else {
				for k, i := range mg {
					cost = add(cost, p.cost(i, m, decimal.Zero))
					ch[k] = Choice{Method: m}
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

// StatedPlan evaluates stated choices, one per month, against the rule set.
//
// StatedPlan returns the errors of OptimisePlan and also an *Error naming
// the rule set (Rule) if a choice changes the method inside a method-change period or
// the contract inside a contract-change period, or uses a method the rule set
// does not allow.
func StatedPlan(rules *tariff.BasicRules, c Customer, months []PlanMonth, choices []Choice) (Plan, error) {
	r, _ := rulesOf(rules)
	p, err := newPlanCtx(r, c, months)
	if err != nil {
		return Plan{}, err
	}
	if len(choices) != len(months) {
		return Plan{}, &Error{Field: "choices", Reason: fmt.Sprintf("%d choices for %d months", len(choices), len(months))}
	}
	for i, ch := range choices {
		if err := checkChoice(ch, months[i].Usage.Month); err != nil {
			return Plan{}, err
		}
		if !r.Allows(ch.Method) {
			return Plan{}, &Error{Month: months[i].Usage.Month.String(), Field: "choice.method", Rule: r.ID, Document: r.Document, Clause: "methods", Reason: fmt.Sprintf("method %q is not allowed (allowed: %s)", ch.Method, methodNames(r))}
		}
		if err := p.feasible(i, ch.Method); err != nil {
			return Plan{}, err
		}
	}
	for _, g := range p.groups(r.MethodChange) {
		for _, i := range g[1:] {
			if choices[i].Method != choices[g[0]].Method {
				return Plan{}, &Error{Rule: r.ID, Document: r.Document, Clause: "method_change", Reason: fmt.Sprintf("%s changes the method from %s to %s inside the %s period that starts %s", months[i].Usage.Month, choices[g[0]].Method, choices[i].Method, r.MethodChange.Length(), months[g[0]].Usage.Month)}
			}
		}
	}
	for _, g := range p.groups(r.ContractChange) {
		for _, i := range g[1:] {
			a, b := choices[g[0]], choices[i]
			if a.Method == tariff.MethodContractDemand && b.Method == tariff.MethodContractDemand && !a.ContractKW.Equal(b.ContractKW) {
				return Plan{}, &Error{Rule: r.ID, Document: r.Document, Clause: "contract_change", Reason: fmt.Sprintf("%s changes the contract from %s to %s kW inside the %s period that starts %s", months[i].Usage.Month, a.ContractKW, b.ContractKW, r.ContractChange.Length(), months[g[0]].Usage.Month)}
			}
		}
	}
	return p.plan(choices), nil
}

func (p *planCtx) plan(choices []Choice) Plan {
	pl := Plan{Rules: p.r.ID, Document: p.r.Document, Total: decimal.Zero}
	for i, ch := range choices {
		res := p.charge(i, ch.Method, ch.ContractKW)
		pm := PlannedMonth{Month: p.months[i].Usage.Month, Choice: ch, exact: res.scaled(p.facts[i].divisor), Charge: res.rounded()}
		pl.Months = append(pl.Months, pm)
		pl.Total = add(pl.Total, pm.Charge)
	}
	// Periods: split at method-change boundaries and wherever the choice
	// changes; equal consecutive contract periods are shown as one.
	mStart := p.groupStarts(p.r.MethodChange)
	for i, pm := range pl.Months {
		n := len(pl.Periods)
		newPeriod := i == 0 || mStart[i] || pm.Choice.Method != pl.Periods[n-1].Method ||
			pm.Choice.Method == tariff.MethodContractDemand && !pm.Choice.ContractKW.Equal(pl.Periods[n-1].ContractKW)
		if newPeriod {
			pl.Periods = append(pl.Periods, PlanPeriod{From: pm.Month, Method: pm.Choice.Method, ContractKW: pm.Choice.ContractKW, Charge: decimal.Zero})
			n++
		}
		pl.Periods[n-1].To = pm.Month
		pl.Periods[n-1].Charge = add(pl.Periods[n-1].Charge, pm.Charge)
	}
	return pl
}

func (p *planCtx) groupStarts(cp tariff.ChangePeriod) map[int]bool {
	out := map[int]bool{}
	for _, g := range p.groups(cp) {
		out[g[0]] = true
	}
	return out
}
