// Package settlement computes Chinese two-part industrial electricity bills
// (两部制电价) from the tables of package tariff: catalog bills, 2016–2023
// direct-trade bills with Liaoning's deviation rules, 2023+ bills with agency or
// market purchase, captive supply; and the basic-charge plan optimiser. It
// reads no files and imports no YAML: scenario files and the measure-9
// comparison are in package settlement/scenario, interval data in
// settlement/profile.
//
// Every function is pure: inputs are values, results are new values, nothing
// global is read or written, and everything is safe for concurrent use. Money
// is exact decimal; each line is rounded once to the fen (0.01 元, half away
// from zero) and the total is the sum of the rounded lines.
package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Customer is a plant billed on the two-part tariff.
type Customer struct {
	ID         string          // the customer's id (account number), shown on every bill
	Name       string          // the plant's name, for reports
	Region     string          // tariff region, e.g. "liaoning"
	Class      string          // catalog class, e.g. "large_industry" (大工业用电)
	VoltageKV  decimal.Decimal // supply voltage 电压等级, kV
	PFStandard PFStandard      // power-factor standard: 0.90, 0.85, 0.80, or none (exempt); required
	Units      []Unit          // transformers and high-voltage motors
	// Differential is true when the plant pays a differential or punitive
	// price (差别电价); its bills carry an eligibility warning.
	Differential bool
}

// Unit is a transformer (变压器, kVA) or high-voltage motor with its capacity
// and the intervals it was sealed (暂停 or 减容). JSON carries the kind as
// "kind": "transformer" or "motor", and each suspension as {"seal",
// "unseal"}.
type Unit struct {
	ID string // the unit's id, unique in the customer, e.g. "T1"
	// Motor is true for a high-voltage motor (高压电动机) not behind a
	// transformer, whose kW counts as kVA; false for a transformer.
	Motor        bool
	KVA          decimal.Decimal // rated capacity, kVA
	Commissioned tariff.Date     // zero when in service before any month billed
	// Suspensions are the intervals [seal, unseal) the unit was sealed,
	// sorted and not overlapping: [0] is the first day sealed (free), [1]
	// the first day in service again (charged), zero while the unit is
	// still sealed.
	Suspensions [][2]tariff.Date
}

// PFStandard is a plant's power-factor standard ((83)水电财字第215号, README
// §3.5): 0.90, 0.85 or 0.80, or PFExempt for a plant the utility exempts
// (under 100 kVA, or by decision). The zero value is no standard, an error:
// a missing standard is never read as an exemption.
type PFStandard string

// The power-factor standards.
const (
	PFStandard090 PFStandard = "0.90"
	PFStandard085 PFStandard = "0.85"
	PFStandard080 PFStandard = "0.80"
	PFExempt      PFStandard = "none" // no power-factor adjustment applies
)

// pfStandardText lists the standards for messages.
const pfStandardText = "0.90, 0.85, 0.80, none"

// ParsePFStandard returns the standard s names: "none", or a decimal equal
// to 0.90, 0.85 or 0.80 ("0.9" is 0.90). It returns an *Error naming the
// standards allowed.
func ParsePFStandard(s string) (PFStandard, error) {
	if s == string(PFExempt) {
		return PFExempt, nil
	}
	if d, err := tariff.ParseDecimal(s); err == nil {
		for _, st := range []PFStandard{PFStandard090, PFStandard085, PFStandard080} {
			if v, _ := st.Decimal(); v.Equal(d) {
				return st, nil
			}
		}
	}
	reason := "unknown power-factor standard"
	if s == "" {
		reason = "missing"
	}
	return "", &Error{Field: "pf_standard", Value: s, Reason: reason, Allowed: pfStandardText}
}

// Decimal returns the standard as a number, and false for PFExempt and for
// a value that is not a standard.
func (s PFStandard) Decimal() (decimal.Decimal, bool) {
	switch s {
	case PFStandard090:
		return hundredths[90], true
	case PFStandard085:
		return hundredths[85], true
	case PFStandard080:
		return hundredths[80], true
	}
	return decimal.Zero, false
}
