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
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// A Profile is interval (load-profile) data: meter readings at a fixed
// resolution, per feeder. Read one with Read; turn a month of it into
// a Usage with MonthUsage.
//
// The Profile given to Read says what the file may leave out; what it gives
// wins over the file's comment lines before its header:
//
//	# resolution: 15            minutes (1, 5, 15, 30, 60); otherwise from the first two rows
//	# multiplier: 6000          meter multiplier (倍率), default 1
//	# feeder: F1                the feeder of a file without a feeder column
//	# timestamps: interval-start   readings cover the interval starting at their
//	                            timestamp (default interval-end: ending at it)
//
// Readings are held as whole numbers of millionths of the input's unit (a
// reading with more than 6 decimals is an error) and are summed in int64;
// each bucket (a period's kWh, a month's kvarh, a window's demand) is
// converted to decimal once.
type Profile struct {
	Name       string          // file name, for errors and reports
	Resolution int             // minutes: 1, 5, 15, 30 or 60
	Power      bool            // readings are average kW (kvar) over the interval; else kWh (kvarh)
	Reactive   bool            // the file has a reactive column
	Multiplier decimal.Decimal // meter multiplier (倍率) applied to every reading; zero given to Read: the file's, else 1
	// IntervalStart says the file stamps each reading at the start of the
	// interval it covers; false: at its end. The profile holds interval
	// starts either way.
	IntervalStart bool
	Feeders       []string // the feeders read, in order of first appearance
	series        map[string]*series
}

type series struct {
	start []int64 // interval start, minutes since 1970-01-01 00:00 China Standard Time
	p, q  []int64 // active and reactive, millionths
	row   []int   // source row of each reading
}

// China Standard Time has no daylight saving: timestamps are civil minutes.
// minutesOf is the minutes since the epoch of d's midnight (civil arithmetic:
// no time.Duration, which ends in 2262).
func minutesOf(d tariff.Date) int64 { return daysFromCivil(d.Year, int(d.Month), d.Day) * 1440 }

// Read reads a CSV profile from r, streaming: a header
// `timestamp,kwh[,kvarh]` or `timestamp,kw[,kvar]`, optionally with a `feeder`
// column; timestamps `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]`, with
// or without `+08:00` (China Standard Time; other offsets are an error).
//
// opt says what the file may leave out (see Profile): Name, for errors
// ("profile" when empty); Resolution (0: the file's, else inferred from the
// first two readings); Multiplier (zero: the file's, else 1); Feeders, at
// most one name: the feeder of a file without a feeder column (none: the
// file's, else "F1"); IntervalStart (false: the file's comment, else
// interval-end). Power and Reactive come from the header; opt's are ignored.
//
// Read returns a *settlement.Error with File (opt.Name) and Line (the row)
// if a row is malformed, a reading is negative, has more than 6 decimals or
// is above 10¹² (README §3.1), a feeder's readings sum past what int64
// millionths hold, a timestamp is off the resolution's grid, rows are out of
// order, or a timestamp repeats; and one without a Line if opt gives a
// resolution other than 1, 5, 15, 30 or 60, a negative multiplier or more
// than one feeder. Field names the column or setting at fault ("kwh",
// "timestamp", "resolution"); an error about one feeder's readings has Field
// "feeder" and the feeder as Value. Gaps are not errors here: MonthUsage
// reports them.
func Read(r io.Reader, opt Profile) (*Profile, error) {
	rd := &reader{name: opt.Name, intervalStart: opt.IntervalStart,
		tsCol: -1, fCol: -1, pCol: -1, qCol: -1}
	if rd.name == "" {
		rd.name = "profile"
	}
	if err := rd.checkOptions(opt); err != nil {
		return nil, err
	}
	if len(opt.Feeders) == 1 {
		rd.feeder = opt.Feeders[0]
	}
	rd.p = &Profile{Name: rd.name, Resolution: opt.Resolution, Multiplier: opt.Multiplier, series: map[string]*series{}}
	rd.sc = bufio.NewScanner(r)
	rd.sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for _, step := range []func() error{rd.header, rd.readings, rd.checkOrder, rd.inferResolution, rd.toIntervalStarts} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	rd.p.IntervalStart = rd.intervalStart
	return rd.p, nil
}

// checkOptions refuses what Read's opt gives and a file's comment could not
// say: a resolution other than 1, 5, 15, 30, 60, a multiplier below zero, more
// than one feeder.
func (rd *reader) checkOptions(opt Profile) error {
	switch {
	case opt.Resolution != 0 && !validResolution(opt.Resolution):
		return rd.badField(0, "resolution", strconv.Itoa(opt.Resolution), resolutions, "not a resolution in minutes")
	case opt.Multiplier.IsNegative():
		return rd.badField(0, "multiplier", opt.Multiplier.String(), "", "not a positive decimal")
	case len(opt.Feeders) > 1:
		return rd.badField(0, "feeders", "", "one, the feeder of a file without a feeder column", "%d feeders given", len(opt.Feeders))
	}
	return nil
}

// reader is the state of one Read.
type reader struct {
	name          string
	p             *Profile
	sc            *bufio.Scanner
	row           int // the line last read, 1-based
	feeder        string
	intervalStart bool
	cols          []string
	tsCol, fCol   int
	pCol, qCol    int
	sums          map[string]*[2]int64 // per feeder: the sums of its readings so far, checked
}

// resolutions are the resolutions allowed, in minutes.
const resolutions = "1, 5, 15, 30, 60 minutes"

// ofFeeder returns the error at row about the readings of feeder f: Field
// "feeder", Value f.
func (rd *reader) ofFeeder(row int, f, format string, a ...any) error {
	return rd.badField(row, "feeder", f, "", format, a...)
}

// bad returns the error at row (0: none) with the reason format.
func (rd *reader) bad(row int, format string, a ...any) error {
	return rd.badField(row, "", "", "", format, a...)
}

// badField returns the error at row (0: none) of field with its value, what
// is allowed and the reason format. Text of the file in the reason is
// quoted at most 64 bytes (the value is cut when the error renders).
func (rd *reader) badField(row int, field, value, allowed, format string, a ...any) error {
	for i, x := range a {
		switch x := x.(type) {
		case string:
			a[i] = strictyaml.Clip(x)
		case []byte:
			a[i] = strictyaml.Clip(string(x))
		}
	}
	return &settlement.Error{File: rd.name, Line: row, Field: field, Value: value, Reason: fmt.Sprintf(format, a...), Allowed: allowed}
}

// header reads the comment directives and the header line.
func (rd *reader) header() error {
	for rd.sc.Scan() {
		rd.row++
		line := strings.TrimSpace(strings.TrimPrefix(rd.sc.Text(), "\uFEFF"))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if err := rd.directive(line); err != nil {
				return err
			}
			continue
		}
		if err := rd.columns(line); err != nil {
			return err
		}
		break
	}
	if rd.cols == nil {
		return rd.bad(0, "no header (timestamp,kwh[,kvarh] or timestamp,kw[,kvar])")
	}
	if rd.fCol < 0 && rd.feeder == "" {
		rd.feeder = "F1"
	}
	rd.p.Reactive = rd.qCol >= 0
	if rd.p.Multiplier.IsZero() {
		rd.p.Multiplier = decimal.NewFromInt(1)
	}
	return nil
}

// directive reads a `# key: value` line; options given to Read win.
func (rd *reader) directive(line string) error {
	k, v, ok := strings.Cut(strings.TrimSpace(line[1:]), ":")
	if !ok {
		return nil
	}
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	switch k {
	case "resolution":
		n, err := strconv.Atoi(v)
		if err != nil || !validResolution(n) {
			return rd.badField(rd.row, "resolution", v, resolutions, "not a resolution in minutes")
		}
		if rd.p.Resolution == 0 {
			rd.p.Resolution = n
		}
	case "multiplier":
		m, err := tariff.ParseDecimal(v)
		if err != nil || !m.IsPositive() {
			return rd.badField(rd.row, "multiplier", v, "", "not a positive decimal")
		}
		if rd.p.Multiplier.IsZero() {
			rd.p.Multiplier = m
		}
	case "feeder":
		if rd.feeder == "" {
			rd.feeder = v
		}
	case "timestamps":
		switch v {
		case "interval-start":
			rd.intervalStart = true
		case "interval-end":
		default:
			return rd.badField(rd.row, "timestamps", v, "interval-end, interval-start", "unknown value")
		}
	}
	return nil
}

// columns reads the header line.
func (rd *reader) columns(line string) error {
	rd.cols = strings.Split(line, ",")
	for i, c := range rd.cols {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "timestamp":
			rd.tsCol = i
		case "feeder":
			rd.fCol = i
		case "kwh":
			rd.pCol = i
		case "kw":
			rd.pCol, rd.p.Power = i, true
		case "kvarh":
			rd.qCol = i
		case "kvar":
			rd.qCol = i
			if !rd.p.Power {
				return rd.bad(rd.row, "column kvar goes with kw (kWh files use kvarh)")
			}
		default:
			return rd.badField(rd.row, "", c, "timestamp, feeder, kwh, kvarh, kw, kvar", "unknown column")
		}
	}
	if rd.tsCol < 0 || rd.pCol < 0 {
		return rd.badField(rd.row, "", line, "", "the header needs timestamp and kwh (or kw) columns")
	}
	if rd.p.Power && rd.qCol >= 0 && strings.ToLower(strings.TrimSpace(rd.cols[rd.qCol])) != "kvar" {
		return rd.bad(rd.row, "column kvarh goes with kwh (kW files use kvar)")
	}
	return nil
}

// readings reads the data rows into the feeders' series.
func (rd *reader) readings() error {
	p := rd.p
	ncols := len(rd.cols)
	fields := make([][]byte, 0, ncols)
	rd.sums = map[string]*[2]int64{}
	for rd.sc.Scan() {
		rd.row++
		line := bytes.TrimSpace(rd.sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		fields = splitComma(fields[:0], line)
		if len(fields) != ncols {
			return rd.bad(rd.row, "%d fields, the header has %d", len(fields), ncols)
		}
		ts, ok := parseTimestamp(fields[rd.tsCol])
		if !ok {
			return rd.badField(rd.row, "timestamp", string(fields[rd.tsCol]), "", "not YYYY-MM-DD HH:MM[:SS] in China Standard Time (+08:00)")
		}
		pv, qv, err := rd.values(fields)
		if err != nil {
			return err
		}
		f := rd.feeder
		if rd.fCol >= 0 {
			f = string(fields[rd.fCol])
		}
		s := p.series[f]
		if s == nil {
			s = &series{}
			p.series[f] = s
			p.Feeders = append(p.Feeders, f)
			rd.sums[f] = &[2]int64{}
		}
		if err := rd.addToSums(rd.sums[f], f, pv, qv); err != nil {
			return err
		}
		s.start = append(s.start, ts)
		s.p = append(s.p, pv)
		s.q = append(s.q, qv)
		s.row = append(s.row, rd.row)
	}
	if err := rd.sc.Err(); err != nil {
		return rd.bad(rd.row, "%v", err)
	}
	if len(p.Feeders) == 0 {
		return rd.bad(rd.row, "no readings")
	}
	sort.Strings(p.Feeders)
	return nil
}

// values parses a row's active and reactive readings.
func (rd *reader) values(fields [][]byte) (pv, qv int64, err error) {
	pv, msg := parseMicro(fields[rd.pCol])
	if msg != "" {
		return 0, 0, rd.badField(rd.row, strings.TrimSpace(rd.cols[rd.pCol]), string(fields[rd.pCol]), "", "%s", msg)
	}
	if rd.qCol >= 0 {
		if qv, msg = parseMicro(fields[rd.qCol]); msg != "" {
			return 0, 0, rd.badField(rd.row, strings.TrimSpace(rd.cols[rd.qCol]), string(fields[rd.qCol]), "", "%s", msg)
		}
	}
	return pv, qv, nil
}

// addToSums adds a row's readings to its feeder's running sums. A feeder
// whose readings sum past math.MaxInt64 millionths is refused at the row
// where that happens: every sum MonthUsage takes (a period's kWh, a month's
// kvarh, a demand window) is a sum of some of these non-negative readings, so
// none of them can overflow once this check passed.
func (rd *reader) addToSums(sums *[2]int64, f string, pv, qv int64) error {
	for i, v := range [2]int64{pv, qv} {
		if sums[i] > math.MaxInt64-v {
			col := rd.cols[rd.pCol]
			if i == 1 {
				col = rd.cols[rd.qCol]
			}
			return rd.ofFeeder(rd.row, f, "the %s readings sum to more than 9,223,372,036,854.775807, the most interval sums hold; split the file", strings.TrimSpace(col))
		}
		sums[i] += v
	}
	return nil
}

// checkOrder refuses repeated and out-of-order timestamps in each feeder.
func (rd *reader) checkOrder() error {
	for _, f := range rd.p.Feeders {
		s := rd.p.series[f]
		for i := 1; i < len(s.start); i++ {
			switch {
			case s.start[i] == s.start[i-1]:
				return rd.ofFeeder(s.row[i], f, "duplicate timestamp (also at line %d)", s.row[i-1])
			case s.start[i] < s.start[i-1]:
				return rd.ofFeeder(s.row[i], f, "out of order (line %d is later)", s.row[i-1])
			}
		}
	}
	return nil
}

// inferResolution takes the resolution from the first two readings when
// neither the options nor the file gave it.
func (rd *reader) inferResolution() error {
	p := rd.p
	if p.Resolution != 0 {
		return nil
	}
	s := p.series[p.Feeders[0]]
	if len(s.start) < 2 {
		return rd.bad(0, "cannot infer the resolution from one reading; add a '# resolution: N' line")
	}
	d := s.start[1] - s.start[0]
	if !validResolution(int(d)) {
		return rd.bad(s.row[1], "the first two readings are %d minutes apart (allowed resolutions: 1, 5, 15, 30, 60); add a '# resolution: N' line", d)
	}
	p.Resolution = int(d)
	return nil
}

// toIntervalStarts makes every timestamp the start of its interval and
// checks that it is on the resolution's grid.
func (rd *reader) toIntervalStarts() error {
	res := int64(rd.p.Resolution)
	for _, f := range rd.p.Feeders {
		s := rd.p.series[f]
		for i := range s.start {
			if !rd.intervalStart {
				s.start[i] -= res // the reading covers the interval ending at its timestamp
			}
			if s.start[i]%res != 0 {
				return rd.ofFeeder(s.row[i], f, "timestamp off the %d-minute grid", res)
			}
		}
	}
	return nil
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

// maxReading is the largest reading, in millionths: 10¹² of the input's unit
// (README §3.1: larger quantities are implausible).
const maxReading = 1_000_000_000_000_000_000

// parseMicro parses a non-negative plain decimal with at most 6 decimals and
// at most 10¹² into millionths.
func parseMicro(b []byte) (int64, string) {
	if len(b) == 0 {
		return 0, "missing reading"
	}
	if b[0] == '-' {
		return 0, "negative reading"
	}
	const tooLarge = "above 10¹², implausible (README §3.1)"
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
			if v > maxReading/10 {
				return 0, tooLarge
			}
			v = v*10 + int64(c-'0') // ≤ 10¹⁸ + 9: fits
		default:
			return 0, "not a plain decimal"
		}
	}
	if frac == 0 {
		return 0, "not a plain decimal"
	}
	for frac = max(frac, 0); frac < 6; frac++ {
		if v > maxReading/10 {
			return 0, tooLarge
		}
		v *= 10
	}
	if v > maxReading {
		return 0, tooLarge
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
