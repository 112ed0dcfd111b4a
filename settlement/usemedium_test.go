package settlement

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// refUse is the plain MEDIUM-warning code builder.use had before the
// warnings of a table's own MEDIUM values were marked by index: every path
// scanned against the table's MEDIUM values, every warning looked up by
// path and deduplicated by source and path.
type refUse struct {
	ids      []string
	meds     [][]string
	warned   []medKey
	warns    []Warning
	otherMed bool
}

func (r *refUse) use(h *tariff.Header, paths ...string) {
	k := -1
	for i, id := range r.ids {
		if id == h.ID {
			k = i
			break
		}
	}
	if k < 0 {
		k = len(r.ids)
		r.ids = append(r.ids, h.ID)
		r.meds = append(r.meds, h.MediumValues())
	}
	med := r.meds[k]
	if h.Confidence == tariff.ConfidenceMedium {
		paths = []string{""}
	} else if len(med) == 0 {
		return
	}
	for _, p := range paths {
		if h.Confidence == tariff.ConfidenceMedium || refUnder(p, med) {
			r.warn(h, int32(k), p)
			continue
		}
		for _, v := range med {
			if below(v, p) {
				r.warn(h, int32(k), v)
			}
		}
	}
}

func (r *refUse) useJoined(h *tariff.Header, parts ...string) {
	p := strings.Join(parts, "")
	if len(parts) == 1 || h.Confidence != tariff.ConfidenceMedium && refTouches(p, h.MediumValues()) {
		r.use(h, p)
		return
	}
	r.use(h)
}

func refUnder(path string, meds []string) bool {
	for _, k := range meds {
		if len(path) >= len(k) && path[:len(k)] == k && (len(path) == len(k) || path[len(k)] == '.') {
			return true
		}
	}
	return false
}

func refTouches(path string, meds []string) bool {
	for _, k := range meds {
		if below(k, path) {
			return true
		}
	}
	return refUnder(path, meds)
}

func (r *refUse) warn(h *tariff.Header, k int32, path string) {
	subject, zh, en, ok := h.MediumWarning(path)
	if !ok {
		return
	}
	for _, m := range r.warned {
		if m.src == k && m.path == path {
			return
		}
	}
	if r.otherMed {
		for _, w := range r.warns {
			if w.Code == WarningMediumValue && w.Subject == subject {
				return
			}
		}
	}
	r.warns = append(r.warns, Warning{Code: WarningMediumValue, Subject: subject, ZH: zh, EN: en})
	r.warned = append(r.warned, medKey{k, path})
}

func (r *refUse) warning(w Warning) {
	for _, x := range r.warns {
		if x.Code == w.Code && x.Subject == w.Subject {
			return
		}
	}
	if w.Code == WarningMediumValue {
		r.otherMed = true
	}
	r.warns = append(r.warns, w)
}

// mediumHeaders returns the default tables' headers and a catalog table
// whose MEDIUM values nest ("funds" and "funds.renewable") and one that is
// HIGH under a MEDIUM parent.
func mediumHeaders(t *testing.T) []tariff.Header {
	hs := defaults(t).Headers()
	src, err := os.ReadFile("../tariff/tables/ln-catalog-2016.yaml")
	require.NoError(t, err)
	for i, vc := range []string{
		"value_confidence:\n  funds: medium\n  funds.renewable: medium\n  classes.large_industry: medium\n",
		"value_confidence:\n  funds: medium\n  funds.renewable: high\n  classes: medium\n  classes.large_industry_chemical.basic_prices: medium\n",
	} {
		y := strings.Replace(string(src), "value_confidence:\n  funds.renewable: medium\n  classes.large_industry_chemical.basic_prices: medium\n", vc, 1)
		y = strings.Replace(y, "id: ln-catalog-2016", "id: ln-catalog-nest"+string(rune('a'+i)), 1)
		require.NotEqual(t, string(src), y)
		s, err := tariff.Load(strings.NewReader(y), "nest.yaml")
		require.NoError(t, err)
		hs = append(hs, s.Headers()...)
	}
	return hs
}

// The builder's MEDIUM warnings (use, useJoined, and warnings added another
// way) are those of the plain code, in the same order, on random sequences
// of uses of the default tables and of tables with nested MEDIUM values.
func TestUseMatchesPlainCode(t *testing.T) {
	hs := mediumHeaders(t)
	paths := []string{"", "funds", "funds.renewable", "funds.renewable.x", "funds.rural_grid_loan", "fundsx", "fund",
		"classes", "classes.large_industry", "classes.large_industry_chemical", "classes.large_industry_chemical.basic_prices",
		"classes.large_industry.basic_prices", "effective", "methods", "method_change", "floor", "suspension", "proration",
		"base", "energy", "loss_rate", "classes.large",
		"#lasses", "%ffective", "Effective"} // the last three: first bytes whose bits (c&63) are those of MEDIUM paths, or not
	rng := rand.New(rand.NewPCG(24, 1))
	for range 3000 {
		var b builder
		var r refUse
		for range 1 + rng.IntN(12) {
			h := &hs[rng.IntN(len(hs))]
			switch rng.IntN(5) {
			case 0: // a warning added another way, as a counterfactual rule set's or a usage's
				p := paths[rng.IntN(len(paths))]
				subject, zh, en, ok := h.MediumWarning(p)
				if !ok {
					subject, zh, en = h.ID, "z", "e"
				}
				w := Warning{Code: WarningMediumValue, Subject: subject, ZH: zh, EN: en}
				b.warning(w)
				r.warning(w)
			case 1: // one path in parts
				p := paths[rng.IntN(len(paths))]
				c1 := rng.IntN(len(p) + 1)
				c2 := c1 + rng.IntN(len(p)-c1+1)
				b.useJoined(h, p[:c1], p[c1:c2], p[c2:])
				r.useJoined(h, p[:c1], p[c1:c2], p[c2:])
			default:
				ps := make([]string, rng.IntN(4))
				for i := range ps {
					ps[i] = paths[rng.IntN(len(paths))]
				}
				b.use(h, ps...)
				r.use(h, ps...)
			}
		}
		got := b.warns
		if len(got) == 0 {
			got = nil
		}
		require.Equal(t, r.warns, got)
		require.Equal(t, len(r.ids), len(b.srcs))
	}
}

// A source's MEDIUM paths, cut from the subjects of the table's warnings,
// are the paths the header lists (MediumValues), for every shipped table.
func TestSourceMediumPaths(t *testing.T) {
	n := 0
	for _, h := range defaults(t).Headers() {
		var b builder
		k, m := b.source(&h)
		require.Equal(t, int32(0), k)
		want := h.MediumValues()
		got := b.medium[m.off:m.end]
		if len(want) == 0 {
			require.Empty(t, got, h.ID)
			continue
		}
		n++
		require.Equal(t, want, got, h.ID)
	}
	require.Greater(t, n, 3, "tables with MEDIUM values")
}
