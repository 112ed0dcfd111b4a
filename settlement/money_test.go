package settlement

import (
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"

	"github.com/dianfei/dianfei/internal/exact"

	"github.com/dianfei/dianfei/tariff"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The fast paths equal the plain decimal expressions on random values,
// including halves, negatives and values too large for 64 bits.
func TestFastMoneyMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	rnd := func() decimal.Decimal { return randDecimal(rng, false, -11, 0) }
	for i := 0; i < 100000; i++ {
		a, b := rnd(), rnd()
		require.True(t, mulRound(a, b).Equal(a.Mul(b).Round(2)), "%s × %s", a, b)
		require.True(t, round2(a).Equal(a.Round(2)), "%s", a)
		require.Equal(t, a.Cmp(b), cmp(a, b), "cmp %s %s", a, b)
		c := rnd()
		require.Equal(t, a.Mul(b).Cmp(c), cmpMul(a, b, c), "cmpMul %s × %s vs %s", a, b, c)
		require.Equal(t, 0, cmp(a, a.Mul(decimal.New(10, -1))), "cmp %s with itself at another exponent", a) // a × (10 × 10⁻¹): the same value one exponent lower
		ds := []decimal.Decimal{a.Round(2), b.Round(2), round2(a)}
		require.True(t, sumAmounts(ds).Equal(sumSlow(ds)))
	}
	// Halves round away from zero.
	require.Equal(t, "0.13", mulRound(decimal.RequireFromString("0.25"), decimal.RequireFromString("0.5")).String())
	require.Equal(t, "-0.13", mulRound(decimal.RequireFromString("-0.25"), decimal.RequireFromString("0.5")).String())
	require.Equal(t, "2.68", round2(decimal.RequireFromString("2.675")).String())
	require.Equal(t, "-2.68", round2(decimal.RequireFromString("-2.675")).String())
}

func BenchmarkMulRound(b *testing.B) {
	x, y := decimal.RequireFromString("300000000"), decimal.RequireFromString("0.4578")
	b.ReportAllocs()
	for b.Loop() {
		_ = mulRound(x, y)
	}
}

// The power-factor line is base × percent ÷ 100 rounded once: a base of 3.30 元
// at −0.15 % is −0.00495, which rounds to −0.00 (a double rounding would give
// −0.01). Checked on random small bills against the plain decimal formula.
func TestPowerFactorRoundsOnce(t *testing.T) {
	require.Equal(t, "0.00", mulRound(decimal.RequireFromString("3.30"), decimal.RequireFromString("-0.15").Shift(-2)).StringFixed(2))
	set := defaults(t)
	rng := rand.New(rand.NewPCG(3, 5))
	for i := 0; i < 2000; i++ {
		c := smelterS()
		c.Units = []Unit{{ID: "T1", KVA: decimal.New(int64(1+rng.IntN(500)), -2)}}
		kwh := decimal.NewFromInt(int64(rng.IntN(50)))
		u := Usage{Month: tariff.Month{Year: 2016, Month: 11}, KWh: kwh, KVarh: kwh.Mul(decimal.New(int64(rng.IntN(80)), -2))}
		b, err := CatalogBill(set, c, u, capacity())
		require.NoError(t, err)
		if !b.PFApplied {
			continue
		}
		want := b.PFBase.Mul(b.PFPercent).DivRound(decimal.NewFromInt(100), 30).Round(2)
		require.True(t, b.Sum("power_factor").Equal(want), "base %s × %s %%: %s, want %s", b.PFBase, b.PFPercent, b.Sum("power_factor"), want)
	}
}

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{"0.70170": "0.7017", "2160000.000000": "2160000", "0.000": "0", "12.5": "12.5", "100": "100", "123456789012345678901234.50": "123456789012345678901234.5"} {
		got := exact.Norm(decimal.RequireFromString(in))
		require.Equal(t, want, got.String(), in)
		require.True(t, got.Equal(decimal.RequireFromString(in)))
	}
}

// The 64-bit power factor equals the big-integer one on random quantities.
func TestPowerFactor64MatchesBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	for i := 0; i < 50000; i++ {
		p := decimal.New(rng.Int64N(1<<31), -int32(rng.IntN(7)))
		q := decimal.New(rng.Int64N(1<<31)/int64(1+rng.IntN(100)), -int32(rng.IntN(7)))
		if p.IsZero() && q.IsZero() {
			continue
		}
		k, ok := powerFactor64(numOf(p), numOf(q))
		if !ok {
			continue
		}
		// The big-integer path, forced by scaling both beyond 64 bits.
		wide := func(d decimal.Decimal) decimal.Decimal { // the same value with a 40-digit coefficient
			return decimal.NewFromBigInt(new(big.Int).Mul(d.Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)), d.Exponent()-30)
		}
		require.Greater(t, wide(p).NumDigits(), 18)
		big1, _ := PowerFactorOf(wide(p), wide(q))
		require.Equal(t, big1.String(), decimal.New(k, -2).String(), "%s %s", p, q)
	}
}

// mul, add, sub and normMul give the plain decimal expression's value and
// exponent (its String), on random coefficients with trailing zeros, zeros
// and coefficients beyond 64 bits.
func TestFastArithmeticMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 13))
	rnd := func() decimal.Decimal {
		var c int64
		switch rng.IntN(5) {
		case 0:
			c = rng.Int64N(1000) * 100 // trailing zeros
		case 1:
			c = rng.Int64N(1e12)
		case 2:
			c = rng.Int64()
		case 3:
			c = 0
		default:
			c = rng.Int64N(1e18)
		}
		if rng.IntN(3) == 0 {
			c = -c
		}
		return decimal.New(c, int32(rng.IntN(14))-11)
	}
	same := func(got, want decimal.Decimal, what string, a, b decimal.Decimal) {
		t.Helper()
		require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "%s(%s, %s): %s, want %s", what, a, b, got, want)
	}
	for i := 0; i < 100000; i++ {
		a, b := rnd(), rnd()
		same(mul(a, b), a.Mul(b), "mul", a, b)
		same(add(a, b), a.Add(b), "add", a, b)
		same(sub(a, b), a.Sub(b), "sub", a, b)
		same(normMul(a, b), exact.Norm(a.Mul(b)), "normMul", a, b)
	}
	// sum against decimal's Add on 0 … 9 terms, and sumNums the same as sum
	// (value and exponent); the num sumNums returns reads as numOf reads its
	// decimal.
	for i := 0; i < 20000; i++ {
		var ds []decimal.Decimal
		var ns []num
		want := decimal.Zero
		for range rng.IntN(10) {
			d := rnd()
			ds, ns, want = append(ds, d), append(ns, numOf(d)), want.Add(d)
		}
		got := sum(ds) // the value; its exponent is the smallest term's, or 0 at most when it overflows 64 bits
		require.True(t, got.Equal(want), "sum%v = %s, want %s", ds, got, want)
		n := sumNums(ns)
		require.True(t, n.d.Equal(got) && n.d.Exponent() == got.Exponent(), "sumNums%v", ds)
		c, ok := exact.Small(n.d)
		require.Equal(t, ok, n.ok, "sumNums%v: ok", ds)
		if ok {
			require.Equal(t, c, n.c, "sumNums%v: coefficient", ds)
			require.Equal(t, n.d.Exponent(), n.e, "sumNums%v: exponent", ds)
		}
	}
	// 0.25 × 0.40 = 0.1 (0.1000 without its trailing zeros).
	require.Equal(t, "0.1", normMul(decimal.RequireFromString("0.25"), decimal.RequireFromString("0.40")).String())
}

// The rounders' F variants give the amounts of the plain rounders (value and
// exponent) and their fen exactly as amountFen reads them back; the sums of
// fen equal the decimal sums, amounts near ±2^61 fen and of 19 digits
// included (which leave the int64 path).
func TestFenVariantsMatchDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	rnd := func() decimal.Decimal { return randDecimal(rng, true, -11, 2) }
	for i := 0; i < 100000; i++ {
		a, b := rnd(), rnd()
		s := int32(rng.IntN(5)) - 2
		d, f := mulRoundShiftF(numOf(a), b, s)
		want := a.Mul(b.Shift(s)).Round(2)
		require.True(t, d.Equal(want), "%s × %s × 10^%d = %s, want %s", a, b, s, d, want)
		require.Equal(t, fenOrNo(d), f, "fen of %s × %s × 10^%d = %s", a, b, s, d)
		if s == 0 {
			require.True(t, d.Equal(mulRound(a, b)) && d.Exponent() == mulRound(a, b).Exponent())
		}
		den := rnd().Abs()
		if den.IsZero() {
			den = one
		}
		q, f := fracMulRoundF(a, b, den)
		wantQ := fracRound(a.Mul(b), den)
		require.True(t, q.Equal(wantQ), "%s × %s ÷ %s = %s, want %s", a, b, den, q, wantQ)
		require.Equal(t, fenOrNo(q), f, "fen of %s × %s ÷ %s = %s", a, b, den, q)
		// Sums of amounts of two decimals, one decimal and none, small and
		// near the int64 path's limits.
		var ds []decimal.Decimal
		var fs []int64
		for range rng.IntN(8) {
			var x decimal.Decimal
			switch rng.IntN(3) {
			case 0:
				x = decimal.New(rng.Int64N(1<<61)-1<<60, -2)
			case 1:
				x = decimal.New(rng.Int64N(2e6)-1e6, -int32(rng.IntN(3)))
			default:
				x = mulRound(rnd(), rnd())
			}
			ds, fs = append(ds, x), append(fs, fenOrNo(x))
		}
		sum := sumAmounts(ds)
		require.True(t, sum.Equal(sumSlow(ds)), "sum %v", ds)
		if n, ok := sumFen(fs); ok {
			require.True(t, n.d.Equal(sum) && n.d.Exponent() == sum.Exponent(), "sumFen %v", ds)
			c, small := exact.Small(n.d)
			require.Equal(t, small, n.ok, "sumFen %v", ds)
			require.True(t, !small || c == n.c && n.e == -2, "sumFen %v", ds)
		}
	}
}

// trimFen is canonTrim of the amount in fen: the same value, exponent and
// text, for fen with 0, 1 and 2 trailing zeros (1512000.00 元 → 1512000,
// 12.30 → 12.3, 0.05 → 0.05), negative, zero, and random fen up to ±10¹⁸.
func TestTrimFenMatchesCanonTrim(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 3))
	fs := []int64{0, 1, -1, 5, 10, 100, 1000, 151200000, 1230, -1230, 999999999999999999, -999999999999999999, 1e17, -1e17}
	for range 20000 {
		f := rng.Int64N(2e18) - 1e18
		for range rng.IntN(4) {
			f = f / 10 * 10
		}
		fs = append(fs, f)
	}
	for _, f := range fs {
		got, want := trimFen(f), canonTrim(fenOf(f))
		require.True(t, got.Equal(want), "%d", f)
		require.Equal(t, want.Exponent(), got.Exponent(), "%d", f)
		require.Equal(t, want.String(), got.String(), "%d", f)
	}
	require.Equal(t, "1512000", trimFen(151200000).String())
	require.Equal(t, "12.3", trimFen(1230).String())
	require.Equal(t, "0.05", trimFen(5).String())
}

// canonical reads a line's quantity, price and amount again only when they
// are not already in their form: on random lines (exponents −4 … 3, zeros,
// negatives) each value is what canonTrim, canonExact and canonMoney give
// (value, exponent, text), as when they were applied to every line.
func TestCanonicalLinesMatchPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 5))
	rnd := func() decimal.Decimal {
		c := rng.Int64N(2000) - 1000
		if rng.IntN(4) == 0 {
			c = 0
		}
		return decimal.New(c*[]int64{1, 10, 100}[rng.IntN(3)], int32(rng.IntN(8)-4))
	}
	for range 5000 {
		var b Bill
		for range 1 + rng.IntN(4) {
			b.Lines = append(b.Lines, Line{Quantity: rnd(), UnitPrice: rnd(), Amount: rnd()})
		}
		want := make([]Line, len(b.Lines))
		for i, l := range b.Lines {
			want[i] = Line{Quantity: canonTrim(l.Quantity), UnitPrice: canonExact(l.UnitPrice), Amount: canonMoney(l.Amount)}
		}
		b.canonical()
		for i, l := range b.Lines {
			for _, p := range [][2]decimal.Decimal{{want[i].Quantity, l.Quantity}, {want[i].UnitPrice, l.UnitPrice}, {want[i].Amount, l.Amount}} {
				require.True(t, p[0].Equal(p[1]), "%s %s", p[0], p[1])
				require.Equal(t, p[0].Exponent(), p[1].Exponent(), "%s %s", p[0], p[1])
				require.Equal(t, p[0].String(), p[1].String())
			}
		}
	}
}

// randDecimal draws a decimal for the property tests: a coefficient of up
// to 3, 12 or 18 digits or any int64 (and, with nearCarry, 18 digits that
// become 19 after a carry), a third of them negative, at an exponent in
// [lo, hi].
func randDecimal(rng *rand.Rand, nearCarry bool, lo, hi int) decimal.Decimal {
	kinds := 4
	if nearCarry {
		kinds = 5
	}
	var c int64
	switch rng.IntN(kinds) {
	case 0:
		c = rng.Int64N(1000)
	case 1:
		c = rng.Int64N(1e12)
	case 2:
		c = rng.Int64()
	case 4:
		c = 1e18 - rng.Int64N(1e6) // 18 digits, 19 after a carry
	default:
		c = rng.Int64N(1e18)
	}
	if rng.IntN(3) == 0 {
		c = -c
	}
	return decimal.New(c, int32(lo+rng.IntN(hi-lo+1)))
}

// fracShownPlain is fracShown's decimal expression, without the 128-bit path:
// num itself for a denominator of 1, else QuoRem at divPlaces, exact.Norm
// when it is exact, else DivRound.
func fracShownPlain(num, den decimal.Decimal) (decimal.Decimal, bool) {
	if den.Equal(one) {
		return num, false
	}
	q, r := num.QuoRem(den, divPlaces)
	if r.IsZero() {
		return exact.Norm(q), false
	}
	return num.DivRound(den, divPlaces), true
}

// fracShown's 128-bit path gives the coefficient and exponent (not only the
// value) of the decimal expression: quantities and prices of any sign and
// exponent, exact quotients, halves at the 24th place, and operands too
// large for it (the decimal path then).
func TestFracShownMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	same := func(num, den decimal.Decimal) {
		t.Helper()
		want, wr := fracShownPlain(num, den)
		got, gr := fracShown(num, den)
		require.Equal(t, wr, gr, "%s ÷ %s repeats", num, den)
		require.Equal(t, want.Exponent(), got.Exponent(), "%s ÷ %s = %s, got %s", num, den, want, got)
		require.Zero(t, want.Coefficient().Cmp(got.Coefficient()), "%s ÷ %s = %s, got %s", num, den, want, got)
	}
	for range 200000 {
		num := randDecimal(rng, true, -12, 3)
		den := randDecimal(rng, true, -12, 3)
		if den.IsZero() {
			continue
		}
		same(num, den)
		same(num, den.Abs())
		same(num.Mul(den), den) // exact
		// A denominator scaled up (k < 0), beyond 64 bits or not.
		same(randDecimal(rng, true, -50, 0), randDecimal(rng, true, -3, 30).Abs().Add(one))
	}
	// 2 ÷ 3 = 0.666…667 (24 places, the half rounded up); 1 ÷ 8 = 0.125
	// (exact, trimmed); 5 × 10⁻²⁵ ÷ 1 rounds to 10⁻²⁴ … and a quotient of
	// more than 64 bits: 10¹⁷ ÷ 3 at 24 places has 41 digits.
	same(decimal.New(2, 0), decimal.New(3, 0))
	same(decimal.New(1, 0), decimal.New(8, 0))
	same(decimal.New(-1, 0), decimal.New(8, 0))
	same(decimal.New(5, -25), decimal.New(10, -1))
	same(decimal.New(1e17, 0), decimal.New(3, 0))
	same(decimal.New(-1e17, 0), decimal.New(7, -3))
	// The round-up carries out of the low 64 bits: the quotient's low word
	// is 2⁶⁴ − 1 before it (a reviewer's case).
	same(decimal.New(605053205617673293, -20), decimal.New(164, 0))
	// The scaled numerator just over 2¹²⁸: the decimal path then.
	same(decimal.New(340282366920938464, -3), decimal.New(7, 0))
	_, _, ok := fracShown128(decimal.New(340282366920938464, -3), decimal.New(7, 0))
	require.False(t, ok, "A = num × 10²¹ does not fit in 128 bits")
	q, rep := fracShown(decimal.New(2, 0), decimal.New(3, 0))
	require.True(t, rep)
	require.Equal(t, "0.666666666666666666666667", q.String()) // 23 sixes, then the 24th place rounded up
	q, rep = fracShown(decimal.New(1, 0), decimal.New(8, 0))
	require.False(t, rep)
	require.Equal(t, "0.125", q.String())
	require.Equal(t, int32(-3), q.Exponent()) // trimmed from 0.125000…
}

// canonTrim of a coefficient beyond 18 digits gives what the text round trip
// gives (decimal.NewFromString(d.String())): coefficient and exponent, with
// and without trailing zeros, of any sign; endsInZero is c mod 10 = 0.
func TestCanonTrimBigMatchesText(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 31))
	ten := big.NewInt(10)
	for range 20000 {
		c := new(big.Int).Rand(rng2big(rng), new(big.Int).Lsh(big.NewInt(1), uint(64+rng.IntN(100))))
		for range rng.IntN(4) {
			c.Mul(c, ten)
		}
		if rng.IntN(2) == 0 {
			c.Neg(c)
		}
		d := decimal.NewFromBigInt(c, int32(-rng.IntN(40)))
		want, _ := decimal.NewFromString(d.String())
		got := canonTrim(d)
		require.Equal(t, want.Exponent(), got.Exponent(), "%s", d)
		require.Zero(t, want.Coefficient().Cmp(got.Coefficient()), "%s", d)
		require.Equal(t, new(big.Int).Rem(c, ten).Sign() == 0, endsInZero(d), "%s", c)
	}
	// 24 places without a trailing zero stay as they are; 10²⁰ × 10⁻² is 10¹⁸.
	d := decimal.RequireFromString("83.333333333333333333333333")
	require.Equal(t, int32(-24), canonTrim(d).Exponent())
	require.Equal(t, "1000000000000000000", canonTrim(decimal.New(1, 20).Shift(-2).Add(decimal.New(0, -2))).String())
}

// rng2big adapts a rand/v2 generator to the math/rand source big.Int.Rand takes.
func rng2big(rng *rand.Rand) *mrand.Rand { return mrand.New(mrand.NewSource(rng.Int64())) }

// sumEquals is Σ ns = t in decimal, on values of many exponents, sums that
// are equal and one fen off, and coefficients too large for its int64 path.
func TestSumEqualsMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(37, 41))
	for range 50000 {
		ns := make([]num, 1+rng.IntN(5))
		s := decimal.Zero
		for i := range ns {
			d := randDecimal(rng, true, -6, 2)
			ns[i], s = numOf(d), s.Add(d)
		}
		for _, tv := range []decimal.Decimal{s, s.Add(decimal.New(1, -2)), s.Sub(decimal.New(1, -6)), s.Mul(decimal.New(10, -1)), randDecimal(rng, false, -6, 2)} {
			require.Equal(t, s.Equal(tv), sumEquals(ns, numOf(tv)), "%v = %s", ns, tv)
		}
	}
	// A target at a larger exponent than the terms: 1.50 + 1.50 = 3.
	require.True(t, sumEquals([]num{numOf(d("1.50")), numOf(d("1.50"))}, numOf(d("3"))))
	require.False(t, sumEquals([]num{numOf(d("1.50")), numOf(d("1.49"))}, numOf(d("3"))))
	// Partial sums beyond 2⁶¹ go to decimal: eight terms of 230584300921369395
	// and 1.6 would wrap in int64 (a reviewer's case).
	var big []num
	want := decimal.Zero
	for range 8 {
		big = append(big, numOf(decimal.New(230584300921369395, 0)))
		want = want.Add(decimal.New(230584300921369395, 0))
	}
	big = append(big, numOf(d("1.6")))
	want = want.Add(d("1.6"))
	require.True(t, sumEquals(big, numOf(want)))
	require.False(t, sumEquals(big, numOf(decimal.Zero)))
}
