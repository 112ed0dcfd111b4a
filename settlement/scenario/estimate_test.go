package scenario_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func estimate(t *testing.T, name string) *scenario.Comparison {
	t.Helper()
	sc := load(t, name)
	set, err := tariff.Default()
	require.NoError(t, err)
	e, err := scenario.Estimate(set, sc)
	require.NoError(t, err)
	require.True(t, e.Estimated)
	return e
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// bridgeRow returns the bridge row of month m ("" for the year) and group g.
func bridgeRow(t *testing.T, e *scenario.Comparison, m string, g tariff.LineGroup) scenario.Savings {
	t.Helper()
	for _, b := range e.Bridge {
		if b.Group == g && (m == "" && b.Month.IsZero() || !b.Month.IsZero() && b.Month.String() == m) {
			return b
		}
	}
	t.Fatalf("no bridge row %s %s", m, g)
	return scenario.Savings{}
}

// Each bridge adds up to its whole bills, every month and over the year:
// each arrangement's total and each lever; every row carries the month's (the
// year's) kWh; the subtotal is energy + T&D.
func TestBridgeAddsUp(t *testing.T) {
	for _, name := range []string{"smelter-s", "zinc-z", "copper-c", "smelter-2026"} {
		c := estimate(t, name)
		groups := tariff.LineGroups()
		require.Len(t, c.Bridge, (len(c.Months)+1)*len(groups), name)
		require.Len(t, c.EnergyWithTND, len(c.Months)+1, name)
		figures := func(s scenario.Savings) []decimal.Decimal {
			return []decimal.Decimal{s.A, s.B, s.C2, s.C, s.L1, s.L2, s.L3, s.Total}
		}
		check := func(rows []scenario.Savings, sub, whole scenario.Savings, what string) {
			sum := make([]decimal.Decimal, 8)
			for i := range sum {
				sum[i] = decimal.Zero
			}
			for i, r := range rows {
				require.Equal(t, groups[i], r.Group, what)
				require.Equal(t, whole.Month, r.Month, what)
				require.True(t, r.KWh.Equal(whole.KWh), "%s %s kWh", name, what)
				for k, v := range figures(r) {
					sum[k] = sum[k].Add(v)
				}
			}
			for k, v := range figures(whole) {
				require.True(t, sum[k].Equal(v), "%s %s figure %d: %s ≠ %s", name, what, k, sum[k], v)
			}
			require.Equal(t, tariff.LineGroupEnergyWithTND, sub.Group)
			require.True(t, sub.KWh.Equal(whole.KWh), "%s %s subtotal kWh", name, what)
			for k, v := range figures(sub) {
				require.True(t, v.Equal(figures(rows[0])[k].Add(figures(rows[1])[k])), "%s %s subtotal figure %d", name, what, k)
			}
		}
		n := len(groups)
		for i, mr := range c.Months {
			whole := scenario.Savings{Month: mr.Usage.Month, KWh: mr.KWh(), A: mr.A.Total, B: mr.B.Total, C2: mr.C2.Total, C: mr.C.Total,
				L1: mr.L1, L2: mr.L2, L3: mr.L3, Total: mr.Total}
			check(c.Bridge[i*n:(i+1)*n], c.EnergyWithTND[i], whole, mr.Usage.Month.String())
		}
		check(c.Bridge[len(c.Months)*n:], c.EnergyWithTND[len(c.Months)], c.Annual, "year")
	}
}

// README §4.1: Smelter S, November 2016, L2 = 8,634,750.00 is energy
// +32,741,000.00 (137,340,000.00 − 100,021,000.00 − 4,578,000.00), T&D
// −24,041,000.00 (0 − 290,000,000 × 0.0829), power factor −65,250.00
// (−1,112,550.00 − (−1,047,300.00)), the rest 0.00; February 2017's deviation
// penalty (−1,215,742.00 = −(0.98 × 270,000,000 − 250,000,000) × (0.2 ×
// 0.3749 + 0.1 × 0.0829)) stands on its own row.
func TestSmelterSBridgeNovember2016(t *testing.T) {
	e := estimate(t, "smelter-s")
	want := map[tariff.LineGroup]string{tariff.LineGroupEnergy: "32741000.00", tariff.LineGroupTND: "-24041000.00", tariff.LineGroupPowerFactor: "-65250.00"}
	for _, g := range tariff.LineGroups() {
		b := bridgeRow(t, e, "2016-11", g)
		w, ok := want[g]
		if !ok {
			w = "0.00"
		}
		require.Equal(t, w, b.L2.StringFixed(2), g)
		require.Equal(t, "0.00", b.L1.StringFixed(2), g)
		require.Equal(t, "0.00", b.L3.StringFixed(2), g)
	}
	require.Equal(t, "8700000.00", e.EnergyWithTND[4].L2.StringFixed(2)) // 32,741,000 − 24,041,000
	require.Equal(t, "-1215742.00", bridgeRow(t, e, "2017-02", tariff.LineGroupDeviation).L2.StringFixed(2))
	require.Equal(t, "-1215742.00", bridgeRow(t, e, "", tariff.LineGroupDeviation).L2.StringFixed(2))
}

// The sensitivity: 13 points Δ = −0.0300 … +0.0300, the point at Δ = 0 is
// the comparison, and the points at ±0.0100 are worked out by hand.
func TestSensitivity(t *testing.T) {
	e := estimate(t, "smelter-s")
	c := e
	require.Len(t, e.Sensitivity, 13)
	require.Equal(t, "-0.03", e.Sensitivity[0].Delta.String())
	require.Equal(t, "0.03", e.Sensitivity[12].Delta.String())
	at := func(delta string) scenario.Variant {
		for _, v := range e.Sensitivity {
			if v.Delta.Equal(dec(delta)) {
				return v
			}
		}
		t.Fatalf("no point at Δ %s", delta)
		return scenario.Variant{}
	}
	z := at("0")
	require.True(t, z.C2.Equal(c.Annual.C2))
	require.True(t, z.L2.Equal(c.Annual.L2))
	require.True(t, z.Saving.Equal(c.Annual.Total))
	require.True(t, z.Change.IsZero())
	require.Equal(t, "0.3449", z.Value.String())
	// Smelter S trades 3,510,000,000 kWh a year (the contract in 31-day
	// months: 7 × 300,000,000; 4 × 290,000,000 in 30-day months; all of
	// February's 250,000,000, which is under its contract). Moving the price
	// by 0.0100 moves traded energy by 35,100,000.00, and the power-factor
	// adjustment (−0.75 % every month, PF 0.95 against 0.90) by ∓263,250.00:
	// 35,100,000.00 × 0.9925 = 34,836,750.00, exactly (each month's change is
	// a whole number of fen). The deviation penalty of the interim rules does
	// not depend on the price.
	//   Δ = −0.0100: saving 103,294,508.00 + 34,836,750.00 = 138,131,258.00;
	//                C₂ 1,860,038,222.00 − 34,836,750.00 = 1,825,201,472.00
	//   Δ = +0.0100: saving 103,294,508.00 − 34,836,750.00 =  68,457,758.00
	lo, hi := at("-0.01"), at("0.01")
	require.Equal(t, "0.3349", lo.Value.String())
	require.Equal(t, "138131258.00", lo.Saving.StringFixed(2))
	require.Equal(t, "138131258.00", lo.L2.StringFixed(2)) // L1 = L3 = 0
	require.Equal(t, "1825201472.00", lo.C2.StringFixed(2))
	require.Equal(t, "68457758.00", hi.Saving.StringFixed(2))
	require.Equal(t, "-34836750.00", hi.Change.StringFixed(2))
	// At +0.0300 the price is the coal benchmark 0.3749: traded energy + T&D
	// equal the catalog energy excluding funds, so L2 is minus February's
	// deviation penalty.
	require.Equal(t, "-1215742.00", at("0.03").L2.StringFixed(2))

	// Zinc Z contracts 95 % of 390,500,000 kWh and uses more every month:
	// traded 370,975,000 kWh; PF 0.91 against 0.90 is −0.15 %. Δ = −0.0100:
	// 3,709,750.00 × 0.9985 = 3,704,185.375; the power-factor line is rounded
	// each month, so the change is 3,704,185.36 (within 12 half fen).
	z2 := estimate(t, "zinc-z")
	for _, v := range z2.Sensitivity {
		switch v.Delta.String() {
		case "0":
			require.True(t, v.Saving.Equal(z2.Annual.Total))
		case "-0.01":
			require.Equal(t, "3704185.36", v.Change.StringFixed(2))
			require.True(t, v.Change.Sub(dec("3704185.375")).Abs().LessThanOrEqual(dec("0.06")))
			require.Equal(t, "17377456.66", v.Saving.StringFixed(2))
		case "0.01":
			require.Equal(t, "-3704185.39", v.Change.StringFixed(2))
			require.True(t, v.Change.Add(dec("3704185.375")).Abs().LessThanOrEqual(dec("0.06")))
		case "0.03":
			// 0.3449 + 0.03 = the benchmark: direct trade saves nothing, the
			// saving is L1 alone (the break-even price is 0.3749).
			require.Equal(t, "0.00", v.L2.StringFixed(2))
			require.True(t, v.Saving.Equal(z2.Annual.L1))
		}
	}
}

// A point whose price would fall below 0 is left out.
func TestSensitivityLeavesOutNegativePrices(t *testing.T) {
	e := estimateOf(t, "zinc-z", "price: 0.3449", "price: 0.0120")
	require.Len(t, e.Sensitivity, 9) // Δ = −0.0100 … +0.0300
	require.Equal(t, "0.002", e.Sensitivity[0].Value.String())
}

// estimateOf estimates an embedded scenario with one piece of its text replaced.
func estimateOf(t *testing.T, name, old, repl string) *scenario.Comparison {
	t.Helper()
	b, err := fs.ReadFile(scenarios.FS(), name+".yaml")
	require.NoError(t, err)
	text := strings.Replace(string(b), old, repl, 1)
	require.NotEqual(t, string(b), text)
	sc, err := scenario.Load(strings.NewReader(text), name+".yaml")
	require.NoError(t, err)
	set, err := tariff.Default()
	require.NoError(t, err)
	e, err := scenario.Estimate(set, sc)
	require.NoError(t, err)
	return e
}

// A coal benchmark 1 % higher lowers the spread T&D price (catalog − funds −
// benchmark) on every traded kWh, so C₂ falls and the saving rises: Smelter
// S, 0.003749 × 3,510,000,000 kWh = 13,158,990.00, less the power-factor
// reduction of 0.75 % = 13,060,297.58, less February's higher under-use
// penalty (0.2 − 0.1) × 0.003749 × 14,600,000 kWh = 5,473.54: 13,054,824.04
// (13,054,824.06 after each month's rounding).
func TestMediumWeights(t *testing.T) {
	e := estimate(t, "smelter-s")
	var bench *scenario.Variant
	for i, v := range e.MediumWeights {
		require.NotEqual(t, "effective", v.Path)
		if v.Table == "ln-coal-benchmark-2016" && v.Path == "price" {
			bench = &e.MediumWeights[i]
		}
	}
	require.NotNil(t, bench)
	require.True(t, bench.Change.IsPositive(), "a higher benchmark lowers the spread T&D: the saving rises")
	require.Equal(t, "0.378649", bench.To)
	require.True(t, bench.Change.Sub(dec("13054824.04")).Abs().LessThan(dec("0.10")), bench.Change.String())
	require.Equal(t, e.MediumWeights[0].Table, "ln-coal-benchmark-2016", "the largest weight first")
	paths := map[string]bool{}
	for _, v := range e.MediumWeights {
		require.False(t, paths[v.Table+" "+v.Path], "one row each")
		paths[v.Table+" "+v.Path] = true
	}
	for _, p := range []string{"ln-catalog-2016 funds.renewable", "cn-basic-rules-1996 excess.threshold", "cn-basic-rules-1996 excess.multiplier",
		"cn-basic-rules-1996 floor.share", "ln-deviation-interim under.band", "ln-deviation-interim under.penalty.benchmark_factor", "ln-deviation-interim under.penalty.tnd_factor"} {
		require.True(t, paths[p], p)
	}
	require.Len(t, paths, 8) // zero values (the interim over-use rates) and other tiers left out

	z := estimate(t, "zinc-z")
	require.True(t, z.MediumWeights[0].Change.IsPositive())
	require.Equal(t, "ln-coal-benchmark-2016", z.MediumWeights[0].Table)
}

// The open points: the deviation rule set the other way (2016 structure),
// and the 105 % reading where a month exceeds 105 % of its contract.
func TestOpenPoints(t *testing.T) {
	e := estimate(t, "smelter-s")
	require.Len(t, e.OpenPoints, 1) // no month exceeds its contract demand (capacity billing)
	op := e.OpenPoints[0]
	require.Equal(t, "arrangements.c2.deviation", op.Path)
	require.Equal(t, "ln-deviation-supplement", op.To)
	// The supplement trades up to 105 % of Q: the 10,000,000 kWh above the
	// contract of the seven 31-day months and the four 30-day months are traded
	// (at 0.3449 + 0.0829 instead of 0.4578 outside the contract: 0.0300 a kWh,
	// 110,000,000 kWh = 3,300,000.00), and February's shortfall below 95 % is
	// (256,500,000 − 250,000,000) × 2 × |0.3749 − 0.3449| = 390,000.00
	// instead of 1,215,742.00. With PF −0.75 % on the energy change:
	// 3,300,000.00 × 0.9925 + 825,742.00 = 4,100,992.00.
	require.Equal(t, "4100992.00", op.Change.StringFixed(2))

	// Zinc Z with B's contract stated at 50,000 kW: the 60,000 kW months exceed
	// 52,500 kW. Reading (a) bills 52,500 + 2 × 7,500 = 67,500 kW, reading (b)
	// 50,000 + 2 × 7,500 = 65,000 kW: 2,500 kW × 33 = 82,500.00 less in each
	// of the eight such months under B (and C₂, C on B's plan), less the
	// power-factor reduction of 0.15 %: 8 × (82,500.00 − 123.75) = 659,010.00.
	z := estimateOf(t, "zinc-z", "  b:\n    rules: cn-basic-rules-1583\n    plan: cheapest", "  b:\n    rules: cn-basic-rules-1583\n    plan: {method: contract_demand, contract_kw: 50000}")
	var reading *scenario.Variant
	for i, v := range z.OpenPoints {
		if v.Path == "excess.reading" {
			reading = &z.OpenPoints[i]
		}
	}
	require.NotNil(t, reading)
	require.Equal(t, "cn-basic-rules-1583", reading.Table)
	require.Equal(t, "a", reading.From)
	require.Equal(t, "b", reading.To)
	require.True(t, reading.Change.Sub(dec("659010")).Abs().LessThanOrEqual(dec("0.08")), reading.Change.String())
}

// Zinc Z's L1 is −125,530.42 in May and June 2017: B holds contract demand
// (57,143 kW × 33 = 1,885,719.00 against capacity 80,000 kVA × 22 =
// 1,760,000.00: basic −125,719.00) because 1583 fixes the method for the
// calendar quarter April–June, chosen for April's low load.
func TestNegativeLevers(t *testing.T) {
	e := estimate(t, "zinc-z")
	require.Len(t, e.NegativeLevers, 2)
	for i, m := range []string{"2017-05", "2017-06"} {
		nl := e.NegativeLevers[i]
		require.Equal(t, m, nl.Month.String())
		require.Equal(t, "L1", nl.Lever)
		require.Equal(t, "-125530.42", nl.Amount.StringFixed(2))
		require.Equal(t, tariff.LineGroupBasic, nl.Group)
		require.Equal(t, "-125719.00", nl.GroupAmount.StringFixed(2))
		require.Equal(t, "cn-basic-rules-1583 method_change", nl.Rule)
		require.Equal(t, "2017-04", nl.From.String())
		require.Equal(t, "2017-06", nl.To.String())
		require.Contains(t, nl.EN, "once a quarter")
		require.Contains(t, nl.ZH, "季度")
	}
	require.Empty(t, estimate(t, "smelter-s").NegativeLevers)
}

// Copper C's L1 is −10.95 in January 2017: B bills by actual demand, 66,667
// kW × 33 = 2,200,011.00 against A's capacity 100,000 kVA × 22 =
// 2,200,000.00 (basic −11.00), a method 1583 sets for the calendar quarter
// January–March as a whole: the month opens the quarter, and the reason is
// still the quarter's choice.
func TestNegativeLeverAtQuarterStart(t *testing.T) {
	e := estimate(t, "copper-c")
	require.Len(t, e.NegativeLevers, 1)
	nl := e.NegativeLevers[0]
	require.Equal(t, "2017-01", nl.Month.String())
	require.Equal(t, "-10.95", nl.Amount.StringFixed(2))
	require.Equal(t, "-11.00", nl.GroupAmount.StringFixed(2))
	require.Equal(t, "cn-basic-rules-1583 method_change", nl.Rule)
	require.Equal(t, "2017-01", nl.From.String())
	require.Equal(t, "2017-03", nl.To.String())
	require.Contains(t, nl.EN, "is set for 2017-01 … 2017-03 as a whole")
}

// The plans' assumptions say which way L1 = A − B leans: a cheapest plan is
// a lower bound on its bill, so with A stated (smelter-s) L1 is an upper
// bound; with A and B both cheapest (zinc-z) the direction is unknown.
func TestPlanAssumptionsDirection(t *testing.T) {
	find := func(e *scenario.Comparison, c scenario.Code) scenario.Assumption {
		for _, a := range e.Assumptions {
			if a.Code == c {
				return a
			}
		}
		t.Fatalf("no assumption %s", c)
		return scenario.Assumption{}
	}
	s := estimate(t, "smelter-s")
	require.Equal(t, "stated", find(s, scenario.AssumptionPlanA).Value)
	require.Contains(t, find(s, scenario.AssumptionPlanB).EN, "L1 is therefore an upper bound")
	require.Contains(t, find(s, scenario.AssumptionPlanB).ZH, "是上限")
	z := estimate(t, "zinc-z")
	for _, c := range []scenario.Code{scenario.AssumptionPlanA, scenario.AssumptionPlanB} {
		require.Equal(t, "cheapest", find(z, c).Value)
		require.NotContains(t, find(z, c).EN, "upper bound")
		require.NotContains(t, find(z, c).ZH, "上限")
	}
	require.Contains(t, find(z, scenario.AssumptionPlanB).EN, "may be over- or understated")
	require.Contains(t, find(z, scenario.AssumptionPlanB).ZH, "可能高估也可能低估")
	for _, w := range z.Warnings {
		if w.Code == settlement.WarningHindsightPlan {
			require.Contains(t, w.EN, "may be over- or understated")
			require.NotContains(t, w.EN, "upper bound")
		}
	}
}

// The assumptions name the traded price, the plans (cheapest = hindsight)
// and the VAT basis, each with its origin.
func TestAssumptions(t *testing.T) {
	e := estimate(t, "zinc-z")
	got := map[scenario.Code]scenario.Assumption{}
	for _, a := range e.Assumptions {
		got[a.Code] = a
		require.NotEmpty(t, a.Code.LabelEN())
		require.NotEmpty(t, a.Code.LabelZH())
		require.NotEmpty(t, a.Origin)
	}
	require.Equal(t, "0.3449", got[scenario.AssumptionTradedPrice].Value)
	require.Equal(t, "zinc-z.yaml: arrangements.c2.price", got[scenario.AssumptionTradedPrice].Origin)
	require.Equal(t, "0.95", got[scenario.AssumptionContractedKWh].Value)
	require.Equal(t, "cheapest", got[scenario.AssumptionPlanB].Value)
	require.Equal(t, "ln-deviation-interim", got[scenario.AssumptionDeviationRules].Value)
	require.Equal(t, "ln-tnd-spread-2016", got[scenario.AssumptionTNDSource].Value)
	require.Contains(t, got, scenario.AssumptionVATBasis)
}
