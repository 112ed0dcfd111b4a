// Command json settles account-month records and prints their bills as JSON:
// the record format other systems send (settlement.Record) and the bill they
// get back (settlement.Bill), both described by the schemas in
// settlement/schema (README: JSON for other systems).
//
//	go run ./examples/json [-tables FILE]... [RECORD.json]
//
// The record is read from the file named, or from standard input; the bill is
// written indented to standard output. -tables FILE (repeatable) adds tables
// that the record names by id (its "tables", "tou", a T&D table…). The
// examples in records/ settle as they are, e.g.
//
//	go run ./examples/json examples/json/records/e1-catalog.json
//	go run ./examples/json -tables examples/scenarios/table-copper-c-tou.yaml \
//	    -tables examples/scenarios/table-copper-c-ratios.yaml examples/json/records/copper-c-2017-02-a.json
//
// check_bill.py reads a bill with Python's standard json module and checks
// that its lines add up to its total.
//
// Exit codes: 0 settled, 1 bad input (the message names the JSON path of the
// field), 2 bad flags.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// multi is a repeatable string flag.
type multi []string

// String implements flag.Value.
func (m *multi) String() string { return strings.Join(*m, ",") }

// Set implements flag.Value: each use of the flag adds a value.
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// maxRecord caps the size of a record read (a record is a few kilobytes).
const maxRecord = 1 << 20

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("json", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var tables multi
	fl.Var(&tables, "tables", "table file the record names by id (repeat for several)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 1 {
		fmt.Fprintf(stderr, "json: %d records named; give one file, or none to read standard input\n", fl.NArg())
		return 2
	}
	name, in := "standard input", stdin
	if fl.NArg() == 1 {
		name = fl.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "json: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	set, err := tariff.Default()
	if err == nil {
		for _, file := range tables {
			var t *tariff.Set
			if t, err = tariff.LoadFile(file); err != nil {
				break
			}
			if set, err = set.With(t); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	data, err := io.ReadAll(io.LimitReader(in, maxRecord+1))
	if err != nil {
		fmt.Fprintf(stderr, "json: %s: %v\n", name, err)
		return 1
	}
	if len(data) > maxRecord {
		fmt.Fprintf(stderr, "json: %s: a record is at most %d bytes\n", name, maxRecord)
		return 1
	}
	var rec settlement.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		fmt.Fprintf(stderr, "json: %s: %v\n", name, err)
		return 1
	}
	bill, err := rec.Settle(set)
	if err != nil {
		fmt.Fprintf(stderr, "json: %s: %v\n", name, err)
		return 1
	}
	out, err := bill.MarshalJSON() // as json.Marshal, without escaping & < >
	if err != nil {
		fmt.Fprintf(stderr, "json: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		fmt.Fprintf(stderr, "json: %v\n", err)
		return 1
	}
	buf.WriteByte('\n')
	_, err = stdout.Write(buf.Bytes())
	if err != nil {
		return 1
	}
	return 0
}
