// Package strictyaml reads YAML strictly, as the README's "Tariff tables" and
// "Scenarios" describe: unknown fields, duplicate keys and second documents
// are rejected, missing and null required values are rejected, and decimals
// are read from the raw scalar text (exponents, NaN, infinities and hex are
// rejected).
//
// The reader hands out nodes, positions and plain scalars (text, decimals,
// whole numbers, booleans). It knows nothing of tariffs or scenarios: callers
// parse their own dates and months from the scalars, and turn the reader's
// located *Error into their own error type. The first error wins; after it,
// every read returns a zero value.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Doc is one YAML document being read. The zero value with File set is ready
// to use; a Doc is not safe for concurrent use.
type Doc struct {
	File string // the file name errors carry
	err  *Error
}

// Err returns the first error met, or nil.
func (d *Doc) Err() *Error { return d.err }

// Failed reports whether an error has been met.
func (d *Doc) Failed() bool { return d.err != nil }

// Failf records an error at node n (no position when n is nil) unless one is
// recorded already. value and the string and decimal args are cut to
// MaxQuoted bytes.
func (d *Doc) Failf(n *yaml.Node, field, value, allowed, format string, args ...any) {
	if d.err != nil {
		return
	}
	// Text from the file reaches an error through value and args only: each
	// is cut to MaxQuoted bytes.
	for i, a := range args {
		switch a := a.(type) {
		case string:
			args[i] = Clip(a)
		case decimal.Decimal:
			args[i] = Clip(a.String())
		}
	}
	e := &Error{File: d.File, Field: field, Value: Clip(value), Reason: fmt.Sprintf(format, args...), Allowed: allowed}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.err = e
}

// Parse reads exactly one YAML document from data and returns its top-level
// mapping; nil after an error.
func (d *Doc) Parse(data []byte) *Map {
	if !d.printable(data) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			d.Failf(nil, "", "", "", "empty document")
			return nil
		}
		d.yamlErr(err, data)
		return nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		d.Failf(&second, "", "", "", "a second YAML document is not allowed (one table or scenario per file)")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.yamlErr(err, data)
		return nil
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		d.Failf(&root, "", "", "", "empty document")
		return nil
	}
	return d.Map(root.Content[0], "")
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	quoted        = regexp.MustCompile(`'[^']*'`)
	unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// yamlErr records a syntax error of the YAML library, at its line when the
// message gives one. A tab in the indentation near that line is named as
// such; text of the file the message quotes (an anchor's name) is cut to
// MaxQuoted bytes and escaped.
func (d *Doc) yamlErr(err error, data []byte) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil && line == 0 {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = 1 + bytes.Count(data[:i], []byte("\n"))
		}
	}
	if tl, tc := tabIndent(data, line); tl > 0 {
		d.Failf(&yaml.Node{Line: tl, Column: tc}, "", "", "spaces", "tabs are not allowed in indentation")
		return
	}
	msg = quoted.ReplaceAllStringFunc(msg, func(q string) string {
		if in := q[1 : len(q)-1]; len(in) > MaxQuoted || strconv.Quote(in) != `"`+in+`"` {
			return strconv.Quote(Clip(in))
		}
		return q
	})
	if line == 0 {
		// The YAML library leaves the line out when its (0-based) mark is
		// on the first line.
		line = 1
	}
	if n := Lines(data); line > n {
		line = n // the end of the file
	}
	d.Failf(&yaml.Node{Line: line, Column: 1}, "", "", "", "invalid YAML: %s", shown(msg))
}

// Lines returns the number of lines of data as YAML counts them: one more
// than its line breaks (CR LF, CR, LF, NEL, LS, PS).
func Lines(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\n':
			n++
		case c == '\r':
			n++
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
		case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85: // NEL
			n++
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9): // LS, PS
			n++
		}
	}
	return n
}

// tabIndent returns the line and column of a tab in the indentation (spaces
// and list dashes) of a line next to line (the YAML library's line numbers of
// tab errors are off by one at times; any line when line is 0), or 0, 0.
func tabIndent(data []byte, line int) (int, int) {
	n := 0
	for len(data) > 0 {
		n++
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if line > 0 && n < line-1 {
			continue
		}
		if line > 0 && n > line+1 {
			break
		}
		for i, c := range l {
			if c == '\t' {
				return n, i + 1
			}
			if c != ' ' && c != '-' {
				break
			}
		}
	}
	return 0, 0
}

// Map wraps n, which must be a mapping without duplicate keys, at the dotted
// path; nil after an error.
func (d *Doc) Map(n *yaml.Node, path string) *Map {
	if d.err != nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		d.Failf(n, path, "", "", "expected a mapping, found %s", kindName(n))
		return nil
	}
	m := &Map{d: d, Node: n, path: path, keys: make(map[string]int, len(n.Content)/2), used: map[string]bool{}}
	if n.Style&yaml.FlowStyle != 0 && thousandsInFlow(d, n, path) {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, dup := m.keys[k]; dup {
			d.Failf(n.Content[i], m.Field(k), "", "", "duplicate key")
			return nil
		}
		m.keys[k] = i + 1
	}
	return m
}

var (
	digits1to3 = regexp.MustCompile(`^-?[0-9]{1,3}$`)
	group3     = regexp.MustCompile(`^[0-9]{3}(\.[0-9]+)?$`)
)

// thousandsInFlow rejects a number written with thousands separators in a flow
// mapping ({kwh: 58,000,000}), where YAML reads each ",000" as a key of its
// own, and reports whether it did.
func thousandsInFlow(d *Doc, n *yaml.Node, path string) bool {
	c := n.Content
	for i := 2; i+1 < len(c); i += 2 {
		v := c[i-1]
		if v.Kind != yaml.ScalarNode || v.Style != 0 || !digits1to3.MatchString(v.Value) {
			continue
		}
		text := v.Value
		for j := i; j+1 < len(c) && c[j].Style == 0 && group3.MatchString(c[j].Value) && isNull(c[j+1]) && c[j+1].Value == ""; j += 2 {
			text += "," + c[j].Value
		}
		if text != v.Value {
			field := c[i-2].Value
			if path != "" {
				field = path + "." + field
			}
			d.Failf(v, field, text, ThousandsAllowed, "thousands separators are not allowed")
			return true
		}
	}
	return false
}

// ThousandsAllowed is what a number with thousands separators should be
// written as.
const ThousandsAllowed = "digits only, e.g. 58000000"

// printable checks that data is UTF-8 text of the characters YAML allows
// (YAML 1.2 §5.1: tab, line breaks, printable Unicode), and records an error
// at the first other byte: binary data, or a file in another encoding.
func (d *Doc) printable(data []byte) bool {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		ok := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
			(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
		if r == utf8.RuneError && size <= 1 {
			d.Failf(&yaml.Node{Line: line, Column: col}, "", "", "UTF-8 text", "not UTF-8 text (a binary file, or another encoding)")
			return false
		}
		if !ok {
			d.Failf(&yaml.Node{Line: line, Column: col}, "", "", "UTF-8 text without control characters", "control character U+%04X is not allowed", r)
			return false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return true
}

// shown is text already cut and quoted for an error, which Failf leaves as is.
type shown string

// kindName describes what a node holds, for "expected …, found …".
func kindName(n *yaml.Node) shown {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		return shown(fmt.Sprintf("%q", Clip(n.Value)))
	}
	return "nothing"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }
