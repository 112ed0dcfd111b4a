package exact

import (
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
