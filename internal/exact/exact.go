// Package exact holds the small pieces of exact decimal arithmetic that the
// bill, the interval-data and the scenario packages share: the precision a
// division keeps and the trimming of trailing zeros. It is not API.
package exact

import "github.com/shopspring/decimal"

// DivPlaces is the number of decimal places a division keeps before the one
// rounding to the fen: at least 20 significant digits (README §3.1).
const DivPlaces int32 = 24

// Norm drops the trailing zeros a product leaves (0.4678 × 1.5 = 0.70170 →
// 0.7017), so computed prices read as exactly as table prices; the value is
// unchanged.
func Norm(d decimal.Decimal) decimal.Decimal {
	e := d.Exponent()
	if e >= 0 {
		return d
	}
	if c, ok := Small(d); ok {
		if c%10 != 0 {
			return d
		}
		for c%10 == 0 && e < 0 {
			c /= 10
			e++
		}
		if c == 0 {
			return decimal.Zero
		}
		return decimal.New(c, e)
	}
	n, _ := decimal.NewFromString(d.String())
	return n
}

// Small returns d's coefficient when it has at most 18 digits.
func Small(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}
