package settlement

import (
	"math/rand/v2"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// total settles bc on the numbers-only path.
func (bc billCase) total(set *tariff.Set) (decimal.Decimal, error) {
	switch bc.kind {
	case 0:
		return CatalogTotal(set, bc.c, bc.u, bc.opt)
	case 1, 2:
		return DirectTradeTotal(set, bc.c, bc.u, bc.opt, bc.contract)
	}
	return PurchaseTotal(set, bc.c, bc.u, bc.opt, bc.purchase)
}

// checkTotal asserts that the numbers-only path gives the full bill's total,
// or the same error.
func checkTotal(t testing.TB, set *tariff.Set, bc billCase, b Bill, berr error) {
	t.Helper()
	total, err := bc.total(set)
	if berr != nil {
		require.EqualError(t, err, berr.Error(), "%s", bc)
		return
	}
	require.NoError(t, err, "%s", bc)
	require.True(t, total.Equal(b.Total), "numbers-only total %s, full bill %s\n%s", total, b.Total, bc)
}

// TestTotalsMatchFullBills settles random bills of every path (the rational
// reference's cases, with captive supply, a counterfactual rule set, an
// aluminium smelter and bad input mixed in) both ways: the numbers-only
// path (CatalogTotal, DirectTradeTotal, PurchaseTotal) must give exactly the
// full bill's Total, or exactly its error.
func TestTotalsMatchFullBills(t *testing.T) {
	set := refSet(t)
	rng := rand.New(rand.NewPCG(24, 19))
	n := 300
	if testing.Short() {
		n = 60
	}
	errs := 0
	for i := range n * len(kindNames) {
		bc := genCase(i%len(kindNames), rng)
		switch rng.IntN(8) {
		case 0: // captive supply: four more lines
			bc.opt.Captive = &Captive{SelfKWh: randKWh(rng, 1e8), GenerationCost: randPrice(rng, 4000), FundRate: randPrice(rng, 400),
				CrossSubsidy: randPrice(rng, 400), BackupFee: randPrice(rng, 300000), BackupKVA: randKWh(rng, 1e5)}
		case 1: // bad input: the same error both ways
			bc.u.KVarh = bc.u.KVarh.Neg().Sub(one)
		case 2: // a counterfactual rule set (A under the 1996 rules)
			if bc.kind <= 2 {
				bc.opt.Rules = "cn-basic-rules-1996"
			}
		case 3:
			bc.c.Differential = true
		}
		b, err := bc.bill(set)
		if err != nil {
			errs++
		}
		checkTotal(t, set, bc, b, err)
	}
	require.Greater(t, errs, n/10, "errors among the random cases")
	t.Logf("%d cases, %d errors", n*len(kindNames), errs)
}

// zeroText agrees with decimal parsing on the texts a table may hold.
func TestZeroText(t *testing.T) {
	for _, s := range []string{"0", "0.000", "-0", "0.0E-3", "0e5", "0.020", "0.0001", "1E-3", "10", "-0.5", "00.0"} {
		v := decimal.RequireFromString(s)
		require.Equal(t, v.IsZero(), zeroText(s), s)
	}
}
