package settlement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dianfei/dianfei/tariff"

	"github.com/stretchr/testify/require"
)

// slowParse is parseJSON without the fast path.
func slowParse(data []byte) (*jnode, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	n, err := parseValue(d, "", syntaxAt{data: data})
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, &Error{Reason: "more"}
	}
	return n, nil
}

// checkFast fails when the fast parser accepts what json.Decoder refuses,
// or gives other nodes.
func checkFast(t *testing.T, data []byte) {
	fast, ok := fastParse(data)
	slow, err := slowParse(data)
	if !ok {
		return // the slow path decides
	}
	require.NoError(t, err, "the fast parser accepted %q", data)
	require.True(t, reflect.DeepEqual(slow, fast), "%q", data)
}

var fastSeeds = []string{
	`{"a":"b","c":[1,-2.5e+3,0,true,false,null,{}],"d":{"e":[]}}`,
	` { "a" : "x\"y\\u00e9\u2028\ud83d\ude00" , "b" : [ 1 , 2 ] } `,
	`"电"`, `-0`, `0.5`, `1E9`, `[]`, `{}`, `null`,
	// not JSON, or not what the fast path takes: the slow path decides
	`{"a":1,"a":2}`, `[1 2]`, `01`, `1.`, `-`, `1e`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `"a`, "\"\x01\"", "\"\xff\"",
	`tru`, `nul`, `[1]x`, `1 2`, `{"a":"\x"}`, `[` + "\n", `"\ud800"`,
}

// The fast parser gives json.Decoder's nodes for every example record, bill
// and hand-picked case, and leaves every malformed one to json.Decoder.
func TestFastParse(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, []byte(s))
	}
	files, err := filepath.Glob("../examples/json/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		n, ok := fastParse(data)
		require.True(t, ok, f)
		slow, err := slowParse(data)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(slow, n), f)
	}
	for _, s := range []string{`{"a":1,"a":2}`, `[1 2]`, `01`, `{"a":1,}`, "\"\xff\"", `1 2`} {
		_, ok := fastParse([]byte(s))
		require.False(t, ok, s)
	}
	deep := bytes.Repeat([]byte("["), maxFastDepth+2)
	_, ok := fastParse(append(deep, bytes.Repeat([]byte("]"), maxFastDepth+2)...))
	require.False(t, ok, "deeper than maxFastDepth goes to json.Decoder")
}

func FuzzFastParse(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkFast)
}

// strictRecord reads data with the strict reader, as Record.UnmarshalJSON
// does when fastRecord declines, without the Go API's checks.
func strictRecord(data []byte) (Record, error) {
	n, err := parseJSON(data)
	if err != nil {
		return Record{}, err
	}
	jr := &jreader{}
	v := readRecord(jr, n)
	return v, jr.err
}

// checkFastRecord fails when fastRecord takes what the strict reader
// refuses, or gives another record; it reports whether fastRecord took
// data, and whether the strict reader did.
func checkFastRecord(t testing.TB, data []byte) (fast, strict bool) {
	var got Record
	fast = fastRecord(data, &got)
	want, err := strictRecord(data)
	if fast {
		require.NoError(t, err, "fastRecord took %q", data)
		require.True(t, reflect.DeepEqual(want, got), "%q:\n%#v\n%#v", data, want, got)
	}
	return fast, err == nil
}

// recordValues replace a value of a record at random: values of every kind,
// decimals and dates fastRecord and the strict reader must agree on.
var recordValues = []string{`null`, `""`, `"0"`, `"7"`, `"0.50"`, `"123456789012345678901234.5"`, `"1000000000000.000000000000000000000001"`, `"20"`, `"F1"`, `"ln-tnd-2026"`, `"-0"`, `"-0.00"`, `"007"`, `"-07.5"`, `"0.5"`, `"1e3"`, `"1."`, `".5"`, `"+5"`, `"5 "`, `"12345678901234567890.123"`,
	`"-123456789012345678"`, `"123456789012345678"`, `"1234567890123456789"`, `"-5"`, `"0.000"`, `"2016-11"`, `"2016-13"`, `"0000-01"`, `"2016-00"`, `"2016-11-01"`, `"2016-02-29"`,
	`"2017-02-29"`, `"2016-04-31"`, `"2016-1-1"`, `"2016-11-1"`, `"capacity"`, `"contract_demand"`, `"actual_demand"`, `"catalog"`, `"direct_trade"`, `"agency_purchase"`,
	`"market_purchase"`, `"transformer"`, `"motor"`, `"0.90"`, `"0.9"`, `"none"`, `"peak"`, `"noon"`, `"medium_value"`, `"interval_gaps"`, `true`, `false`, `0`, `2016`,
	`-1`, `-0`, `1.5`, `1e3`, `2016.0`, `99999999999999999999`, `[]`, `{}`, `[null]`, `[""]`, `["a","a"]`, `{"peak":"1"}`, `{"peak":null}`, `"\u0041"`, `"a\"b"`, `"\ud800"`, `"x\u0000"`,
	`"\u00e9"`, `"T\u0026D"`, `"tab	in"`, `"\/"`, `nul`, `tru`, `"unterminated`}

// recordKeys replace a key: the keys of every object of a record, unknown
// keys and keys with escapes.
var recordKeys = []string{"arrangement", "customer", "usage", "contract", "purchase", "tables", "choice", "rules", "tou", "captive", "label", "id", "name", "region",
	"class", "voltage_kv", "pf_standard", "units", "aluminium", "differential", "kind", "kva", "commissioned", "suspensions", "seal", "unseal", "year", "kwh_per_tonne",
	"renewable_share", "provincial_weight", "month", "kwh", "kwh_by_period", "kvarh", "demand", "warnings", "transformer_loss_kwh", "transformer_loss_kvarh",
	"aluminium_production_kwh", "aluminium_production_share", "feeder", "kw", "code", "subject", "zh", "en", "method", "contract_kw", "self_kwh", "generation_cost",
	"fund_rate", "cross_subsidy", "backup_fee", "backup_kva", "backup_fee_per_kwh", "price", "tnd", "deviation", "agency_price", "contracts", "system_operation",
	"published_loss_price", "example_prices", "peak", "flat", "valley", "critical", "colour", "\\u0069d", "ID", ""}

// jsonTokens returns the offsets of the scalar tokens of compact JSON
// (strings, numbers, literals): start and end.
func jsonTokens(data []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(data); {
		switch c := data[i]; {
		case c == '"':
			j := i + 1
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, [2]int{i, min(j+1, len(data))})
			i = j + 1
		case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(data) && !bytes.ContainsRune([]byte(",]}"), rune(data[j])) {
				j++
			}
			out = append(out, [2]int{i, j})
			i = j
		default:
			i++
		}
	}
	return out
}

// mutate changes data at random: a value or key replaced, a member dropped
// or given twice, spaces added, the text cut short or extended, a byte
// changed.
func mutate(r *rand.Rand, data []byte) []byte {
	toks := jsonTokens(data)
	out := bytes.Clone(data)
	for range 1 + r.IntN(3)*r.IntN(2) {
		toks = jsonTokens(out)
		if len(toks) == 0 {
			return out
		}
		tk := toks[r.IntN(len(toks))]
		isKey := tk[1] < len(out) && out[tk[1]] == ':'
		var repl []byte
		switch r.IntN(12) {
		case 0: // drop a member
			if isKey {
				end := memberEnd(toks, tk[1]+1)
				if end < len(out) && out[end] == ',' {
					end++
				}
				out = append(out[:tk[0]:tk[0]], out[end:]...)
				continue
			}
			repl = []byte(recordValues[r.IntN(len(recordValues))])
		case 1: // a member twice
			if isKey {
				end := memberEnd(toks, tk[1]+1)
				if end <= len(out) {
					member := bytes.Clone(out[tk[0]:end])
					out = append(out[:tk[0]:tk[0]], append(append(member, ','), out[tk[0]:]...)...)
				}
				continue
			}
			repl = []byte(recordValues[r.IntN(len(recordValues))])
		case 2:
			pos := r.IntN(len(out) + 1)
			out = append(out[:pos:pos], append([]byte(" \n\t"[:1+r.IntN(3)]), out[pos:]...)...)
			continue
		case 3:
			if r.IntN(4) == 0 {
				out = out[:r.IntN(len(out)+1)]
			} else {
				out = append(out, []byte(pick(r, " ", "x", "{}", "\n", ","))...)
			}
			continue
		case 4:
			pos := r.IntN(len(out))
			out[pos] = byte(r.UintN(256))
			continue
		default:
			if isKey {
				repl = []byte(`"` + recordKeys[r.IntN(len(recordKeys))] + `"`)
			} else {
				repl = []byte(recordValues[r.IntN(len(recordValues))])
			}
		}
		out = append(out[:tk[0]:tk[0]], append(repl, out[tk[1]:]...)...)
	}
	return out
}

// recordCorpus returns valid record texts: random records (every optional
// value, each arrangement), the example records, and some indented.
func recordCorpus(t testing.TB, n int) [][]byte {
	r := rand.New(rand.NewPCG(16, 26))
	var out [][]byte
	for range n {
		data, err := json.Marshal(randRecord(r))
		require.NoError(t, err)
		out = append(out, data)
	}
	files, err := filepath.Glob("../examples/json/records/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		out = append(out, data)
	}
	var ind bytes.Buffer
	require.NoError(t, json.Indent(&ind, out[0], "", "\t"))
	return append(out, ind.Bytes())
}

// fastRecord reads every valid record as the strict reader does, and
// records it changed at random either the same way or not at all (the
// strict reader then decides, and gives the message); it declines a record
// the strict reader takes only for a key written with escapes.
func TestFastRecord(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	corpus := recordCorpus(t, n)
	r := rand.New(rand.NewPCG(26, 16))
	took, declined, refused := 0, 0, 0
	for _, data := range corpus {
		fast, strict := checkFastRecord(t, data)
		require.True(t, fast && strict, "%s", data)
		for range 10 {
			m := mutate(r, data)
			fast, strict := checkFastRecord(t, m)
			switch {
			case fast:
				took++
			case strict:
				declined++
				require.True(t, strings.Contains(string(m), `"\u0069d"`) || !utf8.Valid(m), "fastRecord declined a record the strict reader takes: %s", m)
			default:
				refused++
			}
		}
	}
	t.Logf("mutated records: %d taken, %d declined (escaped keys, bad UTF-8), %d refused", took, declined, refused)
	require.Greater(t, took, len(corpus))
	require.Greater(t, refused, len(corpus))
}

// A record's decimals, months and dates read as the strict reader reads
// them, one value at a time.
func TestFastRecordValues(t *testing.T) {
	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	rec.Customer.Units[0].Commissioned = tariff.NewDate(2010, 3, 1)
	good, err := json.Marshal(rec)
	require.NoError(t, err)
	for _, old := range []string{`"voltage_kv":"220"`, `"month":"2016-11"`, `"commissioned":"2010-03-01"`} {
		require.Contains(t, string(good), old)
		key := old[:strings.Index(old, ":")+1]
		for _, v := range recordValues {
			checkFastRecord(t, []byte(strings.Replace(string(good), old, key+v, 1)))
		}
		for y := range 30 {
			for _, v := range []string{fmt.Sprintf(`"%04d-02-%02d"`, 1996+y, 1+y), fmt.Sprintf(`"%04d-%02d"`, y*337, y)} {
				checkFastRecord(t, []byte(strings.Replace(string(good), old, key+v, 1)))
			}
		}
	}
}

func FuzzFastRecord(f *testing.F) {
	corpus := recordCorpus(f, 20)
	r := rand.New(rand.NewPCG(1, 2))
	for _, data := range corpus {
		f.Add(data)
		f.Add(mutate(r, data))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkFastRecord(t, data) })
}

// SettleJSON gives the bill, or the error, of UnmarshalJSON and then
// Settle, and leaves the record as UnmarshalJSON does: on random records
// (some settle, most stop at a table or a rule), changed at random (most
// do not decode), and on records that settle with every arrangement.
func TestSettleJSON(t *testing.T) {
	set := withTable(t, defaults(t), userRatiosYAML)
	r := rand.New(rand.NewPCG(7, 26))
	corpus := recordCorpus(t, 150)
	for i := range 40 * len(kindNames) {
		bc := genCase(i%len(kindNames), r)
		rec := Record{Arrangement: ArrangementCatalog, Customer: bc.c, Usage: bc.u, Options: bc.opt}
		switch bc.kind {
		case 1, 2:
			rec.Arrangement, rec.Contract = ArrangementDirectTrade, &bc.contract
		case 3, 4:
			rec.Arrangement, rec.Purchase = bc.purchase.Arrangement, &bc.purchase
		}
		rec.Options.TOU, rec.Usage.ByPeriod = "", nil // the reference set's TOU tables are not in set
		data, err := json.Marshal(rec)
		require.NoError(t, err)
		corpus = append(corpus, data)
	}
	bills, errs := 0, 0
	for _, data := range corpus {
		for k := range 4 {
			m := data
			if k > 0 {
				m = mutate(r, data)
			}
			var want Record
			wantBill, wantErr := Bill{}, want.UnmarshalJSON(m)
			if wantErr == nil {
				wantBill, wantErr = want.Settle(set)
			}
			var got Record
			gotBill, gotErr := got.SettleJSON(set, m)
			if wantErr != nil {
				require.EqualError(t, gotErr, wantErr.Error(), "%s", m)
				errs++
			} else {
				require.NoError(t, gotErr, "%s", m)
				bills++
			}
			require.True(t, reflect.DeepEqual(wantBill, gotBill), "%s", m)
			require.True(t, reflect.DeepEqual(want, got), "%s", m)
		}
	}
	t.Logf("%d bills, %d errors", bills, errs)
	require.Greater(t, bills, 100)
	_, err := new(Record).SettleJSON(nil, corpus[0])
	require.EqualError(t, err, "settlement: tables: no tariff set given")
}

// userRatiosYAML is a user's TOU ratios table on the shipped 2023 periods,
// only the purchase price floating: the table randRecord's records name and
// the 2023+ TOU bills' tests use.
const userRatiosYAML = `
id: user-ratios
kind: tou_ratios
region: liaoning
issuer: user
document: user example
effective: {from: 2023-06-01}
scope: named
confidence: medium
periods: ln-tou-periods-2023
ratios: {peak: 1.5, flat: 1.0, valley: 0.5}
floating: [purchase_energy]
`

// memberEnd returns the end of the value of the member whose key ends just
// before from: the end of the first token at or after from.
func memberEnd(toks [][2]int, from int) int {
	for _, t := range toks {
		if t[0] >= from {
			return t[1]
		}
	}
	return from
}
