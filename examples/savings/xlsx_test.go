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
		cmp, err := scenario.Estimate(set, sc)
		require.NoError(t, err)
		for _, l := range []lang{english, chinese} {
			wb, err := buildWorkbook(l, cmp, set, scenarioOrigin{file: n + ".yaml", embedded: true})
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
						require.True(t, fen(calc(t, f, months, cell), want), "%s %s!%s (%s)", variant, months, cell, mr.Usage.Month)
					}
				}
				a := c.cmp.Annual
				summary := c.wb.sheets[0].name
				for k, want := range []decimal.Decimal{a.KWh, a.A, a.B, a.C2, a.C, a.L1, a.L2, a.L3, a.Total, a.SavingPercent(), a.SavingPerKWh()} {
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

// TestWorkbookBreakEven: the Sensitivity sheet's break-even row holds the
// year settled at the break-even price (not a made-up 0), the row under it
// the year one step (0.0001 元/kWh) higher, and the chart's marker sits on
// the break-even row's own L2.
func TestWorkbookBreakEven(t *testing.T) {
	step := decimal.New(1, -4)
	for _, c := range workbooks(t) {
		be := c.cmp.BreakEven
		if !be.Valid || c.cmp.BreakEvenAtLeastMax {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			s := c.wb.sheets[4]
			var at, above []wbCell
			row := 0
			for ri, r := range s.rows {
				if len(r) > 4 && r[1].isNum && r[1].num.Equal(be.Decimal) && r[0].isText {
					at, above, row = r, s.rows[ri+1], ri+1
				}
			}
			require.NotNil(t, at, "no break-even row")
			B := c.cmp.Annual.B
			// L2 = B − C₂ on both rows; C₂ ≤ B at the price, C₂ > B one step up
			require.True(t, at[3].num.Equal(B.Sub(at[2].num)))
			require.False(t, at[3].num.IsNegative(), "L2 at the break-even price")
			require.True(t, above[1].num.Equal(be.Decimal.Add(step)))
			require.True(t, above[3].num.Equal(B.Sub(above[2].num)))
			require.True(t, above[3].num.IsNegative(), "L2 one step above the break-even price")
			var marker *wbSeries
			for _, ch := range c.wb.sheets[0].charts {
				for i := range ch.series {
					if ch.series[i].marker {
						marker = &ch.series[i]
					}
				}
			}
			require.NotNil(t, marker)
			require.Equal(t, s.rng("D", row, row), marker.vals)
			require.Equal(t, s.rng("B", row, row), marker.cats)
			if c.name == "smelter-s.en" {
				// The finance review's hand check: at 0.3745 元/kWh the year's
				// L2 is +177,728.00 元 (0.0001 higher it is −170,639.50).
				require.Equal(t, "177728", at[3].num.String())
				require.Equal(t, "-170639.5", above[3].num.String())
			}
		})
	}
}

// TestWorkbookChinese: the Chinese workbook's texts are Chinese: the
// scenario's Chinese title, 随程序内置, the months as 2016年7月至2017年6月; no
// 杠杆 (the levers are named as the text report names them), no MEDIUM, no
// line, group, kind or warning code standing for a label.
func TestWorkbookChinese(t *testing.T) {
	codes := map[string]bool{}
	for _, lc := range tariff.LineCodes() {
		codes[string(lc)] = true
		codes[string(lc.Group())] = true
	}
	for _, k := range []tariff.Kind{tariff.KindCatalog, tariff.KindCoalBenchmark, tariff.KindTND, tariff.KindBasicRules, tariff.KindPowerFactor,
		tariff.KindDeviationRules, tariff.KindAluminiumStep, tariff.KindTOUPeriods, tariff.KindTOURatios} {
		codes[string(k)] = true
	}
	for _, c := range workbooks(t) {
		if c.l != chinese {
			continue
		}
		for _, w := range c.cmp.Warnings {
			codes[string(w.Code)] = true
		}
		t.Run(c.name, func(t *testing.T) {
			sc := c.cmp.Scenario
			ms := sc.MonthList()
			for _, s := range c.wb.sheets {
				require.Contains(t, s.rows[0][0].text, sc.TitleZH, s.name)
				sub := s.rows[1][0].text
				require.Contains(t, sub, "随程序内置")
				require.Contains(t, sub, chinese.span(ms[0], ms[len(ms)-1]))
				for ri, row := range s.rows {
					for ci, cell := range row {
						if !cell.isText {
							continue
						}
						at := fmt.Sprintf("%s row %d column %d: %q", s.name, ri+1, ci+1, cell.text)
						require.NotContains(t, cell.text, "杠杆", at)
						require.NotContains(t, cell.text, "MEDIUM", at)
						require.False(t, codes[strings.TrimSpace(cell.text)], at)
					}
				}
			}
			summary := c.wb.sheets[0]
			for i, name := range []string{"L1 调整基本电费计费方法", "L2 直接交易", "L3 自备电厂参与交易"} {
				if i == 1 && sc.Structure == tariff.Structure2023 {
					name = "L2 市场化购电"
				}
				require.Equal(t, name, summary.rows[8+i][0].text)
			}
		})
	}
}

// TestWorkbookLayout: every long text wraps inside its (merged) cells
// instead of running on under the charts; the Summary's charts sit right of
// its text columns without overlapping one another; a basis row of the
// Bills sheet never puts a number in the unit-price column (chargeable days
// have their own).
func TestWorkbookLayout(t *testing.T) {
	for _, c := range workbooks(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range c.wb.sheets {
				for ri, row := range s.rows {
					for ci, cell := range row {
						if !cell.isText || cell.style == "head" || cell.style == "title" || cell.style == "sub" || ci+1 == len(row) && s.name != c.wb.sheets[0].name {
							continue // headers wrap; the last column of a sheet other than the Summary may run on
						}
						if textLines(cell.text, s.width(ri+1, ci)) > 1 {
							require.True(t, strings.HasSuffix(cell.style, wrapSuffix), "%s row %d column %d runs on: %q", s.name, ri+1, ci+1, cell.text)
						}
					}
				}
			}
			summary := c.wb.sheets[0]
			last := 0
			for _, ch := range summary.charts {
				col, row, err := excelize.CellNameToCoordinates(ch.anchor)
				require.NoError(t, err)
				require.Equal(t, 5, col, "charts sit in column E, right of the text")
				require.Greater(t, row, last, "chart %q overlaps the one above", ch.title)
				last = summary.chartEnd(row, int(ch.height))
			}
			bills := c.wb.sheets[2]
			days := 0
			for _, row := range bills.rows[3:] {
				if len(row) > colDays && row[colDays].isNum {
					days++
					require.False(t, len(row) > colPrice && !row[colPrice].empty(), "a unit row with a unit price")
				}
			}
			if strings.HasPrefix(c.name, "copper-c.") {
				require.Positive(t, days, "no chargeable days") // its units are billed by capacity
			}
		})
	}
}

// TestWorkbookPrint: every sheet prints landscape, one page wide, with its
// title rows and column headers repeated on each page.
func TestWorkbookPrint(t *testing.T) {
	c := workbooks(t)[0]
	f, err := excelize.OpenReader(bytes.NewReader(c.data))
	require.NoError(t, err)
	defer f.Close()
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	for _, s := range c.wb.sheets {
		pl, err := f.GetPageLayout(s.name)
		require.NoError(t, err)
		require.Equal(t, "landscape", *pl.Orientation, s.name)
		require.Equal(t, 1, *pl.FitToWidth, s.name)
		require.Equal(t, 0, *pl.FitToHeight, s.name)
		q := quoteSheet(s.name)
		require.Equal(t, q+"!$1:$3", titles[s.name], s.name)
	}
}
