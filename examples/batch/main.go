// Command batch settles a file of account-months: JSON Lines of records
// (settlement.Record, schema settlement/schema/record.v1.schema.json) in, one
// bill a line out, in input order.
//
//	go run ./examples/batch [flags] [RECORDS.jsonl]
//	go run ./examples/batch -generate N [-seed S] [-o FILE]
//
// The records are read from the file named, or from standard input when no
// file or - is named; flags may come before or after it. Each
// record that settles writes one line to standard output (or -o FILE): the
// bill's own JSON, exactly as json.Marshal of settlement.Bill gives it
// (schema settlement/schema/bill.v1.schema.json), or with -format csv a row
// of month, account, arrangement, total and one column per line code
// (tariff.LineCodes order; each code's lines summed over TOU periods, empty
// when the bill has none). A record that does not settle writes no output
// line: a reject, naming the input file and line, the account and the error,
// goes to standard error (or -rejects FILE), and the batch goes on. A line
// that is not JSON, or longer than 1 MiB, is a reject like any other. Blank
// lines are skipped.
//
// Flags:
//
//	-o FILE        write the bills to FILE instead of standard output
//	-format F      json (default) or csv
//	-rejects FILE  write the rejects to FILE instead of standard error
//	-tables FILE   add a table that records name by id (repeat for several)
//	-j N           settle with N workers (default: every core); the output
//	               is in input order and the same for every N; memory grows
//	               with N (about 6 MB a worker)
//	-generate N    write N accounts × 12 months of generated records and exit
//	-seed S        the generator's seed (default 1; with -generate only)
//
// The files named by -o and -rejects are created (or emptied) only once the
// input and the tables have been opened and read: a run that cannot start
// leaves them as they were. Neither may be the input file or a tables file,
// nor both one file (exit 2).
//
// The default tables and the example TOU tables in tables/ are always in
// the set: example-tou-ratios-batch-2016 (with example-tou-periods-batch-2016)
// and example-tou-ratios-batch-2023 (on ln-tou-periods-2023), so generated
// records settle with no other flag:
//
//	go run ./examples/batch -generate 1000 > records.jsonl
//	go run ./examples/batch -o bills.jsonl records.jsonl
//
// Memory stays constant whatever the input size: records are read in
// chunks, a bounded number of chunks is in flight, and a chunk's bills are
// written as soon as every chunk before it is. When standard error is a
// terminal a progress bar shows the input read; a closing summary gives
// records, bills, rejects, the total amount of the bills, the time taken and
// records per second.
//
// Exit codes: 0 every record settled, 1 a record was rejected (or a file
// could not be read or written), 2 bad flags.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/dianfei/dianfei/examples/internal/textfmt"
	"github.com/dianfei/dianfei/settlement"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// multi is a repeatable string flag.
type multi []string

// String implements flag.Value.
func (m *multi) String() string { return strings.Join(*m, ",") }

// Set implements flag.Value: each use of the flag adds a value.
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// maxLine caps the size of one input line (a record is a few kilobytes).
const maxLine = 1 << 20

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("batch", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var tables multi
	outName := fl.String("o", "", "write the bills to `FILE` instead of standard output")
	format := fl.String("format", "json", "output `format`: json (one bill a line) or csv")
	rejName := fl.String("rejects", "", "write the rejects to `FILE` instead of standard error")
	fl.Var(&tables, "tables", "table `FILE` that records name by id (repeat for several)")
	workers := fl.Int("j", runtime.GOMAXPROCS(0), "number of workers")
	genN := fl.Int("generate", 0, "write `N` accounts × 12 months of generated records and exit")
	seed := fl.Uint64("seed", 1, "the generator's seed")
	pos, err := parseAnywhere(fl, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	given := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { given[f.Name] = true })
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "batch: "+format+"\n", a...)
		return 2
	}
	switch {
	case *format != "json" && *format != "csv":
		return bad("-format %q: unknown format (allowed: json, csv)", *format)
	case *workers < 1:
		return bad("-j %d: at least one worker", *workers)
	case *genN < 0:
		return bad("-generate %d: the number of accounts cannot be negative", *genN)
	case len(pos) > 1:
		return bad("%d input files named; give one, or none to read standard input", len(pos))
	case *genN > 0 && len(pos) > 0:
		return bad("-generate writes records and reads none; drop the input file %s", pos[0])
	case *genN == 0 && given["seed"]:
		return bad("-seed is the generator's: use it with -generate")
	}
	if *genN > 0 {
		for _, f := range []string{"format", "rejects", "tables", "j"} {
			if given[f] {
				return bad("-%s is for settling records; -generate writes them as JSON Lines and reads no tables", f)
			}
		}
		if code := checkOutput(*outName, nil, stderr); code != 0 {
			return code
		}
		out, closeOut, code := createOutput(*outName, stdout, stderr)
		if code != 0 {
			return code
		}
		err := emptyOutput(out, stdout, stderr)
		if err == nil {
			err = generate(out, *genN, *seed)
		}
		if cerr := closeOut(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		return 0
	}

	// The input first, then the tables, then the outputs: a run that cannot
	// start leaves every output file as it was.
	name, in, size := "stdin", stdin, int64(-1)
	var inInfo os.FileInfo
	if len(pos) == 1 && pos[0] != "-" {
		name = pos[0]
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			inInfo = st
			if st.Mode().IsRegular() {
				size = st.Size()
			}
		}
		in = f
	} else if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			inInfo = st // batch -o x.jsonl < x.jsonl would empty its own input
		}
	}
	set, err := tableSet(tables)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	var keep []os.FileInfo // the files no output may be: the input and the tables
	if inInfo != nil {
		keep = append(keep, inInfo)
	}
	for _, t := range tables {
		if st, err := os.Stat(t); err == nil {
			keep = append(keep, st)
		}
	}
	if *outName != "" && *rejName != "" && sameTarget(*outName, *rejName) {
		return bad("-o %s and -rejects %s are the same file: bills and rejects need files of their own", *outName, *rejName)
	}
	for _, o := range []string{*outName, *rejName} { // both checked before either is emptied
		if code := checkOutput(o, keep, stderr); code != 0 {
			return code
		}
	}
	// Both opened before either is emptied: a second file that cannot be
	// opened leaves the first as it was.
	out, closeOut, code := createOutput(*outName, stdout, stderr)
	if code != 0 {
		return code
	}
	rej, closeRej, code := createOutput(*rejName, stderr, stderr)
	if code != 0 {
		_ = closeOut()
		return code
	}
	for _, w := range []io.Writer{out, rej} {
		if err := emptyOutput(w, stdout, stderr); err != nil {
			_, _ = closeOut(), closeRej()
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
	}

	bw := bufio.NewWriterSize(out, 256<<10)
	rw := bufio.NewWriterSize(rej, 16<<10)
	b := &batch{set: set, name: name, csv: *format == "csv", workers: *workers, maxLine: maxLine}
	var bar *progressbar.ProgressBar
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("settling"),
			progressbar.OptionShowBytes(true), progressbar.OptionShowTotalBytes(true), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(), progressbar.OptionSpinnerType(14))
		b.progress = func(n int64) { _ = bar.Add64(n) }
		if rej == stderr {
			b.beforeRejects = func() { _ = bar.Clear() }
		}
	}
	start := time.Now()
	sum, err := b.run(in, bw, rw)
	if err == nil {
		err = bw.Flush()
	}
	if ferr := rw.Flush(); err == nil {
		err = ferr
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if cerr := closeRej(); err == nil {
		err = cerr
	}
	if bar != nil {
		_ = bar.Finish()
	}
	elapsed := time.Since(start)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return 1
	}
	rate := float64(sum.records) / elapsed.Seconds()
	fmt.Fprintf(stderr, "batch: %s: %s, %d rejected; total %s; %.2f s, %.0f records/s\n",
		count(sum.records, "record"), count(sum.bills, "bill"), sum.rejects, textfmt.Group(settlement.Money(sum.total)), elapsed.Seconds(), rate)
	if sum.rejects > 0 {
		return 1
	}
	return 0
}

// count is n and the noun, plural unless n is 1: "1 record", "2 records".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// parseAnywhere parses the flags before and after the positional arguments
// (the input file), which it returns; after "--" every argument is one.
func parseAnywhere(fl *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// checkOutput checks the file an output flag names, if any, before any
// output is created: one that is the input or a tables file (keep, links
// followed) is refused with code 2, a directory with code 1.
func checkOutput(name string, keep []os.FileInfo, stderr io.Writer) int {
	if name == "" {
		return 0
	}
	st, err := os.Stat(name)
	if err != nil {
		return 0 // a new file, or one os.Create will say why it cannot make
	}
	for _, k := range keep {
		if os.SameFile(st, k) {
			fmt.Fprintf(stderr, "batch: %s is an input of the run (the records or a tables file): writing to it would destroy it\n", name)
			return 2
		}
	}
	if st.IsDir() {
		fmt.Fprintf(stderr, "batch: %s is a directory: name a file to write\n", name)
		return 1
	}
	return 0
}

// createOutput opens the file an output flag names for writing, creating it
// if need be but not emptying it yet (emptyOutput does), or returns def when
// it names none; closeFn closes what it opened.
func createOutput(name string, def io.Writer, stderr io.Writer) (w io.Writer, closeFn func() error, code int) {
	if name == "" {
		return def, func() error { return nil }, 0
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return nil, nil, 1
	}
	return f, f.Close, 0
}

// emptyOutput empties an output that is a regular file createOutput opened
// (standard output and error, pipes and devices are left alone).
func emptyOutput(w, stdout, stderr io.Writer) error {
	f, ok := w.(*os.File)
	if !ok || w == stdout || w == stderr {
		return nil
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return err
	}
	return f.Truncate(0)
}

// sameTarget reports whether two output names are one regular file, or one
// new file (the same path, links in its directories followed): two names of
// one pipe or device (/dev/null for both) may be.
func sameTarget(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	switch {
	case errA == nil && errB == nil:
		return os.SameFile(sa, sb) && sa.Mode().IsRegular()
	case errA != nil && errB != nil:
		return realPath(a) == realPath(b)
	}
	return false
}

// realPath is the absolute path of a file that may not exist yet, its
// directory's links resolved.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
