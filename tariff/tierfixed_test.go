package tariff

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// findTier's micro-kV comparison picks the tier Contains picks, on the
// default tables' tiers and on made-up bounds, for the standard voltages,
// the bounds themselves, values a micro-kV or less beside them and
// coefficients too large for the fixed form.
func TestFindTierFixedMatchesDecimal(t *testing.T) {
	set, err := Default()
	require.NoError(t, err)
	var tierLists [][]priceTier
	for _, tb := range set.tables {
		switch x := tb.(type) {
		case *catalog:
			for _, cl := range x.Classes {
				tierLists = append(tierLists, cl.Tiers)
			}
		case *tnd:
			tierLists = append(tierLists, x.Tiers)
		}
	}
	require.NotEmpty(t, tierLists)
	d := decimal.RequireFromString
	made := []priceTier{
		{Tier: "a", Voltage: voltageRange{Min: d("0"), Below: d("0.0000005"), HasBelow: true}}, // not whole micro-kV: decimal path
		{Tier: "b", Voltage: voltageRange{Min: d("0.0000005"), Max: d("1"), HasMax: true}},
		{Tier: "c", Voltage: voltageRange{Min: d("1.000001"), Below: d("35.0"), HasBelow: true}},
		{Tier: "d", Voltage: voltageRange{Min: d("35"), Max: d("110.000000000000000000000"), HasMax: true}},
		{Tier: "e", Voltage: voltageRange{Min: d("110.0000000001")}},
	}
	for i := range made {
		made[i].Voltage.fix()
	}
	tierLists = append(tierLists, made)
	rng := rand.New(rand.NewPCG(5, 6))
	var vs []decimal.Decimal
	for _, s := range standardVoltages {
		vs = append(vs, d(s))
	}
	for _, ts := range tierLists {
		for _, tr := range ts {
			for _, b := range []decimal.Decimal{tr.Voltage.Min, tr.Voltage.Max, tr.Voltage.Below} {
				vs = append(vs, b, b.Add(decimal.New(1, -6)), b.Sub(decimal.New(1, -6)), b.Add(decimal.New(1, -7)), b.Sub(decimal.New(1, -30)))
			}
		}
	}
	for range 2000 {
		vs = append(vs, decimal.New(rng.Int64N(2_000_000_000), -int32(rng.IntN(12))), decimal.New(rng.Int64(), -int32(rng.IntN(30))))
	}
	for _, ts := range tierLists {
		for _, v := range vs {
			want, wantOK := priceTier{}, false
			for i := range ts {
				if ts[i].Voltage.Contains(v) {
					want, wantOK = ts[i], true
					break
				}
			}
			got, ok := findTier(ts, v)
			require.Equal(t, wantOK, ok, "%s", v)
			require.Equal(t, want.Tier, got.Tier, "%s", v)
		}
	}
}
