package strictyaml

import (
	"errors"
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
	leadingZero  = regexp.MustCompile(`^-?0[0-9]`)
	thousands    = regexp.MustCompile(`^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
)

// ErrLeadingZero and ErrNegativeZero are wrapped by the error ParseDecimal
// returns for a decimal with a leading zero ("007", "-00.5") or a negative
// zero ("-0", "-0.00"): YAML 1.1 readers take 040300000 as an octal number
// (8486912), and -0 is 0 written so that it looks like a sign mattered.
var (
	ErrLeadingZero  = errors.New("leading zeros are not allowed")
	ErrNegativeZero = errors.New("-0 is not allowed")
)

// LeadingZeroReason and NegativeZeroReason are the reasons the readers give
// for ErrLeadingZero and ErrNegativeZero, with what is allowed.
const (
	LeadingZeroReason   = "leading zeros are not allowed"
	LeadingZeroAllowed  = "digits without leading zeros, e.g. 40300000 or 0.5; YAML 1.1 readers take 040300000 as the octal number 8486912"
	NegativeZeroReason  = "-0 is not allowed"
	NegativeZeroAllowed = "0"
)

// ParseDecimal parses plain decimal text: an optional minus sign, digits and
// an optional fraction. Exponents, NaN, infinities, hex, underscores and
// thousands separators are rejected, and so are leading zeros
// (ErrLeadingZero) and a negative zero (ErrNegativeZero).
func ParseDecimal(s string) (decimal.Decimal, error) {
	if !plainDecimal.MatchString(s) {
		return decimal.Zero, fmt.Errorf("strictyaml: %q is not a plain decimal", s)
	}
	if leadingZero.MatchString(s) {
		return decimal.Zero, fmt.Errorf("strictyaml: %q: %w", s, ErrLeadingZero)
	}
	v, err := decimal.NewFromString(s)
	if err == nil && s[0] == '-' && v.IsZero() {
		return decimal.Zero, fmt.Errorf("strictyaml: %q: %w", s, ErrNegativeZero)
	}
	return v, err
}

// DecimalProblem returns the reason and the values allowed for an error of
// ParseDecimal.
func DecimalProblem(err error) (reason, allowed string) {
	switch {
	case errors.Is(err, ErrLeadingZero):
		return LeadingZeroReason, LeadingZeroAllowed
	case errors.Is(err, ErrNegativeZero):
		return NegativeZeroReason, NegativeZeroAllowed
	}
	return "not a plain decimal", "digits with an optional sign and decimal point, e.g. 0.5096"
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
