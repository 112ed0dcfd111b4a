package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The generator writes plausible, varied account-months: two eras (2016–2017
// catalog and direct-trade bills under the 1996 and 1583 rules; 2026–2027
// agency and market purchase under the 526 rules and the fourth-period T&D
// table), every supply voltage the tables map, one to four transformers and
// sometimes a high-voltage motor, the three basic-charge methods, the three
// power-factor standards, TOU on the embedded example tables, direct-trade
// contracts under both deviation rule sets, captive supply, suspensions,
// aluminium smelters (both stepped-price tables), transformer losses,
// power-factor exemption and plants under a differential price. Every record
// settles with the default tables and the embedded ones.
//
// Account i draws from its own generator seeded by (seed, i), so the first
// accounts of -generate 10 are those of -generate 1000.

// months is how many months each generated account has.
const months = 12

// generate writes n accounts × 12 months of records, one JSON object a line.
func generate(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	for i := range n {
		for _, r := range accountRecords(seed, i) {
			b, err := r.MarshalJSON()
			if err != nil {
				return err
			}
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// gen draws the values of one account.
type gen struct{ r *rand.Rand }

// between returns an integer in [lo, hi].
func (g gen) between(lo, hi int64) int64 { return lo + g.r.Int64N(hi-lo+1) }

// chance is true with probability pct %.
func (g gen) chance(pct int) bool { return g.r.IntN(100) < pct }

// pick returns one of vs.
func pick[T any](g gen, vs ...T) T { return vs[g.r.IntN(len(vs))] }

// scale returns x × permille ÷ 1000, rounded down. Generated quantities are
// drawn in integers only, so that a seed gives the same records on every
// machine (no floating point, whose fused multiply-adds differ by
// architecture).
func scale(x, permille int64) int64 { return x * permille / 1000 }

// plant is one account's fixed facts.
type plant struct {
	c        settlement.Customer
	kva      int64 // capacity of every unit
	start    tariff.Month
	modern   bool // 2026+: agency or market purchase
	arr      settlement.Arrangement
	method   tariff.Method
	contract int64 // declared contract kW (contract method)
	load     int64 // demand as a share of capacity, per mille
	hours    int64 // equivalent full-load hours of the month at that demand
	tanPhi   int64 // kvarh per kWh, per mille
	feeders  int
	tou      bool
	captive  bool
	alShare  bool // gives the aluminium-liquid production share of the kWh
	// aluminium are a smelter's stepped-price facts by calendar year, each
	// month's usage taking its year's; nil for other plants.
	aluminium map[int]alFacts
	lowSide   bool // metered on the low-voltage side: transformer losses added
	dev       string
}

// alFacts are the usage's stepped-price facts of one calendar year.
type alFacts struct{ perTonne, share, weight decimal.NullDecimal }

var voltages = []int64{10, 10, 20, 35, 66, 110, 110, 220, 220}

// unitKVA gives the range of a transformer's kVA at a supply voltage.
func unitKVA(kv int64) (int64, int64) {
	switch {
	case kv <= 20:
		return 630, 6300
	case kv < 110:
		return 8000, 31500
	case kv < 220:
		return 31500, 63000
	}
	return 90000, 180000
}

var plantKinds = []string{"铝冶炼厂", "铜冶炼厂", "锌冶炼厂", "铅冶炼厂", "铁合金厂", "硅冶炼厂", "化工厂", "钢铁厂"}

// newPlant draws the fixed facts of account i.
func newPlant(g gen, i int) plant {
	kv := pick(g, voltages...)
	p := plant{modern: g.chance(40), feeders: int(g.between(1, 3))}
	c := settlement.Customer{
		ID: fmt.Sprintf("acct-%07d", i+1), Region: "liaoning", Class: "large_industry",
		VoltageKV: decimal.NewFromInt(kv), PFStandard: pick(g, settlement.PFStandard090, settlement.PFStandard090, settlement.PFStandard090, settlement.PFStandard085, settlement.PFStandard080),
	}
	kind := pick(g, plantKinds...)
	c.Name = fmt.Sprintf("%s %d", kind, i+1)
	if p.modern {
		p.start = tariff.Month{Year: 2026, Month: time.Month(8 + g.r.IntN(5))} // 2026-08 … 2026-12
		p.arr = pick(g, settlement.ArrangementAgencyPurchase, settlement.ArrangementMarketPurchase)
		p.method = pick(g, tariff.MethodCapacity, tariff.MethodContractDemand, tariff.MethodActualDemand)
	} else {
		p.start = tariff.Month{Year: 2016, Month: time.Month(1 + g.r.IntN(7))} // 2016-01 … 2016-07
		p.arr = pick(g, settlement.ArrangementCatalog, settlement.ArrangementDirectTrade)
		p.method = pick(g, tariff.MethodCapacity, tariff.MethodCapacity, tariff.MethodContractDemand)
		if kind == "化工厂" && g.chance(50) {
			c.Class = "large_industry_chemical"
		}
		p.captive = p.arr == settlement.ArrangementDirectTrade && g.chance(20)
		p.dev = pick(g, "ln-deviation-interim", "ln-deviation-supplement")
	}
	if g.chance(2) {
		c.PFStandard = settlement.PFExempt // exempt by the utility's decision
	}
	if kind == "铝冶炼厂" && g.chance(50) {
		// Last year's consumption per tonne for each calendar year billed:
		// AC electrolysis (2013 table) for 2016–2017, aluminium liquid (2021
		// table, thresholds 13,450 and 13,300) from 2026, with a renewable
		// share for some.
		x := g.between(13250, 13900)
		p.aluminium = map[int]alFacts{}
		for y := p.start.Year; y <= p.start.Add(months-1).Year; y++ {
			a := alFacts{perTonne: decimal.NewNullDecimal(decimal.NewFromInt(x - int64(y-p.start.Year)*g.between(0, 60)))}
			if p.modern && g.chance(30) {
				a.share = decimal.NewNullDecimal(decimal.New(g.between(10, 40), -2))
				a.weight = decimal.NewNullDecimal(decimal.New(g.between(10, 20), -2))
			}
			p.aluminium[y] = a
		}
		p.alShare = p.modern && g.chance(70)
	}
	p.lowSide = kv <= 20 && g.chance(15)
	c.Differential = g.chance(3)
	lo, hi := unitKVA(kv)
	n := int(g.between(1, 4))
	for u := range n {
		kva := g.between(lo/10, hi/10) * 10
		c.Units = append(c.Units, settlement.Unit{ID: fmt.Sprintf("T%d", u+1), KVA: decimal.NewFromInt(kva)})
		p.kva += kva
	}
	if kv <= 110 && g.chance(15) {
		kw := g.between(50, 500) * 10
		c.Units = append(c.Units, settlement.Unit{ID: "M1", Motor: true, KVA: decimal.NewFromInt(kw)})
		p.kva += kw
	}
	// A unit commissioned in the account's second month, and a unit sealed
	// for 20–60 days (capacity method only: a demand method needs whole
	// months sealed).
	if p.method == tariff.MethodCapacity && n >= 2 {
		switch {
		case g.chance(10):
			c.Units[n-1].Commissioned = p.start.Next().First().AddDays(int(g.between(0, 20)))
		case g.chance(15):
			seal := p.start.Add(int(g.between(1, 9))).First().AddDays(int(g.between(0, 27)))
			c.Units[n-1].Suspensions = [][2]tariff.Date{{seal, seal.AddDays(int(g.between(20, 60)))}}
		}
	}
	p.c = c
	p.load = g.between(450, 900)
	p.hours = g.between(360, 660)
	p.tanPhi = tanPhi(g.between(780, 990)) // the plant's typical power factor
	p.contract = scale(scale(p.kva, p.load), g.between(800, 1150))
	p.tou = g.chance(40)
	return p
}

// tanPhi returns tan φ per mille for a power factor cos φ per mille:
// 1000 × √(1000² − pf²) ÷ pf. math.Sqrt of an integer below 2⁵³ is
// correctly rounded on every machine.
func tanPhi(pf int64) int64 {
	return int64(math.Sqrt(float64(1000*1000-pf*pf))) * 1000 / pf
}

// accountRecords returns the 12 records of account i.
func accountRecords(seed uint64, i int) []settlement.Record {
	g := gen{rand.New(rand.NewPCG(seed, uint64(i)))}
	p := newPlant(g, i)
	out := make([]settlement.Record, 0, months)
	for k := range months {
		out = append(out, p.record(g, p.start.Add(k)))
	}
	return out
}

// record draws one month of the plant.
func (p plant) record(g gen, m tariff.Month) settlement.Record {
	demand := max(scale(scale(p.kva, p.load), g.between(850, 1150)), 1) // the season
	kwh := scale(demand*p.hours, g.between(900, 1100))
	if g.r.IntN(1000) < 5 {
		kwh = 0 // a month standing idle: the basic charge only
	}
	kvarh := scale(scale(kwh, p.tanPhi), g.between(900, 1100))
	u := settlement.Usage{Month: m, KWh: decimal.NewFromInt(kwh), KVarh: decimal.NewFromInt(kvarh)}
	if p.lowSide && kwh > 0 {
		u.TransformerLossKWh = decimal.NewFromInt(scale(kwh, g.between(5, 20)))
		u.TransformerLossKVarh = decimal.NewFromInt(scale(kvarh, g.between(20, 60)))
	}
	if a, ok := p.aluminium[m.Year]; ok {
		u.AluminiumKWhPerTonne, u.RenewableShare, u.ProvincialWeight = a.perTonne, a.share, a.weight
	}
	if p.alShare {
		u.AluminiumProductionShare = decimal.NewNullDecimal(decimal.New(g.between(85, 97), -2))
	}
	left := demand
	u.Demand = make(map[string]decimal.Decimal, p.feeders)
	for f := range p.feeders {
		kw := left
		if f < p.feeders-1 {
			kw = scale(left, g.between(300, 700))
		}
		left -= kw
		u.Demand[fmt.Sprintf("F%d", f+1)] = decimal.NewFromInt(kw)
	}
	r := settlement.Record{Arrangement: p.arr, Customer: p.c, Usage: u}
	r.Options.Method = p.method
	if p.method == tariff.MethodContractDemand {
		r.Options.ContractKW = decimal.NewFromInt(p.contract)
	}
	if p.tou {
		ratios := "example-tou-ratios-batch-2016"
		if p.modern {
			ratios = "example-tou-ratios-batch-2023"
		}
		r.Options.TOU = ratios
		r.Tables = []string{ratios}
		r.Usage.ByPeriod = p.split(g, kwh, m)
	}
	switch p.arr {
	case settlement.ArrangementDirectTrade:
		q := scale(kwh, g.between(850, 1120)) / 1000 * 1000
		r.Contract = &settlement.Contract{KWh: decimal.NewFromInt(q), Price: decimal.NewNullDecimal(decimal.New(g.between(3000, 3700), -4)), Deviation: p.dev}
		if p.captive {
			r.Options.Captive = &settlement.Captive{
				SelfKWh: decimal.NewFromInt(scale(kwh, g.between(200, 600))), GenerationCost: decimal.New(g.between(2200, 3000), -4),
				FundRate: decimal.New(518, -4), CrossSubsidy: decimal.New(g.between(200, 400), -4),
				BackupFee: decimal.NewFromInt(g.between(15, 25)), BackupKVA: decimal.NewFromInt(scale(p.kva, g.between(300, 600))),
			}
		}
	case settlement.ArrangementAgencyPurchase:
		r.Purchase = &settlement.Purchase{AgencyPrice: decimal.NewNullDecimal(decimal.New(g.between(3800, 4600), -4)),
			SystemOperation: decimal.NewNullDecimal(decimal.New(g.between(100, 300), -4)), ExamplePrices: true}
	case settlement.ArrangementMarketPurchase:
		pu := &settlement.Purchase{SystemOperation: decimal.NewNullDecimal(decimal.New(g.between(100, 300), -4)), ExamplePrices: true}
		left := kwh
		n := int(g.between(1, 3))
		for k := range n {
			q := left
			if k < n-1 {
				q = scale(left, g.between(400, 800))
			}
			left -= q
			pu.Contracts = append(pu.Contracts, settlement.Contract{KWh: decimal.NewFromInt(q), Price: decimal.NewNullDecimal(decimal.New(g.between(3300, 4000), -4))})
		}
		if kwh == 0 {
			pu.Contracts = pu.Contracts[:1] // one price: no volume to weight by
		}
		r.Purchase = pu
	}
	return r
}

// split splits kWh into TOU periods (critical peak in Jan, Jul, Aug and Dec
// of the 2023 periods).
func (p plant) split(g gen, kwh int64, m tariff.Month) map[tariff.Period]decimal.Decimal {
	peak := scale(kwh, g.between(280, 400))
	valley := scale(kwh, g.between(250, 370))
	critical := int64(0)
	if p.modern && (m.Month == time.January || m.Month == time.July || m.Month == time.August || m.Month == time.December) {
		critical = scale(peak, g.between(150, 250))
		peak -= critical
	}
	flat := kwh - peak - valley - critical
	out := map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: decimal.NewFromInt(peak), tariff.PeriodFlat: decimal.NewFromInt(flat), tariff.PeriodValley: decimal.NewFromInt(valley)}
	if critical > 0 {
		out[tariff.PeriodCritical] = decimal.NewFromInt(critical)
	}
	return out
}
