// Package exact holds the small pieces of exact decimal arithmetic that the
// bill, the interval-data and the scenario packages share: the precision a
// division keeps and the trimming of trailing zeros. It is not API.
package exact

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DivPlaces is the number of decimal places a division keeps before the one
// rounding to the fen: at least 20 significant digits (README §3.1).
const DivPlaces int32 = 24

// Norm drops the trailing zeros a product leaves (0.4678 × 1.5 = 0.70170 →
// 0.7017), so computed prices read as exactly as table prices; the value is
// unchanged.
func Norm(d decimal.Decimal) decimal.Decimal {
	e := d.Exponent()
	if e >= 0 {
		return d
	}
	if c, ok := Small(d); ok {
		if c%10 != 0 {
			return d
		}
		for c%10 == 0 && e < 0 {
			c /= 10
			e++
		}
		if c == 0 {
			return decimal.Zero
		}
		return decimal.New(c, e)
	}
	n, _ := decimal.NewFromString(d.String())
	return n
}

// Small returns d's coefficient when it has at most 18 digits.
func Small(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// Cmp compares a and b as a.Cmp(b) does, without rescaled copies: in int64
// when the exponents differ and both coefficients fit at a common exponent.
func Cmp(a, b decimal.Decimal) int {
	if a.Exponent() == b.Exponent() {
		return a.Cmp(b) // the coefficients compared, no rescaling
	}
	ca, ok1 := Small(a)
	cb, ok2 := Small(b)
	if ok1 && ok2 {
		if c, ok := CmpAligned(ca, a.Exponent(), cb, b.Exponent()); ok {
			return c
		}
	}
	return a.Cmp(b)
}

// CmpAligned compares ca × 10^ea with cb × 10^eb in int64 at the smaller
// exponent; ok is false when scaling would overflow.
func CmpAligned(ca int64, ea int32, cb int64, eb int32) (c int, ok bool) {
	ok = true
	if ea > eb {
		ca, ok = scale(ca, ea-eb)
	} else if eb > ea {
		cb, ok = scale(cb, eb-ea)
	}
	if !ok {
		return 0, false
	}
	switch {
	case ca < cb:
		return -1, true
	case ca > cb:
		return 1, true
	}
	return 0, true
}

// scale returns c × 10^k for 0 ≤ k, and false when it does not fit in 63 bits.
func scale(c int64, k int32) (int64, bool) {
	if k >= int32(len(pow10)) {
		return 0, c == 0
	}
	p := pow10[k]
	if c > math.MaxInt64/p || c < -math.MaxInt64/p {
		return 0, false
	}
	return c * p, true
}

// Fixed returns d × 10^places as an int64 when that is a whole number that
// fits in 63 bits and d's coefficient has at most 18 digits; ok is false
// otherwise.
func Fixed(d decimal.Decimal, places int32) (v int64, ok bool) {
	c, ok := Small(d)
	if !ok {
		return 0, false
	}
	k := d.Exponent() + places
	if k >= 0 {
		return scale(c, k)
	}
	if -k >= int32(len(pow10)) {
		return 0, c == 0
	}
	p := pow10[-k]
	if c%p != 0 {
		return 0, false
	}
	return c / p, true
}

// MaxPlaces is the most decimal places an input quantity or price may have
// (trailing zeros aside): the same precision a division keeps. More would be
// no measurement, and an unbounded exponent could overflow the arithmetic.
const MaxPlaces = DivPlaces

// maxMagnitude is 10¹²: a quantity above it in one month (kWh, kvarh, kW,
// kVA) is implausible (README §3.1), and so is a price.
var maxMagnitude = decimal.New(1, 12)

// MaxMagnitudeText is 10¹² written out, for errors' allowed values.
const MaxMagnitudeText = "1000000000000"

// Check reports what is wrong with an input quantity or price, or "" when it
// is within |v| ≤ 10¹² and has at most MaxPlaces decimal places (README §3.1).
// The bill's checks and the scenario loader share it, so the Go API accepts
// nothing the loader would reject; allowed is the allowed values' text.
func Check(v decimal.Decimal) (reason, allowed string) {
	c, ok := Small(v)
	return CheckSmall(v, c, ok)
}

// Plain reports whether a value of coefficient c (read, as Small reads it)
// and exponent e is within Check's bounds by the common case alone: at most
// 12 decimal places and |c| ≤ 10¹², so |v| ≤ 10¹². CheckSmall then has
// nothing to say; false says nothing (CheckSmall decides). Small enough to
// inline.
func Plain(c int64, e int32) bool {
	return e <= 0 && e >= -12 && c <= 1e12 && c >= -1e12
}

// CheckSmall is Check for a v whose coefficient the caller has read:
// (c, ok) is what Small(v) returns.
func CheckSmall(v decimal.Decimal, c int64, ok bool) (reason, allowed string) {
	e := v.Exponent()
	if ok && e >= -18 && e <= 0 {
		// The common case without big-integer work: |c| ≤ 10^(12−e).
		if c < 0 {
			c = -c
		}
		if 12-e >= 19 || c <= pow10[12-e] {
			return "", ""
		}
		return tooLarge, tooLargeAllowed
	}
	if v.IsZero() {
		if e > 12 || e < -4*MaxPlaces {
			return "zero written with an exponent out of range", "a plain decimal"
		}
		return "", ""
	}
	// Exponents first: comparing values of far-apart exponents would scale
	// a coefficient by a power of ten as large as their difference.
	if e > 12 {
		return tooLarge, tooLargeAllowed
	}
	if e < -4*MaxPlaces {
		return tooPrecise, tooPreciseAllowed
	}
	if v.Abs().GreaterThan(maxMagnitude) {
		return tooLarge, tooLargeAllowed
	}
	// Only trailing zeros may lie beyond MaxPlaces: 0.50…0 is 0.5.
	if e < -MaxPlaces && !v.Equal(v.Truncate(MaxPlaces)) {
		return tooPrecise, tooPreciseAllowed
	}
	return "", ""
}

// Text formats an input value for an error message: as v.String() does, or,
// when its exponent lies beyond ±100, as coefficient "e" exponent
// (1e-2000000000), so that an error never spells out a value of a billion
// digits.
func Text(v decimal.Decimal) string {
	if e := v.Exponent(); e > 100 || e < -100 {
		return v.Coefficient().String() + "e" + strconv.Itoa(int(e))
	}
	return v.String()
}

// Grouped puts thousands separators into the integer part of a number
// written in digits, for prose a reader compares with the reports' tables:
// "13372" → "13,372", "-125530.42" → "-125,530.42", "0.026825" unchanged.
func Grouped(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	ip, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i := range len(ip) {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(ip[i])
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

const (
	tooLarge          = "above 10^12, implausible"
	tooLargeAllowed   = "at most " + MaxMagnitudeText
	tooPrecise        = "more than 24 decimal places"
	tooPreciseAllowed = "at most 24 decimal places"
)

var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()
