package scenario_test

import (
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

func compare(t *testing.T, name string) *scenario.Comparison {
	t.Helper()
	sc, err := scenario.LoadFS(scenarios.FS(), name+".yaml")
	require.NoError(t, err)
	set, err := tariff.Default()
	require.NoError(t, err)
	cmp, err := scenario.Compare(set, sc)
	require.NoError(t, err)
	return cmp
}

func monthOf(t *testing.T, c *scenario.Comparison, m string) scenario.MonthResult {
	for _, mr := range c.Months {
		if mr.Month.String() == m {
			return mr
		}
	}
	t.Fatalf("no month %s", m)
	return scenario.MonthResult{}
}

// Smelter S reproduces E1 (A) and E3 (C₂) in November 2016.
func TestSmelterSReproducesE1E3(t *testing.T) {
	c := compare(t, "smelter-s")
	nov := monthOf(t, c, "2016-11")
	require.Equal(t, "162767450.00", nov.A.Total.StringFixed(2))
	require.Equal(t, "162767450.00", nov.B.Total.StringFixed(2)) // capacity is cheapest under 1583 too
	require.Equal(t, "154132700.00", nov.C2.Total.StringFixed(2))
	require.Equal(t, "8634750.00", nov.Total.StringFixed(2))
	require.True(t, nov.A.Basic.Counterfactual, "1996 rules in November 2016 are a counterfactual")
	for _, mr := range c.Months {
		require.True(t, mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.A.Total.Sub(mr.C.Total)), mr.Month.String())
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
