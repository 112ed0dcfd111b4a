package settlement

import (
	"math/bits"
	"strconv"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/shopspring/decimal"
)

// Fast, exact money arithmetic for the common case. Every function here gives
// exactly the result of the plain decimal expression it replaces (tested
// against it); it only avoids big-integer work when the coefficients fit in
// 64 bits, and falls back to the decimal expression otherwise.

// divPlaces is the number of decimal places a division keeps before the one
// rounding to the fen (README §3.1).
const divPlaces = exact.DivPlaces

// one is 1.
var one = decimal.NewFromInt(1)

var pow10u = func() [20]uint64 {
	var p [20]uint64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

func abs64(v int64) (uint64, int64) {
	if v < 0 {
		return uint64(-v), -1
	}
	return uint64(v), 1
}

// roundQuo divides the 128-bit value (hi, lo) by 10^k, rounding half away
// from zero; ok is false when the quotient does not fit in 63 bits.
func roundQuo(hi, lo uint64, k int32) (uint64, bool) {
	if k > 19 {
		return 0, false
	}
	div := pow10u[k]
	if hi >= div {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, div)
	if r >= div-r { // r ≥ div/2: half away from zero (on the magnitude)
		q++
	}
	return q, q < 1<<63
}

// mulRound returns a × b rounded to 0.01, half away from zero: a line's amount.
func mulRound(a, b decimal.Decimal) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	if ok1 && ok2 {
		ua, sa := abs64(ca)
		ub, sb := abs64(cb)
		hi, lo := bits.Mul64(ua, ub)
		e := a.Exponent() + b.Exponent()
		if e >= -2 {
			if hi == 0 && lo < 1<<63 {
				return decimal.New(sa*sb*int64(lo), e)
			}
		} else if q, ok := roundQuo(hi, lo, -2-e); ok {
			return decimal.New(sa*sb*int64(q), -2)
		}
	}
	return a.Mul(b).Round(2)
}

// round2 returns d rounded to 0.01, half away from zero.
func round2(d decimal.Decimal) decimal.Decimal {
	e := d.Exponent()
	if e >= -2 {
		return d
	}
	if c, ok := exact.Small(d); ok {
		u, s := abs64(c)
		if q, ok := roundQuo(0, u, -2-e); ok {
			return decimal.New(s*int64(q), -2)
		}
	}
	return d.Round(2)
}

// sumAmounts returns the sum of rounded amounts (exponent ≥ −2) exactly:
// in int64 fen while every term and partial sum fits well inside 63 bits
// (each term is range-checked before it is scaled), else in decimal.
func sumAmounts(ds []decimal.Decimal) decimal.Decimal {
	const limit = 1 << 61
	var s int64
	for _, d := range ds {
		c, ok := exact.Small(d)
		e := d.Exponent()
		if !ok || e < -2 || e > 0 {
			return sumSlow(ds)
		}
		scale := int64(pow10u[e+2]) // 1, 10 or 100
		if c > limit/scale || c < -limit/scale {
			return sumSlow(ds)
		}
		s += c * scale // |s| < 2^62 + 2^61 before this check fails
		if s > limit || s < -limit {
			return sumSlow(ds)
		}
	}
	return decimal.New(s, -2)
}

func sumSlow(ds []decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	for _, d := range ds {
		s = s.Add(d)
	}
	return s
}

// decString formats d exactly as d.String() does, without big-integer work for
// whole numbers that fit in 64 bits.
func decString(d decimal.Decimal) string {
	if d.Exponent() == 0 {
		if c, ok := exact.Small(d); ok {
			return strconv.FormatInt(c, 10)
		}
	}
	return d.String()
}

// Money formats an amount with exactly two decimals, as JSON and CSV carry it.
func Money(d decimal.Decimal) string { return d.StringFixed(2) }

// Price formats a unit price exactly as computed or as its table gives it
// (trailing zeros of the table kept: "22.0", "0.0571", "0.08327").
func Price(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// fracRound returns num ÷ den rounded once to 0.01, half away from zero: an
// amount that needs a division, one exact fraction divided last (domain
// §3.1). den is positive.
func fracRound(num, den decimal.Decimal) decimal.Decimal {
	if den.Equal(one) {
		return round2(num)
	}
	return num.DivRound(den, 2) // exact: rounds the true quotient, not a truncated one
}

// fracShown returns num ÷ den as a report shows it: exact when the quotient
// has at most divPlaces decimals (trailing zeros dropped), else rounded to
// divPlaces; repeats is true in the second case, when the amount must be
// said to come from the exact fraction, not the digits shown. den is
// positive.
func fracShown(num, den decimal.Decimal) (q decimal.Decimal, repeats bool) {
	if den.Equal(one) {
		return num, false
	}
	q, r := num.QuoRem(den, divPlaces)
	if r.IsZero() {
		return exact.Norm(q), false
	}
	return num.DivRound(den, divPlaces), true
}
