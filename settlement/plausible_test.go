package settlement

import (
	"os"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

func warningsOf(b Bill, code WarningCode) []string {
	var out []string
	for _, w := range b.Warnings {
		if w.Code == code {
			out = append(out, w.EN)
		}
	}
	return out
}

// A bill that uses a T&D table with zero prices (the README's template left
// unfilled) says so; E7's bill, with real prices, does not.
func TestZeroPriceWarning(t *testing.T) {
	src, err := os.ReadFile("../tariff/tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	y := strings.Replace(string(src), "id: ln-tnd-2026", "id: ln-tnd-2029", 1)
	y = strings.Replace(y, "effective: {from: 2026-08-01}", "effective: {from: 2029-01-01}\nsupersedes: ln-tnd-2026", 1)
	y = strings.Replace(y, "energy: 0.0571, basic_kva: 22.0, basic_kw: 35.2", "energy: 0.0000, basic_kva: 0.0, basic_kw: 35.2", 1)
	y = strings.Replace(y, "rate: 0.026825", "rate: 0.000000", 1)
	tb, err := tariff.Load(strings.NewReader(y), "ln-tnd-2029.yaml")
	require.NoError(t, err)
	set, err := defaults(t).With(tb)
	require.NoError(t, err)
	b, err := PurchaseBill(set, smelterS(), usage("2029-09", "300000000", "96000000", "430000"), capacity(), market("0.3500", "0.0150"))
	require.NoError(t, err)
	require.Equal(t, []string{
		"ln-tnd-2029: T&D charge at a unit price of 0 (a template's placeholder left in?)",
		"ln-tnd-2029: Basic charge at a unit price of 0 (a template's placeholder left in?)",
		"ln-tnd-2029: Government funds and surcharges at a unit price of 0 (a template's placeholder left in?)",
	}, warningsOf(b, WarningZeroPrice))
	b, err = PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.3500", "0.0150"))
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningZeroPrice))
}

// Demand above 1.5 × the capacity in service and kvarh above 2 × kWh are
// warnings, not errors; at the thresholds there is none.
func TestPlausibilityWarnings(t *testing.T) {
	// Smelter S has 500,000 kVA: 750,000 kW is the limit; 3,800,000 kW is 7.6 ×.
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "600000000", "750000"), capacity())
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningDemandAboveCapacity))
	require.Empty(t, warningsOf(b, WarningKVarhAboveKWh))
	b, err = CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "600000001", "3800000"), capacity())
	require.NoError(t, err)
	require.Equal(t, []string{"maximum demand 3800000 kW is above 1.5 × the capacity in service (500000 kVA): check the demand and the units"}, warningsOf(b, WarningDemandAboveCapacity))
	require.Equal(t, []string{"reactive energy 600000001 kvarh is above 2 × the active energy (300000000 kWh): check the reactive reading"}, warningsOf(b, WarningKVarhAboveKWh))
	// The bill is still the bill: E1's energy line, 300,000,000 × 0.4578.
	require.Equal(t, "137340000.00", b.Sum("energy").StringFixed(2))
	// A unit sealed all month is not in service: 375,000 kVA × 1.5 = 562,500 kW.
	c := smelterS()
	c.Units[0].Suspensions = [][2]tariff.Date{{mustDate("2016-10-01")}}
	b, err = CatalogBill(defaults(t), c, usage("2016-11", "300000000", "96000000", "562501"), capacity())
	require.NoError(t, err)
	require.Equal(t, []string{"maximum demand 562501 kW is above 1.5 × the capacity in service (375000 kVA): check the demand and the units"}, warningsOf(b, WarningDemandAboveCapacity))
}

// A catalog with one fund at a rate of 0 among funds with rates warns about
// that fund by name (the funds line's own price is not 0): the funds' items
// are looked at when a fund's rate is 0, and only that fund is named.
func TestZeroFundWarning(t *testing.T) {
	src, err := os.ReadFile("../tariff/tables/ln-catalog-2016.yaml")
	require.NoError(t, err)
	y := strings.Replace(string(src), "id: ln-catalog-2016", "id: ln-catalog-2029", 1)
	y = strings.Replace(y, "effective: {from: 2016-01-01, to: 2017-07-01}", "effective: {from: 2029-01-01}", 1)
	y = strings.Replace(y, "name: 地方水库移民后期扶持资金, rate: 0.0005", "name: 地方水库移民后期扶持资金, rate: 0.0000", 1)
	tb, err := tariff.Load(strings.NewReader(y), "ln-catalog-2029.yaml")
	require.NoError(t, err)
	set, err := defaults(t).With(tb)
	require.NoError(t, err)
	o := contract("420000")
	o.Rules = "cn-basic-rules-1583"
	b, err := CatalogBill(set, smelterS(), usage("2029-09", "300000000", "96000000", "430000"), o)
	require.NoError(t, err)
	require.Equal(t, []string{"ln-catalog-2029: fund 地方水库移民后期扶持资金 has rate 0 (a template's placeholder left in?)"},
		warningsOf(b, WarningZeroPrice))
}
