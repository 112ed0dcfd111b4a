package settlement

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// e5Months: plant Z's demand, July 2016 – June 2017: 60,000 kW Jul–Dec, 28,000
// kW Jan–Apr, 60,000 kW May–Jun; basic prices 22 元/kVA·月 and 33 元/kW·月; no kWh.
func e5Months() []Usage {
	var out []Usage
	m := tariff.Month{Year: 2016, Month: 7}
	for i := 0; i < 12; i++ {
		kw := "60000"
		if m.Year == 2017 && m.Month <= 4 {
			kw = "28000"
		}
		out = append(out, Usage{Month: m, Demand: map[string]decimal.Decimal{"F1": d(kw)}})
		m = m.Next()
	}
	return out
}

// e5Prices are the basic prices of E5: 22 元/kVA·月 and 33 元/kW·月 every month.
func e5Prices(tariff.Month) (decimal.Decimal, decimal.Decimal) { return e5KVA, e5KW }

var e5KVA, e5KW = decimal.RequireFromString("22"), decimal.RequireFromString("33")

func rules(t testing.TB, id string) *tariff.Rules {
	r, err := defaults(t).BasicRules("liaoning", tariff.Date{}, id)
	require.NoError(t, err)
	return r
}

func month(s string) tariff.Month {
	m, err := tariff.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// e5Stated is a stated plan of E5's twelve months, one period per month, all
// with method m and contract kw.
func e5Stated(m tariff.Method, kw string) []PlanPeriod {
	var out []PlanPeriod
	for _, u := range e5Months() {
		out = append(out, PlanPeriod{From: u.Month, To: u.Month, Method: m, ContractKW: d(kw)})
	}
	return out
}

func TestE5Plans(t *testing.T) {
	// 1996: capacity all year, 12 × 80,000 × 22 = 21,120,000.
	p, err := OptimisePlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months(), e5Prices)
	require.NoError(t, err)
	require.Equal(t, "21120000.00", p.Total.StringFixed(2))
	require.Len(t, p.Periods, 1)
	require.Equal(t, tariff.MethodCapacity, p.Periods[0].Method)
	// Contract demand all year would cost 21,240,714: 57,143 kW × 33 × 6 = 11,314,314 in
	// Jul–Dec; the 32,000 kW floor in Jan–Jun: 4 × 1,056,000 + 2 × (33,600 × 33 + 2 × 26,400 × 33).
	cd := []PlanPeriod{
		{From: month("2016-07"), To: month("2016-12"), Method: tariff.MethodContractDemand, ContractKW: d("57143")},
		{From: month("2017-01"), To: month("2017-06"), Method: tariff.MethodContractDemand, ContractKW: d("32000")},
	}
	sp, err := StatedPlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months(), e5Prices, cd)
	require.NoError(t, err)
	require.Equal(t, "21240714.00", sp.Total.StringFixed(2))

	// 1583: Q3, Q4 capacity (5,280,000 each); Q1 the 32,000 kW floor (3 × 1,056,000);
	// Q2 32,000 / 57,143 / 57,143 (1,056,000 + 2 × 1,885,719) = 18,555,438.
	p, err = OptimisePlan(rules(t, "cn-basic-rules-1583"), zincZ(), e5Months(), e5Prices)
	require.NoError(t, err)
	require.Equal(t, "18555438.00", p.Total.StringFixed(2))
	want := []string{"capacity 0", "capacity 0", "capacity 0", "capacity 0", "capacity 0", "capacity 0",
		"contract_demand 32000", "contract_demand 32000", "contract_demand 32000",
		"contract_demand 32000", "contract_demand 57143", "contract_demand 57143"}
	for i, pm := range p.Months {
		require.Equal(t, pm.From, pm.To)
		require.Equal(t, want[i], string(pm.Method)+" "+pm.ContractKW.String(), pm.From.String())
	}
	var periods []string
	for _, pp := range p.Periods {
		periods = append(periods, pp.From.String()+".."+pp.To.String()+" "+pp.Charge.StringFixed(2))
	}
	require.Equal(t, []string{"2016-07..2016-09 5280000.00", "2016-10..2016-12 5280000.00", "2017-01..2017-03 3168000.00",
		"2017-04..2017-04 1056000.00", "2017-05..2017-06 3771438.00"}, periods)

	// 526 what-if without kWh (no discount): 6 × 1,760,000 + 4 × 1,056,000 + 2 × 1,760,000.
	p, err = OptimisePlan(rules(t, "cn-basic-rules-526"), zincZ(), e5Months(), e5Prices)
	require.NoError(t, err)
	require.Equal(t, "18304000.00", p.Total.StringFixed(2))
	// Jan–Apr: contract at the floor and actual demand (floored) tie at 1,056,000: contract wins.
	require.Equal(t, tariff.MethodContractDemand, p.Months[6].Method)
}

func TestStatedPlanChangeInsidePeriod(t *testing.T) {
	ch := e5Stated(tariff.MethodCapacity, "0")
	ch[1] = PlanPeriod{From: ch[1].From, To: ch[1].To, Method: tariff.MethodContractDemand, ContractKW: d("50000")}
	_, err := StatedPlan(rules(t, "cn-basic-rules-1583"), zincZ(), e5Months(), e5Prices, ch)
	require.EqualError(t, err, `settlement: 2016-08: stated[1].method: "contract_demand": cn-basic-rules-1583 (发改办价格〔2016〕1583号) method_change: changes the method from capacity to contract_demand inside the quarter period that starts 2016-07 (allowed: the period's method, capacity)`)
	var re *Error
	require.True(t, errors.As(err, &re))
	require.Equal(t, Error{Month: "2016-08", Field: "stated[1].method", Value: "contract_demand", Rule: "cn-basic-rules-1583", Document: "发改办价格〔2016〕1583号", Clause: "method_change",
		Reason: "changes the method from capacity to contract_demand inside the quarter period that starts 2016-07", Allowed: "the period's method, capacity"}, *re)
	// One stated period of two months (2016-08 … 2016-09) is stated[1] of both.
	ch = append(ch[:1], append([]PlanPeriod{{From: ch[1].From, To: ch[2].To, Method: tariff.MethodActualDemand}}, ch[3:]...)...)
	_, err = StatedPlan(rules(t, "cn-basic-rules-1583"), zincZ(), e5Months(), e5Prices, ch)
	require.EqualError(t, err, `settlement: 2016-08: stated[1].method: "actual_demand": cn-basic-rules-1583 (发改办价格〔2016〕1583号) methods: method not allowed by the rule set (allowed: capacity, contract_demand)`)
	ch = e5Stated(tariff.MethodContractDemand, "50000")
	ch[7].ContractKW = d("50001")
	_, err = StatedPlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months(), e5Prices, ch)
	require.EqualError(t, err, `settlement: 2017-02: stated[7].contract_kw: "50001": cn-basic-rules-1996 (《供电营业规则》（1996年）) contract_change: changes the contract from 50000 to 50001 kW inside the half_year period that starts 2017-01 (allowed: the period's contract, 50000 kW)`)
}

// The optimiser equals a brute-force search over every whole-kW contract on
// random small cases, for both readings, and never costs more than a stated plan.
func TestOptimiserMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, reading := range []tariff.Reading{tariff.ReadingA, tariff.ReadingB} {
		for _, id := range []string{"cn-basic-rules-1996", "cn-basic-rules-1583", "cn-basic-rules-526"} {
			r, _ := rulesOf(rules(t, id))
			r.Reading = reading
			for trial := 0; trial < 25; trial++ {
				n := 1 + rng.IntN(7)
				c := Customer{ID: "x", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: PFStandard090,
					Units: []Unit{{ID: "T1", KVA: decimal.NewFromInt(int64(50 + rng.IntN(200)))}}}
				var months []Usage
				m := tariff.Month{Year: 2016, Month: time1(rng.IntN(12))}
				for i := 0; i < n; i++ {
					kw := decimal.NewFromInt(int64(rng.IntN(300)))
					months = append(months, Usage{Month: m, KWh: decimal.NewFromInt(int64(rng.IntN(60000))), Demand: map[string]decimal.Decimal{"F1": kw}})
					m = m.Next()
				}
				prices := func(tariff.Month) (decimal.Decimal, decimal.Decimal) { return d("22"), d("33.3") }
				p, err := optimise(r, c, months, prices)
				require.NoError(t, err)
				pc, err := newPlanCtx(r, c, months, prices)
				require.NoError(t, err)
				got := exactTotal(pc, p)
				best := bruteForce(pc)
				require.True(t, got.Equal(best), "%s %s trial %d: optimiser %s, brute force %s\n%+v\n%+v", id, reading, trial, got, best, months, p.Months)
			}
		}
	}
}

func time1(i int) time.Month { return time.Month(i + 1) }

// exactTotal is the plan's exact cost, the sum of its months' exact charges
// (times the proration divisor), as the optimiser compares them.
func exactTotal(pc *planCtx, p Plan) decimal.Decimal {
	s := decimal.Zero
	for i, m := range p.Months {
		s = s.Add(pc.cost(i, m.Method, m.ContractKW))
	}
	return s
}

// bruteForce tries every method per method period and every whole-kW contract
// 0 … 400 per contract period (contract periods nest in method periods here).
func bruteForce(p *planCtx) decimal.Decimal {
	r := p.r
	total := decimal.Zero
	cgs := p.groups(r.ContractChange)
	for _, mg := range p.groups(r.MethodChange) {
		var best decimal.Decimal
		first := true
		for _, m := range r.src.Methods() {
			cost := decimal.Zero
			if m == tariff.MethodContractDemand {
				for _, cg := range cgs {
					if cg[0] < mg[0] || cg[0] > mg[len(mg)-1] {
						continue
					}
					var bc decimal.Decimal
					for cv := 0; cv <= 400; cv++ {
						s := decimal.Zero
						for _, i := range cg {
							s = s.Add(p.cost(i, m, decimal.NewFromInt(int64(cv))))
						}
						if cv == 0 || s.LessThan(bc) {
							bc = s
						}
					}
					cost = cost.Add(bc)
				}
			} else {
				for _, i := range mg {
					cost = cost.Add(p.cost(i, m, decimal.Zero))
				}
			}
			if first || cost.LessThan(best) {
				best, first = cost, false
			}
		}
		total = total.Add(best)
	}
	return total
}

// Stated periods cover the months planned in order, each month once; a month
// left out, stated twice or outside the run is an error naming the period.
func TestStatedPlanCoversTheMonths(t *testing.T) {
	r := rules(t, "cn-basic-rules-1996")
	capacityFrom := func(from, to string) PlanPeriod {
		return PlanPeriod{From: month(from), To: month(to), Method: tariff.MethodCapacity}
	}
	for _, c := range []struct {
		stated []PlanPeriod
		want   string
	}{
		{nil, `settlement: stated: the stated periods cover 0 of the 12 months planned (allowed: periods from 2016-07 to 2017-06)`},
		{[]PlanPeriod{capacityFrom("2016-07", "2017-05")}, `settlement: stated: the stated periods cover 11 of the 12 months planned (allowed: periods from 2016-07 to 2017-06)`},
		{[]PlanPeriod{capacityFrom("2016-08", "2017-06")}, `settlement: stated[0].from: "2016-08": the stated periods must cover the months planned in order, each month once (allowed: 2016-07)`},
		{[]PlanPeriod{capacityFrom("2016-07", "2016-12"), capacityFrom("2016-12", "2017-06")}, `settlement: stated[1].from: "2016-12": the stated periods must cover the months planned in order, each month once (allowed: 2017-01)`},
		{[]PlanPeriod{capacityFrom("2016-07", "2017-07")}, `settlement: stated[0].to: "2017-07": the stated periods must cover the months planned in order, each month once (allowed: 2016-07 … 2017-06)`},
		{[]PlanPeriod{{From: month("2016-07"), Method: tariff.MethodCapacity}}, `settlement: stated[0].to: the stated periods must cover the months planned in order, each month once (allowed: 2016-07 … 2017-06)`},
	} {
		_, err := StatedPlan(r, zincZ(), e5Months(), e5Prices, c.stated)
		require.EqualError(t, err, c.want)
	}
	// One period for the whole run is the plan of twelve single months:
	// capacity all year, 12 × 80,000 × 22 = 21,120,000.
	p, err := StatedPlan(r, zincZ(), e5Months(), e5Prices, []PlanPeriod{capacityFrom("2016-07", "2017-06")})
	require.NoError(t, err)
	require.Equal(t, "21120000.00", p.Total.StringFixed(2))
	require.Len(t, p.Months, 12)
	pm, ok := p.Month(month("2017-02"))
	require.True(t, ok)
	require.Equal(t, PlanPeriod{From: month("2017-02"), To: month("2017-02"), Method: tariff.MethodCapacity, Charge: d("1760000.00")}, pm)
}

// TestPlanRulesOfAnotherKind gives the optimiser and a stated plan a
// power-factor table instead of a basic-charge rule set: each refuses it with
// an *Error on "rules" naming the table, before any month is planned.
func TestPlanRulesOfAnotherKind(t *testing.T) {
	pf, err := defaults(t).PowerFactor("liaoning", decimal.RequireFromString("0.90"), tariff.NewDate(2016, 11, 1))
	require.NoError(t, err)
	_, err = OptimisePlan(pf, zincZ(), e5Months(), e5Prices)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "rules", e.Field)
	require.Equal(t, "cn-power-factor-090", e.Value)
	require.Equal(t, `settlement: rules: "cn-power-factor-090": not a basic-charge rule set: a table of kind power_factor (allowed: a table of kind basic_rules)`, err.Error())
	_, err = StatedPlan(pf, zincZ(), e5Months(), e5Prices, nil)
	require.ErrorAs(t, err, &e)
	require.Equal(t, "rules", e.Field)
}
