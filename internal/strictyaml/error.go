package strictyaml

import (
	"fmt"
	"strings"
)

// Error is bad input at a known place: a file, a line and column, a field.
// It renders as
//
//	file:line:col: field: "value": reason (allowed: …)
//
// leaving out the parts that do not apply, and without a package prefix:
// callers turn it into their own package's error.
type Error struct {
	File    string
	Line    int // 0 when the position is unknown
	Column  int
	Field   string // dotted path, e.g. "classes[0].tiers[2].energy"
	Value   string // the offending text, quoted in the message
	Reason  string
	Allowed string
}

// Error renders e without a package prefix.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "line %d:%d: ", e.Line, e.Column)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Value != "" {
		fmt.Fprintf(&b, "%q: ", e.Value)
	}
	b.WriteString(e.Reason)
	if e.Allowed != "" {
		b.WriteString(" (allowed: ")
		b.WriteString(e.Allowed)
		b.WriteString(")")
	}
	return b.String()
}
