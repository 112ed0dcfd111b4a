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
// recorded already.
func (d *Doc) Failf(n *yaml.Node, field, value, allowed, format string, args ...any) {
	if d.err != nil {
		return
	}
	e := &Error{File: d.File, Field: field, Value: value, Reason: fmt.Sprintf(format, args...), Allowed: allowed}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.err = e
}

// Parse reads exactly one YAML document from data and returns its top-level
// mapping; nil after an error.
func (d *Doc) Parse(data []byte) *Map {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			d.Failf(nil, "", "", "", "empty document")
			return nil
		}
		d.yamlErr(err)
		return nil
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		d.Failf(&second, "", "", "", "a second YAML document is not allowed (one table or scenario per file)")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.yamlErr(err)
		return nil
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		d.Failf(&root, "", "", "", "empty document")
		return nil
	}
	return d.Map(root.Content[0], "")
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErr records a syntax error of the YAML library, at its line when the
// message gives one.
func (d *Doc) yamlErr(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.Failf(&yaml.Node{Line: line, Column: 1}, "", "", "", "invalid YAML: %s", m[2])
		return
	}
	d.Failf(nil, "", "", "", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
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
	m := &Map{d: d, Node: n, path: path, keys: map[string]int{}, used: map[string]bool{}}
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

// kindName describes what a node holds, for "expected …, found …".
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }
