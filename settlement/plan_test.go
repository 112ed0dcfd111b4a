package settlement

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// e5Months: plant Z's demand, July 2016 – June 2017: 60,000 kW Jul–Dec, 28,000
// kW Jan–Apr, 60,000 kW May–Jun; basic prices 22 元/kVA·月 and 33 元/kW·月; no kWh.
func e5Months() []PlanMonth {
	var out []PlanMonth
	m := tariff.Month{Year: 2016, Month: 7}
	for i := 0; i < 12; i++ {
		kw := "60000"
		if m.Year == 2017 && m.Month <= 4 {
			kw = "28000"
		}
		out = append(out, PlanMonth{Usage: Usage{Month: m, Demand: []FeederDemand{{Feeder: "F1", KW: d(kw)}}}, PriceKVA: d("22"), PriceKW: d("33")})
		m = m.Next()
	}
	return out
}

func rules(t testing.TB, id string) *tariff.BasicRules {
	r, err := defaults(t).BasicRules("liaoning", tariff.Date{}, id)
	require.NoError(t, err)
	return r
}

func TestE5Plans(t *testing.T) {
	// 1996: capacity all year, 12 × 80,000 × 22 = 21,120,000.
	p, err := OptimisePlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months())
	require.NoError(t, err)
	require.Equal(t, "21120000.00", p.Total.StringFixed(2))
	require.Len(t, p.Periods, 1)
	require.Equal(t, tariff.MethodCapacity, p.Periods[0].Method)
	// Contract demand all year would cost 21,240,714: 57,143 kW × 33 × 6 = 11,314,314 in
	// Jul–Dec; the 32,000 kW floor in Jan–Jun: 4 × 1,056,000 + 2 × (33,600 × 33 + 2 × 26,400 × 33).
	var cd []Choice
	for i := 0; i < 12; i++ {
		kw := "57143"
		if i >= 6 {
			kw = "32000"
		}
		cd = append(cd, Choice{Method: tariff.MethodContractDemand, ContractKW: d(kw)})
	}
	sp, err := StatedPlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months(), cd)
	require.NoError(t, err)
	require.Equal(t, "21240714.00", sp.Total.StringFixed(2))

	// 1583: Q3, Q4 capacity (5,280,000 each); Q1 the 32,000 kW floor (3 × 1,056,000);
	// Q2 32,000 / 57,143 / 57,143 (1,056,000 + 2 × 1,885,719) = 18,555,438.
	p, err = OptimisePlan(rules(t, "cn-basic-rules-1583"), zincZ(), e5Months())
	require.NoError(t, err)
	require.Equal(t, "18555438.00", p.Total.StringFixed(2))
	want := []string{"capacity 0", "capacity 0", "capacity 0", "capacity 0", "capacity 0", "capacity 0",
		"contract_demand 32000", "contract_demand 32000", "contract_demand 32000",
		"contract_demand 32000", "contract_demand 57143", "contract_demand 57143"}
	for i, pm := range p.Months {
		require.Equal(t, want[i], string(pm.Choice.Method)+" "+pm.Choice.ContractKW.String(), pm.Month.String())
	}
	var periods []string
	for _, pp := range p.Periods {
		periods = append(periods, pp.From.String()+".."+pp.To.String()+" "+pp.Charge.StringFixed(2))
	}
	require.Equal(t, []string{"2016-07..2016-09 5280000.00", "2016-10..2016-12 5280000.00", "2017-01..2017-03 3168000.00",
		"2017-04..2017-04 1056000.00", "2017-05..2017-06 3771438.00"}, periods)

	// 526 what-if without kWh (no discount): 6 × 1,760,000 + 4 × 1,056,000 + 2 × 1,760,000.
	p, err = OptimisePlan(rules(t, "cn-basic-rules-526"), zincZ(), e5Months())
	require.NoError(t, err)
	require.Equal(t, "18304000.00", p.Total.StringFixed(2))
	// Jan–Apr: contract at the floor and actual demand (floored) tie at 1,056,000: contract wins.
	require.Equal(t, tariff.MethodContractDemand, p.Months[6].Choice.Method)
}

func TestStatedPlanChangeInsidePeriod(t *testing.T) {
	ch := make([]Choice, 12)
	for i := range ch {
		ch[i] = Choice{Method: tariff.MethodCapacity}
	}
	ch[1] = Choice{Method: tariff.MethodContractDemand, ContractKW: d("50000")}
	_, err := StatedPlan(rules(t, "cn-basic-rules-1583"), zincZ(), e5Months(), ch)
	require.EqualError(t, err, "settlement: cn-basic-rules-1583 (发改办价格〔2016〕1583号) method_change: 2016-08 changes the method from capacity to contract_demand inside the quarter period that starts 2016-07")
	for i := range ch {
		ch[i] = Choice{Method: tariff.MethodContractDemand, ContractKW: d("50000")}
	}
	ch[7] = Choice{Method: tariff.MethodContractDemand, ContractKW: d("50001")}
	_, err = StatedPlan(rules(t, "cn-basic-rules-1996"), zincZ(), e5Months(), ch)
	require.EqualError(t, err, "settlement: cn-basic-rules-1996 (《供电营业规则》（1996年）) contract_change: 2017-02 changes the contract from 50000 to 50001 kW inside the half_year period that starts 2017-01")
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
					Units: []Unit{{ID: "T1", Kind: UnitTransformer, KVA: decimal.NewFromInt(int64(50 + rng.IntN(200)))}}}
				var months []PlanMonth
				m := tariff.Month{Year: 2016, Month: time1(rng.IntN(12))}
				for i := 0; i < n; i++ {
					kw := decimal.NewFromInt(int64(rng.IntN(300)))
					months = append(months, PlanMonth{Usage: Usage{Month: m, KWh: decimal.NewFromInt(int64(rng.IntN(60000))), Demand: []FeederDemand{{"F1", kw}}}, PriceKVA: d("22"), PriceKW: d("33.3")})
					m = m.Next()
				}
				p, err := optimise(r, c, months)
				require.NoError(t, err)
				best := bruteForce(t, r, c, months)
				require.True(t, exactTotal(p).Equal(best), "%s %s trial %d: optimiser %s, brute force %s\n%+v\n%+v", id, reading, trial, exactTotal(p), best, months, p.Months)
			}
		}
	}
}

func time1(i int) time.Month { return time.Month(i + 1) }

func exactTotal(p Plan) decimal.Decimal {
	s := decimal.Zero
	for _, m := range p.Months {
		s = s.Add(m.exact)
	}
	return s
}

// bruteForce tries every method per method period and every whole-kW contract
// 0 … 400 per contract period (contract periods nest in method periods here).
func bruteForce(t *testing.T, r *ruleSet, c Customer, months []PlanMonth) decimal.Decimal {
	p, err := newPlanCtx(r, c, months)
	require.NoError(t, err)
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
