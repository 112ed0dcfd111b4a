package settlement

import (
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// E1: catalog bill by capacity, smelter S, November 2016.
func TestE1CatalogBill(t *testing.T) {
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	// PF = 300/√(300² + 96²) = 0.9524 → 0.95 → −0.75 %.
	require.Equal(t, "0.95", b.PF.StringFixed(2))
	wantLines(t, b, "162767450.00",
		"energy", "137340000.00", // 300,000,000 × (0.5096 − 0.0518 = 0.4578)
		"basic", "11000000.00", // 500,000 kVA × 22
		"power_factor", "-1112550.00", // −0.75 % × (137,340,000 + 11,000,000)
		"funds", "15540000.00", // 300,000,000 × 0.0518
	)
	require.Equal(t, "148340000.00", b.PFBase.StringFixed(2))
	require.True(t, b.Counterfactual == false)
}

func basicAmount(t *testing.T, c Customer, u Usage, opt Options) string {
	t.Helper()
	b, err := CatalogBill(defaults(t), c, u, opt)
	require.NoError(t, err)
	return b.Sum("basic").StringFixed(2)
}

// E2: basic-charge variants in November 2016 (30 days), 1583 rules, p = 33 元/kW·月.
func TestE2BasicChargeVariants(t *testing.T) {
	s := smelterS()
	// Contract 420,000, actual 430,000 ≤ 1.05 × 420,000 = 441,000: 420,000 × 33.
	require.Equal(t, "13860000.00", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "430000"), contract("420000")))
	// Actual 460,000: (a) 441,000 × 33 + 2 × 19,000 × 33 = 14,553,000 + 1,254,000.
	require.Equal(t, "15807000.00", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "460000"), contract("420000")))
	// Declared 150,000 kW, actual 200,000: floor 0.40 × 500,000 = 200,000 kW × 33.
	require.Equal(t, "6600000.00", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "200000"), contract("150000")))
	// One transformer sealed 2016-11-11, unsealed 2016-12-01 (chargeable 1–10 Nov):
	// 375,000 × 22 + 125,000 × 22 × 10/30 = 8,250,000 + 916,666.67.
	s.Units[3].Suspensions = [][2]tariff.Date{{tariff.NewDate(2016, 11, 11), tariff.NewDate(2016, 12, 1)}}
	require.Equal(t, "9166666.67", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "430000"), capacity()))
}

// E2, reading (b): 420,000 × 33 + 2 × 19,000 × 33 = 13,860,000 + 1,254,000.
func TestE2ReadingB(t *testing.T) {
	set := withTable(t, defaults(t), readingBRules)
	opt := contract("420000")
	opt.Rules = "test-rules-reading-b"
	require.Equal(t, "15114000.00", basicAmount2(t, set, smelterS(), usage("2016-11", "300000000", "96000000", "460000"), opt))
}

const readingBRules = `
id: test-rules-reading-b
kind: basic_rules
region: cn
issuer: test
document: 1583 with reading (b)
effective: {from: 2016-07-01, to: 2023-06-01}
scope: named
confidence: high
methods: [capacity, contract_demand]
method_change: {length: quarter, anchor: calendar}
contract_change: {length: month, anchor: calendar}
excess: {threshold: 1.05, multiplier: 2, reading: b}
floor: {share: 0.40, on_actual_demand: false}
suspension: {min_days: 15, max_months_per_year: 6, whole_months_under_demand: true}
proration: {cap_days: 30, divisor: 30}
`

func withTable(t *testing.T, s *tariff.Set, yamls ...string) *tariff.Set {
	t.Helper()
	for _, y := range yamls {
		tb, err := tariff.Load(strings.NewReader(y), "test.yaml")
		require.NoError(t, err)
		s, err = s.With(tb)
		require.NoError(t, err)
	}
	return s
}

func basicAmount2(t *testing.T, set *tariff.Set, c Customer, u Usage, opt Options) string {
	t.Helper()
	b, err := CatalogBill(set, c, u, opt)
	require.NoError(t, err)
	return b.Sum("basic").StringFixed(2)
}

// E6: power-factor spot checks through the tables.
func TestE6PowerFactorSpotChecks(t *testing.T) {
	set := defaults(t)
	cases := map[string]map[string]string{
		"0.90": {"0.95": "-0.75", "0.89": "0.5", "0.70": "10", "0.69": "11", "0.64": "17", "0.30": "85", "0.00": "145"},
		"0.85": {"0.94": "-1.1", "0.90": "-0.5", "0.86": "-0.1", "0.65": "10", "0.59": "17"},
		"0.80": {"0.92": "-1.3", "0.86": "-0.6", "0.60": "10", "0.54": "17"},
	}
	for std, rows := range cases {
		tb, err := set.PowerFactor("liaoning", d(std), tariff.NewDate(2016, 11, 1))
		require.NoError(t, err)
		for pf, want := range rows {
			got, ok := tb.Percent(d(pf))
			require.True(t, ok)
			require.True(t, got.Equal(d(want)), "standard %s pf %s: got %s want %s", std, pf, got, want)
		}
	}
}

func TestPowerFactorOf(t *testing.T) {
	for _, c := range []struct{ kwh, kvarh, want string }{
		{"300000000", "96000000", "0.95"}, // 0.9524
		{"1", "0", "1.00"},
		{"0", "5", "0.00"},
		{"100", "48.4322", "0.90"}, // 100/√(100² + 48.4322²) = 0.899999… → 0.90 (rounds half up at 0.895)
		{"100", "49.88", "0.89"},   // 0.89488 → 0.89
		{"20800000", "9360000", "0.91"},
	} {
		pf, ok := PowerFactorOf(d(c.kwh), d(c.kvarh))
		require.True(t, ok)
		require.Equal(t, c.want, pf.StringFixed(2), "%s/%s", c.kwh, c.kvarh)
	}
	_, ok := PowerFactorOf(d("0"), d("0"))
	require.False(t, ok)
}

// kWh 0 with kvarh > 0: PF 0.00 → +145 % of the base (basic only).
func TestZeroKWhPenalty(t *testing.T) {
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "0", "1000", "0"), capacity())
	require.NoError(t, err)
	// base = 11,000,000 (energy 0) → +145 % = 15,950,000.
	wantLines(t, b, "26950000.00", "energy", "0.00", "basic", "11000000.00", "power_factor", "15950000.00", "funds", "0.00")
}
