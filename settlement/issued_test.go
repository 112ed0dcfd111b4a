package settlement

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Bills as utilities issue them (issue 27): the power-factor exemption, the
// published loss price, the per-kWh backup fee, the aluminium stepped price
// from 2022 and transformer losses, each worked example to the fen.

// E1 with standard none (README §3.5): no power-factor line, and the bill
// says why: 137,340,000.00 + 11,000,000.00 + 15,540,000.00 = 163,880,000.00.
func TestE1StandardNone(t *testing.T) {
	c := smelterS()
	c.PFStandard = PFExempt
	b, err := CatalogBill(defaults(t), c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	wantLines(t, b, "163880000.00",
		"energy", "137340000.00", // 300,000,000 × (0.5096 − 0.0518)
		"basic", "11000000.00", // 500,000 × 22
		"funds", "15540000.00", // 300,000,000 × 0.0518
	)
	require.False(t, b.PFApplied)
	require.Equal(t, PFExempt, b.PFStandard)
	require.True(t, hasWarning(b, "pf_exempt"))
	for _, s := range b.Sources {
		require.NotEqual(t, tariff.KindPowerFactor, s.Kind, "an exempt bill uses no power-factor table")
	}
	// The bill round-trips with standard none.
	data, err := json.Marshal(b)
	require.NoError(t, err)
	require.Contains(t, string(data), `"standard":"none"`)
	var back Bill
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, b, back)
	// A missing standard is never read as none.
	c.PFStandard = ""
	_, err = CatalogBill(defaults(t), c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, "settlement: 2016-11: customer.pf_standard: missing: a missing standard is never read as none (allowed: 0.90, 0.85, 0.80, none)")
	st, err := ParsePFStandard("0.9")
	require.NoError(t, err)
	require.Equal(t, PFStandard090, st)
}

// E7 with a published loss price of 0.0137 元/kWh (README §3.7): loss
// 300,000,000 × 0.0137 = 4,110,000.00; power-factor base 105,000,000.00 +
// 4,110,000.00 + 17,130,000.00 + 4,500,000.00 + 11,000,000.00 =
// 141,740,000.00 → −0.75 % = −1,063,050.00; total 148,724,450.00.
func TestE7PublishedLossPrice(t *testing.T) {
	for _, pu := range []Purchase{market("0.3500", "0.0150"),
		{Arrangement: ArrangementAgencyPurchase, AgencyPrice: decimal.NewNullDecimal(d("0.3500")), SystemOperation: decimal.NewNullDecimal(d("0.0150"))}} {
		pu.PublishedLossPrice = decimal.NewNullDecimal(d("0.0137"))
		b, err := PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), pu)
		require.NoError(t, err)
		wantLines(t, b, "148724450.00",
			"purchase_energy", "105000000.00", // 300,000,000 × 0.35
			"loss", "4110000.00", // 300,000,000 × 0.0137
			"tnd_energy", "17130000.00", // × 0.0571
			"system_operation", "4500000.00", // × 0.0150
			"basic", "11000000.00", // 500,000 × 22.0
			"power_factor", "-1063050.00", // −0.75 % × 141,740,000.00
			"funds", "8047500.00", // × 0.026825
		)
		require.Equal(t, "141740000.00", b.PFBase.StringFixed(2))
		l, _ := b.Line(tariff.LineLoss)
		require.Equal(t, "0.0137", Price(l.UnitPrice))
		require.Contains(t, l.Clause, "published loss price 0.0137")
		require.Contains(t, l.ClauseZH, "上网环节线损费用折价")
	}
	pu := market("0.3500", "0.0150")
	pu.PublishedLossPrice = decimal.NewNullDecimal(d("-0.0137"))
	_, err := PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), pu)
	require.EqualError(t, err, `settlement: 2026-09: purchase.published_loss_price: "-0.0137": must not be negative`)
}

// E8 with the backup fee 0.0200 元/kWh on the self-used kWh (README §3.9):
// backup 100,000,000 × 0.0200 = 2,000,000.00; C = 142,673,550.00 −
// 3,000,000.00 + 2,000,000.00 = 141,673,550.00; L3 = 154,132,700.00 − C =
// 12,459,150.00.
func TestE8BackupFeePerKWh(t *testing.T) {
	opt := capacity()
	opt.Captive = &Captive{SelfKWh: d("100000000"), GenerationCost: d("0.2500"), FundRate: d("0.0518"), CrossSubsidy: d("0.0300"), BackupFeePerKWh: decimal.NewNullDecimal(d("0.0200"))}
	b, err := DirectTradeBill(defaults(t), smelterS(), usage("2016-11", "200000000", "64000000", "290000"), opt, k("190000000", "ln-deviation-interim"))
	require.NoError(t, err)
	wantLines(t, b, "141673550.00",
		"traded_energy", "65531000.00", // 190,000,000 × 0.3449
		"tnd_energy", "15751000.00", // 190,000,000 × 0.0829
		"outside_energy", "4578000.00", // 10,000,000 × 0.4578
		"basic", "11000000.00",
		"power_factor", "-726450.00", // −0.75 % × 96,860,000
		"deviation", "0.00",
		"funds", "10360000.00",
		"captive_generation", "25000000.00", // 100,000,000 × 0.25
		"captive_funds", "5180000.00", // × 0.0518
		"captive_cross_subsidy", "3000000.00", // × 0.03
		"captive_backup", "2000000.00", // 100,000,000 × 0.0200
	)
	l, _ := b.Line(tariff.LineCaptiveBackup)
	require.Equal(t, "kWh", l.Unit)
	require.Equal(t, "12459150.00", d("154132700").Sub(b.Total).StringFixed(2))
	// Both forms in one month: an error naming the field.
	opt.Captive.BackupFee, opt.Captive.BackupKVA = d("20"), d("150000")
	_, err = DirectTradeBill(defaults(t), smelterS(), usage("2016-11", "200000000", "64000000", "290000"), opt, k("190000000", "ln-deviation-interim"))
	require.EqualError(t, err, `settlement: 2016-11: captive.backup_fee_per_kwh: "0.02": the backup fee is given both per kWh and per kVA (backup_fee 20, backup_kva 150000): a month gives one form or the other (allowed: backup_fee with backup_kva, or backup_fee_per_kwh)`)
}

// E10 (README §3.10): smelter S in September 2026 (E7's month, 148,739,260.13
// before the surcharge), last year's aluminium-liquid consumption 13,372
// kWh/t against T = 13,300: 72 above, ⌈72 ÷ 20⌉ = 4 steps, 0.04 元/kWh on
// 285,000,000 production kWh = 11,400,000.00 (outside the power-factor base).
// With a renewable share of 0.214 and a provincial weight of 0.18: ⌊21.4 −
// 15⌋ = 6 points, 0.04 × 0.94 = 0.0376, surcharge 10,716,000.00. At 13,300
// exactly: none.
func TestE10AluminiumStep2022(t *testing.T) {
	set := defaults(t)
	u := usage("2026-09", "300000000", "96000000", "430000")
	c := smelterS()
	u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13372"))
	bill := func(c Customer, u Usage) Bill {
		t.Helper()
		b, err := PurchaseBill(set, c, u, capacity(), market("0.3500", "0.0150"))
		require.NoError(t, err)
		return b
	}
	e7 := []string{"purchase_energy", "105000000.00", "loss", "4124922.05", "tnd_energy", "17130000.00", "system_operation", "4500000.00",
		"basic", "11000000.00", "power_factor", "-1063161.92", "funds", "8047500.00"}

	u.AluminiumProductionKWh = decimal.NewNullDecimal(d("285000000"))
	b := bill(c, u)
	wantLines(t, b, "160139260.13", append(e7, "surcharge", "11400000.00")...) // 148,739,260.13 + 11,400,000.00
	l, _ := b.Line(tariff.LineSurcharge)
	require.Equal(t, "285000000", l.Quantity.String())
	require.Equal(t, "0.04", l.UnitPrice.String())
	require.Equal(t, []Item{{ItemConsumption, "", "13372 kWh/t"}, {ItemThreshold, "", "13300 kWh/t (2025-01-01)"},
		{ItemSteps, "", "⌈(13372 − 13300) ÷ 20⌉ = 4 × 0.01 元/kWh = 0.04 元/kWh"}, {ItemProduction, "", "285000000 kWh"}}, l.Items)
	require.Equal(t, []string{"cn-aluminium-step-2021"}, l.Tables)
	require.True(t, hasWarning(b, "eligibility"), "the eligibility warning applies under the 2022+ table too")
	require.True(t, hasWarning(b, "medium_value"), "the 2022+ table is MEDIUM")

	// The production kWh as a share of the billed kWh: 0.95 × 300,000,000.
	u.AluminiumProductionKWh, u.AluminiumProductionShare = decimal.NullDecimal{}, decimal.NewNullDecimal(d("0.95"))
	wantLines(t, bill(c, u), "160139260.13", append(e7, "surcharge", "11400000.00")...)

	// Renewable reduction: 0.04 × (1 − 0.06) = 0.0376 on 285,000,000 = 10,716,000.00.
	u.RenewableShare, u.ProvincialWeight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("0.18"))
	b = bill(c, u)
	wantLines(t, b, "159455260.13", append(e7, "surcharge", "10716000.00")...) // 148,739,260.13 + 10,716,000.00
	l, _ = b.Line(tariff.LineSurcharge)
	require.Equal(t, "0.0376", l.UnitPrice.String())
	require.Equal(t, Item{ItemRenewable, "", "0.214 > 0.15, ≥ 0.18: ⌊100 × (0.214 − 0.15)⌋ = 6 × 0.01 → × 0.94"}, l.Items[3])
	require.True(t, hasWarningSubject(b, "medium_value", "cn-aluminium-step-2021 renewable"))
	// A share below the provincial weight earns no reduction: 0.04 again.
	u.ProvincialWeight = decimal.NewNullDecimal(d("0.25"))
	wantLines(t, bill(c, u), "160139260.13", append(e7, "surcharge", "11400000.00")...)

	// Neither production kWh nor share: all kWh, with a warning: 300,000,000 × 0.04.
	u.RenewableShare, u.ProvincialWeight = decimal.NullDecimal{}, decimal.NullDecimal{}
	u.AluminiumProductionShare = decimal.NullDecimal{}
	b = bill(c, u)
	wantLines(t, b, "160739260.13", append(e7, "surcharge", "12000000.00")...)
	require.True(t, hasWarning(b, "aluminium_all_kwh"))

	// At the threshold exactly: no surcharge, no eligibility warning.
	u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13300"))
	b = bill(c, u)
	wantLines(t, b, "148739260.13", e7...)
	require.False(t, hasWarning(b, "eligibility"))

	// The threshold is the billed month's: 13,372 is below 2022's 13,650 and
	// 2023's 13,450; 13,700 in 2023 is 250 above, ⌈12.5⌉ = 13 steps = 0.13.
	s, err := set.AluminiumStep("liaoning", tariff.NewDate(2023, 3, 1))
	require.NoError(t, err)
	th, _ := s.Threshold(tariff.NewDate(2023, 3, 1))
	require.Equal(t, "13450", th.String())
}

// A 2026 month with aluminium facts settles with the surcharge on the
// production kWh under every bill the comparison makes (catalog bills do not
// exist in 2026; direct trade is 2016-structure only).
func TestAluminium2026Market(t *testing.T) {
	c := smelterS()
	u := usage("2026-09", "300000000", "96000000", "430000")
	u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13372"))
	u.AluminiumProductionKWh = decimal.NewNullDecimal(d("285000000"))
	pu := Purchase{Arrangement: ArrangementAgencyPurchase, AgencyPrice: decimal.NewNullDecimal(d("0.3500")), SystemOperation: decimal.NewNullDecimal(d("0.0150")), PublishedLossPrice: decimal.NewNullDecimal(d("0.0137"))}
	b, err := PurchaseBill(defaults(t), c, u, capacity(), pu)
	require.NoError(t, err)
	require.Equal(t, "11400000.00", b.Sum(tariff.LineSurcharge).StringFixed(2))
	require.Equal(t, "160124450.00", b.Total.StringFixed(2)) // E7 published 148,724,450.00 + 11,400,000.00
}

// E11 (README §3.11): a 10 kV plant metered on the low side. Metered 300,000
// kWh and 150,000 kvarh, loss 6,100 kWh and 24,300 kvarh: billed 306,100 kWh
// and 174,300 kvarh, PF 0.8690 → 0.87 → +1.5 % (0.89 → +0.5 % without the
// losses). Energy 306,100 × 0.4938 = 151,152.18; basic 1,000 × 22 =
// 22,000.00; power factor +1.5 % × 173,152.18 = 2,597.28; funds 306,100 ×
// 0.0518 = 15,855.98; total 191,605.44.
func TestE11TransformerLosses(t *testing.T) {
	c := Customer{ID: "plant-10kv", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: PFStandard090,
		Units: []Unit{{ID: "T1", KVA: d("1000")}}}
	u := usage("2016-11", "300000", "150000", "800")
	u.TransformerLossKWh, u.TransformerLossKVarh = d("6100"), d("24300")
	b, err := CatalogBill(defaults(t), c, u, capacity())
	require.NoError(t, err)
	wantLines(t, b, "191605.44",
		"energy", "151152.18", // 306,100 × 0.4938
		"basic", "22000.00", // 1,000 × 22
		"power_factor", "2597.28", // +1.5 % × 173,152.18
		"funds", "15855.98", // 306,100 × 0.0518
	)
	require.Equal(t, "0.87", b.PF.StringFixed(2))
	require.Equal(t, "306100", b.PFKWh.String())
	require.Equal(t, "174300", b.PFKVarh.String())
	l, _ := b.Line(tariff.LineEnergy)
	require.Equal(t, "306100", l.Quantity.String())
	require.Equal(t, []Item{{ItemMetered, "kWh", "300000"}, {ItemTransformer, "kWh", "6100"}}, l.Items)
	l, _ = b.Line(tariff.LinePowerFactor)
	require.Equal(t, []Item{{ItemMetered, "kWh", "300000"}, {ItemTransformer, "kWh", "6100"}, {ItemMetered, "kvarh", "150000"}, {ItemTransformer, "kvarh", "24300"}}, l.Items)
	// Without the losses the power factor is 0.89: +0.5 %.
	b, err = CatalogBill(defaults(t), c, usage("2016-11", "300000", "150000", "800"), capacity())
	require.NoError(t, err)
	require.Equal(t, "0.89", b.PF.StringFixed(2))
	require.Equal(t, "0.5", b.PFPercent.String())
}

// Under TOU the loss kWh go to the periods in proportion to their metered kWh
// (one fraction per period): 3,000,000 loss kWh on 120 / 100 / 80 million
// metered → 121.2 / 101 / 80.8 million billed. Purchase energy 121,200,000 ×
// 0.35 × 1.5 = 63,630,000.00, 101,000,000 × 0.35 = 35,350,000.00, 80,800,000
// × 0.175 = 14,140,000.00; loss 303,000,000 × 0.35 × 0.0378 ÷ 0.9622 =
// 4,166,171.27; T&D 303,000,000 × 0.0571 = 17,301,300.00; system operation
// 4,545,000.00; basic 11,000,000.00; power factor (303,000,000 kWh and
// 97,000,000 kvarh: 0.95) −0.75 % × 150,132,471.27 = −1,125,993.53; funds
// 8,127,975.00.
func TestTransformerLossesTOU(t *testing.T) {
	set := withTable(t, defaults(t), userRatiosYAML)
	u := usage("2026-09", "300000000", "96000000", "430000")
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("120000000"), tariff.PeriodFlat: d("100000000"), tariff.PeriodValley: d("80000000")}
	u.TransformerLossKWh, u.TransformerLossKVarh = d("3000000"), d("1000000")
	o := capacity()
	o.TOU = "user-ratios"
	b, err := PurchaseBill(set, smelterS(), u, o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	wantLines(t, b, "157134452.74",
		"purchase_energy/peak", "63630000.00",
		"purchase_energy/flat", "35350000.00",
		"purchase_energy/valley", "14140000.00",
		"loss", "4166171.27",
		"tnd_energy", "17301300.00",
		"system_operation", "4545000.00",
		"basic", "11000000.00",
		"power_factor", "-1125993.53",
		"funds", "8127975.00")
	l, _ := b.Line(tariff.LinePurchaseEnergy)
	require.Equal(t, "121200000", l.Quantity.String())
	require.Equal(t, []Item{{ItemMetered, "kWh", "120000000"}, {ItemTransformer, "kWh", "1200000"}}, l.Items[:2])
}

// Bad inputs for each new field give errors naming the month and field.
func TestIssuedBadInputs(t *testing.T) {
	set := defaults(t)
	ok := usage("2026-09", "300000000", "96000000", "430000")
	for _, c := range []struct {
		mod  func(*Customer, *Usage)
		want string
	}{
		{func(c *Customer, u *Usage) { u.TransformerLossKWh = d("-6100") }, `settlement: 2026-09: usage.transformer_loss_kwh: "-6100": must not be negative`},
		{func(c *Customer, u *Usage) { u.TransformerLossKVarh = d("-1") }, `settlement: 2026-09: usage.transformer_loss_kvarh: "-1": must not be negative`},
		{func(c *Customer, u *Usage) { u.AluminiumProductionShare = decimal.NewNullDecimal(d("1.2")) },
			`settlement: 2026-09: usage.aluminium_production_share: "1.2": a share above 1 (allowed: a fraction 0 … 1 (21.4 % is 0.214))`},
		{func(c *Customer, u *Usage) {
			u.AluminiumProductionShare, u.AluminiumProductionKWh = decimal.NewNullDecimal(d("0.95")), decimal.NewNullDecimal(d("285000000"))
		}, `settlement: 2026-09: usage.aluminium_production_share: "0.95": both the production kWh and its share are given (allowed: one of aluminium_production_kwh, aluminium_production_share)`},
		{func(c *Customer, u *Usage) { u.AluminiumProductionKWh = decimal.NewNullDecimal(d("300000001")) },
			`settlement: 2026-09: usage.aluminium_production_kwh: "300000001": above the month's billed kWh 300000000 (allowed: at most the billed kWh)`},
		{func(c *Customer, u *Usage) {
			u.AluminiumKWhPerTonne, u.RenewableShare = decimal.NewNullDecimal(d("13372")), decimal.NewNullDecimal(d("0.214"))
		}, `settlement: 2026-09: usage.provincial_weight: missing: a renewable share needs the province's previous-year incentive weight (allowed: a fraction 0 … 1)`},
		{func(c *Customer, u *Usage) {
			u.AluminiumKWhPerTonne, u.ProvincialWeight = decimal.NewNullDecimal(d("13372")), decimal.NewNullDecimal(d("0.18"))
		}, `settlement: 2026-09: usage.renewable_share: missing: a provincial weight is given without the plant's renewable share (allowed: a fraction 0 … 1)`},
		{func(c *Customer, u *Usage) {
			u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13372"))
			u.RenewableShare, u.ProvincialWeight = decimal.NewNullDecimal(d("21.4")), decimal.NewNullDecimal(d("0.18"))
		}, `settlement: 2026-09: usage.renewable_share: "21.4": a share above 1 (allowed: a fraction 0 … 1 (21.4 % is 0.214))`},
		{func(c *Customer, u *Usage) {
			u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13372"))
			u.RenewableShare, u.ProvincialWeight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("-0.18"))
		}, `settlement: 2026-09: usage.provincial_weight: "-0.18": must not be negative`},
		{func(c *Customer, u *Usage) {
			u.RenewableShare, u.ProvincialWeight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("0.18"))
		}, `settlement: 2026-09: usage.aluminium_kwh_per_tonne: missing: a renewable share and provincial weight are given without the previous year's consumption per tonne (allowed: kWh/t greater than zero)`},
		{func(c *Customer, u *Usage) { u.AluminiumKWhPerTonne = decimal.NewNullDecimal(decimal.Zero) },
			`settlement: 2026-09: usage.aluminium_kwh_per_tonne: "0": must be greater than zero`},
		// Production kWh without the consumption per tonne would bill the
		// month without the stepped price, silently: refused.
		{func(c *Customer, u *Usage) { u.AluminiumProductionKWh = decimal.NewNullDecimal(d("285000000")) },
			`settlement: 2026-09: usage.aluminium_kwh_per_tonne: missing: the aluminium production is given without the previous year's consumption per tonne (allowed: kWh/t greater than zero)`},
		{func(c *Customer, u *Usage) { u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("1e13")) },
			`settlement: 2026-09: usage.aluminium_kwh_per_tonne: "10000000000000": above 10^12, implausible (allowed: at most 1000000000000)`},
	} {
		cu, us := smelterS(), ok
		c.mod(&cu, &us)
		_, err := PurchaseBill(set, cu, us, capacity(), market("0.3500", "0.0150"))
		require.EqualError(t, err, c.want)
	}
}

func hasWarningSubject(b Bill, code WarningCode, subject string) bool {
	for _, w := range b.Warnings {
		if w.Code == code && w.Subject == subject {
			return true
		}
	}
	return false
}

// The JSON record's new fields: each bad input is an error naming its JSON
// path; a record with every new input round-trips and settles (E10 with the
// published loss price: 148,724,450.00 + 10,716,000.00 = 159,440,450.00).
func TestIssuedJSON(t *testing.T) {
	c := smelterS()
	u := usage("2026-09", "300000000", "96000000", "430000")
	u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13372"))
	u.RenewableShare, u.ProvincialWeight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("0.18"))
	u.AluminiumProductionKWh = decimal.NewNullDecimal(d("285000000"))
	pu := market("0.3500", "0.0150")
	pu.PublishedLossPrice = decimal.NewNullDecimal(d("0.0137"))
	rec := Record{Arrangement: ArrangementMarketPurchase, Customer: c, Usage: u, Options: capacity(), Purchase: &pu}
	data, err := json.Marshal(rec)
	require.NoError(t, err)
	s := string(data)
	require.Contains(t, s, `"aluminium_production_kwh":"285000000","aluminium_production_share":null,"aluminium_kwh_per_tonne":"13372","renewable_share":"0.214","provincial_weight":"0.18"}`)
	require.NotContains(t, s, `"aluminium":`)
	require.Contains(t, s, `"aluminium_production_kwh":"285000000"`)
	require.Contains(t, s, `"published_loss_price":"0.0137"`)
	var back Record
	require.NoError(t, json.Unmarshal(data, &back))
	b, err := back.Settle(defaults(t))
	require.NoError(t, err)
	require.Equal(t, "159440450.00", b.Total.StringFixed(2))

	for _, c := range []struct{ old, new, want string }{
		{`"transformer_loss_kwh":null`, `"transformer_loss_kwh":"-6100"`, `settlement: 2026-09: usage.transformer_loss_kwh: "-6100": must not be negative`},
		{`"aluminium_production_kwh":"285000000","aluminium_production_share":null`, `"aluminium_production_kwh":null,"aluminium_production_share":"1.2"`,
			`settlement: 2026-09: usage.aluminium_production_share: "1.2": a share above 1 (allowed: a fraction 0 … 1 (21.4 % is 0.214))`},
		{`"provincial_weight":"0.18"`, `"provincial_weight":null`,
			`settlement: 2026-09: usage.provincial_weight: missing: a renewable share needs the province's previous-year incentive weight (allowed: a fraction 0 … 1)`},
		{`"aluminium_kwh_per_tonne":"13372"`, `"aluminium_kwh_per_tonne":"0"`, `settlement: 2026-09: usage.aluminium_kwh_per_tonne: "0": must be greater than zero`},
		{`"published_loss_price":"0.0137"`, `"published_loss_price":"-0.0137"`, `settlement: 2026-09: purchase.published_loss_price: "-0.0137": must not be negative`},
		{`"aluminium_kwh_per_tonne":"13372"`, `"aluminium_kwh_per_tonne":13372`,
			`settlement: usage.aluminium_kwh_per_tonne: a JSON number 13372 where a decimal string is expected: write it as a string (allowed: a decimal in a JSON string, e.g. "12.5")`},
		{`"units":`, `"aluminium":[{"year":2026,"kwh_per_tonne":"13372"}],"units":`,
			`settlement: customer.aluminium: the stepped-price facts moved to the month's usage (allowed: [] or null; the facts of the month's year as usage.aluminium_kwh_per_tonne, usage.renewable_share and usage.provincial_weight (README §3.10))`},
		{`"units":`, `"aluminium":{},"units":`,
			`settlement: customer.aluminium: the stepped-price facts moved to the month's usage (allowed: [] or null; the facts of the month's year as usage.aluminium_kwh_per_tonne, usage.renewable_share and usage.provincial_weight (README §3.10))`},
		{`"pf_standard":"0.90"`, `"pf_standard":"0.95"`, `settlement: customer.pf_standard: "0.95": unknown power-factor standard (allowed: 0.90, 0.85, 0.80, none)`},
	} {
		y := strings.Replace(s, c.old, c.new, 1)
		require.NotEqual(t, s, y, c.old)
		require.EqualError(t, json.Unmarshal([]byte(y), &back), c.want)
	}
	// A record written before the facts moved carries "aluminium": [] (or
	// null) for every plant: it reads as the same record without the key.
	var want Record
	require.NoError(t, json.Unmarshal([]byte(s), &want))
	for _, old := range []string{`"aluminium":[],"units":`, `"aluminium":null,"units":`} {
		var was Record
		require.NoError(t, json.Unmarshal([]byte(strings.Replace(s, `"units":`, old, 1)), &was), old)
		require.Equal(t, want, was, old)
	}
	// Both backup-fee forms in one month.
	var o Options
	err = json.Unmarshal([]byte(`{"choice":{"method":"capacity"},"captive":{"self_kwh":"100000000","generation_cost":"0.25","fund_rate":"0.0518","cross_subsidy":"0.03","backup_fee":"20","backup_kva":"150000","backup_fee_per_kwh":"0.0200"}}`), &o)
	require.EqualError(t, err, `settlement: captive.backup_fee_per_kwh: "0.02": the backup fee is given both per kWh and per kVA: a month gives one form or the other (allowed: backup_fee with backup_kva, or backup_fee_per_kwh)`)
	require.NoError(t, json.Unmarshal([]byte(`{"choice":{"method":"capacity"},"captive":{"self_kwh":"100000000","generation_cost":"0.25","fund_rate":"0.0518","cross_subsidy":"0.03","backup_fee_per_kwh":"0.0200"}}`), &o))
	require.Equal(t, "0.0200", Price(o.Captive.BackupFeePerKWh.Decimal))
	_, rs := schemas(t)
	var doc any
	require.NoError(t, json.Unmarshal(data, &doc))
	require.NoError(t, rs.Validate(doc), "the record validates against record.v1")
}
