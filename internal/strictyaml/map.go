package strictyaml

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Map is a YAML mapping being read; every key must be read before Done.
// The reads (Has, Get, Scalar, Str, Enum, Bool, Int, Decimal, List, Sub),
// Keys, Done and Fail accept a nil *Map (an optional mapping that is absent,
// or one that failed to read) and return zero values; Doc, Failed, Field and
// Item need a Map.
type Map struct {
	d    *Doc
	Node *yaml.Node // the mapping node, for its position
	path string
	keys map[string]int // key → index of its value in Node.Content
	used map[string]bool
}

// Doc returns the document m belongs to.
func (m *Map) Doc() *Doc { return m.d }

// Failed reports whether the document has met an error.
func (m *Map) Failed() bool { return m.d.err != nil }

// Field returns the dotted path of key k.
func (m *Map) Field(k string) string {
	if m.path == "" {
		return k
	}
	return m.path + "." + k
}

// Keys returns the keys of m in document order.
func (m *Map) Keys() []string {
	if m == nil {
		return nil
	}
	out := make([]string, 0, len(m.keys))
	for i := 0; i+1 < len(m.Node.Content); i += 2 {
		out = append(out, m.Node.Content[i].Value)
	}
	return out
}

// Has reports whether key k is present and not null.
func (m *Map) Has(k string) bool {
	if m == nil {
		return false
	}
	i, ok := m.keys[k]
	return ok && !isNull(m.Node.Content[i])
}

// Get marks key k as read and returns its value, or nil when absent or null.
// A required key that is absent or null is an error.
func (m *Map) Get(k string, required bool) *yaml.Node {
	if m == nil || m.d.err != nil {
		return nil
	}
	m.used[k] = true
	i, ok := m.keys[k]
	if !ok || isNull(m.Node.Content[i]) {
		if required {
			if ok {
				m.d.Failf(m.Node.Content[i], m.Field(k), "", "", "required value is null")
			} else {
				m.d.Failf(m.Node, m.Field(k), "", "", "required field is missing")
			}
		}
		return nil
	}
	n := m.Node.Content[i]
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// Done rejects the first key that was not read; the error lists the keys that
// were.
func (m *Map) Done() {
	if m == nil || m.d.err != nil {
		return
	}
	for i := 0; i+1 < len(m.Node.Content); i += 2 {
		k := m.Node.Content[i]
		if !m.used[k.Value] {
			known := slices.Sorted(maps.Keys(m.used))
			m.d.Failf(k, m.Field(k.Value), "", strings.Join(known, ", "), "unknown field")
			return
		}
	}
}

// Scalar returns the single value of key k, or nil when absent or null; a
// list or mapping is an error.
func (m *Map) Scalar(k string, required bool) *yaml.Node {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		m.d.Failf(n, m.Field(k), "", "", "expected a single value, found %s", kindName(n))
		return nil
	}
	return n
}

// Str reads a string; a required string must not be blank.
func (m *Map) Str(k string, required bool) string {
	n := m.Scalar(k, required)
	if n == nil {
		return ""
	}
	if required && strings.TrimSpace(n.Value) == "" {
		m.d.Failf(n, m.Field(k), "", "", "must not be empty")
	}
	return n.Value
}

// Enum reads a string that must be one of allowed.
func (m *Map) Enum(k string, required bool, allowed ...string) string {
	n := m.Scalar(k, required)
	if n == nil {
		return ""
	}
	if slices.Contains(allowed, n.Value) {
		return n.Value
	}
	m.d.Failf(n, m.Field(k), n.Value, strings.Join(allowed, ", "), "unknown value")
	return ""
}

// Bool reads true or false.
func (m *Map) Bool(k string, required bool) bool {
	return m.Enum(k, required, "true", "false") == "true"
}

// Int reads a whole number ≥ 0 and reports whether one was read.
func (m *Map) Int(k string, required bool) (int, bool) {
	n := m.Scalar(k, required)
	if n == nil {
		return 0, false
	}
	v, ok := ParseWhole(n.Value)
	if !ok && thousands.MatchString(n.Value) {
		m.d.Failf(n, m.Field(k), n.Value, ThousandsAllowed, "thousands separators are not allowed")
		return 0, false
	}
	if !ok {
		m.d.Failf(n, m.Field(k), n.Value, "", "not a whole number ≥ 0")
		return 0, false
	}
	return v, true
}

// Decimal reads a decimal from the raw scalar text (quoted or not) and
// reports whether one was read.
func (m *Map) Decimal(k string, required bool, sign Sign) (decimal.Decimal, bool) {
	n := m.Scalar(k, required)
	if n == nil {
		return decimal.Zero, false
	}
	v, err := ParseDecimal(n.Value)
	if err != nil && thousands.MatchString(n.Value) {
		m.d.Failf(n, m.Field(k), n.Value, ThousandsAllowed, "thousands separators are not allowed")
		return decimal.Zero, false
	}
	if err != nil {
		reason, allowed := DecimalProblem(err)
		m.d.Failf(n, m.Field(k), n.Value, allowed, "%s", reason)
		return decimal.Zero, false
	}
	switch {
	case sign == NonNegative && v.IsNegative():
		m.d.Failf(n, m.Field(k), n.Value, "", "must not be negative")
		return decimal.Zero, false
	case sign == Positive && !v.IsPositive():
		m.d.Failf(n, m.Field(k), n.Value, "", "must be greater than zero")
		return decimal.Zero, false
	}
	return v, true
}

// List reads a sequence; a required list must not be empty.
func (m *Map) List(k string, required bool) []*yaml.Node {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		m.d.Failf(n, m.Field(k), "", "", "expected a list, found %s", kindName(n))
		return nil
	}
	if required && len(n.Content) == 0 {
		m.d.Failf(n, m.Field(k), "", "", "must not be empty")
	}
	return n.Content
}

// Sub reads a nested mapping.
func (m *Map) Sub(k string, required bool) *Map {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	return m.d.Map(n, m.Field(k))
}

// Item returns the mapping n at index i of the list read from key k.
func (m *Map) Item(k string, i int, n *yaml.Node) *Map {
	return m.d.Map(n, ItemField(m.Field(k), i))
}

// ItemField returns the path of item i of the list at path: "path[i]".
func ItemField(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// Fail records an error at key k of m (or at m itself when the key is absent).
func (m *Map) Fail(k, value, allowed, format string, args ...any) {
	if m == nil {
		return
	}
	at := m.Node
	if i, ok := m.keys[k]; ok {
		at = m.Node.Content[i]
	}
	m.d.Failf(at, m.Field(k), value, allowed, format, args...)
}
