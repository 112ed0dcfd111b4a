package tariff

import (
	"cmp"
	"fmt"
	"time"

	"github.com/dianfei/dianfei/internal/strictyaml"
)

// Date is a civil date in China Standard Time (no time zone arithmetic, no
// daylight saving). The zero value is not a valid date; use IsZero to test for
// "not given".
type Date struct {
	Year  int        // the year, e.g. 2016; 0 in the zero value ("not given")
	Month time.Month // the month, time.January … time.December
	Day   int        // the day of the month, 1 … 31
}

// NewDate returns the date y-m-d, normalising overflowing days and months as
// time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// StringZH formats d in Chinese: 2016年7月1日.
func (d Date) StringZH() string { return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day) }

// IsZero reports whether d is the zero Date (not given).
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of d, for arithmetic only.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// MonthOf returns the month that contains d.
func (d Date) MonthOf() Month { return Month{d.Year, d.Month} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	b := make([]byte, 0, 10)
	b = append4(b, d.Year)
	b = append(b, '-')
	b = append2(b, int(d.Month))
	b = append(b, '-')
	b = append2(b, d.Day)
	return string(b)
}

func append4(b []byte, n int) []byte {
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

// Month is a calendar month, the billing period of a large-industry customer.
type Month struct {
	Year  int        // the year, e.g. 2016; 0 in the zero value ("not given")
	Month time.Month // the month, time.January … time.December
}

// First returns the first day of m.
func (m Month) First() Date { return Date{m.Year, m.Month, 1} }

// Next returns the month after m.
func (m Month) Next() Month { return m.Add(1) }

// Add returns m plus n months.
func (m Month) Add(n int) Month {
	t := time.Date(m.Year, m.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// Days returns the number of days in m.
func (m Month) Days() int {
	switch m.Month {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y := m.Year; y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// Last returns the last day of m.
func (m Month) Last() Date { return m.Next().First().AddDays(-1) }

// Index returns a month number that increases by one each month (year×12 + month−1).
func (m Month) Index() int { return m.Year*12 + int(m.Month) - 1 }

// Compare returns -1, 0 or +1 as m is before, equal to or after n.
func (m Month) Compare(n Month) int { return cmp.Compare(m.Index(), n.Index()) }

// PeriodStart returns the first month of the period of n months (n ≥ 1) that
// holds m, in a run of months that starts at first: periods start in January
// when calendar (n divides 12: quarters start in Jan/Apr/Jul/Oct), else they
// are counted from first. A period cut by the start of the run begins at
// first. Rules.MethodChange and ContractChange give n and calendar.
func (m Month) PeriodStart(n int, calendar bool, first Month) Month {
	if n < 1 {
		n = 1
	}
	var off int
	if calendar {
		off = m.Index() % n
	} else {
		off = (m.Index() - first.Index()) % n
	}
	if off < 0 { // m before first
		off += n
	}
	s := m.Add(-off)
	if s.Compare(first) < 0 {
		return first
	}
	return s
}

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// StringZH formats m in Chinese: 2016年7月.
func (m Month) StringZH() string { return fmt.Sprintf("%d年%d月", m.Year, int(m.Month)) }

// String formats m as YYYY-MM.
func (m Month) String() string {
	if m.Year < 0 || m.Year > 9999 {
		return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
	}
	b := make([]byte, 0, 7)
	b = append4(b, m.Year)
	b = append(b, '-')
	b = append2(b, int(m.Month))
	return string(b)
}

// ParseDate parses a civil date YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("tariff: %q is not a date YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// ParseMonth parses a month YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("tariff: %q is not a month YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// readDate reads the civil date YYYY-MM-DD at key k of m.
func readDate(m *strictyaml.Map, k string, required bool) Date {
	n := m.Scalar(k, required)
	if n == nil {
		return Date{}
	}
	d, err := ParseDate(n.Value)
	if err != nil {
		m.Doc().Failf(n, m.Field(k), n.Value, "a date YYYY-MM-DD", "not a valid date")
	}
	return d
}
