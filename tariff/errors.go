package tariff

import (
	"fmt"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
)

// FieldError is bad input at a known place: a table or scenario file, a line
// and column, a field. It renders as
//
//	tariff: file:line:col: field: value: reason (allowed: …)
//
// leaving out the parts that do not apply.
type FieldError struct {
	Pkg     string // package prefix; "tariff" when empty
	File    string
	Line    int
	Column  int
	Field   string // dotted path, e.g. "classes[0].tiers[2].energy"
	Value   string // the offending text, quoted in the message
	Reason  string
	Allowed string
}

// Error renders the error as the README's "Tariff tables" shows it.
func (e *FieldError) Error() string {
	pkg := e.Pkg
	if pkg == "" {
		pkg = "tariff"
	}
	loc := strictyaml.Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
	return pkg + ": " + loc.Error()
}

// fieldError turns the YAML reader's located error into the package's own.
func fieldError(e *strictyaml.Error) *FieldError {
	return &FieldError{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
}

// NoTableError says that no table of a kind is in force for what was asked.
type NoTableError struct {
	Kind      Kind
	Region    string
	Class     string // empty where the kind has no class
	ID        string // set when a table was named by id
	Date      Date
	InForce   string // the named table's range when it exists but is not in force
	NotExists bool   // the named table does not exist
}

// Error names the kind, region, class or id, and the date asked for.
func (e *NoTableError) Error() string {
	if e.ID != "" {
		if e.NotExists {
			return fmt.Sprintf("tariff: no %s table with id %q", e.Kind, e.ID)
		}
		return fmt.Sprintf("tariff: %s table %q is not in force on %s (in force %s)", e.Kind, e.ID, e.Date, e.InForce)
	}
	what := e.Region
	if e.Class != "" {
		what += " " + e.Class
	}
	return fmt.Sprintf("tariff: no %s table in force for %s on %s", e.Kind, what, e.Date)
}

// NoTierError says that a table maps no tier to the customer's supply voltage.
type NoTierError struct {
	Table     string
	Class     string
	VoltageKV string
	Tiers     []string
}

// Error names the table, the voltage and the tiers it has.
func (e *NoTierError) Error() string {
	return fmt.Sprintf("tariff: %s: no tier maps supply voltage %s kV (tiers: %s)", e.Table, e.VoltageKV, strings.Join(e.Tiers, ", "))
}
