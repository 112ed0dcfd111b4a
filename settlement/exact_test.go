package settlement

import (
	"encoding/json"
	"errors"
	"maps"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Issue 17: never a wrong number. Each test here failed before its fix.

// E9 (a): 2023+ market purchase, 3 kWh against contracts of 1 kWh at 0.0050
// and 2 kWh at 0.0100: purchase energy (1 × 0.0050 + 2 × 0.0100) × 3 ÷ 3 =
// 0.025 → 0.03. Dividing first (a weighted price of 0.008333… to 24 places)
// gave 0.02. The loss line is one fraction too: 3 × 0.025 ÷ 3 × 0.0378 ÷
// 0.9622 = 0.000982…  → 0.00.
func TestE9aMarketPurchaseOneFraction(t *testing.T) {
	pu := Purchase{Arrangement: ArrangementMarketPurchase, SystemOperation: price("0"),
		Contracts: []Contract{{KWh: d("1"), Price: price("0.0050")}, {KWh: d("2"), Price: price("0.0100")}}}
	b, err := PurchaseBill(defaults(t), smelterS(), usage("2026-09", "3", "0", "0"), capacity(), pu)
	require.NoError(t, err)
	l, ok := b.Line("purchase_energy")
	require.True(t, ok)
	require.Equal(t, "0.03", Money(l.Amount))
	// The weighted price repeats: shown to 24 places, and the bill says the
	// amount comes from the exact fraction.
	require.Equal(t, "0.008333333333333333333333", Price(l.UnitPrice))
	require.True(t, hasWarning(b, "exact_fraction"))
	loss, _ := b.Line("loss")
	require.Equal(t, "0.00", Money(loss.Amount))
}

// E9 (b): direct trade at 110 kV under TOU (ratios 1.5 / 1 / 0.5, energy
// outside the contract floats), 1,000 kWh in each period, contract 2,750,
// interim rules: 250 kWh outside; peak share 250 × 1,000 ÷ 3,000 kWh at
// (0.5196 − 0.0518) × 1.5 = 0.7017: 175.425 ÷ 3 = 58.475 → 58.48 (58.47
// when the share was rounded to 24 places first). Traded peak 1,000 × 2,750 ÷
// 3,000 = 916.666… kWh × 0.3449 = 316.158333… → 316.16.
func TestE9bTOUOutsideOneFraction(t *testing.T) {
	set := withTable(t, defaults(t), testPeriods2016, testRatios2016)
	c := smelterS()
	c.VoltageKV = d("110")
	u := usage("2016-11", "3000", "0", "0")
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("1000"), tariff.PeriodFlat: d("1000"), tariff.PeriodValley: d("1000")}
	o := capacity()
	o.TOU = "test-ratios"
	b, err := DirectTradeBill(set, c, u, o, k("2750", "ln-deviation-interim"))
	require.NoError(t, err)
	got := map[string]string{}
	for _, l := range b.Lines {
		got[string(l.Code)+"/"+string(l.Period)] = Money(l.Amount)
	}
	require.Equal(t, "58.48", got["outside_energy/peak"])   // 250 × 1,000 × 0.7017 ÷ 3,000
	require.Equal(t, "38.98", got["outside_energy/flat"])   // 250 × 1,000 × 0.4678 ÷ 3,000 = 38.98333…
	require.Equal(t, "19.49", got["outside_energy/valley"]) // × 0.2339 = 19.491666…
	require.Equal(t, "316.16", got["traded_energy/peak"])   // 2,750 × 1,000 × 0.3449 ÷ 3,000 (traded price flat)
	l, _ := b.Line("outside_energy")
	require.Equal(t, "83.333333333333333333333333", l.Quantity.String())
	require.True(t, hasWarning(b, "exact_fraction"))
}

// A transformer of 8,384,883,669,827,979 kVA: the money sum multiplied by 100
// before its range check, so the total differed from the sum of the lines.
// Now refused: above 10¹² (README §3.1).
func TestMagnitudesRefused(t *testing.T) {
	set := defaults(t)
	c := smelterS()
	c.Units[0].KVA = d("8384883669827979")
	_, err := CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units[0].kva: "8384883669827979": above 10^12, implausible (allowed: at most 1000000000000)`)
	var ie *Error
	require.True(t, errors.As(err, &ie))
	// 10¹² itself is accepted, in one unit and in all.
	c.Units[0].KVA = d("999999625000") // + 3 × 125,000 = 10¹²
	b, err := CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	requireTotalIsSum(t, b)
	// Each unit at most 10¹², but 10¹² + 375,000 kVA in all: refused too (the
	// review's four units of 10¹² kVA each were billed).
	c.Units[0].KVA = d("1000000000000")
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units: "1000000375000": the units' capacity in all: above 10^12, implausible (allowed: at most 1000000000000 kVA)`)
	for _, bad := range []struct {
		mod  func(*Usage)
		want string
	}{
		{func(u *Usage) { u.KWh = d("1000000000000.5") }, `settlement: 2016-11: usage.kwh: "1000000000000.5": above 10^12, implausible (allowed: at most 1000000000000)`},
		{func(u *Usage) { u.KVarh = d("1e13") }, `settlement: 2016-11: usage.kvarh: "10000000000000": above 10^12, implausible (allowed: at most 1000000000000)`},
		{func(u *Usage) { u.Demand["F1"] = d("2e12") }, `settlement: 2016-11: usage.demand["F1"].kw: "2000000000000": above 10^12, implausible (allowed: at most 1000000000000)`},
		{func(u *Usage) { u.KWh = d("0.0000000000000000000000001") }, `settlement: 2016-11: usage.kwh: "0.0000000000000000000000001": more than 24 decimal places (allowed: at most 24 decimal places)`},
	} {
		u := usage("2016-11", "300000000", "96000000", "430000")
		bad.mod(&u)
		_, err := CatalogBill(set, smelterS(), u, capacity())
		require.EqualError(t, err, bad.want)
	}
}

// The money sum is exact whatever the size of the amounts: the fast path
// used to multiply an 18-digit coefficient by 100 before checking its range.
func TestSumAmountsRange(t *testing.T) {
	// 8,384,883,669,827,979 × 22 = 184,467,440,736,215,538 (18 digits, exponent 0).
	a := d("184467440736215538")
	got := sumAmounts([]decimal.Decimal{a, d("0.01")})
	require.Equal(t, "184467440736215538.01", got.String())
	require.Equal(t, "-184467440736215538.01", sumAmounts([]decimal.Decimal{a.Neg(), d("-0.01")}).String())
	require.Equal(t, "92233720368547758.07", sumAmounts([]decimal.Decimal{d("92233720368547758"), d("0.07")}).String())
}

// tariff.Month{2016, 13} and month −1 through the Go API used to give a bill
// for "2016-13" and "2016-0/-01"; now input errors.
func TestBadMonthsThroughGoAPI(t *testing.T) {
	set := defaults(t)
	for _, m := range []tariff.Month{{Year: 2016, Month: 13}, {Year: 2016, Month: -1}, {Year: 2016, Month: 0}, {Year: 10000, Month: 1}, {Year: -1, Month: 5}} {
		u := usage("2016-11", "300000000", "96000000", "430000")
		u.Month = m
		_, err := CatalogBill(set, smelterS(), u, capacity())
		var ie *Error
		require.True(t, errors.As(err, &ie), "%v: %v", m, err)
		require.Equal(t, "usage.month", ie.Field)
		require.Contains(t, err.Error(), "not a valid month (allowed: a month YYYY-MM)")
	}
	u := usage("2016-11", "300000000", "96000000", "430000")
	u.Month = tariff.Month{Year: 2016, Month: 13}
	_, err := CatalogBill(set, smelterS(), u, capacity())
	require.EqualError(t, err, `settlement: usage.month: "2016-13": not a valid month (allowed: a month YYYY-MM)`)
	// The plan optimiser checks the same.
	r, err := set.BasicRules("liaoning", tariff.NewDate(2016, 11, 1), "")
	require.NoError(t, err)
	_, err = OptimisePlan(r, smelterS(), []Usage{u}, e5Prices)
	require.EqualError(t, err, `settlement: usage.month: "2016-13": not a valid month (allowed: a month YYYY-MM)`)
}

// A duplicate feeder or unit id through the Go API used to be accepted (a
// duplicate unit changed the total); now input errors, as the YAML loader
// gives. A feeder is a key of Usage.Demand, so only JSON can list one twice.
func TestDuplicatesThroughGoAPI(t *testing.T) {
	set := defaults(t)
	var u Usage
	err := json.Unmarshal([]byte(`{"month":"2016-11","kwh":"300000000","kvarh":"96000000","demand":[{"feeder":"F1","kw":"230000"},{"feeder":"F1","kw":"200000"}]}`), &u)
	require.EqualError(t, err, `settlement: 2016-11: usage.demand[1].feeder: "F1": feeder listed twice`)
	c := smelterS()
	c.Units[3].ID = "T1"
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units[3].id: "T1": unit id used twice`)
}

// A bad feeder is named by its name through the Go API (Usage.Demand is a
// map) and by its place in the list in JSON, whatever the names' order.
func TestFeederNamedInErrors(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	u.Demand["F2"] = d("-12")
	_, err := CatalogBill(set, smelterS(), u, capacity())
	require.EqualError(t, err, `settlement: 2016-11: usage.demand["F2"].kw: "-12": must not be negative`)
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, `usage.demand["F2"].kw`, e.Field)
	u.Demand = map[string]decimal.Decimal{`F"9`: d("2e12")}
	_, err = CatalogBill(set, smelterS(), u, capacity())
	require.EqualError(t, err, `settlement: 2016-11: usage.demand["F\"9"].kw: "2000000000000": above 10^12, implausible (allowed: at most 1000000000000)`)
	// JSON: F2 is listed first, F1 second (name order would put F2 second).
	for _, c := range []struct{ demand, want string }{
		{`[{"feeder":"F2","kw":"-12"},{"feeder":"F1","kw":"430000"}]`, `settlement: 2016-11: usage.demand[0].kw: "-12": must not be negative`},
		{`[{"feeder":"F2","kw":"12"},{"feeder":"F1","kw":"-430000"}]`, `settlement: 2016-11: usage.demand[1].kw: "-430000": must not be negative`},
		{`[{"feeder":"F2","kw":"12"},{"feeder":"","kw":"430000"}]`, `settlement: 2016-11: usage.demand[1].feeder: missing`},
	} {
		var v Usage
		err := json.Unmarshal([]byte(`{"month":"2016-11","kwh":"300000000","kvarh":"96000000","demand":`+c.demand+`}`), &v)
		require.EqualError(t, err, c.want)
	}
}

// What the scenario loader rejects, the Go API rejects too.
func TestGoAPIMatchesLoader(t *testing.T) {
	set := defaults(t)
	ok := usage("2016-11", "300000000", "96000000", "430000")
	for _, c := range []struct {
		mod  func(*Customer, *Usage, *Options)
		want string
	}{
		{func(c *Customer, u *Usage, o *Options) { c.PFStandard = "0.95" }, `settlement: 2016-11: customer.pf_standard: "0.95": unknown power-factor standard (allowed: 0.90, 0.85, 0.80, none)`},
		{func(c *Customer, u *Usage, o *Options) { c.Units[0].ID = "" }, `settlement: 2016-11: customer.units[0].id: missing`},
		{func(c *Customer, u *Usage, o *Options) {
			c.Units[0].Commissioned = tariff.Date{Year: 2016, Month: 2, Day: 30}
		}, `settlement: 2016-11: customer.units[0].commissioned: "2016-02-30": not a valid date (allowed: a date YYYY-MM-DD)`},
		{func(c *Customer, u *Usage, o *Options) {
			c.Units[0].Suspensions = [][2]tariff.Date{{tariff.Date{Year: 2016, Month: 13, Day: 1}}}
		}, `settlement: 2016-11: customer.units[0].suspensions[0].seal: "2016-13-01": not a valid date (allowed: a date YYYY-MM-DD)`},
		{func(c *Customer, u *Usage, o *Options) { u.AluminiumKWhPerTonne = decimal.NewNullDecimal(decimal.Zero) }, `settlement: 2016-11: usage.aluminium_kwh_per_tonne: "0": must be greater than zero`},
		{func(c *Customer, u *Usage, o *Options) {
			u.Demand = map[string]decimal.Decimal{"": d("1"), "F1": d("430000")}
		}, `settlement: 2016-11: usage.demand[""].feeder: missing`},
		{func(c *Customer, u *Usage, o *Options) { *o = contract("420000.5") }, `settlement: 2016-11: choice.contract_kw: "420000.5": contract demand is declared in whole kW (allowed: whole kW)`},
		{func(c *Customer, u *Usage, o *Options) { o.Captive = &Captive{SelfKWh: d("2e12")} }, `settlement: 2016-11: captive.self_kwh: "2000000000000": above 10^12, implausible (allowed: at most 1000000000000)`},
	} {
		cu, us, op := smelterS(), ok, capacity()
		us.Demand = maps.Clone(ok.Demand)
		c.mod(&cu, &us, &op)
		_, err := CatalogBill(set, cu, us, op)
		require.EqualError(t, err, c.want)
	}
	_, err := DirectTradeBill(set, smelterS(), ok, capacity(), Contract{KWh: d("3e12"), Price: price("0.3449"), Deviation: "ln-deviation-interim"})
	require.EqualError(t, err, `settlement: 2016-11: contract.kwh: "3000000000000": above 10^12, implausible (allowed: at most 1000000000000)`)
	_, err = PurchaseBill(set, smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("1e13", "0.015"))
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts[0].price: "10000000000000": above 10^12, implausible (allowed: at most 1000000000000)`)
}

// A 2023+ month with no kWh under market purchase: the scenario buys the
// month's kWh (none) at its market price, and the bill is a bill (purchase
// energy 0.00), not "contracts hold no kWh".
func TestMarketPurchaseNoKWh(t *testing.T) {
	pu := market("0.35", "0.015")
	pu.Contracts[0].KWh = decimal.Zero
	b, err := PurchaseBill(defaults(t), smelterS(), usage("2026-09", "0", "0", "0"), capacity(), pu)
	require.NoError(t, err)
	wantLines(t, b, "11000000.00",
		"purchase_energy", "0.00", "loss", "0.00", "tnd_energy", "0.00", "system_operation", "0.00",
		"basic", "11000000.00", // 500,000 kVA × 22.0; no power-factor line (kWh and kvarh both zero)
		"funds", "0.00")
	l, _ := b.Line("purchase_energy")
	require.Equal(t, "0.35", Price(l.UnitPrice))
	// Several contracts at different prices holding no kWh have no weighted price.
	pu.Contracts = append(pu.Contracts, Contract{KWh: decimal.Zero, Price: price("0.36")})
	_, err = PurchaseBill(defaults(t), smelterS(), usage("2026-09", "0", "0", "0"), capacity(), pu)
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts: "0": contracts hold no kWh, so their prices have no volume-weighted price`)
}

func requireTotalIsSum(t *testing.T, b Bill) {
	t.Helper()
	s := decimal.Zero
	for _, l := range b.Lines {
		s = s.Add(l.Amount)
	}
	require.True(t, s.Equal(b.Total), "total %s, sum of lines %s", b.Total, s)
}

// Values only the Go API can build, with exponents far outside any decimal
// text, are refused quickly and named compactly (no billion-digit message).
func TestExtremeExponents(t *testing.T) {
	set := defaults(t)
	c := smelterS()
	c.Units[0].KVA = decimal.New(1, -2000000000)
	_, err := CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units[0].kva: "1e-2000000000": more than 24 decimal places (allowed: at most 24 decimal places)`)
	c = smelterS()
	c.PFStandard = "9e2000000000"
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.pf_standard: "9e2000000000": unknown power-factor standard (allowed: 0.90, 0.85, 0.80, none)`)
	u := usage("2016-11", "300000000", "96000000", "430000")
	u.KVarh = decimal.New(0, -2000000000)
	_, err = CatalogBill(set, smelterS(), u, capacity())
	require.EqualError(t, err, `settlement: 2016-11: usage.kvarh: "0e-2000000000": zero written with an exponent out of range (allowed: a plain decimal)`)
}
