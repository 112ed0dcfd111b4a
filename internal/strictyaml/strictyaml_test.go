package strictyaml_test

import (
	"strings"
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
		// Thousands separators: in block style the scalar is "58,000,000"; in
		// a flow mapping YAML reads each ",000" as a key of its own (before:
		// "items[0].000: duplicate key").
		{"price: 58,000,000\n", `t.yaml:1:8: price: "58,000,000": thousands separators are not allowed (allowed: digits only, e.g. 58000000)`},
		{"price: 1\nitems: [{n: 58,000,000}]\n", `t.yaml:2:13: items[0].n: "58,000,000": thousands separators are not allowed (allowed: digits only, e.g. 58000000)`},
		{"price: 1\nitems: [{n: 58,000}]\n", `t.yaml:2:13: items[0].n: "58,000": thousands separators are not allowed (allowed: digits only, e.g. 58000000)`},
		{"price: 1\nitems: [{n: 5,000.5}]\n", `t.yaml:2:13: items[0].n: "5,000.5": thousands separators are not allowed (allowed: digits only, e.g. 58000000)`},
		{"price: 1\nitems:\n  - n: 58,000\n", `t.yaml:3:8: items[0].n: "58,000": thousands separators are not allowed (allowed: digits only, e.g. 58000000)`},
		// Tabs in the indentation (before: "found character that cannot start any token").
		{"price: 1\nitems:\n\t- n: 1\n", "t.yaml:3:1: tabs are not allowed in indentation (allowed: spaces)"},
		{"price: 1\nitems:\n  - n: 1\n\t  m: 2\n", "t.yaml:4:1: tabs are not allowed in indentation (allowed: spaces)"},
		{"price: 1\nitems:\n  -\tn: 1\n", "t.yaml:3:4: tabs are not allowed in indentation (allowed: spaces)"},
		// File text is quoted at most 64 bytes, escaped.
		{"price: 1\nitems: [" + strings.Repeat("y", 100) + "]\n", `t.yaml:2:9: items[0]: expected a mapping, found "` + strings.Repeat("y", 64) + `…"`},
		{"price: *" + strings.Repeat("a", 100) + "\n", `t.yaml:1:1: invalid YAML: unknown anchor "` + strings.Repeat("a", 64) + `…" referenced`},
		{"price: 1\nextra: \"\x01\"\n", "t.yaml:2:9: control character U+0001 is not allowed (allowed: UTF-8 text without control characters)"},
		{"price: 1\nextra: \xff\xfe\n", "t.yaml:2:8: not UTF-8 text (a binary file, or another encoding) (allowed: UTF-8 text)"},
		{"\ufeffprice: 1\n", ""}, // a byte-order mark
		{"price: 电费\n", `t.yaml:1:8: price: "电费": not a plain decimal (allowed: digits with an optional sign and decimal point, e.g. 0.5096)`},
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

func TestReadAll(t *testing.T) {
	b, err := strictyaml.ReadAll(strings.NewReader(strings.Repeat("a", strictyaml.MaxFileSize)))
	require.NoError(t, err)
	require.Len(t, b, strictyaml.MaxFileSize)
	_, err = strictyaml.ReadAll(strings.NewReader(strings.Repeat("a", strictyaml.MaxFileSize+1)))
	require.ErrorIs(t, err, strictyaml.ErrTooLarge)
}

func TestClip(t *testing.T) {
	require.Equal(t, "abc", strictyaml.Clip("abc"))
	require.Equal(t, strings.Repeat("a", 64), strictyaml.Clip(strings.Repeat("a", 64)))
	require.Equal(t, strings.Repeat("a", 64)+"…", strictyaml.Clip(strings.Repeat("a", 65)))
	// 21 three-byte characters are 63 bytes; the 22nd would pass 64: cut before it.
	require.Equal(t, strings.Repeat("电", 21)+"…", strictyaml.Clip(strings.Repeat("电", 30)))
}

func TestLines(t *testing.T) {
	for s, want := range map[string]int{"": 1, "a": 1, "a\n": 2, "a\r\nb": 2, "a\rb\nc": 3, "a\u2028b": 2, "a\u0085b": 2} {
		require.Equal(t, want, strictyaml.Lines([]byte(s)), "%q", s)
	}
}

// A decimal with a leading zero is refused: YAML 1.1 readers take 040300000
// as the octal number 8486912, so the same file would bill another kWh
// elsewhere. A negative zero is refused too; 0, 0.5 and -0.5 are fine.
func TestLeadingZerosAndNegativeZero(t *testing.T) {
	require.Equal(t, `t.yaml:1:8: price: "040300000": leading zeros are not allowed (allowed: digits without leading zeros, e.g. 40300000 or 0.5; YAML 1.1 readers take 040300000 as the octal number 8486912)`, read(t, "price: 040300000\n"))
	require.Equal(t, `t.yaml:1:8: price: "00.5": leading zeros are not allowed (allowed: digits without leading zeros, e.g. 40300000 or 0.5; YAML 1.1 readers take 040300000 as the octal number 8486912)`, read(t, "price: '00.5'\n"))
	require.Equal(t, `t.yaml:1:8: price: "-0": -0 is not allowed (allowed: 0)`, read(t, "price: -0\n"))
	require.Equal(t, `t.yaml:1:8: price: "-0.00": -0 is not allowed (allowed: 0)`, read(t, "price: -0.00\n"))
	for _, ok := range []string{"0", "0.5", "10", "0.0"} {
		require.Empty(t, read(t, "price: "+ok+"\n"), ok)
	}
	_, err := strictyaml.ParseDecimal("-0.5")
	require.NoError(t, err)
	_, err = strictyaml.ParseDecimal("007")
	require.ErrorIs(t, err, strictyaml.ErrLeadingZero)
}
