package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func runCmd(t testing.TB, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// generated returns the records of n generated accounts (seed 1) as JSON Lines.
func generated(t testing.TB, n int) string {
	t.Helper()
	out, errOut, code := runCmd(t, "", "-generate", fmt.Sprint(n))
	require.Equal(t, 0, code, errOut)
	return out
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// wireBill is what a reader that knows only the JSON (schema bill.v1) takes
// from a bill line.
type wireBill struct {
	Month, Customer, Arrangement, Total string
	Lines                               []struct{ Code, Period, Amount string }
}

// settleAll settles the JSON Lines records in with the command's tables.
func settleAll(t *testing.T, in string) []settlement.Bill {
	set, err := tableSet(nil)
	require.NoError(t, err)
	var out []settlement.Bill
	for _, line := range lines(in) {
		var rec settlement.Record
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		b, err := rec.Settle(set)
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// Every generated record settles with no other flag, each output line is
// exactly json.Marshal of the bill, and the bills read back with the
// standard library, in input order, add up.
func TestGeneratedSettle(t *testing.T) {
	in := generated(t, 40)
	recs := lines(in)
	require.Len(t, recs, 40*12)
	out, errOut, code := runCmd(t, in, "-j", "3")
	require.Equal(t, 0, code, errOut)
	require.Regexp(t, `^batch: 480 records: 480 bills, 0 rejected; total [0-9,]+\.[0-9]{2}; `, errOut)
	bills := lines(out)
	require.Len(t, bills, len(recs))
	total := decimal.Zero
	for i, want := range settleAll(t, in) {
		wantJSON, err := json.Marshal(want)
		require.NoError(t, err)
		require.Equal(t, string(wantJSON), bills[i], "line %d", i+1)
		var got wireBill
		require.NoError(t, json.Unmarshal([]byte(bills[i]), &got))
		require.Equal(t, fmt.Sprintf("acct-%07d", i/12+1), got.Customer)
		sum := decimal.Zero
		for _, l := range got.Lines {
			sum = sum.Add(decimal.RequireFromString(l.Amount))
		}
		require.Equal(t, got.Total, settlement.Money(sum), "line %d", i+1)
		total = total.Add(sum)
		var back settlement.Bill // and the library reads its own bill back
		require.NoError(t, json.Unmarshal([]byte(bills[i]), &back), "line %d", i+1)
		require.True(t, back.Total.Equal(want.Total))
	}
	require.Contains(t, errOut, "total "+groupMoney(total)+";")
}

func groupMoney(d decimal.Decimal) string {
	s := settlement.Money(d)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}

// The generator varies what a bill depends on: every arrangement, method,
// power-factor standard, supply-voltage tier, TOU table and deviation rule
// set occurs in 40 accounts, and so do captive supply, the aluminium
// surcharge, suspensions and critical peak; the same seed gives the same
// records, another seed others, and the first accounts do not depend on N.
func TestGenerateVaried(t *testing.T) {
	in := generated(t, 40)
	seen := map[string]bool{}
	for _, line := range lines(in) {
		var r settlement.Record
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		seen["arrangement "+string(r.Arrangement)] = true
		seen["method "+string(r.Options.Method)] = true
		seen["pf "+string(r.Customer.PFStandard)] = true
		seen["kv "+r.Customer.VoltageKV.String()] = true
		seen["tou "+r.Options.TOU] = true
		if r.Contract != nil {
			seen["deviation "+r.Contract.Deviation] = true
		}
		if r.Options.Captive != nil {
			seen["captive"] = true
		}
		if r.Usage.AluminiumKWhPerTonne.Valid {
			seen[fmt.Sprint("aluminium ", r.Usage.Month.Year >= 2023)] = true
		}
		if !r.Usage.TransformerLossKWh.IsZero() {
			seen["transformer loss"] = true
		}
		for _, u := range r.Customer.Units {
			if len(u.Suspensions) > 0 {
				seen["suspension"] = true
			}
			if u.Motor {
				seen["motor"] = true
			}
		}
		if _, ok := r.Usage.ByPeriod[tariff.PeriodCritical]; ok {
			seen["critical"] = true
		}
		if r.Usage.Month.Year >= 2023 {
			seen["2023+"] = true
		}
	}
	for _, want := range []string{
		"arrangement catalog", "arrangement direct_trade", "arrangement agency_purchase", "arrangement market_purchase",
		"method capacity", "method contract_demand", "method actual_demand", "pf 0.90", "pf 0.85", "pf 0.80", "pf none",
		"kv 10", "kv 20", "kv 35", "kv 66", "kv 110", "kv 220", "tou ", "tou example-tou-ratios-batch-2016", "tou example-tou-ratios-batch-2023",
		"deviation ln-deviation-interim", "deviation ln-deviation-supplement", "captive", "aluminium false", "aluminium true", "transformer loss", "suspension", "motor", "critical", "2023+",
	} {
		require.True(t, seen[want], "no generated record has %s", want)
	}
	require.Equal(t, in, generated(t, 40), "same seed, same records")
	other, _, _ := runCmd(t, "", "-generate", "40", "-seed", "2")
	require.NotEqual(t, in, other)
	require.True(t, strings.HasPrefix(in, generated(t, 3)), "account i does not depend on N")
}

// A bad record is rejected with its line number and account and writes no
// output line; the batch goes on and exits 1. Malformed JSON, an over-long
// line, an unknown table, a bad decimal and a record that breaks a rule are
// each one reject; blank lines are skipped but counted.
func TestRejects(t *testing.T) {
	recs := lines(generated(t, 1))
	bad := func(i int, from, to string) string {
		require.Contains(t, recs[i], from)
		return strings.Replace(recs[i], from, to, 1)
	}
	in := strings.Join([]string{
		recs[0], // 1
		`{"arrangement": "catalog", "customer": {`, // 2: not JSON
		"",                            // 3: blank
		bad(1, `"kwh":"`, `"kwh":"x`), // 4: bad decimal
		recs[2],                       // 5
		bad(3, `"tables":[]`, `"tables":["no-such-table"]`), // 6
		strings.Repeat(" ", maxLine+1),                      // 7: too long
		recs[4],                                             // 8
		`[1, 2]`,                                            // 9: not an object
		"   ",                                               // 10: blank
		bad(5, `"month":"`, `"month":"1999-`),               // 11: a month with no table
		recs[6] + "\r",                                      // 12: CRLF
		bad(7, `"arrangement":"`, `"arrangement":"x`), // 13: unknown arrangement
	}, "\n") // no final newline
	for _, j := range []string{"1", "2"} {
		dir := t.TempDir()
		rejFile := filepath.Join(dir, "rejects.txt")
		out, errOut, code := runCmd(t, in, "-j", j, "-rejects", rejFile)
		require.Equal(t, 1, code, errOut)
		require.Contains(t, errOut, "batch: 11 records: 4 bills, 7 rejected; total ")
		bills := lines(out)
		require.Len(t, bills, 4)
		all := settleAll(t, strings.Join(recs, "\n"))
		for k, want := range []int{0, 2, 4, 6} {
			wantJSON, err := json.Marshal(all[want])
			require.NoError(t, err)
			require.Equal(t, string(wantJSON), bills[k])
		}
		data, err := os.ReadFile(rejFile)
		require.NoError(t, err)
		rej := lines(string(data))
		require.Len(t, rej, 7, string(data))
		acct := `account "acct-0000001": `
		for k, want := range []string{
			`stdin:2: settlement: customer: not valid JSON: the input ends before the value is complete`,
			`stdin:4: ` + acct + `settlement: usage.kwh: "x`,
			`stdin:6: ` + acct + `settlement: .*tables\[0\]: "no-such-table": the tariff set has no table with this id`,
			`stdin:7: batch: line longer than 1048576 bytes`,
			`stdin:9: settlement: .*object`,
			`stdin:11: ` + acct + `settlement: .*1999-`,
			`stdin:13: ` + acct + `settlement: arrangement: "xcatalog|direct_trade|agency_purchase|market_purchase": unknown arrangement`,
		} {
			require.Regexp(t, "^"+want, rej[k])
		}
		for _, r := range rej {
			require.Less(t, len(r), 1000, "a reject never echoes the input")
		}
	}
}

// The order of the output is the input's whatever the number of workers,
// and -j 1 and -j 4 write the same bytes, in JSON and in CSV.
func TestWorkersSameBytes(t *testing.T) {
	in := generated(t, 30) // 360 records: three chunks
	for _, format := range []string{"json", "csv"} {
		one, errOne, code := runCmd(t, in, "-j", "1", "-format", format)
		require.Equal(t, 0, code, errOne)
		for _, j := range []string{"2", "4"} {
			got, errOut, code := runCmd(t, in, "-j", j, "-format", format)
			require.Equal(t, 0, code, errOut)
			require.Equal(t, one, got, "-j %s, %s", j, format)
		}
	}
}

// Order with several workers: chunks of one record each, and the first
// chunks held back so that later ones finish first; the bills still come in
// input order, and at most 2 × 8 + 2 chunks are in flight.
func TestOrderOutOfOrderChunks(t *testing.T) {
	recs := lines(generated(t, 5)) // 60 records, 60 chunks
	set, err := tableSet(nil)
	require.NoError(t, err)
	var started atomic.Int64
	b := &batch{set: set, name: "in", workers: 8, maxLine: maxLine, lines: 1, settling: func(seq int) {
		started.Add(1)
		if seq%10 < 3 {
			time.Sleep(time.Duration(3-seq%10) * 5 * time.Millisecond)
		}
	}}
	var out, rej bytes.Buffer
	sum, err := b.run(strings.NewReader(strings.Join(recs, "\n")+"\n"), &out, &rej)
	require.NoError(t, err)
	require.Equal(t, 60, sum.records)
	require.Equal(t, int64(60), started.Load())
	got := lines(out.String())
	require.Len(t, got, 60)
	for i, line := range got {
		var bill wireBill
		require.NoError(t, json.Unmarshal([]byte(line), &bill))
		var r settlement.Record
		require.NoError(t, json.Unmarshal([]byte(recs[i]), &r))
		require.Equal(t, r.Customer.ID, bill.Customer, "line %d", i+1)
		require.Equal(t, r.Usage.Month.String(), bill.Month, "line %d", i+1)
	}
}

// CSV: a header of month, account, arrangement, total and the line codes in
// their declared order; each row's code columns add up to its total, TOU
// lines summed by code, and absent codes are empty.
func TestCSV(t *testing.T) {
	in := generated(t, 10)
	out, errOut, code := runCmd(t, in, "-format", "csv")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 1+120)
	header := []string{"month", "account", "arrangement", "total"}
	for _, c := range tariff.LineCodes() {
		header = append(header, string(c))
	}
	require.Equal(t, header, rows[0])
	require.Equal(t, "energy", rows[0][4])
	bills := settleAll(t, in)
	for i, row := range rows[1:] {
		b := bills[i]
		require.Equal(t, []string{b.Month.String(), b.Customer, string(b.Arrangement), settlement.Money(b.Total)}, row[:4])
		sum := decimal.Zero
		for k, c := range tariff.LineCodes() {
			cell := row[4+k]
			if _, ok := b.Line(c); !ok {
				require.Empty(t, cell, "%s has no %s line", b.Customer, c)
				continue
			}
			require.Equal(t, settlement.Money(b.Sum(c)), cell)
			sum = sum.Add(decimal.RequireFromString(cell))
		}
		require.True(t, sum.Equal(b.Total), "row %d: %s ≠ %s", i+1, sum, b.Total)
	}
}

// refCSVRow is the CSV row as encoding/csv writes it, each code's amounts
// summed in decimal: what csvRow's bytes must be.
func refCSVRow(t *testing.T, bill settlement.Bill) string {
	codes := tariff.LineCodes()
	row := []string{bill.Month.String(), bill.Customer, string(bill.Arrangement), settlement.Money(bill.Total)}
	for _, c := range codes {
		cell := ""
		if _, ok := bill.Line(c); ok {
			sum := decimal.Decimal{}
			first := true
			for _, l := range bill.Lines {
				if l.Code == c {
					if first {
						sum, first = l.Amount, false
					} else {
						sum = sum.Add(l.Amount)
					}
				}
			}
			cell = settlement.Money(sum)
		}
		row = append(row, cell)
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	require.NoError(t, cw.Write(row))
	cw.Flush()
	return buf.String()
}

// csvRow writes encoding/csv's bytes: on generated bills, and on bills with
// accounts CSV quotes (commas, quotes, line breaks, leading spaces, \.),
// months out of range, and amounts of every representation (not two
// decimals, beyond int64, sums past 2⁶²).
func TestCSVRow(t *testing.T) {
	w := newWorker(&batch{csv: true})
	bills := settleAll(t, generated(t, 20))
	r := rand.New(rand.NewPCG(5, 6))
	accounts := []string{"acct-1", "a,b", `say "hi"`, "line\nbreak", "cr\rx", " lead", "\tlead", "\u3000ideographic", `\.`, `\.x`, "", "电,厂", "x ", "\u0085nel"}
	amounts := []decimal.Decimal{decimal.New(5, -2), decimal.New(-5, -2), decimal.New(0, -2), decimal.Decimal{}, decimal.New(12345, -3), decimal.New(7, 0), decimal.New(7, 3),
		decimal.New(4_000_000_000_000_000_000, -2), decimal.New(-4_000_000_000_000_000_000, -2), decimal.RequireFromString("123456789012345678901234.56"), decimal.New(1, -30)}
	for i := range 400 {
		b := bills[i%len(bills)]
		if i >= len(bills) {
			b.Customer = accounts[r.IntN(len(accounts))]
			b.Month = []tariff.Month{{Year: 2016, Month: 11}, {}, {Year: 12345, Month: 1}, {Year: 2016, Month: 13}}[r.IntN(4)]
			b.Lines = append([]settlement.Line(nil), b.Lines...)
			for k := range b.Lines {
				if r.IntN(2) == 0 {
					b.Lines[k].Amount = amounts[r.IntN(len(amounts))]
				}
			}
			b.Total = amounts[r.IntN(len(amounts))]
		}
		got, err := w.csvRow(nil, b)
		require.NoError(t, err)
		require.Equal(t, refCSVRow(t, b), string(got), "bill %d", i)
	}
	// six lines of one code of 18 digits each: the sum in fen passes 2⁶²
	big := bills[0]
	big.Lines = nil
	for range 6 {
		big.Lines = append(big.Lines, settlement.Line{Code: tariff.LineEnergy, Amount: decimal.New(999_999_999_999_999_999, -2)})
	}
	got, err := w.csvRow(nil, big)
	require.NoError(t, err)
	require.Equal(t, refCSVRow(t, big), string(got))
	require.Contains(t, string(got), ",59999999999999999.94,")
}

// A TOU bill's CSV row sums the periods' lines: copper-c's February 2017
// (examples/json) has three energy lines, 7,718,700.00 + 8,420,400.00 +
// 4,678,000.00 = 20,817,100.00, with -tables naming its scenario's tables.
func TestCSVSumsPeriods(t *testing.T) {
	rec, err := os.ReadFile("../json/records/copper-c-2017-02-a.json")
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, rec))
	out, errOut, code := runCmd(t, compact.String()+"\n", "-format", "csv",
		"-tables", "../scenarios/table-copper-c-tou.yaml", "-tables", "../scenarios/table-copper-c-ratios.yaml")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"2017-02", "copper-c", "catalog", "26546773.05", "20817100.00"}, rows[1][:5])
	// Without the tables the record names, it is rejected.
	_, errOut, code = runCmd(t, compact.String()+"\n")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `stdin:1: account "copper-c": settlement: `)
}

// Files: -o and -rejects write files, the input is named in rejects; a
// missing input is exit 1.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "records.jsonl")
	recs := lines(generated(t, 1))
	require.NoError(t, os.WriteFile(in, []byte(recs[0]+"\nnot json\n"), 0o644))
	outFile := filepath.Join(dir, "bills.jsonl")
	out, errOut, code := runCmd(t, "", "-o", outFile, in)
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Regexp(t, "(?m)^"+regexp.QuoteMeta(in)+`:2: settlement: not valid JSON at byte \d+: invalid character`, errOut)
	data, err := os.ReadFile(outFile)
	require.NoError(t, err)
	require.Len(t, lines(string(data)), 1)

	_, errOut, code = runCmd(t, "", filepath.Join(dir, "missing.jsonl"))
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "missing.jsonl")

	// Flags after the input file count as flags.
	out, _, code = runCmd(t, "", in, "-j", "1", "-format", "csv")
	require.Equal(t, 1, code)
	require.True(t, strings.HasPrefix(out, "month,account,"), out)
}

// A run that cannot start, or whose -o names the input or a tables file,
// leaves every file as it was: last month's bills are not lost to a typo.
func TestFilesKeptOnFailure(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "records.jsonl")
	recs := lines(generated(t, 1))
	require.NoError(t, os.WriteFile(in, []byte(strings.Join(recs, "\n")+"\n"), 0o644))
	kept := filepath.Join(dir, "bills.jsonl")
	require.NoError(t, os.WriteFile(kept, []byte("last month\n"), 0o640))
	link := filepath.Join(dir, "link.jsonl") // another name of the input
	require.NoError(t, os.Symlink(in, link))
	tables := filepath.Join(dir, "tables.yaml")
	tou, err := exampleTables.ReadFile("tables/example-tou-ratios-batch-2016.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(tables, []byte(strings.ReplaceAll(string(tou), "example-tou-ratios-batch-2016", "my-tou")), 0o644))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-o", in, in}, 2, "is an input of the run"},
		{[]string{"-o", link, in}, 2, "is an input of the run"},
		{[]string{"-rejects", in, in}, 2, "is an input of the run"},
		{[]string{"-o", tables, "-tables", tables, in}, 2, "is an input of the run"},
		{[]string{"-o", filepath.Join(dir, "new.jsonl"), "-rejects", in, in}, 2, "is an input of the run"}, // checked before -o is made
		{[]string{"-o", kept, filepath.Join(dir, "missing.jsonl")}, 1, "missing.jsonl"},
		{[]string{"-o", kept, "-tables", filepath.Join(dir, "missing.yaml"), in}, 1, "missing.yaml"},
		{[]string{"-o", kept, "-rejects", kept, in}, 2, "are the same file"},
		{[]string{"-o", dir, in}, 1, "is a directory"},
		{[]string{"-o", kept, "-rejects", filepath.Join(dir, "no-dir", "rejects.txt"), in}, 1, "no such file or directory"}, // -o opened, not emptied
	} {
		_, errOut, code := runCmd(t, "", c.args...)
		require.Equal(t, c.code, code, "%v", c.args)
		require.Contains(t, errOut, c.want, "%v", c.args)
		data, err := os.ReadFile(in)
		require.NoError(t, err)
		require.Len(t, lines(string(data)), len(recs), "the input is intact")
		data, err = os.ReadFile(kept)
		require.NoError(t, err)
		require.Equal(t, "last month\n", string(data), "%v", c.args)
		data, err = os.ReadFile(tables)
		require.NoError(t, err)
		require.Contains(t, string(data), "my-tou")
	}
	_, err = os.Stat(filepath.Join(dir, "new.jsonl"))
	require.True(t, os.IsNotExist(err), "no output made when another output was refused")
	// A run that settles replaces the file's contents, keeping its mode.
	_, _, code := runCmd(t, "", "-o", kept, in)
	require.Equal(t, 0, code)
	data, err := os.ReadFile(kept)
	require.NoError(t, err)
	require.Len(t, lines(string(data)), len(recs))
	st, err := os.Stat(kept)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o640), st.Mode().Perm())
}

// Bad flags exit 2 and say what is allowed.
func TestBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-format", "xml"}, `-format "xml": unknown format (allowed: json, csv)`},
		{[]string{"-j", "0"}, "-j 0: at least one worker"},
		{[]string{"-generate", "-1"}, "cannot be negative"},
		{[]string{"a", "b"}, "2 input files named"},
		{[]string{"-generate", "2", "a.jsonl"}, "-generate writes records and reads none"},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"a.jsonl", "-j", "0"}, "-j 0: at least one worker"}, // a flag after the file is read as one
		{[]string{"-seed", "5", "a.jsonl"}, "-seed is the generator's"},
		{[]string{"-generate", "1", "-format", "csv"}, "-format is for settling records"},
		{[]string{"-generate", "1", "-tables", "t.yaml"}, "-tables is for settling records"},
	} {
		_, errOut, code := runCmd(t, "", c.args...)
		require.Equal(t, 2, code, "%v", c.args)
		require.Contains(t, errOut, c.want)
	}
}

// benchRecords returns the records of generated accounts, decoded, and
// their lines.
func benchRecords(b *testing.B, accounts int) ([]settlement.Record, [][]byte, *tariff.Set) {
	set, err := tableSet(nil)
	require.NoError(b, err)
	var recs []settlement.Record
	var raw [][]byte
	for i := range accounts {
		for _, r := range accountRecords(1, i) {
			j, err := r.MarshalJSON()
			require.NoError(b, err)
			var back settlement.Record
			require.NoError(b, back.UnmarshalJSON(j))
			recs, raw = append(recs, back), append(raw, j)
		}
	}
	return recs, raw, set
}

// BenchmarkSettle settles generated account-months through the library alone
// (Record.Settle), one a op: target ≤ 5 µs/op (10⁶ in ≤ 5 s on one core).
func BenchmarkSettle(b *testing.B) {
	recs, _, set := benchRecords(b, 500)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := recs[i%len(recs)].Settle(set); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkSettleStream is the library-alone target as a program streaming
// 10⁶ records would meet it: Record.Settle on records decoded 128 at a time
// (the command's chunk), accounts never repeated, decoding and generating
// outside the timer; one record a op, so ns/op × 10⁶ is the seconds for a
// million. Unlike BenchmarkSettle, only the chunk's records are live, as in
// the command, and no record is settled twice.
func BenchmarkSettleStream(b *testing.B) {
	set, err := tableSet(nil)
	require.NoError(b, err)
	var chunk []settlement.Record
	acct := 0
	b.ReportAllocs()
	for b.Loop() {
		if len(chunk) == 0 {
			b.StopTimer()
			for len(chunk) < 128 {
				for _, r := range accountRecords(1, acct) {
					j, err := r.MarshalJSON()
					require.NoError(b, err)
					var back settlement.Record
					require.NoError(b, back.UnmarshalJSON(j))
					chunk = append(chunk, back)
				}
				acct++
			}
			b.StartTimer()
		}
		if _, err := chunk[0].Settle(set); err != nil {
			b.Fatal(err)
		}
		chunk = chunk[1:]
	}
}

// BenchmarkDecode decodes one generated record a op (Record.UnmarshalJSON).
func BenchmarkDecode(b *testing.B) {
	_, raw, _ := benchRecords(b, 500)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var r settlement.Record
		if err := r.UnmarshalJSON(raw[i%len(raw)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func benchBills(b *testing.B) []settlement.Bill {
	recs, _, set := benchRecords(b, 500)
	bills := make([]settlement.Bill, len(recs))
	for i, r := range recs {
		var err error
		bills[i], err = r.Settle(set)
		require.NoError(b, err)
	}
	return bills
}

// BenchmarkEncodeJSON encodes one bill a op as the command does.
func BenchmarkEncodeJSON(b *testing.B) {
	bills := benchBills(b)
	w := newWorker(&batch{})
	var buf []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var err error
		if buf, err = w.encode(buf[:0], bills[i%len(bills)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEncodeJSONMarshal encodes one bill a op with json.Marshal, which
// the command's output equals byte for byte.
func BenchmarkEncodeJSONMarshal(b *testing.B) {
	bills := benchBills(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := json.Marshal(bills[i%len(bills)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEncodeCSV encodes one bill a op as a CSV row.
func BenchmarkEncodeCSV(b *testing.B) {
	bills := benchBills(b)
	w := newWorker(&batch{csv: true})
	var buf []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		var err error
		if buf, err = w.encode(buf[:0], bills[i%len(bills)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBatch runs the command's pipeline (decode, settle, encode JSON,
// in order) on 6,000 generated records a op with one worker.
func BenchmarkBatch(b *testing.B) {
	_, raw, set := benchRecords(b, 500)
	in := append(bytes.Join(raw, []byte("\n")), '\n')
	b.ReportAllocs()
	for b.Loop() {
		bt := &batch{set: set, name: "bench", workers: 1, maxLine: maxLine}
		if _, err := bt.run(bytes.NewReader(in), io.Discard, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// sum_bills.py reads the bills with Python's standard json module; its
// total equals the command's summary.
func TestSumBillsPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: sum_bills.py not run")
	}
	out, errOut, code := runCmd(t, generated(t, 10), "-j", "2")
	require.Equal(t, 0, code, errOut)
	total := regexp.MustCompile(`total ([0-9,.]+);`).FindStringSubmatch(errOut)
	require.NotNil(t, total, errOut)
	cmd := exec.Command(py, "sum_bills.py")
	cmd.Stdin = strings.NewReader(out)
	got, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", got)
	require.Contains(t, string(got), "all: 120 bills, "+strings.ReplaceAll(total[1], ",", "")+"\n")
}

// The summary counts records and bills in words that agree with the number.
func TestSummaryPlural(t *testing.T) {
	require.Equal(t, "1 record", count(1, "record"))
	require.Equal(t, "0 bills", count(0, "bill"))
	require.Equal(t, "2 bills", count(2, "bill"))
}
