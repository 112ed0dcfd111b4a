package profile_test

import (
	"fmt"
	"strings"

	"github.com/dianfei/dianfei/settlement/profile"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Read a file of 15-minute kWh readings whose meter multiplier (倍率) the
// caller knows, and turn November into a month's usage, accepting the gaps
// of a file that covers one hour.
func ExampleRead() {
	csv := "timestamp,kwh,kvarh\n" +
		"2016-11-01 00:15,1.5,0.5\n2016-11-01 00:30,2,0.5\n2016-11-01 00:45,2.5,1\n2016-11-01 01:00,2,1\n"
	p, err := profile.Read(strings.NewReader(csv), profile.Profile{Name: "f1.csv", Multiplier: decimal.NewFromInt(100)})
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := p.MonthUsage(tariff.Month{Year: 2016, Month: 11}, nil, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Resolution, "minutes, feeders", p.Feeders)
	fmt.Println(u.KWh, "kWh,", u.KVarh, "kvarh, demand", u.Demand["F1"], "kW") // (1.5 + 2 + 2.5 + 2) × 100; (0.5 + 0.5 + 1 + 1) × 100; 2.5 × 100 × 4
	fmt.Println(u.Warnings[0].Code)
	// Output:
	// 15 minutes, feeders [F1]
	// 800 kWh, 300 kvarh, demand 1000 kW
	// interval_gaps
}
