package profile

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

func yearCSV(res int, year int) []byte {
	var b bytes.Buffer
	b.WriteString("timestamp,kwh,kvarh\n")
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	i := 0
	for t := start; t.Before(end); t = t.Add(time.Duration(res) * time.Minute) {
		v := 2500 + i%97
		fmt.Fprintf(&b, "%s,%d.25,%d.5\n", t.Add(time.Duration(res)*time.Minute).Format("2006-01-02 15:04"), v, v/3)
		i++
	}
	return b.Bytes()
}

// A year of 15-minute data for one account (35,040 readings in memory) →
// 12 month usages → 12 catalog bills.
func BenchmarkAnnual15MinCatalog(b *testing.B) {
	p, err := Read(bytes.NewReader(yearCSV(15, 2017)), Profile{Name: "year.csv"})
	if err != nil {
		b.Fatal(err)
	}
	if n := len(p.series["F1"].start); n != 35040 {
		b.Fatalf("%d readings", n)
	}
	set := defaults(b)
	c := settlement.Customer{ID: "x", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: settlement.PFStandard090,
		Units: []settlement.Unit{{ID: "T1", KVA: d("16000")}}}
	// 2017-01 … 2017-06 are in the 2016 catalog's range; bill the year's months
	// against it by shifting them into 2016-07 … 2017-06.
	months := make([]tariff.Month, 12)
	for i := range months {
		months[i] = tariff.Month{Year: 2017, Month: time.Month(i + 1)}
	}
	runtime.GC() // the set-up's garbage is not the loop's: steadier instruction counts
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range months {
			u, err := p.MonthUsage(m, nil, false)
			if err != nil {
				b.Fatal(err)
			}
			if m.Month > 6 {
				u.Month = tariff.Month{Year: 2016, Month: m.Month} // same days: Jul–Dec
			}
			if _, err := settlement.CatalogBill(set, c, u, capacity()); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchTOU is a three-period TOU table on whole hours (valley 23:00–07:00,
// peak 08:00–11:00 and 17:00–21:00, flat the rest) and ratios that float the
// purchase price: the benchmark's own, not a published table.
const benchTOU = `
id: bench-tou-periods
kind: tou_periods
region: liaoning
issuer: dianfei benchmark
document: benchmark periods, not a published table
effective: {from: 2026-08-01}
scope: named
confidence: medium
seasons:
  - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    periods:
      - {period: valley, from: "23:00", to: "07:00"}
      - {period: flat, from: "07:00", to: "08:00"}
      - {period: peak, from: "08:00", to: "11:00"}
      - {period: flat, from: "11:00", to: "17:00"}
      - {period: peak, from: "17:00", to: "21:00"}
      - {period: flat, from: "21:00", to: "23:00"}
---
id: bench-tou-ratios
kind: tou_ratios
region: liaoning
issuer: dianfei benchmark
document: benchmark ratios, not a published table
effective: {from: 2026-08-01}
scope: named
confidence: medium
periods: bench-tou-periods
ratios: {peak: 1.6, flat: 1.0, valley: 0.4}
floating: [purchase_energy]
`

// touDemandYear is the real workload's input: 35,040 15-minute kWh/kvarh
// readings from 2026-08-01 00:00 to 2027-08-01 00:00, a daily shape plus a
// seasonal step and a pseudo-random wobble.
func touDemandYear() []byte {
	var b bytes.Buffer
	b.WriteString("timestamp,kwh,kvarh\n")
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	x := uint32(2463534242)
	for t := start; t.Before(end); t = t.Add(15 * time.Minute) {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		h := t.Hour()
		base := 2000
		if h >= 8 && h < 21 {
			base = 3200
		}
		v := base + int(t.Month())*53%400 + int(x%600) // a seasonal step: each month its own maximum
		fmt.Fprintf(&b, "%s,%d.%02d,%d.%d\n", t.Add(15*time.Minute).Format("2006-01-02 15:04"), v, x%100, v*4/10, x%10)
	}
	return b.Bytes()
}

// benchSet is the default tables with benchTOU.
func benchSet(tb testing.TB) *tariff.Set {
	tb.Helper()
	set := defaults(tb)
	for _, doc := range strings.Split(benchTOU, "---\n") {
		t, err := tariff.Load(strings.NewReader(doc), "bench-tou.yaml")
		if err != nil {
			tb.Fatal(err)
		}
		if set, err = set.With(t); err != nil {
			tb.Fatal(err)
		}
	}
	return set
}

// benchAgencyPrices are the benchmark's agency purchase prices (元/kWh),
// 2026-08 … 2027-07: example inputs, not published prices.
var benchAgencyPrices = []string{"0.3712", "0.3698", "0.3655", "0.3720", "0.3804", "0.3851",
	"0.3790", "0.3702", "0.3633", "0.3581", "0.3610", "0.3689"}

// The real workload: a year of 15-minute readings (2026-08 … 2027-07, 35,040
// in memory) → 12 month usages with three TOU periods and the 15-minute
// maximum demand → 12 bills of the 2023+ structure (agency purchase with the
// purchase price floating, actual-demand basic charge under the 526 rules,
// power factor, funds).
func BenchmarkAnnual15MinTOUDemand(b *testing.B) {
	p, err := Read(bytes.NewReader(touDemandYear()), Profile{Name: "year.csv"})
	if err != nil {
		b.Fatal(err)
	}
	if n := len(p.series["F1"].start); n != 35040 {
		b.Fatalf("%d readings", n)
	}
	set := benchSet(b)
	c := settlement.Customer{ID: "x", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: settlement.PFStandard090,
		Units: []settlement.Unit{{ID: "T1", KVA: d("16000")}}}
	opt := settlement.Options{Method: tariff.MethodActualDemand, TOU: "bench-tou-ratios"}
	months := make([]tariff.Month, 12)
	purchases := make([]settlement.Purchase, 12)
	for i := range months {
		months[i] = tariff.Month{Year: 2026, Month: time.August}.Add(i)
		purchases[i] = settlement.Purchase{Arrangement: settlement.ArrangementAgencyPurchase,
			AgencyPrice:     decimal.NewNullDecimal(d(benchAgencyPrices[i])),
			SystemOperation: decimal.NewNullDecimal(d("0.0150"))}
	}
	runtime.GC() // the set-up's garbage is not the loop's: steadier instruction counts
	b.ReportAllocs()
	for b.Loop() {
		for i, m := range months {
			periods, err := set.TOU(opt.TOU, m.First())
			if err != nil {
				b.Fatal(err)
			}
			u, err := p.MonthUsage(m, periods, false)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := settlement.PurchaseBill(set, c, u, opt, purchases[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// A month of 1-minute data (44,640 readings) with the sliding 15-minute window:
// the aggregation loop alone.
func BenchmarkMinuteMonthAggregate(b *testing.B) {
	p := minuteProfile(b)
	from := minutesOf(nov.First())
	to := from + 31*1440 // a 31-day month of readings: 44,640
	s := p.series["F1"]
	if len(s.start) != 44640 {
		b.Fatalf("%d readings", len(s.start))
	}
	b.ReportAllocs()
	for b.Loop() {
		var a monthAgg
		p.aggregate(s, from, to, nil, &a)
		if a.demand == 0 {
			b.Fatal("no demand")
		}
	}
}

// The same month through MonthUsage: aggregation plus the conversions to decimal.
func BenchmarkMinuteMonthUsage(b *testing.B) {
	p := minuteProfile(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.MonthUsage(nov, nil, true); err != nil {
			b.Fatal(err)
		}
	}
}

// Parsing a year of 1-minute CSV (525,600 rows).
func BenchmarkParseMinuteYear(b *testing.B) {
	data := yearCSV(1, 2017)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), Profile{Name: "year.csv"}); err != nil {
			b.Fatal(err)
		}
	}
}

// minuteProfile is 31 days of 1-minute kW readings from 2016-11-01: November
// and the first day of December.
func minuteProfile(b *testing.B) *Profile {
	var sb strings.Builder
	sb.WriteString("timestamp,kw,kvar\n")
	start := nov.First().Time()
	for i := 0; i < 31*1440; i++ {
		fmt.Fprintf(&sb, "%s,%d,%d\n", start.Add(time.Duration(i+1)*time.Minute).Format("2006-01-02 15:04"), 3000+i%113, 900)
	}
	p, err := Read(strings.NewReader(sb.String()), Profile{Name: "m.csv"})
	if err != nil {
		b.Fatal(err)
	}
	return p
}
