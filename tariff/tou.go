package tariff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Period is a time-of-use period.
type Period string

// The TOU periods.
const (
	Peak     Period = "peak"     // 峰
	Flat     Period = "flat"     // 平
	Valley   Period = "valley"   // 谷
	Critical Period = "critical" // 尖峰
)

// TOUPeriods is a time-of-use period table (峰谷时段): for each set of months,
// disjoint intervals covering 24 hours, with critical-peak hours carved out of
// peak hours in the months that have them.
type TOUPeriods struct {
	Header
	Seasons []TOUSeason
}

// TOUSeason is the day's periods for a set of months.
type TOUSeason struct {
	Months    []time.Month
	Intervals []TOUInterval // after carving: disjoint, sorted, covering the day
}

// TOUInterval is [From, To) in minutes after midnight with its period.
type TOUInterval struct {
	From, To int
	Period   Period
}

// Classify returns the period of the minute-of-day mod in month m.
func (t *TOUPeriods) Classify(m time.Month, mod int) (Period, error) {
	for _, s := range t.Seasons {
		for _, mm := range s.Months {
			if mm != m {
				continue
			}
			for _, iv := range s.Intervals {
				if mod >= iv.From && mod < iv.To {
					return iv.Period, nil
				}
			}
		}
	}
	return "", fmt.Errorf("tariff: %s: no period for month %d minute %d", t.ID, m, mod)
}

// TOURatios is a time-of-use ratios table (峰谷浮动比例): the ratio of each
// period's price to the flat price, and the line kinds whose price floats.
// None is shipped (README §3.8); scenarios supply them.
type TOURatios struct {
	Header
	Periods  string // id of the TOUPeriods table the ratios go with
	Ratios   map[Period]decimal.Decimal
	Floating []string // line codes whose unit price is scaled by the ratio
}

// Floats reports whether lines with the given code float with TOU.
func (r *TOURatios) Floats(code string) bool {
	return slices.Contains(r.Floating, code)
}

var periodNames = []string{string(Peak), string(Flat), string(Valley), string(Critical)}

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

func parseTOUPeriods(m *strictyaml.Map, h Header) *TOUPeriods {
	t := &TOUPeriods{Header: h}
	covered := map[time.Month]bool{}
	for i, n := range m.List("seasons", true) {
		s := m.Item("seasons", i, n)
		if s == nil {
			return t
		}
		var se TOUSeason
		se.Months = parseMonths(s, "months")
		for _, mo := range se.Months {
			if covered[mo] && !m.Failed() {
				s.Fail("months", fmt.Sprint(int(mo)), "", "month %d is in two seasons", mo)
			}
			covered[mo] = true
		}
		var ivs []TOUInterval
		for j, pn := range s.List("periods", true) {
			p := s.Item("periods", j, pn)
			if p == nil {
				return t
			}
			iv := TOUInterval{Period: Period(p.Enum("period", true, string(Peak), string(Flat), string(Valley)))}
			iv.From = parseClock(p, "from")
			iv.To = parseClock(p, "to")
			p.Done()
			if m.Failed() {
				return t
			}
			if iv.To == iv.From {
				p.Fail("to", "", "", "empty interval")
				return t
			}
			if iv.To < iv.From { // across midnight
				ivs = append(ivs, TOUInterval{iv.From, 1440, iv.Period}, TOUInterval{0, iv.To, iv.Period})
			} else {
				ivs = append(ivs, iv)
			}
		}
		slices.SortFunc(ivs, func(a, b TOUInterval) int { return cmp.Compare(a.From, b.From) })
		end := 0
		for _, iv := range ivs {
			if iv.From < end {
				s.Fail("periods", "", "", "periods overlap at %02d:%02d", iv.From/60, iv.From%60)
				return t
			}
			if iv.From > end {
				s.Fail("periods", "", "", "periods leave %02d:%02d–%02d:%02d uncovered", end/60, end%60, iv.From/60, iv.From%60)
				return t
			}
			end = iv.To
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
				inside = inside || iv.Period == Peak && from >= iv.From && to <= iv.To && from < to
			}
			if !inside {
				c.Fail("from", "", "", "critical peak must lie inside a peak interval")
				return t
			}
			ivs = carve(ivs, from, to)
		}
		s.Done()
		se.Intervals = ivs
		t.Seasons = append(t.Seasons, se)
	}
	if !m.Failed() && len(covered) != 12 {
		for mo := time.January; mo <= time.December; mo++ {
			if !covered[mo] {
				m.Fail("seasons", "", "", "month %d has no season", mo)
				break
			}
		}
	}
	return t
}

func carve(ivs []TOUInterval, from, to int) []TOUInterval {
	var out []TOUInterval
	for _, iv := range ivs {
		if iv.Period != Peak || from < iv.From || to > iv.To {
			out = append(out, iv)
			continue
		}
		if iv.From < from {
			out = append(out, TOUInterval{iv.From, from, Peak})
		}
		out = append(out, TOUInterval{from, to, Critical})
		if to < iv.To {
			out = append(out, TOUInterval{to, iv.To, Peak})
		}
	}
	return out
}

// floatingCodes are the line kinds whose price may float with TOU.
var floatingCodes = []string{"energy", "traded_energy", "outside_energy", "purchase_energy"}

// parseTOURatios reads a TOU ratios table after its header.
func parseTOURatios(m *strictyaml.Map, h Header) *TOURatios {
	t := &TOURatios{Header: h, Ratios: map[Period]decimal.Decimal{}}
	t.Periods = m.Str("periods", true)
	if r := m.Sub("ratios", true); r != nil {
		for _, p := range periodNames {
			if v, ok := r.Decimal(p, p != string(Critical), strictyaml.Positive); ok {
				t.Ratios[Period(p)] = v
			}
		}
		r.Done()
	}
	for i, n := range m.List("floating", true) {
		if !slices.Contains(floatingCodes, n.Value) {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("floating"), i), n.Value, strings.Join(floatingCodes, ", "), "this line kind never floats")
			break
		}
		t.Floating = append(t.Floating, n.Value)
	}
	return t
}

// TOU returns the TOU ratios table named id in force on d and its periods table.
func (s *Set) TOU(id string, d Date) (*TOURatios, *TOUPeriods, error) {
	t, err := s.Named(KindTOURatios, id, d)
	if err != nil {
		return nil, nil, err
	}
	r := t.(*TOURatios)
	p, err := s.Named(KindTOUPeriods, r.Periods, d)
	if err != nil {
		return nil, nil, err
	}
	return r, p.(*TOUPeriods), nil
}
