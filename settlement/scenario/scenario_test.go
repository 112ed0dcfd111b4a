package scenario

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

const baseScenario = `name: test
plant:
  id: p
  region: liaoning
  class: large_industry
  voltage_kv: 220
  pf_standard: 0.90
  feeders: [F1]
  units: [{id: T1, kind: transformer, kva: 500000}]
months:
  - {month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}}
  - {month: 2016-12, kwh: 310000000, kvarh: 99200000, demand: {F1: 430000}}
arrangements:
  a: {rules: cn-basic-rules-1996, plan: {method: capacity}}
  b: {rules: cn-basic-rules-1583, plan: cheapest}
  c2: {price: 0.3449, deviation: ln-deviation-interim, contract_share: 0.95}
`

func loadAndCompare(y string) (*Comparison, error) {
	sc, err := Load(strings.NewReader(y), "s.yaml")
	if err != nil {
		return nil, err
	}
	set, err := tariff.Default()
	if err != nil {
		return nil, err
	}
	return Compare(set, sc)
}

func TestBadScenarios(t *testing.T) {
	_, err := loadAndCompare(baseScenario)
	require.NoError(t, err)
	for _, c := range []struct{ old, new, want string }{
		{"name: test\n", "name: test\ncolour: red\n", "settlement: s.yaml:2:1: colour: unknown field (allowed: arrangements, example_prices, highlight_month, interval, months, name, notes, notes_zh, plant, structure, tables, title, title_zh, tou)"},
		{"2016-12, kwh", "2017-01, kwh", `settlement: s.yaml:12:13: months[1].month: "2017-01": months leave a gap after 2016-11 (allowed: 2016-12)`},
		{"2016-12, kwh", "2016-11, kwh", `settlement: s.yaml:12:13: months[1].month: "2016-11": months out of order or duplicated (allowed: after 2016-11)`},
		{"kwh: 310000000", "kwh: -310000000", `settlement: s.yaml:12:27: months[1].kwh: "-310000000": must not be negative`},
		{"kvarh: 96000000", "kvarh: null", "settlement: s.yaml:11:45: months[0].kvarh: required value is null"},
		{"demand: {F1: 430000}}\n  - {month: 2016-12", "demand: {}}\n  - {month: 2016-12", "settlement: s.yaml:11:63: months[0].demand.F1: required field is missing"},
		{"contract_share: 0.95", "contract_share: 1.2", `settlement: s.yaml:16:72: arrangements.c2.contract_share: "1.2": share of consumption outside [0, 1] (allowed: 0 to 1)`},
		{"rules: cn-basic-rules-1583", "rules: cn-basic-rules-2016", `settlement: s.yaml:15:14: arrangements.b.rules: no basic_rules table with id "cn-basic-rules-2016" (allowed: cn-basic-rules-1583, cn-basic-rules-1996, cn-basic-rules-526)`},
		{"deviation: ln-deviation-interim", "deviation: ln-deviation-final", `settlement: s.yaml:16:34: arrangements.c2.deviation: no deviation_rules table with id "ln-deviation-final" (allowed: ln-deviation-interim, ln-deviation-supplement)`},
		{"plan: {method: capacity}", "plan: [{from: 2016-11, method: capacity}, {from: 2016-12, method: contract_demand, contract_kw: 400000}]",
			"settlement: s.yaml:14:41: 2016-12: arrangements.a.plan: \"contract_demand\": cn-basic-rules-1996 (《供电营业规则》（1996年）) method_change: changes the method from capacity to contract_demand inside the year period that starts 2016-11 (allowed: the period's method, capacity)"},
		{"plan: {method: capacity}", "plan: {method: contract_demand, contract_kw: 400000.5}", `settlement: s.yaml:14:80: arrangements.a.plan.contract_kw: "400000.5": contract demand is declared in whole kW (allowed: whole kW)`},
		{"plan: cheapest", "plan: cheapest-ever", `settlement: s.yaml:15:41: arrangements.b.plan: "cheapest-ever": unknown plan (allowed: cheapest, {method, contract_kw}, or a list of {from, method, contract_kw})`},
		{"2016-12, kwh", "2017-07, kwh", `settlement: s.yaml:12:13: months[1].month: "2017-07": months leave a gap after 2016-11 (allowed: 2016-12)`},
		// before: "settlement: s.yaml:11:5: months[0]: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)"
		{"voltage_kv: 220", "voltage_kv: 0.38", `settlement: s.yaml:6:15: plant.voltage_kv: "0.38": no tier of ln-catalog-2016 maps it in 2016-11 (allowed: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)`},
		// before: "settlement: s.yaml:11:5: months[0]: no catalog table in force for liaoning large_industri on 2016-11-01"
		{"class: large_industry", "class: large_industri", `settlement: s.yaml:5:10: plant.class: "large_industri": unknown customer class (no catalog of the region has it) (allowed: large_industry, large_industry_chemical)`},
		{"voltage_kv: 220", "voltage_kv: 111", `settlement: s.yaml:6:15: plant.voltage_kv: "111": not a standard supply voltage in kV (GB/T 156) (allowed: 0.22, 0.38, 0.66, 1, 3, 6, 10, 20, 35, 66, 110, 220, 330, 500, 750, 1000)`},
		{"region: liaoning", "region: lioaning", `settlement: s.yaml:4:11: plant.region: "lioaning": no table of this region (allowed: liaoning)`},
		// before: "settlement: s.yaml:11:63: months[0].demand.F1: required field is missing"
		{"demand: {F1: 430000}}\n  - {month: 2016-12", "demand: {F2: 430000}}\n  - {month: 2016-12", `settlement: s.yaml:11:68: months[0].demand.F2: unknown feeder: not in plant.feeders (allowed: F1)`},
		{"kind: transformer", "kind: reactor", `settlement: s.yaml:9:26: plant.units[0].kind: "reactor": unknown value (allowed: transformer, motor)`},
	} {
		y := strings.Replace(baseScenario, c.old, c.new, 1)
		require.NotEqual(t, baseScenario, y, c.old)
		_, err := loadAndCompare(y)
		require.Error(t, err, c.want)
		require.EqualError(t, err, c.want)
	}
	// A month with no table in force: the catalog ends on 2017-07-01.
	y := strings.Replace(strings.Replace(baseScenario, "2016-11, kwh", "2017-06, kwh", 1), "2016-12, kwh", "2017-07, kwh", 1)
	_, err = loadAndCompare(y)
	require.EqualError(t, err, "settlement: s.yaml:12:5: 2017-07: months[1]: no catalog table in force for liaoning large_industry on 2017-07-01")
	// One error located in the scenario, the month's lookup flattened into
	// it (no *settlement.Error inside), the table lookup's error behind it.
	var se *settlement.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, settlement.Error{File: "s.yaml", Line: 12, Column: 5, Month: "2017-07", Field: "months[1]", Err: se.Err}, *se)
	var inner *settlement.Error
	require.False(t, errors.As(se.Err, &inner))
	var te *tariff.Error
	require.ErrorAs(t, err, &te)
	require.Equal(t, tariff.KindCatalog, te.Kind)
	require.Equal(t, "no catalog table in force for liaoning large_industry on 2017-07-01", se.Err.(*tariff.Error).Message())
}

// annualC2 is annual C₂ at price p from full bills (the search itself
// settles numbers only).
func annualC2(t *testing.T, set *tariff.Set, c *Comparison, p decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	months, err := c.Scenario.resolveMonths(set)
	require.NoError(t, err)
	for i, sm := range months {
		r := recipes{set, c.Scenario, &sm}
		b, err := r.after(sm.Usage, options(c.Scenario, sm.Usage, c.PlanB.Months[i], c.PlanB.Rules, "C₂"), sm.ContractKWh, decimal.NewNullDecimal(p))
		require.NoError(t, err)
		s = s.Add(b.Total)
	}
	return s
}

// Break-even on smelter-s: C₂(p) ≤ B and C₂(p + 0.0001) > B; C₂ is monotone on the interim rules.
func TestBreakEven(t *testing.T) {
	sc, err := LoadFS(scenarios.FS(), "smelter-s.yaml")
	require.NoError(t, err)
	set := defaults(t)
	c, err := Compare(set, sc)
	require.NoError(t, err)
	require.True(t, c.BreakEven.Valid)
	require.False(t, c.BreakEvenAtLeastMax)
	require.Equal(t, "0.3745", c.BreakEven.Decimal.String())
	require.Equal(t, "0.5096", c.BreakEvenMax.String())
	p := c.BreakEven.Decimal
	require.False(t, annualC2(t, set, c, p).GreaterThan(c.Annual.B))
	require.True(t, annualC2(t, set, c, p.Add(d("0.0001"))).GreaterThan(c.Annual.B))
	prev := decimal.Zero
	for k := int64(0); k <= 5096; k += 97 {
		v := annualC2(t, set, c, decimal.New(k, -4))
		require.True(t, k == 0 || !v.LessThan(prev), "C₂ falls at %d", k)
		prev = v
	}
	// At the scenario's price 0.3449 C₂ is below B, as the report says.
	require.True(t, c.Annual.C2.LessThan(c.Annual.B))
}

// A month of deep under-use under the supplement rules makes C₂ fall as the
// price rises towards the benchmark: no break-even price, the rule named.
func TestBreakEvenNonMonotone(t *testing.T) {
	y := strings.Replace(baseScenario, "deviation: ln-deviation-interim, contract_share: 0.95", "deviation: ln-deviation-supplement, contract_share: 3", 1)
	y = strings.Replace(y, "contract_share: 3", "contract_share: 1", 1)
	y = strings.Replace(y, "kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}}", "kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}, contract_kwh: 900000000}", 1)
	c, err := loadAndCompare(y)
	require.NoError(t, err)
	require.False(t, c.BreakEven.Valid)
	require.Equal(t, "ln-deviation-supplement", c.BreakEvenRule)
	require.Contains(t, c.BreakEvenEN, "falls as the price rises")
}

// copper-c: TOU, two feeders, a suspension across months and captive supply;
// November 2016 as worked in the scenario file's comments.
func TestCopperC(t *testing.T) {
	sc, err := LoadFS(scenarios.FS(), "copper-c.yaml")
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	nov := c.Months[1]
	wantLines(t, nov.A, "46366979.25", "energy/peak", "14034000.00", "energy/flat", "16373000.00", "energy/valley", "8186500.00",
		"basic", "3300000.00", "power_factor", "-188520.75", "funds", "4662000.00")
	wantLines(t, nov.C2, "44649838.81", "traded_energy/peak", "10036590.00", "traded_energy/flat", "11709355.00", "traded_energy/valley", "5854677.50",
		"tnd_energy", "8110170.00", "outside_energy/peak", "421020.00", "outside_energy/flat", "491190.00", "outside_energy/valley", "245595.00",
		"basic", "3300000.00", "power_factor", "-180758.69", "deviation", "0.00", "funds", "4662000.00")
	// December: T3 sealed from the 16th, so B must bill Q4 by capacity (a demand
	// method needs whole months): 100,000 × 22 + 50,000 × 22 × 15/30 = 2,750,000.
	require.Equal(t, tariff.MethodCapacity, c.PlanB.Months[2].Method)
	require.Equal(t, "2750000.00", c.Months[2].B.Sum("basic").StringFixed(2))
	// Q1 2017 by contract demand 66,667 kW (⌈70,000/1.05⌉): 66,667 × 33 = 2,200,011.
	require.Equal(t, "66667", c.PlanB.Months[3].ContractKW.String())
	// February: captive supply makes C differ from C₂ and L3 positive.
	feb := c.Months[4]
	require.True(t, feb.L3.IsPositive())
	require.Equal(t, "5200000.00", feb.C.Sum("captive_generation").StringFixed(2)) // 20,000,000 × 0.26
	for _, mr := range c.Months {
		require.True(t, mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.A.Total.Sub(mr.C.Total)))
	}
	require.True(t, c.HasCaptive)
}

// smelter-2026: September's C₂ equals E7 line by line; the identity holds.
func TestSmelter2026(t *testing.T) {
	sc, err := LoadFS(scenarios.FS(), "smelter-2026.yaml")
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	sep := c.Months[1]
	require.Equal(t, "2026-09", sep.Usage.Month.String())
	wantLines(t, sep.C2, "148739260.13", "purchase_energy", "105000000.00", "loss", "4124922.05", "tnd_energy", "17130000.00",
		"system_operation", "4500000.00", "basic", "11000000.00", "power_factor", "-1063161.92", "funds", "8047500.00")
	// A: contract demand 420,000 kW at 35.2 × 0.9 (600 kWh/kVA ≥ 260) = 13,305,600.
	require.Equal(t, "13305600.00", sep.A.Sum("basic").StringFixed(2))
	// A's agency energy at 0.3850: 300,000,000 × 0.385 = 115,500,000.
	require.Equal(t, "115500000.00", sep.A.Sum("purchase_energy").StringFixed(2))
	for _, mr := range c.Months {
		require.True(t, mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.A.Total.Sub(mr.C.Total)))
		require.True(t, hasWarning(mr.C2, "example_prices"))
	}
	// Break-even market price is on the agency-price scale (P_max 0.3950).
	require.Equal(t, "0.395", c.BreakEvenMax.String())
}

// The README's complete scenario example loads and settles.
func TestReadmeScenario(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	s := string(b)
	i := strings.Index(s, "```yaml\nname: zinc-z")
	require.GreaterOrEqual(t, i, 0)
	y := s[i+len("```yaml\n"):]
	y = y[:strings.Index(y, "```")]
	c, err := loadAndCompare(y)
	require.NoError(t, err)
	require.Len(t, c.Months, 3)
	require.True(t, c.Months[2].L3.IsPositive(), "the captive month saves")
}
