package settlement

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
// resolution, per feeder. Read one with ReadProfile; turn a month of it into
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

// ProfileError is a data-quality problem at a row of a profile file.
type ProfileError struct {
	File   string
	Row    int // 1-based line number in the file; 0 when it concerns a month
	Reason string
}

// Error renders the file, the row when known, and the reason.
func (e *ProfileError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("settlement: %s: row %d: %s", e.File, e.Row, e.Reason)
	}
	return fmt.Sprintf("settlement: %s: %s", e.File, e.Reason)
}

// China Standard Time has no daylight saving: timestamps are civil minutes.
var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func minutesOf(d tariff.Date) int64 { return int64(d.Time().Sub(epoch) / time.Minute) }

// ReadProfile reads a CSV profile from r, streaming: a header
// `timestamp,kwh[,kvarh]` or `timestamp,kw[,kvar]`, optionally with a `feeder`
// column; timestamps `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]`, with
// or without `+08:00` (China Standard Time; other offsets are an error).
//
// ReadProfile returns a *ProfileError naming the row if a row is malformed, a
// reading is negative or has more than 6 decimals, a timestamp is off the
// resolution's grid, rows are out of order, or a timestamp repeats. Gaps are
// not errors here: MonthUsage reports them.
func ReadProfile(r io.Reader, opt ReadOptions) (*Profile, error) {
	name := opt.Name
	if name == "" {
		name = "profile"
	}
	bad := func(row int, format string, a ...any) error {
		return &ProfileError{File: name, Row: row, Reason: fmt.Sprintf(format, a...)}
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

// AggregateOptions say how MonthUsage treats imperfect data.
type AggregateOptions struct {
	// AcceptGaps accepts missing intervals; the usage then carries a warning
	// counting them. By default a month with gaps is an error.
	AcceptGaps bool
}

var periodIndex = []tariff.Period{tariff.Peak, tariff.Flat, tariff.Valley, tariff.Critical}

// periodLUT maps each minute of the day of month m to its TOU period index.
func periodLUT(t *tariff.TOUPeriods, m time.Month) (*[1440]uint8, error) {
	var lut [1440]uint8
	for mod := 0; mod < 1440; mod++ {
		p, err := t.Classify(m, mod)
		if err != nil {
			return nil, err
		}
		for i, x := range periodIndex {
			if x == p {
				lut[mod] = uint8(i)
			}
		}
	}
	return &lut, nil
}

// monthAgg is one feeder's month in int64.
type monthAgg struct {
	energy   [4]int64 // by period index, millionths (half readings for 60-minute TOU splits)
	reactive int64
	demand   int64 // the largest window sum, millionths
	missing  int64 // intervals missing
	gaps     []string
}

// aggregate sums one feeder's readings of [from, to) minutes. lut classifies
// minutes of the day (nil: no TOU). It allocates nothing unless there are gaps.
func (p *Profile) aggregate(s *series, from, to int64, lut *[1440]uint8, a *monthAgg) {
	res := int64(p.Resolution)
	lo := sort.Search(len(s.start), func(i int) bool { return s.start[i] >= from })
	hi := sort.Search(len(s.start), func(i int) bool { return s.start[i] >= to })
	st, pv, qv := s.start[lo:hi], s.p[lo:hi], s.q[lo:hi]
	// One pass: gaps; energy by period (by each interval's start; 60-minute
	// readings split at the half hour, pro rata, counted in half readings);
	// reactive energy; the largest sum of w consecutive readings that no gap
	// interrupts (the demand window).
	w := int(max(15/res, 1))
	var e [4]int64
	var q, best int64
	expect := from
	pv = pv[:len(st)]
	qv = qv[:len(st)]
	// Complete data (sorted, unique, on the grid, so complete iff the count is
	// right) without TOU, the common case: one fused loop, no gap checks.
	if n := int64(len(st)); lut == nil && n == (to-from)/res && n >= int64(w) {
		var e1, sum int64
		if w == 1 {
			for i, v := range pv {
				e1 += v
				q += qv[i]
				best = max(best, v)
			}
		} else {
			for i := 0; i < w; i++ {
				sum += pv[i]
			}
			best = sum
			for i, v := range pv {
				e1 += v
				q += qv[i]
				if i >= w {
					sum += v - pv[i-w]
					best = max(best, sum)
				}
			}
		}
		e[1] = e1
		a.energy, a.reactive, a.demand = e, q, best
		return
	}
	// Otherwise energy and reactive energy, the loops specialised by TOU
	// treatment, then the demand windows.
	switch {
	case lut == nil:
		var e1 int64
		for i, t := range st {
			if t != expect {
				a.gap(expect, t, res)
			}
			expect = t + res
			e1 += pv[i]
			q += qv[i]
		}
		e[1] = e1
	case res == 60:
		for i, t := range st {
			if t != expect {
				a.gap(expect, t, res)
			}
			expect = t + res
			mod := t % 1440
			e[lut[mod]] += pv[i]
			e[lut[mod+30]] += pv[i]
			q += qv[i]
		}
	default:
		for i, t := range st {
			if t != expect {
				a.gap(expect, t, res)
			}
			expect = t + res
			e[lut[t%1440]] += pv[i]
			q += qv[i]
		}
	}
	// Demand: the largest sum of w consecutive readings with no gap between them.
	if w == 1 {
		for _, v := range pv {
			best = max(best, v)
		}
	} else {
		run0 := 0 // index where the current gap-free run starts
		var sum int64
		for i := range pv {
			if i > run0 && st[i] != st[i-1]+res {
				run0, sum = i, 0
			}
			sum += pv[i]
			if i-run0 >= w {
				sum -= pv[i-w]
			}
			if i-run0 >= w-1 {
				best = max(best, sum)
			}
		}
	}
	if expect < to {
		a.gap(expect, to, res)
	}
	a.energy, a.reactive, a.demand = e, q, best
}

// gap records the missing intervals [from, to).
func (a *monthAgg) gap(from, to, res int64) {
	a.missing += (to - from) / res
	if len(a.gaps) < 5 {
		a.gaps = append(a.gaps, clock(from)+"–"+clock(to))
	}
}

func clock(min int64) string {
	d := min / 1440
	m := min % 1440
	t := epoch.Add(time.Duration(d) * 24 * time.Hour)
	return fmt.Sprintf("%s %02d:%02d", t.Format("2006-01-02"), m/60, m%60)
}

// MonthUsage turns month m of the profile into the month's usage: kWh (by TOU
// period when periods is not nil), kvarh and, per feeder, the maximum
// 15-minute average demand, feeders summed by the bill. Readings are
// classified by each interval's start; a 60-minute reading across a half-hour
// boundary is split pro rata. A window belongs to the month that holds all of
// it.
//
// Demand by resolution: 1-minute data, sliding 15-minute windows with a
// 1-minute step; 5-minute data, sliding windows of three readings with a
// 5-minute step; 15-minute data, fixed 15-minute blocks; 30- and 60-minute
// data, the largest interval average, and the usage carries the warning "no
// 15-minute demand available". Windows never span a gap.
//
// MonthUsage returns a *ProfileError if the month has no readings, or has
// gaps and opt.AcceptGaps is false (listing the first gaps).
func (p *Profile) MonthUsage(m tariff.Month, periods *tariff.TOUPeriods, opt AggregateOptions) (Usage, error) {
	from, to := minutesOf(m.First()), minutesOf(m.Next().First())
	var lut *[1440]uint8
	if periods != nil {
		var err error
		if lut, err = periodLUT(periods, m.Month); err != nil {
			return Usage{}, err
		}
	}
	u := Usage{Month: m, KWh: decimal.Zero, KVarh: decimal.Zero}
	var energy [4]decimal.Decimal
	for i := range energy {
		energy[i] = decimal.Zero
	}
	var missing int64
	res := int64(p.Resolution)
	for _, f := range p.Feeders {
		var a monthAgg
		p.aggregate(p.series[f], from, to, lut, &a)
		if a.missing == (to-from)/res {
			return Usage{}, &ProfileError{File: p.Name, Reason: fmt.Sprintf("%s: feeder %s has no readings", m, f)}
		}
		if a.missing > 0 && !opt.AcceptGaps {
			return Usage{}, &ProfileError{File: p.Name, Reason: fmt.Sprintf("%s: feeder %s misses %d intervals (first gaps: %s); accept gaps explicitly to bill the month with a warning", m, f, a.missing, strings.Join(a.gaps, ", "))}
		}
		missing += a.missing
		for k := range a.energy {
			energy[k] = energy[k].Add(p.energyOf(a.energy[k], lut != nil && res == 60))
		}
		u.KVarh = u.KVarh.Add(p.energyOf(a.reactive, false))
		u.Demand = append(u.Demand, FeederDemand{Feeder: f, KW: p.demandOf(a.demand)})
	}
	for k, e := range energy {
		if lut != nil && (e.IsPositive() || k < 3) {
			u.ByPeriod = append(u.ByPeriod, PeriodKWh{Period: periodIndex[k], KWh: e})
		}
		u.KWh = u.KWh.Add(e)
	}
	if res >= 30 {
		u.Warnings = append(u.Warnings, Warning{Code: "no_15min_demand",
			ZH: fmt.Sprintf("%s 的负荷曲线为 %d 分钟数据：没有15分钟需量，取最大的时段平均值", m, res),
			EN: fmt.Sprintf("%s: %d-minute interval data: no 15-minute demand available; the largest interval average is used", m, res)})
	}
	if missing > 0 {
		u.Warnings = append(u.Warnings, Warning{Code: "interval_gaps",
			ZH: fmt.Sprintf("%s 的负荷曲线缺少 %d 个时段，已按用户要求照常结算", m, missing),
			EN: fmt.Sprintf("%s: the interval data miss %d intervals; billed as the user accepted gaps", m, missing)})
	}
	return u, nil
}

var sixty = decimal.NewFromInt(60)

// energyOf converts an int64 energy sum to kWh: millionths × multiplier; kW
// files ÷ 60 × resolution (one division, 24 decimal places, so at least 20
// significant digits for any kWh ≥ 0.0001); half readings (60-minute TOU
// splits) ÷ 2.
func (p *Profile) energyOf(sum int64, halves bool) decimal.Decimal {
	if sum == 0 {
		return decimal.Zero
	}
	v := p.scaled(sum)
	if halves {
		v = v.Mul(decimal.New(5, -1)) // exact: half of a whole number of millionths
	}
	if p.Power {
		v = v.Mul(decimal.NewFromInt(int64(p.Resolution))).DivRound(sixty, divPlaces)
	}
	return norm(v)
}

// demandOf converts the largest window sum to kW: kWh files × 60 ÷ 15
// (windows of 15 minutes) or ÷ the resolution (30, 60); kW files ÷ the
// readings in the window.
func (p *Profile) demandOf(sum int64) decimal.Decimal {
	v := p.scaled(sum)
	res := int64(p.Resolution)
	window := max(res, 15)
	if p.Power {
		if n := window / res; n > 1 {
			return norm(v.DivRound(decimal.NewFromInt(n), divPlaces))
		}
		return norm(v)
	}
	return norm(v.Mul(decimal.NewFromInt(60 / window))) // window is 15, 30 or 60 minutes: exact
}

// scaled converts a sum of millionths to the input's unit times the meter
// multiplier.
func (p *Profile) scaled(sum int64) decimal.Decimal {
	v := decimal.New(sum, -6)
	if p.Multiplier.Equal(one) {
		return v
	}
	return v.Mul(p.Multiplier)
}

var one = decimal.NewFromInt(1)
