package settlement

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement/schema"
	"github.com/dianfei/dianfei/tariff"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// libraryBills are bills of every arrangement the library settles, with
// every kind of slice and optional value a bill holds: catalog with
// contract demand, a counterfactual rule set, captive lines and an
// eligibility warning (ownedBill); direct trade with captive supply (E8);
// market purchase with TOU; agency purchase by actual demand; and a
// catalog bill without kWh (no power-factor adjustment).
func libraryBills(t *testing.T) []Bill {
	set := defaults(t)
	out := []Bill{ownedBill(t, set)}
	opt := capacity()
	opt.Captive = &Captive{SelfKWh: d("100000000"), GenerationCost: d("0.2500"), FundRate: d("0.0518"), CrossSubsidy: d("0.0300"), BackupFee: d("20"), BackupKVA: d("150000")}
	b, err := DirectTradeBill(set, smelterS(), usage("2016-11", "200000000", "64000000", "290000"), opt, k("190000000", "ln-deviation-interim"))
	require.NoError(t, err)
	out = append(out, b)
	tou := withTable(t, set, userRatiosYAML)
	u := usage("2026-09", "300000000", "96000000", "430000")
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodPeak: d("120000000"), tariff.PeriodFlat: d("100000000"), tariff.PeriodValley: d("80000000")}
	o := capacity()
	o.TOU, o.Label = "user-ratios", "C₂"
	b, err = PurchaseBill(tou, smelterS(), u, o, market("0.3500", "0.0150"))
	require.NoError(t, err)
	out = append(out, b)
	agency := Purchase{Arrangement: ArrangementAgencyPurchase, AgencyPrice: price("0.4012"), SystemOperation: price("0.0150"), ExamplePrices: true}
	b, err = PurchaseBill(set, zincZ(), usage("2026-10", "50000000", "0", "70000"), Options{Method: tariff.MethodActualDemand}, agency)
	require.NoError(t, err)
	out = append(out, b)
	b, err = CatalogBill(set, zincZ(), usage("2016-11", "0", "0", "0"), capacity())
	require.NoError(t, err)
	return append(out, b)
}

// An unmarshalled bill equals the bill the library settled, and marshals to
// the same bytes.
func TestBillJSONRoundTrip(t *testing.T) {
	for i, b := range libraryBills(t) {
		t.Run(fmt.Sprint(i, " ", b.Arrangement), func(t *testing.T) {
			first, err := json.Marshal(b)
			require.NoError(t, err)
			var back Bill
			require.NoError(t, json.Unmarshal(first, &back))
			require.True(t, reflect.DeepEqual(b, back), "unmarshalled bill differs:\n%#v\n%#v", b, back)
			second, err := json.Marshal(back)
			require.NoError(t, err)
			require.Equal(t, string(first), string(second))
		})
	}
}

// The JSON keeps the wire names and decimal texts the README shows: money
// with two decimals, unit prices as the table gives them, quantities
// without trailing zeros, months YYYY-MM, optional keys left out.
func TestBillJSONText(t *testing.T) {
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	got, err := b.MarshalJSON()
	require.NoError(t, err)
	s := string(got)
	for _, want := range []string{
		`"month":"2016-11"`, `"arrangement":"catalog"`, `"total":"162767450.00"`, // E1
		`"code":"basic","label_zh":"基本电费","label_en":"Basic charge","quantity":"500000","unit":"kVA","unit_price":"22","amount":"11000000.00"`,
		`"unit_price":"0.4578"`, `"unit_price":"0.0518"`, // as the catalog gives them
		`"quantity":"148340000","unit":"元","unit_price":"-0.75","amount":"-1112550.00"`, // the PF base, 148,340,000.00, without trailing zeros
		`"kind":"unit","ref":"T1","name":"T1","value":"125000 kVA (30/30)"`,
		`"kind":"fund","ref":"农网还贷资金","name":"农网还贷资金","value":"0.020"`,
		`"basic_charge":{"rules":"cn-basic-rules-1583","document":"发改办价格〔2016〕1583号","method":"capacity","demand_kw":"430000","capacity_kva":"500000"`, // no contract_kw, billed_kw
		`"power_factor":{"applied":true,"kwh":"300000000","kvarh":"96000000","value":"0.95","standard":"0.90","percent":"-0.75","base":"148340000.00"`,
		`{"code":"medium_value","subject":"cn-power-factor-090 base",`,
	} {
		require.Contains(t, s, want)
	}
	require.NotContains(t, s, `"label"`)
	require.NotContains(t, s, `"period"`)
}

// Records marshal with every key, and a record settles to the bill the Go
// call gives (E1: 162,767,450.00).
func TestRecordSettle(t *testing.T) {
	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	data, err := json.Marshal(rec)
	require.NoError(t, err)
	require.Equal(t, `{"arrangement":"catalog","customer":{"id":"smelter-s","name":null,"region":"liaoning","class":"large_industry","voltage_kv":"220","pf_standard":"0.90",`+
		`"units":[{"id":"T1","kind":"transformer","kva":"125000","commissioned":null,"suspensions":[]},{"id":"T2","kind":"transformer","kva":"125000","commissioned":null,"suspensions":[]},`+
		`{"id":"T3","kind":"transformer","kva":"125000","commissioned":null,"suspensions":[]},{"id":"T4","kind":"transformer","kva":"125000","commissioned":null,"suspensions":[]}],`+
		`"differential":false},`+
		`"usage":{"month":"2016-11","kwh":"300000000","kwh_by_period":null,"kvarh":"96000000","demand":[{"feeder":"F1","kw":"430000"}],"warnings":[],`+
		`"transformer_loss_kwh":null,"transformer_loss_kvarh":null,"aluminium_production_kwh":null,"aluminium_production_share":null,`+
		`"aluminium_kwh_per_tonne":null,"renewable_share":null,"provincial_weight":null},`+
		`"choice":{"method":"capacity","contract_kw":null},"rules":null,"tou":null,"captive":null,"label":null,"contract":null,"purchase":null,"tables":[]}`, string(data))
	var back Record
	require.NoError(t, json.Unmarshal(data, &back))
	got, err := back.Settle(defaults(t))
	require.NoError(t, err)
	want, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Equal(t, "162767450.00", Money(got.Total))
	require.True(t, reflect.DeepEqual(want, got))

	// Direct trade (E3: 190,000,000 kWh at 0.3449 under the interim rules)
	// and a market purchase (E7) settle through the same call.
	dt := Record{Arrangement: ArrangementDirectTrade, Customer: smelterS(), Usage: usage("2016-11", "200000000", "64000000", "290000"), Options: capacity()}
	kk := k("190000000", "ln-deviation-interim")
	dt.Contract = &kk
	b, err := dt.Settle(defaults(t))
	require.NoError(t, err)
	want, err = DirectTradeBill(defaults(t), smelterS(), dt.Usage, capacity(), kk)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want, b))
	pu := market("0.3500", "0.0150")
	mp := Record{Arrangement: ArrangementMarketPurchase, Customer: smelterS(), Usage: usage("2026-09", "300000000", "96000000", "430000"), Options: capacity(), Purchase: &pu}
	data, err = json.Marshal(mp)
	require.NoError(t, err)
	require.Contains(t, string(data), `"purchase":{"agency_price":null,"contracts":[{"kwh":"1","price":"0.3500"}],"system_operation":"0.0150","published_loss_price":null,"tnd":null,"example_prices":false}`)
	require.NoError(t, json.Unmarshal(data, &back))
	b, err = back.Settle(defaults(t))
	require.NoError(t, err)
	want, err = PurchaseBill(defaults(t), smelterS(), mp.Usage, capacity(), pu)
	require.NoError(t, err)
	require.True(t, reflect.DeepEqual(want, b))

	// A listed table that the set does not hold.
	rec.Tables = []string{"user-ratios"}
	_, err = rec.Settle(defaults(t))
	require.EqualError(t, err, `settlement: 2016-11: tables[0]: "user-ratios": the tariff set has no table with this id (allowed: the ids of the default tables and of the tables added to the set)`)
}

// Strict decoding: each error names the JSON path, the value and what is
// allowed; checks of the Go API apply to decoded input.
func TestRecordDecodeErrors(t *testing.T) {
	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	rec.Usage.Demand["F2"] = d("12")
	good, err := json.Marshal(rec)
	require.NoError(t, err)
	for _, c := range []struct{ old, new, want string }{
		{`"kw":"12"`, `"kw":"12x"`, `settlement: usage.demand[1].kw: "12x": not a decimal (allowed: a decimal in a JSON string, e.g. "12.5")`},
		{`"kw":"12"`, `"kw":12`, `settlement: usage.demand[1].kw: a JSON number 12 where a decimal string is expected: write it as a string (allowed: a decimal in a JSON string, e.g. "12.5")`},
		{`"kw":"12"`, `"kw":"1e3"`, `settlement: usage.demand[1].kw: "1e3": not a decimal (allowed: a decimal in a JSON string, e.g. "12.5")`},
		{`"kw":"12"`, `"kw":"12","peak":"1"`, `settlement: usage.demand[1].peak: unknown field (allowed: feeder, kw)`},
		{`"kw":"12"`, `"kw":"12","kw":"13"`, `settlement: usage.demand[1].kw: key given twice`},
		{`"feeder":"F2","kw":"12"`, `"feeder":"F2"`, `settlement: usage.demand[1].kw: missing`},
		{`"month":"2016-11"`, `"month":"2016-13"`, `settlement: usage.month: "2016-13": not a month (allowed: a month YYYY-MM)`},
		{`"month":"2016-11"`, `"month":201611`, `settlement: usage.month: expected a string, got the JSON number 201611`},
		{`"kind":"transformer","kva":"125000","commissioned":null`, `"kind":"transformer","kva":"125000","commissioned":"2016-02-30"`, `settlement: customer.units[0].commissioned: "2016-02-30": not a date (allowed: a date YYYY-MM-DD)`},
		{`"method":"capacity"`, `"method":"by_capacity"`, `settlement: choice.method: "by_capacity": unknown code (allowed: capacity, contract_demand, actual_demand)`},
		{`"arrangement":"catalog"`, `"arrangement":"retail"`, `settlement: arrangement: "retail": unknown code (allowed: catalog, direct_trade, agency_purchase, market_purchase)`},
		{`"kind":"transformer"`, `"kind":"generator"`, `settlement: customer.units[0].kind: "generator": unknown code (allowed: transformer, motor)`},
		{`"kwh_by_period":null`, `"kwh_by_period":{"noon":"1"}`, `settlement: usage.kwh_by_period.noon: unknown TOU period (allowed: peak, flat, valley, critical)`},
		{`"tables":[]`, `"tables":[], "colour":"red"`, `settlement: colour: unknown field (allowed: arrangement, customer, usage, contract, purchase, tables, choice, rules, tou, captive, label)`},
		{`"differential":false`, `"differential":"no"`, `settlement: customer.differential: expected true or false, got a string`},
		// the Go API's checks, on decoded input
		{`"kw":"12"`, `"kw":"-12"`, `settlement: 2016-11: usage.demand[1].kw: "-12": must not be negative`},
		{`"region":"liaoning"`, `"region":""`, `settlement: 2016-11: customer.region: missing (allowed: a tariff region, e.g. liaoning)`},
		{`"kwh_by_period":null`, `"kwh_by_period":{"peak":"1","flat":"2"}`, `settlement: 2016-11: usage.kwh_by_period: "3": periods sum to 3 kWh but kwh is 300000000`},
		{`"contract":null`, `"contract":{"kwh":"1","price":"0.3","deviation":"ln-deviation-interim"}`, `settlement: 2016-11: contract: only a direct_trade record has a contract`},
		{`"arrangement":"catalog"`, `"arrangement":"direct_trade"`, `settlement: 2016-11: contract: missing: a direct_trade record needs a contract`},
		{`"captive":null`, `"captive":{"self_kwh":"-1","generation_cost":"0","fund_rate":"0","cross_subsidy":"0","backup_fee":"0","backup_kva":"0"}`, `settlement: 2016-11: captive.self_kwh: "-1": must not be negative`},
		{`"tables":[]`, `"tables":[]}{`, `invalid character '{' after top-level value`},
	} {
		bad := strings.Replace(string(good), c.old, c.new, 1)
		require.NotEqual(t, string(good), bad, c.old)
		var r Record
		err := json.Unmarshal([]byte(bad), &r)
		require.Error(t, err, c.new)
		require.Equal(t, c.want, err.Error())
		require.True(t, reflect.DeepEqual(Record{}, r), "a failed decode leaves the record alone")
		var ie *Error
		if !strings.HasPrefix(c.want, "invalid") {
			require.True(t, errors.As(err, &ie), "%T", err)
		}
	}
	// direct trade: the contract's checks, with the month
	dt := rec
	kk := k("-1", "ln-deviation-interim")
	dt.Arrangement, dt.Contract = ArrangementDirectTrade, &kk
	data, err := json.Marshal(dt)
	require.NoError(t, err)
	require.EqualError(t, json.Unmarshal(data, &Record{}), `settlement: 2016-11: contract.kwh: "-1": must not be negative`)
	// a purchase in a record carries no arrangement of its own
	pu := market("0.35", "0.015")
	mp := rec
	mp.Arrangement, mp.Purchase = ArrangementMarketPurchase, &pu
	data, err = json.Marshal(mp)
	require.NoError(t, err)
	bad := strings.Replace(string(data), `"purchase":{`, `"purchase":{"arrangement":"market_purchase",`, 1)
	require.EqualError(t, json.Unmarshal([]byte(bad), &Record{}), `settlement: purchase.arrangement: unknown field (allowed: agency_price, contracts, system_operation, published_loss_price, tnd, example_prices)`)
}

// UnmarshalJSON called directly (as a batch reader does, without
// json.Unmarshal's validation pass) names bad JSON too: a record cut short
// inside an object or an array, or broken mid-way, is an *Error, never
// a bare io.EOF.
func TestRecordDecodeTruncated(t *testing.T) {
	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	good, err := rec.MarshalJSON()
	require.NoError(t, err)
	for _, c := range []struct{ in, want string }{
		{`{"arrangement":"catalog","customer":{`, `settlement: customer: not valid JSON: the input ends before the value is complete`},
		{string(good[:len(good)-1]), `settlement: not valid JSON: the input ends before the value is complete`},
		{`{"tables":[`, `settlement: tables: not valid JSON: the input ends before the value is complete`},
		{`{"tables":["a"`, `settlement: tables: not valid JSON: the input ends before the value is complete`},
		{`{"tables":["a" "b"]}`, `settlement: tables[1]: not valid JSON at byte 16: invalid character '"' after array element`}, // the second '"' is the 16th byte
		{"   x", `settlement: not valid JSON at byte 4: invalid character 'x' looking for beginning of value`},                  // counted over the whole input, blanks too
		{"{\xff}", `settlement: not valid JSON at byte 2: byte 0xFF is not JSON here`},
		{``, `settlement: not valid JSON: the input ends before the value is complete`},
	} {
		var r Record
		err := r.UnmarshalJSON([]byte(c.in))
		require.EqualError(t, err, c.want, c.in)
		var ie *Error
		require.True(t, errors.As(err, &ie), "%T", err)
	}
}

// Each input type decodes on its own, strictly, with the Go API's checks.
func TestInputsDecodeAlone(t *testing.T) {
	var c Customer
	require.EqualError(t, json.Unmarshal([]byte(`{"id":"x","region":"liaoning","class":"large_industry","voltage_kv":"10","pf_standard":0.9,"units":[]}`), &c),
		`settlement: customer.pf_standard: expected a string, got the JSON number 0.9`)
	require.EqualError(t, json.Unmarshal([]byte(`{"id":"x","region":"liaoning","class":"large_industry","voltage_kv":"10","pf_standard":"0.90","units":[]}`), &c),
		`settlement: customer.units: missing (allowed: at least one transformer or motor)`)
	var u Usage
	require.EqualError(t, json.Unmarshal([]byte(`{"month":"2016-11","kwh":"1","kvarh":"-1","demand":[]}`), &u), `settlement: 2016-11: usage.kvarh: "-1": must not be negative`)
	var o Options
	require.EqualError(t, json.Unmarshal([]byte(`{"choice":{"method":"capacity"},"tuo":"x"}`), &o), `settlement: tuo: unknown field (allowed: choice, rules, tou, captive, label)`)
	require.NoError(t, json.Unmarshal([]byte(`{"choice":{"method":"contract_demand","contract_kw":"100000"},"tou":"user-ratios"}`), &o))
	require.Equal(t, Options{Method: tariff.MethodContractDemand, ContractKW: d("100000"), TOU: "user-ratios"}, o)
	var k Contract
	require.EqualError(t, json.Unmarshal([]byte(`{"kwh":"1","price":null,"deviation":"ln-deviation-interim"}`), &k), `settlement: contract.price: missing: the traded price is required (allowed: a price in 元/kWh)`)
	var pu Purchase
	require.EqualError(t, json.Unmarshal([]byte(`{"arrangement":"agency_purchase","system_operation":"0.015"}`), &pu), `settlement: purchase.agency_price: missing: the month's agency purchase price is required (allowed: a price in 元/kWh)`)
	require.NoError(t, json.Unmarshal([]byte(`{"arrangement":"agency_purchase","agency_price":"0.40","system_operation":"0.015"}`), &pu))
	require.Equal(t, "0.40", Price(pu.AgencyPrice.Decimal))
}

// Bills decode strictly too: money with exactly two decimals, codes that
// exist, an item name that matches its kind and ref.
func TestBillDecodeErrors(t *testing.T) {
	b := libraryBills(t)[0]
	good, err := json.Marshal(b)
	require.NoError(t, err)
	for _, c := range []struct{ old, new, want string }{
		{`"total":"`, `"total":"1`, ``}, // placeholder replaced below
		{`"code":"basic"`, `"code":"basic_charge"`, `settlement: lines[1].code: "basic_charge": unknown code (allowed: energy, traded_energy, tnd_energy, outside_energy, basic, purchase_energy, loss, system_operation, funds, deviation, surcharge, power_factor, captive_generation, captive_funds, captive_cross_subsidy, captive_backup)`},
		{`"confidence":"high"`, `"confidence":"HIGH"`, `settlement: sources[1].confidence: "HIGH": unknown code (allowed: high, medium)`},
		{`"name":"feeder F1"`, `"name":"feeder F9"`, `settlement: lines[1].basis.items[0].name: "feeder F9": does not match kind and ref (allowed: feeder F1)`},
		{`"code":"eligibility"`, `"code":"eligible"`, `settlement: warnings[5].code: "eligible": unknown code (allowed: medium_value, counterfactual_rules, suspension_unchecked, user_supplied, eligibility, example_prices, hindsight_plan, user_table, no_15min_demand, interval_gaps, exact_fraction, zero_price, demand_above_capacity, kvarh_above_kwh, pf_exempt, aluminium_all_kwh, contract_below_floor, contract_above_capacity, kwh_above_capacity)`},
		{`"reading":"a"`, `"reading":"c"`, `settlement: basic_charge.reading: "c": unknown code (allowed: a, b)`},
	} {
		if c.want == "" {
			continue
		}
		bad := strings.Replace(string(good), c.old, c.new, 1)
		require.NotEqual(t, string(good), bad, c.old)
		require.EqualError(t, json.Unmarshal([]byte(bad), &Bill{}), c.want)
	}
	total := `"total":"` + Money(b.Total) + `"`
	bad := strings.Replace(string(good), total, `"total":"`+b.Total.String()+`.0"`, 1)
	require.EqualError(t, json.Unmarshal([]byte(bad), &Bill{}), `settlement: total: "`+b.Total.String()+`.0": not an amount with exactly two decimals (allowed: e.g. "1234.50")`)
	bad = strings.Replace(string(good), `"method":"contract_demand","contract_kw":"100000",`, `"method":"contract_demand",`, 1)
	require.EqualError(t, json.Unmarshal([]byte(bad), &Bill{}), `settlement: basic_charge.contract_kw: given exactly when the method is contract_demand`)
}

// ---- property tests: random bills and records

func randDec(r *rand.Rand, maxPlaces int) decimal.Decimal {
	v := r.Int64N(2_000_000_000_000) - 1_000_000_000_000
	if r.IntN(8) == 0 {
		v = 0
	}
	return decimal.New(v, -int32(r.IntN(maxPlaces+1)))
}

func randStr(r *rand.Rand) string {
	return []string{"", "T1", "F2", "ln-catalog-2016", "基本电费", "a \"quoted\" <b> & c", "line\nbreak", "€ ≥ 105 %"}[r.IntN(8)]
}

func pick[T any](r *rand.Rand, vs ...T) T { return vs[r.IntN(len(vs))] }

func randBill(r *rand.Rand) Bill {
	b := Bill{Month: tariff.Month{Year: 2000 + r.IntN(40), Month: pick[time.Month](r, 1, 6, 12)}, Customer: randStr(r), Arrangement: pick(r, arrangements...), Label: randStr(r)}
	codes := []tariff.LineCode{tariff.LineEnergy, tariff.LineBasic, tariff.LinePowerFactor, tariff.LineLoss, tariff.LineCaptiveBackup}
	for range r.IntN(6) {
		l := Line{Code: pick(r, codes...), Period: pick(r, "", tariff.PeriodPeak, tariff.PeriodCritical), LabelZH: randStr(r), LabelEN: randStr(r),
			Quantity: canonTrim(randDec(r, 24)), Unit: pick(r, "kWh", "kVA", "元"), UnitPrice: randDec(r, 10), Amount: canonMoney(randDec(r, 2))}
		for range r.IntN(3) {
			l.Tables = append(l.Tables, randStr(r))
			l.Documents = append(l.Documents, randStr(r))
		}
		l.Clause, l.ClauseZH = randStr(r), randStr(r)
		for range r.IntN(3) {
			l.Items = append(l.Items, Item{Kind: pick(r, itemKinds...), Ref: randStr(r), Value: randStr(r)})
		}
		b.Lines = append(b.Lines, l)
		b.Total = b.Total.Add(l.Amount)
	}
	b.Total = canonMoney(b.Total)
	b.PFApplied, b.PF, b.PFStandard, b.PFPercent = r.IntN(2) == 0, canonMoney(randDec(r, 2)), pick(r, PFStandard090, PFStandard085, PFStandard080, PFExempt), canonTrim(randDec(r, 2))
	b.PFBase, b.PFTable, b.PFKWh, b.PFKVarh = canonMoney(randDec(r, 2)), randStr(r), canonTrim(randDec(r, 3)), canonTrim(randDec(r, 3))
	b.Rules, b.RulesDocument, b.Method, b.DemandKW = randStr(r), randStr(r), pick(r, tariff.Methods()...), canonTrim(randDec(r, 3))
	b.CapacityKVA, b.Reading, b.Discount, b.Counterfactual = canonTrim(randDec(r, 1)), pick(r, tariff.ReadingA, tariff.ReadingB), r.IntN(2) == 0, r.IntN(2) == 0
	if b.Method == tariff.MethodContractDemand {
		b.ContractKW = canonTrim(randDec(r, 0))
	}
	if b.Method != tariff.MethodCapacity {
		b.BilledKW = canonTrim(randDec(r, 3))
	}
	for range r.IntN(3) {
		s := Source{ID: randStr(r), Kind: pick(r, tariff.KindCatalog, tariff.KindTOURatios), Issuer: randStr(r), Document: randStr(r), Range: randStr(r), Confidence: pick(r, tariff.ConfidenceHigh, tariff.ConfidenceMedium)}
		for range r.IntN(2) {
			s.Medium = append(s.Medium, randStr(r))
		}
		b.Sources = append(b.Sources, s)
	}
	for range r.IntN(3) {
		b.Warnings = append(b.Warnings, Warning{Code: pick(r, warningCodes...), Subject: randStr(r), ZH: randStr(r), EN: randStr(r)})
	}
	return b
}

func posDec(r *rand.Rand, places int) decimal.Decimal {
	return decimal.New(1+r.Int64N(1_000_000_000), -int32(r.IntN(places+1)))
}

func nullDec(r *rand.Rand) decimal.NullDecimal {
	if r.IntN(3) == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(posDec(r, 6))
}

// randRecord is a random record that passes the checks decoding makes.
func randRecord(r *rand.Rand) Record {
	m := tariff.Month{Year: 2000 + r.IntN(40), Month: pick[time.Month](r, 1, 2, 11)}
	c := Customer{ID: "c" + fmt.Sprint(r.IntN(100)), Name: pick(r, "", "铜冶炼厂 C"), Region: "liaoning", Class: "large_industry",
		VoltageKV: pick(r, d("0.38"), d("10"), d("66.0"), d("220"), d("1000")), PFStandard: pick(r, PFStandard090, PFStandard085, PFStandard080, PFExempt), Differential: r.IntN(2) == 0}
	var perTonne, share, weight decimal.NullDecimal // the month's stepped-price facts
	if r.IntN(2) == 0 {
		perTonne = decimal.NewNullDecimal(posDec(r, 0))
		if r.IntN(2) == 0 {
			share, weight = decimal.NewNullDecimal(d("0.214")), decimal.NewNullDecimal(d("0.18"))
		}
	}
	for i := range 1 + r.IntN(3) {
		u := Unit{ID: fmt.Sprint("T", i), Motor: pick(r, false, true), KVA: posDec(r, 2)}
		if r.IntN(2) == 0 {
			u.Commissioned = tariff.NewDate(2010, 3, 1+r.IntN(28))
		}
		if r.IntN(2) == 0 {
			u.Suspensions = [][2]tariff.Date{{tariff.NewDate(2016, 1, 5), tariff.NewDate(2016, 2, 1)}, {tariff.NewDate(2016, 5, 1)}}
		}
		c.Units = append(c.Units, u)
	}
	u := Usage{Month: m, KVarh: posDec(r, 3), AluminiumKWhPerTonne: perTonne, RenewableShare: share, ProvincialWeight: weight}
	if r.IntN(2) == 0 {
		for _, p := range []tariff.Period{tariff.PeriodValley, tariff.PeriodPeak, tariff.PeriodFlat}[:1+r.IntN(3)] {
			q := posDec(r, 2)
			if u.ByPeriod == nil {
				u.ByPeriod = map[tariff.Period]decimal.Decimal{}
			}
			u.ByPeriod[p] = q
			u.KWh = u.KWh.Add(q)
		}
	} else {
		u.KWh = posDec(r, 3)
	}
	for i := range r.IntN(3) {
		if u.Demand == nil {
			u.Demand = map[string]decimal.Decimal{}
		}
		u.Demand[fmt.Sprint("F", i)] = posDec(r, 1)
	}
	if r.IntN(3) == 0 {
		u.Warnings = []Warning{{Code: WarningIntervalGaps, Subject: "F1", ZH: "缺", EN: "gaps"}}
	}
	if r.IntN(3) == 0 {
		u.TransformerLossKWh, u.TransformerLossKVarh = posDec(r, 1), posDec(r, 1)
	}
	switch r.IntN(3) {
	case 0:
		u.AluminiumProductionKWh = decimal.NewNullDecimal(u.KWh)
	case 1:
		u.AluminiumProductionShare = decimal.NewNullDecimal(d("0.95"))
	}
	if !perTonne.Valid { // production is a smelter's only: refused without its consumption per tonne
		u.AluminiumProductionKWh, u.AluminiumProductionShare = decimal.NullDecimal{}, decimal.NullDecimal{}
	}
	o := Options{Method: pick(r, tariff.Methods()...), Rules: pick(r, "", "cn-basic-rules-1583"), TOU: pick(r, "", "user-ratios"), Label: pick(r, "", "C₂")}
	if o.Method == tariff.MethodContractDemand {
		o.ContractKW = posDec(r, 0)
	}
	if r.IntN(3) == 0 {
		o.Captive = &Captive{SelfKWh: posDec(r, 0), GenerationCost: posDec(r, 4), FundRate: posDec(r, 4), CrossSubsidy: posDec(r, 4)}
		if r.IntN(2) == 0 {
			o.Captive.BackupFee, o.Captive.BackupKVA = posDec(r, 0), posDec(r, 0)
		} else {
			o.Captive.BackupFeePerKWh = decimal.NewNullDecimal(posDec(r, 4))
		}
	}
	rec := Record{Arrangement: pick(r, arrangements...), Customer: c, Usage: u, Options: o}
	switch rec.Arrangement {
	case ArrangementDirectTrade:
		rec.Contract = &Contract{KWh: posDec(r, 0), Price: decimal.NewNullDecimal(posDec(r, 4)), TND: pick(r, "", "ln-tnd-fushun-pilot-2009"), Deviation: "ln-deviation-interim"}
	case ArrangementAgencyPurchase:
		rec.Purchase = &Purchase{Arrangement: rec.Arrangement, AgencyPrice: decimal.NewNullDecimal(posDec(r, 4)), SystemOperation: decimal.NewNullDecimal(posDec(r, 4)), ExamplePrices: r.IntN(2) == 0}
	case ArrangementMarketPurchase:
		rec.Purchase = &Purchase{Arrangement: rec.Arrangement, SystemOperation: decimal.NewNullDecimal(posDec(r, 4)), TND: pick(r, "", "ln-tnd-2026")}
		if r.IntN(2) == 0 {
			rec.Purchase.PublishedLossPrice = decimal.NewNullDecimal(posDec(r, 4))
		}
		for range 1 + r.IntN(2) {
			rec.Purchase.Contracts = append(rec.Purchase.Contracts, Contract{KWh: posDec(r, 0), Price: decimal.NewNullDecimal(posDec(r, 4))})
		}
	}
	if o.TOU != "" {
		rec.Tables = []string{o.TOU}
	}
	return rec
}

// schemas compiles the bill and record schemas of settlement/schema.
func schemas(t *testing.T) (bill, record *jsonschema.Schema) {
	c := jsonschema.NewCompiler()
	for _, n := range []string{schema.Bill, schema.Record} {
		data, err := fs.ReadFile(schema.FS(), n)
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err)
		require.NoError(t, c.AddResource(schema.BaseURI+n, doc))
	}
	bill, err := c.Compile(schema.BaseURI + schema.Bill)
	require.NoError(t, err)
	record, err = c.Compile(schema.BaseURI + schema.Record)
	require.NoError(t, err)
	return bill, record
}

func valid(t *testing.T, s *jsonschema.Schema, data []byte) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	require.NoError(t, s.Validate(v), "%s", data)
}

// Marshal → unmarshal → marshal is byte-identical for random bills and
// records, what is unmarshalled equals the original, and the JSON is valid
// under the schemas.
func TestJSONRoundTripProperty(t *testing.T) {
	billSchema, recordSchema := schemas(t)
	for _, b := range libraryBills(t) {
		data, err := json.Marshal(b)
		require.NoError(t, err)
		valid(t, billSchema, data)
	}
	r := rand.New(rand.NewPCG(25, 26))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for i := range n {
		b := randBill(r)
		first, err := json.Marshal(b)
		require.NoError(t, err)
		var back Bill
		require.NoError(t, json.Unmarshal(first, &back), "%s", first)
		require.True(t, reflect.DeepEqual(b, back), "bill %d:\n%#v\n%#v", i, b, back)
		if i < 200 {
			valid(t, billSchema, first)
		}
		second, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))

		rec := randRecord(r)
		first, err = json.Marshal(rec)
		require.NoError(t, err)
		var rback Record
		require.NoError(t, json.Unmarshal(first, &rback), "%s", first)
		require.True(t, reflect.DeepEqual(rec, rback), "record %d:\n%#v\n%#v", i, rec, rback)
		if i < 200 {
			valid(t, recordSchema, first)
		}
		second, err = json.Marshal(rback)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second))
	}
}

// Every decimal text a bill writes decodes to a decimal with the same
// representation (canonical forms), zero included.
func TestCanonicalDecimals(t *testing.T) {
	for _, c := range []struct {
		in    decimal.Decimal
		canon func(decimal.Decimal) decimal.Decimal
		text  func(decimal.Decimal) string
	}{
		{d("1.50"), canonTrim, decimal.Decimal.String},
		{decimal.New(5, 2), canonTrim, decimal.Decimal.String},
		{decimal.Zero, canonTrim, decimal.Decimal.String},
		{d("600000.000000000000000000000000"), canonTrim, decimal.Decimal.String},
		{decimal.New(5, 2), canonExact, Price},
		{d("0.0000"), canonExact, Price},
		{decimal.Decimal{}, canonMoney, Money},
		{d("7"), canonMoney, Money},
		{d("-0.5"), canonMoney, Money},
	} {
		cv := c.canon(c.in)
		require.True(t, cv.Equal(c.in) || c.in.IsZero() && cv.IsZero(), "value kept: %s", c.in)
		parsed, err := tariff.ParseDecimal(c.text(cv))
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(cv, c.canon(parsed)), "%s: %#v vs %#v", c.in, cv, c.canon(parsed))
	}
}

// Usage.ByPeriod and Usage.Demand are maps: JSON writes the periods in the
// order peak, flat, valley, critical and the feeders in name order ("F10"
// before "F2"), and a bill itemises the feeders in the same order, whatever
// order the maps were filled in (map iteration is random: every run of the
// loop must give the same bytes).
func TestUsageMapsInOrder(t *testing.T) {
	u := usage("2026-09", "300000000", "96000000", "0")
	u.Demand = map[string]decimal.Decimal{"F2": d("200000"), "F10": d("100000"), "F1": d("130000")}
	u.ByPeriod = map[tariff.Period]decimal.Decimal{tariff.PeriodValley: d("100000000"), tariff.PeriodPeak: d("120000000"), tariff.PeriodFlat: d("80000000")}
	want := `{"month":"2026-09","kwh":"300000000","kwh_by_period":{"peak":"120000000","flat":"80000000","valley":"100000000"},"kvarh":"96000000",` +
		`"demand":[{"feeder":"F1","kw":"130000"},{"feeder":"F10","kw":"100000"},{"feeder":"F2","kw":"200000"}],"warnings":[],` +
		`"transformer_loss_kwh":null,"transformer_loss_kvarh":null,"aluminium_production_kwh":null,"aluminium_production_share":null,` +
		`"aluminium_kwh_per_tonne":null,"renewable_share":null,"provincial_weight":null}`
	set := withTable(t, defaults(t), userRatiosYAML)
	o := Options{Method: tariff.MethodActualDemand, TOU: "user-ratios"}
	for range 20 {
		got, err := json.Marshal(u)
		require.NoError(t, err)
		require.Equal(t, want, string(got))
		b, err := PurchaseBill(set, smelterS(), u, o, market("0.3500", "0.0150"))
		require.NoError(t, err)
		l, _ := b.Line(tariff.LineBasic)
		var feeders, periods []string
		for _, it := range l.Items {
			if it.Kind == ItemFeeder {
				feeders = append(feeders, it.Ref)
			}
		}
		for _, l := range b.Lines {
			if l.Code == tariff.LinePurchaseEnergy {
				periods = append(periods, string(l.Period))
			}
		}
		require.Equal(t, []string{"F1", "F10", "F2"}, feeders)
		require.Equal(t, []string{"peak", "flat", "valley"}, periods)
	}
}
