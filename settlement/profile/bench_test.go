package profile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
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
	p, err := Read(bytes.NewReader(yearCSV(15, 2017)), ReadOptions{Name: "year.csv"})
	if err != nil {
		b.Fatal(err)
	}
	if n := len(p.series["F1"].start); n != 35040 {
		b.Fatalf("%d readings", n)
	}
	set := defaults(b)
	c := settlement.Customer{ID: "x", Region: "liaoning", Class: "large_industry", VoltageKV: d("10"), PFStandard: d("0.90"),
		Units: []settlement.Unit{{ID: "T1", Kind: settlement.UnitTransformer, KVA: d("16000")}}}
	// 2017-01 … 2017-06 are in the 2016 catalog's range; bill the year's months
	// against it by shifting them into 2016-07 … 2017-06.
	months := make([]tariff.Month, 12)
	for i := range months {
		months[i] = tariff.Month{Year: 2017, Month: time.Month(i + 1)}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range months {
			u, err := p.MonthUsage(m, nil, AggregateOptions{})
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
		if _, err := p.MonthUsage(nov, nil, AggregateOptions{AcceptGaps: true}); err != nil {
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
		if _, err := Read(bytes.NewReader(data), ReadOptions{Name: "year.csv"}); err != nil {
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
	p, err := Read(strings.NewReader(sb.String()), ReadOptions{Name: "m.csv"})
	if err != nil {
		b.Fatal(err)
	}
	return p
}
