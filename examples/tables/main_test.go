package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func runCmd(args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// The list names every table of the README's Shipped tables with its confidence.
func TestList(t *testing.T) {
	out, _, code := runCmd()
	require.Equal(t, 0, code)
	for _, id := range []string{"ln-catalog-2016", "ln-coal-benchmark-2016", "ln-tnd-spread-2016", "ln-tnd-fushun-pilot-2009",
		"ln-tnd-2026", "cn-basic-rules-1996", "cn-basic-rules-1583", "cn-basic-rules-526", "cn-power-factor-090",
		"cn-power-factor-085", "cn-power-factor-080", "ln-deviation-interim", "ln-deviation-supplement",
		"cn-aluminium-step-2013", "ln-tou-periods-2023"} {
		require.Contains(t, out, id)
	}
	require.Contains(t, out, "ln-tnd-2026               tnd              liaoning  general  [2026-08-01, open)        发改价格〔2026〕1077号 附件1")
	require.Contains(t, out, "gap: no tnd table for liaoning from 2017-07-01 to 2026-07-31 (after ln-tnd-spread-2016, before ln-tnd-2026)")
}

func TestShow(t *testing.T) {
	out, _, code := runCmd("-show", "cn-power-factor-085")
	require.Equal(t, 0, code)
	require.Contains(t, out, "percent_at_max: -1.10")
	_, errOut, code := runCmd("-show", "nope")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `tables: -show "nope": no embedded table with that id`)
}

func TestCheck(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "tariff", "bad", "tou-overlap.yaml")
	out, errOut, code := runCmd("-check", bad)
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Equal(t, "tariff: "+bad+":12:7: seasons[0].periods: periods overlap at 08:00\n", errOut)

	dir := t.TempDir()
	good := filepath.Join(dir, "ln-tnd-2023.yaml")
	require.NoError(t, os.WriteFile(good, []byte(tnd2023), 0o644))
	out, errOut, code = runCmd("-check", good)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "ok: "+good+": ln-tnd-2023 tnd [2023-06-01, 2026-08-01)")
	require.True(t, strings.Contains(out, "gap: no tnd table for liaoning from 2017-07-01 to 2023-05-31"))

	// Clean alone but overlapping the defaults.
	over := filepath.Join(dir, "over.yaml")
	require.NoError(t, os.WriteFile(over, []byte(strings.Replace(tnd2023, "to: 2026-08-01", "to: 2026-09-01", 1)), 0o644))
	_, errOut, code = runCmd("-check", over)
	require.Equal(t, 1, code)
	require.Equal(t, "tariff: "+over+":2:1: effective: \"[2023-06-01, 2026-09-01)\": overlaps ln-tnd-2026 [2026-08-01, open) (same kind and region)\n", errOut)
	_, _, code = runCmd("stray")
	require.Equal(t, 2, code)
}

// An example user table: Liaoning's third-period T&D (values illustrative).
const tnd2023 = `
id: ln-tnd-2023
kind: tnd
region: liaoning
issuer: 国家发展改革委
document: 发改价格〔2023〕526号 附件 (user-supplied)
effective: {from: 2023-06-01, to: 2026-08-01}
scope: general
confidence: medium
form: approved
structure: "2023"
loss_rate: 0.04
funds: [{code: funds_total, name: 政府性基金及附加, rate: 0.03}]
tiers:
  - {tier: 1-10(20)kV, min_kv: 1, max_kv: 20, energy: 0.11, basic_kva: 23, basic_kw: 36}
  - {tier: 110(66)kV, min_kv: 35, max_kv: 110, energy: 0.09, basic_kva: 22, basic_kw: 35}
  - {tier: 220kV+, min_kv: 220, energy: 0.06, basic_kva: 22, basic_kw: 35}
`

// A line code a table names (a power-factor base, TOU floating lines) must
// exist: -check names the file, line, column, the unknown code and the codes
// allowed there.
func TestCheckLineCodes(t *testing.T) {
	bad := filepath.Join("..", "..", "testdata", "tariff", "bad")
	pf := filepath.Join(bad, "pf-unknown-base.yaml")
	out, errOut, code := runCmd("-check", pf)
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Equal(t, "tariff: "+pf+`:10:8: base[0]: "enrgy": unknown line code (allowed: energy, traded_energy, tnd_energy, outside_energy, basic, purchase_energy, loss, system_operation, funds, deviation, surcharge, power_factor, captive_generation, captive_funds, captive_cross_subsidy, captive_backup)`+"\n", errOut)

	tou := filepath.Join(bad, "tou-ratio-unknown-floating.yaml")
	out, errOut, code = runCmd("-check", tou)
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.Equal(t, "tariff: "+tou+`:11:29: floating[1]: "purchse_energy": unknown line code (allowed: energy, traded_energy, outside_energy, purchase_energy)`+"\n", errOut)
}

// readmeBlocks returns the YAML blocks of the README's "Adding a table"
// section.
func readmeBlocks(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, sec, ok := strings.Cut(string(b), "### Adding a table")
	require.True(t, ok)
	var out []string
	for {
		_, rest, ok := strings.Cut(sec, "```yaml\n")
		if !ok {
			return out
		}
		block, after, _ := strings.Cut(rest, "```")
		out = append(out, block)
		sec = after
		if strings.HasPrefix(strings.TrimSpace(after), "#") {
			return out
		}
	}
}

// The README's all-zero templates pass -check with a warning for every zero
// price (exit 0); the later-period one supersedes ln-tnd-2026.
func TestCheckReadmeTemplates(t *testing.T) {
	blocks := readmeBlocks(t)
	require.Len(t, blocks, 2)
	dir := t.TempDir()
	for i, want := range []string{"ln-tnd-2023 tnd [2023-06-01, 2026-08-01)", "ln-tnd-2029 tnd [2029-01-01, open)"} {
		p := filepath.Join(dir, fmt.Sprintf("t%d.yaml", i))
		require.NoError(t, os.WriteFile(p, []byte(blocks[i]), 0o644))
		out, errOut, code := runCmd("-check", p)
		require.Equal(t, 0, code, errOut)
		require.Empty(t, errOut)
		require.Contains(t, out, "ok: "+p+": "+want+"\n")
		// 3 tiers × (energy, basic_kva, basic_kw) + 1 fund = 10 warnings.
		require.Equal(t, 10, strings.Count(out, "warning: "))
		require.Contains(t, out, "warning: "+p+":1:1: tiers[0].energy: the energy price of tier 1-10(20)kV is 0: bills using it charge nothing for it\n")
		require.Contains(t, out, "warning: "+p+":1:1: funds[0].rate: the rate of fund funds_total is 0: bills using it charge nothing for it\n")
	}
}
