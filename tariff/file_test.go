package tariff_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// manyKeys is the shipped 2026 T&D table with n more value_confidence keys.
func manyKeys(t testing.TB, n int) string {
	src, err := os.ReadFile("tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	var b strings.Builder
	for _, l := range strings.SplitAfter(string(src), "\n") {
		b.WriteString(l)
		if strings.HasPrefix(l, "value_confidence:") {
			for i := range n {
				fmt.Fprintf(&b, "  x.k%06d: medium\n", i)
			}
		}
	}
	return b.String()
}

// A table with 80,000 value_confidence keys loads, and keeps them all.
func TestManyValueConfidenceKeys(t *testing.T) {
	src := manyKeys(t, 80000)
	tb, err := tariff.Load(strings.NewReader(src), "many.yaml")
	require.NoError(t, err)
	hs := tb.Headers()
	require.Len(t, hs, 1)
	require.Len(t, hs[0].MediumValues(), 80000+2) // and basic_prices, funds
}

// BenchmarkLoadManyKeys loads a table with 80,000 value_confidence keys
// (1.6 MB); key checks are linear (a map), so this takes a fraction of a
// second (it took 6–19 s when every mapping was checked by insertion).
func BenchmarkLoadManyKeys(b *testing.B) {
	src := manyKeys(b, 80000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tariff.Load(strings.NewReader(src), "many.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

// tnd2027 is the shipped fourth-period table as a fifth period from 2027-01-01.
func tnd2027(t *testing.T, supersedes string) *tariff.Set {
	t.Helper()
	src, err := os.ReadFile("tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	y := strings.Replace(string(src), "id: ln-tnd-2026", "id: ln-tnd-2027", 1)
	y = strings.Replace(y, "effective: {from: 2026-08-01}", "effective: {from: 2027-01-01}\n"+supersedes, 1)
	y = strings.Replace(y, "energy: 0.0571", "energy: 0.0500", 1)
	tb, err := tariff.Load(strings.NewReader(y), "ln-tnd-2027.yaml")
	require.NoError(t, err)
	return tb
}

// A table for a period after the open-ended ln-tnd-2026 supersedes it
// (README §3.12); without supersedes it is refused as overlapping.
func TestSupersedes(t *testing.T) {
	def, err := tariff.Default()
	require.NoError(t, err)
	_, err = def.With(tnd2027(t, ""))
	require.EqualError(t, err, `tariff: ln-tnd-2027.yaml:2:1: effective: "[2027-01-01, open)": overlaps ln-tnd-2026 [2026-08-01, open) (same kind and region) (allowed: supersedes: ln-tnd-2026, which ends ln-tnd-2026 on 2027-01-01)`)

	s, err := def.With(tnd2027(t, "supersedes: ln-tnd-2026"))
	require.NoError(t, err)
	at := func(date string) tariff.Price {
		d, err := tariff.ParseDate(date)
		require.NoError(t, err)
		p, err := s.TND("liaoning", decimal.NewFromInt(220), d, "")
		require.NoError(t, err)
		return p
	}
	old := at("2026-12-31")
	require.Equal(t, "ln-tnd-2026", old.Table.ID)
	require.Equal(t, "0.0571", old.Energy.String())
	require.Equal(t, "[2026-08-01, 2027-01-01)", old.Table.Range())
	require.Equal(t, "ln-tnd-2027", old.Table.SupersededBy)
	require.Equal(t, "ln-tnd-2027", at("2027-01-01").Table.ID)
	require.Equal(t, "0.05", at("2027-01-01").Energy.String())
	// The default set is not changed.
	orig, _ := def.Header("ln-tnd-2026")
	require.Equal(t, "[2026-08-01, open)", orig.Range())
	// Extending the set again keeps the shortened range; a second table
	// superseding the same one is refused.
	s2, err := s.With()
	require.NoError(t, err)
	h, _ := s2.Header("ln-tnd-2026")
	require.Equal(t, "[2026-08-01, 2027-01-01)", h.Range())
	_, err = s.With(tnd2027b(t))
	require.EqualError(t, err, `tariff: ln-tnd-2027b.yaml:2:1: supersedes: "ln-tnd-2026": ln-tnd-2026 is already superseded by ln-tnd-2027`)
	// No gap between the two periods; the known one (2017-07 … 2026-07) stays.
	require.Equal(t, []string{"gap: no tnd table for liaoning from 2017-07-01 to 2026-07-31 (after ln-tnd-spread-2016, before ln-tnd-2026)"}, s.Gaps())
}

func tnd2027b(t *testing.T) *tariff.Set {
	src, err := os.ReadFile("tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	y := strings.Replace(string(src), "id: ln-tnd-2026", "id: ln-tnd-2027b", 1)
	y = strings.Replace(y, "effective: {from: 2026-08-01}", "effective: {from: 2027-06-01}\nsupersedes: ln-tnd-2026", 1)
	tb, err := tariff.Load(strings.NewReader(y), "ln-tnd-2027b.yaml")
	require.NoError(t, err)
	return tb
}

// A Set from Load need not hold the tables its table names; With checks them
// against the Set it joins, and a lookup on the partial Set that needs one
// fails with a located *Error rather than a wrong price.
func TestPartialSet(t *testing.T) {
	const spread = `id: test-spread
kind: tnd
region: liaoning
issuer: test
document: test
effective: {from: 2016-01-01, to: 2017-01-01}
scope: named
confidence: medium
form: spread
structure: "2016"
catalog: ln-catalog-2016
catalog_class: large_industry
benchmark: ln-coal-benchmark-2016
`
	tb, err := tariff.Load(strings.NewReader(spread), "spread.yaml")
	require.NoError(t, err, "the catalog and benchmark it names are not in its own Set")
	_, err = tb.TND("liaoning", d("220"), date("2016-11-01"), "test-spread")
	require.EqualError(t, err, `tariff: no catalog table with id "ln-catalog-2016"`)
	_, err = tb.With()
	require.EqualError(t, err, `tariff: spread.yaml:1:1: catalog: "ln-catalog-2016": names a table that does not exist`, "With returns a complete Set")
	def, err := tariff.Default()
	require.NoError(t, err)
	s, err := def.With(tb)
	require.NoError(t, err)
	p, err := s.TND("liaoning", d("220"), date("2016-11-01"), "test-spread")
	require.NoError(t, err)
	// 0.5096 − 0.0518 − 0.3749 = 0.0829, as ln-tnd-spread-2016 (README E1).
	eq(t, "0.0829", p.Energy)
	require.Equal(t, []string{"test-spread", "ln-catalog-2016", "ln-coal-benchmark-2016"}, []string{p.Sources[0].ID, p.Sources[1].ID, p.Sources[2].ID})

	// A catalog class the spread names is checked when the catalog is there.
	bad, err := tariff.Load(strings.NewReader(strings.Replace(spread, "catalog_class: large_industry", "catalog_class: nope", 1)), "bad.yaml")
	require.NoError(t, err)
	_, err = def.With(bad)
	require.EqualError(t, err, `tariff: bad.yaml:1:1: catalog_class: "nope": class not in catalog ln-catalog-2016 (allowed: large_industry, large_industry_chemical)`)

	// Nothing to add: the Set itself; nil Sets are skipped.
	same, err := def.With(nil, nil)
	require.NoError(t, err)
	require.Same(t, def, same)
}
