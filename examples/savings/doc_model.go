package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/dianfei/dianfei/examples/internal/textfmt"
)

// A report is a list of blocks, rendered as text or Markdown.
type block interface{}

type heading struct {
	level int
	text  string
}

type para string

type list []string

type table struct {
	head  []string
	rows  [][]string
	right []bool // right-align column
	bold  map[int]bool
}

// renderText writes the blocks as plain text no wider than width display
// columns (East Asian characters count two; width ≤ 0: no limit).
// Paragraphs and list items wrap; a table too wide is split into several
// tables that repeat its first column, and one that cannot fit even so is
// written as a list of its rows.
func renderText(w io.Writer, blocks []block, width int) {
	for i, b := range blocks {
		if i > 0 {
			if _, ok := b.(heading); ok {
				fmt.Fprintln(w)
			}
		}
		switch x := b.(type) {
		case heading:
			lines := textfmt.Wrap(x.text, width, "", "")
			n := 0
			for _, ln := range lines {
				fmt.Fprintln(w, ln)
				n = max(n, textfmt.Width(ln))
			}
			ch := "="
			if x.level > 1 {
				ch = "-"
			}
			fmt.Fprintln(w, strings.Repeat(ch, n))
		case para:
			for _, ln := range textfmt.Wrap(string(x), width, "", "") {
				fmt.Fprintln(w, ln)
			}
		case list:
			for _, s := range x {
				for _, ln := range textfmt.Wrap(s, width, "  * ", "    ") {
					fmt.Fprintln(w, ln)
				}
			}
		case table:
			renderTable(w, x, width)
		}
	}
}

const tableIndent = "  "

// renderTable writes t, split by columns when it is wider than width.
func renderTable(w io.Writer, t table, width int) {
	rows := append([][]string{t.head}, t.rows...)
	ws := make([]int, len(t.head))
	for _, r := range rows {
		for c, v := range r {
			ws[c] = max(ws[c], textfmt.Width(v))
		}
	}
	total := func(cols []int) int {
		n := textfmt.Width(tableIndent)
		for i, c := range cols {
			if i > 0 {
				n += 2
			}
			n += ws[c]
		}
		return n
	}
	all := make([]int, len(ws))
	for i := range all {
		all[i] = i
	}
	if width <= 0 || total(all) <= width {
		fmt.Fprint(w, textfmt.Table(rows, t.right, tableIndent))
		return
	}
	// Groups of columns, each after the first column.
	var groups [][]int
	cur := []int{0}
	for c := 1; c < len(ws); c++ {
		if len(cur) > 1 && total(append(cur, c)) > width {
			groups = append(groups, cur)
			cur = []int{0}
		}
		cur = append(cur, c)
	}
	groups = append(groups, cur)
	for _, g := range groups {
		if total(g) > width {
			renderRecords(w, t, width)
			return
		}
	}
	for i, g := range groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		sub := make([][]string, len(rows))
		right := make([]bool, len(g))
		for ri, r := range rows {
			for _, c := range g {
				sub[ri] = append(sub[ri], r[c])
			}
		}
		for j, c := range g {
			right[j] = c < len(t.right) && t.right[c]
		}
		fmt.Fprint(w, textfmt.Table(sub, right, tableIndent))
	}
}

// renderRecords writes a table as a list: each row's first cell, then the
// other cells with their column heads.
func renderRecords(w io.Writer, t table, width int) {
	for _, r := range t.rows {
		var parts []string
		for c := 1; c < len(r); c++ {
			if r[c] != "" {
				parts = append(parts, t.head[c]+" "+r[c])
			}
		}
		s := r[0]
		if len(parts) > 0 {
			s += " — " + strings.Join(parts, "; ")
		}
		for _, ln := range textfmt.Wrap(s, width, "  * ", "    ") {
			fmt.Fprintln(w, ln)
		}
	}
}

func renderMarkdown(w io.Writer, blocks []block) {
	for i, b := range blocks {
		if i > 0 {
			fmt.Fprintln(w)
		}
		switch x := b.(type) {
		case heading:
			fmt.Fprintln(w, strings.Repeat("#", x.level)+" "+x.text)
		case para:
			fmt.Fprintln(w, string(x))
		case list:
			for _, s := range x {
				fmt.Fprintln(w, "- "+mdEscape(s))
			}
		case table:
			fmt.Fprintln(w, "| "+strings.Join(mdCells(x.head), " | ")+" |")
			var al []string
			for _, r := range x.right {
				if r {
					al = append(al, "---:")
				} else {
					al = append(al, "---")
				}
			}
			fmt.Fprintln(w, "| "+strings.Join(al, " | ")+" |")
			for ri, r := range x.rows {
				cells := mdCells(r)
				if x.bold[ri] {
					for c := range cells {
						if cells[c] != "" {
							cells[c] = "**" + cells[c] + "**"
						}
					}
				}
				fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
			}
		}
	}
}

func mdCells(r []string) []string {
	out := make([]string, len(r))
	for i, v := range r {
		out[i] = mdEscape(v)
	}
	return out
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
