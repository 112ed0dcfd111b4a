package settlement

import (
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func defaults(t testing.TB) *tariff.Set {
	t.Helper()
	s, err := tariff.Default()
	require.NoError(t, err)
	return s
}

// smelterS is smelter S of the README's worked examples: 220 kV, four 125,000 kVA transformers, PF 0.90.
func smelterS() Customer {
	c := Customer{ID: "smelter-s", Region: "liaoning", Class: "large_industry", VoltageKV: d("220"), PFStandard: PFStandard090}
	for _, id := range []string{"T1", "T2", "T3", "T4"} {
		c.Units = append(c.Units, Unit{ID: id, KVA: d("125000")})
	}
	return c
}

// zincZ is plant Z of E5: 66 kV, two 40,000 kVA transformers.
func zincZ() Customer {
	return Customer{ID: "zinc-z", Region: "liaoning", Class: "large_industry", VoltageKV: d("66"), PFStandard: PFStandard090,
		Units: []Unit{{ID: "T1", KVA: d("40000")}, {ID: "T2", KVA: d("40000")}}}
}

func usage(month, kwh, kvarh, kw string) Usage {
	m, err := tariff.ParseMonth(month)
	if err != nil {
		panic(err)
	}
	return Usage{Month: m, KWh: d(kwh), KVarh: d(kvarh), Demand: map[string]decimal.Decimal{"F1": d(kw)}}
}

func capacity() Options { return Options{Method: tariff.MethodCapacity} }

func contract(kw string) Options {
	return Options{Method: tariff.MethodContractDemand, ContractKW: d(kw)}
}

// wantLines asserts the bill's lines, in order, as code → amount, and that the
// total is their sum and equals total.
func wantLines(t *testing.T, b Bill, total string, lines ...string) {
	t.Helper()
	var got []string
	for _, l := range b.Lines {
		code := string(l.Code)
		if l.Period != "" {
			code += "/" + string(l.Period)
		}
		got = append(got, code, l.Amount.StringFixed(2))
	}
	require.Equal(t, lines, got)
	sum := decimal.Zero
	for _, l := range b.Lines {
		sum = sum.Add(l.Amount)
	}
	require.Equal(t, total, b.Total.StringFixed(2))
	require.True(t, sum.Equal(b.Total), "total is the sum of the lines")
}
