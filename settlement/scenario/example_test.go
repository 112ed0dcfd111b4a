package scenario_test

import (
	"fmt"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// What measure 9 saves smelter S over a year, by lever, from a scenario file.
func Example_measure9Savings() {
	sc, err := scenario.LoadFS(scenarios.FS(), "smelter-s.yaml")
	if err != nil {
		panic(err)
	}
	set, _ := tariff.Default()
	cmp, err := scenario.Compare(set, sc)
	if err != nil {
		panic(err)
	}
	a := cmp.Annual
	fmt.Println("A ", settlement.Money(a.A))
	fmt.Println("C ", settlement.Money(a.C))
	fmt.Println("L1", settlement.Money(a.L1), "L2", settlement.Money(a.L2), "L3", settlement.Money(a.L3))
	fmt.Println("saving", settlement.Money(a.Total), a.SavingPercent().StringFixed(2)+" %")
	fmt.Println("break-even", cmp.BreakEven.Decimal)
	fmt.Println(cmp.Reasons[0].Lever(), cmp.Reasons[0].LabelEN())
	// Output:
	// A  1963332730.00
	// C  1860038222.00
	// L1 0.00 L2 103294508.00 L3 0.00
	// saving 103294508.00 5.26 %
	// break-even 0.3745
	// L1 capacity billing is already the cheapest method under both rule sets (a fully loaded plant), so the reformed basic-charge methods save nothing
}

// What smelter S's saving rests on: the traded-price sensitivity and the
// weight of the coal benchmark.
func ExampleEstimate() {
	sc, err := scenario.LoadFS(scenarios.FS(), "smelter-s.yaml")
	if err != nil {
		panic(err)
	}
	set, _ := tariff.Default()
	e, err := scenario.Estimate(set, sc)
	if err != nil {
		panic(err)
	}
	for _, v := range e.Sensitivity {
		if v.Delta.Abs().Equal(decimal.New(1, -2)) {
			fmt.Println(v.To, settlement.Money(v.Saving))
		}
	}
	fmt.Println(e.MediumWeights[0].EN, settlement.Money(e.MediumWeights[0].Change))
	// Output:
	// 0.3349 138131258.00
	// 0.3549 68457758.00
	// ln-coal-benchmark-2016 coal-fired benchmark price 1 % higher (0.3749 → 0.378649) 13054824.06
}
