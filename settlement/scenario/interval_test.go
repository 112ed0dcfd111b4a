package scenario

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// profile-p: December's usage is the sum of its interval file, checked here
// with an independent decimal sum; demand is each feeder's largest block × 4.
func TestProfileScenario(t *testing.T) {
	sc, err := LoadFS(scenarios.FS(), "profile-p.yaml")
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	dec := c.Months[2]
	require.True(t, dec.FromIntervals())
	require.Equal(t, []string{"profile-p-2016-12.csv"}, dec.IntervalFiles)
	require.False(t, c.Months[0].FromIntervals())
	raw, err := fs.ReadFile(scenarios.FS(), "profile-p-2016-12.csv")
	require.NoError(t, err)
	kwh, kvarh := decimal.Zero, decimal.Zero
	maxBlock := map[string]decimal.Decimal{}
	rows := 0
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(line, ",")
		if len(f) != 4 || f[0] == "timestamp" || strings.HasPrefix(line, "#") {
			continue
		}
		rows++
		v := d(f[2])
		kwh, kvarh = kwh.Add(v), kvarh.Add(d(f[3]))
		if m, ok := maxBlock[f[1]]; !ok || v.GreaterThan(m) {
			maxBlock[f[1]] = v
		}
	}
	require.Equal(t, 2*31*96, rows)
	require.Equal(t, kwh.String(), dec.KWh().String())
	require.Equal(t, kvarh.String(), kvarhOf(t, sc))
	want := maxBlock["F1"].Mul(d("4")).Add(maxBlock["F2"].Mul(d("4")))
	require.Equal(t, want.String(), dec.A.DemandKW.String())
}

func kvarhOf(t *testing.T, sc *Scenario) string {
	months, err := sc.resolveMonths(defaults(t))
	require.NoError(t, err)
	return months[2].Usage.KVarh.String()
}

func TestIntervalScenarioErrors(t *testing.T) {
	dir := t.TempDir()
	y := strings.Replace(baseScenario, "  - {month: 2016-12, kwh: 310000000, kvarh: 99200000, demand: {F1: 430000}}\n",
		"  - month: 2016-12\n    interval: {files: {F1: nope.csv}}\n", 1)
	p := dir + "/s.yaml"
	require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
	_, err := LoadFile(p)
	require.Error(t, err)
	// Before: ":13:15: interval.files: "nope.csv": cannot open interval file: open …: no such file or directory".
	require.EqualError(t, err, "settlement: "+p+":13:28: months[1].interval.files.F1: \"nope.csv\": no such interval file")
	// A file whose month has gaps: the error is located at the month.
	csv := "timestamp,kwh,kvarh\n2016-12-01 00:15,1,0\n2016-12-01 00:30,1,0\n"
	require.NoError(t, os.WriteFile(dir+"/nope.csv", []byte(csv), 0o644))
	sc, err := LoadFile(p)
	require.NoError(t, err)
	_, err = Compare(defaults(t), sc)
	require.EqualError(t, err, "settlement: "+p+":12:5: months[1]: "+dir+"/nope.csv: 2016-12: feeder: \"F1\": misses 2974 intervals (first gaps: 2016-12-01 00:30–2017-01-01 00:00); accept gaps explicitly to bill the month with a warning")
	// The interval file's error is kept whole behind the scenario's: it
	// names another file, its month and its feeder.
	var se, pe *settlement.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, settlement.Error{File: p, Line: 12, Column: 5, Field: "months[1]", Err: se.Err}, *se)
	require.ErrorAs(t, se.Err, &pe)
	require.Equal(t, []string{dir + "/nope.csv", "2016-12", "feeder", "F1"}, []string{pe.File, pe.Month, pe.Field, pe.Value})
	// A file with a feeder column whose feeders are not the plant's: an
	// error of the scenario's month, its reason in Reason.
	y = strings.Replace(baseScenario, "  - {month: 2016-12, kwh: 310000000, kvarh: 99200000, demand: {F1: 430000}}\n",
		"  - month: 2016-12\n    interval: {files: {'': f2.csv}, accept_gaps: true}\n", 1)
	require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
	require.NoError(t, os.WriteFile(dir+"/f2.csv", []byte("# resolution: 15\ntimestamp,feeder,kwh,kvarh\n2016-12-01 00:15,F2,1,0\n"), 0o644))
	sc, err = LoadFile(p)
	require.NoError(t, err)
	_, err = Compare(defaults(t), sc)
	require.EqualError(t, err, "settlement: "+p+":12:5: 2016-12: months[1].interval: interval data cover feeders F2; the plant has F1")
	require.ErrorAs(t, err, &se)
	require.Equal(t, settlement.Error{File: p, Line: 12, Column: 5, Month: "2016-12", Field: "months[1].interval", Reason: "interval data cover feeders F2; the plant has F1"}, *se)
}

// plant.aluminium reaches every bill's usage: a month aggregated from
// interval data (profile-p's December) and a captive month's grid usage.
// Under the 2013 table 13,750 kWh/t pays +0.02 元/kWh on all kWh (README
// §3.10): December's 2,331,938.656 kWh (the sum of its interval file) × 0.02
// = 46,638.77312 → 46,638.77; E8's captive month 300,000,000 kWh × 0.02 =
// 6,000,000.00 in A, B and C₂, its grid's 200,000,000 × 0.02 = 4,000,000.00
// in C.
func TestAluminiumEveryMonth(t *testing.T) {
	const al = "  aluminium: [{year: 2016, kwh_per_tonne: 13750}]\nmonths:"
	dir := t.TempDir()
	for _, f := range []string{"profile-p.yaml", "profile-p-2016-12.csv"} {
		b, err := fsRead(f)
		require.NoError(t, err)
		if f == "profile-p.yaml" {
			b = []byte(strings.Replace(string(b), "\nmonths:", "\n"+al, 1))
		}
		require.NoError(t, os.WriteFile(dir+"/"+f, b, 0o644))
	}
	sc, err := LoadFile(dir + "/profile-p.yaml")
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	dec := c.Months[2]
	require.True(t, dec.FromIntervals())
	require.Equal(t, "13750", dec.Usage.AluminiumKWhPerTonne.Decimal.String())
	require.Equal(t, "2331938.656", dec.KWh().String())
	for _, b := range []settlement.Bill{dec.A, dec.B, dec.C2} {
		require.Equal(t, "46638.77", b.Sum("surcharge").StringFixed(2), b.Label)
	}

	y := strings.Replace(baseScenario, "{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}}",
		`{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}, contract_kwh: 290000000,
     captive: {self_kwh: 100000000, generation_cost: 0.2500, fund_rate: 0.0518, cross_subsidy: 0.0300, backup_fee_per_kwh: 0.0200, contract_kwh: 190000000,
               grid: {kwh: 200000000, kvarh: 64000000, demand: {F1: 290000}}}}`, 1)
	c, err = loadAndCompare(strings.Replace(y, "\nmonths:", "\n"+al, 1))
	require.NoError(t, err)
	nov := c.Months[0]
	for _, b := range []settlement.Bill{nov.A, nov.B, nov.C2} {
		require.Equal(t, "6000000.00", b.Sum("surcharge").StringFixed(2), b.Label)
	}
	require.Equal(t, "4000000.00", nov.C.Sum("surcharge").StringFixed(2))
}
