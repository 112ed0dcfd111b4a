package profile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// profileCSV writes a profile: header, then one row per interval ending at
// its timestamp, value(t) for the interval starting at t.
func profileCSV(header string, from time.Time, n, res int, value func(t time.Time) string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := 0; i < n; i++ {
		t := from.Add(time.Duration(i*res) * time.Minute)
		end := t.Add(time.Duration(res) * time.Minute)
		fmt.Fprintf(&b, "%s,%s\n", end.Format("2006-01-02 15:04"), value(t))
	}
	return b.String()
}

func read(t *testing.T, csv string) *Profile {
	t.Helper()
	p, err := Read(strings.NewReader(csv), Profile{Name: "p.csv"})
	require.NoError(t, err)
	return p
}

var nov = tariff.Month{Year: 2016, Month: 11}

// A flat load: 750 kWh every 15 minutes = 3,000 kW; 30 days × 96 × 750 kWh.
func TestFlatLoad(t *testing.T) {
	p := read(t, profileCSV("timestamp,kwh,kvarh", nov.First().Time(), 30*96, 15, func(time.Time) string { return "750,240" }))
	u, err := p.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "2160000", u.KWh.String()) // 2,880 × 750
	require.Equal(t, "691200", u.KVarh.String())
	require.Equal(t, "3000", u.MaxDemand().String()) // 750 × 60 ÷ 15
	require.Empty(t, u.Warnings)
}

// A 10-minute spike of 6,000 kW on a 3,000 kW base, 10:10–10:20.
func TestSpikeSlidingAndFixed(t *testing.T) {
	day := nov.First().Time()
	spike := func(t time.Time) bool {
		return t.Day() == 15 && t.Hour() == 10 && t.Minute() >= 10 && t.Minute() < 20
	}
	// 1-minute kW data: sliding windows: 10 × 6,000 + 5 × 3,000 over 15 = 5,000 kW.
	p1 := read(t, profileCSV("timestamp,kw", day, 30*1440, 1, func(t time.Time) string {
		if spike(t) {
			return "6000"
		}
		return "3000"
	}))
	u, err := p1.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "5000", u.MaxDemand().String())
	// Energy: 3,000 kW × 720 h + 3,000 kW × 10 min extra = 2,160,000 + 500 kWh.
	require.Equal(t, "2160500", u.KWh.String())
	// The same load as 15-minute kWh blocks: 10:00–10:15 holds 10 min × 50 + 5 min × 100 =
	// 1,000 kWh → 4,000 kW; so does 10:15–10:30. Fixed blocks see 4,000 kW.
	p15 := read(t, profileCSV("timestamp,kwh", day, 30*96, 15, func(t time.Time) string {
		if t.Day() == 15 && t.Hour() == 10 && (t.Minute() == 0 || t.Minute() == 15) {
			return "1000"
		}
		return "750"
	}))
	u, err = p15.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "4000", u.MaxDemand().String())
	// 5-minute kWh data: windows of three readings, 5-minute step: 10:05–10:20 holds
	// 250 + 500 + 500 = 1,250 kWh → 5,000 kW.
	p5 := read(t, profileCSV("timestamp,kwh", day, 30*288, 5, func(t time.Time) string {
		if spike(t) {
			return "500"
		}
		return "250"
	}))
	u, err = p5.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "5000", u.MaxDemand().String())
	// 60-minute data: the largest hourly average, with a warning.
	p60 := read(t, profileCSV("timestamp,kwh", day, 30*24, 60, func(t time.Time) string {
		if t.Day() == 15 && t.Hour() == 10 {
			return "3500" // 3,000 × 1 h + 3,000 kW × 10 min
		}
		return "3000"
	}))
	u, err = p60.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "3500", u.MaxDemand().String())
	require.Equal(t, settlement.WarningNo15MinDemand, u.Warnings[0].Code)
}

// Readings across midnight at month end: the reading stamped 2016-12-01 00:00
// covers 23:45–24:00 on 30 November and belongs to November.
func TestMonthEndMidnight(t *testing.T) {
	csv := profileCSV("timestamp,kwh", nov.First().Time(), 31*96, 15, func(t time.Time) string {
		if t.Month() == time.December {
			return "2"
		}
		return "1"
	})
	require.Contains(t, csv, "2016-12-01 00:00,1\n")
	p := read(t, csv)
	u, err := p.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "2880", u.KWh.String()) // 30 × 96 readings of 1 kWh, the midnight one included
	// December has only its first day: an error with the gaps, or a warning when accepted.
	dec := tariff.Month{Year: 2016, Month: 12}
	_, err = p.MonthUsage(dec, nil, false)
	require.EqualError(t, err, `settlement: p.csv: 2016-12: feeder: "F1": misses 2880 intervals (first gaps: 2016-12-02 00:00–2017-01-01 00:00); accept gaps explicitly to bill the month with a warning`)
	// The month and the feeder are fields, for a program.
	var pe *settlement.Error
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "2016-12", pe.Month)
	require.Equal(t, "feeder", pe.Field)
	require.Equal(t, "F1", pe.Value)
	require.Zero(t, pe.Line)
	_, err = Read(strings.NewReader("timestamp,feeder,kwh\n2016-11-01 00:15,F1,1\n2016-11-01 00:15,F2,1\n2016-11-01 00:15,F2,1\n"), Profile{Name: "p.csv"})
	require.EqualError(t, err, `settlement: p.csv:4: feeder: "F2": duplicate timestamp (also at line 3)`)
	require.ErrorAs(t, err, &pe)
	require.Equal(t, settlement.Error{File: "p.csv", Line: 4, Field: "feeder", Value: "F2", Reason: "duplicate timestamp (also at line 3)"}, *pe)
	u, err = p.MonthUsage(dec, nil, true)
	require.NoError(t, err)
	require.Equal(t, "192", u.KWh.String())
	require.Equal(t, settlement.WarningIntervalGaps, u.Warnings[0].Code)
	require.Contains(t, u.Warnings[0].EN, "miss 2880 intervals")
}

// A critical-peak month (July 2026, 441号 periods): 15-minute readings of 1 kWh;
// 60-minute readings split at the half hour.
func TestCriticalPeakMonth(t *testing.T) {
	set := defaults(t)
	jul := tariff.Month{Year: 2026, Month: 7}
	periods, err := set.TOUPeriods("ln-tou-periods-2023", jul.First())
	require.NoError(t, err)
	p := read(t, profileCSV("timestamp,kwh", jul.First().Time(), 31*96, 15, func(time.Time) string { return "1" }))
	u, err := p.MonthUsage(jul, periods, false)
	require.NoError(t, err)
	got := map[tariff.Period]string{}
	for p, kwh := range u.ByPeriod {
		got[p] = kwh.String()
	}
	// Per day: peak 07:30–10:30 (3 h) + 16:00–17:00 + 19:00–21:00 = 6 h = 24 readings;
	// critical 17:00–19:00 = 8; valley 11:30–12:30 + 22:00–05:00 = 8 h = 32; flat the rest = 32.
	require.Equal(t, map[tariff.Period]string{tariff.PeriodPeak: "744", tariff.PeriodCritical: "248", tariff.PeriodValley: "992", tariff.PeriodFlat: "992"}, got)
	// Hourly readings of 2 kWh: the 07:00–08:00 hour is half flat, half peak.
	p60 := read(t, profileCSV("timestamp,kwh", jul.First().Time(), 31*24, 60, func(time.Time) string { return "2" }))
	u, err = p60.MonthUsage(jul, periods, false)
	require.NoError(t, err)
	got = map[tariff.Period]string{}
	for p, kwh := range u.ByPeriod {
		got[p] = kwh.String()
	}
	// Per day in half hours of 1 kWh: peak 12, critical 4, valley 16, flat 16.
	require.Equal(t, map[tariff.Period]string{tariff.PeriodPeak: "372", tariff.PeriodCritical: "124", tariff.PeriodValley: "496", tariff.PeriodFlat: "496"}, got)
}

func TestProfileErrors(t *testing.T) {
	for _, c := range []struct{ csv, want string }{
		{"timestamp,kwh\n2016-11-01 00:15,1\n2016-11-01 00:15,1\n", `settlement: p.csv:3: feeder: "F1": duplicate timestamp (also at line 2)`},
		{"timestamp,kwh\n2016-11-01 00:30,1\n2016-11-01 00:15,1\n", `settlement: p.csv:3: feeder: "F1": out of order (line 2 is later)`},
		{"timestamp,kwh\n2016-11-01 00:15,1\n2016-11-01 00:30,-1\n", `settlement: p.csv:3: kwh: "-1": negative reading`},
		{"# resolution: 15\ntimestamp,kwh\n2016-11-01 00:15,1\n2016-11-01 00:31,1\n", `settlement: p.csv:4: feeder: "F1": timestamp off the 15-minute grid`},
		{"timestamp,kwh\n2016-11-01 00:15,1.1234567\n", `settlement: p.csv:2: kwh: "1.1234567": more than 6 decimals`},
		{"timestamp,kwh\n2016-11-01 00:15,1e3\n", `settlement: p.csv:2: kwh: "1e3": not a plain decimal`},
		{"timestamp,kwh\n2016-11-31 00:15,1\n", `settlement: p.csv:2: timestamp: "2016-11-31 00:15": not YYYY-MM-DD HH:MM[:SS] in China Standard Time (+08:00)`},
		{"timestamp,kwh\n2016-11-01T00:15:00+09:00,1\n", `settlement: p.csv:2: timestamp: "2016-11-01T00:15:00+09:00": not YYYY-MM-DD HH:MM[:SS] in China Standard Time (+08:00)`},
		{"timestamp,kwh\n2016-11-01 00:15,1,2\n", "settlement: p.csv:2: 3 fields, the header has 2"},
		{"time,kwh\n", `settlement: p.csv:1: "time": unknown column (allowed: timestamp, feeder, kwh, kvarh, kw, kvar)`},
		{"timestamp,kwh\n2016-11-01 00:15,1\n2016-11-01 00:22,1\n", "settlement: p.csv:3: the first two readings are 7 minutes apart (allowed resolutions: 1, 5, 15, 30, 60); add a '# resolution: N' line"},
		{"# resolution: 10\ntimestamp,kwh\n", `settlement: p.csv:1: resolution: "10": not a resolution in minutes (allowed: 1, 5, 15, 30, 60 minutes)`},
		{"timestamp,kwh\n", "settlement: p.csv:1: no readings"},
		{"timestamp,kwh,kvar\n", "settlement: p.csv:1: column kvar goes with kw (kWh files use kvarh)"},
		// File text is quoted at most 64 bytes.
		{"timestamp,kwh\n2016-11-01 00:15," + strings.Repeat("9", 100) + "x\n", `settlement: p.csv:2: kwh: "` + strings.Repeat("9", 64) + `…": above 10¹², implausible (README §3.1)`},
		{"timestamp," + strings.Repeat("z", 100) + "\n", `settlement: p.csv:1: "` + strings.Repeat("z", 64) + `…": unknown column (allowed: timestamp, feeder, kwh, kvarh, kw, kvar)`},
	} {
		_, err := Read(strings.NewReader(c.csv), Profile{Name: "p.csv"})
		require.EqualError(t, err, c.want)
	}
	// A gap in the middle of the month names the first gaps with their times.
	csv := profileCSV("timestamp,kwh", nov.First().Time(), 30*96, 15, func(time.Time) string { return "1" })
	csv = strings.Replace(csv, "2016-11-10 12:15,1\n2016-11-10 12:30,1\n", "", 1)
	p := read(t, csv)
	_, err := p.MonthUsage(nov, nil, false)
	require.EqualError(t, err, `settlement: p.csv: 2016-11: feeder: "F1": misses 2 intervals (first gaps: 2016-11-10 12:00–2016-11-10 12:30); accept gaps explicitly to bill the month with a warning`)
}

// Directives, a feeder column, a multiplier, interval-start timestamps and +08:00.
func TestProfileFormats(t *testing.T) {
	csv := "\uFEFF# multiplier: 100\n# timestamps: interval-start\ntimestamp,feeder,kwh,kvarh\n" +
		"2016-11-01T00:00:00+08:00,F2,1.5,0.5\n2016-11-01T00:00:00+08:00,F1,2,1\n" +
		"2016-11-01T00:15:00+08:00,F2,1.5,0.5\n2016-11-01T00:15:00+08:00,F1,2,1\n"
	p, err := Read(strings.NewReader(csv), Profile{Name: "p.csv"})
	require.NoError(t, err)
	require.Equal(t, []string{"F1", "F2"}, p.Feeders)
	require.Equal(t, 15, p.Resolution)
	u, err := p.MonthUsage(nov, nil, true)
	require.NoError(t, err)
	require.Equal(t, "700", u.KWh.String())          // (2 + 2 + 1.5 + 1.5) × 100
	require.Equal(t, "300", u.KVarh.String())        // (1 + 1 + 0.5 + 0.5) × 100
	require.Equal(t, "800", u.Demand["F1"].String()) // F1: 2 × 100 × 4
	require.Equal(t, "600", u.Demand["F2"].String()) // F2: 1.5 × 100 × 4
}

// What Read's opt gives wins over the file's comments; the profile says what
// was read.
func TestReadSettingsWin(t *testing.T) {
	csv := "# resolution: 15\n# multiplier: 100\n# feeder: F9\ntimestamp,kwh\n" +
		"2016-11-01 00:00,3\n2016-11-01 00:05,3\n2016-11-01 00:10,3\n"
	opt := Profile{Name: "p.csv", Resolution: 5, Multiplier: d("2"), Feeders: []string{"F3"}, IntervalStart: true}
	p, err := Read(strings.NewReader(csv), opt)
	require.NoError(t, err)
	require.Equal(t, 5, p.Resolution)
	require.Equal(t, "2", p.Multiplier.String())
	require.Equal(t, []string{"F3"}, p.Feeders)
	require.True(t, p.IntervalStart)
	u, err := p.MonthUsage(nov, nil, true)
	require.NoError(t, err)
	require.Equal(t, "18", u.KWh.String())          // 3 readings × 3 kWh × 2
	require.Equal(t, "72", u.Demand["F3"].String()) // 18 kWh over 15 minutes
	// Interval-end (the file's default): 00:00 closes October's last interval,
	// so November holds two readings: 2 × 3 × 2 = 12 kWh.
	opt.IntervalStart = false
	p, err = Read(strings.NewReader(csv), opt)
	require.NoError(t, err)
	require.False(t, p.IntervalStart)
	u, err = p.MonthUsage(nov, nil, true)
	require.NoError(t, err)
	require.Equal(t, "12", u.KWh.String())
	// What a comment could not say, opt cannot either.
	for _, c := range []struct {
		opt  Profile
		want string
	}{
		{Profile{Name: "p.csv", Resolution: 10}, `settlement: p.csv: resolution: "10": not a resolution in minutes (allowed: 1, 5, 15, 30, 60 minutes)`},
		{Profile{Name: "p.csv", Multiplier: d("-1")}, `settlement: p.csv: multiplier: "-1": not a positive decimal`},
		{Profile{Name: "p.csv", Feeders: []string{"F1", "F2"}}, "settlement: p.csv: feeders: 2 feeders given (allowed: one, the feeder of a file without a feeder column)"},
	} {
		_, err := Read(strings.NewReader(csv), c.opt)
		require.EqualError(t, err, c.want)
	}
}

// A profile built from monthly register values reproduces the register bill to the fen.
func TestProfileReproducesRegisterBill(t *testing.T) {
	// E1's month from 15-minute kWh: 300,000,000 kWh over 2,880 intervals =
	// 104,166.666… per interval; use 104,166.666666 for 2,879 intervals and put the
	// remainder in one interval whose demand is the register's 430,000 kW (107,500 kWh).
	set := defaults(t)
	var b bytes.Buffer
	b.WriteString("timestamp,kwh,kvarh\n")
	start := nov.First().Time()
	total, totalQ := int64(0), int64(0)
	for i := 0; i < 2880; i++ {
		end := start.Add(time.Duration(15*(i+1)) * time.Minute)
		p := int64(104166_000000) // millionths
		if i == 100 {
			p = 107500_000000
		}
		if i == 2879 {
			p = 300000000_000000 - total
		}
		q := p * 32 / 100
		if i == 2879 {
			q = 96000000_000000 - totalQ
		}
		total += p
		totalQ += q
		fmt.Fprintf(&b, "%s,%d.%06d,%d.%06d\n", end.Format("2006-01-02 15:04"), p/1e6, p%1e6, q/1e6, q%1e6)
	}
	prof, err := Read(&b, Profile{Name: "e1.csv"})
	require.NoError(t, err)
	u, err := prof.MonthUsage(nov, nil, false)
	require.NoError(t, err)
	require.Equal(t, "300000000", u.KWh.String())
	require.Equal(t, "96000000", u.KVarh.String())
	require.Equal(t, "430000", u.MaxDemand().String())
	fromProfile, err := settlement.CatalogBill(set, smelterS(), u, capacity())
	require.NoError(t, err)
	register, err := settlement.CatalogBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Equal(t, register.Total.StringFixed(2), fromProfile.Total.StringFixed(2))
	require.Equal(t, "162767450.00", fromProfile.Total.StringFixed(2))
}

// FuzzReadCSV: arbitrary input never panics.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("timestamp,kwh,kvarh\n2016-11-01 00:15,1,0.5\n2016-11-01 00:30,2,1\n"))
	f.Add([]byte("# resolution: 1\ntimestamp,feeder,kw,kvar\n2016-11-01T00:01:00+08:00,F1,3,1\n"))
	f.Add([]byte("timestamp,kwh\n2016-11-01 24:00,1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Read(bytes.NewReader(b), Profile{Name: "fuzz.csv"})
		if err == nil {
			_, _ = p.MonthUsage(nov, nil, true)
		}
	})
}
