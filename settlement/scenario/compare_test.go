package scenario_test

import (
	"slices"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// load reads an embedded example scenario.
func load(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadFS(scenarios.FS(), name+".yaml")
	require.NoError(t, err)
	return sc
}

func compare(t *testing.T, name string) *scenario.Comparison {
	t.Helper()
	sc := load(t, name)
	set, err := tariff.Default()
	require.NoError(t, err)
	cmp, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	return cmp
}

func monthOf(t *testing.T, c *scenario.Comparison, m string) scenario.Month {
	for _, mr := range c.Months {
		if mr.Usage.Month.String() == m {
			return mr
		}
	}
	t.Fatalf("no month %s", m)
	return scenario.Month{}
}

// Smelter S reproduces E1 (A) and E3 (C₂) in November 2016.
func TestSmelterSReproducesE1E3(t *testing.T) {
	c := compare(t, "smelter-s")
	nov := monthOf(t, c, "2016-11")
	require.Equal(t, "162767450.00", nov.A.Total.StringFixed(2))
	require.Equal(t, "162767450.00", nov.B.Total.StringFixed(2)) // capacity is cheapest under 1583 too
	require.Equal(t, "154132700.00", nov.C2.Total.StringFixed(2))
	require.Equal(t, "8634750.00", nov.Total.StringFixed(2))
	require.True(t, nov.A.Counterfactual, "1996 rules in November 2016 are a counterfactual")
	for _, mr := range c.Months {
		require.True(t, mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.A.Total.Sub(mr.C.Total)), mr.Usage.Month.String())
	}
	require.Len(t, c.Months, 12)
	require.Equal(t, "L1", c.Reasons[0].Lever())
	require.Equal(t, scenario.ReasonCapacityCheapest, c.Reasons[0])
}

// Zinc plant Z's plans reproduce E5's basic charges.
func TestZincZPlans(t *testing.T) {
	c := compare(t, "zinc-z")
	require.Equal(t, "21120000.00", c.PlanA.Total.StringFixed(2))
	require.Equal(t, "18555438.00", c.PlanB.Total.StringFixed(2))
	require.True(t, c.Annual.L1.IsPositive())
}

// A comparison's months are the caller's own: editing every slice and the
// captive levels of copper-c's months (TOU periods, demand, a captive
// February) leaves the scenario alone, and comparing it again gives the same
// year.
func TestComparisonMonthsOwned(t *testing.T) {
	sc := load(t, "copper-c")
	set, err := tariff.Default()
	require.NoError(t, err)
	c, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	before := c.Annual
	captive := 0
	for i := range c.Months {
		m := &c.Months[i]
		for _, u := range []*settlement.Usage{&m.Usage, &m.CaptiveGrid} {
			for p := range u.ByPeriod {
				u.ByPeriod[p] = decimal.NewFromInt(1)
			}
			for f := range u.Demand {
				u.Demand[f] = decimal.NewFromInt(1)
			}
		}
		if m.Captive != nil {
			captive++
			m.Captive.SelfKWh = decimal.NewFromInt(1)
		}
	}
	require.Positive(t, captive)
	require.NotEmpty(t, sc.Months[0].Usage.ByPeriod)
	require.False(t, sc.Months[0].Usage.ByPeriod[tariff.PeriodPeak].Equal(decimal.NewFromInt(1)))
	again, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	require.Equal(t, before, again.Annual)
}

// A plan stated through the Go API: B's cheapest plan for smelter-s, stated
// month by month as StatedB, settles the same year, no longer optimised;
// StatedA nil makes A cheapest too.
func TestStatedPlanFromGo(t *testing.T) {
	sc := load(t, "smelter-s")
	require.NotNil(t, sc.StatedA, "smelter-s states A's plan")
	require.Nil(t, sc.StatedB, "smelter-s optimises B's plan")
	set, err := tariff.Default()
	require.NoError(t, err)
	c, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	require.True(t, c.PlanB.Optimised)
	stated := *sc
	stated.StatedB = nil
	for _, pm := range c.PlanB.Months {
		stated.StatedB = append(stated.StatedB, pm)
	}
	s, err := scenario.Compare(set, &stated)
	require.NoError(t, err)
	require.False(t, s.PlanB.Optimised)
	require.True(t, s.Annual.B.Equal(c.Annual.B), "%s ≠ %s", s.Annual.B, c.Annual.B)
	cheapest := *sc
	cheapest.StatedA = nil
	a, err := scenario.Compare(set, &cheapest)
	require.NoError(t, err)
	require.True(t, a.PlanA.Optimised)
	require.False(t, a.Annual.A.GreaterThan(c.Annual.A), "the cheapest plan costs no more than the stated one")
}

// In a month without captive supply, C is C₂ under another label, but its own
// bill: editing C's lines leaves C₂ as it was.
func TestCWithoutCaptiveOwnsItsBill(t *testing.T) {
	sc := load(t, "zinc-z")
	set, err := tariff.Default()
	require.NoError(t, err)
	c, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	m := &c.Months[0]
	require.Nil(t, m.Captive, "zinc-z has no captive supply")
	require.Equal(t, m.C2.Total, m.C.Total)
	i := slices.IndexFunc(m.C.Lines, func(l settlement.Line) bool { return len(l.Tables) > 0 })
	require.GreaterOrEqual(t, i, 0)
	want := m.C2.Lines[i]
	want.Tables = slices.Clone(want.Tables)
	m.C.Lines[i].Amount = decimal.NewFromInt(1)
	m.C.Lines[i].Tables[0] = "edited"
	require.Equal(t, want, m.C2.Lines[i])
}

// The year's row is the months' rows summed, decimal by decimal (value and
// exponent, so its text is too): Compare works out the year's levers as
// differences of the year's totals, which are the sums of the months'
// levers.
func TestAnnualIsTheMonthsSummed(t *testing.T) {
	for _, name := range []string{"zinc-z", "smelter-s", "copper-c", "smelter-2026", "smelter-2026-al", "profile-p"} {
		c := compare(t, name)
		z := decimal.Zero
		kwh, a, b, c2, cc, l1, l2, l3, total := z, z, z, z, z, z, z, z, z
		for _, m := range c.Months {
			kwh, a, b, c2, cc = kwh.Add(m.KWh()), a.Add(m.A.Total), b.Add(m.B.Total), c2.Add(m.C2.Total), cc.Add(m.C.Total)
			l1, l2, l3, total = l1.Add(m.L1), l2.Add(m.L2), l3.Add(m.L3), total.Add(m.Total)
		}
		for _, p := range [][2]decimal.Decimal{{kwh, c.Annual.KWh}, {a, c.Annual.A}, {b, c.Annual.B}, {c2, c.Annual.C2}, {cc, c.Annual.C},
			{l1, c.Annual.L1}, {l2, c.Annual.L2}, {l3, c.Annual.L3}, {total, c.Annual.Total}} {
			require.Equal(t, p[0].String(), p[1].String(), name)
			require.Equal(t, p[0].Exponent(), p[1].Exponent(), name)
			require.True(t, p[0].Equal(p[1]), name)
		}
	}
}
