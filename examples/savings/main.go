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
	if *format == "xlsx" && !*estFlag {
		return bad("-format xlsx: the workbook needs the estimate; drop -estimate=false")
	}
	if *format == "xlsx" && *out == "" {
		return bad("-format xlsx: name the workbook with -o FILE.xlsx")
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
		for _, n := range scenarios.Names() {
			fmt.Fprintln(stdout, n)
		}
		return 0
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, err.Error())
		return 1
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
	cmp, err := scenario.Compare(set, sc)
	if err != nil {
		return fail(err)
	}
	if *month != "" && indexOf(sc, m) < 0 {
		fmt.Fprintf(stderr, "savings: -month %s: not a month of scenario %s (%s)\n", m, sc.Name, monthSpan(sc))
		return 1
	}
	var est *scenario.Estimate
	if *estFlag && *month == "" && *format != "csv" {
		if est, err = scenario.EstimateOf(set, cmp); err != nil {
			return fail(err)
		}
	}
	w := stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return fail(fmt.Errorf("savings: -o: %w", err))
		}
		w = file
	}
	if err := writeReport(w, *format, l, cmp, est, set, source, m); err != nil {
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
// -month, zero for the full report.
// est is the estimate, nil with -estimate=false (and with -month and csv,
// which do not show it).
func writeReport(stdout io.Writer, format string, l lang, cmp *scenario.Comparison, est *scenario.Estimate, set *tariff.Set, source string, m tariff.Month) error {
	switch format {
	case "xlsx":
		wb, err := buildWorkbook(l, cmp, est, set, source)
		if err != nil {
			return err
		}
		return writeXLSX(stdout, wb)
	case "json":
		return writeJSON(stdout, cmp, est, m)
	case "csv":
		return writeCSV(stdout, l, cmp)
	}
	blocks := fullReport(l, cmp, est, source)
	if !m.IsZero() {
		blocks = monthReport(l, cmp, source, m)
	}
	if format == "markdown" {
		renderMarkdown(stdout, blocks)
	} else {
		renderText(stdout, blocks)
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

func loadScenario(name string) (*scenario.Scenario, string, error) {
	for _, n := range scenarios.Names() {
		if n == name {
			sc, err := scenario.LoadFS(scenarios.FS(), n+".yaml")
			return sc, n + ".yaml (embedded)", err
		}
	}
	if _, err := os.Stat(name); err != nil {
		return nil, "", fmt.Errorf("savings: -scenario %q: no embedded scenario of that name and no such file (embedded: %s)", name, strings.Join(scenarios.Names(), ", "))
	}
	sc, err := scenario.LoadFile(name)
	return sc, name, err
}
