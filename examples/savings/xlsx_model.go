package main

import (
	"fmt"
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
	heights map[int]float64 // row heights (points) of rows whose text wraps
	// fitPage prints the sheet on one landscape page.
	fitPage bool
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
			"由 dianfei 计算的数值：本行的数量或单价是无限循环小数，按显示的位数用公式计算得不到精确金额（见 README §3.1）。")
	case reasonHalfFen:
		return l.t("Value computed by dianfei: the exact amount lies on a half fen; a spreadsheet computes in binary floating point and may round it the other way.",
			"由 dianfei 计算的数值：精确金额正好落在半分上；电子表格以二进制浮点计算，可能向另一方向舍入。")
	}
	return l.t("Value computed by dianfei: the spreadsheet formula does not reproduce this line.",
		"由 dianfei 计算的数值：电子表格公式不能重现本行。")
}
