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
//   - no table answering a lookup (ID or Kind set): no table of Kind in force
//     for the region and date asked, the table named ID missing or not in
//     force on the date, or no tier of table ID mapping the supply voltage
//     (then Value is the voltage in kV and Allowed lists the tiers).
//
// Bad input renders as
//
//	tariff: file:line:col: field: "value": reason (allowed: …)
//
// leaving out the parts that do not apply; a lookup that no table answers
// as, for example,
//
//	tariff: no catalog table in force for liaoning large_industry on 2017-07-01
//	tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, …)
type Error struct {
	File    string // the table file; empty when the table was not read from a file
	Line    int    // 1-based line in File; 0 when unknown (left out of the message)
	Column  int    // 1-based column in the line; 0 when unknown
	Field   string // dotted path, e.g. "classes[0].tiers[2].energy"
	Value   string // the offending text, quoted in the message; the supply voltage (kV) no tier maps
	Reason  string // what was wrong; empty when a lookup found no table (the message says what was asked)
	Allowed string // what is allowed; the tiers of table ID when none maps the voltage
	// Kind is the kind of table a lookup asked for when none answered; empty
	// for bad input.
	Kind Kind
	// ID is the table a lookup named by id that does not exist or is not in
	// force, or whose tiers map no supply voltage; empty otherwise.
	ID string

	lookup *lookupFailure // what the failed lookup asked for; nil for bad input
}

// lookupFailure is what a lookup that no table answered asked for, as its
// message says it.
type lookupFailure struct {
	region    string // the region asked for, e.g. "liaoning"
	class     string // the catalog class asked for; empty where the kind has none
	standard  string // the power-factor standard asked for
	date      Date   // the day a table had to be in force
	inForce   string // the named table's range when it exists but is not in force
	notExists bool   // the named table does not exist
	noTier    bool   // no tier of table ID maps the voltage Value
}

// Error renders the error as the README's "Tariff tables" shows it.
func (e *Error) Error() string { return "tariff: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in another file (a scenario naming the table).
func (e *Error) Message() string {
	if q := e.lookup; q != nil {
		return q.message(e)
	}
	loc := strictyaml.Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
	return loc.Error()
}

// message names the kind, region, class or id, and the date asked for.
func (q *lookupFailure) message(e *Error) string {
	switch {
	case q.noTier:
		return fmt.Sprintf("%s: no tier maps supply voltage %s kV (tiers: %s)", e.ID, e.Value, e.Allowed)
	case e.ID != "" && q.notExists:
		return fmt.Sprintf("no %s table with id %q", e.Kind, e.ID)
	case e.ID != "":
		return fmt.Sprintf("%s table %q is not in force on %s (in force %s)", e.Kind, e.ID, q.date, q.inForce)
	}
	what := q.region
	if q.class != "" {
		what += " " + q.class
	} else if q.standard != "" {
		what += " standard " + q.standard
	}
	return fmt.Sprintf("no %s table in force for %s on %s", e.Kind, what, q.date)
}

// notFound is the error of a lookup of the table id of the kind (any kind
// when empty) that does not exist.
func notFound(kind Kind, id string) *Error {
	return &Error{Kind: kind, ID: id, lookup: &lookupFailure{notExists: true}}
}

// notInForce is the error of a lookup of table id of the kind that exists
// but is in force over rng, which does not hold d.
func notInForce(kind Kind, id string, d Date, rng string) *Error {
	return &Error{Kind: kind, ID: id, lookup: &lookupFailure{date: d, inForce: rng}}
}

// noneInForce is the error of a lookup by region (and class or standard)
// that no table of the kind answers on d.
func noneInForce(kind Kind, region, class, standard string, d Date) *Error {
	return &Error{Kind: kind, lookup: &lookupFailure{region: region, class: class, standard: standard, date: d}}
}

// fieldError turns the YAML reader's located error into the package's own.
func fieldError(e *strictyaml.Error) *Error {
	return &Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
}
