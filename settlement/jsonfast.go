package settlement

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// fastParse parses one JSON value into the nodes parseJSON builds, in one
// pass over the bytes, about ten times faster than json.Decoder's tokens. It
// handles well-formed input only: on anything else (a syntax error, a key
// given twice, nesting deeper than maxFastDepth) it returns ok false and
// parseJSON parses again with json.Decoder, whose errors the messages quote.
// So the fast path changes no message and accepts nothing the slow one
// refuses; FuzzFastParse checks that both give the same nodes.
func fastParse(data []byte) (n *jnode, ok bool) {
	p := fastParser{data: data}
	n, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	return n, p.i == len(p.data)
}

// maxFastDepth bounds the nesting the fast parser follows; deeper input goes
// to json.Decoder, which has its own limit.
const maxFastDepth = 200

type fastParser struct {
	data []byte
	i    int
	slab []jnode // nodes are allocated 64 at a time
}

// node returns a new node of kind k.
func (p *fastParser) node(k jkind) *jnode {
	if len(p.slab) == 0 {
		p.slab = make([]jnode, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind = k
	return n
}

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) value(depth int) (_ *jnode, ok bool) {
	if depth > maxFastDepth {
		return nil, false
	}
	p.space()
	if p.i >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		p.i++
		n := p.node(jArr)
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.i++
			return n, true
		}
		for {
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.arr = append(n.arr, v)
			p.space()
			if p.i >= len(p.data) {
				return nil, false
			}
			switch p.data[p.i] {
			case ',':
				p.i++
			case ']':
				p.i++
				return n, true
			default:
				return nil, false
			}
		}
	case c == '"':
		n := p.node(jStr)
		n.s, ok = p.str()
		return n, ok
	case c == 't':
		n := p.node(jBool)
		n.b = true
		return n, p.literal("true")
	case c == 'f':
		return p.node(jBool), p.literal("false")
	case c == 'n':
		return p.node(jNull), p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		n := p.node(jNum)
		n.s, ok = p.number()
		return n, ok
	}
	return nil, false
}

func (p *fastParser) object(depth int) (*jnode, bool) {
	p.i++ // {
	n := p.node(jObj)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return n, true
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		for _, seen := range n.keys {
			if seen == k {
				return nil, false // the slow parser names the key
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		n.keys, n.vals = append(n.keys, k), append(n.vals, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, false
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return n, true
		default:
			return nil, false
		}
	}
}

func (p *fastParser) literal(w string) bool {
	if len(p.data)-p.i < len(w) || string(p.data[p.i:p.i+len(w)]) != w {
		return false
	}
	p.i += len(w)
	return true
}

// str reads a string. One without escapes and in valid UTF-8 is its bytes;
// one with escapes is unquoted by encoding/json (rare in records).
func (p *fastParser) str() (string, bool) {
	start := p.i
	p.i++ // "
	escaped := false
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			raw := p.data[start+1 : p.i-1]
			if !escaped {
				if !utf8.Valid(raw) {
					return "", false // json.Decoder replaces bad bytes: let it
				}
				return string(raw), true
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.i], &s); err != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", false
		default:
			p.i++
		}
	}
	return "", false
}

// number reads a number as its text, checking JSON's grammar.
func (p *fastParser) number() (string, bool) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.data) && p.data[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return "", false
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return "", false
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	// A number runs into the next token only through a delimiter.
	if p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r', ',', ']', '}':
		default:
			return "", false
		}
	}
	return string(p.data[start:p.i]), true
}

// ---- records: decoded in one pass, without nodes

// fastRecord decodes data into v in one pass over its bytes, straight into
// the record's fields, when data is a record the strict reader (readRecord
// on parseJSON's nodes) reads without error: then v is exactly what the
// strict reader gives (TestFastRecord, FuzzFastRecord). Anything else
// returns false, and so do the few things it leaves to the strict reader (a
// key written with escapes, bytes that are not UTF-8 in a string without
// escapes): the caller then reads data again with the strict reader, whose
// error names the JSON path. Strings with escapes are unquoted as
// fastParser unquotes them; decimals of more than 18 digits are parsed by
// tariff.ParseDecimal as the reader parses them. It checks nothing the
// reader does not (the Go API's checks follow in the caller).
func fastRecord(data []byte, v *Record) bool {
	d := recDecoder{data: data, src: string(data)}
	d.record(v)
	d.space()
	return !d.bad && d.i == len(d.data)
}

// recDecoder reads a record's JSON. On the first thing it does not take it
// sets bad and moves to the end of the data, so that every read after it
// fails at once.
type recDecoder struct {
	data []byte
	src  string // data as a string: strings without escapes are cut from it
	i    int
	bad  bool
}

func (d *recDecoder) fail() { d.bad, d.i = true, len(d.data) }

func (d *recDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next returns the next byte after spaces, 0 at the end.
func (d *recDecoder) next() byte {
	d.space()
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

// null reads null if it comes next, and reports whether it did.
func (d *recDecoder) null() bool {
	if d.next() == 'n' && len(d.data)-d.i >= 4 && string(d.data[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling field with each key, the decoder at the
// key's value; field reads the value and returns the key's bit, 0 for a key
// the object does not have. It returns the bits of the keys given, and fails
// on an unknown key, a key given twice, or a key with escapes.
func (d *recDecoder) object(field func(key string) uint32) uint32 {
	if d.next() != '{' {
		d.fail()
		return 0
	}
	d.i++
	if d.next() == '}' {
		d.i++
		return 0
	}
	var seen uint32
	for {
		if d.next() != '"' {
			d.fail()
			return 0
		}
		k, escaped := d.rawString()
		if escaped || d.next() != ':' {
			d.fail()
			return 0
		}
		d.i++
		bit := field(k)
		if bit == 0 || seen&bit != 0 {
			d.fail()
			return 0
		}
		seen |= bit
		switch d.next() {
		case ',':
			d.i++
		case '}':
			d.i++
			return seen
		default:
			d.fail()
			return 0
		}
	}
}

// array reads an array, calling each for each element.
func (d *recDecoder) array(each func()) {
	if d.next() != '[' {
		d.fail()
		return
	}
	d.i++
	if d.next() == ']' {
		d.i++
		return
	}
	for !d.bad {
		each()
		switch d.next() {
		case ',':
			d.i++
		case ']':
			d.i++
			return
		default:
			d.fail()
		}
	}
}

// rawString reads the string at d.i (its opening quote): its text cut from
// src, or, when it has escapes, escaped true and the text unquoted.
func (d *recDecoder) rawString() (s string, escaped bool) {
	data := d.data
	start := d.i + 1
	i := start
	for {
		for i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:])
			q, bs := x^(lsb8*'"'), x^(lsb8*'\\')
			if m := (x | (x - lsb8*0x20) | (q-lsb8)&^q | (bs-lsb8)&^bs) & msb8; m != 0 { // as special8
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(data) {
			d.fail()
			return "", false
		}
		switch c := data[i]; {
		case c == '"':
			d.i = i + 1
			return d.src[start:i], false
		case c == '\\':
			p := fastParser{data: data, i: d.i}
			s, ok := p.str()
			if !ok {
				d.fail()
				return "", true
			}
			d.i = p.i
			return s, true
		case c < 0x20:
			d.fail()
			return "", false
		case c >= utf8.RuneSelf:
			if j := chineseEnd(d.src, i); j > i {
				i = j
				continue
			}
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				d.fail() // json.Decoder replaces bad bytes; the strict reader decides
				return "", false
			}
			i += size
			continue
		}
		i++
	}
}

// str reads a string.
func (d *recDecoder) str() string {
	if d.next() != '"' {
		d.fail()
		return ""
	}
	s, _ := d.rawString()
	return s
}

// optStr reads a string or null ("").
func (d *recDecoder) optStr() string {
	if d.null() {
		return ""
	}
	return d.str()
}

// boolean reads true or false.
func (d *recDecoder) boolean() bool {
	switch d.next() {
	case 't':
		if len(d.data)-d.i >= 4 && string(d.data[d.i:d.i+4]) == "true" {
			d.i += 4
			return true
		}
	case 'f':
		if len(d.data)-d.i >= 5 && string(d.data[d.i:d.i+5]) == "false" {
			d.i += 5
			return false
		}
	}
	d.fail()
	return false
}

// optBool reads true, false or null (false).
func (d *recDecoder) optBool() bool { return !d.null() && d.boolean() }

// dec reads a decimal string, canonExact, as jreader.decimalAt does.
func (d *recDecoder) dec() decimal.Decimal {
	v, ok := parseCanonExact(d.str())
	if !ok {
		d.fail()
	}
	return v
}

// optDec reads a decimal string, or null (the zero Decimal).
func (d *recDecoder) optDec() decimal.Decimal {
	if d.null() {
		return decimal.Decimal{}
	}
	return d.dec()
}

// nullDec reads a decimal string or null.
func (d *recDecoder) nullDec() decimal.NullDecimal {
	if d.null() {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d.dec(), Valid: true}
}

// parseCanonExact parses a plain decimal as tariff.ParseDecimal does and
// makes it canonExact; false for what ParseDecimal refuses. Up to 18 digits
// it builds the decimal NewFromString builds (decimal.New of the digits)
// without the regular expressions; longer ones go to ParseDecimal.
func parseCanonExact(s string) (decimal.Decimal, bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		i, neg = 1, true
	}
	var c int64
	digits, intDigits, frac := 0, 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		c, digits, intDigits = c*10+int64(s[i]-'0'), digits+1, intDigits+1
	}
	if intDigits == 0 || intDigits > 1 && s[i-intDigits] == '0' {
		return decimal.Decimal{}, false // no digits, or a leading zero
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			c, digits, frac = c*10+int64(s[i]-'0'), digits+1, frac+1
		}
		if frac == 0 {
			return decimal.Decimal{}, false
		}
	}
	if i != len(s) {
		return decimal.Decimal{}, false
	}
	if digits > 18 {
		v, err := tariff.ParseDecimal(s)
		return canonExact(v), err == nil
	}
	if neg && c == 0 {
		return decimal.Decimal{}, false // -0
	}
	if neg {
		c = -c
	}
	return decimal.New(c, -int32(frac)), true
}

// month reads a month YYYY-MM as jobj.month does ("" is the zero Month).
func (d *recDecoder) month() tariff.Month {
	s := d.str()
	if s == "" {
		return tariff.Month{}
	}
	if len(s) == 7 && s[4] == '-' && digits(s[:4]) && digits(s[5:]) {
		if m := int(s[5]-'0')*10 + int(s[6]-'0'); m >= 1 && m <= 12 {
			return tariff.Month{Year: atoi4(s), Month: time.Month(m)}
		}
	}
	m, err := tariff.ParseMonth(s)
	if err != nil {
		d.fail()
	}
	return m
}

// date reads a date YYYY-MM-DD, or null, as jobj.date does ("" and null
// are the zero Date).
func (d *recDecoder) date() tariff.Date {
	if d.null() {
		return tariff.Date{}
	}
	s := d.str()
	if s == "" {
		return tariff.Date{}
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
		m, day := int(s[5]-'0')*10+int(s[6]-'0'), int(s[8]-'0')*10+int(s[9]-'0')
		if m >= 1 && m <= 12 && day >= 1 && day <= 28 { // every month has 28 days
			return tariff.Date{Year: atoi4(s), Month: time.Month(m), Day: day}
		}
	}
	v, err := tariff.ParseDate(s)
	if err != nil {
		d.fail()
	}
	return v
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi4(s string) int {
	return int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
}

// list reads an array of elements with read into a new slice of exactly its
// length (nil when empty), buf holding them meanwhile.
func list[T any](d *recDecoder, buf []T, read func(*T)) []T {
	d.array(func() {
		var e T
		read(&e)
		buf = append(buf, e)
	})
	if len(buf) == 0 || d.bad {
		return nil
	}
	return append([]T(nil), buf...)
}

// The keys of each object, one bit each; req are those that must be given.
const (
	kArrangement = 1 << iota
	kCustomer
	kUsage
	kContract
	kPurchase
	kTables
	kChoice
	kRules
	kTOU
	kCaptive
	kLabel
	recordReq = kArrangement | kCustomer | kUsage | kChoice
)

func (d *recDecoder) record(v *Record) {
	seen := d.object(func(k string) uint32 {
		switch k {
		case "arrangement":
			switch a := Arrangement(d.str()); a {
			case ArrangementCatalog, ArrangementDirectTrade, ArrangementAgencyPurchase, ArrangementMarketPurchase:
				v.Arrangement = a
			default:
				d.fail()
			}
			return kArrangement
		case "customer":
			d.customer(&v.Customer)
			return kCustomer
		case "usage":
			d.usage(&v.Usage)
			return kUsage
		case "contract":
			if !d.null() {
				v.Contract = new(Contract)
				d.contract(v.Contract)
			}
			return kContract
		case "purchase":
			if !d.null() {
				v.Purchase = new(Purchase)
				d.purchase(v.Purchase)
			}
			return kPurchase
		case "tables":
			if !d.null() {
				var buf [4]string
				v.Tables = list(d, buf[:0], func(s *string) { *s = d.str() })
			}
			return kTables
		case "choice":
			d.choice(&v.Options)
			return kChoice
		case "rules":
			v.Options.Rules = d.optStr()
			return kRules
		case "tou":
			v.Options.TOU = d.optStr()
			return kTOU
		case "captive":
			if !d.null() {
				v.Options.Captive = new(Captive)
				d.captive(v.Options.Captive)
			}
			return kCaptive
		case "label":
			v.Options.Label = d.optStr()
			return kLabel
		}
		return 0
	})
	if seen&recordReq != recordReq {
		d.fail()
	}
	if v.Purchase != nil {
		v.Purchase.Arrangement = v.Arrangement // a record's purchase has no arrangement of its own
	}
}

func (d *recDecoder) customer(c *Customer) {
	const (
		id = 1 << iota
		name
		region
		class
		voltage
		pf
		units
		differential
		req = id | region | class | voltage | pf | units
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "id":
			c.ID = d.str()
			return id
		case "name":
			c.Name = d.optStr()
			return name
		case "region":
			c.Region = d.str()
			return region
		case "class":
			c.Class = d.str()
			return class
		case "voltage_kv":
			c.VoltageKV = d.dec()
			return voltage
		case "pf_standard":
			switch st := PFStandard(d.str()); st {
			case PFStandard090, PFStandard085, PFStandard080, PFExempt:
				c.PFStandard = st
			default:
				d.fail()
			}
			return pf
		case "units":
			var buf [8]Unit
			c.Units = list(d, buf[:0], d.unit)
			return units
		case "differential":
			c.Differential = d.optBool()
			return differential
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}

func (d *recDecoder) unit(u *Unit) {
	const (
		id = 1 << iota
		kind
		kva
		commissioned
		suspensions
		req = id | kind | kva
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "id":
			u.ID = d.str()
			return id
		case "kind":
			switch d.str() {
			case "transformer":
			case "motor":
				u.Motor = true
			default:
				d.fail()
			}
			return kind
		case "kva":
			u.KVA = d.dec()
			return kva
		case "commissioned":
			u.Commissioned = d.date()
			return commissioned
		case "suspensions":
			if !d.null() {
				var buf [4][2]tariff.Date
				u.Suspensions = list(d, buf[:0], d.suspension)
			}
			return suspensions
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}

// suspension reads {seal, unseal}.
func (d *recDecoder) suspension(s *[2]tariff.Date) {
	const (
		seal = 1 << iota
		unseal
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "seal":
			if d.next() == 'n' {
				d.fail() // required: not null
			}
			s[0] = d.date()
			return seal
		case "unseal":
			s[1] = d.date()
			return unseal
		}
		return 0
	})
	if seen&seal == 0 {
		d.fail()
	}
}

func (d *recDecoder) usage(u *Usage) {
	const (
		month = 1 << iota
		kwh
		byPeriod
		kvarh
		demand
		warnings
		lossKWh
		lossKVarh
		alKWh
		alShare
		alKWhT
		share
		weight
		req = month | kwh | kvarh | demand
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "month":
			u.Month = d.month()
			return month
		case "kwh":
			u.KWh = d.dec()
			return kwh
		case "kwh_by_period":
			if !d.null() {
				u.ByPeriod = d.byPeriod()
			}
			return byPeriod
		case "kvarh":
			u.KVarh = d.dec()
			return kvarh
		case "demand":
			u.Demand = d.demand()
			return demand
		case "warnings":
			if !d.null() {
				var buf [2]Warning
				u.Warnings = list(d, buf[:0], d.warning)
			}
			return warnings
		case "transformer_loss_kwh":
			if u.TransformerLossKWh = d.optDec(); u.TransformerLossKWh.IsZero() {
				u.TransformerLossKWh = decimal.Decimal{}
			}
			return lossKWh
		case "transformer_loss_kvarh":
			if u.TransformerLossKVarh = d.optDec(); u.TransformerLossKVarh.IsZero() {
				u.TransformerLossKVarh = decimal.Decimal{}
			}
			return lossKVarh
		case "aluminium_production_kwh":
			u.AluminiumProductionKWh = d.nullDec()
			return alKWh
		case "aluminium_production_share":
			u.AluminiumProductionShare = d.nullDec()
			return alShare
		case "aluminium_kwh_per_tonne":
			u.AluminiumKWhPerTonne = d.nullDec()
			return alKWhT
		case "renewable_share":
			u.RenewableShare = d.nullDec()
			return share
		case "provincial_weight":
			u.ProvincialWeight = d.nullDec()
			return weight
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}

// byPeriod reads kwh_by_period: an object of decimals by TOU period (nil
// for none).
func (d *recDecoder) byPeriod() map[tariff.Period]decimal.Decimal {
	var m map[tariff.Period]decimal.Decimal
	d.object(func(k string) uint32 {
		p, err := tariff.ParsePeriod(k)
		if err != nil {
			return 0
		}
		if _, twice := m[p]; twice {
			return 0
		}
		if m == nil {
			m = make(map[tariff.Period]decimal.Decimal, tariff.NumPeriods)
		}
		m[p] = d.dec()
		return 1 << len(m) // distinct: a period given twice is refused above
	})
	if d.bad {
		return nil
	}
	return m
}

// demand reads the feeders' demand: [{feeder, kw}, …] (nil for none). A
// feeder listed twice, without a name or with a kW the Go API refuses is
// left to the strict reader, which names its place in the list.
func (d *recDecoder) demand() map[string]decimal.Decimal {
	var m map[string]decimal.Decimal
	d.array(func() {
		const (
			feeder = 1 << iota
			kw
			req = feeder | kw
		)
		var f string
		var v decimal.Decimal
		seen := d.object(func(k string) uint32 {
			switch k {
			case "feeder":
				f = d.str()
				return feeder
			case "kw":
				v = d.dec()
				return kw
			}
			return 0
		})
		if seen&req != req {
			d.fail()
			return
		}
		if _, twice := m[f]; twice {
			d.fail()
			return
		}
		if reason, _ := amountProblem(v); f == "" || reason != "" {
			d.fail() // readUsage makes checkDemand's checks, to name the feeder's place
			return
		}
		if m == nil {
			m = make(map[string]decimal.Decimal, 4)
		}
		m[f] = v
	})
	if d.bad {
		return nil
	}
	return m
}

func (d *recDecoder) warning(w *Warning) {
	const (
		code = 1 << iota
		subject
		zh
		en
		req = code | subject | zh | en
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "code":
			w.Code = WarningCode(d.str())
			if !slices.Contains(warningCodes, w.Code) {
				d.fail()
			}
			return code
		case "subject":
			w.Subject = d.str()
			return subject
		case "zh":
			w.ZH = d.str()
			return zh
		case "en":
			w.EN = d.str()
			return en
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}

// choice reads {method, contract_kw} into the options.
func (d *recDecoder) choice(ch *Options) {
	const (
		method = 1 << iota
		contractKW
	)
	given := false // contract_kw given, not null
	seen := d.object(func(k string) uint32 {
		switch k {
		case "method":
			m, err := tariff.ParseMethod(d.str())
			if err != nil {
				d.fail()
			}
			ch.Method = m
			return method
		case "contract_kw":
			if !d.null() {
				ch.ContractKW, given = d.dec(), true
			}
			return contractKW
		}
		return 0
	})
	if seen&method == 0 || given && ch.Method != tariff.MethodContractDemand {
		d.fail()
	}
}

func (d *recDecoder) captive(c *Captive) {
	const (
		self = 1 << iota
		cost
		fund
		cross
		fee
		kva
		perKWh
		req = self | cost | fund | cross
	)
	var given uint32 // keys given not null
	seen := d.object(func(k string) uint32 {
		var bit uint32
		var v *decimal.Decimal
		switch k {
		case "self_kwh":
			bit, v = self, &c.SelfKWh
		case "generation_cost":
			bit, v = cost, &c.GenerationCost
		case "fund_rate":
			bit, v = fund, &c.FundRate
		case "cross_subsidy":
			bit, v = cross, &c.CrossSubsidy
		case "backup_fee":
			bit, v = fee, &c.BackupFee
		case "backup_kva":
			bit, v = kva, &c.BackupKVA
		case "backup_fee_per_kwh":
			c.BackupFeePerKWh = d.nullDec()
			if c.BackupFeePerKWh.Valid {
				given |= perKWh
			}
			return perKWh
		default:
			return 0
		}
		if bit&req != 0 || !d.null() {
			*v = d.dec()
			given |= bit
		}
		return bit
	})
	perKVA := given&(fee|kva) != 0
	switch {
	case seen&req != req, given&req != req:
		d.fail()
	case given&perKWh != 0 && perKVA, given&perKWh == 0 && given&(fee|kva) != fee|kva:
		d.fail()
	}
}

func (d *recDecoder) contract(c *Contract) {
	const (
		kwh = 1 << iota
		price
		tnd
		deviation
		req = kwh | price | deviation
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "kwh":
			c.KWh = d.dec()
			return kwh
		case "price":
			c.Price = d.nullDec()
			return price
		case "tnd":
			c.TND = d.optStr()
			return tnd
		case "deviation":
			c.Deviation = d.str()
			return deviation
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}

func (d *recDecoder) purchase(pu *Purchase) {
	const (
		agency = 1 << iota
		contracts
		sysOp
		loss
		tnd
		example
	)
	seen := d.object(func(k string) uint32 {
		switch k {
		case "agency_price":
			pu.AgencyPrice = d.nullDec()
			return agency
		case "contracts":
			if !d.null() {
				var buf [4]Contract
				pu.Contracts = list(d, buf[:0], d.marketContract)
			}
			return contracts
		case "system_operation":
			pu.SystemOperation = d.nullDec()
			return sysOp
		case "published_loss_price":
			pu.PublishedLossPrice = d.nullDec()
			return loss
		case "tnd":
			pu.TND = d.optStr()
			return tnd
		case "example_prices":
			pu.ExamplePrices = d.optBool()
			return example
		}
		return 0
	})
	if seen&sysOp == 0 {
		d.fail()
	}
}

// marketContract reads a market contract: {kwh, price}.
func (d *recDecoder) marketContract(k *Contract) {
	const (
		kwh = 1 << iota
		price
		req = kwh | price
	)
	seen := d.object(func(key string) uint32 {
		switch key {
		case "kwh":
			k.KWh = d.dec()
			return kwh
		case "price":
			k.Price = d.nullDec()
			return price
		}
		return 0
	})
	if seen&req != req {
		d.fail()
	}
}
