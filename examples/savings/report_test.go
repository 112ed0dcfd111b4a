package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/internal/textfmt"
	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// The text goldens (equal to the reports, TestGoldenReports) fit 100
// display columns, East Asian characters counting two.
func TestTextWidth(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, ln := range strings.Split(string(b), "\n") {
			require.LessOrEqual(t, textfmt.Width(ln), 100, "%s:%d: %q", f, i+1, ln)
		}
	}
	// -width narrows it; Chinese at 60 columns.
	out, errOut, code := runCmd(t, "-scenario", "copper-c", "-lang", "zh", "-width", "60")
	require.Equal(t, 0, code, errOut)
	for _, ln := range strings.Split(out, "\n") {
		require.LessOrEqual(t, textfmt.Width(ln), 60, "%q", ln)
	}
}

// asciiWord is a run of ASCII letters with the digits and marks an id may
// carry (ln-tnd-spread-2016, smelter-s.yaml, T1).
var asciiWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.+-]*`)

// The Chinese text and Markdown reports have no ASCII word but the ids of
// tables, scenarios, plants, units and feeders, file names, units of
// measure and the arrangements' letters.
func TestChineseHasNoEnglish(t *testing.T) {
	allowed := map[string]bool{"kWh": true, "kW": true, "kVA": true, "kvarh": true, "kV": true, "C₂": true, "t": true, "README": true} // t: kWh/t, the aluminium consumption unit
	for c := 'A'; c <= 'Z'; c++ {                                                                                                      // arrangements A, B, C; plants S, Z, P
		allowed[string(c)] = true
	}
	set, err := tariff.Default()
	require.NoError(t, err)
	for _, h := range set.Headers() {
		allowed[h.ID], allowed[filepath.Base(h.File)] = true, true
	}
	for _, n := range scenarios.Names() {
		sc, err := scenario.LoadFS(scenarios.FS(), n+".yaml")
		require.NoError(t, err)
		allowed[sc.Name], allowed[sc.File], allowed[sc.Customer.ID] = true, true, true
		for _, u := range sc.Customer.Units {
			allowed[u.ID] = true
		}
		for _, m := range sc.Months {
			for f := range m.Usage.Demand {
				allowed[f] = true
			}
		}
		for _, tb := range sc.Tables {
			for _, h := range tb.Headers() {
				allowed[h.ID], allowed[filepath.Base(h.File)] = true, true
			}
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.zh.*"))
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".csv") {
			continue
		}
		n++
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, ln := range strings.Split(string(b), "\n") {
			for _, w := range asciiWord.FindAllString(ln, -1) {
				w = strings.TrimRight(w, ".+-")
				if allowed[w] || strings.HasPrefix(w, "kV") && allowed["kV"] { // tiers: 220kV+
					continue
				}
				if strings.HasSuffix(w, ".csv") && strings.HasPrefix(w, "profile-p") { // interval files
					continue
				}
				t.Errorf("%s:%d: English word %q in %q", f, i+1, w, ln)
			}
		}
	}
	require.Equal(t, 2*len(scenarios.Names()), n) // every scenario × text and Markdown
}

// The default report opens with the summary: the traded price it rests on
// within the first 40 lines, in both languages; February 2017's deviation
// penalty is marked in the month table.
func TestSummaryFirst(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		out, errOut, code := runCmd(t, "-lang", lang)
		require.Equal(t, 0, code, errOut)
		lines := strings.Split(out, "\n")
		require.Contains(t, strings.Join(lines[:40], "\n"), "0.3449 元/kWh", lang)
		// the saving: 1,963,332,730.00 − 1,860,038,222.00 = 103,294,508.00
		require.Contains(t, strings.Join(lines[:12], "\n"), "103,294,508.00", lang)
		require.Contains(t, out, "1,215,742.00 元", lang)
		require.Contains(t, out, map[string]string{"en": "2017-02 †", "zh": "2017年2月 †"}[lang])
	}
}

// -unit wan shows amounts in 万元: 103,294,508.00 元 = 10,329.4508 万元 →
// 10,329.45; itemised bills stay in 元.
func TestWan(t *testing.T) {
	out, errOut, code := runCmd(t, "-lang", "zh", "-unit", "wan")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "措施九全年节省 10,329.45 万元")
	require.Contains(t, out, "合计 162,767,450.00 元") // the November bill, E1
	require.NotRegexp(t, `-0\.00(\s|$)`, out)       // no negative zero after rounding
	out, errOut, code = runCmd(t, "-scenario", "copper-c", "-lang", "en", "-unit", "wan")
	require.Equal(t, 0, code, errOut)
	// January 2017's L1 is −10.95 元 = −0.001095 万元 → shown as 0.00, not -0.00
	require.NotRegexp(t, `-0\.00(\s|$)`, out)
}

// -list: one line per scenario, its name first, then its title.
func TestList(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		out, errOut, code := runCmd(t, "-list", "-lang", lang)
		require.Equal(t, 0, code, errOut)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		require.Len(t, lines, len(scenarios.Names()))
		for i, n := range scenarios.Names() {
			require.True(t, strings.HasPrefix(lines[i], n+" "), lines[i])
			require.LessOrEqual(t, textfmt.Width(lines[i]), 100)
		}
	}
	out, _, _ := runCmd(t, "-list", "-lang", "zh")
	require.Contains(t, out, "smelter-s        冶炼厂 S（电解铝，220 kV）：节省来自直接交易\n")
}
