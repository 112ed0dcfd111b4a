package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/settlement"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden bills")

// exampleTables are the tables the copper-c record names (its TOU ratios
// and periods, supplied with the copper-c scenario).
var exampleTables = []string{"-tables", "../scenarios/table-copper-c-tou.yaml", "-tables", "../scenarios/table-copper-c-ratios.yaml"}

func runCmd(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// The example records settle to the worked examples' totals, and to the
// golden bills in testdata/ (NAME.bill.json).
func TestRecordsSettle(t *testing.T) {
	for name, total := range map[string]string{
		"e1-catalog":              "162767450.00", // E1
		"e7-market-purchase":      "148739260.13", // E7
		"e8-direct-trade-captive": "142673550.00", // E8
		// E10 on E7: 13,372 kWh/t against 13,300: ⌈72 ÷ 20⌉ = 4 steps, 0.04
		// 元/kWh, less the renewable reduction 0.04 × (1 − 0.06) = 0.0376 on
		// 285,000,000 production kWh = 10,716,000.00; 148,739,260.13 +
		// 10,716,000.00.
		"e10-aluminium": "159455260.13",
		// copper-c's bill A of 2017-02 (README, Scenarios): TOU at 0.4678 ×
		// 1.5 / 1.0 / 0.5: 11,000,000 → 7,718,700.00; 18,000,000 →
		// 8,420,400.00; 20,000,000 → 4,678,000.00; basic 150,000 kVA × 22 =
		// 3,300,000.00 (T3 unsealed 2017-02-01); PF 49/√(49² + 19.6²) = 0.93
		// → −0.45 % × 24,117,100.00 = −108,526.95; funds 49,000,000 × 0.0518 =
		// 2,538,200.00.
		"copper-c-2017-02-a": "26546773.05",
	} {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runCmd("", append(exampleTables, filepath.Join("records", name+".json"))...)
			require.Equal(t, 0, code, errOut)
			var b settlement.Bill
			require.NoError(t, json.Unmarshal([]byte(out), &b))
			require.Equal(t, total, settlement.Money(b.Total))
			golden := filepath.Join("testdata", name+".bill.json")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "golden bill missing; run go test ./examples/json -update")
			require.Equal(t, string(want), out)
		})
	}
}

// Every example record is written as json.Marshal writes it: every key
// present, in order; so it shows the whole format.
func TestRecordsAreCanonical(t *testing.T) {
	files, err := filepath.Glob("records/*.json")
	require.NoError(t, err)
	require.Len(t, files, 5)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var rec settlement.Record
		require.NoError(t, json.Unmarshal(data, &rec), f)
		again, err := json.Marshal(rec)
		require.NoError(t, err)
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, data))
		require.Equal(t, compact.String(), string(again), f)
	}
}

// The copper-c record settles to the very bill the savings report shows as
// A for 2017-02: one library, two ways in (a scenario file, a JSON record).
func TestRecordMatchesSavingsReport(t *testing.T) {
	data, err := os.ReadFile("../savings/testdata/copper-c.json")
	require.NoError(t, err)
	var report struct {
		Months []struct {
			Month string          `json:"month"`
			A     json.RawMessage `json:"a"`
		} `json:"months"`
	}
	require.NoError(t, json.Unmarshal(data, &report))
	var fromReport settlement.Bill
	for _, m := range report.Months {
		if m.Month == "2017-02" {
			require.NoError(t, json.Unmarshal(m.A, &fromReport))
		}
	}
	require.Equal(t, "A", fromReport.Label)
	golden, err := os.ReadFile("testdata/copper-c-2017-02-a.bill.json")
	require.NoError(t, err)
	var fromRecord settlement.Bill
	require.NoError(t, json.Unmarshal(golden, &fromRecord))
	require.True(t, reflect.DeepEqual(fromReport, fromRecord))
}

// check_bill.py reads every golden bill with Python's json module and finds
// that its lines add up to its total in exact decimals; a bill whose total
// is a fen off fails.
func TestCheckBillPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: check_bill.py not run")
	}
	bills, err := filepath.Glob("testdata/*.bill.json")
	require.NoError(t, err)
	require.Len(t, bills, 5)
	out, err := exec.Command(py, append([]string{"check_bill.py"}, bills...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "ok: testdata/e1-catalog.bill.json: smelter-s 2016-11 catalog: 4 lines add up to 162767450.00")
	require.Equal(t, 5, strings.Count(string(out), "ok: "))

	data, err := os.ReadFile("testdata/e1-catalog.bill.json")
	require.NoError(t, err)
	off := filepath.Join(t.TempDir(), "off.json")
	require.NoError(t, os.WriteFile(off, bytes.Replace(data, []byte(`"total": "162767450.00"`), []byte(`"total": "162767450.01"`), 1), 0o644))
	out, err = exec.Command(py, "check_bill.py", off).CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(out), "lines add up to 162767450.00 but the total is 162767450.01")
}

// Bad input: the message names the JSON path; exit 1. Bad flags: exit 2.
func TestErrors(t *testing.T) {
	data, err := os.ReadFile("records/e1-catalog.json")
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"kw": "430000"`, `"kw": 430000`, 1)
	out, errOut, code := runCmd(bad)
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Equal(t, `json: standard input: settlement: usage.demand[0].kw: a JSON number 430000 where a decimal string is expected: write it as a string (allowed: a decimal in a JSON string, e.g. "12.5")`+"\n", errOut)

	// the record needs TOU tables the defaults lack
	_, errOut, code = runCmd("", "records/copper-c-2017-02-a.json")
	require.Equal(t, 1, code)
	require.Equal(t, `json: records/copper-c-2017-02-a.json: settlement: 2017-02: tables[0]: "example-tou-ratios-copper-c": the tariff set has no table with this id (allowed: the ids of the default tables and of the tables added to the set)`+"\n", errOut)

	_, _, code = runCmd("", "a.json", "b.json")
	require.Equal(t, 2, code)
	_, _, code = runCmd("", "-nope")
	require.Equal(t, 2, code)
}
