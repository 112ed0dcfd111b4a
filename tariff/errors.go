package tariff

import (
	"fmt"

	"github.com/dianfei/dianfei/internal/strictyaml"
)

// Error is the package's error. It is one of two things:
//
//   - bad input at a known place (Load, With, the Parse functions,
//     WithScaled, WithReading): a table file, a line and column, a field, the
//     offending value, what was wrong and what is allowed;
//   - no table answering a lookup (Kind or ID set, Reason saying what was
//     asked and why no table answered).
//
// A lookup's fields say what it asked for, so that a program tells the
// cases apart without reading the text:
//
//	Kind != "", ID == ""      no table of Kind in force for Region (and Class or Standard) on Date
//	ID != "", InForce != ""   table ID exists but is not in force on Date; InForce is its range
//	ID != "", Value != ""     no tier of table ID maps the supply voltage Value (kV); Allowed lists the tiers
//	ID != "", otherwise       no table of Kind (of any kind when Kind is empty) has id ID
//
// Bad input renders as
//
//	tariff: file:line:col: field: "value": reason (allowed: …)
//
// leaving out the parts that do not apply; a lookup that no table answers
// as, for example,
//
//	tariff: no catalog table in force for liaoning large_industry on 2017-07-01
//	tariff: tnd table "ln-tnd-2026" is not in force on 2026-07-01 (in force [2026-08-01, open))
//	tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, …)
type Error struct {
	File    string // the table file; empty when the table was not read from a file
	Line    int    // 1-based line in File; 0 when unknown (left out of the message)
	Column  int    // 1-based column in the line; 0 when unknown
	Field   string // dotted path, e.g. "classes[0].tiers[2].energy"
	Value   string // the offending text, quoted in the message; the supply voltage (kV) no tier maps
	Reason  string // what was wrong: for a lookup, the message (without the table id and tiers when no tier maps the voltage)
	Allowed string // what is allowed; the tiers of table ID when none maps the voltage; the ids of the kind when a rule table named by id is missing
	// Kind is the kind of table a lookup asked for when none answered; empty
	// for bad input.
	Kind Kind
	// ID is the table a lookup named by id that does not exist or is not in
	// force, or whose tiers map no supply voltage; empty otherwise.
	ID string
	// Region is the region a lookup by region asked for ("liaoning"); Class
	// the customer class (a catalog or T&D lookup; empty for other kinds);
	// Standard the power-factor standard ("0.9", a power-factor lookup).
	// Empty for bad input and for a lookup by id.
	Region, Class, Standard string
	// Date is the day a lookup needed a table in force; zero for bad input
	// and for a lookup by id that asks for no date (Set.Deviation, a named
	// rule set of Set.BasicRules, WithScaled, WithReading).
	Date Date
	// InForce is the effective range of table ID, "[from, to)", when it
	// exists but is not in force on Date; empty otherwise.
	InForce string

	failure failure // the kind of lookup failure; noFailure for bad input
}

// failure is the kind of a lookup failure, as the message words it.
type failure uint8

const (
	noFailure    failure = iota // bad input
	noneFound                   // no table of Kind in force for Region … on Date
	idMissing                   // no table of Kind with id ID
	idNotInForce                // table ID not in force on Date
	idNoTier                    // no tier of table ID maps the voltage Value
)

// Error renders the error as the README's "Tariff tables" shows it.
func (e *Error) Error() string { return "tariff: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in another file (a scenario naming the table).
func (e *Error) Message() string {
	switch e.failure {
	case noFailure:
	case idNoTier:
		return fmt.Sprintf("%s: %s (tiers: %s)", e.ID, e.Reason, e.Allowed)
	case idMissing:
		if e.Allowed != "" {
			return e.Reason + " (allowed: " + e.Allowed + ")"
		}
		return e.Reason
	default:
		return e.Reason
	}
	loc := strictyaml.Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
	return loc.Error()
}

// notFound is the error of a lookup of the table id of the kind (any kind
// when empty) that does not exist; d is the day asked for (zero for none).
func notFound(kind Kind, id string, d Date) *Error {
	return &Error{Kind: kind, ID: id, Date: d, failure: idMissing, Reason: fmt.Sprintf("no %s table with id %q", kind, id)}
}

// notInForce is the error of a lookup of table id of the kind that exists
// but is in force over rng, which does not hold d.
func notInForce(kind Kind, id string, d Date, rng string) *Error {
	return &Error{Kind: kind, ID: id, Date: d, InForce: rng, failure: idNotInForce,
		Reason: fmt.Sprintf("%s table %q is not in force on %s (in force %s)", kind, id, d, rng)}
}

// noneInForce is the error of a lookup by region (and class or standard)
// that no table of the kind answers on d.
func noneInForce(kind Kind, region, class, standard string, d Date) *Error {
	what := region
	if class != "" {
		what += " " + class
	} else if standard != "" {
		what += " standard " + standard
	}
	return &Error{Kind: kind, Region: region, Class: class, Standard: standard, Date: d, failure: noneFound,
		Reason: fmt.Sprintf("no %s table in force for %s on %s", kind, what, d)}
}

// fieldError turns the YAML reader's located error into the package's own.
func fieldError(e *strictyaml.Error) *Error {
	return &Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
}
