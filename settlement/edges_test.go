package settlement

import (
	"errors"
	"maps"
	"os"
	"strings"
	"testing"
	"testing/quick"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A exactly 1.05 C is inside the contract: 400,000 × 1.05 = 420,000 kW → 400,000 × 33.
// One kW more: (a) 420,000 × 33 + 2 × 1 × 33 = 13,860,066.
func TestExactlyThreshold(t *testing.T) {
	s := smelterS()
	require.Equal(t, "13200000.00", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "420000"), contract("400000")))
	require.Equal(t, "13860066.00", basicAmount(t, s, usage("2016-11", "300000000", "96000000", "420001"), contract("400000")))
}

func sealed(seal, unseal string) Customer {
	c := smelterS()
	s := [2]tariff.Date{mustDate(seal)}
	if unseal != "" {
		s[1] = mustDate(unseal)
	}
	c.Units[3].Suspensions = [][2]tariff.Date{s}
	return c
}

func mustDate(s string) tariff.Date {
	d, err := tariff.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Seal days: the seal day is free, the unseal day is charged; min(days, 30)/30.
func TestSuspensionEdges(t *testing.T) {
	u := func(m string) Usage { return usage(m, "300000000", "96000000", "430000") }
	// Sealed on the 1st of November (to 2016-12-01): T4 chargeable 0 days → 375,000 × 22.
	require.Equal(t, "8250000.00", basicAmount(t, sealed("2016-11-01", "2016-12-01"), u("2016-11"), capacity()))
	// Sealed on the last day of November (30th) to 2016-12-20: chargeable 1–29 → 125,000 × 22 × 29/30.
	// 8,250,000 + 2,658,333.33 = 10,908,333.33.
	require.Equal(t, "10908333.33", basicAmount(t, sealed("2016-11-30", "2016-12-20"), u("2016-11"), capacity()))
	// 31-day month: sealed 2016-12-01 … 2016-12-16: chargeable 16–31 = 16 days: 125,000 × 22 × 16/30 = 1,466,666.67.
	require.Equal(t, "9716666.67", basicAmount(t, sealed("2016-12-01", "2016-12-16"), u("2016-12"), capacity()))
	// 31-day month, sealed 2016-12-31 to 2017-01-20: chargeable 30 days, capped at 30/30 → full month.
	require.Equal(t, "11000000.00", basicAmount(t, sealed("2016-12-31", "2017-01-20"), u("2016-12"), capacity()))
	// Spanning two months: sealed 2016-11-21, unsealed 2017-01-11.
	c := sealed("2016-11-21", "2017-01-11")
	// November: chargeable 1–20 → 125,000 × 22 × 20/30 = 1,833,333.33.
	require.Equal(t, "10083333.33", basicAmount(t, c, u("2016-11"), capacity()))
	// December: 0 days → 8,250,000.
	require.Equal(t, "8250000.00", basicAmount(t, c, u("2016-12"), capacity()))
	// January: chargeable 11–31 = 21 days → 125,000 × 22 × 21/30 = 1,925,000.
	require.Equal(t, "10175000.00", basicAmount(t, c, u("2017-01"), capacity()))
}

func TestSuspensionRules(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	// 1583: at least 15 days.
	_, err := CatalogBill(set, sealed("2016-11-11", "2016-11-20"), u, capacity())
	require.EqualError(t, err, "settlement: 2016-11: customer.units[3].suspensions[0]: cn-basic-rules-1583 (发改办价格〔2016〕1583号) suspension.min_days: unit T4 sealed 2016-11-11, unsealed 2016-11-20: 9 days (allowed: at least 15 days)")
	var re *Error
	require.True(t, errors.As(err, &re))
	require.Equal(t, "suspension.min_days", re.Clause)
	// Under a demand method a suspension must cover whole months.
	_, err = CatalogBill(set, sealed("2016-11-11", "2016-12-01"), u, contract("300000"))
	require.EqualError(t, err, "settlement: 2016-11: customer.units[3].suspensions[0]: cn-basic-rules-1583 (发改办价格〔2016〕1583号) suspension.whole_months_under_demand: unit T4: under the contract_demand method a suspension must cover whole months; 2016-11-11–2016-12-01 starts or ends inside 2016-11 (allowed: a suspension of whole months (sealed and unsealed on the 1st), or the capacity method)")
	// Whole months are fine under demand: capacity in service 375,000 kVA, floor 150,000 kW.
	b, err := CatalogBill(set, sealed("2016-11-01", "2016-12-01"), u, contract("100000"))
	require.NoError(t, err)
	require.Equal(t, "375000", b.CapacityKVA.String())
	// 1583: at most 6 months (180 days) a calendar year.
	_, err = CatalogBill(set, sealed("2016-05-01", "2016-12-01"), u, capacity())
	require.EqualError(t, err, "settlement: 2016-11: customer.units[3].suspensions: cn-basic-rules-1583 (发改办价格〔2016〕1583号) suspension.max_months_per_year: unit T4 is suspended 214 days in 2016 (allowed: at most 6 months a year, read as 180 days)")
	// 1996: at most two suspensions a year.
	c := smelterS()
	c.Units[0].Suspensions = [][2]tariff.Date{{mustDate("2016-01-01"), mustDate("2016-01-20")}, {mustDate("2016-03-01"), mustDate("2016-03-20")}, {mustDate("2016-11-01"), mustDate("2016-11-20")}}
	o := capacity()
	o.Rules = "cn-basic-rules-1996"
	_, err = CatalogBill(set, c, u, o)
	require.EqualError(t, err, "settlement: 2016-11: customer.units[0].suspensions: cn-basic-rules-1996 (《供电营业规则》（1996年）) suspension.max_per_year: unit T1 has 3 suspensions in 2016 (allowed: at most 2 a year)")
	// 526: limits not verified: billed by day with a warning.
	b, err = PurchaseBill(set, sealed("2026-09-11", "2026-09-20"), usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.35", "0.015"))
	require.NoError(t, err)
	require.True(t, hasWarning(b, "suspension_unchecked"))
	// 375,000 × 22 + 125,000 × 22 × 21/30 = 8,250,000 + 1,925,000.
	require.Equal(t, "10175000.00", b.Sum("basic").StringFixed(2))
}

// The 260 kWh/kVA edge under the 526 rule set (catalog prices of the what-if):
// 130,000,000 kWh ÷ 500,000 kVA = 260 → 33 × 0.9 = 29.7; 129,500,000 = 259 → 33.
func TestDiscountEdge526(t *testing.T) {
	o := contract("420000")
	o.Rules = "cn-basic-rules-526"
	require.Equal(t, "12474000.00", basicAmount(t, smelterS(), usage("2016-11", "130000000", "0", "430000"), o)) // 420,000 × 29.7
	require.Equal(t, "13860000.00", basicAmount(t, smelterS(), usage("2016-11", "129999999", "0", "430000"), o)) // 420,000 × 33
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "130000000", "0", "430000"), o)
	require.NoError(t, err)
	require.True(t, b.Counterfactual)
	require.True(t, hasWarning(b, "counterfactual_rules"))
	// The capacity method never gets the discount.
	o = capacity()
	o.Rules = "cn-basic-rules-526"
	require.Equal(t, "11000000.00", basicAmount(t, smelterS(), usage("2016-11", "130000000", "0", "430000"), o))
	// Actual demand with the discount: 430,000 × 29.7; below the floor it is floored.
	o = Options{Method: tariff.MethodActualDemand, Rules: "cn-basic-rules-526"}
	require.Equal(t, "12771000.00", basicAmount(t, smelterS(), usage("2016-11", "130000000", "0", "430000"), o))
	require.Equal(t, "5940000.00", basicAmount(t, smelterS(), usage("2016-11", "130000000", "0", "150000"), o)) // 200,000 × 29.7
	// The 1583 rule set does not allow actual demand.
	o.Rules = ""
	_, err = CatalogBill(defaults(t), smelterS(), usage("2016-11", "130000000", "0", "430000"), o)
	require.EqualError(t, err, `settlement: 2016-11: choice.method: "actual_demand": cn-basic-rules-1583 (发改办价格〔2016〕1583号) methods: method not allowed by the rule set (allowed: capacity, contract_demand)`)
	var re *Error
	require.True(t, errors.As(err, &re))
	require.Equal(t, Error{Month: "2016-11", Field: "choice.method", Value: "actual_demand", Rule: "cn-basic-rules-1583", Document: "发改办价格〔2016〕1583号", Clause: "methods",
		Reason: "method not allowed by the rule set", Allowed: "capacity, contract_demand"}, *re)
}

// Two feeders: actual demand is the sum of each feeder's maximum (A = 250,000 + 210,000
// = 460,000 > 441,000): the E2 overrun, 15,807,000.
func TestTwoFeeders(t *testing.T) {
	u := usage("2016-11", "300000000", "96000000", "0")
	u.Demand = map[string]decimal.Decimal{"F1": d("250000"), "F2": d("210000")}
	require.Equal(t, "15807000.00", basicAmount(t, smelterS(), u, contract("420000")))
}

func TestBadInput(t *testing.T) {
	set := withTable(t, defaults(t), testPeriods2016, testRatios2016)
	ok := usage("2016-11", "300000000", "96000000", "430000")
	for _, c := range []struct {
		mod  func(*Customer, *Usage, *Options)
		want string
	}{
		{func(c *Customer, u *Usage, o *Options) { u.KWh = d("-1") }, `settlement: 2016-11: usage.kwh: "-1": must not be negative`},
		{func(c *Customer, u *Usage, o *Options) { u.KVarh = d("-1") }, `settlement: 2016-11: usage.kvarh: "-1": must not be negative`},
		{func(c *Customer, u *Usage, o *Options) { u.Demand["F1"] = d("-1") }, `settlement: 2016-11: usage.demand["F1"].kw: "-1": must not be negative`},
		{func(c *Customer, u *Usage, o *Options) { u.Demand = nil; *o = contract("1") }, `settlement: 2016-11: usage.demand: missing: the contract_demand method needs the actual max demand of every feeder`},
		{func(c *Customer, u *Usage, o *Options) { u.Month = tariff.Month{} }, `settlement: usage.month: missing`},
		{func(c *Customer, u *Usage, o *Options) { o.Method = "" }, `settlement: 2016-11: choice.method: missing (allowed: capacity, contract_demand)`},
		{func(c *Customer, u *Usage, o *Options) {
			u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("100000000"), tariff.PeriodValley: d("200000000")}
		}, `settlement: 2016-11: usage.kwh_by_period: kWh are split by TOU period but no TOU ratios are in force for the month (allowed: name a TOU ratios table, or give kWh flat)`},
		{func(c *Customer, u *Usage, o *Options) {
			u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("1")}
		}, `settlement: 2016-11: usage.kwh_by_period: "1": periods sum to 1 kWh but kwh is 300000000`},
		{func(c *Customer, u *Usage, o *Options) { o.TOU = "no-such-ratios" }, `settlement: 2016-11: tou: "no-such-ratios": no tou_ratios table with this id (allowed: test-ratios)`},
		{func(c *Customer, u *Usage, o *Options) { o.Rules = "no-such-rules" }, `settlement: 2016-11: rules: "no-such-rules": no basic_rules table with this id (allowed: cn-basic-rules-1583, cn-basic-rules-1996, cn-basic-rules-526)`},
		{func(c *Customer, u *Usage, o *Options) { o.TOU = "test-ratios" }, `settlement: 2016-11: usage.kwh_by_period: TOU ratios test-ratios are in force but the kWh are not split by period (allowed: peak, flat, valley, critical)`},
		{func(c *Customer, u *Usage, o *Options) { c.VoltageKV = d("0.38") }, `tariff: ln-catalog-2016: no tier maps supply voltage 0.38 kV (tiers: 1-10kV, 20kV, 35-110kV, 110kV, 220kV+)`},
		{func(c *Customer, u *Usage, o *Options) { u.Month = tariff.Month{Year: 2017, Month: 7} }, `tariff: no catalog table in force for liaoning large_industry on 2017-07-01`},
		{func(c *Customer, u *Usage, o *Options) {
			c.Units[0].Suspensions = [][2]tariff.Date{{mustDate("2016-11-20"), mustDate("2016-11-10")}}
		}, `settlement: 2016-11: customer.units[0].suspensions[0].unseal: "2016-11-10": must be after the seal date 2016-11-20`},
		{func(c *Customer, u *Usage, o *Options) {
			c.Units[0].Suspensions = [][2]tariff.Date{{mustDate("2016-03-01"), mustDate("2016-05-01")}, {mustDate("2016-04-01"), mustDate("2016-06-01")}}
		}, `settlement: 2016-11: customer.units[0].suspensions[1].seal: "2016-04-01": suspensions out of order or overlapping (previous unsealed 2016-05-01)`},
		{func(c *Customer, u *Usage, o *Options) { c.PFStandard = "" }, `settlement: 2016-11: customer.pf_standard: missing: a missing standard is never read as none (allowed: 0.90, 0.85, 0.80, none)`},
		{func(c *Customer, u *Usage, o *Options) { c.Units[1].KVA = decimal.Zero }, `settlement: 2016-11: customer.units[1].kva: "0": must be greater than zero`},
	} {
		cu, us, op := smelterS(), ok, capacity()
		us.Demand = maps.Clone(ok.Demand)
		c.mod(&cu, &us, &op)
		_, err := CatalogBill(set, cu, us, op)
		require.EqualError(t, err, c.want)
	}
}

func TestDirectTradeBadInput(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	for _, c := range []struct {
		k    Contract
		want string
	}{
		{Contract{KWh: d("-1"), Price: price("0.3449"), Deviation: "ln-deviation-interim"}, `settlement: 2016-11: contract.kwh: "-1": must not be negative`},
		{Contract{KWh: d("1"), Deviation: "ln-deviation-interim"}, `settlement: 2016-11: contract.price: missing: the traded price is required (allowed: a price in 元/kWh)`},
		{Contract{KWh: d("1"), Price: price("0.3449"), Deviation: "no-such"}, `settlement: 2016-11: contract.deviation: "no-such": no deviation_rules table with this id (allowed: ln-deviation-interim, ln-deviation-supplement)`},
		{Contract{KWh: d("1"), Price: price("0.3449"), Deviation: "ln-deviation-interim", TND: "no-such"}, `settlement: 2016-11: contract.tnd: "no-such": no tnd table with this id (allowed: ln-tnd-2026, ln-tnd-fushun-pilot-2009, ln-tnd-spread-2016)`},
		{Contract{KWh: d("1"), Price: price("0.3449"), Deviation: "ln-deviation-interim", TND: "ln-tnd-2026"}, `settlement: 2016-11: contract.tnd: "ln-tnd-2026": tnd table not in force on 2016-11-01 (in force [2026-08-01, open))`},
		{Contract{KWh: d("1"), Price: price("0.3449")}, `settlement: 2016-11: contract.deviation: missing: name a deviation rule set (allowed: ln-deviation-interim, ln-deviation-supplement)`},
	} {
		_, err := DirectTradeBill(set, smelterS(), u, capacity(), c.k)
		require.EqualError(t, err, c.want)
	}
	// The 抚顺 pilot by name: 290,000,000 × 0.117 = 33,930,000.
	b, err := DirectTradeBill(set, smelterS(), u, capacity(), Contract{KWh: d("290000000"), Price: price("0.3449"), Deviation: "ln-deviation-interim", TND: "ln-tnd-fushun-pilot-2009"})
	require.NoError(t, err)
	require.Equal(t, "33930000.00", b.Sum("tnd_energy").StringFixed(2))
}

// Aluminium: a stepped-price plant at 13,750 kWh/t pays +0.02 元/kWh in 2016 and is warned;
// a month with the facts but no stepped-price table in force (none before 2014) is an error.
func TestAluminium(t *testing.T) {
	c := smelterS()
	u := usage("2016-11", "300000000", "96000000", "430000")
	u.AluminiumKWhPerTonne = decimal.NewNullDecimal(d("13750"))
	b, err := CatalogBill(defaults(t), c, u, capacity())
	require.NoError(t, err)
	l, ok := b.Line("surcharge")
	require.True(t, ok)
	require.Equal(t, "6000000.00", l.Amount.StringFixed(2))  // 300,000,000 × 0.02
	require.Equal(t, "168767450.00", b.Total.StringFixed(2)) // E1 + 6,000,000: outside the PF base
	require.True(t, hasWarning(b, "eligibility"))
	// 2013, before any stepped-price table, with the 2016 catalog moved back to 2013.
	y, err := os.ReadFile("../tariff/tables/ln-catalog-2016.yaml")
	require.NoError(t, err)
	y13 := strings.Replace(strings.Replace(string(y), "id: ln-catalog-2016", "id: ln-catalog-test-2013", 1), "from: 2016-01-01, to: 2017-07-01", "from: 2013-01-01, to: 2016-01-01", 1)
	u13 := usage("2013-11", "300000000", "96000000", "430000")
	u13.AluminiumKWhPerTonne = u.AluminiumKWhPerTonne
	_, err = CatalogBill(withTable(t, defaults(t), y13), c, u13, capacity())
	require.EqualError(t, err, `settlement: 2013-11: usage.aluminium_kwh_per_tonne: the month has aluminium facts but no aluminium stepped-price table is in force (none before 2014) (allowed: a Set with an aluminium_step table in force for the month (Set.With), or no aluminium facts)`)
	u.AluminiumKWhPerTonne = decimal.NullDecimal{}
	c.Differential = true
	b, err = CatalogBill(defaults(t), c, u, capacity())
	require.NoError(t, err)
	require.True(t, hasWarning(b, "eligibility"))
	l, ok = b.Line("surcharge")
	require.False(t, ok, "no facts, no surcharge: %v", l)
}

// Properties: the total is the sum of the lines; without a discount a bill never
// falls when kWh rises at fixed PF; the contract-demand charge never falls when
// actual demand rises; C₂ falls as the traded price falls (interim rules).
func TestProperties(t *testing.T) {
	set := defaults(t)
	cfg := &quick.Config{MaxCount: 200}
	sum := func(b Bill) bool {
		s := decimal.Zero
		for _, l := range b.Lines {
			s = s.Add(l.Amount)
		}
		return s.Equal(b.Total)
	}
	require.NoError(t, quick.Check(func(kwh uint32, demand uint32, ckw uint32) bool {
		kw := decimal.NewFromInt(int64(kwh % 1_000_000_000)).Mul(d("1000")) // at most 10¹² kWh (README §3.1)
		u := Usage{Month: tariff.Month{Year: 2016, Month: 11}, KWh: kw, KVarh: kw.Mul(d("0.32")), Demand: map[string]decimal.Decimal{"F1": decimal.NewFromInt(int64(demand % 600000))}}
		o := contract(decimal.NewFromInt(int64(ckw % 600000)).String())
		b1, err1 := CatalogBill(set, smelterS(), u, o)
		u2 := u
		u2.KWh, u2.KVarh = kw.Add(d("1000")), kw.Add(d("1000")).Mul(d("0.32"))
		b2, err2 := CatalogBill(set, smelterS(), u2, o)
		u3 := u
		u3.Demand = map[string]decimal.Decimal{"F1": u.Demand["F1"].Add(d("1"))}
		b3, err3 := CatalogBill(set, smelterS(), u3, o)
		if err1 != nil || err2 != nil || err3 != nil {
			return false
		}
		return sum(b1) && sum(b2) && !b2.Total.LessThan(b1.Total) && !b3.Sum("basic").LessThan(b1.Sum("basic"))
	}, cfg))
	require.NoError(t, quick.Check(func(e, q uint32, p uint16) bool {
		u := usage("2016-11", decimal.NewFromInt(int64(e)).String(), "0", "430000")
		k := Contract{KWh: decimal.NewFromInt(int64(q)), Price: price(decimal.New(int64(p%5000)+1, -4).String()), Deviation: "ln-deviation-interim"}
		b1, err1 := DirectTradeBill(set, smelterS(), u, capacity(), k)
		k.Price = price(decimal.New(int64(p%5000), -4).String())
		b0, err0 := DirectTradeBill(set, smelterS(), u, capacity(), k)
		return err1 == nil && err0 == nil && sum(b1) && sum(b0) && !b0.Total.GreaterThan(b1.Total)
	}, cfg))
}

func hasWarning(b Bill, code WarningCode) bool {
	for _, w := range b.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

const testPeriods2016 = `
id: test-periods
kind: tou_periods
region: liaoning
issuer: test
document: test
effective: {from: 2016-01-01}
scope: named
confidence: medium
seasons:
  - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    periods:
      - {period: valley, from: "22:00", to: "08:00"}
      - {period: flat, from: "08:00", to: "09:00"}
      - {period: peak, from: "09:00", to: "22:00"}
`

const testRatios2016 = `
id: test-ratios
kind: tou_ratios
region: liaoning
issuer: test
document: test
effective: {from: 2016-01-01}
scope: named
confidence: medium
periods: test-periods
ratios: {peak: 1.5, flat: 1, valley: 0.5}
floating: [energy]
`
