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
