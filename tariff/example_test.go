package tariff_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

func monthOf(m int) time.Month { return time.Month(m) }

// Looking up the catalog price and the derived T&D price of a 220 kV plant.
func Example_lookup() {
	set, err := tariff.Default()
	if err != nil {
		panic(err)
	}
	on := tariff.NewDate(2016, time.November, 1)
	cp, _ := set.Catalog("liaoning", "large_industry", decimal.NewFromInt(220), on)
	fmt.Println(cp.Table.ID, cp.Tier, cp.Energy, "funds", cp.FundsSum)
	tnd, _ := set.TND("liaoning", decimal.NewFromInt(220), on, "")
	fmt.Println(tnd.Table.ID, tnd.Energy)
	// Output:
	// ln-catalog-2016 220kV+ 0.5096 funds 0.0518
	// ln-tnd-spread-2016 0.0829
}

// Loading a user table (a coal benchmark) and adding it to the defaults.
func Example_load() {
	const yaml = `
id: my-benchmark-2018
kind: coal_benchmark
region: liaoning
issuer: 辽宁省物价局
document: my notice
effective: {from: 2018-01-01, to: 2019-01-01}
scope: general
confidence: medium
price: 0.3749
`
	t, err := tariff.Load(strings.NewReader(yaml), "my-benchmark.yaml")
	if err != nil {
		panic(err)
	}
	def, _ := tariff.Default()
	set, err := def.With(t)
	if err != nil {
		panic(err)
	}
	price, h, _ := set.CoalBenchmark("liaoning", tariff.NewDate(2018, time.March, 1))
	fmt.Println(h.ID, price, h.Range())

	_, err = tariff.Load(strings.NewReader("id: x\nkind: catalog\nprice: 1e3\n"), "bad.yaml")
	fmt.Println(err)
	// Output:
	// my-benchmark-2018 0.3749 [2018-01-01, 2019-01-01)
	// tariff: bad.yaml:1:1: region: required field is missing
}
