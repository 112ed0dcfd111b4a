package profile

import (
	"math/rand/v2"
	"testing"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The int64 conversions of kWh files at multiplier 1 give what the decimal
// expressions give, value and exponent: energyOf (whole and half readings)
// and demandOf at every resolution, on random sums, zeros, sums with
// trailing zeros and sums near the int64 limits; and addDec gives Add's
// value and exponent.
func TestFastConversionsMatchDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	plainEnergy := func(sum int64, halves bool) decimal.Decimal {
		if sum == 0 {
			return decimal.Zero
		}
		v := decimal.New(sum, -6)
		if halves {
			v = v.Mul(decimal.New(5, -1))
		}
		return exact.Norm(v)
	}
	plainDemand := func(sum int64, res int) decimal.Decimal {
		window := max(int64(res), 15)
		return exact.Norm(decimal.New(sum, -6).Mul(decimal.NewFromInt(60 / window)))
	}
	same := func(got, want decimal.Decimal, format string, args ...any) {
		t.Helper()
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf(format+": %s, want %s", append(args, got, want)...)
		}
	}
	for i := range 50000 {
		var sum int64
		switch rng.IntN(5) {
		case 0:
			sum = rng.Int64N(1000) * int64(pow10(rng.IntN(12)))
		case 1:
			sum = rng.Int64() // near the limits: × 5 and × 4 overflow, the decimal path
		case 2:
			sum = 0
		default:
			sum = rng.Int64N(1e13)
		}
		if rng.IntN(4) == 0 {
			sum = -sum
		}
		res := []int{1, 5, 15, 30, 60}[i%5]
		p := &Profile{Resolution: res, Multiplier: decimal.NewFromInt(1)}
		same(p.energyOf(sum, false), plainEnergy(sum, false), "energy %d", sum)
		same(p.energyOf(sum, true), plainEnergy(sum, true), "halves %d", sum)
		same(p.demandOf(sum), plainDemand(sum, res), "demand %d at %d min", sum, res)
		a, b := plainEnergy(sum, false), plainEnergy(rng.Int64N(1e9), i%3 == 0)
		for _, x := range [][2]decimal.Decimal{{a, b}, {decimal.Zero, a}, {a, decimal.Zero}, {decimal.Decimal{}, b}, {decimal.Zero, decimal.Zero}, {decimal.New(0, -3), a}, {a, decimal.New(7, 2)}} {
			same(addDec(x[0], x[1]), x[0].Add(x[1]), "%s + %s", x[0], x[1])
		}
	}
	// 2,500.25 kWh + 833.5 kWh in millionths: 3,333.75 kWh.
	p := &Profile{Resolution: 15, Multiplier: decimal.NewFromInt(1)}
	require.Equal(t, "3333.75", addDec(p.energyOf(2_500_250_000, false), p.energyOf(833_500_000, false)).String())
	require.Equal(t, "1250.125", p.energyOf(2_500_250_000, true).String()) // half of 2,500.25
	require.Equal(t, "10001", p.demandOf(2_500_250_000).String())          // 2,500.25 kWh in 15 minutes × 4
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}
