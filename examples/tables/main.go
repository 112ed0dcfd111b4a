// Command tables lists, shows and checks tariff tables.
//
//	go run ./examples/tables                 list every embedded table
//	go run ./examples/tables -show ID        print one table (its YAML source)
//	go run ./examples/tables -check FILE     validate FILE alone and with the defaults (repeatable)
//
// Warnings (a price of 0, likely a template's placeholder) are printed after
// the table's "ok" line and do not change the exit code.
//
// Exit codes: 0 clean or warnings only, 1 a table is bad (the message names file, line, column
// and field), 2 bad flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/dianfei/dianfei/examples/internal/textfmt"
	"github.com/dianfei/dianfei/tariff"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// multi is a repeatable string flag.
type multi []string

// String implements flag.Value.
func (m *multi) String() string { return strings.Join(*m, ",") }

// Set implements flag.Value: each use of the flag adds a value.
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("tables", flag.ContinueOnError)
	fl.SetOutput(stderr)
	show := fl.String("show", "", "print the table with this id")
	var check multi
	fl.Var(&check, "check", "table file to validate (repeat for several)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "tables: unexpected argument %q (flags only; see -h)\n", fl.Arg(0))
		return 2
	}
	set, err := tariff.Default()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	switch {
	case len(check) > 0:
		return checkFiles(set, check, stdout, stderr)
	case *show != "":
		h, ok := set.Header(*show)
		if !ok {
			var ids []string
			for _, h := range set.Headers() {
				ids = append(ids, h.ID)
			}
			fmt.Fprintf(stderr, "tables: -show %q: no embedded table with that id (ids: %s)\n", *show, strings.Join(ids, ", "))
			return 1
		}
		b, err := fs.ReadFile(tariff.DefaultFS(), h.File)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "# %s — %s, %s %s, confidence %s (file tariff/tables/%s)\n", h.ID, h.Kind, h.Document, h.Range(), h.Confidence, h.File)
		stdout.Write(b)
		return 0
	}
	list(set, stdout)
	return 0
}

func list(set *tariff.Set, w io.Writer) {
	rows := [][]string{{"ID", "KIND", "REGION", "SCOPE", "EFFECTIVE", "DOCUMENT", "CONFIDENCE"}}
	for _, h := range set.Headers() {
		conf := strings.ToUpper(string(h.Confidence))
		if med := h.MediumValues(); len(med) > 0 {
			conf += " (MEDIUM: " + strings.Join(med, ", ") + ")"
		}
		rows = append(rows, []string{h.ID, string(h.Kind), h.Region, scope(h), h.Range(), h.Document, conf})
	}
	fmt.Fprint(w, textfmt.Table(rows, nil, ""))
	for _, g := range set.Gaps() {
		fmt.Fprintln(w, g)
	}
}

// scope is the table's scope as its file writes it.
func scope(h tariff.Header) string {
	if h.Named {
		return "named"
	}
	return "general"
}

// checkFiles validates each file alone, then all of them together with the
// defaults (a user table may name a default table).
func checkFiles(def *tariff.Set, files []string, stdout, stderr io.Writer) int {
	var tables []*tariff.Set
	bad := false
	for _, f := range files {
		t, err := tariff.LoadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad = true
			continue
		}
		tables = append(tables, t)
	}
	if bad {
		return 1
	}
	set, err := def.With(tables...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, t := range tables {
		for _, h := range t.Headers() { // one: a file holds one table
			fmt.Fprintf(stdout, "ok: %s: %s %s %s\n", h.File, h.ID, h.Kind, h.Range())
		}
		for _, n := range t.Notices() {
			fmt.Fprintln(stdout, n)
		}
	}
	for _, g := range set.Gaps() {
		fmt.Fprintln(stdout, g)
	}
	return 0
}
