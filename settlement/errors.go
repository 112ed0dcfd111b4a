package settlement

import (
	"fmt"
	"strings"
)

// InputError is bad input to a bill: a field, its value, what was wrong and
// what is allowed. It renders as
//
//	settlement: 2016-11: usage.kwh: "-5": must not be negative (allowed: …)
type InputError struct {
	Month   string // YYYY-MM, when the input belongs to a month
	Field   string
	Value   string
	Reason  string
	Allowed string
}

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
		fmt.Fprintf(&b, "%q: ", e.Value)
	}
	b.WriteString(e.Reason)
	if e.Allowed != "" {
		b.WriteString(" (allowed: " + e.Allowed + ")")
	}
	return b.String()
}

// RuleError says that the input breaks a rule of a rule set: a method the rule
// set does not allow, a suspension too short, a choice changed inside a
// change period.
type RuleError struct {
	Rule     string // rule set id
	Document string // its document
	Clause   string // which rule, e.g. "suspension.min_days"
	Detail   string
}

// Error renders the rule set, its document, the clause and the detail.
func (e *RuleError) Error() string { return "settlement: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in a file (a scenario).
func (e *RuleError) Message() string {
	return fmt.Sprintf("%s (%s) %s: %s", e.Rule, e.Document, e.Clause, e.Detail)
}
