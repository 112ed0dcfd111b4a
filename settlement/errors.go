package settlement

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dianfei/dianfei/tariff"
)

// Error is bad input to a bill or a plan: a field, its value, what was wrong
// and what is allowed; or input that breaks a rule of a basic-charge rule
// set (Rule set: a method the rule set does not allow, a suspension too
// short, a choice changed inside a change period). Programs tell the two by
// Rule, never by the text. It renders as
//
//	settlement: 2016-11: usage.kwh: "-5": must not be negative (allowed: …)
//	settlement: 2016-11: choice.method: "actual_demand": cn-basic-rules-1583 (发改办价格〔2016〕1583号) methods: method not allowed by the rule set (allowed: …)
//
// leaving out the parts that are empty. A table lookup of a bill's month
// that no table answers is an Error with Month and Err (the
// *tariff.Error) alone, which renders as Err does (its message names the
// day asked for):
//
//	tariff: no catalog table in force for liaoning large_industry on 2017-07-01
//
// It is also the error of the sub-packages profile and scenario, whose input
// is read from a file: File, Line and Column then locate it, and it renders
// as
//
//	settlement: file:line:col: [month: ]field: "value": [rule: ]reason (allowed: …)
//
// for example
//
//	settlement: s.yaml:12:27: months[1].kwh: "-310000000": must not be negative
//	settlement: p.csv:4: feeder: "F2": duplicate timestamp (also at line 3)
//	settlement: s.yaml:13:5: 2017-07: months[1]: no catalog table in force for liaoning large_industry on 2017-07-01
//
// A scenario's computation error (a month's table lookup, a rule a stated
// plan breaks) is one Error located at the scenario field it concerns: the
// month, value, reason and allowed values of the error it stands for, and a
// *tariff.Error behind it as Err (whose message is shown when Reason is
// empty). When the error it stands for names a field of its own or another
// file (an interval file's month), that error is kept whole as Err and
// rendered after the scenario's field; its Month is then Err's. errors.As
// finds a *tariff.Error behind either.
type Error struct {
	// File is the file the input was read from (a scenario file, a profile
	// CSV); empty for input given as Go values or JSON.
	File string
	// Line is the 1-based line of File (a scenario's field, a profile's
	// row); 0 when unknown or for the file as a whole.
	Line int
	// Column is the 1-based column in Line; 0 when unknown (a profile's
	// errors name the row only).
	Column int
	// Month is the month billed or planned (YYYY-MM), when the input
	// belongs to one; empty for an input checked on its own (a decoded
	// Customer) or a rule about a plan's run of months as a whole (a
	// contract period crossing a method period).
	Month string
	// Field is the path of the input that is wrong, as its JSON names it
	// ("choice.contract_kw", "tou", "customer.units[0].suspensions[1]",
	// "usage.demand[1].kw"); empty for the input as a whole (bad JSON) or
	// when no one input breaks the rule. A position counts in the JSON
	// document or the Go slice; a key of a Go map is named: a feeder by its
	// name quoted, usage.demand["F2"].kw, as Usage.Demand is a map; a TOU
	// period by its code, usage.kwh_by_period.critical.
	//
	// In a scenario file it is the dotted path of the YAML field
	// ("months[2].kwh", "arrangements.a.plan"). In a profile CSV, which has
	// columns rather than paths, it is the column ("timestamp", "kwh"), and
	// an error about one feeder's readings (a repeated timestamp, a month
	// with gaps) has Field "feeder" and the feeder's name as Value, as the
	// feeder column (or the file's "# feeder:" line) gives it.
	Field string
	// Value is the value given, as text (quoted in the message, at most 64
	// bytes of it); empty when it was missing or is not worth quoting.
	Value string
	// Rule is the id of the basic-charge rule set the input breaks; empty
	// when the input is wrong on its own.
	Rule string
	// Document is the document that issued Rule; empty with Rule.
	Document string
	// Clause is the rule of Rule that is broken, e.g. "suspension.min_days";
	// empty with Rule.
	Clause string
	// Reason says what is wrong; empty when Err says it (a table lookup).
	Reason string
	// Allowed says what is allowed; may be empty.
	Allowed string
	// Err is the error behind this one, if any: the *tariff.Error of
	// a table named by id (Options.TOU, Options.Rules, Contract.Deviation,
	// Contract.TND, Purchase.TND) that does not exist or is not in force,
	// or of any other lookup in the month billed that no table answered;
	// in a scenario, the error of its computation that names a field or
	// file of its own (itself an *Error). Unwrap returns it.
	Err error
}

// Unwrap returns the error behind e (nil for none).
func (e *Error) Unwrap() error { return e.Err }

// Error renders the file position, month, field, value, rule set, reason
// and allowed values; an Error that only gives the month of Err, as Err.
func (e *Error) Error() string {
	if e.monthOnly() {
		return e.Err.Error()
	}
	return "settlement: " + e.Message()
}

// monthOnly reports whether e only gives the month of the error it wraps.
func (e *Error) monthOnly() bool {
	return e.Err != nil && e.File == "" && e.Line == 0 && e.Field == "" && e.Value == "" && e.Rule == "" && e.Reason == "" && e.Allowed == ""
}

// lookupInMonth returns err as an *Error of month m wrapping it when it is a
// table lookup's *tariff.Error; other errors (already located) unchanged.
func lookupInMonth(m tariff.Month, err error) error {
	if te, ok := err.(*tariff.Error); ok {
		return &Error{Month: monthText(m), Err: te}
	}
	return err
}

// Message is the error without the package prefix, for an error that locates
// it in a file (a scenario).
func (e *Error) Message() string {
	if e.monthOnly() {
		return messageOf(e.Err)
	}
	var b strings.Builder
	switch {
	case e.File != "":
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteString(":" + strconv.Itoa(e.Column))
			}
		}
		b.WriteString(": ")
	case e.Line > 0:
		b.WriteString("line " + strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(":" + strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	if e.Month != "" {
		b.WriteString(e.Month + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	if e.Value != "" {
		fmt.Fprintf(&b, "%q: ", clip(e.Value))
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, "%s (%s) %s: ", e.Rule, e.Document, e.Clause)
	}
	if e.Reason == "" && e.Err != nil {
		b.WriteString(messageOf(e.Err))
	} else {
		b.WriteString(e.Reason)
	}
	if e.Allowed != "" {
		b.WriteString(" (allowed: " + e.Allowed + ")")
	}
	return b.String()
}

// messageOf is err's message without its package prefix: the error types of
// tariff and settlement have a Message method; other errors are rendered
// whole.
func messageOf(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return err.Error()
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
