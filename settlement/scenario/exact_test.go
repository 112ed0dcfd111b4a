package scenario

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Issue 17 through the comparison.

// copperZero is copper-c's plant (110 kV, TOU with the example ratios 1.5 / 1 /
// 0.5, energy floating) with a month of no kWh in any period between two
// ordinary months.
const copperZero = `name: copper-zero
tables: [table-copper-c-tou.yaml, table-copper-c-ratios.yaml]
tou: example-tou-ratios-copper-c
plant:
  id: copper-zero
  region: liaoning
  class: large_industry
  voltage_kv: 110
  pf_standard: 0.90
  feeders: [F1]
  units: [{id: T1, kind: transformer, kva: 150000}]
months:
  - {month: 2016-10, kwh_by_period: {peak: 21000000, flat: 37000000, valley: 35000000}, kvarh: 37200000, demand: {F1: 115000}}
  - {month: 2016-11, kwh_by_period: {peak: 0, flat: 0, valley: 0}, kvarh: 0, demand: {F1: 0}, contract_kwh: 1000000}
  - {month: 2016-12, kwh_by_period: {peak: 17000000, flat: 30000000, valley: 29000000}, kvarh: 30400000, demand: {F1: 105000}}
arrangements:
  a: {rules: cn-basic-rules-1996, plan: {method: capacity}}
  b: {rules: cn-basic-rules-1583, plan: cheapest}
  c2: {price: 0.3449, deviation: ln-deviation-interim, contract_share: 0.97}
`

func scenarioFS(t *testing.T, name, y string) fs.FS {
	t.Helper()
	m := fstest.MapFS{name: {Data: []byte(y)}}
	for _, f := range []string{"table-copper-c-tou.yaml", "table-copper-c-ratios.yaml"} {
		b, err := fs.ReadFile(scenarios.FS(), f)
		require.NoError(t, err)
		m[f] = &fstest.MapFile{Data: b}
	}
	return m
}

// A direct-trade TOU month with 0 kWh in every period used to panic
// ("decimal division by 0") and kill the comparison. Now its C₂ bill has one
// 0.00 energy line per period; the interim rules charge the whole shortfall
// below 0.98 × 1,000,000: 980,000 × (0.2 × 0.3749 + 0.1 × 0.0929 = 0.08427) =
// 82,584.60; basic 150,000 kVA × 22 = 3,300,000 (capacity, the cheapest
// method for a month without demand under the 1583 rules would be contract
// demand at the 40 % floor, 60,000 kW × 33 = 1,980,000).
func TestCompareTOUMonthWithoutKWh(t *testing.T) {
	sc, err := LoadFS(scenarioFS(t, "copper-zero.yaml", copperZero), "copper-zero.yaml")
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	nov := c.Months[1]
	basic := nov.C2.Sum("basic").StringFixed(2)
	wantLines(t, nov.C2, decimal.RequireFromString(basic).Add(d("82584.60")).StringFixed(2),
		"traded_energy/peak", "0.00", "traded_energy/flat", "0.00", "traded_energy/valley", "0.00",
		"tnd_energy", "0.00",
		"outside_energy/peak", "0.00", "outside_energy/flat", "0.00", "outside_energy/valley", "0.00",
		"basic", basic,
		"deviation", "82584.60",
		"funds", "0.00")
	wantLines(t, nov.A, "3300000.00",
		"energy/peak", "0.00", "energy/flat", "0.00", "energy/valley", "0.00",
		"basic", "3300000.00", // 150,000 kVA × 22
		"funds", "0.00")
}

// A 2023-structure month with no kWh and a market price used to fail with
// "contracts hold no kWh"; now a bill with purchase energy 0.00.
func TestCompare2023MonthWithoutKWh(t *testing.T) {
	y := `name: zero-2026
structure: "2023"
plant:
  id: p
  region: liaoning
  class: large_industry
  voltage_kv: 220
  pf_standard: 0.90
  feeders: [F1]
  units: [{id: T1, kind: transformer, kva: 500000}]
months:
  - {month: 2026-09, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}, agency_price: 0.3850, system_operation: 0.0150}
  - {month: 2026-10, kwh: 0, kvarh: 0, demand: {F1: 0}, agency_price: 0.3800, system_operation: 0.0140}
arrangements:
  a: {plan: {method: capacity}}
  b: {plan: {method: capacity}}
  c2: {market_price: 0.3500}
`
	c, err := loadAndCompare(y)
	require.NoError(t, err)
	oct := c.Months[1]
	wantLines(t, oct.C2, "11000000.00",
		"purchase_energy", "0.00", "loss", "0.00", "tnd_energy", "0.00", "system_operation", "0.00",
		"basic", "11000000.00", // 500,000 kVA × 22.0
		"funds", "0.00")
	require.Equal(t, "0.00", oct.Total.StringFixed(2))
}

// The loader refuses what a bill refuses: quantities above 10¹² and more
// than 24 decimal places (README §3.1).
func TestLoaderMagnitudes(t *testing.T) {
	for _, c := range []struct{ old, new, want string }{
		{"kva: 500000", "kva: 8384883669827979", `settlement: s.yaml:9:44: plant.units[0].kva: "8384883669827979": above 10^12, implausible (allowed: at most 1000000000000)`},
		{"kwh: 310000000", "kwh: 10000000000000", `settlement: s.yaml:12:27: months[1].kwh: "10000000000000": above 10^12, implausible (allowed: at most 1000000000000)`},
		{"kvarh: 96000000", "kvarh: 0.0000000000000000000000001", `settlement: s.yaml:11:45: months[0].kvarh: "0.0000000000000000000000001": more than 24 decimal places (allowed: at most 24 decimal places)`},
		{"price: 0.3449", "price: 1000000000000.5", `settlement: s.yaml:16:15: arrangements.c2.price: "1000000000000.5": above 10^12, implausible (allowed: at most 1000000000000)`},
	} {
		y := strings.Replace(baseScenario, c.old, c.new, 1)
		require.NotEqual(t, baseScenario, y, c.old)
		_, err := loadAndCompare(y)
		require.EqualError(t, err, c.want)
	}
	// 10¹² itself and 24 places (trailing zeros beyond them aside) are accepted.
	y := strings.Replace(baseScenario, "kvarh: 96000000", "kvarh: 96000000.000000000000000000000001000", 1)
	_, err := loadAndCompare(y)
	require.NoError(t, err)
}

// The saving in percent and per kWh are each one fraction rounded once. With
// Total × 100 ÷ A = 0.005 − 10⁻²⁶ a quotient rounded to 24 places first
// (0.005000…) and then to 2 gave 0.01; rounded once it is 0.00.
func TestSavingRatiosRoundOnce(t *testing.T) {
	a := d("100000000000000000000000000")               // 10²⁶
	total := d("5000000000000000000000").Sub(d("0.01")) // 5 × 10²¹ − 0.01
	p := Savings{Total: total, A: a, KWh: d("1")}.SavingPercent()
	require.Equal(t, "0", p.String())
	// Half a hundredth of a percent exactly rounds away from zero: 1 × 100 ÷ 200 = 0.5 %;
	// 0.005 × 100 ÷ 100 = 0.005 → 0.01.
	s := Savings{Total: d("0.005"), A: d("100"), KWh: d("3")}
	require.Equal(t, "0.01", s.SavingPercent().String())
	require.Equal(t, "0.0017", s.SavingPerKWh().String()) // 0.005 ÷ 3 = 0.001666…
	p = Savings{Total: d("-0.005"), A: d("100"), KWh: d("1")}.SavingPercent()
	require.Equal(t, "-0.01", p.String())
	// Nothing to divide by: zero.
	require.Equal(t, "0", Savings{Total: d("1")}.SavingPercent().String())
	require.Equal(t, "0", Savings{Total: d("1")}.SavingPerKWh().String())
}
