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
	ID         string
	Name       string
	Region     string          // tariff region, e.g. "liaoning"
	Class      string          // catalog class, e.g. "large_industry" (大工业用电)
	VoltageKV  decimal.Decimal // supply voltage 电压等级, kV
	PFStandard decimal.Decimal // power-factor standard: 0.90, 0.85 or 0.80
	Units      []Unit          // transformers and high-voltage motors
	// AluminiumKWhPerTonne is last year's AC electrolysis consumption per
	// tonne of an electrolytic-aluminium smelter, subject to the stepped
	// price (README §3.10); null for other plants.
	AluminiumKWhPerTonne decimal.NullDecimal
	// Differential is true when the plant pays a differential or punitive
	// price (差别电价); its bills carry an eligibility warning.
	Differential bool
}

// UnitKind tells transformers from high-voltage motors.
type UnitKind string

// The unit kinds.
const (
	UnitTransformer UnitKind = "transformer" // 变压器, kVA
	UnitMotor       UnitKind = "motor"       // 高压电动机 not behind a transformer; its kW counts as kVA
)

// Unit is a transformer or high-voltage motor with its capacity and the
// intervals it was sealed (暂停 or 减容).
type Unit struct {
	ID           string
	Kind         UnitKind
	KVA          decimal.Decimal
	Commissioned tariff.Date  // zero when in service before any month billed
	Suspensions  []Suspension // sorted, not overlapping
}

// Suspension is an interval [Seal, Unseal) during which a unit is sealed: the
// seal day is free, the unseal day is charged. Unseal is zero while the unit
// is still sealed.
type Suspension struct {
	Seal, Unseal tariff.Date
}
