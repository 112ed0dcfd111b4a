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

func renderText(w io.Writer, blocks []block) {
	for i, b := range blocks {
		if i > 0 {
			if _, ok := b.(heading); ok {
				fmt.Fprintln(w)
			}
		}
		switch x := b.(type) {
		case heading:
			fmt.Fprintln(w, x.text)
			ch := "="
			if x.level > 1 {
				ch = "-"
			}
			fmt.Fprintln(w, strings.Repeat(ch, textfmt.Width(x.text)))
		case para:
			fmt.Fprintln(w, string(x))
		case list:
			for _, s := range x {
				fmt.Fprintln(w, "  * "+s)
			}
		case table:
			fmt.Fprint(w, textfmt.Table(append([][]string{x.head}, x.rows...), x.right, "  "))
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
