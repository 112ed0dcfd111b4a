package tariff

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
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
// None is shipped (domain §3.8); scenarios supply them.
type TOURatios struct {
	Header
	Periods  string // id of the TOUPeriods table the ratios go with
	Ratios   map[Period]decimal.Decimal
	Floating []string // line codes whose unit price is scaled by the ratio
}

// Floats reports whether lines with the given code float with TOU.
func (r *TOURatios) Floats(code string) bool {
	for _, f := range r.Floating {
		if f == code {
			return true
		}
	}
	return false
}
