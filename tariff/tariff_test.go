package tariff_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) tariff.Date {
	v, err := tariff.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func def(t *testing.T) *tariff.Set {
	t.Helper()
	s, err := tariff.Default()
	require.NoError(t, err)
	return s
}

func eq(t *testing.T, want string, got decimal.Decimal, msg ...any) {
	t.Helper()
	require.True(t, got.Equal(d(want)), "want %s, got %s %v", want, got, msg)
}

// Every value of the Liaoning 2016 catalog (辽价发〔2016〕50号 附件一, README, Shipped tables).
func TestDefaultCatalog(t *testing.T) {
	s := def(t)
	on := date("2016-11-01")
	for class, prices := range map[string][]string{
		"large_industry":          {"0.5456", "0.5426", "0.5326", "0.5196", "0.5096"},
		"large_industry_chemical": {"0.5356", "0.5326", "0.5226", "0.5096", "0.4996"},
	} {
		for i, v := range []string{"10", "20", "66", "110", "220"} {
			cp, err := s.Catalog("liaoning", class, d(v), on)
			require.NoError(t, err)
			eq(t, prices[i], cp.Energy, class, v)
			eq(t, "22", cp.BasicKVA)
			eq(t, "33", cp.BasicKW)
			// Funds: 0.020 + 0.004 + 0.0083 + 0.0005 + 0.019 = 0.0518.
			eq(t, "0.0518", cp.FundsSum)
			require.Equal(t, 5, cp.NumFunds())
		}
	}
	cp, err := s.Catalog("liaoning", "large_industry", d("35"), on)
	require.NoError(t, err)
	require.Equal(t, "35-110kV", cp.Tier)
	code, name, rate, text := cp.Fund(0) // the first fund of ln-catalog-2016, "rate: 0.020"
	require.Equal(t, "rural_grid_loan", code)
	require.Equal(t, "农网还贷资金", name)
	eq(t, "0.02", rate)
	require.Equal(t, "0.020", text)
	code, _, rate, _ = cp.Fund(4)
	require.Equal(t, "renewable", code)
	eq(t, "0.019", rate)
	code, _, _, _ = cp.Fund(5)
	require.Empty(t, code, "out of range")
	cp220 := mustCatalog(t, s, "220")
	eq(t, "0.4578", cp220.EnergyExFunds()) // 0.5096 − 0.0518
	require.Equal(t, tariff.ConfidenceMedium, cp.Table.ConfidenceOf("funds.renewable"))
	require.Equal(t, tariff.ConfidenceHigh, cp.Table.ConfidenceOf("funds.rural_grid_loan"))
}

func mustCatalog(t *testing.T, s *tariff.Set, v string) tariff.Price {
	cp, err := s.Catalog("liaoning", "large_industry", d(v), date("2016-11-01"))
	require.NoError(t, err)
	return cp
}

// The price spread P_v − F − 0.3749 per tier, and the 抚顺 pilot.
func TestDefaultTND(t *testing.T) {
	s := def(t)
	for v, want := range map[string]string{"10": "0.1189", "20": "0.1159", "35": "0.1059", "66": "0.1059", "110": "0.0929", "220": "0.0829", "500": "0.0829"} {
		p, err := s.TND("liaoning", d(v), date("2016-11-01"), "")
		require.NoError(t, err)
		eq(t, want, p.Energy, v)
		eq(t, "22", p.BasicKVA)
		require.Equal(t, "ln-tnd-spread-2016", p.Table.ID)
		require.Len(t, p.Sources, 3)
		require.True(t, p.Spread)
	}
	p, err := s.TND("liaoning", d("220"), date("2016-11-01"), "ln-tnd-fushun-pilot-2009")
	require.NoError(t, err)
	eq(t, "0.117", p.Energy)
	eq(t, "33", p.BasicKW)
	price, h, err := s.CoalBenchmark("liaoning", date("2016-11-01"))
	require.NoError(t, err)
	eq(t, "0.3749", price)
	require.Equal(t, tariff.ConfidenceMedium, h.Confidence)
}

// The fourth-period T&D table (发改价格〔2026〕1077号, README §3.7).
func TestDefaultFourthPeriod(t *testing.T) {
	s := def(t)
	on := date("2026-09-01")
	for _, c := range []struct{ v, tier, energy, kw, kva string }{
		{"0.38", "<1kV", "0.1182", "38.4", "24.0"},
		{"10", "1-10(20)kV", "0.1053", "36.8", "23.0"},
		{"20", "1-10(20)kV", "0.1053", "36.8", "23.0"},
		{"35", "110(66)kV", "0.0840", "35.2", "22.0"},
		{"66", "110(66)kV", "0.0840", "35.2", "22.0"},
		{"110", "110(66)kV", "0.0840", "35.2", "22.0"},
		{"220", "220kV+", "0.0571", "35.2", "22.0"},
	} {
		p, err := s.TND("liaoning", d(c.v), on, "")
		require.NoError(t, err)
		require.Equal(t, c.tier, p.Tier)
		eq(t, c.energy, p.Energy)
		eq(t, c.kw, p.BasicKW)
		eq(t, c.kva, p.BasicKVA)
		eq(t, "0.0378", p.LossRate)
		eq(t, "0.026825", p.FundsSum)
		require.Equal(t, tariff.Structure2023, p.Structure)
	}
	h := mustTable(t, s, "ln-tnd-2026")
	require.Equal(t, tariff.ConfidenceMedium, h.ConfidenceOf("basic_prices"))
	require.Equal(t, tariff.ConfidenceMedium, h.ConfidenceOf("funds"))
	require.Equal(t, tariff.ConfidenceHigh, h.ConfidenceOf("energy"))
	require.Equal(t, "2026-07-08", h.DocumentDate.String())
}

func mustTable(t *testing.T, s *tariff.Set, id string) tariff.Header {
	h, ok := s.Header(id)
	require.True(t, ok, id)
	return h
}

// The rule sets of README §3.4.
func TestDefaultRules(t *testing.T) {
	s := def(t)
	r96, err := s.BasicRules("liaoning", date("2016-06-30"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-1996", r96.Head().ID)
	n, cal := r96.MethodChange()
	require.Equal(t, 12, n, "length: year")
	require.False(t, cal)
	n, cal = r96.ContractChange()
	require.Equal(t, 6, n, "length: half_year")
	require.False(t, cal)
	_, _, maxPerYear, _, _ := r96.Suspension()
	require.Equal(t, 2, maxPerYear)
	require.Equal(t, tariff.ConfidenceMedium, r96.Head().Confidence)
	r, err := s.BasicRules("liaoning", date("2016-07-01"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-1583", r.Head().ID)
	require.Equal(t, []tariff.Method{tariff.MethodCapacity, tariff.MethodContractDemand}, r.Methods())
	n, cal = r.MethodChange()
	require.Equal(t, 3, n, "length: quarter")
	require.True(t, cal)
	n, _ = r.ContractChange()
	require.Equal(t, 1, n, "length: month")
	threshold, multiplier, reading := r.Excess()
	eq(t, "1.05", threshold)
	eq(t, "2", multiplier)
	require.Equal(t, tariff.ReadingA, reading)
	floor, _ := r.Floor()
	eq(t, "0.40", floor)
	_, _, ok := r.Discount()
	require.False(t, ok)
	checked, minDays, maxPerYear, maxMonths, _ := r.Suspension()
	require.True(t, checked)
	require.Equal(t, 15, minDays)
	require.Equal(t, 0, maxPerYear, "no limit")
	require.Equal(t, 6, maxMonths)
	r, err = s.BasicRules("liaoning", date("2023-06-01"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-526", r.Head().ID)
	require.True(t, r.Allows(tariff.MethodActualDemand))
	minKWh, factor, ok := r.Discount()
	require.True(t, ok)
	eq(t, "260", minKWh)
	eq(t, "0.90", factor)
	checked, _, _, _, _ = r.Suspension()
	require.False(t, checked, "526 suspension limits are UNVERIFIED: null")
	_, onActual := r.Floor()
	require.True(t, onActual)
}

// Every row of the three power-factor tables ((83)水电财字第215号, README §3.5).
func TestPowerFactorEveryRow(t *testing.T) {
	s := def(t)
	want := map[string]func(k int) string{
		"0.90": func(k int) string {
			switch {
			case k >= 95:
				return "-0.75"
			case k >= 90:
				return map[int]string{94: "-0.60", 93: "-0.45", 92: "-0.30", 91: "-0.15", 90: "0"}[k]
			case k >= 70:
				return decimal.NewFromInt(int64(90 - k)).Mul(d("0.5")).String()
			case k >= 65:
				return decimal.NewFromInt(int64(10 + 70 - k)).String()
			}
			return decimal.NewFromInt(int64(15 + 2*(65-k))).String()
		},
		"0.85": func(k int) string {
			switch {
			case k >= 94:
				return "-1.10"
			case k >= 85:
				return map[int]string{93: "-0.95", 92: "-0.80", 91: "-0.65", 90: "-0.50", 89: "-0.40", 88: "-0.30", 87: "-0.20", 86: "-0.10", 85: "0"}[k]
			case k >= 65:
				return decimal.NewFromInt(int64(85 - k)).Mul(d("0.5")).String()
			case k >= 60:
				return decimal.NewFromInt(int64(10 + 65 - k)).String()
			}
			return decimal.NewFromInt(int64(15 + 2*(60-k))).String()
		},
		"0.80": func(k int) string {
			switch {
			case k >= 92:
				return "-1.30"
			case k == 91:
				return "-1.15"
			case k == 90:
				return "-1.00"
			case k >= 80:
				return decimal.NewFromInt(int64(80 - k)).Mul(d("0.1")).String()
			case k >= 60:
				return decimal.NewFromInt(int64(80 - k)).Mul(d("0.5")).String()
			case k >= 55:
				return decimal.NewFromInt(int64(10 + 60 - k)).String()
			}
			return decimal.NewFromInt(int64(15 + 2*(55-k))).String()
		},
	}
	for std, f := range want {
		tb, err := s.PowerFactor("liaoning", d(std), date("2016-11-01"))
		require.NoError(t, err)
		for k := 0; k <= 100; k++ {
			got, ok := tb.Percent(decimal.New(int64(k), -2))
			require.True(t, ok)
			eq(t, f(k), got, std, k)
		}
	}
	// The ends: 0.00 → +145, +135, +125.
	for std, end := range map[string]string{"0.90": "145", "0.85": "135", "0.80": "125"} {
		tb, _ := s.PowerFactor("liaoning", d(std), date("2016-11-01"))
		got, _ := tb.Percent(d("0"))
		eq(t, end, got, std)
	}
}

func TestDefaultDeviationAluminiumTOU(t *testing.T) {
	s := def(t)
	in, err := s.Deviation("ln-deviation-interim")
	require.NoError(t, err)
	eq(t, "0.02", in.UnderBand())
	// 0.2 × 0.3749 + 0.1 × 0.0829 = 0.08327
	under, ok := in.UnderRate(d("0.3749"), d("0.0829"), d("0.3449"))
	require.True(t, ok)
	eq(t, "0.08327", under)
	_, ok = in.OverRate(d("0.3749"), d("0.0829"), d("0.3449"))
	require.False(t, ok, "the interim rules have no over-use penalty")
	require.False(t, in.DependsOnTradedPrice())
	sup, err := s.Deviation("ln-deviation-supplement")
	require.NoError(t, err)
	eq(t, "0.05", sup.OverBand())
	under, _ = sup.UnderRate(d("0.3749"), d("0.0829"), d("0.3449"))
	eq(t, "0.06", under) // 2 × 0.03
	over, _ := sup.OverRate(d("0.3749"), d("0.0829"), d("0.3449"))
	eq(t, "0.03", over)
	require.True(t, sup.DependsOnTradedPrice())
	al, err := s.AluminiumStep("liaoning", date("2016-11-01"))
	require.NoError(t, err)
	require.Equal(t, "cn-aluminium-step-2013", al.Head().ID)
	require.False(t, al.OnProduction())
	th, _ := al.Threshold(date("2016-11-01"))
	eq(t, "13700", th)
	for kwh, want := range map[string]string{"13700": "0", "13750": "0.02", "13800": "0.02", "13800.1": "0.08"} {
		eq(t, want, al.BandSurcharge(d(kwh)), kwh)
	}
	// From 2022 (README §3.10): thresholds 13,650 / 13,450 / 13,300 kWh/t by the
	// billed month, 0.01 元/kWh per 20 kWh/t, on production kWh, renewable
	// reduction 1 % per point above 15 %.
	for day, want := range map[string]string{"2022-01-01": "13650", "2022-12-31": "13650", "2023-01-01": "13450", "2024-12-31": "13450", "2025-01-01": "13300", "2026-09-01": "13300"} {
		al, err := s.AluminiumStep("liaoning", date(day))
		require.NoError(t, err)
		require.Equal(t, "cn-aluminium-step-2021", al.Head().ID)
		require.Equal(t, tariff.ConfidenceMedium, al.Head().Confidence)
		require.True(t, al.OnProduction())
		th, _ := al.Threshold(date(day))
		eq(t, want, th, day)
		kwh, price, ok := al.Stepped()
		require.True(t, ok)
		eq(t, "20", kwh)
		eq(t, "0.01", price)
		above, per, ok := al.Renewable()
		require.True(t, ok)
		eq(t, "0.15", above)
		eq(t, "0.01", per)
		eq(t, "0", al.BandSurcharge(d("20000")), "the steps form has no bands")
	}
	_, err = s.AluminiumStep("liaoning", date("2013-12-31"))
	require.Error(t, err, "no table before 2014")
	tp := touPeriods(t)
	for _, c := range []struct {
		m    int
		at   string
		want tariff.Period
	}{{1, "17:00", tariff.PeriodCritical}, {1, "18:59", tariff.PeriodCritical}, {1, "19:00", tariff.PeriodPeak}, {2, "17:00", tariff.PeriodPeak},
		{3, "07:29", tariff.PeriodFlat}, {3, "07:30", tariff.PeriodPeak}, {3, "11:30", tariff.PeriodValley}, {3, "23:00", tariff.PeriodValley}, {3, "04:59", tariff.PeriodValley}, {3, "05:00", tariff.PeriodFlat}} {
		h, mm := int(c.at[0]-'0')*10+int(c.at[1]-'0'), int(c.at[3]-'0')*10+int(c.at[4]-'0')
		p, err := tp.Classify(monthOf(c.m), h*60+mm)
		require.NoError(t, err)
		require.Equal(t, c.want, p, "%d %s", c.m, c.at)
	}
	// ln-tou-periods-2023 carves critical peak (17:00–19:00) out of the peak
	// hours of January, July, August and December only; every month has peak
	// (07:30–10:30), flat (05:00–07:30) and valley (22:00–05:00).
	all := []tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical}
	for m := 1; m <= 12; m++ {
		want := all[:3]
		if m == 1 || m == 7 || m == 8 || m == 12 {
			want = all
		}
		require.Equal(t, want, tp.PeriodsIn(monthOf(m)), "month %d", m)
		require.Equal(t, len(want) == 4, tp.HasPeriod(monthOf(m), tariff.PeriodCritical), "month %d", m)
		require.True(t, tp.HasPeriod(monthOf(m), tariff.PeriodValley), "month %d", m)
	}
	require.Nil(t, tp.PeriodsIn(0), "not a month")
	require.False(t, tp.HasPeriod(13, tariff.PeriodPeak), "not a month")
	require.False(t, tp.HasPeriod(1, "noon"), "not a period")
	require.Nil(t, new(tariff.TOU).PeriodsIn(1), "not from a Set")
}

// Lookup at the range edges of ln-catalog-2016 [2016-01-01, 2017-07-01).
func TestLookupEdges(t *testing.T) {
	s := def(t)
	q := func(day string) error {
		_, err := s.Catalog("liaoning", "large_industry", d("220"), date(day))
		return err
	}
	require.EqualError(t, q("2015-12-31"), "tariff: no catalog table in force for liaoning large_industry on 2015-12-31")
	require.NoError(t, q("2016-01-01"))
	require.NoError(t, q("2017-06-30"))
	var nt *tariff.Error
	require.True(t, errors.As(q("2017-07-01"), &nt))
	require.Equal(t, tariff.KindCatalog, nt.Kind)
	require.Empty(t, nt.ID, "no table named: a lookup by region and date")
	// A voltage no tier maps.
	_, err := s.Catalog("liaoning", "large_industry", d("0.38"), date("2016-11-01"))
	require.EqualError(t, err, "tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)")
	var nti *tariff.Error
	require.True(t, errors.As(err, &nti))
	require.Equal(t, "0.38", nti.Value)
	require.Equal(t, "ln-catalog-2016", nti.ID)
	require.Equal(t, "1-10kV, 20kV, 35-110kV, 110kV, 220kV+", nti.Allowed)
	// A named table is never returned by date; by name it is, within its range.
	_, err = s.TND("liaoning", d("220"), date("2010-01-01"), "")
	require.EqualError(t, err, "tariff: no tnd table in force for liaoning on 2010-01-01")
	_, err = s.TND("liaoning", d("220"), date("2016-11-01"), "ln-tnd-fushun-pilot-2009")
	require.NoError(t, err)
	pilot, ok := s.Header("ln-tnd-fushun-pilot-2009")
	require.True(t, ok)
	require.True(t, pilot.Named, "scope: named")
	catalog, ok := s.Header("ln-catalog-2016")
	require.True(t, ok)
	require.False(t, catalog.Named, "scope: general")
	_, err = s.TND("liaoning", d("220"), date("2009-09-30"), "ln-tnd-fushun-pilot-2009")
	require.EqualError(t, err, `tariff: tnd table "ln-tnd-fushun-pilot-2009" is not in force on 2009-09-30 (in force [2009-10-01, open))`)
	_, err = s.TND("liaoning", d("220"), date("2016-01-01"), "no-such")
	require.EqualError(t, err, `tariff: no tnd table with id "no-such"`)
	// The 1583 rules end the day before 526 starts.
	r, _ := s.BasicRules("liaoning", date("2023-05-31"), "")
	require.Equal(t, "cn-basic-rules-1583", r.Head().ID)
}

// A failed lookup says what it asked for in fields, so that a program tells
// a missing table from one not in force without reading the message; Reason
// is never empty.
func TestLookupErrorFields(t *testing.T) {
	s := def(t)
	fields := func(err error) tariff.Error {
		var e *tariff.Error
		require.True(t, errors.As(err, &e), "%v", err)
		require.NotEmpty(t, e.Reason)
		return *e
	}
	_, err := s.Catalog("liaoning", "large_industry", d("220"), date("2017-07-01"))
	e := fields(err)
	require.Equal(t, "tariff: no catalog table in force for liaoning large_industry on 2017-07-01", err.Error())
	require.Equal(t, tariff.KindCatalog, e.Kind)
	require.Equal(t, "", e.ID)
	require.Equal(t, "liaoning", e.Region)
	require.Equal(t, "large_industry", e.Class)
	require.Equal(t, date("2017-07-01"), e.Date)
	require.Equal(t, "", e.InForce)
	require.Equal(t, e.Reason, e.Message())

	_, err = s.TND("liaoning", d("220"), date("2016-01-01"), "no-such")
	e = fields(err)
	require.Equal(t, `tariff: no tnd table with id "no-such"`, err.Error())
	require.Equal(t, "no-such", e.ID)
	require.Equal(t, "", e.InForce, "missing: no range")
	require.Equal(t, date("2016-01-01"), e.Date)

	_, err = s.TND("liaoning", d("220"), date("2026-07-01"), "ln-tnd-2026")
	e = fields(err)
	require.Equal(t, `tariff: tnd table "ln-tnd-2026" is not in force on 2026-07-01 (in force [2026-08-01, open))`, err.Error())
	require.Equal(t, "ln-tnd-2026", e.ID)
	require.Equal(t, "[2026-08-01, open)", e.InForce, "exists, not in force")
	require.Equal(t, date("2026-07-01"), e.Date)

	_, err = s.PowerFactor("liaoning", d("0.95"), date("2016-11-01"))
	e = fields(err)
	require.Equal(t, "tariff: no power_factor table in force for liaoning standard 0.95 on 2016-11-01", err.Error())
	require.Equal(t, "0.95", e.Standard)
	require.Equal(t, "", e.Class)

	_, err = s.Catalog("liaoning", "large_industry", d("0.38"), date("2016-11-01"))
	e = fields(err)
	require.Equal(t, "tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)", err.Error())
	require.Equal(t, "no tier maps supply voltage 0.38 kV", e.Reason)
	require.Equal(t, date("2016-11-01"), e.Date)

	require.Equal(t, []string{"large_industry", "large_industry_chemical"}, s.Classes("liaoning"))
	require.True(t, s.HasClass("liaoning", "large_industry_chemical"))
	require.False(t, s.HasClass("liaoning", "residential"))
	require.False(t, s.HasClass("jilin", "large_industry"), "no catalog of the region")

	_, err = s.Deviation("no-such")
	e = fields(err)
	require.Equal(t, `tariff: no deviation_rules table with id "no-such" (allowed: ln-deviation-interim, ln-deviation-supplement)`, err.Error())
	require.True(t, e.Date.IsZero(), "a lookup by id alone asks for no date")
}

func TestGaps(t *testing.T) {
	// ln-tnd-spread-2016 ends on 2017-07-01 (its to, the first day no longer
	// in force), ln-tnd-2026 starts on 2026-08-01: 2017-07-01 … 2026-07-31
	// are not covered.
	require.Equal(t, []string{"gap: no tnd table for liaoning from 2017-07-01 to 2026-07-31 (after ln-tnd-spread-2016, before ln-tnd-2026)"}, def(t).Gaps())
}

// The defaults parse once and are shared safely.
func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := tariff.Default()
			if err == nil {
				_, err = s.Catalog("liaoning", "large_industry", d("220"), date("2016-11-01"))
			}
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// FuzzLoad: arbitrary bytes never panic. The seed corpus is every good and bad
// table file; plain go test runs it.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"tables/*.yaml", "../testdata/tariff/bad/*.yaml"} {
		names, _ := filepath.Glob(glob)
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := tariff.Load(strings.NewReader(string(b)), "fuzz.yaml")
		if err == nil {
			hs := tb.Headers()
			if len(hs) != 1 || hs[0].ID == "" || hs[0].File != "fuzz.yaml" {
				t.Fatalf("a table that loads is one table with an id, from its file: %+v", hs)
			}
		}
	})
}

// touPeriods loads the default TOU periods table through a ratios table that
// names it (periods are found through their ratios).
func touPeriods(t *testing.T) *tariff.TOU {
	t.Helper()
	ratios := `
id: test-ratios
kind: tou_ratios
region: liaoning
issuer: test
document: test
effective: {from: 2023-06-01}
scope: named
confidence: medium
periods: ln-tou-periods-2023
ratios: {peak: 1.5, flat: 1, valley: 0.5}
floating: [purchase_energy]
`
	tb, err := tariff.Load(strings.NewReader(ratios), "ratios.yaml")
	require.NoError(t, err)
	s, err := def(t).With(tb)
	require.NoError(t, err)
	r, err := s.TOU("test-ratios", date("2024-01-01"))
	require.NoError(t, err)
	require.Equal(t, "test-ratios", r.Head().ID)
	require.Equal(t, "ln-tou-periods-2023", r.PeriodsHead().ID)
	require.True(t, r.Floats(tariff.LinePurchaseEnergy))
	require.False(t, r.Floats(tariff.LineEnergy))
	require.Equal(t, []tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley}, r.Priced())
	v, ok := r.Ratio(tariff.PeriodValley)
	require.True(t, ok)
	eq(t, "0.5", v)
	_, ok = r.Ratio(tariff.PeriodCritical)
	require.False(t, ok)
	// The periods alone: the same minutes, no ratio, nothing floats.
	p, err := s.TOUPeriods("ln-tou-periods-2023", date("2024-01-01"))
	require.NoError(t, err)
	require.Equal(t, "ln-tou-periods-2023", p.Head().ID)
	require.Equal(t, "ln-tou-periods-2023", p.PeriodsHead().ID)
	require.False(t, p.Floats(tariff.LinePurchaseEnergy))
	_, ok = p.Ratio(tariff.PeriodPeak)
	require.False(t, ok)
	require.Nil(t, p.Priced())
	_, err = s.TOU("test-ratios", date("2023-05-31"))
	require.EqualError(t, err, `tariff: tou_ratios table "test-ratios" is not in force on 2023-05-31 (in force [2023-06-01, open))`)
	_, err = s.TOU("ln-tou-periods-2023", date("2024-01-01"))
	require.EqualError(t, err, `tariff: no tou_ratios table with id "ln-tou-periods-2023"`, "a periods table is not a ratios table")
	return r
}

// What a Set hands out is the caller's own: editing it changes nothing in the set.
func TestOwnedValues(t *testing.T) {
	s := def(t)
	h, _ := s.Header("ln-catalog-2016")
	med := h.MediumValues()
	require.Equal(t, []string{"classes.large_industry_chemical.basic_prices", "funds.renewable"}, med)
	med[0] = "edited"
	h2, _ := s.Header("ln-catalog-2016")
	require.Equal(t, "classes.large_industry_chemical.basic_prices", h2.MediumValues()[0])
	tp, err := s.TND("liaoning", d("220"), date("2016-11-01"), "")
	require.NoError(t, err)
	require.Equal(t, "ln-tnd-spread-2016", tp.Sources[0].ID)
	tp.Sources[0].ID = "edited"
	tp2, _ := s.TND("liaoning", d("220"), date("2016-11-01"), "")
	require.Equal(t, "ln-tnd-spread-2016", tp2.Sources[0].ID)
	r, _ := s.BasicRules("liaoning", date("2016-11-01"), "")
	ms := r.Methods()
	ms[0] = tariff.MethodActualDemand
	require.Equal(t, tariff.MethodCapacity, r.Methods()[0])
}

// WithScaled returns a new set with one value multiplied; the old set is unchanged.
func TestWithScaled(t *testing.T) {
	s := def(t)
	require.Contains(t, s.ValuePaths("ln-coal-benchmark-2016"), "price")
	s2, err := s.WithScaled("ln-coal-benchmark-2016", "price", d("1.01"))
	require.NoError(t, err)
	p, _, err := s2.CoalBenchmark("liaoning", date("2016-11-01"))
	require.NoError(t, err)
	eq(t, "0.378649", p) // 0.3749 × 1.01
	p, _, _ = s.CoalBenchmark("liaoning", date("2016-11-01"))
	eq(t, "0.3749", p)
	// The spread follows the benchmark: 0.5096 − 0.0518 − 0.378649 = 0.079151.
	tnd, err := s2.TND("liaoning", d("220"), date("2016-11-01"), "")
	require.NoError(t, err)
	eq(t, "0.079151", tnd.Energy)
	// A fund: the catalog's funds total follows (0.0518 − 0.0005 + 0.000505).
	s3, err := s.WithScaled("ln-catalog-2016", "funds.local_reservoir_resettlement", d("1.01"))
	require.NoError(t, err)
	eq(t, "0.051805", mustCatalog(t, s3, "220").FundsSum)
	// P_v − F and the spread follow the fund: 0.5096 − 0.051805 = 0.457795;
	// − 0.3749 = 0.082895 (computed when the scaled set was made).
	cp3 := mustCatalog(t, s3, "220")
	eq(t, "0.457795", cp3.EnergyExFunds())
	tnd3, err := s3.TND("liaoning", d("220"), date("2016-11-01"), "")
	require.NoError(t, err)
	eq(t, "0.082895", tnd3.Energy)
	// And a tier's energy price: 0.5096 × 1.01 = 0.514696; − 0.0518 =
	// 0.462896; − 0.3749 = 0.087996.
	s5, err := s.WithScaled("ln-catalog-2016", "classes.large_industry.energy.220kV+", d("1.01"))
	require.NoError(t, err)
	cp5 := mustCatalog(t, s5, "220")
	eq(t, "0.462896", cp5.EnergyExFunds())
	tnd5, err := s5.TND("liaoning", d("220"), date("2016-11-01"), "")
	require.NoError(t, err)
	eq(t, "0.087996", tnd5.Energy)
	// A MEDIUM rule-set value.
	require.Equal(t, tariff.ConfidenceMedium, mustTable(t, s, "cn-basic-rules-1996").ConfidenceOf("floor.share"))
	s4, err := s.WithScaled("cn-basic-rules-1996", "floor.share", d("1.01"))
	require.NoError(t, err)
	r, _ := s4.BasicRules("liaoning", date("2016-06-01"), "")
	floor, _ := r.Floor()
	eq(t, "0.404", floor)
	_, err = s.WithScaled("ln-coal-benchmark-2016", "prise", d("1.01"))
	require.EqualError(t, err, "tariff: ln-coal-benchmark-2016.yaml: prise: table ln-coal-benchmark-2016 has no numeric value at this path (allowed: price)")
	_, err = s.WithScaled("no-such", "price", d("1.01"))
	require.Error(t, err)
}

// Month.PeriodStart, worked by hand: quarters anchored to the calendar start
// in Jan/Apr/Jul/Oct, cut by the run's first month; anchored to the run, they
// start every third month from it.
func TestMonthPeriodStart(t *testing.T) {
	m := func(s string) tariff.Month {
		x, err := tariff.ParseMonth(s)
		require.NoError(t, err)
		return x
	}
	for _, c := range []struct {
		n        int
		calendar bool
		first, m string
		want     string
	}{
		{3, true, "2016-08", "2016-08", "2016-08"}, // Jul–Sep, cut by the run starting in August
		{3, true, "2016-08", "2016-09", "2016-08"},
		{3, true, "2016-08", "2016-10", "2016-10"}, // Oct–Dec
		{3, true, "2016-08", "2016-12", "2016-10"},
		{3, true, "2016-08", "2017-02", "2017-01"},  // Jan–Mar
		{3, false, "2016-08", "2016-10", "2016-08"}, // Aug–Oct
		{3, false, "2016-08", "2016-11", "2016-11"}, // Nov–Jan
		{3, false, "2016-08", "2017-01", "2016-11"},
		{3, false, "2016-08", "2017-02", "2017-02"},
		{6, true, "2016-01", "2016-12", "2016-07"},   // Jul–Dec
		{12, false, "2016-07", "2017-06", "2016-07"}, // Jul 2016 – Jun 2017
		{12, false, "2016-07", "2017-07", "2017-07"},
		{1, true, "2016-07", "2017-03", "2017-03"},
	} {
		got := m(c.m).PeriodStart(c.n, c.calendar, m(c.first))
		require.Equal(t, c.want, got.String(), "%d months, calendar %v, run from %s, month %s", c.n, c.calendar, c.first, c.m)
	}
}

// MediumWarningAt(i) is MediumWarning of the i-th MEDIUM value, for every
// shipped table (ln-catalog-2016's funds.renewable: "ln-catalog-2016
// funds.renewable"), and nothing out of range.
func TestMediumWarningAt(t *testing.T) {
	s, err := tariff.Default()
	require.NoError(t, err)
	n := 0
	for _, h := range s.Headers() {
		for i, p := range h.MediumValues() {
			subject, zh, en, ok := h.MediumWarningAt(i)
			ws, wzh, wen, wok := h.MediumWarning(p)
			require.True(t, ok)
			require.Equal(t, [4]any{ws, wzh, wen, wok}, [4]any{subject, zh, en, ok})
			require.Equal(t, h.ID+" "+p, subject)
			n++
		}
		for _, i := range []int{-1, len(h.MediumValues())} {
			_, _, _, ok := h.MediumWarningAt(i)
			require.False(t, ok)
		}
	}
	require.GreaterOrEqual(t, n, 8) // 1583: 3, 526: 3, catalog: 2, power factor: 1 …
	h, ok := s.Header("ln-catalog-2016")
	require.True(t, ok)
	subject, _, _, _ := h.MediumWarningAt(1)
	require.Equal(t, "ln-catalog-2016 funds.renewable", subject)
}
