package settlement

import (
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func market(p, so string) Purchase {
	return Purchase{Arrangement: ArrangementMarketPurchase, Contracts: []Contract{{KWh: d("1"), Price: price(p)}}, SystemOperation: price(so)}
}

// E7: smelter S in September 2026, fourth-period 220 kV+ tier, capacity cheapest.
func TestE7(t *testing.T) {
	b, err := PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "148739260.13",
		"purchase_energy", "105000000.00", // 300,000,000 × 0.35
		"loss", "4124922.05", // 300,000,000 × 0.35 × 0.0378 ÷ 0.9622 = 4,124,922.0536…
		"tnd_energy", "17130000.00", // × 0.0571
		"system_operation", "4500000.00", // × 0.0150
		"basic", "11000000.00", // 500,000 × 22.0
		"power_factor", "-1063161.92", // −0.75 % × 141,754,922.05
		"funds", "8047500.00", // × 0.026825
	)
	// The other methods would cost more (discount: 600 kWh/kVA ≥ 260):
	// contract 409,524 × 35.2 × 0.9 = 12,973,720.32; actual 430,000 × 31.68 = 13,622,400.00.
	o := contract("409524")
	b, err = PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	require.Equal(t, "12973720.32", b.Sum("basic").StringFixed(2))
	require.True(t, b.Discount)
	o = Options{Method: tariff.MethodActualDemand}
	b, err = PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	require.Equal(t, "13622400.00", b.Sum("basic").StringFixed(2))
}

// E7b: the 260 kWh/kVA edge, plant Z (110(66) kV tier) in September 2026.
func TestE7bDiscountEdge(t *testing.T) {
	set := defaults(t)
	// 20,800,000 kWh ÷ 80,000 kVA = 260 exactly: discount.
	b, err := PurchaseBill(set, zincZ(), usage("2026-09", "20800000", "9360000", "40000"), contract("38096"), market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "11373787.77",
		"purchase_energy", "7280000.00",
		"loss", "285994.60", // 20,800,000 × 0.35 × 0.0378 ÷ 0.9622 = 285,994.595…
		"tnd_energy", "1747200.00", // × 0.0840
		"system_operation", "312000.00",
		"basic", "1206881.28", // 38,096 × 35.2 × 0.9
		"power_factor", "-16248.11", // PF 0.91 → −0.15 % × 10,832,075.88
		"funds", "557960.00",
	)
	// 20,720,000 kWh = 259 kWh/kVA: no discount.
	b, err = PurchaseBill(set, zincZ(), usage("2026-09", "20720000", "9324000", "40000"), contract("38096"), market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "11468574.09",
		"purchase_energy", "7252000.00",
		"loss", "284894.62",
		"tnd_energy", "1740480.00",
		"system_operation", "310800.00",
		"basic", "1340979.20", // 38,096 × 35.2
		"power_factor", "-16393.73",
		"funds", "555814.00",
	)
}

// A month before 2026-08-01 has no 2023-structure T&D table: an error, no fallback.
func TestBill2023GuardRails(t *testing.T) {
	set := defaults(t)
	_, err := PurchaseBill(set, smelterS(), usage("2026-07", "300000000", "96000000", "430000"), capacity(), market("0.35", "0.015"))
	require.EqualError(t, err, "tariff: no tnd table in force for liaoning on 2026-07-01")
	p := market("0.35", "0.015")
	p.TND = "ln-tnd-2026"
	_, err = PurchaseBill(set, smelterS(), usage("2026-07", "300000000", "96000000", "430000"), capacity(), p)
	require.EqualError(t, err, `settlement: 2026-07: purchase.tnd: "ln-tnd-2026": tnd table not in force on 2026-07-01 (in force [2026-08-01, open))`)
	p = Purchase{Arrangement: ArrangementAgencyPurchase, SystemOperation: price("0.015")}
	_, err = PurchaseBill(set, smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), p)
	require.EqualError(t, err, "settlement: 2026-09: purchase.agency_price: missing: the month's agency purchase price is required (allowed: a price in 元/kWh)")
	p = market("0.35", "0.015")
	p.SystemOperation.Valid = false
	_, err = PurchaseBill(set, smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), p)
	require.EqualError(t, err, "settlement: 2026-09: purchase.system_operation: missing: the month's system operation charge is required (allowed: a rate in 元/kWh)")
	c := smelterS()
	c.VoltageKV = d("0.38")
	_, err = PurchaseBill(set, c, usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.35", "0.015"))
	require.NoError(t, err, "0.38 kV maps the <1kV tier")
}

// A 2023+ TOU month with user ratios where only the purchase price floats.
func TestBill2023TOU(t *testing.T) {
	set := withTable(t, defaults(t), userRatiosYAML)
	u := usage("2026-09", "300000000", "96000000", "430000")
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("120000000"), tariff.PeriodFlat: d("100000000"), tariff.PeriodValley: d("80000000")}
	o := capacity()
	o.TOU = "user-ratios"
	b, err := PurchaseBill(set, smelterS(), u, o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "155686760.13",
		"purchase_energy/peak", "63000000.00", // 120,000,000 × 0.35 × 1.5
		"purchase_energy/flat", "35000000.00", // 100,000,000 × 0.35
		"purchase_energy/valley", "14000000.00", // 80,000,000 × 0.35 × 0.5
		"loss", "4124922.05", // does not float: 300,000,000 × 0.35 × 0.0378 ÷ 0.9622
		"tnd_energy", "17130000.00",
		"system_operation", "4500000.00",
		"basic", "11000000.00",
		"power_factor", "-1115661.92", // −0.75 % × 148,754,922.05
		"funds", "8047500.00")
}

// Critical peak is billed only in the months whose periods table has
// critical-peak hours (ln-tou-periods-2023: January, July, August and
// December, 17:00–19:00); kWh of a period the month does not have are
// refused, never billed at its ratio.
func TestBill2023CriticalPeakMonths(t *testing.T) {
	const ratios = `
id: user-ratios-critical
kind: tou_ratios
region: liaoning
issuer: user
document: user example
effective: {from: 2023-06-01}
scope: named
confidence: medium
periods: ln-tou-periods-2023
ratios: {peak: 1.5, flat: 1.0, valley: 0.5, critical: 1.8}
floating: [purchase_energy]
`
	set := withTable(t, defaults(t), ratios)
	o := capacity()
	o.TOU = "user-ratios-critical"
	split := func(month string, peak, flat, valley, critical string) Usage {
		u := usage(month, "300000000", "96000000", "430000")
		u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d(peak), tariff.PeriodFlat: d(flat), tariff.PeriodValley: d(valley), tariff.PeriodCritical: d(critical)}
		return u
	}
	b, err := PurchaseBill(set, smelterS(), split("2026-12", "100000000", "100000000", "80000000", "20000000"), o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "157771010.13",
		"purchase_energy/peak", "52500000.00", // 100,000,000 × 0.35 × 1.5
		"purchase_energy/flat", "35000000.00", // 100,000,000 × 0.35
		"purchase_energy/valley", "14000000.00", // 80,000,000 × 0.35 × 0.5
		"purchase_energy/critical", "12600000.00", // 20,000,000 × 0.35 × 1.8
		"loss", "4124922.05", // does not float: 300,000,000 × 0.35 × 0.0378 ÷ 0.9622
		"tnd_energy", "17130000.00", // 300,000,000 × 0.0571
		"system_operation", "4500000.00", // × 0.0150
		"basic", "11000000.00", // 500,000 × 22.0
		"power_factor", "-1131411.92", // −0.75 % × 150,854,922.05 = −1,131,411.915…
		"funds", "8047500.00") // × 0.026825
	// The periods table's effective date is MEDIUM (value_confidence
	// effective: medium); a bill priced by its hours says so once.
	var tou []string
	for _, w := range b.Warnings {
		if w.Code == WarningMediumValue && strings.HasPrefix(w.Subject, "ln-tou-periods-2023") {
			tou = append(tou, w.Subject)
		}
	}
	require.Equal(t, []string{"ln-tou-periods-2023 effective"}, tou)
	// September has no critical-peak hours: 1,000,000 kWh there would be
	// billed at 1.8 × 0.35 = 0.63 元/kWh. Zero kWh there are refused too.
	for _, critical := range []string{"1000000", "0"} {
		u := split("2026-09", "120000000", "100000000", "80000000", critical)
		u.ByPeriod[tariff.PeriodPeak] = d("120000000").Sub(d(critical))
		_, err = PurchaseBill(set, smelterS(), u, o, market("0.3500", "0.0150"))
		require.EqualError(t, err, `settlement: 2026-09: usage.kwh_by_period.critical: "`+critical+`": TOU periods ln-tou-periods-2023 have no critical hours in September (allowed: peak, flat, valley)`)
		var e *Error
		require.ErrorAs(t, err, &e)
		require.Equal(t, Error{Month: "2026-09", Field: "usage.kwh_by_period.critical", Value: critical,
			Reason: "TOU periods ln-tou-periods-2023 have no critical hours in September", Allowed: "peak, flat, valley"}, *e)
	}
}

// A market contract is kWh at a price: a T&D table or deviation rules on one
// are refused, never ignored (the purchase names its T&D table).
func TestMarketContractHasKWhAndPriceOnly(t *testing.T) {
	u := usage("2026-09", "300000000", "96000000", "430000")
	pu := market("0.3500", "0.0150")
	pu.Contracts[0].TND = "ln-tnd-2023"
	_, err := PurchaseBill(defaults(t), smelterS(), u, capacity(), pu)
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts[0].tnd: "ln-tnd-2023": a market contract names no T&D table: the purchase's tnd does (allowed: empty)`)
	pu = market("0.3500", "0.0150")
	pu.Contracts[0].Deviation = "ln-deviation-interim"
	_, err = PurchaseBill(defaults(t), smelterS(), u, capacity(), pu)
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts[0].deviation: "ln-deviation-interim": a market contract has no deviation rules (allowed: empty)`)
}
