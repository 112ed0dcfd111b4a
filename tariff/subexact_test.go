package tariff

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// subExact gives a.Sub(b)'s value and exponent, on random prices, zeros and
// coefficients too large for its 64-bit path.
func TestSubExactMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	rnd := func() decimal.Decimal {
		var c int64
		switch rng.IntN(4) {
		case 0:
			c = rng.Int64N(1_000_000_000)
		case 1:
			c = rng.Int64N(10_000) * 100
		case 2:
			c = 0
		default:
			c = rng.Int64()
		}
		if rng.IntN(3) == 0 {
			c = -c
		}
		return decimal.New(c, int32(rng.IntN(24))-14)
	}
	for i := 0; i < 100000; i++ {
		a, b := rnd(), rnd()
		got, want := subExact(a, b), a.Sub(b)
		require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "%s − %s: %s, want %s", a, b, got, want)
	}
	// 0.6339 − 0.0461 = 0.5878 (E3's P_v − F); − 0.3749 = 0.2129.
	require.Equal(t, "0.2129", subExact(subExact(decimal.RequireFromString("0.6339"), decimal.RequireFromString("0.0461")), decimal.RequireFromString("0.3749")).String())
}

// Every catalog tier of the embedded tables carries P_v − F computed at load,
// equal in value and exponent to the subtraction it replaces, and
// EnergyExFunds of a T&D price (no precomputed value) still subtracts.
func TestCatalogExFundsPrecomputed(t *testing.T) {
	s, err := Default()
	require.NoError(t, err)
	n := 0
	for _, tb := range s.byID {
		c, ok := tb.(*catalog)
		if !ok {
			continue
		}
		for _, cl := range c.Classes {
			for _, tr := range cl.Tiers {
				want := tr.Energy.Sub(c.FundsSum)
				require.True(t, tr.hasExFunds, "%s %s %s", c.ID, cl.Class, tr.Tier)
				require.True(t, tr.exFunds.Equal(want) && tr.exFunds.Exponent() == want.Exponent(), "%s %s %s: %s, want %s", c.ID, cl.Class, tr.Tier, tr.exFunds, want)
				n++
			}
		}
	}
	require.GreaterOrEqual(t, n, 10) // the embedded catalogs hold 10 tiers
	// A T&D price: 0.1 − 0.0287 = 0.0713, subtracted per call.
	p := Price{Energy: decimal.RequireFromString("0.1"), FundsSum: decimal.RequireFromString("0.0287")}
	require.Equal(t, "0.0713", p.EnergyExFunds().String())
}

// The spread T&D energy prices computed when a Set is made equal, in value
// and exponent, P_v − F − coal benchmark subtracted in decimal, for every
// tier of every price spread of the embedded tables; a Set without them
// (none computed) gives the same prices.
func TestSpreadPrecomputed(t *testing.T) {
	s, err := Default()
	require.NoError(t, err)
	n := 0
	for _, tb := range s.tables {
		x, ok := tb.(*tnd)
		if !ok || x.Form != tndSpread {
			continue
		}
		c := s.byID[x.Catalog].(*catalog)
		b := s.byID[x.Benchmark].(*coalBenchmark)
		cl, ok := c.class(x.CatalogClass)
		require.True(t, ok)
		for _, tr := range cl.Tiers {
			v := tr.Voltage.Min
			p, err := s.TND(x.Region, v, x.From, x.ID)
			require.NoError(t, err)
			want := tr.Energy.Sub(c.FundsSum).Sub(b.Price)
			require.True(t, p.Energy.Equal(want) && p.Energy.Exponent() == want.Exponent(), "%s %s: %s, want %s", x.ID, tr.Tier, p.Energy, want)
			require.Contains(t, s.spread, spreadKey{tr.text, b})
			bare := *s
			bare.spread = nil
			q, err := bare.TND(x.Region, v, x.From, x.ID)
			require.NoError(t, err)
			require.True(t, q.Energy.Equal(want) && q.Energy.Exponent() == want.Exponent())
			n++
		}
	}
	require.Positive(t, n)
}
