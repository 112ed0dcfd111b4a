package profile

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// monthAgg is one feeder's month in int64. No sum here can overflow: the
// readings are not negative and Read refused a feeder whose readings sum past
// math.MaxInt64, so every sum of some of them fits.
type monthAgg struct {
	energy   [tariff.NumPeriods]int64 // whole readings by period, millionths
	halves   [tariff.NumPeriods]int64 // half readings by period (60-minute readings split at the half hour)
	reactive int64
	demand   int64 // the largest window sum, millionths
	missing  int64 // intervals missing
	gaps     []string
}

// untimed is where energy goes without TOU: any index serves, as only the
// total is read then.
const untimed = 0

// aggregate sums one feeder's readings of [from, to) minutes (from is a
// midnight). day classifies the minutes of the day (nil: no TOU). It
// allocates nothing unless there are gaps.
func (p *Profile) aggregate(s *series, from, to int64, day *[1440]uint8, a *monthAgg) {
	res := int64(p.Resolution)
	lo := searchStart(s.start, from, res)
	hi := searchStart(s.start, to, res)
	st, pv, qv := s.start[lo:hi], s.p[lo:hi], s.q[lo:hi]
	w := int(max(15/res, 1)) // readings in a demand window
	// Readings are sorted, unique and on the grid: complete iff the count is right.
	if int64(len(st)) == (to-from)/res && len(st) >= w {
		onePass(pv, qv, day, p.Resolution, w, a)
		return
	}
	if end := p.energyWithGaps(st, pv, qv, from, day, a); end < to {
		a.gap(end, to, res)
	}
	a.demand = demandWithGaps(st, pv, res, w)
}

// searchStart returns the index of the first of the sorted starts at or after
// minute x, as sort.Search does: first at the index x would have if the
// readings had no gaps before it (one look for a complete series, no binary
// search), then by binary search when that index is not the answer.
func searchStart(start []int64, x, res int64) int {
	n := len(start)
	if n == 0 || start[0] >= x {
		return 0
	}
	if res > 0 {
		if g := (x - start[0] + res - 1) / res; g <= int64(n) {
			i := int(g)
			if (i == n || start[i] >= x) && start[i-1] < x {
				return i
			}
		}
	}
	return sort.Search(n, func(i int) bool { return start[i] >= x })
}

// onePass aggregates a complete month (whole days of readings at resolution
// res, from midnight) in one pass over the readings: each reading is added to
// its slot of the day (the k-th reading of a day to slot k: no modulo, no
// lookup), kvarh summed and the largest sum of w consecutive readings kept.
// The slots' sums then go to their periods, as the day classifies each
// slot's start (a 60-minute slot whose halves lie in two periods, half to
// each); day nil means no TOU.
func onePass(pv, qv []int64, day *[1440]uint8, res, w int, a *monthAgg) {
	if day == nil && w == 1 { // no TOU: no slots either
		a.energy[untimed], a.reactive, a.demand = sumMax(pv, qv)
		return
	}
	var acc [1440]int64
	n := 1440 / res
	slots := acc[:n]
	qv = qv[:len(pv)]
	var q, best int64
	if w == 1 {
		for base := 0; base+n <= len(pv); base += n {
			q, best = addDay(slots, pv[base:base+n], qv[base:base+n], q, best)
		}
	} else {
		var win int64
		for base := 0; base+n <= len(pv); base += n {
			q, best, win = addDayWindow(slots, pv, qv, base, w, q, best, win)
		}
	}
	for k, v := range slots {
		if day == nil {
			a.energy[untimed] += v
			continue
		}
		c, c2 := day[k*res], day[min(k*res+30, 1439)]
		if res == 60 && c2 != c {
			a.halves[c&(tariff.NumPeriods-1)] += v
			a.halves[c2&(tariff.NumPeriods-1)] += v
			continue
		}
		a.energy[c&(tariff.NumPeriods-1)] += v
	}
	a.reactive, a.demand = q, best
}

// sumMax returns the sums of pv and qv and the largest reading of pv.
func sumMax(pv, qv []int64) (sum, q, best int64) {
	qv = qv[:len(pv)]
	for i, v := range pv {
		sum += v
		q += qv[i]
		best = max(best, v)
	}
	return sum, q, best
}

// addDay adds a day of readings to their slots, kvarh to q, and keeps the
// largest reading in best.
func addDay(slots, row, qrow []int64, q, best int64) (int64, int64) {
	row, qrow = row[:len(slots)], qrow[:len(slots)]
	for k, v := range row {
		slots[k] += v
		q += qrow[k]
		best = max(best, v)
	}
	return q, best
}

// addDayWindow is addDay for demand windows of w > 1 readings: the day starts
// at pv[base]; win is the sum of the readings of the window being slid, and
// best the largest full window so far.
func addDayWindow(slots, pv, qv []int64, base, w int, q, best, win int64) (int64, int64, int64) {
	for k := range slots {
		i := base + k
		v := pv[i]
		slots[k] += v
		q += qv[i]
		win += v
		if first := i - w + 1; first >= 0 {
			best = max(best, win)
			win -= pv[first]
		}
	}
	return q, best, win
}

// energyWithGaps sums kWh by period and kvarh over readings that may have
// gaps, recording the gaps; each reading is classified by its start (a
// 60-minute reading whose halves lie in two periods counts half in each). It
// returns the end of the last reading (from if there is none).
func (p *Profile) energyWithGaps(st, pv, qv []int64, from int64, day *[1440]uint8, a *monthAgg) int64 {
	res := int64(p.Resolution)
	pv, qv = pv[:len(st)], qv[:len(st)]
	expect, midnight := from, from
	for i, t := range st {
		if t != expect {
			a.gap(expect, t, res)
		}
		expect = t + res
		a.reactive += qv[i]
		if day == nil {
			a.energy[untimed] += pv[i]
			continue
		}
		for t >= midnight+1440 {
			midnight += 1440
		}
		c := day[t-midnight]
		if res == 60 && day[t-midnight+30] != c {
			a.halves[c&(tariff.NumPeriods-1)] += pv[i]
			a.halves[day[t-midnight+30]&(tariff.NumPeriods-1)] += pv[i]
			continue
		}
		a.energy[c&(tariff.NumPeriods-1)] += pv[i]
	}
	return expect
}

// demandWithGaps is the largest sum of w consecutive readings with no gap
// between them.
func demandWithGaps(st, pv []int64, res int64, w int) int64 {
	var best int64
	if w == 1 {
		for _, v := range pv {
			best = max(best, v)
		}
		return best
	}
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
	return best
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
	t := time.Date(1970, 1, 1+int(d), 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("%s %02d:%02d", t.Format("2006-01-02"), m/60, m%60)
}

// MonthUsage turns month m of the profile into the month's usage: kWh (by TOU
// period when periods is not nil: peak, flat and valley as the month has
// them, zero or not, and critical peak when it has kWh), kvarh and, per
// feeder, the maximum 15-minute average demand, feeders summed by the bill. Readings are
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
// acceptGaps accepts missing intervals: the usage then carries a warning
// counting them. MonthUsage returns a *settlement.Error (File, Month, Field
// "feeder" and the feeder as Value) if a feeder has no readings in the month,
// or has gaps and acceptGaps is false (listing the first gaps).
func (p *Profile) MonthUsage(m tariff.Month, periods *tariff.TOU, acceptGaps bool) (settlement.Usage, error) {
	from, to := minutesOf(m.First()), minutesOf(m.Next().First())
	var day *[1440]uint8
	if periods != nil {
		d, err := periods.Day(m.Month)
		if err != nil {
			return settlement.Usage{}, err
		}
		day = &d
	}
	var energy [tariff.NumPeriods]decimal.Decimal
	u := settlement.Usage{Month: m, KWh: decimal.Zero, KVarh: decimal.Zero, Demand: make(map[string]decimal.Decimal, len(p.Feeders))}
	var missing int64
	for _, f := range p.Feeders {
		var a monthAgg
		p.aggregate(p.series[f], from, to, day, &a)
		if err := p.checkGaps(m, f, &a, to-from, acceptGaps); err != nil {
			return settlement.Usage{}, err
		}
		missing += a.missing
		for k := range energy {
			energy[k] = p.addEnergy(energy[k], a.energy[k], a.halves[k])
		}
		u.KVarh = addDec(u.KVarh, p.energyOf(a.reactive, false))
		u.Demand[f] = p.demandOf(a.demand)
	}
	if day != nil {
		u.ByPeriod = make(map[tariff.Period]decimal.Decimal, tariff.NumPeriods)
	}
	for k, e := range energy {
		if day != nil && (e.IsPositive() || k < 3 && periods.HasPeriod(m.Month, tariff.PeriodOfIndex(k))) {
			u.ByPeriod[tariff.PeriodOfIndex(k)] = e
		}
		u.KWh = addDec(u.KWh, e)
	}
	u.Warnings = p.warnings(m, missing)
	return u, nil
}

// checkGaps refuses a feeder's month with no readings, or with gaps unless
// they are accepted. minutes is the month's length.
func (p *Profile) checkGaps(m tariff.Month, f string, a *monthAgg, minutes int64, acceptGaps bool) error {
	if a.missing == minutes/int64(p.Resolution) {
		return &settlement.Error{File: p.Name, Month: m.String(), Field: "feeder", Value: f, Reason: "no readings"}
	}
	if a.missing > 0 && !acceptGaps {
		return &settlement.Error{File: p.Name, Month: m.String(), Field: "feeder", Value: f, Reason: fmt.Sprintf("misses %d intervals (first gaps: %s); accept gaps explicitly to bill the month with a warning", a.missing, strings.Join(a.gaps, ", "))}
	}
	return nil
}

// addDec returns a.Add(b), equal in value and exponent, without a new
// decimal when one of them is a zero of exponent 0 and the other a non-zero
// decimal of exponent ≤ 0: the sum is then the other, as Add makes it.
func addDec(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() && b.Exponent() == 0 && !a.IsZero() && a.Exponent() <= 0 {
		return a
	}
	if a.IsZero() && a.Exponent() == 0 && !b.IsZero() && b.Exponent() <= 0 {
		return b
	}
	return a.Add(b)
}

// addEnergy adds a period's whole and half readings, as kWh, to sum.
func (p *Profile) addEnergy(sum decimal.Decimal, whole, halves int64) decimal.Decimal {
	if whole != 0 {
		sum = addDec(sum, p.energyOf(whole, false))
	}
	if halves != 0 {
		sum = addDec(sum, p.energyOf(halves, true))
	}
	return sum
}

// warnings are the month's data-quality warnings: no 15-minute demand at
// 30- and 60-minute resolution; gaps accepted.
func (p *Profile) warnings(m tariff.Month, missing int64) []settlement.Warning {
	var ws []settlement.Warning
	if res := p.Resolution; res >= 30 {
		ws = append(ws, settlement.Warning{Code: settlement.WarningNo15MinDemand, Subject: m.String() + " " + p.Name,
			ZH: fmt.Sprintf("%s 的负荷曲线为 %d 分钟数据：没有15分钟需量，取最大的时段平均值", m, res),
			EN: fmt.Sprintf("%s: %d-minute interval data: no 15-minute demand available; the largest interval average is used", m, res)})
	}
	if missing > 0 {
		ws = append(ws, settlement.Warning{Code: settlement.WarningIntervalGaps, Subject: m.String() + " " + p.Name,
			ZH: fmt.Sprintf("%s 的负荷曲线缺少 %d 个时段，已按用户要求照常结算", m, missing),
			EN: fmt.Sprintf("%s: the interval data miss %d intervals; billed as the user accepted gaps", m, missing)})
	}
	return ws
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
	if !p.Power && p.Multiplier.Equal(one) {
		// kWh at multiplier 1: sum millionths (halves: sum × 5 ten-millionths)
		// without trailing zeros, as the decimal expression below makes it.
		if !halves {
			return normInt(sum, -6)
		}
		if sum < math.MaxInt64/5 && sum > math.MinInt64/5 {
			return normInt(sum*5, -7)
		}
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

// normInt returns exact.Norm(decimal.New(c, e)) for c ≠ 0 and e < 0: the
// coefficient without trailing zeros, one decimal made.
func normInt(c int64, e int32) decimal.Decimal {
	for c%10 == 0 && e < 0 {
		c /= 10
		e++
	}
	return decimal.New(c, e)
}

// demandOf converts the largest window sum to kW: kWh files × 60 ÷ 15
// (windows of 15 minutes) or ÷ the resolution (30, 60); kW files ÷ the
// readings in the window.
func (p *Profile) demandOf(sum int64) decimal.Decimal {
	res := int64(p.Resolution)
	window := max(res, 15)
	if !p.Power && sum != 0 && p.Multiplier.Equal(one) {
		// kWh at multiplier 1: sum millionths × 60 ÷ window, in int64.
		if k := 60 / window; sum < math.MaxInt64/k && sum > math.MinInt64/k {
			return normInt(sum*k, -6)
		}
	}
	v := p.scaled(sum)
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
