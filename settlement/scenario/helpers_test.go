package scenario

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

// wantLines checks a bill's lines (code/period, amount) and that its total is
// their sum.
func wantLines(t *testing.T, b settlement.Bill, total string, lines ...string) {
	t.Helper()
	var got []string
	sum := decimal.Zero
	for _, l := range b.Lines {
		code := string(l.Code)
		if l.Period != "" {
			code += "/" + string(l.Period)
		}
		got = append(got, code, l.Amount.StringFixed(2))
		sum = sum.Add(l.Amount)
	}
	require.Equal(t, lines, got)
	require.Equal(t, total, b.Total.StringFixed(2))
	require.True(t, sum.Equal(b.Total), "total is the sum of the lines")
}

func hasWarning(b settlement.Bill, code settlement.WarningCode) bool {
	for _, w := range b.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}
