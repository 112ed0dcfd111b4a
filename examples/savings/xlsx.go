package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes the workbook model with excelize. Rows go through the
// stream writer, the one excelize call that stores a formula together with
// its cached value (SetCellFormula and SetCellValue each drop the other), so
// viewers that do not recalculate still show the library's figures. A
// streamed sheet is written as it was flushed, so the comments, charts and
// page layout are added in a second pass, on the workbook read back.
func writeXLSX(w io.Writer, wb *workbook) error {
	var cells bytes.Buffer
	if err := writeCells(&cells, wb); err != nil {
		return err
	}
	f, err := excelize.OpenReader(&cells)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, s := range wb.sheets {
		for ri, row := range s.rows {
			for ci, c := range row {
				if c.comment == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if err := f.AddComment(s.name, excelize.Comment{Cell: cell, Author: "dianfei", Paragraph: []excelize.RichTextRun{{Text: c.comment}}, Width: 320, Height: 110}); err != nil {
					return err
				}
			}
		}
		if err := printSetup(f, s); err != nil {
			return err
		}
		for _, ch := range s.charts {
			if err := f.AddChart(s.name, ch.anchor, chartOf(ch)); err != nil {
				return fmt.Errorf("savings: xlsx: chart %q: %w", ch.title, err)
			}
		}
	}
	// Ask the application to recalculate on open, so edits and blanked
	// caches give the formulas' own values.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	return f.Write(w)
}

// printSetup prints every sheet landscape on A4, as wide as one page and as
// many pages down as it needs, with the title rows and the column headers on
// every page, and the sheet's name and page numbers in the footer. (Column A
// is not repeated: one page wide, no page lies to the right of another; and
// repeating it makes LibreOffice's import about three times slower.)
func printSetup(f *excelize.File, s *wbSheet) error {
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return err
	}
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.5), Bottom: ptr(0.6), Header: ptr(0.2), Footer: ptr(0.25)}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: "&L&A&R&P / &N"}); err != nil {
		return err
	}
	q := quoteSheet(s.name)
	refers := fmt.Sprintf("%s!$1:$%d", q, max(s.freeze, 1))
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: refers, Scope: s.name})
}

// writeCells writes every sheet's cells with the stream writer.
func writeCells(w io.Writer, wb *workbook) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range wb.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
	}
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return err
	}
	st := &styles{f: f, ids: map[string]int{}}
	for _, s := range wb.sheets {
		if err := writeSheet(f, st, s); err != nil {
			return fmt.Errorf("savings: xlsx: sheet %s: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeSheet(f *excelize.File, st *styles, s *wbSheet) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, w := range s.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if s.freeze > 0 {
		top, _ := excelize.CoordinatesToCellName(1, s.freeze+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: s.freeze, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	for ri, row := range s.rows {
		vals := make([]interface{}, len(row))
		for ci, c := range row {
			if c.empty() && c.style == "" {
				continue
			}
			id, err := st.id(c.style)
			if err != nil {
				return err
			}
			cell := excelize.Cell{StyleID: id, Formula: c.formula}
			switch {
			case c.isText:
				cell.Value = c.text
			case c.isNum:
				cell.Value = c.num.InexactFloat64()
			}
			vals[ci] = cell
		}
		// every row's height is set, so the charts' anchors (worked out
		// from these heights) land where they were meant to in any viewer
		h := s.height(ri + 1)
		if h == 0 {
			h = defaultHeight
		}
		name, _ := excelize.CoordinatesToCellName(1, ri+1)
		if err := sw.SetRow(name, vals, excelize.RowOpts{Height: h}); err != nil {
			return err
		}
	}
	for _, m := range s.merges {
		from, _ := excelize.CoordinatesToCellName(m.from+1, m.row)
		to, _ := excelize.CoordinatesToCellName(m.to+1, m.row)
		if err := sw.MergeCell(from, to); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// fontFamily is the workbook's font; Chinese text falls back to the
// viewer's CJK font.
const fontFamily = "Arial"

// styles creates each style once, by key.
type styles struct {
	f   *excelize.File
	ids map[string]int
}

func (s *styles) id(key string) (int, error) {
	if id, ok := s.ids[key]; ok {
		return id, nil
	}
	spec := styleSpec(key)
	if spec.Font == nil {
		spec.Font = &excelize.Font{}
	}
	spec.Font.Family = fontFamily
	// cells sit at the top of a row made taller by a wrapped note
	if spec.Alignment == nil {
		spec.Alignment = &excelize.Alignment{}
	}
	if spec.Alignment.Vertical == "" {
		spec.Alignment.Vertical = "top"
	}
	id, err := s.f.NewStyle(spec)
	if err != nil {
		return 0, err
	}
	s.ids[key] = id
	return id, nil
}

// styleSpec: text styles by name; number styles "money", "qty:N", "price:N"
// (N decimals), "pct", "int"; a trailing "b" makes a number bold; a
// trailing wrapSuffix wraps the text.
func styleSpec(key string) *excelize.Style {
	st := &excelize.Style{}
	if k, ok := strings.CutSuffix(key, wrapSuffix); ok {
		st = styleSpec(k)
		if st.Alignment == nil {
			st.Alignment = &excelize.Alignment{}
		}
		st.Alignment.WrapText = true
		st.Alignment.Vertical = "top"
		return st
	}
	if k, ok := strings.CutSuffix(key, "b"); ok && (strings.HasPrefix(k, "qty:") || strings.HasPrefix(k, "price:")) {
		st = styleSpec(k)
		st.Font = &excelize.Font{Bold: true}
		return st
	}
	switch {
	case key == "title":
		st.Font = &excelize.Font{Bold: true, Size: 13}
	case key == "sub":
		st.Font = &excelize.Font{Italic: true, Color: "595959"}
	case key == "head":
		st.Font = &excelize.Font{Bold: true}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "center"}
		st.Border = []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}}
	case key == "bold":
		st.Font = &excelize.Font{Bold: true}
	case key == "note":
		st.Font = &excelize.Font{Color: "595959"}
	case key == "basis":
		st.Font = &excelize.Font{Color: "404040", Italic: true}
	case key == "wrap":
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
	case key == "medium":
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	case key == "money":
		st.CustomNumFmt = ptr("#,##0.00")
	case key == "moneyBold":
		st.CustomNumFmt = ptr("#,##0.00")
		st.Font = &excelize.Font{Bold: true}
	case key == "pct":
		st.CustomNumFmt = ptr(`0.00" %"`)
	case key == "int":
		st.CustomNumFmt = ptr("0")
	case strings.HasPrefix(key, "qty:"):
		n, _ := strconv.Atoi(key[4:])
		st.CustomNumFmt = ptr("#,##0" + fraction(n))
	case strings.HasPrefix(key, "price:"):
		n, _ := strconv.Atoi(key[6:])
		st.CustomNumFmt = ptr("#,##0" + fraction(n))
	}
	return st
}

func fraction(n int) string {
	if n <= 0 {
		return ""
	}
	return "." + strings.Repeat("0", n)
}

func ptr[T any](v T) *T { return &v }

// chartOf turns a chart of the model into excelize's.
func chartOf(c wbChart) *excelize.Chart {
	ch := &excelize.Chart{
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title, Font: &excelize.Font{Bold: true, Size: 12}}}},
		Dimension: excelize.ChartDimension{Width: c.width, Height: c.height},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Format:    excelize.GraphicOptions{PrintObject: ptr(true), Locked: ptr(false)},
		XAxis:     excelize.ChartAxis{Title: axisTitle(c.xTitle), Font: axisFont},
		YAxis: excelize.ChartAxis{Title: axisTitle(c.yTitle), MajorGridLines: true, Font: axisFont,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
		ShowBlanksAs: "gap",
	}
	if c.yMin != nil {
		ch.YAxis.Minimum = c.yMin
	}
	switch c.kind {
	case chartStackedColumns:
		ch.Type = excelize.ColStacked
		ch.XAxis.TickLabelPosition = excelize.ChartTickLabelLow // below negative bars
		ch.Overlap = ptr(100)
		ch.GapWidth = ptr(uint(60))
	case chartWaterfall:
		ch.Type = excelize.ColStacked
		ch.Legend.Position = "none" // the colours speak (the title says them); the base has no name
		ch.Overlap = ptr(100)
		ch.GapWidth = ptr(uint(50))
	case chartScatterLine:
		ch.Type = excelize.Scatter
		ch.XAxis.TickLabelPosition = excelize.ChartTickLabelLow // below the plot, not across the lines at 0
		ch.XAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "0.0000"}
	}
	for _, s := range c.series {
		es := excelize.ChartSeries{Name: s.name, Categories: s.cats, Values: s.vals}
		switch {
		case s.color == "":
			es.Fill = excelize.Fill{Type: "pattern", Pattern: 0} // the waterfall's invisible base
		case c.kind == chartScatterLine:
			es.Marker = excelize.ChartMarker{Symbol: "circle", Size: 6, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.color}}}
			es.Line = excelize.LineOptions{Type: excelize.LineSolid, Width: 2}
			es.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.color}}
			if s.marker {
				es.Marker = excelize.ChartMarker{Symbol: "diamond", Size: 11, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.color}}}
				es.Line = excelize.LineOptions{Type: excelize.LineNone}
			}
		default:
			es.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.color}}
		}
		ch.Series = append(ch.Series, es)
	}
	return ch
}

var axisFont = excelize.Font{Color: "262626", Size: 9, Family: fontFamily}

func axisTitle(s string) excelize.ChartTitle {
	if s == "" {
		return excelize.ChartTitle{}
	}
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Size: 10}}}}
}
