package strictyaml_test

import (
	"testing"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/stretchr/testify/require"
)

// read reads src as file "t.yaml" holding a required price and an optional
// list of items {n}, and returns the first error's message ("" when none).
func read(t *testing.T, src string) string {
	t.Helper()
	d := &strictyaml.Doc{File: "t.yaml"}
	m := d.Parse([]byte(src))
	if m != nil {
		m.Decimal("price", true, strictyaml.NonNegative)
		for i, n := range m.List("items", false) {
			it := m.Item("items", i, n)
			it.Int("n", true)
			it.Done()
		}
		m.Done()
	}
	if e := d.Err(); e != nil {
		return e.Error()
	}
	return ""
}

func TestStrictness(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"price: 0.5096\n", ""},
		{"price: '0.5096'\nitems: [{n: 12}]\n", ""},
		{"", "t.yaml: empty document"},
		{"price: 1\n---\nprice: 2\n", "t.yaml:2:1: a second YAML document is not allowed (one table or scenario per file)"},
		{"price: 1\nprice: 2\n", "t.yaml:2:1: price: duplicate key"},
		{"price: 1\nextra: 2\n", "t.yaml:2:1: extra: unknown field (allowed: items, price)"},
		{"price: ~\n", "t.yaml:1:8: price: required value is null"},
		{"items: []\n", "t.yaml:1:1: price: required field is missing"},
		{"price: 1e3\n", `t.yaml:1:8: price: "1e3": not a plain decimal (allowed: digits with an optional sign and decimal point, e.g. 0.5096)`},
		{"price: .nan\n", `t.yaml:1:8: price: ".nan": not a plain decimal (allowed: digits with an optional sign and decimal point, e.g. 0.5096)`},
		{"price: 0x10\n", `t.yaml:1:8: price: "0x10": not a plain decimal (allowed: digits with an optional sign and decimal point, e.g. 0.5096)`},
		{"price: -1\n", `t.yaml:1:8: price: "-1": must not be negative`},
		{"price: [1]\n", `t.yaml:1:8: price: expected a single value, found a list`},
		{"price: 1\nitems: [{n: -1}]\n", `t.yaml:2:13: items[0].n: "-1": not a whole number ≥ 0`},
		{"price: 1\nitems: [3]\n", `t.yaml:2:9: items[0]: expected a mapping, found "3"`},
		{"- 1\n", "t.yaml:1:1: expected a mapping, found a list"},
		{"price: [1\n", "t.yaml:1:1: invalid YAML: did not find expected ',' or ']'"},
	} {
		got := read(t, c.src)
		require.Equal(t, c.want, got, c.src)
	}
}

// The first error wins and later reads return zero values.
func TestFirstErrorWins(t *testing.T) {
	d := &strictyaml.Doc{File: "t.yaml"}
	m := d.Parse([]byte("a: x\nb: 2\n"))
	_, ok := m.Decimal("a", true, strictyaml.AnySign)
	require.False(t, ok)
	v, ok := m.Decimal("b", true, strictyaml.AnySign)
	require.False(t, ok)
	require.True(t, v.IsZero())
	require.True(t, d.Failed())
	require.Equal(t, "a", d.Err().Field)
	require.Equal(t, 1, d.Err().Line)
}

func TestScalars(t *testing.T) {
	d := &strictyaml.Doc{File: "t.yaml"}
	m := d.Parse([]byte("s: text\nb: true\nn: 42\nd: '-0.50'\nk: {z: 1, a: 2}\n"))
	require.Equal(t, "text", m.Str("s", true))
	require.True(t, m.Bool("b", true))
	n, ok := m.Int("n", true)
	require.True(t, ok)
	require.Equal(t, 42, n)
	v, ok := m.Decimal("d", true, strictyaml.AnySign)
	require.True(t, ok)
	require.Equal(t, "-0.5", v.String()) // the exponent of "-0.50" is kept: -50 × 10⁻²
	require.Equal(t, int32(-2), v.Exponent())
	require.Equal(t, []string{"z", "a"}, m.Sub("k", true).Keys())
	m.Done()
	require.Nil(t, d.Err())
}

func TestParseWhole(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "007": 7, "12": 12} {
		v, ok := strictyaml.ParseWhole(s)
		require.True(t, ok, s)
		require.Equal(t, want, v, s)
	}
	for _, s := range []string{"", "-1", "+1", " 1", "1.0", "99999999999999999999"} {
		_, ok := strictyaml.ParseWhole(s)
		require.False(t, ok, s)
	}
}
