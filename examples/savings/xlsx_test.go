package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dianfei/dianfei/settlement/scenario"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// compared is one workbook with the comparison it was made from.
type compared struct {
	name string
	l    lang
	cmp  *scenario.Comparison
	wb   *workbook
	data []byte
}

// workbooks are built once for all the workbook tests.
var (
	builtOnce sync.Once
	built     []compared
)

func workbooks(t *testing.T) []compared {
	t.Helper()
	builtOnce.Do(func() { built = buildAll(t) })
	require.NotEmpty(t, built, "the workbooks could not be built")
	return built
}

func buildAll(t *testing.T) []compared {
	set, err := tariff.Default()
	require.NoError(t, err)
	var out []compared
	for _, n := range scenarios.Names() {
		sc, err := scenario.LoadFS(scenarios.FS(), n+".yaml")
		require.NoError(t, err)
		cmp, err := scenario.Compare(set, sc)
		require.NoError(t, err)
		est, err := scenario.EstimateOf(set, cmp)
		require.NoError(t, err)
		for _, l := range []lang{english, chinese} {
			wb, err := buildWorkbook(l, cmp, est, set, n+".yaml (embedded)")
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, writeXLSX(&buf, wb))
			out = append(out, compared{name: fmt.Sprintf("%s.%s", n, l.t("en", "zh")), l: l, cmp: cmp, wb: wb, data: buf.Bytes()})
		}
	}
	return out
}

// formulaCell is a formula of the model with the library's exact value.
type formulaCell struct {
	sheet, cell, formula string
	want                 decimal.Decimal
}

func formulas(wb *workbook) []formulaCell {
	var out []formulaCell
	for _, s := range wb.sheets {
		for ri, row := range s.rows {
			for ci, c := range row {
				if c.formula == "" {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				out = append(out, formulaCell{s.name, name, c.formula, c.num})
			}
		}
	}
	return out
}

// blankCaches removes the cached value of every formula cell, so only the
// formulas can give the numbers.
var cachedValue = regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)

func blankCaches(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	blanked := 0
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		if strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			blanked += len(cachedValue.FindAll(b, -1))
			b = cachedValue.ReplaceAll(b, []byte("$1"))
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.Positive(t, blanked, "no cached value was blanked")
	return buf.Bytes()
}

// calc recomputes a cell with excelize's calculation engine.
func calc(t *testing.T, f *excelize.File, sheet, cell string) decimal.Decimal {
	t.Helper()
	s, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	require.NoError(t, err, "%s!%s", sheet, cell)
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	require.NoError(t, err, "%s!%s = %q", sheet, cell, s)
	return d
}

// fen: the spreadsheet's number equals the library's to the fen (half a fen
// apart at most: a wrongly rounded amount is a whole fen off).
func fen(got, want decimal.Decimal) bool {
	return got.Sub(want).Abs().LessThan(decimal.New(5, -3))
}

// TestWorkbookFormulas recomputes every formula cell of every embedded
// scenario's workbook, in both languages, with excelize's engine, on the file
// as written and on a copy whose cached values were blanked, and compares it
// with the library's exact value to the fen. The month and annual figures are
// also compared with the comparison itself, not only with the model.
func TestWorkbookFormulas(t *testing.T) {
	for _, c := range workbooks(t) {
		t.Run(c.name, func(t *testing.T) {
			require.GreaterOrEqual(t, chartParts(t, c.data), 3, "native charts")
			for _, variant := range []string{"cached", "blanked"} {
				data := c.data
				if variant == "blanked" {
					data = blankCaches(t, data)
				}
				f, err := excelize.OpenReader(bytes.NewReader(data))
				require.NoError(t, err)
				n := 0
				for _, fc := range formulas(c.wb) {
					got, err := f.GetCellFormula(fc.sheet, fc.cell)
					require.NoError(t, err)
					require.Equal(t, fc.formula, got, "%s!%s", fc.sheet, fc.cell)
					if variant == "cached" {
						raw, err := f.GetCellValue(fc.sheet, fc.cell, excelize.Options{RawCellValue: true})
						require.NoError(t, err)
						d, err := decimal.NewFromString(raw)
						require.NoError(t, err, "%s!%s cached %q", fc.sheet, fc.cell, raw)
						require.True(t, fen(d, fc.want), "%s!%s: cached %s, library %s", fc.sheet, fc.cell, raw, fc.want)
					}
					v := calc(t, f, fc.sheet, fc.cell)
					require.True(t, fen(v, fc.want), "%s %s!%s = %s: recomputed %s, library %s", variant, fc.sheet, fc.cell, fc.formula, v, fc.want)
					n++
				}
				require.Greater(t, n, 100, "too few formulas")
				// Independent of the model: the Months sheet against the comparison.
				months := c.wb.sheets[1].name
				for i, mr := range c.cmp.Months {
					r := 4 + i
					for k, want := range []decimal.Decimal{mr.A.Total, mr.B.Total, mr.C2.Total, mr.C.Total, mr.L1, mr.L2, mr.L3, mr.Total} {
						cell := fmt.Sprintf("%c%d", 'C'+k, r)
						require.True(t, fen(calc(t, f, months, cell), want), "%s %s!%s (%s)", variant, months, cell, mr.Month)
					}
				}
				a := c.cmp.Annual
				summary := c.wb.sheets[0].name
				for k, want := range []decimal.Decimal{a.KWh, a.A, a.B, a.C2, a.C, a.L1, a.L2, a.L3, a.Total, a.SavingPercent, a.SavingPerKWh} {
					cell := fmt.Sprintf("B%d", 4+k)
					require.True(t, fen(calc(t, f, summary, cell), want), "%s %s!%s", variant, summary, cell)
				}
				require.NoError(t, f.Close())
			}
		})
	}
}

// TestWorkbookLibraryValues: the lines that carry the library's value instead
// of a formula are exactly the expected cases, each with a comment; no line
// falls back because a formula failed to reproduce it.
func TestWorkbookLibraryValues(t *testing.T) {
	got := map[string][]string{}
	for _, c := range workbooks(t) {
		if c.l == chinese {
			continue
		}
		f, err := excelize.OpenReader(bytes.NewReader(c.data))
		require.NoError(t, err)
		cs, err := f.GetComments(c.wb.sheets[2].name)
		require.NoError(t, err)
		require.Len(t, cs, len(c.wb.library))
		for _, lv := range c.wb.library {
			require.NotEqual(t, reasonMismatch, lv.reason, "%s: %s: the formula does not reproduce the line", c.name, lv.what)
			got[c.name] = append(got[c.name], lv.reason.String()+": "+lv.what)
		}
		require.NoError(t, f.Close())
	}
	for n, ls := range got {
		t.Logf("%s: %d lines carry the library's value:\n  %s", n, len(ls), strings.Join(ls, "\n  "))
	}
}

// TestXLSXCommand runs the command as a user would and opens the file.
func TestXLSXCommand(t *testing.T) {
	p := t.TempDir() + "/s.xlsx"
	out, errOut, code := runCmd(t, "-scenario", "zinc-z", "-format", "xlsx", "-lang", "zh", "-o", p)
	require.Equal(t, 0, code, errOut)
	require.Empty(t, out)
	f, err := excelize.OpenFile(p)
	require.NoError(t, err)
	defer f.Close()
	require.Equal(t, []string{"汇总", "逐月", "电费明细", "节省构成", "敏感性分析", "依据"}, f.GetSheetList())
	// zinc-z's annual saving, 13,673,271.30 (the text report's figure), as
	// a formula over the Months sheet with its cached value.
	fm, err := f.GetCellFormula("汇总", "B12")
	require.NoError(t, err)
	require.Equal(t, "'逐月'!J16", fm)
	v, err := f.GetCellValue("汇总", "B12", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	require.Equal(t, "13673271.3", v)
}

// chartParts counts the native charts in a workbook file.
func chartParts(t *testing.T, data []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	n := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			n++
		}
	}
	return n
}
