package settlement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The checks on a bill's inputs, made before any line is computed: bad input
// gets an *InputError naming the field, its value, what was wrong and what is
// allowed.

func (b *builder) inputErr(field, value, reason, allowed string) error {
	m := ""
	if !b.u.Month.IsZero() { // zero when a decoded input is checked on its own
		m = b.u.Month.String()
	}
	return &InputError{Month: m, Field: field, Value: value, Reason: reason, Allowed: allowed}
}

// checkCustomer checks the plant: region, class, a positive voltage, a
// power-factor standard, and units with positive kVA, a known kind and
// suspensions in order.
func checkCustomer(c Customer) error {
	bad := func(field, value, reason, allowed string) error {
		return &InputError{Field: "customer." + field, Value: value, Reason: reason, Allowed: allowed}
	}
	if c.Region == "" {
		return bad("region", "", "missing", "a tariff region, e.g. liaoning")
	}
	if c.Class == "" {
		return bad("class", "", "missing", "a catalog class, e.g. large_industry")
	}
	if !c.VoltageKV.IsPositive() {
		return bad("voltage_kv", c.VoltageKV.String(), "must be greater than zero", "")
	}
	if !c.PFStandard.IsPositive() {
		return bad("pf_standard", c.PFStandard.String(), "missing or not positive", "0.90, 0.85, 0.80")
	}
	if len(c.Units) == 0 {
		return bad("units", "", "missing", "at least one transformer or motor")
	}
	for i, u := range c.Units {
		f := func() string { return "units[" + strconv.Itoa(i) + "]" }
		if !u.KVA.IsPositive() {
			return bad(f()+".kva", u.KVA.String(), "must be greater than zero", "")
		}
		if u.Kind != UnitTransformer && u.Kind != UnitMotor {
			return bad(f()+".kind", string(u.Kind), "unknown unit kind", "transformer, motor")
		}
		for j, s := range u.Suspensions {
			g := func() string { return f() + ".suspensions[" + strconv.Itoa(j) + "]" }
			if s.Seal.IsZero() {
				return bad(g()+".seal", "", "missing", "a date YYYY-MM-DD")
			}
			if !s.Unseal.IsZero() && !s.Seal.Before(s.Unseal) {
				return bad(g()+".unseal", s.Unseal.String(), "must be after the seal date "+s.Seal.String(), "")
			}
			if j > 0 {
				p := u.Suspensions[j-1]
				if p.Unseal.IsZero() || s.Seal.Before(p.Unseal) {
					return bad(g()+".seal", s.Seal.String(), "suspensions out of order or overlapping (previous unsealed "+unsealText(p)+")", "")
				}
			}
		}
	}
	return nil
}

func checkUsage(u Usage) error {
	m := u.Month.String()
	bad := func(field, value, reason string) error {
		return &InputError{Month: m, Field: "usage." + field, Value: value, Reason: reason}
	}
	if u.Month.IsZero() {
		return &InputError{Field: "usage.month", Reason: "missing"}
	}
	if u.KWh.IsNegative() {
		return bad("kwh", u.KWh.String(), "must not be negative")
	}
	if u.KVarh.IsNegative() {
		return bad("kvarh", u.KVarh.String(), "must not be negative")
	}
	for i, d := range u.Demand {
		if d.KW.IsNegative() {
			return bad(fmt.Sprintf("demand[%d].kw", i), d.KW.String(), "must not be negative")
		}
	}
	if len(u.ByPeriod) > 0 {
		sum := decimal.Zero
		seen := map[tariff.Period]bool{}
		for _, p := range u.ByPeriod {
			switch p.Period {
			case tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical:
			default:
				return bad("kwh_by_period", string(p.Period), "unknown TOU period")
			}
			if seen[p.Period] {
				return bad("kwh_by_period."+string(p.Period), "", "period given twice")
			}
			seen[p.Period] = true
			if p.KWh.IsNegative() {
				return bad("kwh_by_period."+string(p.Period), p.KWh.String(), "must not be negative")
			}
			sum = sum.Add(p.KWh)
		}
		if !sum.Equal(u.KWh) {
			return bad("kwh_by_period", sum.String(), "periods sum to "+sum.String()+" kWh but kwh is "+u.KWh.String())
		}
	}
	return nil
}

// checkFlat checks that kWh are not split by TOU period when no TOU ratios
// are in force (README §3.8).
func checkFlat(u Usage) error {
	if len(u.ByPeriod) > 0 {
		return &InputError{Month: u.Month.String(), Field: "usage.kwh_by_period", Reason: "kWh are split by TOU period but no TOU ratios are in force for the month", Allowed: "name a TOU ratios table, or give kWh flat"}
	}
	return nil
}

// checkPeriods checks that the kWh are split by TOU period, and only into
// periods the ratios table (named name) prices (README §3.8).
func checkPeriods(u Usage, name string, r *tariff.TOURatios) error {
	bad := func(field, reason, allowed string) error {
		return &InputError{Month: u.Month.String(), Field: field, Reason: reason, Allowed: allowed}
	}
	if len(u.ByPeriod) == 0 {
		return bad("usage.kwh_by_period", "TOU ratios "+name+" are in force but the kWh are not split by period", "peak, flat, valley, critical")
	}
	for _, pk := range u.ByPeriod {
		if _, ok := r.Ratio(pk.Period); !ok {
			return bad("usage.kwh_by_period."+string(pk.Period), "TOU ratios "+name+" have no ratio for this period", ratioNames(r))
		}
	}
	return nil
}

func ratioNames(r *tariff.TOURatios) string {
	var s []string
	for _, p := range r.Periods() {
		s = append(s, string(p))
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}
