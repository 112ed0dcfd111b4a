package settlement

import (
	"math"
	"math/big"
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
// one is 1 × 10⁰. It must stay that coefficient and exponent: the fast
// paths compare a denominator with it by identity (den == one) and then
// divide by a coefficient of 1 (TestFenVariantsMatchDecimal passes it).
var one = decimal.NewFromInt(1)

// zeroFen is 0.00 and zeroQty is 0: zeros in the form a bill's JSON holds
// them, read only (shared like one; a decimal is never modified).
var (
	zeroFen = decimal.New(0, -2)
	zeroQty = decimal.New(0, 0)
)

// fenOf returns v fen (v × 0.01) as a decimal with two decimals; zero is the
// shared zeroFen, without an allocation.
func fenOf(v int64) decimal.Decimal {
	if v == 0 {
		return zeroFen
	}
	return decimal.New(v, -2)
}

// trimFen returns f fen in 元 without trailing fractional zeros: the value
// and form canonTrim(fenOf(f)) gives, computed in int64.
func trimFen(f int64) decimal.Decimal {
	if f == 0 {
		return zeroQty
	}
	e := int32(-2)
	for e < 0 && f%10 == 0 {
		f, e = f/10, e+1
	}
	return decimal.New(f, e)
}

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
func mulRound(a, b decimal.Decimal) decimal.Decimal { return mulRoundN(numOf(a), b) }

// mulRoundN is mulRound for an a whose coefficient was read once.
func mulRoundN(an num, b decimal.Decimal) decimal.Decimal {
	d, _ := mulRoundShiftF(an, b, 0)
	return d
}

// round2 returns d rounded to 0.01, half away from zero.
func round2(d decimal.Decimal) decimal.Decimal {
	e := d.Exponent()
	if e == -2 {
		return d
	}
	if e > -2 {
		if c, ok := exact.Small(d); ok {
			if v, ok := scaled(c, e+2); ok {
				return fenOf(v) // two decimals, as JSON holds it
			}
		}
		return d
	}
	if c, ok := exact.Small(d); ok {
		u, s := abs64(c)
		if q, ok := roundQuo(0, u, -2-e); ok {
			return fenOf(s * int64(q))
		}
	}
	return d.Round(2)
}

// noFen stands for an amount that amountFen gives no fen for.
const noFen = math.MinInt64

// amountFen returns a rounded amount (exponent −2 … 0) in fen, and false
// for any other amount, one whose coefficient has more than 18 digits or
// one beyond ±2^61 fen: the terms sumAmounts adds in int64.
func amountFen(d decimal.Decimal) (int64, bool) {
	const limit = 1 << 61
	c, ok := exact.Small(d)
	e := d.Exponent()
	if !ok || e < -2 || e > 0 {
		return 0, false
	}
	scale := int64(pow10u[e+2]) // 1, 10 or 100
	if c > limit/scale || c < -limit/scale {
		return 0, false
	}
	return c * scale, true
}

// fenOrNo is amountFen with noFen for no fen.
func fenOrNo(d decimal.Decimal) int64 {
	if f, ok := amountFen(d); ok {
		return f
	}
	return noFen
}

// fenAmount returns fenOf(v) and its fen as amountFen gives them (without
// reading the coefficient back).
func fenAmount(v int64) (decimal.Decimal, int64) {
	if v >= 1e18 || v <= -1e18 { // 19 digits: amountFen gives none
		return fenOf(v), noFen
	}
	return fenOf(v), v
}

// sumAmounts returns the sum of rounded amounts (exponent ≥ −2) exactly:
// in int64 fen while every term and partial sum fits well inside 63 bits
// (each term is range-checked before it is scaled), else in decimal.
func sumAmounts(ds []decimal.Decimal) decimal.Decimal {
	var buf [bufN]int64
	fs := buf[:0]
	for _, d := range ds {
		fs = append(fs, fenOrNo(d))
	}
	if s, ok := sumFen(fs); ok {
		return s.d
	}
	return sumSlow(ds)
}

// sumFen is sumAmounts of the amounts whose fen (fenOrNo) are fs, with
// the sum's coefficient read as numOf would read it; false when an amount
// has no fen or a partial sum leaves ±2^61 (sumSlow adds the decimals then).
func sumFen(fs []int64) (num, bool) {
	const limit = 1 << 61
	var s int64
	for _, f := range fs {
		if f == noFen {
			return num{}, false
		}
		s += f // |s| < 2^62 + 2^61 before this check fails
		if s > limit || s < -limit {
			return num{}, false
		}
	}
	return num{d: fenOf(s), c: s, e: -2, ok: s < 1e18 && s > -1e18}, true
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
// amount that needs a division, one exact fraction divided last (README
// §3.1). den is positive.
func fracRound(num, den decimal.Decimal) decimal.Decimal {
	if den == one || den.Equal(one) { // the shared one first: no comparison of values
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
	if den == one || den.Equal(one) { // the shared one first: no comparison of values
		return num, false
	}
	if q, repeats, ok := fracShown128(num, den); ok {
		return q, repeats
	}
	q, r := num.QuoRem(den, divPlaces)
	if r.IsZero() {
		return exact.Norm(q), false
	}
	return num.DivRound(den, divPlaces), true
}

// smallInts[i] is i as a decimal, read only: shared like one, never modified.
var smallInts = func() [64]decimal.Decimal {
	var out [64]decimal.Decimal
	for i := range out {
		out[i] = decimal.NewFromInt(int64(i))
	}
	return out
}()

// smallInt returns n as a decimal, without an allocation for 0 ≤ n < 64.
func smallInt(n int) decimal.Decimal {
	if n >= 0 && n < len(smallInts) {
		return smallInts[n]
	}
	return decimal.NewFromInt(int64(n))
}

// hundredths[k] is k/100 for k = 0 … 100, read only: the power factors.
var hundredths = func() [101]decimal.Decimal {
	var out [101]decimal.Decimal
	for k := range out {
		out[k] = decimal.New(int64(k), -2)
	}
	return out
}()

// mul returns a × b exactly, with the exponent a.Mul(b) has.
func mul(a, b decimal.Decimal) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	if ok1 && ok2 {
		ua, sa := abs64(ca)
		ub, sb := abs64(cb)
		if hi, lo := bits.Mul64(ua, ub); hi == 0 && lo < 1<<63 {
			return decimal.New(sa*sb*int64(lo), a.Exponent()+b.Exponent())
		}
	}
	return a.Mul(b)
}

// scaled returns c × 10^k for 0 ≤ k, and false when it does not fit in 63 bits.
func scaled(c int64, k int32) (int64, bool) {
	if k == 0 {
		return c, true
	}
	if k > 18 {
		return 0, c == 0
	}
	u, s := abs64(c)
	hi, lo := bits.Mul64(u, pow10u[k])
	if hi != 0 || lo >= 1<<63 {
		return 0, false
	}
	return s * int64(lo), true
}

// cmp compares a and b as a.Cmp(b) does, without big-integer work when both
// coefficients fit in 64 bits at a common exponent.
func cmp(a, b decimal.Decimal) int { return exact.Cmp(a, b) }

// cmpAligned compares ca × 10^ea with cb × 10^eb in int64 at the smaller
// exponent; ok is false when scaling would overflow.
func cmpAligned(ca int64, ea int32, cb int64, eb int32) (c int, ok bool) {
	return exact.CmpAligned(ca, ea, cb, eb)
}

// less reports a < b.
func less(a, b decimal.Decimal) bool { return cmp(a, b) < 0 }

// sum returns the exact sum of ds: the value itself when there is one, zero
// when there is none.
func sum(ds []decimal.Decimal) decimal.Decimal {
	switch len(ds) {
	case 0:
		return decimal.Zero
	case 1:
		return ds[0]
	}
	var buf [8]num
	ns := buf[:0]
	for _, d := range ds {
		ns = append(ns, numOf(d))
	}
	return sumNums(ns).d
}

// sumNums is sum on values whose coefficients were read once; the sum's
// own coefficient is read too (ok only when it has at most 18 digits, as
// exact.Small says).
func sumNums(ns []num) num {
	switch len(ns) {
	case 0:
		return num{d: decimal.Zero, ok: true}
	case 1:
		return ns[0]
	}
	e := ns[0].e
	for _, n := range ns[1:] {
		e = min(e, n.e)
	}
	var s int64
	for _, n := range ns {
		c, ok := n.c, n.ok
		if ok {
			c, ok = scaled(c, n.e-e)
		}
		if !ok || c > 1<<61 || c < -1<<61 {
			return numOf(sumNumsSlow(ns))
		}
		s += c
		if s > 1<<61 || s < -1<<61 {
			return numOf(sumNumsSlow(ns))
		}
	}
	return num{d: decimal.New(s, e), c: s, e: e, ok: s < 1e18 && s > -1e18}
}

// sumEquals reports whether the values ns sum to t: in int64 at the
// smallest exponent when every term, partial sum and t fit well inside 63
// bits there, else in decimal.
func sumEquals(ns []num, t num) bool {
	e := t.e
	for _, n := range ns {
		e = min(e, n.e)
	}
	const limit = 1 << 61
	fits := func(n num) (int64, bool) {
		if !n.ok {
			return 0, false
		}
		c, ok := scaled(n.c, n.e-e)
		return c, ok && c <= limit && c >= -limit
	}
	var s int64
	for _, n := range ns {
		c, ok := fits(n)
		if s += c; !ok || s > limit || s < -limit {
			return sumNumsSlow(ns).Equal(t.d)
		}
	}
	c, ok := fits(t)
	if !ok {
		return sumNumsSlow(ns).Equal(t.d)
	}
	return s == c
}

func sumNumsSlow(ns []num) decimal.Decimal {
	s := decimal.Zero
	for _, n := range ns {
		s = s.Add(n.d)
	}
	return s
}

// sub returns a − b exactly, with the exponent a.Sub(b) has.
func sub(a, b decimal.Decimal) decimal.Decimal {
	if d, ok := add64(a, b, -1); ok {
		return d
	}
	return a.Sub(b)
}

// add returns a + b exactly, with the exponent a.Add(b) has.
func add(a, b decimal.Decimal) decimal.Decimal {
	if d, ok := add64(a, b, 1); ok {
		return d
	}
	return a.Add(b)
}

// add64 returns a + sign × b in int64 at the smaller exponent, and false when
// a coefficient does not fit well inside 64 bits.
func add64(a, b decimal.Decimal, sign int64) (decimal.Decimal, bool) {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	if !ok1 || !ok2 {
		return decimal.Decimal{}, false
	}
	e := min(a.Exponent(), b.Exponent())
	x, ok1 := scaled(ca, a.Exponent()-e)
	y, ok2 := scaled(cb, b.Exponent()-e)
	if !ok1 || !ok2 || x >= 1<<61 || x <= -1<<61 || y >= 1<<61 || y <= -1<<61 {
		return decimal.Decimal{}, false
	}
	switch v := x + sign*y; {
	case v != 0:
		return decimal.New(v, e), true
	case e == 0:
		return zeroQty, true // shared zeros: no allocation
	case e == -2:
		return zeroFen, true
	}
	return decimal.New(0, e), true
}

// fracMulRoundF returns a × b ÷ den rounded once to 0.01, half away from
// zero: fracRound(a × b, den), in 128-bit integers when it can (den
// positive); and the amount's fen as amountFen gives them (noFen for none).
func fracMulRoundF(a, b, den decimal.Decimal) (decimal.Decimal, int64) {
	if ca, ok := exact.Small(a); ok {
		if q, f, ok := fracRound64cF(ca, a.Exponent(), b, den); ok {
			return q, f
		}
	}
	d := fracRound(a.Mul(b), den)
	return d, fenOrNo(d)
}

// fracMul3Round returns a × b × c ÷ den rounded once to 0.01, half away
// from zero. den is positive.
func fracMul3Round(a, b, c, den decimal.Decimal) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	if ok1 && ok2 {
		ua, sa := abs64(ca)
		ub, sb := abs64(cb)
		if hi, lo := bits.Mul64(ua, ub); hi == 0 && lo < 1<<63 {
			// a × b as one 63-bit coefficient: no decimal for it.
			if q, ok := fracRound64c(sa*sb*int64(lo), a.Exponent()+b.Exponent(), c, den); ok {
				return q
			}
		}
	}
	return fracRound(a.Mul(b).Mul(c), den)
}

// fracMul3RoundDen is fracMul3Round with den = dc × 10^de, dc > 0: a
// denominator computed in int64 (1 − rate) needs no decimal of its own.
func fracMul3RoundDen(a, b, c decimal.Decimal, dc int64, de int32) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	cc, ok3 := exact.Small(c)
	if ok1 && ok2 && ok3 {
		ua, sa := abs64(ca)
		ub, sb := abs64(cb)
		if hi, lo := bits.Mul64(ua, ub); hi == 0 && lo < 1<<63 {
			if q, ok := fracRound64cc(sa*sb*int64(lo), a.Exponent()+b.Exponent(), cc, c.Exponent(), dc, de); ok {
				return q
			}
		}
	}
	return fracRound(a.Mul(b).Mul(c), decimal.New(dc, de))
}

// oneMinus64 returns 1 − r as dc × 10^de for 0 ≤ r with a coefficient in 64
// bits and at most 18 decimals; ok is false otherwise.
func oneMinus64(r decimal.Decimal) (dc int64, de int32, ok bool) {
	if c, ok := exact.Small(r); ok && r.Exponent() <= 0 && r.Exponent() >= -18 && c >= 0 {
		return int64(pow10u[-r.Exponent()]) - c, r.Exponent(), true
	}
	return 0, 0, false
}

// oneMinus returns 1 − r, exactly.
func oneMinus(r decimal.Decimal) decimal.Decimal {
	if c, ok := exact.Small(r); ok && r.Exponent() <= 0 && r.Exponent() >= -18 && c >= 0 {
		return decimal.New(int64(pow10u[-r.Exponent()])-c, r.Exponent())
	}
	return one.Sub(r)
}

// fracRound64c returns a × b ÷ den rounded once to 0.01, half away from
// zero, for a = ca × 10^ea, in 64/128-bit integers; ok is false when the
// numbers do not fit.
func fracRound64c(ca int64, ea int32, b, den decimal.Decimal) (decimal.Decimal, bool) {
	q, _, ok := fracRound64cF(ca, ea, b, den)
	return q, ok
}

// fracRound64cF is fracRound64c with the amount's fen (fenAmount).
func fracRound64cF(ca int64, ea int32, b, den decimal.Decimal) (decimal.Decimal, int64, bool) {
	cb, ok2 := exact.Small(b)
	cd, ok3 := int64(1), true
	if den != one { // the shared one (the same decimal, not only its value) needs no reading
		cd, ok3 = exact.Small(den)
	}
	if !ok2 || !ok3 {
		return decimal.Decimal{}, noFen, false
	}
	return fracRound64ccF(ca, ea, cb, b.Exponent(), cd, den.Exponent())
}

// fracRound64cc is fracRound64 for a = ca × 10^ea, b = cb × 10^eb and den
// = cd × 10^ed.
func fracRound64cc(ca int64, ea int32, cb int64, eb int32, cd int64, ed int32) (decimal.Decimal, bool) {
	q, _, ok := fracRound64ccF(ca, ea, cb, eb, cd, ed)
	return q, ok
}

// fracRound64ccF is fracRound64cc with the amount's fen (fenAmount).
func fracRound64ccF(ca int64, ea int32, cb int64, eb int32, cd int64, ed int32) (decimal.Decimal, int64, bool) {
	if cd <= 0 {
		return decimal.Decimal{}, noFen, false
	}
	// a × b ÷ den × 100 = ca × cb × 10^k ÷ cd, k = ea + eb + 2 − ed.
	k := ea + eb + 2 - ed
	ua, sa := abs64(ca)
	ub, sb := abs64(cb)
	hi, lo := bits.Mul64(ua, ub)
	d := uint64(cd)
	if k > 0 {
		if k > 19 {
			return decimal.Decimal{}, noFen, false
		}
		h2, l2 := bits.Mul64(lo, pow10u[k])
		h3, l3 := bits.Mul64(hi, pow10u[k])
		if h3 != 0 {
			return decimal.Decimal{}, noFen, false
		}
		var carry uint64
		h2, carry = bits.Add64(h2, l3, 0)
		if carry != 0 {
			return decimal.Decimal{}, noFen, false
		}
		hi, lo = h2, l2
	} else if k < 0 {
		if -k > 19 {
			return decimal.Decimal{}, noFen, false
		}
		h, l := bits.Mul64(d, pow10u[-k])
		if h != 0 {
			return decimal.Decimal{}, noFen, false
		}
		d = l
	}
	if hi >= d {
		return decimal.Decimal{}, noFen, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // r ≥ d/2: half away from zero (on the magnitude)
		q++
	}
	if q >= 1<<63 {
		return decimal.Decimal{}, noFen, false
	}
	amt, f := fenAmount(sa * sb * int64(q))
	return amt, f, true
}

// mulRoundShiftF returns a × b × 10^s rounded to 0.01, half away from zero
// (mulRound(a, b.Shift(s)); mulRound for s = 0), for an a whose coefficient
// was read once; it also returns the amount in fen as amountFen gives it
// (noFen when amountFen gives none), for the sums of a bill's lines.
func mulRoundShiftF(an num, b decimal.Decimal, s int32) (decimal.Decimal, int64) {
	cb, ok2 := exact.Small(b)
	if an.ok && ok2 {
		ua, sa := abs64(an.c)
		ub, sb := abs64(cb)
		hi, lo := bits.Mul64(ua, ub)
		e := an.e + b.Exponent() + s
		if e >= -2 {
			if hi == 0 && lo < 1<<63 {
				if v, ok := scaled(sa*sb*int64(lo), e+2); ok {
					return fenAmount(v) // two decimals, as JSON holds it
				}
				d := decimal.New(sa*sb*int64(lo), e)
				return d, fenOrNo(d)
			}
		} else if q, ok := roundQuo(hi, lo, -2-e); ok {
			return fenAmount(sa * sb * int64(q))
		}
	}
	var d decimal.Decimal
	if s == 0 {
		d = an.d.Mul(b).Round(2)
	} else {
		d = mulRound(an.d, b.Shift(s))
	}
	return d, fenOrNo(d)
}

// appendDec appends d as d.String() writes it, without big-integer work
// when its coefficient fits in 64 bits.
func appendDec(dst []byte, d decimal.Decimal) []byte {
	c, ok := exact.Small(d)
	e := d.Exponent()
	if !ok || e > 0 || e < -18 {
		return append(dst, d.String()...)
	}
	if e == 0 {
		return strconv.AppendInt(dst, c, 10)
	}
	u, s := abs64(c)
	div := pow10u[-e]
	ip, fp := u/div, u%div
	if s < 0 && (ip != 0 || fp != 0) {
		dst = append(dst, '-')
	}
	dst = strconv.AppendUint(dst, ip, 10)
	if fp == 0 {
		return dst
	}
	n := int(-e)
	for fp%10 == 0 {
		fp /= 10
		n--
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], fp, 10)
	dst = append(dst, '.')
	for i := len(digits); i < n; i++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// appendPrice appends d as Price(d) writes it (all the decimals of its
// exponent, trailing zeros kept), without big-integer work or a string of
// its own when its coefficient fits in 64 bits.
func appendPrice(dst []byte, d decimal.Decimal) []byte {
	c, ok := exact.Small(d)
	e := d.Exponent()
	if !ok || e >= 0 || e < -18 {
		return append(dst, Price(d)...)
	}
	u, s := abs64(c)
	div := pow10u[-e]
	ip, fp := u/div, u%div
	if s < 0 && (ip != 0 || fp != 0) {
		dst = append(dst, '-')
	}
	dst = append(strconv.AppendUint(dst, ip, 10), '.')
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], fp, 10)
	for i := len(digits); i < int(-e); i++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// cmpMul compares a × b with c as mul(a, b).Cmp(c) does, without making the
// product when the coefficients fit in 64 bits.
func cmpMul(a, b, c decimal.Decimal) int { return cmpMulN(numOf(a), numOf(b), numOf(c)) }

// num is a decimal with its coefficient read once (exact.Small), for a value
// compared several times: c × 10^e when ok.
type num struct {
	d  decimal.Decimal
	c  int64
	e  int32
	ok bool
}

func numOf(d decimal.Decimal) num {
	c, ok := exact.Small(d)
	return num{d: d, c: c, e: d.Exponent(), ok: ok}
}

// cmpMulN is cmpMul on values whose coefficients were read once.
func cmpMulN(a, b, c num) int {
	if a.ok && b.ok && c.ok {
		ua, sa := abs64(a.c)
		ub, sb := abs64(b.c)
		if hi, lo := bits.Mul64(ua, ub); hi == 0 && lo < 1<<63 {
			if r, ok := cmpAligned(sa*sb*int64(lo), a.e+b.e, c.c, c.e); ok {
				return r
			}
		}
	}
	return a.d.Mul(b.d).Cmp(c.d)
}

// normMul returns exact.Norm(a.Mul(b)): the product without trailing
// fractional zeros, in 64 bits when it fits.
func normMul(a, b decimal.Decimal) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	if ok1 && ok2 {
		ua, sa := abs64(ca)
		ub, sb := abs64(cb)
		if hi, lo := bits.Mul64(ua, ub); hi == 0 && lo < 1<<63 {
			c, e := sa*sb*int64(lo), a.Exponent()+b.Exponent()
			if e >= 0 || c%10 != 0 {
				return decimal.New(c, e)
			}
			if c == 0 {
				return decimal.Zero
			}
			for c%10 == 0 && e < 0 {
				c /= 10
				e++
			}
			return decimal.New(c, e)
		}
	}
	return exact.Norm(a.Mul(b))
}

// fracShown128 is fracShown in 128-bit integers: the same coefficient and
// exponent, without big-integer work, when both coefficients have at most 18
// digits, the scaled numerator fits in 128 bits and the scaled denominator in
// 64 (ok false otherwise, and on a platform whose words are not 64 bits).
// As QuoRem and DivRound at divPlaces: A = |num| scaled, B = |den| scaled, the
// quotient Q = A / B with remainder R; exact (R = 0) it is trimmed as
// exact.Norm trims it, else it is rounded half away from zero (2R ≥ B adds
// one) and keeps divPlaces decimals.
func fracShown128(num, den decimal.Decimal) (q decimal.Decimal, repeats, ok bool) {
	if bits.UintSize != 64 {
		return q, false, false
	}
	cn, ok1 := exact.Small(num)
	cd, ok2 := exact.Small(den)
	if !ok1 || !ok2 || cd == 0 {
		return q, false, false
	}
	un, sn := abs64(cn)
	ud, sd := abs64(cd)
	hi, lo := uint64(0), un
	k := int64(num.Exponent()) - int64(den.Exponent()) + int64(divPlaces)
	for k > 0 { // A = |num| × 10^k
		s := min(k, 19)
		h1, l1 := bits.Mul64(lo, pow10u[s])
		h2, l2 := bits.Mul64(hi, pow10u[s])
		var c uint64
		hi, c = bits.Add64(l2, h1, 0)
		if h2 != 0 || c != 0 {
			return q, false, false
		}
		lo, k = l1, k-s
	}
	if k < 0 { // B = |den| × 10^−k
		if k < -19 {
			return q, false, false
		}
		h, l := bits.Mul64(ud, pow10u[-k])
		if h != 0 {
			return q, false, false
		}
		ud = l
	}
	qh, rh := hi/ud, hi%ud
	ql, r := bits.Div64(rh, lo, ud)
	e := -divPlaces
	if r == 0 {
		for e < 0 && (qh != 0 || ql != 0) {
			th, tr := qh/10, qh%10
			tl, rem := bits.Div64(tr, ql, 10)
			if rem != 0 {
				break
			}
			qh, ql, e = th, tl, e+1
		}
		if qh == 0 && ql == 0 {
			return decimal.Zero, false, true
		}
		return decimal128(sn*sd < 0, qh, ql, e), false, true
	}
	if r >= ud-r { // 2R ≥ B
		var c uint64
		ql, c = bits.Add64(ql, 1, 0)
		qh += c
	}
	return decimal128(sn*sd < 0, qh, ql, e), true, true
}

// decimal128 returns the decimal of coefficient ±(hi·2⁶⁴ + lo) and exponent e
// (64-bit words only).
func decimal128(neg bool, hi, lo uint64, e int32) decimal.Decimal {
	if hi == 0 && lo <= math.MaxInt64 {
		v := int64(lo)
		if neg {
			v = -v
		}
		return decimal.New(v, e)
	}
	var z big.Int
	w := [2]big.Word{big.Word(lo), big.Word(hi)}
	z.SetBits(w[:])
	if neg {
		z.Neg(&z)
	}
	return decimal.NewFromBigInt(&z, e)
}
