package settlement

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// ---- the reference: the bill's encoder before appendBill (wire structs
// and encoding/json), kept to check appendBill against.

type refLineJSON struct {
	Code      tariff.LineCode `json:"code"`
	Period    tariff.Period   `json:"period,omitempty"`
	LabelZH   string          `json:"label_zh"`
	LabelEN   string          `json:"label_en"`
	Quantity  string          `json:"quantity"`
	Unit      string          `json:"unit"`
	UnitPrice string          `json:"unit_price"`
	Amount    string          `json:"amount"`
	Basis     refBasisJSON    `json:"basis"`
}

type refBasisJSON struct {
	Tables    []string      `json:"tables"`
	Documents []string      `json:"documents"`
	Clause    string        `json:"clause"`
	ClauseZH  string        `json:"clause_zh"`
	Items     []refItemJSON `json:"items,omitempty"`
}

type refItemJSON struct {
	Kind  ItemKind `json:"kind"`
	Ref   string   `json:"ref"`
	Name  string   `json:"name"`
	Value string   `json:"value"`
}

type refBillJSON struct {
	Month       string           `json:"month"`
	Customer    string           `json:"customer"`
	Arrangement string           `json:"arrangement"`
	Label       string           `json:"label,omitempty"`
	Lines       []refLineJSON    `json:"lines"`
	Total       string           `json:"total"`
	PowerFactor refPFJSON        `json:"power_factor"`
	Basic       refBasicJSON     `json:"basic_charge"`
	Sources     []refSourceJSON  `json:"sources"`
	Warnings    []refWarningJSON `json:"warnings"`
}

type refPFJSON struct {
	Applied  bool   `json:"applied"`
	KWh      string `json:"kwh"`
	KVarh    string `json:"kvarh"`
	Value    string `json:"value"`
	Standard string `json:"standard"`
	Percent  string `json:"percent"`
	Base     string `json:"base"`
	Table    string `json:"table"`
}

type refBasicJSON struct {
	Rules          string         `json:"rules"`
	Document       string         `json:"document"`
	Method         string         `json:"method"`
	ContractKW     string         `json:"contract_kw,omitempty"`
	BilledKW       string         `json:"billed_kw,omitempty"`
	DemandKW       string         `json:"demand_kw"`
	CapacityKVA    string         `json:"capacity_kva"`
	Reading        tariff.Reading `json:"reading"`
	Discount       bool           `json:"discount"`
	Counterfactual bool           `json:"counterfactual"`
}

type refSourceJSON struct {
	ID         string            `json:"id"`
	Kind       tariff.Kind       `json:"kind"`
	Issuer     string            `json:"issuer"`
	Document   string            `json:"document"`
	Range      string            `json:"effective"`
	Confidence tariff.Confidence `json:"confidence"`
	Medium     []string          `json:"medium_values"`
}

type refWarningJSON struct {
	Code    WarningCode `json:"code"`
	Subject string      `json:"subject"`
	ZH      string      `json:"zh"`
	EN      string      `json:"en"`
}

func refNonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func oldLineJSON(l Line) refLineJSON {
	lj := refLineJSON{Code: l.Code, Period: l.Period, LabelZH: l.LabelZH, LabelEN: l.LabelEN,
		Quantity: l.Quantity.String(), Unit: l.Unit, UnitPrice: Price(l.UnitPrice), Amount: Money(l.Amount),
		Basis: refBasisJSON{Tables: refNonNil(l.Tables), Documents: refNonNil(l.Documents), Clause: l.Clause, ClauseZH: l.ClauseZH}}
	for _, it := range l.Items {
		lj.Basis.Items = append(lj.Basis.Items, refItemJSON{it.Kind, it.Ref, it.Name(), it.Value})
	}
	return lj
}

// oldBillMarshalJSON is Bill.MarshalJSON as it was: <, > and & not escaped.
func oldBillMarshalJSON(b Bill) []byte {
	bj := refBillJSON{
		Month: b.Month.String(), Customer: b.Customer, Arrangement: string(b.Arrangement), Label: b.Label,
		Lines: []refLineJSON{}, Total: Money(b.Total),
		PowerFactor: refPFJSON{b.PFApplied, b.PFKWh.String(), b.PFKVarh.String(), b.PF.StringFixed(2), string(b.PFStandard), b.PFPercent.String(), Money(b.PFBase), b.PFTable},
		Basic: refBasicJSON{Rules: b.Rules, Document: b.RulesDocument, Method: string(b.Method),
			DemandKW: b.DemandKW.String(), CapacityKVA: b.CapacityKVA.String(), Reading: b.Reading,
			Discount: b.Discount, Counterfactual: b.Counterfactual},
		Sources: []refSourceJSON{}, Warnings: []refWarningJSON{},
	}
	for _, l := range b.Lines {
		bj.Lines = append(bj.Lines, oldLineJSON(l))
	}
	if b.Method != tariff.MethodCapacity {
		bj.Basic.BilledKW = b.BilledKW.String()
	}
	if b.Method == tariff.MethodContractDemand {
		bj.Basic.ContractKW = b.ContractKW.String()
	}
	for _, s := range b.Sources {
		bj.Sources = append(bj.Sources, refSourceJSON{s.ID, s.Kind, s.Issuer, s.Document, s.Range, s.Confidence, refNonNil(s.Medium)})
	}
	for _, w := range b.Warnings {
		bj.Warnings = append(bj.Warnings, refWarningJSON{w.Code, w.Subject, w.ZH, w.EN})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(bj); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// oldBill marshals as the bill did before appendBill; json.Marshal of it is
// what json.Marshal(bill) wrote.
type oldBill struct{ b Bill }

func (r oldBill) MarshalJSON() ([]byte, error) { return oldBillMarshalJSON(r.b), nil }

// checkAppendBill fails unless the bill's three encodings (MarshalJSON,
// json.Marshal, AppendJSON) are the bytes the reference encoder gives.
func checkAppendBill(t *testing.T, b Bill) {
	t.Helper()
	want := oldBillMarshalJSON(b)
	got, err := b.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
	wantMarshal, err := json.Marshal(oldBill{b})
	require.NoError(t, err)
	gotMarshal, err := json.Marshal(b)
	require.NoError(t, err)
	require.Equal(t, string(wantMarshal), string(gotMarshal))
	prefix := []byte("x")
	require.Equal(t, "x"+string(wantMarshal), string(b.AppendJSON(prefix)))
	for i := range b.Lines {
		lj, err := json.Marshal(b.Lines[i])
		require.NoError(t, err)
		wantLine, err := json.Marshal(oldLineJSON(b.Lines[i]))
		require.NoError(t, err)
		require.Equal(t, string(wantLine), string(lj))
	}
}

// richer adds to a generated case what genCase leaves out: captive supply,
// aluminium facts, transformer losses, a differential price, a label, a
// counterfactual rule set.
func richer(bc *billCase, r *rand.Rand) {
	if r.IntN(3) == 0 {
		bc.opt.Captive = &Captive{SelfKWh: decimal.NewFromInt(r.Int64N(1e8)), GenerationCost: randPrice(r, 5000), FundRate: randPrice(r, 600), CrossSubsidy: randPrice(r, 500)}
		if r.IntN(2) == 0 {
			bc.opt.Captive.BackupFee, bc.opt.Captive.BackupKVA = decimal.NewFromInt(r.Int64N(30)), decimal.NewFromInt(r.Int64N(200000))
		} else {
			bc.opt.Captive.BackupFeePerKWh = decimal.NewNullDecimal(randPrice(r, 300))
		}
	}
	if r.IntN(3) == 0 {
		bc.u.AluminiumKWhPerTonne = decimal.NewNullDecimal(decimal.NewFromInt(12000 + r.Int64N(2000)))
		if bc.u.Month.Year >= 2022 && r.IntN(2) == 0 {
			bc.u.RenewableShare, bc.u.ProvincialWeight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("0.18"))
		}
		if bc.u.Month.Year >= 2022 && r.IntN(2) == 0 {
			bc.u.AluminiumProductionShare = decimal.NewNullDecimal(d("0.95"))
		}
	}
	if r.IntN(4) == 0 && !bc.u.KWh.IsZero() {
		bc.u.TransformerLossKWh, bc.u.TransformerLossKVarh = decimal.NewFromInt(1+r.Int64N(100000)), decimal.NewFromInt(r.Int64N(50000))
	}
	bc.c.Differential = r.IntN(5) == 0
	bc.opt.Label = pick(r, "", "A", "C₂", "<&>")
	if bc.u.Month.Year == 2016 && r.IntN(4) == 0 {
		bc.opt.Rules = "cn-basic-rules-1996"
	}
}

// ---- random bills with every kind of value the encoder meets

var wildStrings = []string{"", "T1", "ln-catalog-2016", "基本电费", "电量 × （目录电价 − 基金）", "a \"quoted\" \\ <b> & c", "T&D", "line\nbreak\ttab\r\b\f\x00\x1f\x7f",
	"\u2028\u2029", "bad \xff\xfe utf-8 \xe4\xb8", "\xed\xa0\x80", "\xe0\x80\x80", "€ ≥ 105 % — ½", "😀 emoji", "(a) 19263.1 kW > 1.05 × 130478 kW, ×2", "12345678", strings.Repeat("长", 40) + "<&>"}

func wildStr(r *rand.Rand) string {
	if r.IntN(4) == 0 { // glued pieces: specials at every offset of the 8-byte steps
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(wildStrings[r.IntN(len(wildStrings))])
		}
		return b.String()
	}
	return wildStrings[r.IntN(len(wildStrings))]
}

// wildDec is a decimal of any representation: zero values, positive and
// very negative exponents, coefficients beyond int64, negatives, and values
// that need rounding to two decimals.
func wildDec(r *rand.Rand) decimal.Decimal {
	switch r.IntN(10) {
	case 0:
		return decimal.Decimal{}
	case 1:
		return decimal.New(0, -int32(r.IntN(30)))
	case 2:
		return decimal.New(r.Int64N(1000)-500, int32(r.IntN(25)))
	case 3:
		c, _ := decimal.NewFromString(strings.Repeat("9", 17+r.IntN(10)) + "5")
		if r.IntN(2) == 0 {
			c = c.Neg()
		}
		return c.Shift(-int32(r.IntN(30)))
	case 4:
		return decimal.New(r.Int64(), -int32(r.IntN(40)))
	case 5:
		return decimal.New(-r.Int64(), -int32(r.IntN(20)))
	}
	v := r.Int64N(2_000_000_000_000) - 1_000_000_000_000
	return decimal.New(v, -int32(r.IntN(8)))
}

func wildBill(r *rand.Rand) Bill {
	b := Bill{Month: pick(r, tariff.Month{Year: 2000 + r.IntN(40), Month: pick[time.Month](r, 1, 6, 12)}, tariff.Month{}, tariff.Month{Year: 12345, Month: 13}, tariff.Month{Year: -1, Month: 2}, tariff.Month{Year: 2016, Month: 0}),
		Customer: wildStr(r), Arrangement: pick(r, append(arrangements, "", "a&b")...), Label: wildStr(r)}
	codes := append(tariff.LineCodes(), "x<y")
	kinds := append(itemKinds, "", "odd&kind")
	for range r.IntN(8) {
		l := Line{Code: pick(r, codes...), Period: pick(r, "", tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical, "x&y"), LabelZH: wildStr(r), LabelEN: wildStr(r),
			Quantity: wildDec(r), Unit: pick(r, "kWh", "kVA", "元", ""), UnitPrice: wildDec(r), Amount: wildDec(r)}
		for range r.IntN(3) {
			l.Tables = append(l.Tables, wildStr(r))
			l.Documents = append(l.Documents, wildStr(r))
		}
		if r.IntN(5) == 0 {
			l.Tables = []string{}
		}
		l.Clause, l.ClauseZH = wildStr(r), wildStr(r)
		for range r.IntN(4) {
			l.Items = append(l.Items, Item{Kind: pick(r, kinds...), Ref: wildStr(r), Value: wildStr(r)})
		}
		if r.IntN(8) == 0 {
			l.Items = []Item{}
		}
		b.Lines = append(b.Lines, l)
	}
	b.Total = wildDec(r)
	b.PFApplied, b.PF, b.PFStandard, b.PFPercent = r.IntN(2) == 0, wildDec(r), pick(r, PFStandard090, PFStandard085, PFStandard080, PFExempt, ""), wildDec(r)
	b.PFBase, b.PFTable, b.PFKWh, b.PFKVarh = wildDec(r), wildStr(r), wildDec(r), wildDec(r)
	b.Rules, b.RulesDocument, b.Method, b.ContractKW, b.BilledKW = wildStr(r), wildStr(r), pick(r, append(tariff.Methods(), "", "m<")...), wildDec(r), wildDec(r)
	b.DemandKW, b.CapacityKVA, b.Reading, b.Discount, b.Counterfactual = wildDec(r), wildDec(r), pick(r, tariff.ReadingA, tariff.ReadingB, ""), r.IntN(2) == 0, r.IntN(2) == 0
	for range r.IntN(4) {
		s := Source{ID: wildStr(r), Kind: pick(r, tariff.KindCatalog, tariff.KindTOURatios, tariff.KindTND), Issuer: wildStr(r), Document: wildStr(r), Range: wildStr(r), Confidence: pick(r, tariff.ConfidenceHigh, tariff.ConfidenceMedium)}
		for range r.IntN(3) {
			s.Medium = append(s.Medium, wildStr(r))
		}
		b.Sources = append(b.Sources, s)
	}
	if r.IntN(6) == 0 {
		b.Sources = []Source{}
	}
	for range r.IntN(5) {
		b.Warnings = append(b.Warnings, Warning{Code: pick(r, warningCodes...), Subject: wildStr(r), ZH: wildStr(r), EN: wildStr(r)})
	}
	return b
}

// appendBill writes the bytes encoding/json wrote before it: on random bills
// with every line code, TOU periods, items of every kind, sources with and
// without MEDIUM values, warnings, decimals of every representation
// (rounded, trimmed, beyond int64, exponents far out), strings with
// characters JSON escapes (quotes, controls, <, > and &, U+2028, invalid
// UTF-8) at every offset; on bills the library settles along every path;
// and on every golden bill.
func TestAppendBill(t *testing.T) {
	r := rand.New(rand.NewPCG(26, 1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		checkAppendBill(t, wildBill(r))
		checkAppendBill(t, randBill(r))
	}
	for _, b := range libraryBills(t) {
		checkAppendBill(t, b)
	}
	set := refSet(t)
	rng := rand.New(rand.NewPCG(26, 2))
	settled := 0
	codes, kinds, warns := map[tariff.LineCode]bool{}, map[ItemKind]bool{}, map[WarningCode]bool{}
	seen := func(b Bill) {
		for _, l := range b.Lines {
			codes[l.Code] = true
			for _, it := range l.Items {
				kinds[it.Kind] = true
			}
		}
		for _, w := range b.Warnings {
			warns[w.Code] = true
		}
	}
	for i := range 60 * len(kindNames) {
		b, err := genCase(i%len(kindNames), rng).bill(set)
		if err == nil {
			checkAppendBill(t, b)
			seen(b)
			settled++
		}
	}
	require.Greater(t, settled, 200)
	// the same with captive supply, aluminium smelters, transformer
	// losses, differential prices, labels and counterfactual rule sets
	settled = 0
	for i := range 60 * len(kindNames) {
		bc := genCase(i%len(kindNames), rng)
		richer(&bc, rng)
		if b, err := bc.bill(set); err == nil {
			checkAppendBill(t, b)
			seen(b)
			settled++
		}
	}
	require.Greater(t, settled, 150)
	require.Len(t, codes, len(tariff.LineCodes()), "every line code: %v", codes)
	require.Len(t, kinds, len(itemKinds), "every item kind: %v", kinds)
	t.Logf("warning codes %d of %d (wildBill has them all)", len(warns), len(warningCodes))

	goldens, err := filepath.Glob("../examples/json/testdata/*.bill.json")
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	for _, f := range goldens {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var b Bill
		require.NoError(t, json.Unmarshal(data, &b), f)
		checkAppendBill(t, b)
		var compact bytes.Buffer
		require.NoError(t, json.Compact(&compact, data))
		got, err := b.MarshalJSON() // the goldens are written without escaping <, > and &
		require.NoError(t, err)
		require.Equal(t, compact.String(), string(got), f)
	}
}

// firstSpecial is the index of the first byte of w that special8 (or
// special8HTML) flags, 8 for none.
func firstSpecial(w []byte, html bool) int {
	m := special8(load8(string(w), 0))
	if html {
		m = special8HTML(load8(string(w), 0))
	}
	if m == 0 {
		return 8
	}
	return bits.TrailingZeros64(m) >> 3
}

// needsLook is the byte loop special8 stands for.
func needsLook(c byte, html bool) bool {
	return c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || html && (c == '<' || c == '>' || c == '&')
}

// The 8-byte tests of appendStringBody find the first byte a byte loop
// would look at: every byte at every position of a word, and random words.
func TestSpecial8(t *testing.T) {
	for _, html := range []bool{false, true} {
		for c := range 256 {
			for pos := range 8 {
				w := []byte("abcdefgh")
				w[pos] = byte(c)
				want := 8
				if needsLook(byte(c), html) {
					want = pos
				}
				require.Equal(t, want, firstSpecial(w, html), "byte %#x at %d, html %v", c, pos, html)
			}
		}
	}
	r := rand.New(rand.NewPCG(8, 8))
	alphabet := []byte{0, 0x1f, 0x20, '"', '\\', '<', '>', '&', 'a', 0x7f, 0x80, 0xa0, 0xbf, 0xe4, 0xff}
	for range 200000 {
		var w [8]byte
		for i := range w {
			if r.IntN(2) == 0 {
				w[i] = byte(r.UintN(256))
			} else {
				w[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		for _, html := range []bool{false, true} {
			want := 8
			for i, c := range w {
				if needsLook(c, html) {
					want = i
					break
				}
			}
			require.Equal(t, want, firstSpecial(w[:], html), "%q html %v", w, html)
		}
	}
}

// The decimal appenders give shopspring's texts.
func TestAppendDecimals(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		d := wildDec(r)
		require.Equal(t, d.String(), string(appendDec(nil, d)), "%#v", d)
		require.Equal(t, Price(d), string(appendPrice(nil, d)), "%#v", d)
		places := int32(r.IntN(5))
		require.Equal(t, d.StringFixed(places), string(appendFixed(nil, d, places)), "%#v %d", d, places)
	}
}

func BenchmarkAppendBill(b *testing.B) {
	set := refSet(b)
	rng := rand.New(rand.NewPCG(26, 2))
	var bills []Bill
	for i := range 50 * len(kindNames) {
		if bill, err := genCase(i%len(kindNames), rng).bill(set); err == nil {
			bills = append(bills, bill)
		}
	}
	var buf []byte
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		buf = bills[i%len(bills)].AppendJSON(buf[:0])
		i++
	}
}

func TestBillSizeTmp(t *testing.T) {
	set := refSet(t)
	rng := rand.New(rand.NewPCG(26, 2))
	n, tot, ascii := 0, 0, 0
	for i := range 50 * len(kindNames) {
		if bill, err := genCase(i%len(kindNames), rng).bill(set); err == nil {
			out := bill.AppendJSON(nil)
			n++
			tot += len(out)
			for _, c := range out {
				if c < 0x80 {
					ascii++
				}
			}
		}
	}
	t.Logf("%d bills, %d bytes avg, %d ascii avg", n, tot/n, ascii/n)
}

// appendString escapes as encoding/json does, with and without HTML
// escaping: random strings of every length up to 40 from bytes JSON
// escapes, ASCII, Chinese, U+2028, and broken UTF-8.
func TestAppendString(t *testing.T) {
	pieces := []string{"a", " ", "#", "\"", "\\", "<", ">", "&", "\x00", "\x1f", "\n", "\x7f", "电", "（", "\u2028", "\u2029", "\u2027", "\u202a", "é", "😀", "\xe2\x80", "\xff", "\xed\xa0\x80", "\xe0\xa0\x80", "−", "×"}
	r := rand.New(rand.NewPCG(40, 2))
	for range 100000 {
		var b strings.Builder
		for b.Len() < r.IntN(41) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendString(nil, s, true)), "%q", s)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		require.Equal(t, strings.TrimSuffix(buf.String(), "\n"), string(appendString(nil, s, false)), "%q", s)
	}
}
