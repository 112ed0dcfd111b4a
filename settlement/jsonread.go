package settlement

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The strict JSON reader behind every UnmarshalJSON of this package: the
// document is parsed into nodes (keys in document order, a key given twice
// refused), then each type reads its fields by name, so that every error
// names the JSON path (usage.demand[1].kw), the value and what is allowed.
// Unknown fields, numbers where a decimal string is expected, bad decimals,
// dates and months, and unknown codes are errors (*Error).

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNum
	jStr
	jArr
	jObj
)

var jkindNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

// jnode is a parsed JSON value; an object keeps its keys in document order.
type jnode struct {
	kind jkind
	b    bool
	s    string // string value, or a number's text
	arr  []*jnode
	keys []string
	vals []*jnode
}

// parseJSON parses one JSON value; anything after it is an error. Well-formed
// input takes the fast path (fastParse); the rest, and every error, comes from
// json.Decoder's tokens.
func parseJSON(data []byte) (*jnode, error) {
	if n, ok := fastParse(data); ok {
		return n, nil
	}
	if bytes.HasPrefix(data, utf8BOM) {
		return nil, &Error{Reason: "not valid JSON: the input starts with a UTF-8 byte order mark (EF BB BF)", Allowed: "JSON text without a byte order mark (RFC 8259 §8.1): save the file as UTF-8 without BOM"}
	}
	// The position of a syntax error over the whole input: json.Decoder's
	// offsets skip what it has buffered ("   x" would be byte 1).
	var probe any
	var at *json.SyntaxError
	if err := json.Unmarshal(data, &probe); !errors.As(err, &at) {
		at = nil
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	n, err := parseValue(d, "", syntaxAt{data, at})
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, &Error{Reason: "not valid JSON: more than one value"}
	}
	return n, nil
}

// syntaxAt is the input being parsed and its first syntax error, if any,
// as json.Unmarshal finds it.
type syntaxAt struct {
	data []byte
	se   *json.SyntaxError
}

func parseValue(d *json.Decoder, path string, at syntaxAt) (*jnode, error) {
	t, err := d.Token()
	if err != nil {
		return nil, syntaxError(path, err, at)
	}
	switch t := t.(type) {
	case nil:
		return &jnode{kind: jNull}, nil
	case bool:
		return &jnode{kind: jBool, b: t}, nil
	case json.Number:
		return &jnode{kind: jNum, s: string(t)}, nil
	case string:
		return &jnode{kind: jStr, s: t}, nil
	case json.Delim:
		if t == '[' {
			n := &jnode{kind: jArr}
			for d.More() {
				v, err := parseValue(d, index(path, len(n.arr)), at)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			if _, err := d.Token(); err != nil {
				return nil, syntaxError(path, err, at)
			}
			return n, nil
		}
		n := &jnode{kind: jObj}
		for d.More() {
			kt, err := d.Token()
			if err != nil {
				return nil, syntaxError(path, err, at)
			}
			k := kt.(string)
			if slices.Contains(n.keys, k) {
				return nil, &Error{Field: join(path, k), Reason: "key given twice"}
			}
			v, err := parseValue(d, join(path, k), at)
			if err != nil {
				return nil, err
			}
			n.keys, n.vals = append(n.keys, k), append(n.vals, v)
		}
		if _, err := d.Token(); err != nil {
			return nil, syntaxError(path, err, at)
		}
		return n, nil
	}
	return nil, &Error{Field: path, Reason: "not valid JSON"}
}

// syntaxError is the *Error for an error of the JSON tokenizer: where a
// syntax error is, as the byte's position in the input counted from 1 (a
// byte that is not ASCII named in hexadecimal: outside a string no such byte
// is JSON), or the end of the input inside a value.
func syntaxError(path string, err error, at syntaxAt) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		if at.se != nil {
			se = at.se
		}
		what := se.Error()
		if o := se.Offset; o >= 1 && o <= int64(len(at.data)) && at.data[o-1] >= 0x80 {
			what = fmt.Sprintf("byte 0x%02X is not JSON here", at.data[o-1])
		}
		return &Error{Field: path, Reason: "not valid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + what}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Field: path, Reason: "not valid JSON: the input ends before the value is complete"}
	}
	return &Error{Field: path, Reason: "not valid JSON: " + err.Error()}
}

// utf8BOM is the UTF-8 byte order mark, which JSON text must not start with.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// jreader reads typed values out of nodes and keeps the first error.
type jreader struct{ err error }

func (r *jreader) fail(path, value, reason, allowed string) {
	if r.err == nil {
		r.err = &Error{Field: path, Value: value, Reason: reason, Allowed: allowed}
	}
}

func (r *jreader) wrongKind(path string, n *jnode, want string) {
	got := jkindNames[n.kind]
	if n.kind == jNum {
		got = "the JSON number " + clip(n.s)
	}
	r.fail(path, "", "expected "+want+", got "+got, "")
}

// jobj is an object being read: get marks a key as read; the keys an object
// may have are given when it is opened, so an unknown key is an error.
type jobj struct {
	r    *jreader
	path string
	n    *jnode
}

// object opens n at path as an object with the given keys; keys marked with
// a trailing "?" may be left out (or null), keys marked "*" must be given
// but may be null (a value the Go API checks, e.g. contract.price), the
// others must be given and not null: a null there is an error, never a
// silent zero. It returns nil (and records the error) when n is not such an
// object.
func (r *jreader) object(path string, n *jnode, keys ...string) *jobj {
	if r.err != nil {
		return nil
	}
	if n == nil || n.kind != jObj {
		if n == nil {
			r.fail(path, "", "missing", "")
		} else {
			r.wrongKind(path, n, "an object")
		}
		return nil
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = strings.TrimRight(k, "?*")
	}
	for _, k := range n.keys {
		if !slices.Contains(names, k) {
			r.fail(join(path, k), "", "unknown field", strings.Join(names, ", "))
			return nil
		}
	}
	for i, k := range keys {
		if strings.HasSuffix(k, "?") {
			continue
		}
		j := slices.Index(n.keys, names[i])
		switch {
		case j < 0:
			r.fail(join(path, names[i]), "", "missing", "")
			return nil
		case names[i] == k && n.vals[j].kind == jNull:
			r.fail(join(path, k), "", "null is not allowed: the value is required", "")
			return nil
		}
	}
	return &jobj{r: r, path: path, n: n}
}

// get returns the value at key k, or nil when it is absent or null.
func (o *jobj) get(k string) *jnode {
	if o == nil {
		return nil
	}
	for i, key := range o.n.keys {
		if key == k {
			if o.n.vals[i].kind == jNull {
				return nil
			}
			return o.n.vals[i]
		}
	}
	return nil
}

func (o *jobj) field(k string) string { return join(o.path, k) }

// notNull fails when one of the optional keys ks is given as null: a bill
// leaves out a key that does not apply, and its schema has no null there.
func (o *jobj) notNull(ks ...string) {
	if o == nil || o.r.err != nil {
		return
	}
	for i, key := range o.n.keys {
		if o.n.vals[i].kind == jNull && slices.Contains(ks, key) {
			o.r.fail(o.field(key), "", "null is not allowed: leave the key out when it does not apply", "")
			return
		}
	}
}

// str reads a string; absent or null is "".
func (o *jobj) str(k string) string {
	n := o.get(k)
	if n == nil || o.r.err != nil {
		return ""
	}
	if n.kind != jStr {
		o.r.wrongKind(o.field(k), n, "a string")
		return ""
	}
	return n.s
}

// boolean reads true or false; absent or null is false.
func (o *jobj) boolean(k string) bool {
	n := o.get(k)
	if n == nil || o.r.err != nil {
		return false
	}
	if n.kind != jBool {
		o.r.wrongKind(o.field(k), n, "true or false")
		return false
	}
	return n.b
}

const decimalAllowed = `a decimal in a JSON string, e.g. "12.5"`

// decimalAt parses the decimal string n at path; canon makes its
// representation canonical (see canonExact).
func (r *jreader) decimalAt(path string, n *jnode, canon func(decimal.Decimal) decimal.Decimal) decimal.Decimal {
	if n == nil || r.err != nil {
		return decimal.Decimal{}
	}
	if n.kind != jStr {
		if n.kind == jNum {
			r.fail(path, "", "a JSON number "+clip(n.s)+" where a decimal string is expected: write it as a string", decimalAllowed)
		} else {
			r.wrongKind(path, n, decimalAllowed)
		}
		return decimal.Decimal{}
	}
	d, err := tariff.ParseDecimal(n.s)
	switch {
	case err == nil:
		return canon(d)
	case leadingZeroText.MatchString(n.s):
		r.fail(path, n.s, "leading zeros are not allowed", `a decimal without leading zeros, e.g. "7" or "0.5"`)
	case negativeZeroText.MatchString(n.s):
		r.fail(path, n.s, "-0 is not allowed", `"0"`)
	default:
		r.fail(path, n.s, "not a decimal", decimalAllowed)
	}
	return decimal.Decimal{}
}

// Plain decimals that tariff.ParseDecimal refuses for their form alone: a
// leading zero ("007", "-00.5"; "0" and "0.5" have none) and a negative zero
// ("-0", "-0.00").
var (
	leadingZeroText  = regexp.MustCompile(`^-?0[0-9]+(\.[0-9]+)?$`)
	negativeZeroText = regexp.MustCompile(`^-0+(\.0+)?$`)
)

// dec reads a decimal string; absent or null is the zero Decimal (a key
// object requires is never null).
func (o *jobj) dec(k string) decimal.Decimal { return o.r.decimalAt(o.field(k), o.get(k), canonExact) }

// nullDec reads a decimal string or null.
func (o *jobj) nullDec(k string) decimal.NullDecimal {
	n := o.get(k)
	if n == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: o.r.decimalAt(o.field(k), n, canonExact), Valid: true}
}

// qty reads a quantity as a bill writes it: without trailing fractional
// zeros ("300000000", not "300000000.0").
func (o *jobj) qty(k string) decimal.Decimal {
	n := o.get(k)
	d := o.r.decimalAt(o.field(k), n, canonTrim)
	if o.r.err == nil && n != nil && strings.Contains(n.s, ".") && strings.HasSuffix(n.s, "0") {
		o.r.fail(o.field(k), n.s, "a quantity with trailing zeros", `a quantity without trailing zeros, e.g. "300000000" or "0.5"`)
	}
	return d
}

// money reads an amount with exactly two decimals.
func (o *jobj) money(k string) decimal.Decimal {
	n := o.get(k)
	d := o.r.decimalAt(o.field(k), n, canonExact)
	if o.r.err == nil && n != nil && d.Exponent() != -2 {
		o.r.fail(o.field(k), n.s, "not an amount with exactly two decimals", `e.g. "1234.50"`)
	}
	return d
}

// month reads a month YYYY-MM; absent or null is the zero Month.
func (o *jobj) month(k string) tariff.Month {
	s := o.str(k)
	if s == "" || o.r.err != nil {
		return tariff.Month{}
	}
	m, err := tariff.ParseMonth(s)
	if err != nil {
		o.r.fail(o.field(k), s, "not a month", "a month YYYY-MM")
	}
	return m
}

// date reads a date YYYY-MM-DD; absent or null is the zero Date.
func (o *jobj) date(k string) tariff.Date {
	s := o.str(k)
	if s == "" || o.r.err != nil {
		return tariff.Date{}
	}
	d, err := tariff.ParseDate(s)
	if err != nil {
		o.r.fail(o.field(k), s, "not a date", "a date YYYY-MM-DD")
	}
	return d
}

// list reads an array; absent or null is nil. Each element is read by each
// with its path.
func (o *jobj) list(k string, each func(path string, n *jnode)) {
	n := o.get(k)
	if n == nil || o.r.err != nil {
		return
	}
	if n.kind != jArr {
		o.r.wrongKind(o.field(k), n, "an array")
		return
	}
	for i, e := range n.arr {
		if o.r.err != nil {
			return
		}
		each(index(o.field(k), i), e)
	}
}

// strings reads an array of strings; empty is nil.
func (o *jobj) strings(k string) []string {
	var out []string
	o.list(k, func(path string, n *jnode) {
		if n.kind != jStr {
			o.r.wrongKind(path, n, "a string")
			return
		}
		out = append(out, n.s)
	})
	return out
}

// code reads a code that must be one of allowed (an empty string is allowed
// only when optional).
func code[T ~string](o *jobj, k string, optional bool, allowed ...T) T {
	s := o.str(k)
	if o.r.err != nil || s == "" && optional {
		return ""
	}
	if slices.Contains(allowed, T(s)) {
		return T(s)
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	if s == "" {
		o.r.fail(o.field(k), "", "missing", strings.Join(names, ", "))
	} else {
		o.r.fail(o.field(k), s, "unknown code", strings.Join(names, ", "))
	}
	return ""
}

// decode parses data and reads it with read, which gets the root node.
func decode(data []byte, read func(r *jreader, n *jnode)) error {
	n, err := parseJSON(data)
	if err != nil {
		return err
	}
	r := &jreader{}
	read(r, n)
	return r.err
}

// Canonical decimals: a bill holds each decimal in the representation its
// JSON text decodes to, so that an unmarshalled bill equals the original
// (reflect.DeepEqual). Zero is always a fresh decimal.New(0, exp).

// canonExact keeps the exponent of d (the decimals its text shows), except
// that a positive exponent becomes 0 ("500", not 5E2).
func canonExact(d decimal.Decimal) decimal.Decimal {
	if d.Exponent() > 0 {
		d = d.Round(0)
	}
	if d.IsZero() {
		if d.Exponent() == 0 {
			return zeroQty // shared, read only
		}
		return decimal.New(0, d.Exponent())
	}
	return d
}

// canonMoney holds an amount with exactly two decimals.
func canonMoney(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return zeroFen // shared, read only
	}
	if d.Exponent() != -2 {
		d = d.Round(2)
	}
	if d.IsZero() {
		return zeroFen
	}
	return d
}

// canonTrim drops trailing fractional zeros, as d.String() does.
func canonTrim(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return zeroQty // shared, read only
	}
	e := d.Exponent()
	if e > 0 {
		return d.Round(0)
	}
	if e == 0 {
		return d
	}
	if c, ok := exact.Small(d); ok {
		if c%10 != 0 {
			return d
		}
		for e < 0 && c%10 == 0 {
			c, e = c/10, e+1
		}
		return decimal.New(c, e)
	}
	if !endsInZero(d) { // a shown quantity of 24 places, say: already trimmed
		return d
	}
	t, _ := decimal.NewFromString(d.String()) // String drops trailing zeros
	return t
}

// endsInZero reports whether d's coefficient is a multiple of 10: even, and a
// multiple of 5, which it is when the sum of its words is (a word's base,
// 2³² or 2⁶⁴, is 1 more than a multiple of 5).
func endsInZero(d decimal.Decimal) bool {
	w := d.Coefficient().Bits()
	if len(w) == 0 {
		return true
	}
	if w[0]&1 != 0 {
		return false
	}
	var m uint64
	for _, x := range w {
		m += uint64(x) % 5
	}
	return m%5 == 0
}
