package tariff

import "github.com/shopspring/decimal"

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
// suspension limits and day proration (domain §3.4).
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
	for _, x := range r.Methods {
		if x == m {
			return true
		}
	}
	return false
}

// DeviationRules is a Liaoning deviation settlement rule set (偏差考核, domain
// §3.6). Bands are shares of the contracted kWh Q; edges are inclusive.
//
// Over-use (E > Q): traded kWh = min(E, (1 + OverBand) × Q); the rest is
// energy outside the contract, and carries a penalty at the Over rate.
// Under-use (E < Q): traded kWh = E; below (1 − UnderBand) × Q the shortfall
// carries a penalty at the Under rate.
type DeviationRules struct {
	Header
	OverBand  decimal.Decimal
	Over      PenaltyRate
	UnderBand decimal.Decimal
	Under     PenaltyRate
}

// PenaltyRate is a penalty price per kWh, BenchmarkFactor × coal benchmark +
// TNDFactor × T&D energy price + SpreadFactor × |traded price − coal benchmark|,
// never rounded.
type PenaltyRate struct {
	BenchmarkFactor decimal.Decimal
	TNDFactor       decimal.Decimal
	SpreadFactor    decimal.Decimal
}

// Rate returns the penalty per kWh for the given prices.
func (p PenaltyRate) Rate(benchmark, tnd, traded decimal.Decimal) decimal.Decimal {
	return p.BenchmarkFactor.Mul(benchmark).
		Add(p.TNDFactor.Mul(tnd)).
		Add(p.SpreadFactor.Mul(traded.Sub(benchmark).Abs()))
}

// IsZero reports whether the rate is zero whatever the prices.
func (p PenaltyRate) IsZero() bool {
	return p.BenchmarkFactor.IsZero() && p.TNDFactor.IsZero() && p.SpreadFactor.IsZero()
}

// DependsOnTradedPrice reports whether the penalty varies with the traded
// price (such a rate can make a bill fall as the price rises).
func (p PenaltyRate) DependsOnTradedPrice() bool { return !p.SpreadFactor.IsZero() }
