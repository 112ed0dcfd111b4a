package tariff

import (
	"slices"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Method is a basic-charge method (基本电费计费方式).
type Method string

// The basic-charge methods, in the tie order of the plan optimiser.
const (
	ByCapacity       Method = "capacity"        // 按变压器容量
	ByContractDemand Method = "contract_demand" // 按合同最大需量
	ByActualDemand   Method = "actual_demand"   // 按实际最大需量 (from 2023)
)

// Methods lists every method in tie order: capacity, contract demand, actual demand.
var Methods = []Method{ByCapacity, ByContractDemand, ByActualDemand}

// Period length of a change period.
type Length string

// The change-period lengths.
const (
	LengthMonth    Length = "month"
	LengthQuarter  Length = "quarter"
	LengthHalfYear Length = "half_year"
	LengthYear     Length = "year"
)

// Months returns the number of months of l.
func (l Length) Months() int {
	switch l {
	case LengthQuarter:
		return 3
	case LengthHalfYear:
		return 6
	case LengthYear:
		return 12
	}
	return 1
}

// Anchor says where change periods start.
type Anchor string

// The anchors.
const (
	// Calendar periods start in January (quarters in Jan/Apr/Jul/Oct,
	// half-years in Jan/Jul).
	Calendar Anchor = "calendar"
	// Scenario periods are counted from the scenario's first month (the
	// customer's last election).
	ScenarioAnchor Anchor = "scenario"
)

// ChangePeriod is how long a choice holds: {length, anchor}.
type ChangePeriod struct {
	Length Length
	Anchor Anchor
}

// Start returns the first month of the change period that holds m, for a run
// that starts at first. Periods cut by the start of the run begin at first.
func (p ChangePeriod) Start(m, first Month) Month {
	n := p.Length.Months()
	var off int
	if p.Anchor == Calendar {
		off = m.Index() % n
	} else {
		off = (m.Index() - first.Index()) % n
	}
	s := m.Add(-off)
	if s.Compare(first) < 0 {
		return first
	}
	return s
}

// BasicRules is a basic-charge rule set (供电营业规则 1996, 发改办价格〔2016〕1583号,
// 发改价格〔2023〕526号): which methods are allowed, how often a choice may
// change, the excess and floor rules, the high-utilisation discount, the
// suspension limits and day proration (README §3.4).
type BasicRules struct {
	Header
	Methods        []Method
	MethodChange   ChangePeriod
	ContractChange ChangePeriod
	// Excess: above Threshold × C the excess is charged Multiplier times,
	// Reading "a" (1.05 C × p + 2 × (A − 1.05 C) × p) or "b" (C × p + …).
	Threshold  decimal.Decimal
	Multiplier decimal.Decimal
	Reading    string
	Floor      decimal.Decimal // share of capacity in service below which contract (and actual) demand is not billed
	// FloorOnActual applies the floor to the actual-demand method too.
	FloorOnActual bool
	// Discount: when kWh ÷ capacity ≥ DiscountMinKWhPerKVA, demand prices are
	// multiplied by DiscountFactor. HasDiscount is false where the rules have none.
	HasDiscount          bool
	DiscountMinKWhPerKVA decimal.Decimal
	DiscountFactor       decimal.Decimal
	// Suspension limits; a Has flag is false where the rule set has no such
	// limit or the limit is not verified (then the bill warns).
	SuspensionChecked    bool // false: suspensions are not checked and the bill warns
	SuspensionMinDays    int
	HasMaxPerYear        bool
	SuspensionMaxPerYear int
	HasMaxMonthsPerYear  bool
	SuspensionMaxMonths  int
	// WholeMonthsUnderDemand: under a demand method a suspension must cover whole months.
	WholeMonthsUnderDemand bool
	// Proration of the capacity charge for part months: min(days, CapDays) / Divisor.
	ProrationCapDays int
	ProrationDivisor int
}

// Allows reports whether m is one of the rule set's methods.
func (r *BasicRules) Allows(m Method) bool {
	return slices.Contains(r.Methods, m)
}

// parseChange reads a change period {length, anchor} at key.
func parseChange(m *strictyaml.Map, key string) ChangePeriod {
	s := m.Sub(key, true)
	if s == nil {
		return ChangePeriod{}
	}
	p := ChangePeriod{
		Length: Length(s.Enum("length", true, "month", "quarter", "half_year", "year")),
		Anchor: Anchor(s.Enum("anchor", true, string(Calendar), string(ScenarioAnchor))),
	}
	s.Done()
	return p
}

// parseBasicRules reads a basic-charge rule set after its header.
func parseBasicRules(m *strictyaml.Map, h Header) *BasicRules {
	r := &BasicRules{Header: h}
	for i, n := range m.List("methods", true) {
		if n.Kind != yaml.ScalarNode {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("methods"), i), "", "", "expected a method name")
			break
		}
		if !slices.Contains(Methods, Method(n.Value)) {
			m.Doc().Failf(n, strictyaml.ItemField(m.Field("methods"), i), n.Value, "capacity, contract_demand, actual_demand", "unknown method")
			break
		}
		r.Methods = append(r.Methods, Method(n.Value))
	}
	r.MethodChange = parseChange(m, "method_change")
	r.ContractChange = parseChange(m, "contract_change")
	if e := m.Sub("excess", true); e != nil {
		r.Threshold, _ = e.Decimal("threshold", true, strictyaml.Positive)
		r.Multiplier, _ = e.Decimal("multiplier", true, strictyaml.Positive)
		r.Reading = e.Enum("reading", true, "a", "b")
		e.Done()
	}
	if f := m.Sub("floor", true); f != nil {
		r.Floor, _ = f.Decimal("share", true, strictyaml.NonNegative)
		r.FloorOnActual = f.Bool("on_actual_demand", true)
		f.Done()
	}
	if d := m.Sub("discount", false); d != nil {
		r.HasDiscount = true
		r.DiscountMinKWhPerKVA, _ = d.Decimal("min_kwh_per_kva", true, strictyaml.Positive)
		r.DiscountFactor, _ = d.Decimal("factor", true, strictyaml.Positive)
		d.Done()
	} else {
		m.Get("discount", false)
	}
	if s := m.Sub("suspension", false); s != nil {
		r.SuspensionChecked = true
		r.SuspensionMinDays, _ = s.Int("min_days", true)
		r.SuspensionMaxPerYear, r.HasMaxPerYear = s.Int("max_per_year", false)
		r.SuspensionMaxMonths, r.HasMaxMonthsPerYear = s.Int("max_months_per_year", false)
		r.WholeMonthsUnderDemand = s.Bool("whole_months_under_demand", true)
		s.Done()
	} else {
		m.Get("suspension", false)
	}
	if p := m.Sub("proration", true); p != nil {
		r.ProrationCapDays, _ = p.Int("cap_days", true)
		r.ProrationDivisor, _ = p.Int("divisor", true)
		if r.ProrationDivisor == 0 && !m.Failed() {
			p.Fail("divisor", "0", "", "must be greater than zero")
		}
		p.Done()
	}
	return r
}

// BasicRules returns the basic-charge rule set in force on d (id empty), or the
// rule set named id whatever its range (a named rule set outside its range is
// a counterfactual; the caller marks the bill).
func (s *Set) BasicRules(region string, d Date, id string) (*BasicRules, error) {
	if id != "" {
		t, ok := s.byID[id]
		if !ok || t.Head().Kind != KindBasicRules {
			return nil, &NoTableError{Kind: KindBasicRules, ID: id, Date: d, NotExists: true}
		}
		return t.(*BasicRules), nil
	}
	t, err := s.Lookup(Query{Kind: KindBasicRules, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*BasicRules), nil
}
