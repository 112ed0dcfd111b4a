package settlement

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// The findings of the billing engineer's review (settlement's JSON and Go
// API), one test each.

// decodeRecord decodes data as a record; the fast and the slow parser give
// the same nodes for it (so both paths give the same error).
func decodeRecord(t *testing.T, data string) (Record, error) {
	t.Helper()
	checkFast(t, []byte(data))
	var r Record
	err := json.Unmarshal([]byte(data), &r)
	return r, err
}

// recordText returns the JSON of rec.
func recordText(t *testing.T, rec Record) string {
	t.Helper()
	data, err := json.Marshal(rec)
	require.NoError(t, err)
	return string(data)
}

// Finding 1: null for a required value settled as 0 (E1 usage.kwh: null
// billed 26,950,000.00). Now every required decimal, string, list and
// object refuses null with its JSON path; keys the schema makes nullable
// (contract.price, purchase.system_operation, a market contract's price)
// get the Go API's "missing" error with the month.
func TestNullIsNeverZero(t *testing.T) {
	e1 := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	good := recordText(t, e1)
	_, err := decodeRecord(t, good)
	require.NoError(t, err)
	for _, c := range []struct{ old, new, want string }{
		{`"kwh":"300000000"`, `"kwh":null`, `settlement: usage.kwh: null is not allowed: the value is required`},
		{`"kvarh":"96000000"`, `"kvarh":null`, `settlement: usage.kvarh: null is not allowed: the value is required`},
		{`"kw":"430000"`, `"kw":null`, `settlement: usage.demand[0].kw: null is not allowed: the value is required`},
		{`"month":"2016-11"`, `"month":null`, `settlement: usage.month: null is not allowed: the value is required`},
		{`"demand":[`, `"demand":null,"x":[`, `settlement: usage.x: unknown field (allowed: month, kwh, kwh_by_period, kvarh, demand, warnings, transformer_loss_kwh, transformer_loss_kvarh, aluminium_production_kwh, aluminium_production_share, aluminium_kwh_per_tonne, renewable_share, provincial_weight)`},
		{`"voltage_kv":"220"`, `"voltage_kv":null`, `settlement: customer.voltage_kv: null is not allowed: the value is required`},
		{`"kva":"125000"`, `"kva":null`, `settlement: customer.units[0].kva: null is not allowed: the value is required`},
		{`"region":"liaoning"`, `"region":null`, `settlement: customer.region: null is not allowed: the value is required`},
		{`"pf_standard":"0.90"`, `"pf_standard":null`, `settlement: customer.pf_standard: null is not allowed: the value is required`},
		{`"choice":{"method":"capacity","contract_kw":null}`, `"choice":null`, `settlement: choice: null is not allowed: the value is required`},
		{`"arrangement":"catalog"`, `"arrangement":null`, `settlement: arrangement: null is not allowed: the value is required`},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		require.NotEqual(t, good, bad, c.old)
		r, err := decodeRecord(t, bad)
		require.EqualError(t, err, c.want, c.new)
		require.Equal(t, Record{}, r)
	}
	// Required object values and lists: the whole usage, the units.
	for _, c := range []struct{ key, want string }{
		{"usage", `settlement: usage: null is not allowed: the value is required`},
		{"customer", `settlement: customer: null is not allowed: the value is required`},
	} {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(good), &m))
		m[c.key] = json.RawMessage("null")
		data, _ := json.Marshal(m)
		_, err := decodeRecord(t, string(data))
		require.EqualError(t, err, c.want)
	}
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(good), &m))
	var cm map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(m["customer"], &cm))
	cm["units"] = json.RawMessage("null")
	m["customer"], _ = json.Marshal(cm)
	data, _ := json.Marshal(m)
	_, err = decodeRecord(t, string(data))
	require.EqualError(t, err, `settlement: customer.units: null is not allowed: the value is required`)

	// E7 (market purchase): a contract's price null billed 40,432,775.00.
	e7 := Record{Arrangement: ArrangementMarketPurchase, Customer: smelterS(), Usage: usage("2026-09", "300000000", "96000000", "430000"), Options: capacity()}
	pu := market("0.3500", "0.0150")
	e7.Purchase = &pu
	good = recordText(t, e7)
	_, err = decodeRecord(t, strings.Replace(good, `"price":"0.3500"`, `"price":null`, 1))
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts[0].price: missing: the contract price is required (allowed: a price in 元/kWh)`)
	_, err = decodeRecord(t, strings.Replace(good, `"kwh":"1",`, `"kwh":null,`, 1))
	require.EqualError(t, err, `settlement: purchase.contracts[0].kwh: null is not allowed: the value is required`)
	// The Go API tells a missing price from 0.
	pu.Contracts[0].Price.Valid = false
	_, err = PurchaseBill(defaults(t), smelterS(), e7.Usage, capacity(), pu)
	require.EqualError(t, err, `settlement: 2026-09: purchase.contracts[0].price: missing: the contract price is required (allowed: a price in 元/kWh)`)

	// E8 (direct trade): contract.kwh null billed 148,330,800.00.
	e8 := e1
	kk := k("290000000", "ln-deviation-interim")
	e8.Arrangement, e8.Contract = ArrangementDirectTrade, &kk
	good = recordText(t, e8)
	_, err = decodeRecord(t, strings.Replace(good, `"kwh":"290000000"`, `"kwh":null`, 1))
	require.EqualError(t, err, `settlement: contract.kwh: null is not allowed: the value is required`)
	_, err = decodeRecord(t, strings.Replace(good, `"price":"0.3449"`, `"price":null`, 1))
	require.EqualError(t, err, `settlement: 2016-11: contract.price: missing: the traded price is required (allowed: a price in 元/kWh)`)
}

// Finding 2: the contract-demand method without a declared contract (null,
// 0) billed the 40 % floor silently. Now an input error at
// choice.contract_kw, in the Go API, JSON and (settlement/scenario) YAML; a
// declaration below the floor's whole kW bills the floor with a warning.
func TestContractDemandNeedsContract(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	const want = `settlement: 2016-11: choice.contract_kw: no contract demand declared: the contract_demand method bills a declared contract demand (allowed: whole kW greater than zero)`
	_, err := CatalogBill(set, smelterS(), u, Options{Method: tariff.MethodContractDemand})
	require.EqualError(t, err, want)
	var ie *Error
	require.True(t, errors.As(err, &ie))
	require.Equal(t, "choice.contract_kw", ie.Field)

	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: u, Options: contract("100000")}
	good := recordText(t, rec)
	for _, v := range []string{`null`, `"0"`} {
		_, err := decodeRecord(t, strings.Replace(good, `"contract_kw":"100000"`, `"contract_kw":`+v, 1))
		require.EqualError(t, err, want, v)
	}
	_, err = decodeRecord(t, strings.Replace(good, `,"contract_kw":"100000"`, ``, 1))
	require.EqualError(t, err, want)

	// The capacity method with a contract demand: refused, as the bill
	// reader refuses basic_charge.contract_kw under capacity.
	_, err = CatalogBill(set, smelterS(), u, Options{Method: tariff.MethodCapacity, ContractKW: d("5")})
	require.EqualError(t, err, `settlement: 2016-11: choice.contract_kw: "5": a contract demand is declared only under the contract_demand method (allowed: null, or method contract_demand)`)
	capRec := recordText(t, Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: u, Options: capacity()})
	_, err = decodeRecord(t, strings.Replace(capRec, `"contract_kw":null`, `"contract_kw":"5"`, 1))
	require.EqualError(t, err, `settlement: choice.contract_kw: "5": a contract demand is declared only under the contract_demand method (allowed: null, or method contract_demand)`)

	// Below the floor: 4 × 125,000 kVA × 0.4 = 200,000 kW; 199,999 warns,
	// 200,000 does not.
	b, err := CatalogBill(set, smelterS(), u, contract("199999"))
	require.NoError(t, err)
	require.Equal(t, []string{"the declared contract demand 199999 kW is below the floor 0.4 × 500000 kVA = 200000 kW (cn-basic-rules-1583): the floor is billed; check the declaration"},
		warningsOf(b, WarningContractBelowFloor))
	require.Equal(t, "200000", b.BilledKW.String())
	b, err = CatalogBill(set, smelterS(), u, contract("200000"))
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningContractBelowFloor))
	// A floor that is not a whole kW: 0.4 × 500,001 = 200,000.4 kW; declaring
	// ⌊200,000.4⌋ = 200,000 (the optimiser's choice) is no mistake.
	c := smelterS()
	c.Units[0].KVA = d("125001")
	b, err = CatalogBill(set, c, u, contract("200000"))
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningContractBelowFloor))
	b, err = CatalogBill(set, c, u, contract("1"))
	require.NoError(t, err)
	require.Len(t, warningsOf(b, WarningContractBelowFloor), 1)
}

// Finding 3: the Go API and JSON accepted what the scenario loader refuses
// (voltage_kv 1,000,000; four units of 10¹² kVA) and warned about neither a
// contract of 10⁹ kW on 500,000 kVA nor 10¹² kWh.
func TestGoAPIRefusesWhatTheLoaderRefuses(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	c := smelterS()
	c.VoltageKV = d("1000000")
	_, err := CatalogBill(set, c, u, capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.voltage_kv: "1000000": not a standard supply voltage in kV (GB/T 156) (allowed: 0.22, 0.38, 0.66, 1, 3, 6, 10, 20, 35, 66, 110, 220, 330, 500, 750, 1000)`)
	rec := recordText(t, Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: u, Options: capacity()})
	_, err = decodeRecord(t, strings.Replace(rec, `"voltage_kv":"220"`, `"voltage_kv":"1000000"`, 1))
	require.EqualError(t, err, `settlement: 2016-11: customer.voltage_kv: "1000000": not a standard supply voltage in kV (GB/T 156) (allowed: 0.22, 0.38, 0.66, 1, 3, 6, 10, 20, 35, 66, 110, 220, 330, 500, 750, 1000)`)
	c.VoltageKV = d("220.0") // equal to a standard voltage
	_, err = CatalogBill(set, c, u, capacity())
	require.NoError(t, err)

	c = smelterS()
	for i := range c.Units {
		c.Units[i].KVA = d("1000000000000")
	}
	_, err = CatalogBill(set, c, u, capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units: "4000000000000": the units' capacity in all: above 10^12, implausible (allowed: at most 1000000000000 kVA)`)
}

func TestCapacityPlausibility(t *testing.T) {
	set := defaults(t)
	// Contract 10⁹ kW on 500,000 kVA: above 1.5 × 500,000 = 750,000 kW.
	b, err := CatalogBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), contract("1000000000"))
	require.NoError(t, err)
	require.Equal(t, []string{"the declared contract demand 1000000000 kW is above 1.5 × the capacity in service (500000 kVA): check the declaration"}, warningsOf(b, WarningContractAboveCapacity))
	b, err = CatalogBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), contract("750000"))
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningContractAboveCapacity))
	// November: 500,000 kVA × 30 days × 24 h = 360,000,000 kWh at most.
	b, err = CatalogBill(set, smelterS(), usage("2016-11", "360000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Empty(t, warningsOf(b, WarningKWhAboveCapacity))
	b, err = CatalogBill(set, smelterS(), usage("2016-11", "1000000000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Equal(t, []string{"active energy 1000000000000 kWh is above the 360000000 kWh the units in service can deliver at full rating in the month (kVA × days in service × 24 h): check the kWh and the units"}, warningsOf(b, WarningKWhAboveCapacity))
	// A unit in service 10 days of November counts 10 days: 3 × 125,000 ×
	// 720 + 125,000 × 240 = 300,000,000 kWh at most.
	c := smelterS()
	c.Units[3].Commissioned = tariff.NewDate(2016, 11, 21)
	b, err = CatalogBill(set, c, usage("2016-11", "300000001", "96000000", "430000"), capacity())
	require.NoError(t, err)
	require.Equal(t, []string{"active energy 300000001 kWh is above the 300000000 kWh the units in service can deliver at full rating in the month (kVA × days in service × 24 h): check the kWh and the units"}, warningsOf(b, WarningKWhAboveCapacity))
}

// Finding 4: the bill reader accepted what bill.v1.schema.json refuses
// (power_factor.standard "0.9", quantity "300000000.0", warnings null) and
// a total that is not the sum of the lines.
func TestBillReaderAgreesWithSchema(t *testing.T) {
	b := libraryBills(t)[0]
	data, err := json.Marshal(b)
	require.NoError(t, err)
	good := string(data)
	bill, _ := schemas(t)
	for _, c := range []struct{ old, new, want string }{
		{`"standard":"0.90"`, `"standard":"0.9"`, `settlement: power_factor.standard: "0.9": unknown power-factor standard (allowed: 0.90, 0.85, 0.80, none)`},
		{`"quantity":"300000000"`, `"quantity":"300000000.0"`, `settlement: lines[0].quantity: "300000000.0": a quantity with trailing zeros (allowed: a quantity without trailing zeros, e.g. "300000000" or "0.5")`},
		{`"total":"` + Money(b.Total) + `"`, `"total":"1.00"`, `settlement: total: "1.00": not the sum of the lines' amounts, ` + Money(b.Total) + ` (allowed: the sum of lines[].amount)`},
		{`"contract_kw":"100000"`, `"contract_kw":null`, `settlement: basic_charge.contract_kw: null is not allowed: leave the key out when it does not apply`},
		{`"quantity":"300000000"`, `"quantity":"0300000000"`, `settlement: lines[0].quantity: "0300000000": leading zeros are not allowed (allowed: a decimal without leading zeros, e.g. "7" or "0.5")`},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		require.NotEqual(t, good, bad, c.old)
		var v any
		require.NoError(t, json.Unmarshal([]byte(bad), &v))
		if !strings.Contains(c.new, "1.00") { // the schema cannot add up the lines
			require.Error(t, bill.Validate(v), "the schema refuses %s", c.new)
		}
		require.EqualError(t, json.Unmarshal([]byte(bad), &Bill{}), c.want)
	}
	// warnings is the bill's last key.
	bad := good[:strings.LastIndex(good, `,"warnings":[`)] + `,"warnings":null}`
	var v any
	require.NoError(t, json.Unmarshal([]byte(bad), &v))
	require.Error(t, bill.Validate(v))
	require.EqualError(t, json.Unmarshal([]byte(bad), &Bill{}), `settlement: warnings: null is not allowed: the value is required`)
}

// Finding 5: an unknown tou or rules id was a *tariff.Error without
// the field or the month; a rule error had no month and no field.
func TestNamedTableErrorsCarryFieldAndMonth(t *testing.T) {
	set := defaults(t)
	u := usage("2016-11", "300000000", "96000000", "430000")
	for _, c := range []struct {
		opt         Options
		field, want string
	}{
		{Options{Method: tariff.MethodCapacity, TOU: "nope"}, "tou", `settlement: 2016-11: tou: "nope": no tou_ratios table with this id`},
		{Options{Method: tariff.MethodCapacity, Rules: "nope"}, "rules", `settlement: 2016-11: rules: "nope": no basic_rules table with this id (allowed: cn-basic-rules-1583, cn-basic-rules-1996, cn-basic-rules-526)`},
	} {
		_, err := CatalogBill(set, smelterS(), u, c.opt)
		require.EqualError(t, err, c.want)
		var ie *Error
		require.True(t, errors.As(err, &ie))
		require.Equal(t, "2016-11", ie.Month)
		require.Equal(t, c.field, ie.Field)
		var nt *tariff.Error
		require.True(t, errors.As(err, &nt), "the table error is still there")
		require.Equal(t, "nope", nt.ID)
	}
	_, err := CatalogBill(set, smelterS(), u, Options{Method: tariff.MethodActualDemand})
	var re *Error
	require.True(t, errors.As(err, &re))
	require.Equal(t, "2016-11", re.Month)
	require.Equal(t, "choice.method", re.Field)
	require.Equal(t, "methods", re.Clause)
}

// Second review, finding 3: a lookup of the month that no table answers is
// an *Error carrying the month (its text the lookup's own); a named table
// that is missing and one that is not in force differ in fields, not only
// in text; an unknown class or region is a customer field error listing
// what there is, for every arrangement; finding 12: a customer error inside
// a bill carries the month.
func TestLookupErrorsCarryTheMonth(t *testing.T) {
	set := defaults(t)
	_, err := CatalogBill(set, smelterS(), usage("2017-07", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, "tariff: no catalog table in force for liaoning large_industry on 2017-07-01")
	var se *Error
	require.True(t, errors.As(err, &se))
	require.Equal(t, Error{Month: "2017-07", Err: se.Err}, *se)
	var te *tariff.Error
	require.True(t, errors.As(err, &te))
	require.Equal(t, "large_industry", te.Class)
	require.Equal(t, tariff.NewDate(2017, 7, 1), te.Date)
	_, err = CatalogTotal(set, smelterS(), usage("2017-07", "300000000", "96000000", "430000"), capacity())
	require.True(t, errors.As(err, &se))
	require.Equal(t, "2017-07", se.Month, "the lean bill too")
	_, err = PurchaseBill(set, smelterS(), usage("2026-07", "300000000", "96000000", "430000"), capacity(), market("0.35", "0.015"))
	require.EqualError(t, err, "tariff: no tnd table in force for liaoning on 2026-07-01")
	require.True(t, errors.As(err, &se))
	require.Equal(t, "2026-07", se.Month)

	// Missing, and not in force: told apart by the tariff error's fields.
	k := Contract{KWh: d("270000000"), Price: price("0.3449"), Deviation: "ln-deviation-interim"}
	for _, c := range []struct{ tnd, inForce, allowed string }{
		{"no-such", "", "ln-tnd-2026, ln-tnd-fushun-pilot-2009, ln-tnd-spread-2016"},
		{"ln-tnd-2026", "[2026-08-01, open)", ""},
	} {
		k.TND = c.tnd
		_, err = DirectTradeBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity(), k)
		require.True(t, errors.As(err, &se))
		require.Equal(t, "contract.tnd", se.Field)
		require.Equal(t, c.tnd, se.Value)
		require.Equal(t, c.allowed, se.Allowed)
		require.True(t, errors.As(err, &te))
		require.Equal(t, c.tnd, te.ID)
		require.Equal(t, c.inForce, te.InForce)
	}

	c := smelterS()
	c.Class = "residential"
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.class: "residential": unknown customer class (no catalog of the region has it) (allowed: large_industry, large_industry_chemical)`)
	_, err = PurchaseBill(set, c, usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.35", "0.015"))
	require.EqualError(t, err, `settlement: 2026-09: customer.class: "residential": unknown customer class (no catalog of the region has it) (allowed: large_industry, large_industry_chemical)`, "a 2023+ bill uses no catalog, and checks the class all the same")
	c = smelterS()
	c.Region = "jilin"
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.region: "jilin": no catalog table of this region (allowed: liaoning)`)

	c = smelterS()
	c.Units[0].KVA = d("-1")
	_, err = CatalogBill(set, c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.EqualError(t, err, `settlement: 2016-11: customer.units[0].kva: "-1": must be greater than zero`)
	require.EqualError(t, checkCustomer(c), `settlement: customer.units[0].kva: "-1": must be greater than zero`, "a customer checked on its own has no month")
}

// Polish: leading zeros and -0, long values, JSON numbers, a BOM, a table
// listed twice.
func TestJSONPolish(t *testing.T) {
	rec := Record{Arrangement: ArrangementCatalog, Customer: smelterS(), Usage: usage("2016-11", "300000000", "96000000", "430000"), Options: capacity()}
	good := recordText(t, rec)
	for _, c := range []struct{ old, new, want string }{
		{`"kwh":"300000000"`, `"kwh":"007"`, `settlement: usage.kwh: "007": leading zeros are not allowed (allowed: a decimal without leading zeros, e.g. "7" or "0.5")`},
		{`"kwh":"300000000"`, `"kwh":"-0"`, `settlement: usage.kwh: "-0": -0 is not allowed (allowed: "0")`},
		{`"kwh":"300000000"`, `"kwh":"-0.00"`, `settlement: usage.kwh: "-0.00": -0 is not allowed (allowed: "0")`},
		{`"kwh":"300000000"`, `"kwh":300000000`, `settlement: usage.kwh: a JSON number 300000000 where a decimal string is expected: write it as a string (allowed: a decimal in a JSON string, e.g. "12.5")`},
		{`"kwh":"300000000"`, `"kwh":"` + strings.Repeat("9", 5000) + `"`, `settlement: 2016-11: usage.kwh: "` + strings.Repeat("9", 64) + `…": above 10^12, implausible (allowed: at most 1000000000000)`},
		{`"tables":[]`, `"tables":["ln-catalog-2016","ln-catalog-2016"]`, `settlement: 2016-11: tables[1]: "ln-catalog-2016": table id listed twice (allowed: each id once)`},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		require.NotEqual(t, good, bad, c.old)
		_, err := decodeRecord(t, bad)
		require.EqualError(t, err, c.want)
	}
	// "0" and "0.5" have no leading zero.
	_, err := decodeRecord(t, strings.Replace(good, `"kvarh":"96000000"`, `"kvarh":"0.5"`, 1))
	require.NoError(t, err)
	_, err = decodeRecord(t, strings.Replace(good, `"kvarh":"96000000"`, `"kvarh":"0"`, 1))
	require.NoError(t, err)
	// A byte order mark is named.
	var r Record
	err = r.UnmarshalJSON(append([]byte("\xEF\xBB\xBF"), good...))
	require.EqualError(t, err, `settlement: not valid JSON: the input starts with a UTF-8 byte order mark (EF BB BF) (allowed: JSON text without a byte order mark (RFC 8259 §8.1): save the file as UTF-8 without BOM)`)
	// The Go API refuses a table listed twice as well.
	rec.Tables = []string{"ln-catalog-2016", "ln-catalog-2016"}
	_, err = rec.Settle(defaults(t))
	require.EqualError(t, err, `settlement: 2016-11: tables[1]: "ln-catalog-2016": table id listed twice (allowed: each id once)`)
}

// Second review, finding 5: the funds line sums every fund of the catalog,
// so a 2016 bill warns that ln-catalog-2016's renewable fund is MEDIUM
// (value_confidence funds.renewable); the sources list it as before, and
// the warning is given once.
func TestMediumValueUnderPathUsed(t *testing.T) {
	b, err := CatalogBill(defaults(t), smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	subjects := mediumSubjects(b)
	require.Equal(t, []string{"cn-basic-rules-1583 effective", "cn-basic-rules-1583 suspension", "cn-basic-rules-1583 proration", "cn-power-factor-090 base", "ln-catalog-2016 funds.renewable"}, subjects)
	for _, s := range b.Sources {
		if s.ID == "ln-catalog-2016" {
			require.Equal(t, []string{"classes.large_industry_chemical.basic_prices", "funds.renewable"}, s.Medium)
		}
	}
	// A large_industry bill does not use the chemical class's basic prices;
	// a chemical one does, once, though its energy line uses the class too.
	c := smelterS()
	c.Class = "large_industry_chemical"
	b, err = CatalogBill(defaults(t), c, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	n := 0
	for _, s := range mediumSubjects(b) {
		if s == "ln-catalog-2016 classes.large_industry_chemical.basic_prices" {
			n++
		}
	}
	require.Equal(t, 1, n)
	// 2026: the T&D table's funds are MEDIUM as a whole: one warning.
	b, err = PurchaseBill(defaults(t), smelterS(), usage("2026-09", "300000000", "96000000", "430000"), capacity(), market("0.3500", "0.0150"))
	require.NoError(t, err)
	require.Contains(t, mediumSubjects(b), "ln-tnd-2026 funds")
}

// mediumSubjects returns the subjects of b's MEDIUM warnings.
func mediumSubjects(b Bill) []string {
	var out []string
	for _, w := range b.Warnings {
		if w.Code == WarningMediumValue {
			out = append(out, w.Subject)
		}
	}
	return out
}
