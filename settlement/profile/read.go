// Package profile turns interval (load-profile) data into a month's usage:
// it reads meter readings from CSV, streaming, with data-quality errors that
// name the row, and aggregates a month into kWh by time-of-use period, kvarh
// and each feeder's maximum demand (README §3.4, §3.8). Readings are summed
// in int64 and converted to decimal once per bucket.
package profile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// A Profile is interval (load-profile) data: meter readings at a fixed
// resolution, per feeder. Read one with Read; turn a month of it into
// a Usage with MonthUsage.
//
// Readings are held as whole numbers of millionths of the input's unit (a
// reading with more than 6 decimals is an error) and are summed in int64;
// each bucket (a period's kWh, a month's kvarh, a window's demand) is
// converted to decimal once.
type Profile struct {
	Name       string // file name, for errors and reports
	Resolution int    // minutes: 1, 5, 15, 30 or 60
	Power      bool   // readings are average kW (kvar) over the interval; else kWh (kvarh)
	Reactive   bool   // the file has a reactive column
	Multiplier decimal.Decimal
	Feeders    []string
	series     map[string]*series
}

type series struct {
	start []int64 // interval start, minutes since 1970-01-01 00:00 China Standard Time
	p, q  []int64 // active and reactive, millionths
	row   []int   // source row of each reading
}

// ReadOptions say how to read a profile file. A file may also say it in
// comment lines before its header:
//
//	# resolution: 15            minutes (1, 5, 15, 30, 60); otherwise from the first two rows
//	# multiplier: 6000          meter multiplier (倍率), default 1
//	# feeder: F1                the feeder of a file without a feeder column
//	# timestamps: interval-start   readings cover the interval starting at their
//	                            timestamp (default interval-end: ending at it)
//
// Options given here win over the file's comments.
type ReadOptions struct {
	Name          string
	Resolution    int
	Multiplier    decimal.Decimal
	Feeder        string
	IntervalStart bool
}

// Error is a data-quality problem at a row of a profile file.
type Error struct {
	File   string
	Row    int // 1-based line number in the file; 0 when it concerns a month
	Reason string
}

// Error renders the file, the row when known, and the reason.
func (e *Error) Error() string { return "profile: " + e.Message() }

// Message is the error without the package prefix, for an error that locates
// it in another file (a scenario naming the profile).
func (e *Error) Message() string {
	if e.Row > 0 {
		return fmt.Sprintf("%s: row %d: %s", e.File, e.Row, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// China Standard Time has no daylight saving: timestamps are civil minutes.
var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func minutesOf(d tariff.Date) int64 { return int64(d.Time().Sub(epoch) / time.Minute) }

// Read reads a CSV profile from r, streaming: a header
// `timestamp,kwh[,kvarh]` or `timestamp,kw[,kvar]`, optionally with a `feeder`
// column; timestamps `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]`, with
// or without `+08:00` (China Standard Time; other offsets are an error).
//
// Read returns a *Error naming the row if a row is malformed, a
// reading is negative or has more than 6 decimals, a timestamp is off the
// resolution's grid, rows are out of order, or a timestamp repeats. Gaps are
// not errors here: MonthUsage reports them.
func Read(r io.Reader, opt ReadOptions) (*Profile, error) {
	name := opt.Name
	if name == "" {
		name = "profile"
	}
	bad := func(row int, format string, a ...any) error {
		return &Error{File: name, Row: row, Reason: fmt.Sprintf(format, a...)}
	}
	p := &Profile{Name: name, Resolution: opt.Resolution, Multiplier: opt.Multiplier, series: map[string]*series{}}
	feeder, intervalStart := opt.Feeder, opt.IntervalStart
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	row := 0
	var cols []string
	tsCol, fCol, pCol, qCol := -1, -1, -1, -1
	// Header and directives.
	for sc.Scan() {
		row++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			k, v, ok := strings.Cut(strings.TrimSpace(line[1:]), ":")
			if !ok {
				continue
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch k {
			case "resolution":
				n, err := strconv.Atoi(v)
				if err != nil || !validResolution(n) {
					return nil, bad(row, "resolution %q (allowed: 1, 5, 15, 30, 60 minutes)", v)
				}
				if p.Resolution == 0 {
					p.Resolution = n
				}
			case "multiplier":
				m, err := tariff.ParseDecimal(v)
				if err != nil || !m.IsPositive() {
					return nil, bad(row, "multiplier %q is not a positive decimal", v)
				}
				if p.Multiplier.IsZero() {
					p.Multiplier = m
				}
			case "feeder":
				if feeder == "" {
					feeder = v
				}
			case "timestamps":
				switch v {
				case "interval-start":
					intervalStart = true
				case "interval-end":
				default:
					return nil, bad(row, "timestamps %q (allowed: interval-end, interval-start)", v)
				}
			}
			continue
		}
		cols = strings.Split(line, ",")
		for i, c := range cols {
			switch strings.ToLower(strings.TrimSpace(c)) {
			case "timestamp":
				tsCol = i
			case "feeder":
				fCol = i
			case "kwh":
				pCol = i
			case "kw":
				pCol, p.Power = i, true
			case "kvarh":
				qCol = i
			case "kvar":
				qCol = i
				if !p.Power {
					return nil, bad(row, "column kvar goes with kw (kWh files use kvarh)")
				}
			default:
				return nil, bad(row, "unknown column %q (allowed: timestamp, feeder, kwh, kvarh, kw, kvar)", c)
			}
		}
		if tsCol < 0 || pCol < 0 {
			return nil, bad(row, "header needs timestamp and kwh (or kw) columns, found %q", line)
		}
		if p.Power && qCol >= 0 && strings.ToLower(strings.TrimSpace(cols[qCol])) != "kvar" {
			return nil, bad(row, "column kvarh goes with kwh (kW files use kvar)")
		}
		break
	}
	if cols == nil {
		return nil, bad(0, "no header (timestamp,kwh[,kvarh] or timestamp,kw[,kvar])")
	}
	if fCol < 0 && feeder == "" {
		feeder = "F1"
	}
	p.Reactive = qCol >= 0
	if p.Multiplier.IsZero() {
		p.Multiplier = decimal.NewFromInt(1)
	}
	ncols := len(cols)
	fields := make([][]byte, 0, ncols)
	for sc.Scan() {
		row++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		fields = splitComma(fields[:0], line)
		if len(fields) != ncols {
			return nil, bad(row, "%d fields, the header has %d", len(fields), ncols)
		}
		ts, ok := parseTimestamp(fields[tsCol])
		if !ok {
			return nil, bad(row, "timestamp %q: not YYYY-MM-DD HH:MM[:SS] in China Standard Time (+08:00)", fields[tsCol])
		}
		pv, err := parseMicro(fields[pCol])
		if err != "" {
			return nil, bad(row, "%s %q: %s", cols[pCol], fields[pCol], err)
		}
		var qv int64
		if qCol >= 0 {
			if qv, err = parseMicro(fields[qCol]); err != "" {
				return nil, bad(row, "%s %q: %s", cols[qCol], fields[qCol], err)
			}
		}
		f := feeder
		if fCol >= 0 {
			f = string(fields[fCol])
		}
		s := p.series[f]
		if s == nil {
			s = &series{}
			p.series[f] = s
			p.Feeders = append(p.Feeders, f)
		}
		s.start = append(s.start, ts)
		s.p = append(s.p, pv)
		s.q = append(s.q, qv)
		s.row = append(s.row, row)
	}
	if err := sc.Err(); err != nil {
		return nil, bad(row, "%v", err)
	}
	if len(p.Feeders) == 0 {
		return nil, bad(row, "no readings")
	}
	sort.Strings(p.Feeders)
	for _, f := range p.Feeders {
		s := p.series[f]
		for i := 1; i < len(s.start); i++ {
			switch {
			case s.start[i] == s.start[i-1]:
				return nil, bad(s.row[i], "duplicate timestamp (also at row %d)", s.row[i-1])
			case s.start[i] < s.start[i-1]:
				return nil, bad(s.row[i], "out of order (row %d is later)", s.row[i-1])
			}
		}
	}
	if p.Resolution == 0 {
		s := p.series[p.Feeders[0]]
		if len(s.start) < 2 {
			return nil, bad(0, "cannot infer the resolution from one reading; add a '# resolution: N' line")
		}
		d := s.start[1] - s.start[0]
		if !validResolution(int(d)) {
			return nil, bad(s.row[1], "the first two readings are %d minutes apart (allowed resolutions: 1, 5, 15, 30, 60); add a '# resolution: N' line", d)
		}
		p.Resolution = int(d)
	}
	res := int64(p.Resolution)
	for _, f := range p.Feeders {
		s := p.series[f]
		for i := range s.start {
			if !intervalStart {
				s.start[i] -= res // the reading covers the interval ending at its timestamp
			}
			if s.start[i]%res != 0 {
				return nil, bad(s.row[i], "timestamp off the %d-minute grid", res)
			}
		}
	}
	return p, nil
}

func validResolution(n int) bool { return n == 1 || n == 5 || n == 15 || n == 30 || n == 60 }

func splitComma(dst [][]byte, line []byte) [][]byte {
	for {
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			return append(dst, bytes.TrimSpace(line))
		}
		dst = append(dst, bytes.TrimSpace(line[:i]))
		line = line[i+1:]
	}
}

// parseMicro parses a non-negative plain decimal with at most 6 decimals into
// millionths.
func parseMicro(b []byte) (int64, string) {
	if len(b) == 0 {
		return 0, "missing reading"
	}
	if b[0] == '-' {
		return 0, "negative reading"
	}
	var v int64
	frac := -1
	for _, c := range b {
		switch {
		case c == '.' && frac < 0:
			frac = 0
		case c >= '0' && c <= '9':
			if frac >= 0 {
				frac++
				if frac > 6 {
					return 0, "more than 6 decimals"
				}
			}
			if v > (1<<62)/10 {
				return 0, "reading too large"
			}
			v = v*10 + int64(c-'0')
		default:
			return 0, "not a plain decimal"
		}
	}
	if frac == 0 {
		return 0, "not a plain decimal"
	}
	frac = max(frac, 0)
	for frac < 6 {
		v *= 10
		frac++
	}
	return v, ""
}

// parseTimestamp parses YYYY-MM-DD[ T]HH:MM[:SS][+08:00] into minutes since
// the epoch of China Standard Time civil time; seconds must be zero.
func parseTimestamp(b []byte) (int64, bool) {
	if len(b) >= 6 && string(b[len(b)-6:]) == "+08:00" {
		b = b[:len(b)-6]
	}
	if len(b) != 16 && len(b) != 19 {
		return 0, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	if b[4] != '-' || b[7] != '-' || (b[10] != ' ' && b[10] != 'T') || b[13] != ':' {
		return 0, false
	}
	y, ok1 := num(b[0:4])
	mo, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	h, ok4 := num(b[11:13])
	mi, ok5 := num(b[14:16])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || h == 24 && mi != 0 {
		return 0, false
	}
	if len(b) == 19 {
		sec, ok := num(b[17:19])
		if b[16] != ':' || !ok || sec != 0 {
			return 0, false
		}
	}
	if d > (tariff.Month{Year: y, Month: time.Month(mo)}).Days() {
		return 0, false
	}
	return daysFromCivil(y, mo, d)*1440 + int64(h*60+mi), true
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}
