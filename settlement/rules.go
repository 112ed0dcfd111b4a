package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// ruleSet is a basic-charge rule set read once into plain fields, for the
// basic charge and the plan optimiser that consult it many times a bill.
type ruleSet struct {
	tariff.Header
	src                    *tariff.Rules
	MethodChange           changePeriod
	ContractChange         changePeriod
	Threshold, Multiplier  decimal.Decimal
	Reading                tariff.Reading
	Floor                  decimal.Decimal
	FloorOnActual          bool
	HasDiscount            bool
	DiscountMinKWhPerKVA   decimal.Decimal
	DiscountFactor         decimal.Decimal
	SuspensionChecked      bool
	SuspensionMinDays      int
	SuspensionMaxPerYear   int // 0: no limit
	SuspensionMaxMonths    int // 0: no limit
	WholeMonthsUnderDemand bool
	ProrationCapDays       int
	ProrationDivisor       int
}

// changePeriod is how long a basic-charge choice holds (Rules.MethodChange,
// ContractChange): months months, from January when calendar.
type changePeriod struct {
	months   int
	calendar bool
}

// start returns the first month of the change period that holds m, for a
// run that starts at first.
func (p changePeriod) start(m, first tariff.Month) tariff.Month {
	return m.PeriodStart(p.months, p.calendar, first)
}

// length names the period as the rule set's table does: "month", "quarter",
// "half_year" or "year".
func (p changePeriod) length() string {
	switch p.months {
	case 3:
		return "quarter"
	case 6:
		return "half_year"
	case 12:
		return "year"
	}
	return "month"
}

// rulesOf reads r; ok is false for a rule set that did not come from a table
// (the zero value).
func rulesOf(r *tariff.Rules) (*ruleSet, bool) {
	if r == nil || r.Head().ID == "" {
		return nil, false
	}
	rs := new(ruleSet)
	rs.read(r)
	return rs, true
}

// read reads r into rs.
func (rs *ruleSet) read(r *tariff.Rules) {
	// Every field, one by one: no zeroed ruleSet built and then copied.
	rs.Header, rs.src = r.Head(), r
	rs.MethodChange.months, rs.MethodChange.calendar = r.MethodChange()
	rs.ContractChange.months, rs.ContractChange.calendar = r.ContractChange()
	rs.Threshold, rs.Multiplier, rs.Reading = r.Excess()
	rs.Floor, rs.FloorOnActual = r.Floor()
	rs.DiscountMinKWhPerKVA, rs.DiscountFactor, rs.HasDiscount = r.Discount()
	rs.SuspensionChecked, rs.SuspensionMinDays, rs.SuspensionMaxPerYear, rs.SuspensionMaxMonths, rs.WholeMonthsUnderDemand = r.Suspension()
	rs.ProrationCapDays, rs.ProrationDivisor = r.Proration()
}

// Allows reports whether m is one of the rule set's methods.
func (r *ruleSet) Allows(m tariff.Method) bool { return r.src.Allows(m) }
