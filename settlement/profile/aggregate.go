package profile

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// AggregateOptions say how MonthUsage treats imperfect data.
type AggregateOptions struct {
	// AcceptGaps accepts missing intervals; the usage then carries a warning
	// counting them. By default a month with gaps is an error.
	AcceptGaps bool
}

var periodIndex = []tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical}

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
// MonthUsage returns a *Error if the month has no readings, or has
// gaps and opt.AcceptGaps is false (listing the first gaps).
func (p *Profile) MonthUsage(m tariff.Month, periods *tariff.TOUPeriods, opt AggregateOptions) (settlement.Usage, error) {
	from, to := minutesOf(m.First()), minutesOf(m.Next().First())
	var lut *[1440]uint8
	if periods != nil {
		var err error
		if lut, err = periodLUT(periods, m.Month); err != nil {
			return settlement.Usage{}, err
		}
	}
	u := settlement.Usage{Month: m, KWh: decimal.Zero, KVarh: decimal.Zero}
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
			return settlement.Usage{}, &Error{File: p.Name, Reason: fmt.Sprintf("%s: feeder %s has no readings", m, f)}
		}
		if a.missing > 0 && !opt.AcceptGaps {
			return settlement.Usage{}, &Error{File: p.Name, Reason: fmt.Sprintf("%s: feeder %s misses %d intervals (first gaps: %s); accept gaps explicitly to bill the month with a warning", m, f, a.missing, strings.Join(a.gaps, ", "))}
		}
		missing += a.missing
		for k := range a.energy {
			energy[k] = energy[k].Add(p.energyOf(a.energy[k], lut != nil && res == 60))
		}
		u.KVarh = u.KVarh.Add(p.energyOf(a.reactive, false))
		u.Demand = append(u.Demand, settlement.FeederDemand{Feeder: f, KW: p.demandOf(a.demand)})
	}
	for k, e := range energy {
		if lut != nil && (e.IsPositive() || k < 3) {
			u.ByPeriod = append(u.ByPeriod, settlement.PeriodKWh{Period: periodIndex[k], KWh: e})
		}
		u.KWh = u.KWh.Add(e)
	}
	if res >= 30 {
		u.Warnings = append(u.Warnings, settlement.Warning{Code: settlement.WarningNo15MinDemand, Subject: m.String() + " " + p.Name,
			ZH: fmt.Sprintf("%s 的负荷曲线为 %d 分钟数据：没有15分钟需量，取最大的时段平均值", m, res),
			EN: fmt.Sprintf("%s: %d-minute interval data: no 15-minute demand available; the largest interval average is used", m, res)})
	}
	if missing > 0 {
		u.Warnings = append(u.Warnings, settlement.Warning{Code: settlement.WarningIntervalGaps, Subject: m.String() + " " + p.Name,
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
		v = v.Mul(decimal.NewFromInt(int64(p.Resolution))).DivRound(sixty, exact.DivPlaces)
	}
	return exact.Norm(v)
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
			return exact.Norm(v.DivRound(decimal.NewFromInt(n), exact.DivPlaces))
		}
		return exact.Norm(v)
	}
	return exact.Norm(v.Mul(decimal.NewFromInt(60 / window))) // window is 15, 30 or 60 minutes: exact
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

// one is 1.
var one = decimal.NewFromInt(1)
