package tariff

import (
	"slices"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// changePeriod is how long a basic-charge choice holds: a number of months
// (the table's length: month, quarter, half_year or year) and an anchor
// (calendar periods start in January; scenario periods are counted from the
// run's first month, the customer's last election).
type changePeriod struct {
	months   int
	calendar bool
}

// changeLengths maps the lengths a table may give to their months.
var changeLengths = map[string]int{"month": 1, "quarter": 3, "half_year": 6, "year": 12}

// basicRules is a basic-charge rule set (供电营业规则 1996, 发改办价格〔2016〕1583号,
// 发改价格〔2023〕526号): which methods are allowed, how often a choice may
// change, the excess and floor rules, the high-utilisation discount, the
// suspension limits and day proration (README §3.4). Its fields are read
// through methods.
type basicRules struct {
	h              Header
	methods        []Method
	methodChange   changePeriod
	contractChange changePeriod
	// Excess: above threshold × C the excess is charged multiplier times.
	threshold  decimal.Decimal
	multiplier decimal.Decimal
	reading    Reading
	floor      decimal.Decimal
	floorOnAct bool
	// discount is the demand-price factor of the high-utilisation discount,
	// null where the rules have none; it applies from discountMinKWhPerKVA.
	discount             decimal.NullDecimal
	discountMinKWhPerKVA decimal.Decimal
	suspChecked          bool
	suspMinDays          int
	suspMaxPerYear       int // 0: no limit
	suspMaxMonths        int // 0: no limit
	wholeMonths          bool
	prorationCapDays     int
	prorationDivisor     int
}

// Allows reports whether m is one of the rule set's methods.
func (r *basicRules) Allows(m Method) bool { return slices.Contains(r.methods, m) }

// Methods returns the rule set's methods; the slice is the caller's own.
func (r *basicRules) Methods() []Method { return slices.Clone(r.methods) }

// MethodChange returns how long a choice of method holds: periods of months
// months (1, 3, 6 or 12), starting in January when calendar (quarters in
// Jan/Apr/Jul/Oct, half-years in Jan/Jul), else counted from the run's first
// month. Month.PeriodStart gives the period of a month.
func (r *basicRules) MethodChange() (months int, calendar bool) {
	return r.methodChange.months, r.methodChange.calendar
}

// ContractChange returns how long a declared contract demand holds, as
// MethodChange does.
func (r *basicRules) ContractChange() (months int, calendar bool) {
	return r.contractChange.months, r.contractChange.calendar
}

// Excess returns the excess rule under contract demand: demand above
// threshold × C (1.05) is charged multiplier (2) times, read as reading says.
func (r *basicRules) Excess() (threshold, multiplier decimal.Decimal, reading Reading) {
	return r.threshold, r.multiplier, r.reading
}

// Floor returns the share of the capacity in service below which contract
// demand (and, when onActual, actual demand) is not billed: the 40 % floor.
func (r *basicRules) Floor() (share decimal.Decimal, onActual bool) { return r.floor, r.floorOnAct }

// Discount returns the high-utilisation discount: demand prices are
// multiplied by factor in a month with kWh ÷ capacity ≥ minKWhPerKVA; ok is
// false where the rules have no discount.
func (r *basicRules) Discount() (minKWhPerKVA, factor decimal.Decimal, ok bool) {
	return r.discountMinKWhPerKVA, r.discount.Decimal, r.discount.Valid
}

// Suspension returns the suspension limits: checked is false where the rule
// set's limits are not verified (then bills warn and check nothing); a
// maximum of 0 means no limit; wholeMonths says that under a demand method a
// suspension must cover whole months.
func (r *basicRules) Suspension() (checked bool, minDays, maxPerYear, maxMonthsPerYear int, wholeMonths bool) {
	return r.suspChecked, r.suspMinDays, r.suspMaxPerYear, r.suspMaxMonths, r.wholeMonths
}

// Proration returns how a capacity charge is prorated for a part month:
// min(days, capDays) ÷ divisor.
func (r *basicRules) Proration() (capDays, divisor int) {
	return r.prorationCapDays, r.prorationDivisor
}

// parseChange reads a change period {length, anchor} at key.
func parseChange(m *strictyaml.Map, key string) changePeriod {
	s := m.Sub(key, true)
	if s == nil {
		return changePeriod{}
	}
	p := changePeriod{
		months:   changeLengths[s.Enum("length", true, "month", "quarter", "half_year", "year")],
		calendar: s.Enum("anchor", true, "calendar", "scenario") == "calendar",
	}
	s.Done()
	return p
}

// parseBasicRules reads a basic-charge rule set after its header.
func parseBasicRules(m *strictyaml.Map, h Header) *basicRules {
	r := &basicRules{h: h}
	for i, n := range m.List("methods", true) {
		if n.Kind != yaml.ScalarNode {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("methods"), i), "", "", "expected a method name")
			break
		}
		if !methods.valid(Method(n.Value)) {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("methods"), i), n.Value, methods.allowed(), "unknown method")
			break
		}
		r.methods = append(r.methods, Method(n.Value))
	}
	r.methodChange = parseChange(m, "method_change")
	r.contractChange = parseChange(m, "contract_change")
	if e := m.Sub("excess", true); e != nil {
		r.threshold, _ = e.Decimal("threshold", true, strictyaml.Positive)
		r.multiplier, _ = e.Decimal("multiplier", true, strictyaml.Positive)
		r.reading = readEnum(e, "reading", true, readings)
		e.Done()
	}
	if f := m.Sub("floor", true); f != nil {
		r.floor, _ = f.Decimal("share", true, strictyaml.NonNegative)
		r.floorOnAct = f.Bool("on_actual_demand", true)
		f.Done()
	}
	if d := m.Sub("discount", false); d != nil {
		r.discountMinKWhPerKVA, _ = d.Decimal("min_kwh_per_kva", true, strictyaml.Positive)
		r.discount.Decimal, r.discount.Valid = d.Decimal("factor", true, strictyaml.Positive)
		d.Done()
	} else {
		m.Get("discount", false)
	}
	if s := m.Sub("suspension", false); s != nil {
		r.suspChecked = true
		r.suspMinDays, _ = s.Int("min_days", true)
		r.suspMaxPerYear, _ = s.Int("max_per_year", false)
		r.suspMaxMonths, _ = s.Int("max_months_per_year", false)
		r.wholeMonths = s.Bool("whole_months_under_demand", true)
		for _, k := range []string{"max_per_year", "max_months_per_year"} {
			if v, _ := s.Int(k, false); s.Has(k) && v == 0 && !m.Failed() {
				s.Fail(k, "0", "a limit of at least 1, or null for none", "a limit of 0 would forbid every suspension")
			}
		}
		s.Done()
	} else {
		m.Get("suspension", false)
	}
	if p := m.Sub("proration", true); p != nil {
		r.prorationCapDays, _ = p.Int("cap_days", true)
		r.prorationDivisor, _ = p.Int("divisor", true)
		if r.prorationDivisor == 0 && !m.Failed() {
			p.Fail("divisor", "0", "", "must be greater than zero")
		}
		p.Done()
	}
	return r
}

// BasicRules returns the basic-charge rule set in force on d (id empty), or the
// rule set named id whatever its range (a named rule set outside its range is
// a counterfactual; the caller marks the bill).
//
// BasicRules returns a *Error when there is no such rule set.
func (s *Set) BasicRules(region string, d Date, id string) (*Rules, error) {
	if id != "" {
		return s.rulesByID(KindBasicRules, id)
	}
	t, err := s.lookup(query{Kind: KindBasicRules, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*Rules), nil
}
