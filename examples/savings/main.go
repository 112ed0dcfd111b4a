package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dianfei/dianfei/settlement/scenario"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/tariff"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// multi is a repeatable string flag.
type multi []string

// String implements flag.Value.
func (m *multi) String() string { return strings.Join(*m, ",") }

// Set implements flag.Value: each use of the flag adds a value.
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// run is the command: it returns the exit code (0 ok, 1 bad input, 2 bad flags).
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("savings", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scenarioFlag := fs.String("scenario", scenarios.Default, "embedded scenario name ("+strings.Join(scenarios.Names(), ", ")+") or scenario file")
	var tables multi
	fs.Var(&tables, "tables", "extra table file (repeat for several)")
	format := fs.String("format", "text", "output format: text, markdown, json, csv, xlsx")
	out := fs.String("o", "", "write the report to this file (required for xlsx)")
	langFlag := fs.String("lang", "", "report language: zh or en (default from LC_ALL, LC_MESSAGES, LANG)")
	month := fs.String("month", "", "show one month's bills A, B, C₂, C side by side (YYYY-MM)")
	listFlag := fs.Bool("list", false, "list the embedded scenarios and exit")
	width := fs.Int("width", 100, "text report width in display columns (East Asian characters count two); 0 for no limit")
	unit := fs.String("unit", "yuan", "amounts in the text and Markdown reports: yuan (元, exact) or wan (万元, rounded for display; JSON and CSV stay in 元)")
	estFlag := fs.Bool("estimate", true, "compute the estimate (assumptions, bridge, sensitivity, open points, MEDIUM weights); -estimate=false for the comparison alone (not with xlsx)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "savings: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	switch *format {
	case "text", "markdown", "json", "csv", "xlsx":
	default:
		return bad("-format %q: unknown format (allowed: text, markdown, json, csv, xlsx)", *format)
	}
	if *width != 0 && *width < 40 {
		return bad("-width %d: too narrow (at least 40, or 0 for no limit)", *width)
	}
	if *unit != "yuan" && *unit != "wan" {
		return bad("-unit %q: unknown unit (allowed: yuan, wan)", *unit)
	}
	if *format == "xlsx" && !*estFlag {
		return bad("-format xlsx: the workbook needs the estimate; drop -estimate=false")
	}
	if *format == "xlsx" && *out == "" {
		return bad("-format xlsx: name the workbook with -o FILE.xlsx")
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, err.Error())
		return 1
	}
	l, ok := pickLang(*langFlag, getenv)
	if !ok {
		return bad("-lang %q: unknown language (allowed: zh, en)", *langFlag)
	}
	var m tariff.Month
	if *month != "" {
		var err error
		if m, err = tariff.ParseMonth(*month); err != nil {
			return bad("-month %q: not a month YYYY-MM", *month)
		}
		if *format == "csv" || *format == "xlsx" {
			return bad("-month: the %s format holds every month; use text, markdown or json", *format)
		}
	}
	if *listFlag {
		if err := listScenarios(stdout, l); err != nil {
			return fail(err)
		}
		return 0
	}
	sc, source, err := loadScenario(*scenarioFlag)
	if err != nil {
		return fail(err)
	}
	set, err := tariff.Default()
	if err != nil {
		return fail(err)
	}
	for _, f := range tables {
		t, err := tariff.LoadFile(f)
		if err != nil {
			return fail(err)
		}
		if set, err = set.With(t); err != nil {
			return fail(err)
		}
	}
	compare := scenario.Compare
	if *estFlag && *month == "" && *format != "csv" {
		compare = scenario.Estimate
	}
	cmp, err := compare(set, sc)
	if err != nil {
		return fail(err)
	}
	if *month != "" && indexOf(sc, m) < 0 {
		fmt.Fprintf(stderr, "savings: -month %s: not a month of scenario %s (%s)\n", m, sc.Name, monthSpan(sc))
		return 1
	}
	w := stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return fail(fmt.Errorf("savings: -o: %w", err))
		}
		w = file
	}
	r := &rep{l: l, c: cmp, set: set, source: source, wan: *unit == "wan"}
	if err := writeReport(w, *format, r, *width, m); err != nil {
		if file != nil {
			file.Close()
			os.Remove(*out)
		}
		return fail(err)
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fail(fmt.Errorf("savings: -o: %w", err))
		}
	}
	return 0
}

// writeReport writes the report in the format asked for; m is the month of
// -month, zero for the full report; width is the text report's width.
// r.c carries the estimate (Estimated) unless -estimate=false (and with
// -month and csv, which do not show it).
func writeReport(stdout io.Writer, format string, r *rep, width int, m tariff.Month) error {
	switch format {
	case "xlsx":
		wb, err := buildWorkbook(r.l, r.c, r.set, r.source)
		if err != nil {
			return err
		}
		return writeXLSX(stdout, wb)
	case "json":
		return writeJSON(stdout, r.c, m)
	case "csv":
		return writeCSV(stdout, r.l, r.c)
	}
	blocks := fullReport(r)
	if !m.IsZero() {
		blocks = monthReport(r, m)
	}
	if format == "markdown" {
		renderMarkdown(stdout, blocks)
	} else {
		renderText(stdout, blocks, width)
	}
	return nil
}

// listScenarios prints one line per embedded scenario: its name, then its
// title, which says what it demonstrates.
func listScenarios(w io.Writer, l lang) error {
	names := scenarios.Names()
	n := 0
	for _, name := range names {
		n = max(n, len(name))
	}
	for _, name := range names {
		sc, _, err := loadScenario(name)
		if err != nil {
			return err
		}
		title := sc.Title
		if l == chinese && sc.TitleZH != "" {
			title = sc.TitleZH
		}
		fmt.Fprintf(w, "%-*s  %s\n", n, name, title)
	}
	return nil
}

// pickLang: -lang wins, else the first set of LC_ALL, LC_MESSAGES, LANG
// (Chinese when it starts with "zh"), else English.
func pickLang(flagValue string, getenv func(string) string) (lang, bool) {
	switch flagValue {
	case "zh":
		return chinese, true
	case "en":
		return english, true
	case "":
	default:
		return english, false
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return lang(strings.HasPrefix(s, "zh")), true
		}
	}
	return english, true
}

// scenarioOrigin is where a scenario was read from: a file, or one of the embedded
// scenarios (file is then its name in examples/scenarios).
type scenarioOrigin struct {
	file     string
	embedded bool
}

func loadScenario(name string) (*scenario.Scenario, scenarioOrigin, error) {
	for _, n := range scenarios.Names() {
		if n == name {
			sc, err := scenario.LoadFS(scenarios.FS(), n+".yaml")
			return sc, scenarioOrigin{file: n + ".yaml", embedded: true}, err
		}
	}
	if _, err := os.Stat(name); err != nil {
		return nil, scenarioOrigin{}, fmt.Errorf("savings: -scenario %q: no embedded scenario of that name and no such file (embedded: %s)", name, strings.Join(scenarios.Names(), ", "))
	}
	sc, err := scenario.LoadFile(name)
	return sc, scenarioOrigin{file: name}, err
}
