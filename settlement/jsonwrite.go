package settlement

import (
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The bill's JSON written by hand: appendBill appends the bytes
// encoding/json wrote from the wire structs the bill used to have (field
// order, omitted keys, string escaping, decimal texts), about six times
// faster and without allocating. With html it escapes <, > and & as
// json.Marshal does; without, as MarshalJSON's encoder (SetEscapeHTML
// false) does. TestAppendBill checks the bytes against encoding/json on
// random and settled bills.

// appendBill appends b's JSON.
func appendBill(dst []byte, b *Bill, html bool) []byte {
	dst = append(dst, `{"month":`...)
	dst = appendMonth(dst, b.Month)
	dst = append(dst, `,"customer":`...)
	dst = appendString(dst, b.Customer, html)
	dst = append(dst, `,"arrangement":`...)
	dst = appendString(dst, string(b.Arrangement), html)
	if b.Label != "" {
		dst = append(dst, `,"label":`...)
		dst = appendString(dst, b.Label, html)
	}
	dst = append(dst, `,"lines":[`...)
	for i := range b.Lines {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendLine(dst, &b.Lines[i], html)
	}
	dst = append(dst, `],"total":"`...)
	dst = appendFixed(dst, b.Total, 2)
	dst = append(dst, `","power_factor":{"applied":`...)
	dst = strconv.AppendBool(dst, b.PFApplied)
	dst = append(dst, `,"kwh":"`...)
	dst = appendDec(dst, b.PFKWh)
	dst = append(dst, `","kvarh":"`...)
	dst = appendDec(dst, b.PFKVarh)
	dst = append(dst, `","value":"`...)
	dst = appendFixed(dst, b.PF, 2)
	dst = append(dst, `","standard":`...)
	dst = appendString(dst, string(b.PFStandard), html)
	dst = append(dst, `,"percent":"`...)
	dst = appendDec(dst, b.PFPercent)
	dst = append(dst, `","base":"`...)
	dst = appendFixed(dst, b.PFBase, 2)
	dst = append(dst, `","table":`...)
	dst = appendString(dst, b.PFTable, html)
	dst = append(dst, `},"basic_charge":{"rules":`...)
	dst = appendString(dst, b.Rules, html)
	dst = append(dst, `,"document":`...)
	dst = appendString(dst, b.RulesDocument, html)
	dst = append(dst, `,"method":`...)
	dst = appendString(dst, string(b.Method), html)
	if b.Method == tariff.MethodContractDemand {
		dst = append(dst, `,"contract_kw":"`...)
		dst = appendDec(dst, b.ContractKW)
		dst = append(dst, '"')
	}
	if b.Method != tariff.MethodCapacity {
		dst = append(dst, `,"billed_kw":"`...)
		dst = appendDec(dst, b.BilledKW)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"demand_kw":"`...)
	dst = appendDec(dst, b.DemandKW)
	dst = append(dst, `","capacity_kva":"`...)
	dst = appendDec(dst, b.CapacityKVA)
	dst = append(dst, `","reading":`...)
	dst = appendString(dst, string(b.Reading), html)
	dst = append(dst, `,"discount":`...)
	dst = strconv.AppendBool(dst, b.Discount)
	dst = append(dst, `,"counterfactual":`...)
	dst = strconv.AppendBool(dst, b.Counterfactual)
	dst = append(dst, `},"sources":[`...)
	for i := range b.Sources {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendSource(dst, &b.Sources[i], html)
	}
	dst = append(dst, `],"warnings":[`...)
	for i := range b.Warnings {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendWarning(dst, &b.Warnings[i], html)
	}
	return append(dst, "]}"...)
}

// appendLine appends a line's JSON: period left out when the line is not
// split by TOU, basis.items when there are none.
func appendLine(dst []byte, l *Line, html bool) []byte {
	dst = append(dst, `{"code":`...)
	dst = appendString(dst, string(l.Code), html)
	if l.Period != "" {
		dst = append(dst, `,"period":`...)
		dst = appendString(dst, string(l.Period), html)
	}
	dst = append(dst, `,"label_zh":`...)
	dst = appendString(dst, l.LabelZH, html)
	dst = append(dst, `,"label_en":`...)
	dst = appendString(dst, l.LabelEN, html)
	dst = append(dst, `,"quantity":"`...)
	dst = appendDec(dst, l.Quantity)
	dst = append(dst, `","unit":`...)
	dst = appendString(dst, l.Unit, html)
	dst = append(dst, `,"unit_price":"`...)
	dst = appendPrice(dst, l.UnitPrice)
	dst = append(dst, `","amount":"`...)
	dst = appendFixed(dst, l.Amount, 2)
	dst = append(dst, `","basis":{"tables":`...)
	dst = appendStrings(dst, l.Tables, html)
	dst = append(dst, `,"documents":`...)
	dst = appendStrings(dst, l.Documents, html)
	dst = append(dst, `,"clause":`...)
	dst = appendString(dst, l.Clause, html)
	dst = append(dst, `,"clause_zh":`...)
	dst = appendString(dst, l.ClauseZH, html)
	if len(l.Items) > 0 {
		dst = append(dst, `,"items":[`...)
		for i := range l.Items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendItem(dst, &l.Items[i], html)
		}
		dst = append(dst, ']')
	}
	return append(dst, "}}"...)
}

// appendItem appends {"kind", "ref", "name", "value"}; name is Name().
func appendItem(dst []byte, it *Item, html bool) []byte {
	dst = append(dst, `{"kind":`...)
	dst = appendString(dst, string(it.Kind), html)
	dst = append(dst, `,"ref":`...)
	dst = appendString(dst, it.Ref, html)
	dst = append(dst, `,"name":`...)
	// Name() without the concatenation: the label is ASCII, so escaping
	// label, space and ref one after the other gives the bytes of escaping
	// the joined name.
	switch label := it.Kind.LabelEN(); {
	case label == "":
		dst = appendString(dst, it.Ref, html)
	case it.Ref == "":
		dst = appendString(dst, label, html)
	default:
		dst = append(dst, '"')
		dst = appendStringBody(dst, label, html)
		dst = append(dst, ' ')
		dst = appendStringBody(dst, it.Ref, html)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"value":`...)
	dst = appendString(dst, it.Value, html)
	return append(dst, '}')
}

// appendSource appends a source; medium_values is [] when there are none.
func appendSource(dst []byte, s *Source, html bool) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, s.ID, html)
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, string(s.Kind), html)
	dst = append(dst, `,"issuer":`...)
	dst = appendString(dst, s.Issuer, html)
	dst = append(dst, `,"document":`...)
	dst = appendString(dst, s.Document, html)
	dst = append(dst, `,"effective":`...)
	dst = appendString(dst, s.Range, html)
	dst = append(dst, `,"confidence":`...)
	dst = appendString(dst, string(s.Confidence), html)
	dst = append(dst, `,"medium_values":`...)
	dst = appendStrings(dst, s.Medium, html)
	return append(dst, '}')
}

// appendWarning appends {"code", "subject", "zh", "en"}.
func appendWarning(dst []byte, w *Warning, html bool) []byte {
	dst = append(dst, `{"code":`...)
	dst = appendString(dst, string(w.Code), html)
	dst = append(dst, `,"subject":`...)
	dst = appendString(dst, w.Subject, html)
	dst = append(dst, `,"zh":`...)
	dst = appendString(dst, w.ZH, html)
	dst = append(dst, `,"en":`...)
	dst = appendString(dst, w.EN, html)
	return append(dst, '}')
}

// appendStrings appends a JSON array of strings ([] for none).
func appendStrings(dst []byte, ss []string, html bool) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s, html)
	}
	return append(dst, ']')
}

// appendMonth appends m.String() quoted.
func appendMonth(dst []byte, m tariff.Month) []byte {
	if m.Year < 0 || m.Year > 9999 || m.Month < 1 || m.Month > 12 {
		return appendString(dst, m.String(), false)
	}
	y, mo := m.Year, int(m.Month)
	return append(dst, '"', byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-', byte('0'+mo/10), byte('0'+mo%10), '"')
}

// ---- decimals: String and Price are appendDec and appendPrice (money.go);
// appendFixed is StringFixed, without allocating for coefficients of at
// most 18 digits (others are formatted by the library).

// appendFixed appends d.StringFixed(places) (places ≥ 0): d rounded half
// away from zero to places decimals, trailing zeros kept. Only a value with
// more decimals than places needs rounding; the library does that.
func appendFixed(dst []byte, d decimal.Decimal, places int32) []byte {
	e := d.Exponent()
	c, ok := exact.Small(d)
	if !ok || e < -places || e > 18 || places > 18 {
		return append(dst, d.StringFixed(places)...)
	}
	// Exact: c × 10^(e+places) with places decimals, if it fits.
	for ; e > -places; e-- {
		if c > 99_999_999_999_999_999 || c < -99_999_999_999_999_999 {
			return append(dst, d.StringFixed(places)...)
		}
		c *= 10
	}
	if places == 0 {
		return strconv.AppendInt(dst, c, 10)
	}
	return appendPoint(dst, c, int(places))
}

// appendPoint appends the coefficient c with places (> 0) decimals, as
// shopspring's string does without trimming: "0.05" for (5, 2).
func appendPoint(dst []byte, c int64, places int) []byte {
	var u uint64
	if c < 0 {
		dst = append(dst, '-')
		u = uint64(-c)
	} else {
		u = uint64(c)
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], u, 10)
	if len(digits) > places {
		dst = append(dst, digits[:len(digits)-places]...)
		dst = append(dst, '.')
		return append(dst, digits[len(digits)-places:]...)
	}
	dst = append(dst, '0', '.')
	for range places - len(digits) {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// ---- strings: encoding/json's escaping.

// appendString appends s as a JSON string, escaped as encoding/json escapes
// it: ", \ and control characters (\b \f \n \r \t short), with html also <,
// > and & as \u00XX; invalid UTF-8 as \ufffd; U+2028 and U+2029 as \u2028
// and \u2029.
func appendString(dst []byte, s string, html bool) []byte {
	dst = append(dst, '"')
	dst = appendStringBody(dst, s, html)
	return append(dst, '"')
}

const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// load8 returns the 8 bytes of s at i, the first in the lowest byte.
func load8(s string, i int) uint64 {
	b := s[i : i+8] // one 8-byte load (indexing s at i+k is not combined)
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// special8 returns 0 when none of the 8 bytes x needs a look (all ASCII, none
// below 0x20, no " or \), else a mask whose lowest set bit is the high bit of
// the first byte that does. (A byte at or above 0x80 sets its own high bit;
// the subtractions may also set the high bit of a byte at or above 0x80, or
// of a byte after a match, never of an earlier byte.)
func special8(x uint64) uint64 {
	q, bs := x^(lsb8*'"'), x^(lsb8*'\\')
	return (x | (x - lsb8*0x20) | (q-lsb8)&^q | (bs-lsb8)&^bs) & msb8
}

// special8HTML is special8 that also looks at <, > and &: one test finds
// " and & (b|4 is 0x26 for those two bytes only), one < and > (b|2 is 0x3E
// for those two only).
func special8HTML(x uint64) uint64 {
	qa, lg, bs := (x|lsb8*4)^(lsb8*0x26), (x|lsb8*2)^(lsb8*0x3E), x^(lsb8*'\\')
	return (x | (x - lsb8*0x20) | (qa-lsb8)&^qa | (lg-lsb8)&^lg | (bs-lsb8)&^bs) & msb8
}

// jsonPlain[html][c] is true for a byte c that a JSON string holds as it is
// and that is ASCII.
var jsonPlain = func() (t [2][256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[0][c] = c != '"' && c != '\\'
		t[1][c] = t[0][c] && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// lead3[c] is not 0 for the first byte of a three-byte UTF-8 sequence of
// U+1000 … U+CFFF or U+E000 … U+FFFF, valid with any two continuation
// bytes; 3 for E2, the first byte of U+2028 and U+2029.
var lead3 = func() (t [256]uint8) {
	for c := 0xE1; c <= 0xEF; c++ {
		if c != 0xED {
			t[c] = 1
		}
	}
	t[0xE2] = 3
	return t
}()

const hexDigits = "0123456789abcdef"

// appendStringBody appends s escaped, without the quotes.
func appendStringBody(dst []byte, s string, html bool) []byte {
	plain := &jsonPlain[0]
	if html {
		plain = &jsonPlain[1]
	}
	start, i := 0, 0
	for {
		i = plainEnd(s, i, html)
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if plain[c] { // plainEnd may stop early (see special8)
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		if j := chineseEnd(s, i); j > i {
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			start = i + 1
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			start = i + size
		}
		i += size
	}
	return append(dst, s[start:]...)
}

// plainEnd returns the index of the first byte of s at or after i that
// special8 (special8HTML with html) flags, or len(s). It may stop early at a
// plain byte, never late. Fewer than 8 bytes before the end are looked at
// as the last 8 bytes of s, those before i masked out, when s has 8.
func plainEnd(s string, i int, html bool) int {
	if html {
		for i+8 <= len(s) {
			if m := special8HTML(load8(s, i)); m != 0 {
				return i + bits.TrailingZeros64(m)>>3
			}
			i += 8
		}
	} else {
		for i+8 <= len(s) {
			if m := special8(load8(s, i)); m != 0 {
				return i + bits.TrailingZeros64(m)>>3
			}
			i += 8
		}
	}
	if i >= len(s) {
		return i
	}
	if len(s) < 8 {
		plain := &jsonPlain[0]
		if html {
			plain = &jsonPlain[1]
		}
		for i < len(s) && plain[s[i]] {
			i++
		}
		return i
	}
	x := load8(s, len(s)-8)
	m := special8(x)
	if html {
		m = special8HTML(x)
	}
	m &^= 1<<(8*(8-(len(s)-i))) - 1 // the bytes before i
	if m == 0 {
		return len(s)
	}
	return len(s) - 8 + bits.TrailingZeros64(m)>>3
}

// chineseEnd returns the index after the three-byte UTF-8 sequences at i of
// U+1000 … U+CFFF and U+E000 … U+FFFF (Chinese text, fullwidth
// punctuation), which are valid without decoding, U+2028 and U+2029
// excepted: two at a time while 8 bytes remain.
func chineseEnd(s string, i int) int {
	for i+8 <= len(s) {
		x := load8(s, i)
		t0, t1 := lead3[byte(x)], lead3[byte(x>>24)]
		if t0&t1 == 0 || x&0xC0C0_00C0_C000 != 0x8080_0080_8000 ||
			(t0|t1)&2 != 0 && (x&0xFE_FFFF == 0xA8_80E2 || x&0xFE_FFFF_000000 == 0xA8_80E2_000000) {
			break
		}
		i += 6
	}
	for i+2 < len(s) {
		c0, c12 := s[i], uint16(s[i+1])|uint16(s[i+2])<<8
		if lead3[c0] == 0 || c12&0xC0C0 != 0x8080 || c0 == 0xE2 && c12&^0x100 == 0xA880 {
			break
		}
		i += 3
	}
	return i
}
