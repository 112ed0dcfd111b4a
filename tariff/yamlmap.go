package tariff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Doc reads one strict YAML document in the conventions of this package
// (ARCHITECTURE, YAML): unknown fields and second documents rejected, missing
// and null required values rejected, decimals from the raw scalar text, dates
// as YYYY-MM-DD, months as YYYY-MM. The first error wins; later calls return
// zero values and Err reports it. Package settlement reads scenarios with it.
type Doc struct {
	File string // the file name errors carry
	Pkg  string // the package prefix errors carry; "tariff" when empty
	err  error
}

// Err returns the first error met.
func (d *Doc) Err() error { return d.err }

// Failf records an error at node n unless one is recorded already.
func (d *Doc) Failf(n *yaml.Node, field, value, allowed, format string, args ...any) {
	if d.err != nil {
		return
	}
	e := &FieldError{Pkg: d.Pkg, File: d.File, Field: field, Value: value, Reason: fmt.Sprintf(format, args...), Allowed: allowed}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.err = e
}

// Parse reads exactly one YAML document from r and returns its top-level mapping.
func (d *Doc) Parse(r io.Reader) *Map {
	data, err := io.ReadAll(r)
	if err != nil {
		d.err = fmt.Errorf("%s: %s: %w", d.pkg(), d.File, err)
		return nil
	}
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

func (d *Doc) yamlErr(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.Failf(&yaml.Node{Line: line, Column: 1}, "", "", "", "invalid YAML: %s", m[2])
		return
	}
	d.Failf(nil, "", "", "", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func (d *Doc) pkg() string {
	if d.Pkg == "" {
		return "tariff"
	}
	return d.Pkg
}

// Map is a YAML mapping being read; every key must be read before Done.
type Map struct {
	d    *Doc
	Node *yaml.Node
	Path string
	keys map[string]int // key → index of its value in Node.Content
	used map[string]bool
}

// Map wraps n, which must be a mapping, at the dotted path.
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
	m := &Map{d: d, Node: n, Path: path, keys: map[string]int{}, used: map[string]bool{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if _, dup := m.keys[k]; dup {
			d.Failf(n.Content[i], m.field(k), "", "", "duplicate key")
			return nil
		}
		m.keys[k] = i + 1
	}
	return m
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

func (m *Map) field(k string) string {
	if m.Path == "" {
		return k
	}
	return m.Path + "." + k
}

// Field returns the dotted path of key k.
func (m *Map) Field(k string) string { return m.field(k) }

// Has reports whether key k is present and not null.
func (m *Map) Has(k string) bool {
	if m == nil {
		return false
	}
	i, ok := m.keys[k]
	return ok && !isNull(m.Node.Content[i])
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// Get returns the value of key k, or nil when absent or null. A required key
// that is absent or null is an error.
func (m *Map) Get(k string, required bool) *yaml.Node {
	if m == nil || m.d.err != nil {
		return nil
	}
	m.used[k] = true
	i, ok := m.keys[k]
	if !ok || isNull(m.Node.Content[i]) {
		if required {
			at := m.Node
			if ok {
				at = m.Node.Content[i]
				m.d.Failf(at, m.field(k), "", "", "required value is null")
			} else {
				m.d.Failf(at, m.field(k), "", "", "required field is missing")
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

// Done rejects every key that was not read.
func (m *Map) Done() {
	if m == nil || m.d.err != nil {
		return
	}
	var known []string
	for k := range m.used {
		known = append(known, k)
	}
	sortStrings(known)
	for i := 0; i+1 < len(m.Node.Content); i += 2 {
		k := m.Node.Content[i]
		if !m.used[k.Value] {
			m.d.Failf(k, m.field(k.Value), "", strings.Join(known, ", "), "unknown field")
			return
		}
	}
}

func (m *Map) scalar(k string, required bool) *yaml.Node {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		m.d.Failf(n, m.field(k), "", "", "expected a single value, found %s", kindName(n))
		return nil
	}
	return n
}

// Str reads a string.
func (m *Map) Str(k string, required bool) string {
	n := m.scalar(k, required)
	if n == nil {
		return ""
	}
	if required && strings.TrimSpace(n.Value) == "" {
		m.d.Failf(n, m.field(k), "", "", "must not be empty")
	}
	return n.Value
}

// Enum reads a string that must be one of allowed.
func (m *Map) Enum(k string, required bool, allowed ...string) string {
	n := m.scalar(k, required)
	if n == nil {
		return ""
	}
	for _, a := range allowed {
		if n.Value == a {
			return a
		}
	}
	m.d.Failf(n, m.field(k), n.Value, strings.Join(allowed, ", "), "unknown value")
	return ""
}

// Bool reads true or false.
func (m *Map) Bool(k string, required bool) bool {
	return m.Enum(k, required, "true", "false") == "true"
}

// Int reads a whole number ≥ 0.
func (m *Map) Int(k string, required bool) (int, bool) {
	n := m.scalar(k, required)
	if n == nil {
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil || v < 0 || !wholeNumber.MatchString(n.Value) {
		m.d.Failf(n, m.field(k), n.Value, "", "not a whole number ≥ 0")
		return 0, false
	}
	return v, true
}

var wholeNumber = regexp.MustCompile(`^[0-9]+$`)

// Sign constrains a decimal.
type Sign int

// Sign constraints for Decimal.
const (
	AnySign     Sign = iota // any value
	NonNegative             // ≥ 0
	Positive                // > 0
)

// Decimal reads a decimal from the raw scalar text (quoted or not).
func (m *Map) Decimal(k string, required bool, sign Sign) (decimal.Decimal, bool) {
	n := m.scalar(k, required)
	if n == nil {
		return decimal.Zero, false
	}
	return m.d.DecimalNode(n, m.field(k), sign)
}

// DecimalNode reads n as a decimal for the field path.
func (d *Doc) DecimalNode(n *yaml.Node, field string, sign Sign) (decimal.Decimal, bool) {
	v, err := ParseDecimal(n.Value)
	if err != nil {
		d.Failf(n, field, n.Value, "digits with an optional sign and decimal point, e.g. 0.5096", "not a plain decimal")
		return decimal.Zero, false
	}
	switch {
	case sign == NonNegative && v.IsNegative():
		d.Failf(n, field, n.Value, "", "must not be negative")
		return decimal.Zero, false
	case sign == Positive && !v.IsPositive():
		d.Failf(n, field, n.Value, "", "must be greater than zero")
		return decimal.Zero, false
	}
	return v, true
}

var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParseDecimal parses plain decimal text: an optional minus sign, digits and an
// optional fraction. Exponents, NaN, infinities, hex, underscores and
// thousands separators are rejected.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if !plainDecimal.MatchString(s) {
		return decimal.Zero, fmt.Errorf("tariff: %q is not a plain decimal", s)
	}
	return decimal.NewFromString(s)
}

// Date reads a civil date YYYY-MM-DD.
func (m *Map) Date(k string, required bool) Date {
	n := m.scalar(k, required)
	if n == nil {
		return Date{}
	}
	d, err := ParseDate(n.Value)
	if err != nil {
		m.d.Failf(n, m.field(k), n.Value, "a date YYYY-MM-DD", "not a valid date")
	}
	return d
}

// ParseDate parses a civil date YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("tariff: %q is not a date YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// Month reads a month YYYY-MM.
func (m *Map) Month(k string, required bool) Month {
	n := m.scalar(k, required)
	if n == nil {
		return Month{}
	}
	return m.d.MonthNode(n, m.field(k))
}

// MonthNode reads n as a month YYYY-MM.
func (d *Doc) MonthNode(n *yaml.Node, field string) Month {
	mo, err := ParseMonth(n.Value)
	if err != nil {
		d.Failf(n, field, n.Value, "a month YYYY-MM", "not a valid month")
	}
	return mo
}

// ParseMonth parses a month YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("tariff: %q is not a month YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// List reads a sequence; a required list must not be empty.
func (m *Map) List(k string, required bool) []*yaml.Node {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		m.d.Failf(n, m.field(k), "", "", "expected a list, found %s", kindName(n))
		return nil
	}
	if required && len(n.Content) == 0 {
		m.d.Failf(n, m.field(k), "", "", "must not be empty")
	}
	return n.Content
}

// Sub reads a nested mapping.
func (m *Map) Sub(k string, required bool) *Map {
	n := m.Get(k, required)
	if n == nil {
		return nil
	}
	return m.d.Map(n, m.field(k))
}

// Item returns the mapping at index i of a list read from key k.
func (m *Map) Item(k string, i int, n *yaml.Node) *Map {
	return m.d.Map(n, fmt.Sprintf("%s[%d]", m.field(k), i))
}

// Fail records an error at key k of m (or at m itself when the key is absent).
func (m *Map) Fail(k, value, allowed, format string, args ...any) {
	if m == nil {
		return
	}
	at := m.Node
	if i, ok := m.keys[k]; ok {
		at = m.Node.Content[i]
	}
	m.d.Failf(at, m.field(k), value, allowed, format, args...)
}

// Doc returns the document m belongs to.
func (m *Map) Doc() *Doc { return m.d }

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
