package settlement

import (
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func price(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

func k(kwh, rules string) Contract {
	return Contract{KWh: d(kwh), Price: price("0.3449"), Deviation: rules}
}

// E3: direct trade, price-spread T&D 0.5096 − 0.0518 − 0.3749 = 0.0829, interim rules.
func TestE3DirectTrade(t *testing.T) {
	b, err := DirectTradeBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity(), k("290000000", "ln-deviation-interim"))
	require.NoError(t, err)
	wantLines(t, b, "154132700.00",
		"traded_energy", "100021000.00", // 290,000,000 × 0.3449
		"tnd_energy", "24041000.00", // 290,000,000 × 0.0829
		"outside_energy", "4578000.00", // 10,000,000 × 0.4578
		"basic", "11000000.00",
		"power_factor", "-1047300.00", // −0.75 % × 139,640,000
		"deviation", "0.00",
		"funds", "15540000.00",
	)
	// Saving against E1: 162,767,450.00 − 154,132,700.00.
	e1, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Equal(t, "8634750.00", e1.Total.Sub(b.Total).StringFixed(2))
}

// E4: under-use, interim rules: 270,000,000 kWh against 290,000,000.
func TestE4UnderUseInterim(t *testing.T) {
	b, err := DirectTradeBill(defaults(t), smelterS(), usage("2016-11", "270000000", "86400000", "430000"), capacity(), k("290000000", "ln-deviation-interim"))
	require.NoError(t, err)
	wantLines(t, b, "140725639.00",
		"traded_energy", "93123000.00", // 270,000,000 × 0.3449
		"tnd_energy", "22383000.00", // 270,000,000 × 0.0829
		"outside_energy", "0.00",
		"basic", "11000000.00",
		"power_factor", "-948795.00", // −0.75 % × 126,506,000
		"deviation", "1182434.00", // (0.98 × 290,000,000 − 270,000,000 = 14,200,000) × (0.2 × 0.3749 + 0.1 × 0.0829 = 0.08327)
		"funds", "13986000.00",
	)
	l, _ := b.Line("deviation")
	require.Equal(t, "0.08327", Price(l.UnitPrice), "penalty rate is never rounded")
}

// E4b: the supplement rules on the three months.
func TestE4bSupplement(t *testing.T) {
	set := defaults(t)
	// E3's month: over-use 3.45 % is inside the 5 % band, all 300,000,000 kWh traded.
	b, err := DirectTradeBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity(), k("290000000", "ln-deviation-supplement"))
	require.NoError(t, err)
	wantLines(t, b, "153834950.00",
		"traded_energy", "103470000.00", "tnd_energy", "24870000.00", "outside_energy", "0.00",
		"basic", "11000000.00", "power_factor", "-1045050.00", "deviation", "0.00", "funds", "15540000.00")
	// E4's month: (0.95 × 290,000,000 = 275,500,000 − 270,000,000) × 2 × |0.3749 − 0.3449| = 330,000.
	b, err = DirectTradeBill(set, smelterS(), usage("2016-11", "270000000", "86400000", "430000"), capacity(), k("290000000", "ln-deviation-supplement"))
	require.NoError(t, err)
	wantLines(t, b, "139873205.00",
		"traded_energy", "93123000.00", "tnd_energy", "22383000.00", "outside_energy", "0.00",
		"basic", "11000000.00", "power_factor", "-948795.00", "deviation", "330000.00", "funds", "13986000.00")
	// 310,000,000 kWh: traded 1.05 × 290,000,000 = 304,500,000; outside 5,500,000 × 0.4578;
	// penalty 5,500,000 × |0.3449 − 0.3749| = 165,000; PF −0.75 % × 143,783,000.
	b, err = DirectTradeBill(set, smelterS(), usage("2016-11", "310000000", "99200000", "430000"), capacity(), k("290000000", "ln-deviation-supplement"))
	require.NoError(t, err)
	wantLines(t, b, "158927627.50",
		"traded_energy", "105022050.00", "tnd_energy", "25243050.00", "outside_energy", "2517900.00",
		"basic", "11000000.00", "power_factor", "-1078372.50", "deviation", "165000.00", "funds", "16058000.00")
}

// Band edges: the interim 2 % and the supplement 5 % edges are inclusive.
func TestDeviationBandEdges(t *testing.T) {
	set := defaults(t)
	dev := func(kwh, q, rules string) string {
		b, err := DirectTradeBill(set, smelterS(), usage("2016-11", kwh, "0", "430000"), capacity(), k(q, rules))
		require.NoError(t, err)
		return b.Sum("deviation").StringFixed(2) + "/" + b.Sum("outside_energy").StringFixed(2)
	}
	// Interim: 0.98 × 100,000,000 = 98,000,000 exactly: no penalty; one kWh less: 1 × 0.08327 = 0.08.
	require.Equal(t, "0.00/0.00", dev("98000000", "100000000", "ln-deviation-interim"))
	require.Equal(t, "0.08/0.00", dev("97999999", "100000000", "ln-deviation-interim"))
	// Supplement under: 95,000,000 exactly: none; one less: 1 × 2 × 0.03 = 0.06.
	require.Equal(t, "0.00/0.00", dev("95000000", "100000000", "ln-deviation-supplement"))
	require.Equal(t, "0.06/0.00", dev("94999999", "100000000", "ln-deviation-supplement"))
	// Supplement over: 105,000,000 exactly is all traded; one more: outside 1 × 0.4578 = 0.46, penalty 0.03.
	require.Equal(t, "0.00/0.00", dev("105000000", "100000000", "ln-deviation-supplement"))
	require.Equal(t, "0.03/0.46", dev("105000001", "100000000", "ln-deviation-supplement"))
}

// E8: captive supply, smelter S in November 2016; C₂ = E3.
func TestE8Captive(t *testing.T) {
	opt := capacity()
	opt.Captive = &Captive{SelfKWh: d("100000000"), GenerationCost: d("0.2500"), FundRate: d("0.0518"), CrossSubsidy: d("0.0300"), BackupFee: d("20"), BackupKVA: d("150000")}
	b, err := DirectTradeBill(defaults(t), smelterS(), usage("2016-11", "200000000", "64000000", "290000"), opt, k("190000000", "ln-deviation-interim"))
	require.NoError(t, err)
	wantLines(t, b, "142673550.00",
		"traded_energy", "65531000.00", // 190,000,000 × 0.3449
		"tnd_energy", "15751000.00", // 190,000,000 × 0.0829
		"outside_energy", "4578000.00", // 10,000,000 × 0.4578
		"basic", "11000000.00",
		"power_factor", "-726450.00", // −0.75 % × 96,860,000
		"deviation", "0.00",
		"funds", "10360000.00", // grid bill 106,493,550.00
		"captive_generation", "25000000.00",
		"captive_funds", "5180000.00",
		"captive_cross_subsidy", "3000000.00",
		"captive_backup", "3000000.00",
	)
	// L3 = C₂ − C = 154,132,700.00 − 142,673,550.00.
	require.Equal(t, "11459150.00", d("154132700").Sub(b.Total).StringFixed(2))
}

// A TOU month with no kWh at all under a contract used to divide by zero when
// allocating the (empty) outside energy to periods. Interim rules: the whole
// shortfall below 0.98 Q pays 0.2 × 0.3749 + 0.1 × 0.0829 = 0.08327 元/kWh:
// 980,000 × 0.08327 = 81,604.60; basic 500,000 kVA × 22 = 11,000,000; no
// power-factor line (kWh and kvarh both zero).
func TestDirectTradeTOUNoKWh(t *testing.T) {
	set := withTable(t, defaults(t), testPeriods2016, testRatios2016)
	u := usage("2016-11", "0", "0", "430000")
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("0"), tariff.PeriodFlat: d("0"), tariff.PeriodValley: d("0")}
	o := capacity()
	o.TOU = "test-ratios"
	b, err := DirectTradeBill(set, smelterS(), u, o, k("1000000", "ln-deviation-interim"))
	require.NoError(t, err)
	wantLines(t, b, "11081604.60",
		"traded_energy/peak", "0.00", "traded_energy/flat", "0.00", "traded_energy/valley", "0.00",
		"tnd_energy", "0.00",
		"outside_energy/peak", "0.00", "outside_energy/flat", "0.00", "outside_energy/valley", "0.00",
		"basic", "11000000.00",
		"deviation", "81604.60",
		"funds", "0.00")
}
