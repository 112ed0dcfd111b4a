package settlement

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The basic charge (基本电费, README §3.4): the rule set (供电营业规则 1996,
// 发改办价格〔2016〕1583号, 发改价格〔2023〕526号, each a dated table), the capacity in
// service in the month, the three methods with the 40 % floor, the 105 % excess
// and the high-utilisation discount, and the suspension rules.

// ruleSet resolves the basic-charge rule set: the one the options name, or
// the one in force in the month. A named rule set not in force makes the bill
// a counterfactual (a scenario's baseline A under the 1996 rules), and the
// bill warns so.
func (b *builder) ruleSet() error {
	tr, err := b.set.BasicRules(b.c.Region, b.date, b.opt.Rules)
	if err != nil {
		return err
	}
	r, _ := rulesOf(tr)
	b.rules = r
	b.use(r.Header, "effective", "methods", "method_change", "floor", "suspension", "proration")
	if !r.InForce(b.date) {
		b.bill.Basic.Counterfactual = true
		b.warning(Warning{Code: WarningCounterfactualRules, Subject: r.ID,
			ZH: fmt.Sprintf("基本电费按 %s（%s，%s有效）计算，计费月份该规则已不再执行：这是有意设置的假定情形，代表措施九实施前的做法", r.ID, r.Document, r.RangeZH()),
			EN: fmt.Sprintf("the basic charge is billed under %s (%s, in force %s), which was not in force in the month billed: a counterfactual by design", r.ID, r.Document, r.Range())})
	}
	return nil
}

// basic adds the basic-charge line at the given prices (the catalog's or the
// T&D table's basic prices, README §3.4): it checks the choice against the
// rule set and the suspension rules, then computes the method's charge
// (byCapacity, byContractDemand, byActualDemand below) and itemises the units
// or feeders, the discount, the floor and the excess in the basis.
func (b *builder) basic(pKVA, pKW decimal.Decimal, priceSrc tariff.Header, pricePath string) error {
	r := b.rules
	ch := b.opt.Choice
	if ch.Method == "" {
		return b.inputErr("choice.method", "", "missing", methodNames(r))
	}
	if !r.Allows(ch.Method) {
		return &RuleError{Rule: r.ID, Document: r.Document, Clause: "methods", Detail: fmt.Sprintf("method %q is not allowed (allowed: %s)", ch.Method, methodNames(r))}
	}
	if ch.Method != tariff.MethodCapacity && len(b.u.Demand) == 0 {
		return b.inputErr("usage.demand", "", "missing: the "+string(ch.Method)+" method needs the actual max demand of every feeder", "")
	}
	f := newMonthFacts(b.c, b.u, r)
	ws, err := checkSuspensions(f, r, ch.Method)
	if err != nil {
		return err
	}
	for _, w := range ws {
		b.warning(w)
	}
	res := f.basicCharge(r, ch.Method, ch.ContractKW, pKVA, pKW)
	b.use(priceSrc, pricePath)
	if !res.den.IsZero() {
		res.quantity = b.shown(f.kvaDays, f.divisor)
	}
	l := Line{Code: tariff.LineBasic, Quantity: res.quantity, UnitPrice: res.price, Amount: res.rounded(),
		Basis: basisOf(basicClause(ch.Method), basicClauseZH(ch.Method), priceSrc, r.Header)}
	if ch.Method == tariff.MethodCapacity {
		l.Unit = "kVA"
		for _, ud := range f.units {
			l.Basis.Items = append(l.Basis.Items, Item{ItemUnit, ud.unit.ID, decString(ud.unit.KVA) + " kVA (" + strconv.Itoa(ud.days) + "/" + strconv.Itoa(b.u.Month.Days()) + ")"})
		}
	} else {
		l.Unit = "kW"
		for _, d := range b.u.Demand {
			l.Basis.Items = append(l.Basis.Items, Item{ItemFeeder, d.Feeder, decString(d.KW) + " kW"})
		}
	}
	if res.discount {
		l.Basis.Items = append(l.Basis.Items, Item{ItemDiscount, "", fmt.Sprintf("%s kWh ≥ %s × %s kVA → × %s", b.u.KWh, r.DiscountMinKWhPerKVA, f.capacity, r.DiscountFactor)})
	}
	l.Basis.Items = append(l.Basis.Items, res.items...)
	b.add(l)
	b.bill.Basic = BasicInfo{Rules: r.ID, Document: r.Document, Method: ch.Method, ContractKW: ch.ContractKW, BilledKW: res.billedKW,
		DemandKW: f.demand, CapacityKVA: f.capacity, Reading: r.Reading, Discount: res.discount, Counterfactual: b.bill.Basic.Counterfactual}
	if ch.Method == tariff.MethodContractDemand {
		b.bill.Basic.BilledKW = res.contract
	}
	return nil
}

// basicClause names the formula; the rule set's values are in the bill's
// BasicInfo and the rule set (named in the basis), the floor and excess in the
// line's items when they apply.
func basicClause(m tariff.Method) string {
	switch m {
	case tariff.MethodCapacity:
		return "by capacity: Σ kVA × price, part months prorated by day (rule set proration); each unit: kVA (chargeable days/days of the month)"
	case tariff.MethodContractDemand:
		return "by contract demand: max(contract, floor × capacity in service) × price; above threshold × contract the excess is charged multiplier times"
	}
	return "by actual demand: max(actual, floor × capacity in service) × price"
}

func basicClauseZH(m tariff.Method) string {
	switch m {
	case tariff.MethodCapacity:
		return "按容量：Σ 容量 × 基本电价，不足整月的按日折算（见规则的折算规定）；各设备：容量（计费天数/当月天数）"
	case tariff.MethodContractDemand:
		return "按合同最大需量：合同最大需量与（下限比例 × 运行容量）取较大者 × 基本电价；超过合同最大需量门槛倍数的部分按规定倍数加收"
	}
	return "按实际最大需量：实际最大需量与（下限比例 × 运行容量）取较大者 × 基本电价"
}

// methodNames lists the rule set's methods for an error's allowed values.
func methodNames(r *ruleSet) string {
	var s []string
	for _, m := range r.Methods {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// monthFacts are the quantities of a month the basic charge depends on.
type monthFacts struct {
	month    tariff.Month
	kvaDays  decimal.Decimal // Σ kVA × chargeable-day factor numerator (divisor for a full month)
	divisor  decimal.Decimal
	capacity decimal.Decimal // K: kVA chargeable on every day of the month
	demand   decimal.Decimal // A: feeders summed
	kwh      decimal.Decimal
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

func newMonthFacts(c Customer, u Usage, r *ruleSet) monthFacts {
	f := monthFacts{month: u.Month, divisor: decimal.NewFromInt(int64(r.ProrationDivisor)), demand: u.MaxDemand(), kwh: u.BilledKWh()}
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
	amount   decimal.Decimal // exact, ÷ den when den is set (a prorated capacity charge)
	den      decimal.Decimal // zero for 1
	quantity decimal.Decimal // kVA (capacity, prorated) or billed kW
	price    decimal.Decimal // the price per kVA or kW, discounted where the discount applies
	billedKW decimal.Decimal
	contract decimal.Decimal // contract after the floor
	discount bool
	items    []Item
}

// basicCharge computes the exact basic charge of method m with declared
// contract demand contractKW (README §3.4).
func (f monthFacts) basicCharge(r *ruleSet, m tariff.Method, contractKW, pKVA, pKW decimal.Decimal) basicResult {
	switch m {
	case tariff.MethodCapacity:
		return f.byCapacity(pKVA)
	case tariff.MethodActualDemand:
		return f.byActualDemand(r, pKW)
	}
	return f.byContractDemand(r, contractKW, pKW)
}

// byCapacity is the capacity method (按容量, README §3.4): Σ kVA × price, a
// unit chargeable on only part of the month at min(days, 30) / 30 of it
// (供电营业规则 art. 84, MEDIUM; the rule set's proration). Outages do not
// reduce the charge, and the high-utilisation discount never applies.
func (f monthFacts) byCapacity(pKVA decimal.Decimal) basicResult {
	res := basicResult{price: pKVA}
	if f.allFull {
		res.amount, res.quantity = f.capacity.Mul(pKVA), f.capacity
	} else {
		// One fraction, divided last (README §3.1): Σ kVA × days × price ÷ 30.
		res.amount, res.den = f.kvaDays.Mul(pKVA), f.divisor
	}
	return res
}

// rounded returns the charge rounded once to the fen.
func (r basicResult) rounded() decimal.Decimal {
	if r.den.IsZero() {
		return round2(r.amount)
	}
	return fracRound(r.amount, r.den)
}

// scaled returns the exact charge × the rule set's proration divisor (the
// den of a prorated charge): charges of several months compare and add
// exactly, without a division.
func (r basicResult) scaled(divisor decimal.Decimal) decimal.Decimal {
	if r.den.IsZero() {
		return r.amount.Mul(divisor)
	}
	return r.amount
}

// demandPrice returns the price per kW of the demand methods and whether the
// high-utilisation discount applies. 发改价格〔2023〕526号: a month with kWh ÷
// capacity in service ≥ 260 (inclusive) pays 90 % of the demand price, in both
// demand formulas and in the excess term; without kWh no discount applies.
func (f monthFacts) demandPrice(r *ruleSet, pKW decimal.Decimal) (decimal.Decimal, bool) {
	if r.HasDiscount && f.capacity.IsPositive() && f.kwh.GreaterThanOrEqual(r.DiscountMinKWhPerKVA.Mul(f.capacity)) {
		return exact.Norm(pKW.Mul(r.DiscountFactor)), true
	}
	return pKW, false
}

// floorKW is the 40 % floor (README §3.4): under contract demand the billed
// contract is at least floor × capacity in service, C = max(declared, 0.40 ×
// K) (供电营业规则 1996, MEDIUM; 发改办价格〔2016〕1583号, HIGH); 发改价格〔2023〕526号
// also floors actual demand (MEDIUM). The share is the rule set's Floor.
func (f monthFacts) floorKW(r *ruleSet) decimal.Decimal {
	return r.Floor.Mul(f.capacity)
}

// floorItem itemises the floor in the basis when it binds.
func (f monthFacts) floorItem(r *ruleSet, floor decimal.Decimal) Item {
	return Item{ItemFloor, "", fmt.Sprintf("%s × %s kVA = %s kW", r.Floor, f.capacity, floor)}
}

// byActualDemand is the actual-demand method (按实际最大需量, 发改价格〔2023〕526号,
// README §3.4): max(A, floor × K) × price, the floor where the rule set
// applies it to actual demand.
func (f monthFacts) byActualDemand(r *ruleSet, pKW decimal.Decimal) basicResult {
	var res basicResult
	res.price, res.discount = f.demandPrice(r, pKW)
	billed := f.demand
	if floor := f.floorKW(r); r.FloorOnActual && billed.LessThan(floor) {
		billed = floor
		res.items = append(res.items, f.floorItem(r, floor))
	}
	res.billedKW, res.quantity = billed, billed
	res.amount = billed.Mul(res.price)
	return res
}

// byContractDemand is the contract-demand method (按合同最大需量, README §3.4):
// C = max(declared, floor × K); demand up to threshold × C (105 %, inclusive)
// pays C × price. 发改办价格〔2016〕1583号: "超过105%部分的基本电费加一倍收取" —
// above it, reading (a), the default, bills 1.05 C + 2 × (A − 1.05 C) and
// reading (b) bills C + 2 × (A − 1.05 C); the rule set names the reading, the
// threshold and the multiplier.
func (f monthFacts) byContractDemand(r *ruleSet, contractKW, pKW decimal.Decimal) basicResult {
	var res basicResult
	res.price, res.discount = f.demandPrice(r, pKW)
	C := contractKW
	if floor := f.floorKW(r); C.LessThan(floor) {
		C = floor
		res.items = append(res.items, f.floorItem(r, floor))
	}
	res.contract = C
	limit := r.Threshold.Mul(C)
	billed := C
	if f.demand.GreaterThan(limit) {
		excess := f.demand.Sub(limit)
		if r.Reading == tariff.ReadingB {
			billed = C.Add(r.Multiplier.Mul(excess))
		} else {
			billed = limit.Add(r.Multiplier.Mul(excess))
		}
		res.items = append(res.items, Item{ItemExcess, "", fmt.Sprintf("(%s) %s kW > %s × %s kW, ×%s", r.Reading, excess, r.Threshold, C, r.Multiplier)})
	}
	res.billedKW, res.quantity = billed, billed
	res.amount = billed.Mul(res.price)
	return res
}

// checkSuspensions applies the rule set's suspension rules to the units of
// the month (README §3.4). It returns warnings when the rule set does not
// check suspensions.
func checkSuspensions(f monthFacts, r *ruleSet, m tariff.Method) ([]Warning, error) {
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
			Code:    WarningSuspensionUnchecked,
			Subject: r.ID,
			ZH:      fmt.Sprintf("%s 对暂停用电的限制未经核实：本月暂停按日计费，未核对这些限制", r.ID),
			EN:      fmt.Sprintf("%s: suspension limits are not verified; the suspension is billed by day and its limits were not checked", r.ID),
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
		if r.SuspensionMaxPerYear > 0 && count > r.SuspensionMaxPerYear {
			return nil, rule("suspension.max_per_year", "unit %s has %d suspensions in %d (at most %d)", ud.unit.ID, count, year, r.SuspensionMaxPerYear)
		}
		if r.SuspensionMaxMonths > 0 && days > r.SuspensionMaxMonths*30 {
			return nil, rule("suspension.max_months_per_year", "unit %s is suspended %d days in %d (at most %d months, read as %d days)", ud.unit.ID, days, year, r.SuspensionMaxMonths, r.SuspensionMaxMonths*30)
		}
		if m != tariff.MethodCapacity && r.WholeMonthsUnderDemand && ud.days > 0 && !ud.full {
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
