package profile

import (
	"testing"

	"github.com/dianfei/dianfei/settlement"
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
func smelterS() settlement.Customer {
	c := settlement.Customer{ID: "smelter-s", Region: "liaoning", Class: "large_industry", VoltageKV: d("220"), PFStandard: settlement.PFStandard090}
	for _, id := range []string{"T1", "T2", "T3", "T4"} {
		c.Units = append(c.Units, settlement.Unit{ID: id, KVA: d("125000")})
	}
	return c
}

func usage(month, kwh, kvarh, kw string) settlement.Usage {
	m, err := tariff.ParseMonth(month)
	if err != nil {
		panic(err)
	}
	return settlement.Usage{Month: m, KWh: d(kwh), KVarh: d(kvarh), Demand: map[string]decimal.Decimal{"F1": d(kw)}}
}

func capacity() settlement.Options {
	return settlement.Options{Method: tariff.MethodCapacity}
}
