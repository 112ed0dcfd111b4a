package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// The workbook is built in two steps: xlsx_book.go turns a comparison into
// this model (sheets of cells, each formula with the library's exact value),
// and xlsx.go writes the model with excelize. Only the first step knows the
// library's types.

// wbCell is one cell of the workbook model. A formula cell also holds the
// library's exact value: it is stored as the formula's cached value, and the
// tests recompute the formula and compare it with that value to the fen.
type wbCell struct {
	text    string          // text cell (when isText)
	isText  bool            //
	num     decimal.Decimal // number, or the library's value of a formula
	isNum   bool            //
	formula string          // without "="; empty for a value
	style   string          // style key (see styleSpec)
	comment string          // cell comment
}

func (c wbCell) empty() bool { return !c.isText && !c.isNum && c.formula == "" }

func txt(s string, style string) wbCell { return wbCell{text: s, isText: true, style: style} }

func val(d decimal.Decimal, style string) wbCell { return wbCell{num: d, isNum: true, style: style} }

func fml(f string, want decimal.Decimal, style string) wbCell {
	return wbCell{formula: f, num: want, isNum: true, style: style}
}

// wbSheet is one worksheet: its rows from row 1, the header rows frozen at
// the top, column widths, and its charts.
type wbSheet struct {
	name    string
	rows    [][]wbCell
	freeze  int // rows frozen at the top
	widths  []float64
	charts  []wbChart
	heights map[int]float64 // row heights (points) set by hand; others from wrapped text
	merges  []wbMerge       // cells merged across columns (text that wraps over them)
}

// wbMerge merges the columns from..to (0-based) of a row (1-based).
type wbMerge struct{ row, from, to int }

// para adds a row holding one text merged across the sheet's first span
// columns and wrapped, so a long note reads as a paragraph instead of
// running on under the charts or off the printed page.
func (s *wbSheet) para(text, style string, span int) int {
	r := s.add(txt(text, style+wrapSuffix))
	s.merge(r, 0, span-1)
	return r
}

// merge merges the columns from..to (0-based) of row (1-based).
func (s *wbSheet) merge(row, from, to int) {
	if to > from {
		s.merges = append(s.merges, wbMerge{row, from, to})
	}
}

// wrapSuffix on a style key wraps the cell's text (see styleSpec).
const wrapSuffix = "+w"

// defaultWidth and defaultHeight are a column's width (characters) and a
// row's height (points) when the sheet does not set them.
const (
	defaultWidth  = 9.14
	defaultHeight = 15.0
)

// width is the width of the cell at row (1-based), column ci (0-based),
// merged columns included.
func (s *wbSheet) width(row, ci int) float64 {
	to := ci
	for _, m := range s.merges {
		if m.row == row && m.from == ci {
			to = m.to
		}
	}
	w := 0.0
	for c := ci; c <= to; c++ {
		if c < len(s.widths) {
			w += s.widths[c]
		} else {
			w += defaultWidth
		}
	}
	return w
}

// height is the height of row (1-based) in points: the one set by hand, or
// enough lines for its longest wrapped text (0: the default height).
func (s *wbSheet) height(row int) float64 {
	if h, ok := s.heights[row]; ok {
		return h
	}
	lines := 1
	for ci, c := range s.rows[row-1] {
		if c.isText && (strings.HasSuffix(c.style, wrapSuffix) || c.style == "head") {
			lines = max(lines, textLines(c.text, s.width(row, ci)))
		}
	}
	h := 0.0
	if lines > 1 {
		h = float64(lines)*lineHeight + 3
	}
	if row == s.freeze {
		h = max(h, 30) // the column headers
	}
	return h
}

// lineHeight is the height of a line of wrapped text in points (11 pt Arial,
// or a CJK fallback font, which runs a little taller).
const lineHeight = 14.5

// textLines estimates how many lines text takes in a column width chars
// wide (a width unit is an Arial digit).
func textLines(text string, width float64) int {
	avail := max(width*0.92-1, 4) // a margin: a line too few clips the text, one too many only leaves a gap
	n := 0
	for _, seg := range strings.Split(text, "\n") {
		w := 0.0
		for _, r := range seg {
			w += charWidth(r)
		}
		n += max(1, int(math.Ceil(w/avail)))
	}
	return n
}

// rowPixels is a row's height in pixels as excelize counts them when it
// anchors a chart to cells (4/3.4 pixels a point, rounded up). A viewer
// stretches the chart over the same cells.
func rowPixels(pt float64) int { return int(math.Ceil(4.0 / 3.4 * pt)) }

// chartEnd is the last row (1-based) that a chart px pixels high anchored
// at the top of row covers, counted as excelize counts it.
func (s *wbSheet) chartEnd(row, px int) int {
	h := func(r int) int {
		if r <= len(s.rows) {
			if x := s.height(r); x > 0 {
				return rowPixels(x)
			}
		}
		return rowPixels(defaultHeight)
	}
	end := row
	for px >= h(end) {
		px -= h(end)
		end++
	}
	return end
}

// add appends a row and returns its 1-based number.
func (s *wbSheet) add(cells ...wbCell) int {
	s.rows = append(s.rows, cells)
	return len(s.rows)
}

// next is the number the next added row will have.
func (s *wbSheet) next() int { return len(s.rows) + 1 }

// set puts a cell into an existing row (1-based row, 0-based column).
func (s *wbSheet) set(row, col int, c wbCell) {
	r := s.rows[row-1]
	for len(r) <= col {
		r = append(r, wbCell{})
	}
	r[col] = c
	s.rows[row-1] = r
}

// ref is a reference to a cell of the sheet from another sheet.
func (s *wbSheet) ref(col string, row int) string {
	return quoteSheet(s.name) + "!" + col + fmt.Sprint(row)
}

// rng is an absolute range of the sheet, for charts and SUMIFS.
func (s *wbSheet) rng(col string, from, to int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(s.name), col, from, col, to)
}

func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// wbChart is a native chart on a sheet, drawn from cell ranges.
type wbChart struct {
	kind   chartKind
	anchor string // top-left cell
	title  string
	xTitle string
	yTitle string
	series []wbSeries
	yMin   *float64 // value axis minimum; nil: from zero
	width  uint
	height uint
}

type chartKind int

const (
	chartStackedColumns chartKind = iota // monthly levers
	chartWaterfall                       // stacked columns, first series invisible
	chartScatterLine                     // sensitivity: lines through points, a marker series
)

type wbSeries struct {
	name   string // a literal name
	cats   string // category (or x) range
	vals   string // value (or y) range
	color  string // RRGGBB; empty: invisible (waterfall base)
	marker bool   // a marker-only series (break-even)
}

// workbook is the whole model and the cells whose value is the library's own
// (they carry a comment saying so).
type workbook struct {
	sheets  []*wbSheet
	library []libraryValue
}

// libraryValue is a line a spreadsheet formula cannot reproduce exactly: it
// holds the library's value, with a comment.
type libraryValue struct {
	sheet, cell string
	what        string // "month arrangement line"
	reason      reasonCode
}

type reasonCode int

const (
	reasonRepeating reasonCode = iota // an input is a repeating fraction (not exact in 15 digits)
	reasonHalfFen                     // the exact amount lies on a half fen; binary floating point may round it down
	reasonMismatch                    // the formula does not reproduce the library's computation (should not happen)
)

func (r reasonCode) String() string {
	switch r {
	case reasonRepeating:
		return "repeating"
	case reasonHalfFen:
		return "half-fen"
	}
	return "mismatch"
}

func (l lang) reasonText(r reasonCode) string {
	switch r {
	case reasonRepeating:
		return l.t("Value computed by dianfei: a quantity or price of this line is a repeating fraction, so a formula over the digits shown would not give the exact amount (README §3.1).",
			"本格为程序测算的数值，未设公式：本行的数量或单价是无限循环小数，按显示的位数用公式计算得不到精确金额（见 README §3.1）。")
	case reasonHalfFen:
		return l.t("Value computed by dianfei: the exact amount lies on a half fen; a spreadsheet computes in binary floating point and may round it the other way.",
			"本格为程序测算的数值，未设公式：精确金额正好落在半分上；电子表格以二进制浮点计算，可能向另一方向舍入。")
	}
	return l.t("Value computed by dianfei: the spreadsheet formula does not reproduce this line.",
		"本格为程序测算的数值，未设公式：电子表格公式不能重现本行。")
}

// charWidth is a character's width in Arial digits, roughly: a CJK or
// full-width character 1.8, capitals 1.15, narrow letters and punctuation
// 0.55, other letters 0.9.
func charWidth(r rune) float64 {
	switch {
	case r >= 0x2E80:
		return 1.8
	case strings.ContainsRune(" ilj.,:;'()[]|ftr-/", r):
		return 0.55
	case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w':
		return 1.15
	}
	return 0.9
}
