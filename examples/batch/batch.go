package main

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

//go:embed tables/*.yaml
var exampleTables embed.FS

// tableSet returns the default tables, the embedded example TOU tables and
// the tables in files.
func tableSet(files []string) (*tariff.Set, error) {
	set, err := tariff.Default()
	if err != nil {
		return nil, err
	}
	examples, err := tariff.LoadFS(exampleTables)
	if err != nil {
		return nil, err
	}
	more := []*tariff.Set{examples}
	for _, file := range files {
		t, err := tariff.LoadFile(file)
		if err != nil {
			return nil, err
		}
		more = append(more, t)
	}
	return set.With(more...)
}

// A chunk is a run of input lines that one worker settles, and what came of
// them. Chunks are allocated once and recycled, so memory stays bounded by
// the number in flight.
const (
	chunkLines = 128     // lines in a chunk at most
	chunkBytes = 1 << 19 // input bytes in a chunk, unless a single line is longer
)

type chunk struct {
	seq   int
	buf   []byte // the lines, back to back, without their newlines
	items []item
	read  int64 // input bytes consumed, newlines and skipped lines included

	out     []byte // the bills, one a line
	rejects []reject
	bills   int
	total   decimal.Decimal
}

type item struct {
	line       int // 1-based input line number
	start, end int // the line's bytes in buf
	tooLong    bool
}

type reject struct {
	line    int
	account string
	err     string
}

// summary is what a batch did.
type summary struct {
	records, bills, rejects int
	total                   decimal.Decimal
}

// batch settles records read from an input.
type batch struct {
	set     *tariff.Set
	name    string // the input's name in rejects
	csv     bool
	workers int
	maxLine int
	lines   int // records in a chunk at most; 0 means chunkLines

	settling      func(seq int)    // called by a worker before it settles chunk seq (tests); may be nil
	progress      func(read int64) // called with the input bytes of each chunk written; may be nil
	beforeRejects func()           // called before rejects are written; may be nil
}

// run reads records from in until its end, writes the bills to out and the
// rejects to rej, both in input order, and returns what it did. An error is
// a failure to read or write, not a bad record.
func (b *batch) run(in io.Reader, out, rej io.Writer) (summary, error) {
	sum := summary{total: decimal.Zero}
	if b.csv {
		if _, err := out.Write(csvHeader()); err != nil {
			return sum, err
		}
	}
	window := 2*b.workers + 2 // chunks in flight at most
	free := make(chan *chunk, window)
	for range window {
		free <- &chunk{}
	}
	work := make(chan *chunk, window)
	done := make(chan *chunk, window)
	stop := make(chan struct{})
	var readErr error
	go func() {
		readErr = b.read(in, free, work, stop)
		close(work)
	}()
	var wg sync.WaitGroup
	for range b.workers {
		wg.Go(func() {
			w := newWorker(b)
			for c := range work {
				if b.settling != nil {
					b.settling(c.seq)
				}
				w.settle(c)
				done <- c
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	// Write the chunks in order: chunk seq waits in ring[seq % window] until
	// every chunk before it is written. At most window chunks exist, so the
	// chunks waiting are within window of the next one.
	ring := make([]*chunk, window)
	next := 0
	var werr error
	for c := range done {
		ring[c.seq%window] = c
		for {
			c := ring[next%window]
			if c == nil || c.seq != next {
				break
			}
			ring[next%window] = nil
			next++
			if werr == nil {
				werr = b.write(c, out, rej, &sum)
				if werr != nil {
					close(stop)
				}
			}
			free <- c
		}
	}
	if werr != nil {
		return sum, werr
	}
	return sum, readErr
}

// read fills chunks from in and sends them to work, until the end of in or
// until stop is closed.
func (b *batch) read(in io.Reader, free <-chan *chunk, work chan<- *chunk, stop <-chan struct{}) error {
	br := bufio.NewReaderSize(in, 64<<10)
	perChunk := b.lines
	if perChunk <= 0 {
		perChunk = chunkLines
	}
	line, seq := 0, 0
	for eof := false; !eof; {
		var c *chunk
		select {
		case c = <-free:
		case <-stop:
			return nil
		}
		c.seq, c.buf, c.items, c.read = seq, c.buf[:0], c.items[:0], 0
		seq++
		for len(c.items) < perChunk && len(c.buf) < chunkBytes {
			start := len(c.buf)
			n, tooLong := 0, false
			var err error
			for {
				var frag []byte
				frag, err = br.ReadSlice('\n')
				n += len(frag)
				// Keep the line while it may still fit (+2 for "\r\n").
				if !tooLong && n > b.maxLine+2 {
					tooLong, c.buf = true, c.buf[:start]
				}
				if !tooLong {
					c.buf = append(c.buf, frag...)
				}
				if err != bufio.ErrBufferFull {
					break
				}
			}
			c.read += int64(n)
			if err == io.EOF {
				eof = true
			} else if err != nil {
				work <- c
				return err
			}
			if n == 0 {
				break
			}
			line++
			c.buf = bytes.TrimSuffix(c.buf, []byte("\n"))
			c.buf = bytes.TrimSuffix(c.buf, []byte("\r"))
			if tooLong || len(c.buf)-start > b.maxLine {
				c.buf = c.buf[:start]
				c.items = append(c.items, item{line: line, tooLong: true})
			} else if len(bytes.TrimSpace(c.buf[start:])) == 0 {
				c.buf = c.buf[:start] // a blank line
			} else {
				c.items = append(c.items, item{line: line, start: start, end: len(c.buf)})
			}
			if eof {
				break
			}
		}
		if len(c.items) == 0 && c.read == 0 { // nothing left to read
			seq--
			break
		}
		work <- c
	}
	return nil
}

// write writes a chunk's bills and rejects and adds it to sum.
func (b *batch) write(c *chunk, out, rej io.Writer, sum *summary) error {
	if _, err := out.Write(c.out); err != nil {
		return err
	}
	if len(c.rejects) > 0 {
		if b.beforeRejects != nil {
			b.beforeRejects()
		}
		var buf []byte
		for _, r := range c.rejects {
			buf = append(buf, b.name...)
			buf = append(buf, ':')
			buf = strconv.AppendInt(buf, int64(r.line), 10)
			buf = append(buf, ": "...)
			if r.account != "" {
				buf = append(buf, "account "...)
				buf = strconv.AppendQuote(buf, r.account)
				buf = append(buf, ": "...)
			}
			buf = append(buf, r.err...)
			buf = append(buf, '\n')
		}
		if _, err := rej.Write(buf); err != nil {
			return err
		}
	}
	sum.records += len(c.items)
	sum.bills += c.bills
	sum.rejects += len(c.rejects)
	sum.total = sum.total.Add(c.total)
	if b.progress != nil {
		b.progress(c.read)
	}
	return nil
}

// worker settles chunks; each goroutine has its own.
type worker struct {
	b     *batch
	codes map[tariff.LineCode]int // column of each line code in a CSV row
	cols  []column
	csv   bool
}

// column is a line code's sum in a CSV row: in fen while every amount has
// two decimals and the sum fits an int64, else as a decimal.
type column struct {
	has   bool
	exact bool // the sum is fen
	fen   int64
	sum   decimal.Decimal
}

func newWorker(b *batch) *worker {
	w := &worker{b: b, csv: b.csv}
	if b.csv {
		codes := tariff.LineCodes()
		w.codes = make(map[tariff.LineCode]int, len(codes))
		for i, c := range codes {
			w.codes[c] = i
		}
		w.cols = make([]column, len(codes))
	}
	return w
}

// settle settles every record of a chunk.
func (w *worker) settle(c *chunk) {
	c.out, c.rejects, c.bills, c.total = c.out[:0], c.rejects[:0], 0, decimal.Zero
	for _, it := range c.items {
		if it.tooLong {
			c.rejects = append(c.rejects, reject{line: it.line, err: "batch: line longer than " + strconv.Itoa(w.b.maxLine) + " bytes (a record is a few kilobytes)"})
			continue
		}
		line := c.buf[it.start:it.end]
		var rec settlement.Record
		bill, err := w.one(line, &rec)
		if err == nil {
			c.out, err = w.encode(c.out, bill)
		}
		if err != nil {
			account := rec.Customer.ID
			if account == "" {
				account = accountOf(line)
			}
			c.rejects = append(c.rejects, reject{line: it.line, account: account, err: err.Error()})
			continue
		}
		c.bills++
		c.total = c.total.Add(bill.Total)
	}
}

// one decodes and settles one record (Record.SettleJSON: the bill or the
// error of UnmarshalJSON and then Settle, the inputs checked once). The
// library does not panic on bad input; should it ever, the record is
// rejected as a bug and the batch goes on.
func (w *worker) one(line []byte, rec *settlement.Record) (bill settlement.Bill, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("batch: the library panicked on this record (a bug; please report it): %v", p)
		}
	}()
	return rec.SettleJSON(w.b.set, line)
}

// accountOf returns the customer id of a record that did not decode, if a
// lenient reading finds one.
func accountOf(line []byte) string {
	var probe struct {
		Customer struct {
			ID string `json:"id"`
		} `json:"customer"`
	}
	_ = json.Unmarshal(line, &probe) // a type error elsewhere leaves the id read
	id := probe.Customer.ID
	if len(id) > 64 {
		id = id[:64] + "…"
	}
	return id
}

// encode appends the bill's line: exactly json.Marshal's bytes (AppendJSON).
func (w *worker) encode(dst []byte, bill settlement.Bill) ([]byte, error) {
	if w.csv {
		return w.csvRow(dst, bill)
	}
	dst = bill.AppendJSON(dst)
	return append(dst, '\n'), nil
}

// csvHeader is the CSV's first line.
func csvHeader() []byte {
	row := []string{"month", "account", "arrangement", "total"}
	for _, c := range tariff.LineCodes() {
		row = append(row, string(c))
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(row)
	cw.Flush()
	return buf.Bytes()
}

// csvRow appends the bill's CSV row: month, account, arrangement, total and
// each line code's lines summed (empty when the bill has none), as
// encoding/csv writes them (TestCSVRow).
func (w *worker) csvRow(dst []byte, bill settlement.Bill) ([]byte, error) {
	for i := range w.cols {
		w.cols[i].has = false
	}
	for _, l := range bill.Lines {
		i, ok := w.codes[l.Code]
		if !ok {
			return dst, errors.New("batch: line code " + strconv.Quote(string(l.Code)) + " has no CSV column")
		}
		w.cols[i].add(l.Amount)
	}
	if m := bill.Month; m.Year >= 0 && m.Year <= 9999 && m.Month >= 1 && m.Month <= 12 {
		y, mo := m.Year, int(m.Month)
		dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-', byte('0'+mo/10), byte('0'+mo%10))
	} else {
		dst = appendCSVField(dst, m.String())
	}
	dst = append(dst, ',')
	dst = appendCSVField(dst, bill.Customer)
	dst = append(dst, ',')
	dst = appendCSVField(dst, string(bill.Arrangement))
	dst = append(dst, ',')
	dst = appendMoney(dst, bill.Total)
	for i := range w.cols {
		dst = append(dst, ',')
		if c := &w.cols[i]; c.has {
			if c.exact {
				dst = appendFen(dst, c.fen)
			} else {
				dst = append(dst, settlement.Money(c.sum)...)
			}
		}
	}
	return append(dst, '\n'), nil
}

// add adds an amount to the column.
func (c *column) add(a decimal.Decimal) {
	f, ok := fen(a)
	switch {
	case !c.has:
		c.has, c.exact, c.fen, c.sum = true, ok, f, a
	case c.exact && ok && c.fen+f <= maxFen && c.fen+f >= -maxFen: // |f| < 10¹⁸ < 2⁶⁰: no overflow
		c.fen += f
	case c.exact:
		c.exact, c.sum = false, decimal.New(c.fen, -2).Add(a)
	default:
		c.sum = c.sum.Add(a)
	}
}

// maxFen bounds a column's sum in fen.
const maxFen = 1 << 62

// fen returns an amount in fen when it has exactly two decimals and fits.
func fen(a decimal.Decimal) (int64, bool) {
	if a.Exponent() != -2 || a.NumDigits() > 18 {
		return 0, false
	}
	return a.CoefficientInt64(), true
}

// appendMoney appends settlement.Money(a).
func appendMoney(dst []byte, a decimal.Decimal) []byte {
	if f, ok := fen(a); ok {
		return appendFen(dst, f)
	}
	return append(dst, settlement.Money(a)...)
}

// appendFen appends f fen as 元 with two decimals, as settlement.Money
// writes decimal.New(f, -2): "-0.05", "0.00", "1234.50".
func appendFen(dst []byte, f int64) []byte {
	u := uint64(f)
	if f < 0 {
		dst, u = append(dst, '-'), uint64(-f)
	}
	dst = strconv.AppendUint(dst, u/100, 10)
	return append(dst, '.', byte('0'+u/10%10), byte('0'+u%10))
}

// appendCSVField appends a field as encoding/csv's Writer writes it (comma
// ',', no CRLF): quoted when it holds a comma, a quote, CR or LF, starts
// with a space, or is \., with quotes doubled.
func appendCSVField(dst []byte, f string) []byte {
	needs := f == `\.`
	for i := 0; i < len(f) && !needs; i++ {
		switch f[i] {
		case ',', '"', '\r', '\n':
			needs = true
		}
	}
	if f != "" && !needs {
		r, _ := utf8.DecodeRuneInString(f)
		needs = unicode.IsSpace(r)
	}
	if !needs {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for i := range len(f) {
		if f[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, f[i])
	}
	return append(dst, '"')
}
