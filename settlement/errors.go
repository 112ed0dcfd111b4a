package settlement

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// InputError is bad input to a bill: a field, its value, what was wrong and
// what is allowed. It renders as
//
//	settlement: 2016-11: usage.kwh: "-5": must not be negative (allowed: …)
type InputError struct {
	// Month is the month billed (YYYY-MM), when the input belongs to one;
	// empty for an input checked on its own (a decoded Customer).
	Month string
	// Field is the path of the input that is wrong, as its JSON names it
	// ("usage.demand[1].kw", "choice.contract_kw", "tou"); empty for the
	// input as a whole (bad JSON).
	Field string
	// Value is the value given, as text (quoted in the message, at most 64
	// bytes of it); empty when it was missing or is not worth quoting.
	Value string
	// Reason says what is wrong.
	Reason string
	// Allowed says what is allowed; may be empty.
	Allowed string
	// Err is the error behind this one, if any: the *tariff.NoTableError of
	// a table named by id (Options.TOU, Options.Rules, Contract.Deviation,
	// Contract.TND, Purchase.TND) that does not exist or is not in force.
	// Unwrap returns it.
	Err error
}

// Unwrap returns the error behind e (nil for none).
func (e *InputError) Unwrap() error { return e.Err }

// Error renders the month, field, value, reason and allowed values.
func (e *InputError) Error() string { return "settlement: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in a file (a scenario).
func (e *InputError) Message() string {
	var b strings.Builder
	if e.Month != "" {
		b.WriteString(e.Month + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	if e.Value != "" {
		fmt.Fprintf(&b, "%q: ", clip(e.Value))
	}
	b.WriteString(e.Reason)
	if e.Allowed != "" {
		b.WriteString(" (allowed: " + e.Allowed + ")")
	}
	return b.String()
}

// maxQuoted is the most bytes of an input value an error quotes (as the YAML
// readers quote at most strictyaml.MaxQuoted bytes of a file).
const maxQuoted = 64

// clip returns s cut to at most maxQuoted bytes on a UTF-8 boundary, with
// "…" appended when it was cut.
func clip(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	i := maxQuoted
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// RuleError says that the input breaks a rule of a rule set: a method the rule
// set does not allow, a suspension too short, a choice changed inside a
// change period.
type RuleError struct {
	// Month is the month billed (YYYY-MM) whose input breaks the rule;
	// empty when the rule concerns several months (a plan).
	Month string
	// Field is the path of the input that breaks the rule, as the JSON
	// record names it: "choice.method", "customer.units[0].suspensions[1]";
	// empty when no one input does.
	Field    string
	Rule     string // rule set id
	Document string // its document
	Clause   string // which rule, e.g. "suspension.min_days"
	Detail   string // what breaks it
}

// Error renders the rule set, its document, the clause and the detail.
func (e *RuleError) Error() string { return "settlement: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in a file (a scenario).
func (e *RuleError) Message() string {
	var b strings.Builder
	if e.Month != "" {
		b.WriteString(e.Month + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	fmt.Fprintf(&b, "%s (%s) %s: %s", e.Rule, e.Document, e.Clause, e.Detail)
	return b.String()
}
