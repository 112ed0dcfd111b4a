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
			require.Len(t, cp.Funds, 5)
		}
	}
	cp, err := s.Catalog("liaoning", "large_industry", d("35"), on)
	require.NoError(t, err)
	require.Equal(t, "35-110kV", cp.Tier)
	eq(t, "0.4578", mustCatalog(t, s, "220").EnergyExFunds()) // 0.5096 − 0.0518
	require.Equal(t, tariff.Medium, cp.Table.ConfidenceOf("funds.renewable"))
	require.Equal(t, tariff.High, cp.Table.ConfidenceOf("funds.rural_grid_loan"))
}

func mustCatalog(t *testing.T, s *tariff.Set, v string) tariff.CatalogPrice {
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
	}
	p, err := s.TND("liaoning", d("220"), date("2016-11-01"), "ln-tnd-fushun-pilot-2009")
	require.NoError(t, err)
	eq(t, "0.117", p.Energy)
	eq(t, "33", p.BasicKW)
	b, err := s.CoalBenchmark("liaoning", date("2016-11-01"))
	require.NoError(t, err)
	eq(t, "0.3749", b.Price)
	require.Equal(t, tariff.Medium, b.Confidence)
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
		eq(t, "0.026825", tariff.SumFunds(p.Funds))
		require.Equal(t, "2023", p.Structure)
	}
	h := mustTable(t, s, "ln-tnd-2026")
	require.Equal(t, tariff.Medium, h.ConfidenceOf("basic_prices"))
	require.Equal(t, tariff.Medium, h.ConfidenceOf("funds"))
	require.Equal(t, tariff.High, h.ConfidenceOf("energy"))
	require.Equal(t, "2026-07-08", h.DocumentDate.String())
}

func mustTable(t *testing.T, s *tariff.Set, id string) tariff.Header {
	tb, ok := s.ByID(id)
	require.True(t, ok, id)
	return tb.Head()
}

// The rule sets of README §3.4.
func TestDefaultRules(t *testing.T) {
	s := def(t)
	r96, err := s.BasicRules("liaoning", date("2016-06-30"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-1996", r96.ID)
	require.Equal(t, tariff.ChangePeriod{Length: tariff.LengthYear, Anchor: tariff.ScenarioAnchor}, r96.MethodChange)
	require.Equal(t, tariff.ChangePeriod{Length: tariff.LengthHalfYear, Anchor: tariff.ScenarioAnchor}, r96.ContractChange)
	require.Equal(t, 2, r96.SuspensionMaxPerYear)
	require.Equal(t, tariff.Medium, r96.Confidence)
	r, err := s.BasicRules("liaoning", date("2016-07-01"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-1583", r.ID)
	require.Equal(t, []tariff.Method{tariff.ByCapacity, tariff.ByContractDemand}, r.Methods)
	require.Equal(t, tariff.ChangePeriod{Length: tariff.LengthQuarter, Anchor: tariff.Calendar}, r.MethodChange)
	require.Equal(t, tariff.LengthMonth, r.ContractChange.Length)
	eq(t, "1.05", r.Threshold)
	eq(t, "2", r.Multiplier)
	eq(t, "0.40", r.Floor)
	require.Equal(t, "a", r.Reading)
	require.False(t, r.HasDiscount)
	require.Equal(t, 15, r.SuspensionMinDays)
	require.False(t, r.HasMaxPerYear)
	require.Equal(t, 6, r.SuspensionMaxMonths)
	r, err = s.BasicRules("liaoning", date("2023-06-01"), "")
	require.NoError(t, err)
	require.Equal(t, "cn-basic-rules-526", r.ID)
	require.True(t, r.Allows(tariff.ByActualDemand))
	require.True(t, r.HasDiscount)
	eq(t, "260", r.DiscountMinKWhPerKVA)
	eq(t, "0.90", r.DiscountFactor)
	require.False(t, r.SuspensionChecked, "526 suspension limits are UNVERIFIED: null")
	require.True(t, r.FloorOnActual)
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
	eq(t, "0.02", in.UnderBand)
	// 0.2 × 0.3749 + 0.1 × 0.0829 = 0.08327
	eq(t, "0.08327", in.Under.Rate(d("0.3749"), d("0.0829"), d("0.3449")))
	sup, err := s.Deviation("ln-deviation-supplement")
	require.NoError(t, err)
	eq(t, "0.05", sup.OverBand)
	eq(t, "0.06", sup.Under.Rate(d("0.3749"), d("0.0829"), d("0.3449"))) // 2 × 0.03
	eq(t, "0.03", sup.Over.Rate(d("0.3749"), d("0.0829"), d("0.3449")))
	al, err := s.AluminiumStep("liaoning", date("2016-11-01"))
	require.NoError(t, err)
	for kwh, want := range map[string]string{"13700": "0", "13750": "0.02", "13800": "0.02", "13800.1": "0.08"} {
		got, _ := al.SurchargeFor(d(kwh))
		eq(t, want, got, kwh)
	}
	_, err = s.AluminiumStep("liaoning", date("2022-01-01"))
	require.Error(t, err)
	tb, ok := s.ByID("ln-tou-periods-2023")
	require.True(t, ok)
	tp := tb.(*tariff.TOUPeriods)
	for _, c := range []struct {
		m    int
		at   string
		want tariff.Period
	}{{1, "17:00", tariff.Critical}, {1, "18:59", tariff.Critical}, {1, "19:00", tariff.Peak}, {2, "17:00", tariff.Peak},
		{3, "07:29", tariff.Flat}, {3, "07:30", tariff.Peak}, {3, "11:30", tariff.Valley}, {3, "23:00", tariff.Valley}, {3, "04:59", tariff.Valley}, {3, "05:00", tariff.Flat}} {
		h, mm := int(c.at[0]-'0')*10+int(c.at[1]-'0'), int(c.at[3]-'0')*10+int(c.at[4]-'0')
		p, err := tp.Classify(monthOf(c.m), h*60+mm)
		require.NoError(t, err)
		require.Equal(t, c.want, p, "%d %s", c.m, c.at)
	}
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
	var nt *tariff.NoTableError
	require.True(t, errors.As(q("2017-07-01"), &nt))
	require.Equal(t, tariff.KindCatalog, nt.Kind)
	// A voltage no tier maps.
	_, err := s.Catalog("liaoning", "large_industry", d("0.38"), date("2016-11-01"))
	require.EqualError(t, err, "tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)")
	var nti *tariff.NoTierError
	require.True(t, errors.As(err, &nti))
	// A named table is never returned by date; by name it is, within its range.
	tb, err := s.Lookup(tariff.Query{Kind: tariff.KindTND, Region: "liaoning", Date: date("2010-01-01")})
	require.Nil(t, tb)
	require.EqualError(t, err, "tariff: no tnd table in force for liaoning on 2010-01-01")
	_, err = s.Named(tariff.KindTND, "ln-tnd-fushun-pilot-2009", date("2009-10-01"))
	require.NoError(t, err)
	_, err = s.Named(tariff.KindTND, "ln-tnd-fushun-pilot-2009", date("2009-09-30"))
	require.EqualError(t, err, `tariff: tnd table "ln-tnd-fushun-pilot-2009" is not in force on 2009-09-30 (in force [2009-10-01, open))`)
	_, err = s.Named(tariff.KindTND, "no-such", date("2016-01-01"))
	require.EqualError(t, err, `tariff: no tnd table with id "no-such"`)
	// The 1583 rules end the day before 526 starts.
	r, _ := s.BasicRules("liaoning", date("2023-05-31"), "")
	require.Equal(t, "cn-basic-rules-1583", r.ID)
}

func TestGaps(t *testing.T) {
	gaps := def(t).Gaps()
	require.Len(t, gaps, 1)
	require.Equal(t, "ln-tnd-spread-2016", gaps[0].After)
	require.Equal(t, "2017-07-01", gaps[0].From.String())
	require.Equal(t, "2026-08-01", gaps[0].To.String())
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
			_ = tb.Head()
		}
	})
}

// Tables built in Go code (not loaded) answer the same as loaded ones.
func TestTablesBuiltInCode(t *testing.T) {
	pf := &tariff.PowerFactor{Segments: []tariff.PFSegment{{PFMin: d("0"), PFMax: d("1"), PercentAtMax: d("-1"), StepPercent: d("0.5")}}}
	v, ok := pf.PercentAt(90) // −1 + 0.5 × 10
	require.True(t, ok)
	eq(t, "4", v)
	h := tariff.Header{Confidence: tariff.High, ValueConfidence: map[string]tariff.Confidence{"b": tariff.Medium, "a": tariff.Medium}}
	require.Equal(t, []string{"a", "b"}, h.MediumValues())
	_, en, ok := h.MediumNotice("a")
	require.True(t, ok)
	require.Contains(t, en, "a is MEDIUM confidence")
}
