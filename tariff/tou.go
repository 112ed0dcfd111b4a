package tariff

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// NumPeriods is the number of TOU periods: the length of an array indexed by
// the elements of the minute table TOU.Day hands out.
const NumPeriods = 4

// PeriodOfIndex returns the period whose index in the minute table TOU.Day
// hands out is i (0 peak, 1 flat, 2 valley, 3 critical), or "" if i is not
// below NumPeriods.
func PeriodOfIndex(i int) Period {
	if i < 0 || i >= len(periods.values) {
		return ""
	}
	return periods.values[i]
}

// TOU is time-of-use pricing as a Set resolves it (README §3.8): the TOU
// period of every minute of the day, month by month, from a periods table
// (峰谷时段), and, from Set.TOU, the ratio of each period's price to the flat
// price and the line kinds whose price floats, from the ratios table
// (峰谷浮动比例) that names the periods table. Set.TOUPeriods gives the
// periods alone, for splitting interval data: then no period has a ratio and
// no line floats. A TOU is read through methods and safe for concurrent use.
type TOU struct {
	ratios  *touRatios // nil from Set.TOUPeriods
	periods *touPeriods
}

// Head returns the header of the ratios table, or of the periods table when
// the TOU has no ratios (Set.TOUPeriods).
func (t *TOU) Head() Header {
	if t.ratios != nil {
		return t.ratios.h
	}
	return t.PeriodsHead()
}

// PeriodsHead returns the header of the periods table.
func (t *TOU) PeriodsHead() Header {
	if t.periods == nil {
		return Header{}
	}
	return t.periods.h
}

// Floats reports whether lines with the given code float with TOU.
func (t *TOU) Floats(code LineCode) bool {
	return t.ratios != nil && slices.Contains(t.ratios.floating, code)
}

// Ratio returns the ratio of period p's price to the flat price, and whether
// the ratios table prices p.
func (t *TOU) Ratio(p Period) (decimal.Decimal, bool) {
	if t.ratios == nil {
		return decimal.Zero, false
	}
	if i := slices.Index(t.ratios.periodsPriced, p); i >= 0 {
		return t.ratios.ratios[i], true
	}
	return decimal.Zero, false
}

// Priced returns the periods the ratios table prices, in the order peak,
// flat, valley, critical; nil without ratios. The slice is the caller's own.
func (t *TOU) Priced() []Period {
	if t.ratios == nil {
		return nil
	}
	return slices.Clone(t.ratios.periodsPriced)
}

// Day returns the period of every minute of the day in month m, built when
// the periods table was loaded: element i is the index (PeriodOfIndex) of
// the period of the minute that starts i minutes after midnight. The array
// is the caller's own copy. Day returns an error if m is not a month or t
// did not come from a Set.
func (t *TOU) Day(m time.Month) ([1440]uint8, error) {
	p := t.periods
	if p == nil || p.days == nil {
		return [1440]uint8{}, errNotFromSet
	}
	if m < time.January || m > time.December {
		return [1440]uint8{}, fmt.Errorf("tariff: %s: no periods for month %d", p.h.ID, m)
	}
	return p.days[m-1], nil
}

// PeriodsIn returns the periods that some minute of a day in month m falls
// in, in the order peak, flat, valley, critical: the periods a month's kWh
// may be split into (no critical peak in a month without critical-peak
// hours). It returns nil if m is not a month or t did not come from a Set.
// The slice is the caller's own.
func (t *TOU) PeriodsIn(m time.Month) []Period {
	var out []Period
	for i, p := range periods.values {
		if t.hasIndex(m, i) {
			out = append(out, p)
		}
	}
	return out
}

// HasPeriod reports whether some minute of a day in month m falls in period
// p (PeriodsIn without the slice); false if m is not a month or t did not
// come from a Set.
func (t *TOU) HasPeriod(m time.Month, p Period) bool {
	return t.hasIndex(m, slices.Index(periods.values, p))
}

func (t *TOU) hasIndex(m time.Month, i int) bool {
	if t.periods == nil || t.periods.days == nil || m < time.January || m > time.December || i < 0 {
		return false
	}
	return t.periods.has[m-1]&(1<<i) != 0
}

// Classify returns the period of the minute minute (minutes after midnight,
// 0 … 1439) in month m, walking the periods table's seasons and intervals
// (Day hands out the whole day at once).
func (t *TOU) Classify(m time.Month, minute int) (Period, error) {
	p := t.periods
	if p == nil {
		return "", errNotFromSet
	}
	for _, s := range p.seasons {
		for _, mm := range s.months {
			if mm != m {
				continue
			}
			for _, iv := range s.intervals {
				if minute >= iv.from && minute < iv.to {
					return iv.period, nil
				}
			}
		}
	}
	return "", fmt.Errorf("tariff: %s: no period for month %d minute %d", p.h.ID, m, minute)
}

// errNotFromSet is the error of a TOU that no Set made (the zero TOU).
var errNotFromSet = errors.New("tariff: a TOU not from a Set (Set.TOU and Set.TOUPeriods make them)")

// touPeriods is a time-of-use period table (峰谷时段): for each set of months,
// disjoint intervals covering 24 hours, with critical-peak hours carved out of
// peak hours in the months that have them. The loader builds the period of
// every minute of the day for each month once, which TOU.Day hands out.
type touPeriods struct {
	h       Header
	seasons []touSeason
	// days[m-1] is the period index of every minute of the day in month m;
	// built by the loader, never changed after.
	days *[12][1440]uint8
	// has[m-1] has bit i set when period index i occurs in month m; built
	// with days.
	has [12]uint8
}

// buildDays fills t.days and t.has from the seasons the loader checked (every month in
// one season, each season's intervals sorted, disjoint and covering the day).
func (t *touPeriods) buildDays() {
	var days [12][1440]uint8
	for _, s := range t.seasons {
		var day [1440]uint8
		for _, iv := range s.intervals {
			k := uint8(slices.Index(periods.values, iv.period))
			for mod := iv.from; mod < iv.to; mod++ {
				day[mod] = k
			}
		}
		var has uint8
		for _, k := range day {
			has |= 1 << k
		}
		for _, m := range s.months {
			days[m-1] = day
			t.has[m-1] = has
		}
	}
	t.days = &days
}

// Head returns the table's header.
func (t *touPeriods) Head() Header { return t.h }

// touSeason is the day's periods for a set of months.
type touSeason struct {
	months    []time.Month
	intervals []touInterval // after carving: disjoint, sorted, covering the day
}

// touInterval is [from, to) in minutes after midnight with its period.
type touInterval struct {
	from, to int
	period   Period
}

// touRatios is a time-of-use ratios table (峰谷浮动比例): the ratio of each
// period's price to the flat price, and the line kinds whose price floats.
// None is shipped (README §3.8); scenarios supply them.
type touRatios struct {
	h             Header
	periods       string            // id of the periods table the ratios go with
	periodsPriced []Period          // the periods with a ratio, in period order
	ratios        []decimal.Decimal // ratios[i] is the ratio of periodsPriced[i]
	floating      []LineCode        // line codes whose unit price is scaled by the ratio
}

// Head returns the table's header.
func (r *touRatios) Head() Header { return r.h }

func parseClock(m *strictyaml.Map, key string) int {
	s := m.Str(key, true)
	if m.Failed() {
		return 0
	}
	var hh, mm int
	if n, err := fmt.Sscanf(s, "%d:%d", &hh, &mm); n != 2 || err != nil || len(s) != 5 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		m.Fail(key, s, "HH:MM from 00:00 to 24:00", "not a time of day")
		return 0
	}
	return hh*60 + mm
}

func parseMonths(m *strictyaml.Map, key string) []time.Month {
	var out []time.Month
	for i, n := range m.List(key, true) {
		x, ok := strictyaml.ParseWhole(n.Value)
		if !ok || n.Kind != yaml.ScalarNode || x < 1 || x > 12 {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field(key), i), n.Value, "1 to 12", "not a month number")
			return out
		}
		out = append(out, time.Month(x))
	}
	return out
}

func parseTOUPeriods(m *strictyaml.Map, h Header) *touPeriods {
	t := &touPeriods{h: h}
	covered := map[time.Month]bool{}
	for i, n := range m.List("seasons", true) {
		s := m.Item("seasons", i, n)
		if s == nil {
			return t
		}
		var se touSeason
		se.months = parseMonths(s, "months")
		for _, mo := range se.months {
			if covered[mo] && !m.Failed() {
				s.Fail("months", fmt.Sprint(int(mo)), "", "month %d is in two seasons", mo)
			}
			covered[mo] = true
		}
		var ivs []touInterval
		for j, pn := range s.List("periods", true) {
			p := s.Item("periods", j, pn)
			if p == nil {
				return t
			}
			iv := touInterval{period: Period(p.Enum("period", true, string(PeriodPeak), string(PeriodFlat), string(PeriodValley)))}
			iv.from = parseClock(p, "from")
			iv.to = parseClock(p, "to")
			p.Done()
			if m.Failed() {
				return t
			}
			if iv.to == iv.from {
				p.Fail("to", "", "", "empty interval")
				return t
			}
			if iv.to < iv.from { // across midnight
				ivs = append(ivs, touInterval{iv.from, 1440, iv.period}, touInterval{0, iv.to, iv.period})
			} else {
				ivs = append(ivs, iv)
			}
		}
		slices.SortFunc(ivs, func(a, b touInterval) int { return cmp.Compare(a.from, b.from) })
		end := 0
		for _, iv := range ivs {
			if iv.from < end {
				s.Fail("periods", "", "", "periods overlap at %02d:%02d", iv.from/60, iv.from%60)
				return t
			}
			if iv.from > end {
				s.Fail("periods", "", "", "periods leave %02d:%02d–%02d:%02d uncovered", end/60, end%60, iv.from/60, iv.from%60)
				return t
			}
			end = iv.to
		}
		if end != 1440 && !m.Failed() {
			s.Fail("periods", "", "", "periods leave %02d:%02d–24:00 uncovered", end/60, end%60)
			return t
		}
		// Critical peak is carved out of peak hours (辽发改价格〔2023〕441号).
		for j, cn := range s.List("critical", false) {
			c := s.Item("critical", j, cn)
			if c == nil {
				return t
			}
			from, to := parseClock(c, "from"), parseClock(c, "to")
			c.Done()
			if m.Failed() {
				return t
			}
			inside := false
			for _, iv := range ivs {
				inside = inside || iv.period == PeriodPeak && from >= iv.from && to <= iv.to && from < to
			}
			if !inside {
				c.Fail("from", "", "", "critical peak must lie inside a peak interval")
				return t
			}
			ivs = carve(ivs, from, to)
		}
		s.Done()
		se.intervals = ivs
		t.seasons = append(t.seasons, se)
	}
	if !m.Failed() && len(covered) != 12 {
		for mo := time.January; mo <= time.December; mo++ {
			if !covered[mo] {
				m.Fail("seasons", "", "", "month %d has no season", mo)
				break
			}
		}
	}
	if !m.Failed() {
		t.buildDays()
	}
	return t
}

func carve(ivs []touInterval, from, to int) []touInterval {
	var out []touInterval
	for _, iv := range ivs {
		if iv.period != PeriodPeak || from < iv.from || to > iv.to {
			out = append(out, iv)
			continue
		}
		if iv.from < from {
			out = append(out, touInterval{iv.from, from, PeriodPeak})
		}
		out = append(out, touInterval{from, to, PeriodCritical})
		if to < iv.to {
			out = append(out, touInterval{to, iv.to, PeriodPeak})
		}
	}
	return out
}

// parseTOURatios reads a TOU ratios table after its header.
func parseTOURatios(m *strictyaml.Map, h Header) *touRatios {
	t := &touRatios{h: h}
	t.periods = m.Str("periods", true)
	if r := m.Sub("ratios", true); r != nil {
		for _, p := range periods.values {
			if v, ok := r.Decimal(string(p), p != PeriodCritical, strictyaml.Positive); ok {
				t.periodsPriced = append(t.periodsPriced, p)
				t.ratios = append(t.ratios, v)
			}
		}
		r.Done()
	}
	t.floating = readLineCodes(m, "floating", floatingLines, "this line kind never floats")
	return t
}

// TOU returns the TOU pricing of the ratios table named id in force on d,
// with its periods table, which must be in force on d too; a *Error when
// either is missing or not in force.
func (s *Set) TOU(id string, d Date) (*TOU, error) {
	t, err := s.named(KindTOURatios, id, d)
	if err != nil {
		return nil, err
	}
	if _, err := s.named(KindTOUPeriods, t.(*touRatios).periods, d); err != nil {
		return nil, err
	}
	return s.tou[id], nil
}

// TOUPeriods returns the TOU periods table named id in force on d, without
// ratios, for splitting interval data by period; a *Error when there is
// none.
func (s *Set) TOUPeriods(id string, d Date) (*TOU, error) {
	if _, err := s.named(KindTOUPeriods, id, d); err != nil {
		return nil, err
	}
	return s.tou[id], nil
}

// touOf builds the TOU of every periods table of s and of every ratios table
// whose periods table s holds, keyed by the table's id.
func (s *Set) touOf() map[string]*TOU {
	out := map[string]*TOU{}
	for _, t := range s.tables {
		switch x := t.(type) {
		case *touPeriods:
			out[x.h.ID] = &TOU{periods: x}
		case *touRatios:
			if p, ok := s.byID[x.periods].(*touPeriods); ok {
				out[x.h.ID] = &TOU{ratios: x, periods: p}
			}
		}
	}
	return out
}
