package tariff

import (
	"fmt"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
)

// FieldError is bad input at a known place: a table file, a line and column,
// a field. It renders as
//
//	tariff: file:line:col: field: "value": reason (allowed: …)
//
// leaving out the parts that do not apply.
type FieldError struct {
	File    string // the table file; empty when the table was not read from a file
	Line    int    // 1-based line in File; 0 when unknown (left out of the message)
	Column  int    // 1-based column in the line; 0 when unknown
	Field   string // dotted path, e.g. "classes[0].tiers[2].energy"
	Value   string // the offending text, quoted in the message
	Reason  string // what was wrong
	Allowed string // what is allowed; empty when not stated
}

// Error renders the error as the README's "Tariff tables" shows it.
func (e *FieldError) Error() string { return "tariff: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in another file (a scenario naming the table).
func (e *FieldError) Message() string {
	loc := strictyaml.Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
	return loc.Error()
}

// fieldError turns the YAML reader's located error into the package's own.
func fieldError(e *strictyaml.Error) *FieldError {
	return &FieldError{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
}

// NoTableError says that no table of a kind is in force for what was asked,
// or that the table in force maps no tier to the supply voltage (VoltageKV
// set).
type NoTableError struct {
	Kind      Kind     // the kind of table asked for
	Region    string   // the region asked for, e.g. "liaoning"
	Class     string   // empty where the kind has no class
	Standard  string   // the power-factor standard asked for
	ID        string   // set when a table was named by id, or the table that has no tier
	Date      Date     // the day a table had to be in force
	InForce   string   // the named table's range when it exists but is not in force
	NotExists bool     // the named table does not exist
	VoltageKV string   // the supply voltage no tier of table ID maps
	Tiers     []string // the tiers table ID has
}

// Error names the kind, region, class or id, and the date asked for.
func (e *NoTableError) Error() string { return "tariff: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in a file (a scenario).
func (e *NoTableError) Message() string {
	switch {
	case e.VoltageKV != "":
		return fmt.Sprintf("%s: no tier maps supply voltage %s kV (tiers: %s)", e.ID, e.VoltageKV, strings.Join(e.Tiers, ", "))
	case e.ID != "" && e.NotExists:
		return fmt.Sprintf("no %s table with id %q", e.Kind, e.ID)
	case e.ID != "":
		return fmt.Sprintf("%s table %q is not in force on %s (in force %s)", e.Kind, e.ID, e.Date, e.InForce)
	}
	what := e.Region
	if e.Class != "" {
		what += " " + e.Class
	} else if e.Standard != "" {
		what += " standard " + e.Standard
	}
	return fmt.Sprintf("no %s table in force for %s on %s", e.Kind, what, e.Date)
}
