package strictyaml

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/shopspring/decimal"
)

// Sign constrains a decimal.
type Sign int

// Sign constraints for Decimal.
const (
	AnySign     Sign = iota // any value
	NonNegative             // ≥ 0
	Positive                // > 0
)

var (
	plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	thousands    = regexp.MustCompile(`^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
)

// ParseDecimal parses plain decimal text: an optional minus sign, digits and
// an optional fraction. Exponents, NaN, infinities, hex, underscores and
// thousands separators are rejected.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if !plainDecimal.MatchString(s) {
		return decimal.Zero, fmt.Errorf("strictyaml: %q is not a plain decimal", s)
	}
	return decimal.NewFromString(s)
}

// ParseWhole parses a whole number ≥ 0 written with digits only (no sign,
// no spaces) and reports whether s is one that fits an int.
func ParseWhole(s string) (int, bool) {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return v, true
}
