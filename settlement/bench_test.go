package settlement

import (
	"testing"
)

func BenchmarkCatalogBill(b *testing.B) {
	set := defaults(b)
	c, u, o := smelterS(), usage("2016-11", "300000000", "96000000", "430000"), contract("420000")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CatalogBill(set, c, u, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDirectTradeBill(b *testing.B) {
	set := defaults(b)
	c, u := smelterS(), usage("2016-11", "300000000", "96000000", "430000")
	k := Contract{KWh: d("290000000"), Price: price("0.3449"), Deviation: "ln-deviation-interim"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DirectTradeBill(set, c, u, capacity(), k); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBill2023(b *testing.B) {
	set := defaults(b)
	c, u := smelterS(), usage("2026-09", "300000000", "96000000", "430000")
	p := market("0.3500", "0.0150")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PurchaseBill(set, c, u, capacity(), p); err != nil {
			b.Fatal(err)
		}
	}
}

// The plan optimiser alone on E5's twelve months under the 1583 rules.
func BenchmarkOptimisePlan(b *testing.B) {
	r := rules(b, "cn-basic-rules-1583")
	ms := e5Months()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OptimisePlan(r, zincZ(), ms, e5Prices); err != nil {
			b.Fatal(err)
		}
	}
}

// The numbers-only total of BenchmarkDirectTradeBill's bill, as the
// break-even search settles a month many times.
func BenchmarkDirectTradeTotal(b *testing.B) {
	set := defaults(b)
	c, u := smelterS(), usage("2016-11", "300000000", "96000000", "430000")
	k := Contract{KWh: d("290000000"), Price: price("0.3449"), Deviation: "ln-deviation-interim"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DirectTradeTotal(set, c, u, capacity(), k); err != nil {
			b.Fatal(err)
		}
	}
}
