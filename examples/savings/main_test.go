package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func noEnv(string) string { return "" }

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, noEnv, &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "golden file missing; run go test ./examples/savings -update")
	require.Equal(t, string(want), got)
}

// Every embedded scenario × format × language against its golden file.
func TestGoldenReports(t *testing.T) {
	for _, sc := range scenarios.Names() {
		for _, f := range []struct{ format, ext string }{{"text", "txt"}, {"markdown", "md"}, {"csv", "csv"}} {
			for _, lang := range []string{"en", "zh"} {
				out, errOut, code := runCmd(t, "-scenario", sc, "-format", f.format, "-lang", lang)
				require.Equal(t, 0, code, errOut)
				golden(t, sc+"."+lang+"."+f.ext, out)
			}
		}
		out, errOut, code := runCmd(t, "-scenario", sc, "-format", "json", "-lang", "en")
		require.Equal(t, 0, code, errOut)
		golden(t, sc+".json", out)
	}
}

func TestMonthSideBySide(t *testing.T) {
	out, errOut, code := runCmd(t, "-scenario", "copper-c", "-month", "2017-02", "-lang", "en")
	require.Equal(t, 0, code, errOut)
	golden(t, "copper-c.2017-02.en.txt", out)
}

// The default run settles smelter-s; November 2016 reproduces E1 and E3.
func TestDefaultRun(t *testing.T) {
	out, _, code := runCmd(t, "-lang", "en")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Measure 9 savings — ")
	require.Contains(t, out, "162,767,450.00") // E1
	require.Contains(t, out, "154,132,700.00") // E3
	require.Contains(t, out, "1,963,332,730.00")
}

// CSV: BOM, one header row naming each column and its unit, one row per
// month, no totals row; months as text; readable by encoding/csv.
func TestCSVReadsBack(t *testing.T) {
	out, _, code := runCmd(t, "-format", "csv", "-lang", "en")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, "\uFEFF"))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 13) // header + 12 months
	require.Equal(t, []string{"Scenario", "Month", "Usage (kWh)", "A: catalog, 1996 rules (元)", "B: catalog, 1583 rules (元)",
		"C₂: direct trading (元)", "C: with captive plant (元)", "L1 basic-charge methods saving, A − B (元)",
		"L2 direct trading saving, B − C₂ (元)", "L3 captive plant saving, C₂ − C (元)", "Total saving, A − C (元)",
		"Deviation penalty in C₂ (元)", "Usage from"}, rows[0])
	// E1 and E3: November 2016, 162,767,450.00 − 154,132,700.00 = 8,634,750.00
	require.Equal(t, []string{"smelter-s", "2016-11 (Nov)", "300000000", "162767450.00", "162767450.00", "154132700.00", "154132700.00",
		"0.00", "8634750.00", "0.00", "8634750.00", "0.00", "meter readings"}, rows[5])
	// February 2017: B − C₂ = 137,459,125.00 − 131,231,117.00 = 6,228,008.00,
	// after the deviation penalty of 1,215,742.00 (README §4.1)
	require.Equal(t, "2017-02 (Feb)", rows[8][1])
	require.Equal(t, "6228008.00", rows[8][8])
	require.Equal(t, "1215742.00", rows[8][11])

	out, _, code = runCmd(t, "-format", "csv", "-lang", "zh")
	require.Equal(t, 0, code)
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "用电量（千瓦时）", rows[0][2])
	require.Equal(t, "2016年11月份", rows[5][1])
	require.Equal(t, "抄表电量", rows[5][12])
}

func TestLanguageFromEnvironment(t *testing.T) {
	var out, errb bytes.Buffer
	env := map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}
	require.Equal(t, 0, run(nil, func(k string) string { return env[k] }, &out, &errb))
	require.Contains(t, out.String(), "措施九节省测算")
	out.Reset()
	env = map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}
	require.Equal(t, 0, run(nil, func(k string) string { return env[k] }, &out, &errb))
	require.Contains(t, out.String(), "Measure 9 savings")
	out.Reset()
	require.Equal(t, 0, run([]string{"-lang", "en"}, func(k string) string { return "zh_CN" }, &out, &errb))
	require.Contains(t, out.String(), "Measure 9 savings")
}

func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-format", "pdf"}, `savings: -format "pdf": unknown format (allowed: text, markdown, json, csv, xlsx)`},
		{[]string{"-format", "xlsx"}, `savings: -format xlsx: name the workbook with -o FILE.xlsx`},
		{[]string{"-format", "xlsx", "-o", "x.xlsx", "-month", "2016-11"}, `savings: -month: the xlsx format holds every month; use text, markdown or json`},
		{[]string{"-lang", "fr"}, `savings: -lang "fr": unknown language (allowed: zh, en)`},
		{[]string{"-month", "2016-13"}, `savings: -month "2016-13": not a month YYYY-MM`},
		{[]string{"extra"}, `savings: unexpected argument "extra" (flags only; see -h)`},
		{[]string{"-width", "20"}, `savings: -width 20: too narrow (at least 40, or 0 for no limit)`},
		{[]string{"-unit", "jin"}, `savings: -unit "jin": unknown unit (allowed: yuan, wan)`},
		{[]string{"-nosuchflag"}, "flag provided but not defined: -nosuchflag"},
	} {
		out, errOut, code := runCmd(t, c.args...)
		require.Equal(t, 2, code, c.args)
		require.Empty(t, out)
		require.Contains(t, errOut, c.msg)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	bad := write("bad.yaml", "name: x\nplant: {}\nbogus: 1\n")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-scenario", "no-such"}, `savings: -scenario "no-such": no embedded scenario of that name and no such file (embedded: copper-c, profile-p, smelter-2026, smelter-2026-al, smelter-s, zinc-z)`},
		{[]string{"-scenario", bad}, "settlement: " + bad + ":2:8: plant.id: required field is missing\n"},
		{[]string{"-tables", write("t.yaml", "id: x\n")}, "tariff: " + filepath.Join(dir, "t.yaml") + ":1:1: kind: required field is missing\n"},
		{[]string{"-month", "2020-01"}, "savings: -month 2020-01: not a month of scenario smelter-s (2016-07 … 2017-06)\n"},
	} {
		out, errOut, code := runCmd(t, c.args...)
		require.Equal(t, 1, code, c.args)
		require.Empty(t, out)
		require.Contains(t, errOut, c.msg)
		require.NotContains(t, errOut, "goroutine")
	}
}

// The JSON carries the estimate's blocks by default, money as two-decimal
// strings; -estimate=false leaves them out, and the workbook needs them.
func TestEstimateBlocks(t *testing.T) {
	out, errOut, code := runCmd(t, "-scenario", "smelter-s", "-format", "json")
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, "dianfei.savings/v2", r["schema"])
	for _, k := range []string{"assumptions", "bridge", "sensitivity", "open_points", "medium_weights", "negative_levers"} {
		require.Contains(t, r, k)
	}
	pts := r["sensitivity"].(map[string]any)["points"].([]any)
	require.Len(t, pts, 13)
	require.Equal(t, map[string]any{"delta": "0.0000", "price": "0.3449", "c2": "1860038222.00", "l2": "103294508.00", "saving": "103294508.00"}, pts[6])
	require.Equal(t, []any{}, r["negative_levers"])

	out, errOut, code = runCmd(t, "-scenario", "smelter-s", "-format", "json", "-estimate=false")
	require.Equal(t, 0, code, errOut)
	require.NotContains(t, out, `"bridge"`)
	_, errOut, code = runCmd(t, "-format", "xlsx", "-o", filepath.Join(t.TempDir(), "x.xlsx"), "-estimate=false")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "the workbook needs the estimate")
}
