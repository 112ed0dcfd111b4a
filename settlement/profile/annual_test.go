package profile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The benchmark's year, billed: the twelve totals are those of the plain path
// (commit 02458c0, before the one-pass aggregation), so the fast path changes
// no bill by a fen. August by hand: its largest reading is 3,200 + 24 + 599.99
// = 3,823.99 kWh in 15 minutes = 15,295.96 kW; kWh ÷ kVA = 8,832,388.87 ÷
// 16,000 ≥ 260, so the basic charge is 15,295.96 × 36.8 × 0.90 = 506,602.1952 → 506,602.20.
func TestAnnualTOUDemandBills(t *testing.T) {
	p, err := Read(bytes.NewReader(touDemandYear()), Profile{Name: "year.csv"})
	require.NoError(t, err)
	set := benchSet(t)
	c := settlement.Customer{ID: "x", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: settlement.PFStandard090,
		Units: []settlement.Unit{{ID: "T1", KVA: d("16000")}}}
	opt := settlement.Options{Method: tariff.MethodActualDemand, TOU: "bench-tou-ratios"}
	want := []string{"5360079.74", "5290642.88", "5484056.99", "5479677.09", "5822557.24", "5555073.03",
		"5091153.64", "5581977.25", "5443887.07", "5634697.50", "5584648.53", "5933172.44"}
	for i := range 12 {
		m := tariff.Month{Year: 2026, Month: time.August}.Add(i)
		periods, err := set.TOU(opt.TOU, m.First())
		require.NoError(t, err)
		u, err := p.MonthUsage(m, periods, false)
		require.NoError(t, err)
		b, err := settlement.PurchaseBill(set, c, u, opt, settlement.Purchase{Arrangement: settlement.ArrangementAgencyPurchase,
			AgencyPrice: decimal.NewNullDecimal(d(benchAgencyPrices[i])), SystemOperation: decimal.NewNullDecimal(d("0.0150"))})
		require.NoError(t, err)
		require.Equal(t, want[i], b.Total.StringFixed(2), "%s", m)
		if i == 0 {
			require.Equal(t, "8832388.87", u.KWh.String())
			require.Equal(t, "15295.96", u.MaxDemand().String())
			for _, l := range b.Lines {
				if l.Code == tariff.LineBasic {
					require.Equal(t, "506602.20", l.Amount.StringFixed(2))
				}
			}
		}
	}
}

// plainPeriod classifies minute-of-day mod in month m with Classify, which
// walks the table's seasons and intervals: no minute table.
func plainPeriod(t *tariff.TOU, m time.Month, mod int64) int {
	p, err := t.Classify(m, int(mod))
	if err != nil {
		panic(err)
	}
	return periodIndex(p)
}

// plainAgg is the plain path: each reading classified on its own (a 60-minute
// reading by each half), energy counted in half readings, demand by trying
// every window.
func plainAgg(s *series, from, to, res int64, periods *tariff.TOU, m time.Month) (halves [tariff.NumPeriods]int64, reactive, demand int64) {
	w := int(max(15/res, 1))
	var st, pv []int64
	for i, t := range s.start {
		if t >= from && t < to {
			st, pv = append(st, t), append(pv, s.p[i])
			reactive += s.q[i]
			if periods == nil {
				halves[untimed] += 2 * s.p[i]
				continue
			}
			mod := (t - from) % 1440
			if res == 60 {
				halves[plainPeriod(periods, m, mod)] += s.p[i]
				halves[plainPeriod(periods, m, mod+30)] += s.p[i]
			} else {
				halves[plainPeriod(periods, m, mod)] += 2 * s.p[i]
			}
		}
	}
	for i := 0; i+w <= len(st); i++ {
		if st[i+w-1] != st[i]+int64(w-1)*res {
			continue // a gap inside the window
		}
		var sum int64
		for _, v := range pv[i : i+w] {
			sum += v
		}
		demand = max(demand, sum)
	}
	return halves, reactive, demand
}

// randomTOU is a random TOU table, written as YAML and loaded: 2 to 9
// intervals cut at random half hours (so 60-minute readings are sometimes
// split), periods at random, sometimes one interval across midnight, and
// critical peak carved out of some peak intervals.
func randomTOU(t *testing.T, r *rand.Rand) *tariff.TOU {
	cuts := map[int]bool{0: true, 1440: true}
	for len(cuts) < 3+r.IntN(8) {
		cuts[30*(1+r.IntN(47))] = true
	}
	var bounds []int
	for c := range cuts {
		bounds = append(bounds, c)
	}
	slices.Sort(bounds)
	clock := func(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }
	names := []string{"peak", "flat", "valley"}
	var b strings.Builder
	b.WriteString(`id: random
kind: tou_periods
region: liaoning
issuer: dianfei test
document: random periods, not a published table
effective: {from: 2016-01-01}
scope: named
confidence: medium
seasons:
  - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    periods:
`)
	first, last := 1, len(bounds)-1
	if last-first >= 2 && r.IntN(2) == 0 { // the last and first intervals as one across midnight
		fmt.Fprintf(&b, "      - {period: %s, from: %q, to: %q}\n", names[r.IntN(3)], clock(bounds[last-1]), clock(bounds[first]))
		first, last = first+1, last-1
	}
	var critical []string
	for i := first; i <= last; i++ {
		from, to := bounds[i-1], bounds[i]
		name := names[r.IntN(3)]
		fmt.Fprintf(&b, "      - {period: %s, from: %q, to: %q}\n", name, clock(from), clock(to))
		if name == "peak" && r.IntN(2) == 0 {
			n := (to - from) / 30 // half hours in the interval
			lo := r.IntN(n)
			hi := lo + 1 + r.IntN(n-lo)
			critical = append(critical, fmt.Sprintf("      - {from: %q, to: %q}\n", clock(from+30*lo), clock(from+30*hi)))
		}
	}
	if critical != nil {
		b.WriteString("    critical:\n" + strings.Join(critical, ""))
	}
	tb, err := tariff.Load(strings.NewReader(b.String()), "random.yaml")
	require.NoError(t, err, b.String())
	tp, err := tb.TOUPeriods("random", tariff.NewDate(2016, 1, 1))
	require.NoError(t, err)
	return tp
}

// The one-pass path and the general path agree with the plain path, at every
// resolution, with and without TOU, on complete months and months with gaps
// (random profiles, random tables, the shipped 441 table).
func TestAggregateMatchesPlainPath(t *testing.T) {
	set := defaults(t)
	r := rand.New(rand.NewPCG(1, 23))
	jul := tariff.Month{Year: 2026, Month: 7}
	ln441, err := set.TOUPeriods("ln-tou-periods-2023", jul.First())
	require.NoError(t, err)
	from, to := minutesOf(jul.First()), minutesOf(jul.Next().First())
	for _, res := range []int{1, 5, 15, 30, 60} {
		trials := 12
		if res < 15 {
			trials = 6 // large months: keep the race run short
		}
		for trial := range trials {
			gaps := trial%3 == 2
			csv := profileCSV("timestamp,kwh,kvarh", jul.First().Time().AddDate(0, 0, -1), (33*1440)/res, res, func(time.Time) string {
				v := r.Int64N(5_000_000_000)
				return fmt.Sprintf("%d.%06d,%d", v/1_000_000, v%1_000_000, r.IntN(1000))
			})
			if gaps {
				lines := strings.Split(csv, "\n")
				for range 1 + r.IntN(20) {
					k := 1 + r.IntN(len(lines)-2)
					lines = append(lines[:k], lines[k+1:]...)
				}
				csv = strings.Join(lines, "\n")
			}
			p := read(t, csv)
			s := p.series["F1"]
			var periods *tariff.TOU
			switch trial % 4 {
			case 1:
				periods = ln441
			case 2, 3:
				periods = randomTOU(t, r)
			}
			var day *[1440]uint8
			if periods != nil {
				dd, err := periods.Day(jul.Month)
				require.NoError(t, err)
				day = &dd
			}
			wantH, wantQ, wantD := plainAgg(s, from, to, int64(res), periods, jul.Month)
			var a monthAgg
			p.aggregate(s, from, to, day, &a)
			var got [tariff.NumPeriods]int64
			for k := range got {
				got[k] = 2*a.energy[k] + a.halves[k]
			}
			msg := fmt.Sprintf("res %d trial %d", res, trial)
			require.Equal(t, wantH, got, msg)
			require.Equal(t, wantQ, a.reactive, msg)
			require.Equal(t, wantD, a.demand, msg)
			if gaps {
				require.Positive(t, a.missing, msg)
			}
			// The general path on the same month, whatever path aggregate took.
			var b monthAgg
			lo, hi := 0, len(s.start)
			for lo < hi && s.start[lo] < from {
				lo++
			}
			for hi > lo && s.start[hi-1] >= to {
				hi--
			}
			p.energyWithGaps(s.start[lo:hi], s.p[lo:hi], s.q[lo:hi], from, day, &b)
			for k := range got {
				got[k] = 2*b.energy[k] + b.halves[k]
			}
			require.Equal(t, wantH, got, msg)
			require.Equal(t, wantD, demandWithGaps(s.start[lo:hi], s.p[lo:hi], int64(res), int(max(15/res, 1))), msg)
		}
	}
}
