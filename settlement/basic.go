package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// monthFacts are the quantities of a month the basic charge depends on.
type monthFacts struct {
	month    tariff.Month
	kvaDays  decimal.Decimal // Σ kVA × chargeable-day factor numerator (divisor for a full month)
	divisor  decimal.Decimal
	capacity decimal.Decimal // K: kVA chargeable on every day of the month
	demand   decimal.Decimal // A: feeders summed
	kwh      decimal.Decimal
	hasKWh   bool
	units    []unitDays
	allFull  bool // every unit chargeable every day
}

type unitDays struct {
	unit Unit
	days int // chargeable days in the month
	full bool
}

// chargeableDays returns the days of m on or after commissioning and outside
// every suspension interval (the seal day is free, the unseal day charged).
func chargeableDays(u Unit, m tariff.Month) int {
	if u.Commissioned.IsZero() && len(u.Suspensions) == 0 {
		return m.Days()
	}
	first, end := m.First(), m.Next().First() // [first, end)
	if !u.Commissioned.IsZero() && first.Before(u.Commissioned) {
		first = u.Commissioned
	}
	if !first.Before(end) {
		return 0
	}
	n := first.DaysUntil(end)
	for _, s := range u.Suspensions {
		n -= sealedDays(s, first, end)
	}
	return n
}

// sealedDays returns how many days of [from, to) the suspension s covers (the
// seal day is sealed, the unseal day is not; an open suspension runs on).
func sealedDays(s Suspension, from, to tariff.Date) int {
	lo, hi := s.Seal, s.Unseal
	if hi.IsZero() || to.Before(hi) {
		hi = to
	}
	if lo.Before(from) {
		lo = from
	}
	if lo.Before(hi) {
		return lo.DaysUntil(hi)
	}
	return 0
}

func newMonthFacts(c Customer, u Usage, r *tariff.BasicRules, hasKWh bool) monthFacts {
	f := monthFacts{month: u.Month, divisor: decimal.NewFromInt(int64(r.ProrationDivisor)), demand: u.MaxDemand(), kwh: u.KWh, hasKWh: hasKWh}
	days := u.Month.Days()
	f.kvaDays, f.capacity = decimal.Zero, decimal.Zero
	f.units = make([]unitDays, 0, len(c.Units))
	part := decimal.Zero
	for _, un := range c.Units {
		d := chargeableDays(un, u.Month)
		ud := unitDays{unit: un, days: d, full: d == days}
		f.units = append(f.units, ud)
		if ud.full {
			f.capacity = f.capacity.Add(un.KVA)
		} else if d > 0 {
			// 供电营业规则 art. 84 (MEDIUM): 1/30 of the monthly charge per day, at most 30 days.
			part = part.Add(un.KVA.Mul(decimal.NewFromInt(int64(min(d, r.ProrationCapDays)))))
		}
	}
	f.kvaDays = f.capacity.Mul(f.divisor).Add(part)
	f.allFull = part.IsZero() && len(f.units) > 0 && f.units[0].full
	for _, ud := range f.units {
		f.allFull = f.allFull && ud.full
	}
	return f
}

// basicResult is a month's basic charge before rounding.
type basicResult struct {
	amount   decimal.Decimal // exact
	quantity decimal.Decimal // kVA (capacity, prorated) or billed kW
	price    decimal.Decimal // the price per kVA or kW, discounted where the discount applies
	billedKW decimal.Decimal
	contract decimal.Decimal // contract after the floor
	discount bool
	items    []Item
}

// divPlaces is the number of decimal places a division keeps before the one
// rounding to the fen: at least 20 significant digits (domain §3.1).
const divPlaces int32 = 24

// basicCharge computes the exact basic charge of method m with declared
// contract demand c (domain §3.4).
func (f monthFacts) basicCharge(r *tariff.BasicRules, m tariff.Method, contractKW, pKVA, pKW decimal.Decimal) basicResult {
	var res basicResult
	if m == tariff.ByCapacity {
		// The discount never applies to the capacity method.
		if f.allFull {
			res.amount, res.quantity = f.capacity.Mul(pKVA), f.capacity
		} else {
			res.amount = f.kvaDays.Mul(pKVA).DivRound(f.divisor, divPlaces)
			res.quantity = f.kvaDays.DivRound(f.divisor, 4)
		}
		res.price = pKVA
		return res
	}
	p := pKW
	if r.HasDiscount && f.hasKWh && f.capacity.IsPositive() && f.kwh.GreaterThanOrEqual(r.DiscountMinKWhPerKVA.Mul(f.capacity)) {
		// 发改价格〔2023〕526号: ≥ 260 kWh/kVA pays 90 % of the demand price.
		p = norm(p.Mul(r.DiscountFactor))
		res.discount = true
	}
	res.price = p
	floor := r.Floor.Mul(f.capacity)
	if m == tariff.ByActualDemand {
		billed := f.demand
		if r.FloorOnActual && billed.LessThan(floor) {
			billed = floor
			res.items = append(res.items, Item{"floor", fmt.Sprintf("%s × %s kVA = %s kW", r.Floor, f.capacity, floor)})
		}
		res.billedKW, res.quantity = billed, billed
		res.amount = billed.Mul(p)
		return res
	}
	C := contractKW
	if C.LessThan(floor) {
		C = floor
		res.items = append(res.items, Item{"floor", fmt.Sprintf("%s × %s kVA = %s kW", r.Floor, f.capacity, floor)})
	}
	res.contract = C
	limit := r.Threshold.Mul(C)
	billed := C
	if f.demand.GreaterThan(limit) {
		excess := f.demand.Sub(limit)
		if r.Reading == "b" {
			billed = C.Add(r.Multiplier.Mul(excess))
		} else {
			billed = limit.Add(r.Multiplier.Mul(excess))
		}
		res.items = append(res.items, Item{"excess", fmt.Sprintf("(%s) %s kW > %s × %s kW, ×%s", r.Reading, excess, r.Threshold, C, r.Multiplier)})
	}
	res.billedKW, res.quantity = billed, billed
	res.amount = billed.Mul(p)
	return res
}

// checkSuspensions applies the rule set's suspension rules to the units of
// the month (domain §3.4). It returns warnings when the rule set does not
// check suspensions.
func checkSuspensions(f monthFacts, r *tariff.BasicRules, m tariff.Method) ([]Warning, error) {
	touches := false
	for _, ud := range f.units {
		for _, s := range ud.unit.Suspensions {
			if overlapsMonth(s, f.month) {
				touches = true
			}
		}
	}
	if !touches {
		return nil, nil
	}
	if !r.SuspensionChecked {
		return []Warning{{
			Code: "suspension_unchecked",
			ZH:   fmt.Sprintf("%s 的暂停限制未经核实，本月暂停按日计费，未检查限制", r.ID),
			EN:   fmt.Sprintf("%s: suspension limits are not verified; the suspension is billed by day and its limits were not checked", r.ID),
		}}, nil
	}
	rule := func(clause, format string, args ...any) error {
		return &RuleError{Rule: r.ID, Document: r.Document, Clause: clause, Detail: fmt.Sprintf(format, args...)}
	}
	year := f.month.Year
	for _, ud := range f.units {
		count, days := 0, 0
		yStart, yEnd := tariff.NewDate(year, 1, 1), tariff.NewDate(year+1, 1, 1)
		for _, s := range ud.unit.Suspensions {
			if !s.Unseal.IsZero() && s.Seal.DaysUntil(s.Unseal) < r.SuspensionMinDays && overlapsMonth(s, f.month) {
				return nil, rule("suspension.min_days", "unit %s sealed %s, unsealed %s: %d days (at least %d)", ud.unit.ID, s.Seal, s.Unseal, s.Seal.DaysUntil(s.Unseal), r.SuspensionMinDays)
			}
			if n := sealedDays(s, yStart, yEnd); n > 0 {
				count++
				days += n // each day counts toward its own year
			}
		}
		if r.HasMaxPerYear && count > r.SuspensionMaxPerYear {
			return nil, rule("suspension.max_per_year", "unit %s has %d suspensions in %d (at most %d)", ud.unit.ID, count, year, r.SuspensionMaxPerYear)
		}
		if r.HasMaxMonthsPerYear && days > r.SuspensionMaxMonths*30 {
			return nil, rule("suspension.max_months_per_year", "unit %s is suspended %d days in %d (at most %d months, read as %d days)", ud.unit.ID, days, year, r.SuspensionMaxMonths, r.SuspensionMaxMonths*30)
		}
		if m != tariff.ByCapacity && r.WholeMonthsUnderDemand && ud.days > 0 && !ud.full {
			for _, s := range ud.unit.Suspensions {
				if overlapsMonth(s, f.month) {
					return nil, rule("suspension.whole_months_under_demand", "unit %s: under the %s method a suspension must cover whole months; %s–%s starts or ends inside %s", ud.unit.ID, m, s.Seal, unsealText(s), f.month)
				}
			}
		}
	}
	return nil, nil
}

func unsealText(s Suspension) string {
	if s.Unseal.IsZero() {
		return "open"
	}
	return s.Unseal.String()
}

func overlapsMonth(s Suspension, m tariff.Month) bool {
	end := m.Next().First()
	return s.Seal.Before(end) && (s.Unseal.IsZero() || m.First().Before(s.Unseal))
}
