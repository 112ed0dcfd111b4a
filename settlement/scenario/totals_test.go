package scenario

import (
	"slices"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// requireSameTotals checks that the numbers-only comparison of the
// estimate's variants has Compare's plans and year, decimal by decimal, or
// its error.
func requireSameTotals(t *testing.T, set *tariff.Set, sc *Scenario, months []Month, what string) {
	t.Helper()
	want, werr := compareMonths(set, sc, months)
	got, gerr := compareTotals(set, sc, months)
	if werr != nil {
		require.EqualError(t, gerr, werr.Error(), what)
		return
	}
	require.NoError(t, gerr, what)
	require.Equal(t, want.PlanA, got.PlanA, what)
	require.Equal(t, want.PlanB, got.PlanB, what)
	require.Equal(t, want.HasCaptive, got.HasCaptive, what)
	w, g := want.Annual, got.Annual
	for i, p := range [][2]decimal.Decimal{{w.KWh, g.KWh}, {w.A, g.A}, {w.B, g.B}, {w.C2, g.C2}, {w.C, g.C},
		{w.L1, g.L1}, {w.L2, g.L2}, {w.L3, g.L3}, {w.Total, g.Total}} {
		require.Equal(t, p[0].String(), p[1].String(), "%s: figure %d", what, i)
		require.Equal(t, p[0].Exponent(), p[1].Exponent(), "%s: figure %d", what, i)
	}
}

// compareTotals (the estimate's open points and MEDIUM weights) gives
// Compare's plans, year and errors: every example scenario with each value
// of each table its bills use 1 % higher (the MEDIUM weights' sets, and
// more), each other deviation rule set, the other 105 % reading, and a month
// whose contract is too large to bill.
func TestCompareTotalsMatchesCompare(t *testing.T) {
	files := []string{"zinc-z.yaml", "smelter-s.yaml", "copper-c.yaml", "smelter-2026.yaml", "smelter-2026-al.yaml", "profile-p.yaml"}
	maxPaths := 1000
	if testing.Short() {
		maxPaths = 12
	}
	f := decimal.RequireFromString("1.01")
	for _, file := range files {
		sc, err := LoadFS(scenarios.FS(), file)
		require.NoError(t, err)
		set, months, err := prepare(defaults(t), sc)
		require.NoError(t, err)
		requireSameTotals(t, set, sc, months, file)
		cmp, err := compareMonths(set, sc, months)
		require.NoError(t, err)
		n := 0
		for _, src := range cmp.Sources {
			h, ok := set.Header(src.ID)
			if !ok {
				continue
			}
			for _, p := range set.ValuePaths(src.ID) {
				if v, _ := set.Value(src.ID, p); v.IsZero() || n >= maxPaths {
					continue
				}
				n++
				scaled, err := set.WithScaled(src.ID, p, f)
				require.NoError(t, err)
				requireSameTotals(t, scaled, sc, months, file+" "+src.ID+" "+p)
			}
			if h.Kind == tariff.KindBasicRules {
				for _, reading := range []tariff.Reading{tariff.ReadingA, tariff.ReadingB} {
					alt, err := set.WithReading(src.ID, reading)
					require.NoError(t, err)
					requireSameTotals(t, alt, sc, months, file+" "+src.ID+" "+string(reading))
				}
			}
		}
		t.Logf("%s: %d values scaled", file, n)
		if sc.Structure != tariff.Structure2023 {
			for _, h := range set.Headers() {
				// (Compare's break-even search settles every grid price under
				// a price-dependent rule set: once in -short.)
				if h.Kind == tariff.KindDeviationRules && (!testing.Short() || file == "zinc-z.yaml") {
					alt := *sc
					alt.Deviation = h.ID
					requireSameTotals(t, set, &alt, months, file+" "+h.ID)
				}
			}
			// A bill that fails: C₂'s contract of the third month above 10¹² kWh.
			bad := slices.Clone(months)
			bad[2].ContractKWh = decimal.NewNullDecimal(decimal.New(2, 12))
			_, err := compareMonths(set, sc, bad)
			require.ErrorContains(t, err, "contract.kwh", file)
			requireSameTotals(t, set, sc, bad, file+" contract too large")
		}
	}
}
