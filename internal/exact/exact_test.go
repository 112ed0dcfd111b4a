package exact

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	ok := []decimal.Decimal{
		decimal.RequireFromString("1000000000000"), // 10¹² itself
		decimal.RequireFromString("-1000000000000"),
		decimal.RequireFromString("0.000000000000000000000001"),            // 24 places
		decimal.RequireFromString("0.500000000000000000000000000000"),      // trailing zeros beyond 24 places
		decimal.RequireFromString("999999999999.999999999999999999999999"), // below 10¹², 24 places
		decimal.New(1, 12), decimal.New(0, 12), decimal.New(0, -90), decimal.Zero,
	}
	for _, v := range ok {
		r, _ := Check(v)
		require.Empty(t, r, "%s × 10^%d", v.Coefficient(), v.Exponent())
	}
	for _, c := range []struct {
		v    decimal.Decimal
		want string
	}{
		{decimal.RequireFromString("1000000000000.000000000000000000000001"), "above 10^12, implausible"},
		{decimal.RequireFromString("8384883669827979"), "above 10^12, implausible"},
		{decimal.RequireFromString("-1000000000001"), "above 10^12, implausible"},
		{decimal.New(1, 13), "above 10^12, implausible"},
		{decimal.New(1, 2000000000), "above 10^12, implausible"},
		{decimal.RequireFromString("0.0000000000000000000000001"), "more than 24 decimal places"},
		{decimal.New(1, -2000000000), "more than 24 decimal places"},
		{decimal.New(10, -97), "more than 24 decimal places"},
		{decimal.New(0, 2000000000), "zero written with an exponent out of range"},
		{decimal.New(0, -2000000000), "zero written with an exponent out of range"},
	} {
		r, _ := Check(c.v)
		require.Equal(t, c.want, r, "%d × 10^%d", c.v.CoefficientInt64(), c.v.Exponent())
	}
}

func TestGrouped(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "13372": "13,372", "300000000": "300,000,000",
		"-125530.42": "-125,530.42", "0.026825": "0.026825", "1234567.1234567": "1,234,567.1234567", "-12": "-12",
	} {
		if got := Grouped(in); got != want {
			t.Errorf("Grouped(%q) = %q, want %q", in, got, want)
		}
	}
}

// Cmp agrees with decimal's Cmp on random values: small and 19+ digit
// coefficients, near and far exponents, the same value at two exponents.
func TestCmpMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	coef := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return rng.Int64N(1000) - 500
		case 1:
			return rng.Int64() - rng.Int64() // near ±2⁶³: 19 digits
		}
		return rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
	}
	exp := func() int32 {
		if rng.IntN(5) == 0 {
			return int32(rng.IntN(80) - 40)
		}
		return int32(rng.IntN(13) - 8)
	}
	for range 20000 {
		a, b := decimal.New(coef(), exp()), decimal.New(coef(), exp())
		require.Equal(t, a.Cmp(b), Cmp(a, b), "%s %s", a, b)
		s := int32(rng.IntN(6))
		a2 := decimal.NewFromBigInt(new(big.Int).Mul(a.Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil)), a.Exponent()-s)
		require.Equal(t, 0, Cmp(a, a2), "%s at exponent %d", a, a2.Exponent())
		require.Equal(t, a.Cmp(a2.Add(decimal.New(1, a2.Exponent()))), Cmp(a, a2.Add(decimal.New(1, a2.Exponent()))))
	}
}

// Fixed gives d × 10^places exactly, or reports that it is not a whole
// number in 63 bits (or d's coefficient has 19 digits or more), as the
// big-integer arithmetic says.
func TestFixedMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	limit := new(big.Int).Lsh(big.NewInt(1), 63)
	for range 20000 {
		c := rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
		if rng.IntN(4) == 0 {
			c = rng.Int64() - rng.Int64()
		}
		d := decimal.New(c, int32(rng.IntN(40)-20))
		places := int32(rng.IntN(12))
		x := d.Shift(places)
		want, wantOK := int64(0), false
		if x.IsInteger() && d.NumDigits() <= 18 {
			b := x.BigInt()
			if b.CmpAbs(limit) < 0 {
				want, wantOK = b.Int64(), true
			}
		}
		got, ok := Fixed(d, places)
		require.Equal(t, wantOK, ok, "%s × 10^%d", d, places)
		require.Equal(t, want, got, "%s × 10^%d", d, places)
	}
}

// Plain is a sufficient condition: wherever it holds, Check finds nothing;
// on random coefficients and exponents around its bounds (|c| near 10¹², e
// near 0 and −12, coefficients of 19 digits that Small does not read).
func TestPlainImpliesCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 2))
	cs := []int64{0, 1, -1, 1e12, -1e12, 1e12 + 1, -1e12 - 1, 999999999999, 1e17, 1e18 - 1}
	for range 20000 {
		cs = append(cs, rng.Int64N(2e12)-1e12, rng.Int64()>>uint(rng.IntN(63)))
	}
	plain := 0
	for i, c := range cs {
		for _, e := range []int32{1, 0, -1, -2, -11, -12, -13, -18, -24, -25, int32(i%30) - 20} {
			v := decimal.New(c, e)
			sc, ok := Small(v)
			r, _ := Check(v)
			if ok && Plain(sc, e) {
				plain++
				require.Empty(t, r, "%d × 10^%d", c, e)
			}
		}
		// A coefficient of 19 digits and more is never read as Plain.
		big19 := decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(c), big.NewInt(1e18)), -20)
		if _, ok := Small(big19); ok {
			require.Zero(t, c)
		}
	}
	require.Greater(t, plain, 20000, "the fast path was taken")
}
