package settlement_test

import (
	"fmt"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// smelterS is smelter S of the README's worked examples: 220 kV, four
// 125,000 kVA transformers, power-factor standard 0.90.
func smelterS() settlement.Customer {
	c := settlement.Customer{ID: "smelter-s", Region: "liaoning", Class: "large_industry", VoltageKV: dec("220"), PFStandard: settlement.PFStandard090}
	for _, id := range []string{"T1", "T2", "T3", "T4"} {
		c.Units = append(c.Units, settlement.Unit{ID: id, KVA: dec("125000")})
	}
	return c
}

func november(kwh, kvarh, kw string) settlement.Usage {
	return settlement.Usage{Month: tariff.Month{Year: 2016, Month: 11}, KWh: dec(kwh), KVarh: dec(kvarh),
		Demand: map[string]decimal.Decimal{"F1": dec(kw)}}
}

// A catalog bill by capacity: the README's example E1.
func Example_catalogBill() {
	set, _ := tariff.Default()
	bill, err := settlement.CatalogBill(set, smelterS(), november("300000000", "96000000", "430000"),
		settlement.Options{Method: tariff.MethodCapacity})
	if err != nil {
		panic(err)
	}
	for _, l := range bill.Lines {
		fmt.Printf("%-32s %15s\n", l.LabelEN, settlement.Money(l.Amount))
	}
	fmt.Printf("%-32s %15s\n", "Total", settlement.Money(bill.Total))
	// Output:
	// Energy charge                       137340000.00
	// Basic charge                         11000000.00
	// Power-factor adjustment              -1112550.00
	// Government funds and surcharges      15540000.00
	// Total                               162767450.00
}

// Contract demand 420,000 kW with an actual maximum of 460,000 kW: the excess
// over 105 % is charged double (E2, reading (a)).
func Example_contractDemandOverrun() {
	set, _ := tariff.Default()
	opt := settlement.Options{Method: tariff.MethodContractDemand, ContractKW: dec("420000")}
	bill, _ := settlement.CatalogBill(set, smelterS(), november("300000000", "96000000", "460000"), opt)
	basic, _ := bill.Line("basic")
	fmt.Println(basic.Quantity, "kW ×", basic.UnitPrice, "=", settlement.Money(basic.Amount))
	for _, it := range basic.Items {
		if it.Kind == settlement.ItemExcess {
			fmt.Println(it.Value)
		}
	}
	// Output:
	// 479000 kW × 33 = 15807000.00
	// (a) 19000 kW > 1.05 × 420000 kW, ×2
}

// A direct-trade bill at the price-spread T&D tariff under the interim
// deviation rules: the README's example E3.
func Example_directTradeBill() {
	set, _ := tariff.Default()
	k := settlement.Contract{KWh: dec("290000000"), Price: decimal.NewNullDecimal(dec("0.3449")), Deviation: "ln-deviation-interim"}
	bill, err := settlement.DirectTradeBill(set, smelterS(), november("300000000", "96000000", "430000"),
		settlement.Options{Method: tariff.MethodCapacity}, k)
	if err != nil {
		panic(err)
	}
	for _, l := range bill.Lines {
		fmt.Printf("%-31s %12s × %-7s %15s\n", l.LabelEN, l.Quantity, settlement.Price(l.UnitPrice), settlement.Money(l.Amount))
	}
	fmt.Println("Total", settlement.Money(bill.Total))
	// Output:
	// Traded energy                      290000000 × 0.3449     100021000.00
	// T&D charge                         290000000 × 0.0829      24041000.00
	// Energy outside the contract         10000000 × 0.4578       4578000.00
	// Basic charge                          500000 × 22          11000000.00
	// Power-factor adjustment            139640000 × -0.75       -1047300.00
	// Deviation penalty                          0 × 0                  0.00
	// Government funds and surcharges    300000000 × 0.0518      15540000.00
	// Total 154132700.00
}

// The cheapest basic-charge plan of plant Z (80,000 kVA) under the 1583
// rules, July 2016 – June 2017, at 22 元/kVA·月 and 33 元/kW·月: the
// README's example E5. Each month's demand is its usage's; the prices come
// from a function of the month (the catalog's or a T&D table's in practice).
func ExampleOptimisePlan() {
	set, _ := tariff.Default()
	rules, err := set.BasicRules("liaoning", tariff.NewDate(2016, 7, 1), "cn-basic-rules-1583")
	if err != nil {
		fmt.Println(err)
		return
	}
	plant := settlement.Customer{ID: "zinc-z", Region: "liaoning", Class: "large_industry", VoltageKV: dec("66"), PFStandard: settlement.PFStandard090,
		Units: []settlement.Unit{{ID: "T1", KVA: dec("40000")}, {ID: "T2", KVA: dec("40000")}}}
	var months []settlement.Usage
	for m := (tariff.Month{Year: 2016, Month: 7}); len(months) < 12; m = m.Next() {
		kw := "60000"
		if m.Year == 2017 && m.Month <= 4 {
			kw = "28000"
		}
		months = append(months, settlement.Usage{Month: m, Demand: map[string]decimal.Decimal{"F1": dec(kw)}})
	}
	prices := func(tariff.Month) (perKVA, perKW decimal.Decimal) { return dec("22"), dec("33") }
	plan, err := settlement.OptimisePlan(rules, plant, months, prices)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range plan.Periods {
		fmt.Println(p.From, p.To, p.Method, p.ContractKW, settlement.Money(p.Charge))
	}
	fmt.Println("total", settlement.Money(plan.Total))
	// Output:
	// 2016-07 2016-09 capacity 0 5280000.00
	// 2016-10 2016-12 capacity 0 5280000.00
	// 2017-01 2017-03 contract_demand 32000 3168000.00
	// 2017-04 2017-04 contract_demand 32000 1056000.00
	// 2017-05 2017-06 contract_demand 57143 3771438.00
	// total 18555438.00
}

// A 2023+ bill: smelter S in September 2026 buying all its kWh on the market
// at 0.3500 元/kWh, with the month's published system operation charge of
// 0.0150 元/kWh (example inputs): the README's example E7. The loss line's
// unit price is the purchase price; its amount is kWh × 0.35 × 0.0378 ÷
// (1 − 0.0378), the rate of the T&D table ln-tnd-2026.
func ExamplePurchaseBill() {
	set, _ := tariff.Default()
	u := settlement.Usage{Month: tariff.Month{Year: 2026, Month: 9}, KWh: dec("300000000"), KVarh: dec("96000000"),
		Demand: map[string]decimal.Decimal{"F1": dec("430000")}}
	pu := settlement.Purchase{Arrangement: settlement.ArrangementMarketPurchase,
		Contracts:       []settlement.Contract{{KWh: dec("300000000"), Price: decimal.NewNullDecimal(dec("0.3500"))}},
		SystemOperation: decimal.NewNullDecimal(dec("0.0150"))}
	bill, err := settlement.PurchaseBill(set, smelterS(), u, settlement.Options{Method: tariff.MethodCapacity}, pu)
	if err != nil {
		panic(err)
	}
	for _, l := range bill.Lines {
		fmt.Printf("%-31s %12s × %-8s %15s\n", l.LabelEN, l.Quantity, settlement.Price(l.UnitPrice), settlement.Money(l.Amount))
	}
	fmt.Println("Total", settlement.Money(bill.Total))
	// Output:
	// Purchase energy                    300000000 × 0.3500      105000000.00
	// On-grid line-loss charge           300000000 × 0.3500        4124922.05
	// T&D charge                         300000000 × 0.0571       17130000.00
	// System operation charge            300000000 × 0.0150        4500000.00
	// Basic charge                          500000 × 22.0         11000000.00
	// Power-factor adjustment         141754922.05 × -0.75        -1063161.92
	// Government funds and surcharges    300000000 × 0.026825      8047500.00
	// Total 148739260.13
}
