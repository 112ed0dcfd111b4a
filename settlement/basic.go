package settlement

import (
	"fmt"
	"strconv"
	"strings"

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
		return b.namedTable("rules", b.opt.Rules, err)
	}
	b.rules.read(tr)
	r := &b.rules
	b.use(&r.Header, "effective", "methods", "method_change", "floor", "suspension", "proration")
	if !r.InForce(b.date) {
		b.bill.Counterfactual = true
		if !b.lean { // a lean bill keeps no warnings: build no text for one
			b.warning(b.counterfactual(r.Header))
		}
	}
	return nil
}

// counterfactual is the warning of a bill under basic-charge provisions that
// did not apply in its month: those of a rule set before a later one changed
// how the basic charge is billed (the document itself may stay in force, as
// 供电营业规则 does after 1583号), or provisions that applied only later.
func (b *builder) counterfactual(h tariff.Header) Warning {
	w := Warning{Code: WarningCounterfactualRules, Subject: h.ID}
	if b.date.Before(h.From) {
		w.ZH = fmt.Sprintf("基本电费按%s（%s）的规定计算，该规定自%s起才适用，为有意设置的对比情形", h.Document, h.ID, h.From.StringZH())
		w.EN = fmt.Sprintf("the basic charge is billed under the provisions of %s (%s), which apply only from %s: a counterfactual by design", h.ID, h.Document, h.From)
		return w
	}
	later := "后续规定"
	laterEN := "later provisions"
	if t, err := b.set.BasicRules(b.c.Region, b.date, ""); err == nil {
		later, laterEN = t.Head().Document, t.Head().ID+" ("+t.Head().Document+")"
	}
	w.ZH = fmt.Sprintf("自%s起，基本电费计费方式已按%s调整；本账单按调整前的规定（%s，%s）计算，为有意设置的对比情形", h.To.StringZH(), later, h.Document, h.ID)
	w.EN = fmt.Sprintf("the basic charge is billed under the provisions of %s (%s) as they were before %s changed them on %s: a counterfactual by design", h.ID, h.Document, laterEN, h.To)
	return w
}

// basic adds the basic-charge line at the given prices (the catalog's or the
// T&D table's basic prices, README §3.4): it checks the choice against the
// rule set and the suspension rules, then computes the method's charge
// (byCapacity, byContractDemand, byActualDemand below) and itemises the units
// or feeders, the discount, the floor and the excess in the basis.
func (b *builder) basic(pKVA, pKW decimal.Decimal, priceSrc *tariff.Header, pricePath ...string) error {
	r := &b.rules
	ch := &b.opt
	if ch.Method == "" {
		return b.inputErr("choice.method", "", "missing", methodNames(r))
	}
	if !r.Allows(ch.Method) {
		return b.ruleErr(r.Header, "choice.method", string(ch.Method), "methods", methodNotAllowed, methodNames(r))
	}
	if ch.Method != tariff.MethodCapacity && len(b.u.Demand) == 0 {
		return b.inputErr("usage.demand", "", "missing: the "+string(ch.Method)+" method needs the actual max demand of every feeder", "")
	}
	var ubuf [8]unitDays
	units := unitDaysOf(b.c, b.u.Month, b.unitsAllMonth, ubuf[:0])
	f := newMonthFacts(b.u, b.demandN, r, units, b.kvaN)
	ws, err := checkSuspensions(f, units, r, ch.Method)
	if err != nil {
		return err
	}
	for _, w := range ws {
		b.warning(w)
	}
	res := f.basicCharge(r, ch.Method, b.contractN, pKVA, pKW)
	// contract < ⌊floor⌋ needs contract < floor, which byContractDemand
	// found (res.floor: floor × capacity above the declared contract); the
	// floor's ⌊⌋ is made only then.
	if ch.Method == tariff.MethodContractDemand && res.floor {
		if floor := f.floorKW(r); ch.ContractKW.LessThan(floor.Floor()) {
			// Declaring ⌊floor⌋ (the optimiser's choice when the floor is not a
			// whole kW) is billed at the floor and is no mistake; less is.
			b.warning(Warning{Code: WarningContractBelowFloor, Subject: r.ID,
				ZH: fmt.Sprintf("申报的合同最大需量 %s kW 低于下限 %s × %s kVA = %s kW（%s）：按下限计费，请核对申报值", ch.ContractKW, r.Floor, f.capacity, floor, r.ID),
				EN: fmt.Sprintf("the declared contract demand %s kW is below the floor %s × %s kVA = %s kW (%s): the floor is billed; check the declaration", ch.ContractKW, r.Floor, f.capacity, floor, r.ID)})
		}
	}
	b.useJoined(priceSrc, pricePath...)
	if !res.den.IsZero() {
		res.quantity = b.shown(f.kvaDays, f.divisor)
	}
	amt, fen := res.roundedF()
	l := Line{Code: tariff.LineBasic, Quantity: res.quantity, UnitPrice: res.price, Amount: amt, Unit: "kW"}
	if ch.Method == tariff.MethodCapacity {
		l.Unit = "kVA"
	}
	if !b.lean {
		l.Clause, l.ClauseZH = b.basis(basicClause(ch.Method), basicClauseZH(ch.Method), priceSrc, &r.Header)
		b.basicItems(units, f.capacity, res, ch.Method)
	}
	b.addFen(l, fen)
	if b.lean {
		return nil
	}
	bl := &b.bill
	bl.Rules, bl.RulesDocument, bl.Method, bl.ContractKW, bl.BilledKW = r.ID, r.Document, ch.Method, ch.ContractKW, res.billedKW
	bl.DemandKW, bl.CapacityKVA, bl.Reading, bl.Discount = f.demand, f.capacity, r.Reading, res.discount
	if ch.Method == tariff.MethodContractDemand {
		bl.BilledKW = res.contract
	}
	return nil
}

// basicItems itemises the basis of the basic-charge line about to be added:
// the units (capacity) or feeders (demand), the discount, the floor and the
// excess, each formatted into the bill's text.
func (b *builder) basicItems(units []unitDays, capacity decimal.Decimal, res basicResult, m tariff.Method) {
	r := &b.rules
	switch {
	case m == tariff.MethodCapacity:
		days := b.u.Month.Days()
		for _, ud := range units {
			b.itemLater(ItemUnit, ud.unit.ID, itemFmt{kind: fmtUnit, d: [4]decimal.Decimal{ud.unit.KVA}, n: [2]int{ud.days, days}})
		}
	case b.feeders.ok: // gathered in name order when the demand was summed
		for _, f := range b.feeders.all() {
			b.itemLater(ItemFeeder, f.name, itemFmt{kind: fmtFeeder, d: [4]decimal.Decimal{f.kw}})
		}
	default:
		var buf [8]string
		for _, f := range feedersOf(buf[:0], b.u) {
			b.itemLater(ItemFeeder, f, itemFmt{kind: fmtFeeder, d: [4]decimal.Decimal{b.u.Demand[f]}})
		}
	}
	if res.discount {
		b.itemLater(ItemDiscount, "", itemFmt{kind: fmtDiscount, d: [4]decimal.Decimal{b.u.KWh, r.DiscountMinKWhPerKVA, capacity, r.DiscountFactor}})
	}
	if res.floor {
		b.itemLater(ItemFloor, "", itemFmt{kind: fmtFloor, d: [4]decimal.Decimal{r.Floor, capacity, res.floorKW}})
	}
	if res.excess {
		b.itemLater(ItemExcess, "", itemFmt{kind: fmtExcess, s: string(r.Reading), d: [4]decimal.Decimal{res.excessKW, r.Threshold, res.contract, r.Multiplier}})
	}
}

// basicClause names the formula; the rule set's values are in the bill's
// basic-charge fields (Bill.Rules …) and the rule set (named in the basis), the floor and excess in the
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
// methodNotAllowed is the reason of a method the rule set does not allow.
const methodNotAllowed = "method not allowed by the rule set"

func methodNames(r *ruleSet) string {
	var s []string
	for _, m := range r.src.Methods() {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// monthFacts are the quantities of a month the basic charge depends on.
type monthFacts struct {
	month    tariff.Month
	kvaDays  decimal.Decimal // Σ kVA × chargeable-day factor numerator (set only when not allFull)
	divisor  decimal.Decimal
	capacity decimal.Decimal // K: kVA chargeable on every day of the month
	demand   decimal.Decimal // A: feeders summed
	kwh      decimal.Decimal
	units    []unitDays // the units' chargeable days (the plan's facts; a bill keeps them apart)
	allFull  bool       // every unit chargeable every day
	// capN and demandN are capacity and demand with their coefficients
	// read once, for the comparisons of the methods.
	capN, demandN num
}

type unitDays struct {
	unit *Unit // in the customer's units
	days int   // chargeable days in the month
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
func sealedDays(s [2]tariff.Date, from, to tariff.Date) int {
	lo, hi := s[0], s[1]
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

// unitDaysOf appends the chargeable days of each of c's units in month m to
// buf (a caller's buffer, or nil). allMonth says that no unit has a
// commissioning date or a suspension (allUnitsAllMonth): each is then
// chargeable every day of the month, without looking at its dates.
func unitDaysOf(c Customer, m tariff.Month, allMonth bool, buf []unitDays) []unitDays {
	days := m.Days()
	if allMonth {
		for i := range c.Units {
			buf = append(buf, unitDays{unit: &c.Units[i], days: days, full: true})
		}
		return buf
	}
	for i := range c.Units {
		d := chargeableDays(c.Units[i], m)
		buf = append(buf, unitDays{unit: &c.Units[i], days: d, full: d == days})
	}
	return buf
}

// newMonthFacts returns the month's facts for the units' chargeable days
// (unitDaysOf; f.units is left for the caller to set) and the demand of its
// feeders summed. kvaAll is the units'
// kVA in all when the caller has it (checkCustomer sums it), else zero: when
// every unit is chargeable every day it is the capacity, without summing
// again.
func newMonthFacts(u Usage, demand num, r *ruleSet, units []unitDays, kvaAll num) monthFacts {
	f := monthFacts{month: u.Month, divisor: smallInt(r.ProrationDivisor), demand: demand.d, demandN: demand, kwh: u.BilledKWh()}
	var fullBuf [8]decimal.Decimal
	full := fullBuf[:0]
	part := decimal.Zero
	for _, ud := range units {
		if ud.full {
			full = append(full, ud.unit.KVA)
		} else if ud.days > 0 {
			// 供电营业规则 art. 84 (MEDIUM): 1/30 of the monthly charge per day, at most 30 days.
			part = add(part, mul(ud.unit.KVA, smallInt(min(ud.days, r.ProrationCapDays))))
		}
	}
	f.allFull = len(full) == len(units) && len(full) > 0
	if f.allFull && !kvaAll.d.IsZero() {
		f.capN = kvaAll
	} else {
		var buf [8]num
		ns := buf[:0]
		for _, d := range full {
			ns = append(ns, numOf(d))
		}
		f.capN = sumNums(ns) // as sum(full) adds them
	}
	f.capacity = f.capN.d
	if !f.allFull { // a full month's charge needs no day factor
		f.kvaDays = add(mul(f.capacity, f.divisor), part)
	}
	return f
}

// basicResult is a month's basic charge before rounding.
type basicResult struct {
	x, y     decimal.Decimal // the charge is x × y exactly, ÷ den when den is set (a prorated capacity charge)
	den      decimal.Decimal // zero for 1
	quantity decimal.Decimal // kVA (capacity, prorated) or billed kW
	price    decimal.Decimal // the price per kVA or kW, discounted where the discount applies
	billedKW decimal.Decimal
	contract decimal.Decimal // contract after the floor
	discount bool
	floor    bool            // the floor binds: floorKW is billed (or is the contract)
	floorKW  decimal.Decimal // floor × capacity in service
	excess   bool            // demand above threshold × contract: excessKW more
	excessKW decimal.Decimal
	xN       num // x with its coefficient read, when set (xN.d is x)
}

// basicCharge computes the exact basic charge of method m with declared
// contract demand contractKW, as contractOf reads it (README §3.4).
func (f *monthFacts) basicCharge(r *ruleSet, m tariff.Method, contractKW num, pKVA, pKW decimal.Decimal) basicResult {
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
func (f *monthFacts) byCapacity(pKVA decimal.Decimal) basicResult {
	res := basicResult{price: pKVA}
	if f.allFull {
		res.x, res.y, res.quantity = f.capacity, pKVA, f.capacity
	} else {
		// One fraction, divided last (README §3.1): Σ kVA × days × price ÷ 30.
		res.x, res.y, res.den = f.kvaDays, pKVA, f.divisor
	}
	return res
}

// rounded returns the charge rounded once to the fen.
func (r basicResult) rounded() decimal.Decimal {
	d, _ := r.roundedF()
	return d
}

// roundedF is rounded with the charge's fen as amountFen gives them.
func (r basicResult) roundedF() (decimal.Decimal, int64) {
	if r.den.IsZero() {
		xN := r.xN
		if xN.d != r.x { // not read (or not x): identical decimals only
			xN = numOf(r.x)
		}
		return mulRoundShiftF(xN, r.y, 0)
	}
	return fracMulRoundF(r.x, r.y, r.den)
}

// scaled returns the exact charge × the rule set's proration divisor (the
// den of a prorated charge): charges of several months compare and add
// exactly, without a division.
func (r basicResult) scaled(divisor decimal.Decimal) decimal.Decimal {
	if r.den.IsZero() {
		return mul(mul(r.x, r.y), divisor)
	}
	return mul(r.x, r.y)
}

// demandPrice returns the price per kW of the demand methods and whether the
// high-utilisation discount applies. 发改价格〔2023〕526号: a month with kWh ÷
// capacity in service ≥ 260 (inclusive) pays 90 % of the demand price, in both
// demand formulas and in the excess term; without kWh no discount applies.
func (f *monthFacts) demandPrice(r *ruleSet, pKW decimal.Decimal) (decimal.Decimal, bool) {
	if r.HasDiscount && f.capacity.IsPositive() && cmpMulN(numOf(r.DiscountMinKWhPerKVA), f.capN, numOf(f.kwh)) <= 0 {
		return normMul(pKW, r.DiscountFactor), true
	}
	return pKW, false
}

// floorKW is the 40 % floor (README §3.4): under contract demand the billed
// contract is at least floor × capacity in service, C = max(declared, 0.40 ×
// K) (供电营业规则 1996, MEDIUM; 发改办价格〔2016〕1583号, HIGH); 发改价格〔2023〕526号
// also floors actual demand (MEDIUM). The share is the rule set's Floor.
func (f *monthFacts) floorKW(r *ruleSet) decimal.Decimal {
	return mul(r.Floor, f.capacity)
}

// byActualDemand is the actual-demand method (按实际最大需量, 发改价格〔2023〕526号,
// README §3.4): max(A, floor × K) × price, the floor where the rule set
// applies it to actual demand.
func (f *monthFacts) byActualDemand(r *ruleSet, pKW decimal.Decimal) basicResult {
	var res basicResult
	res.price, res.discount = f.demandPrice(r, pKW)
	billed := f.demand
	if r.FloorOnActual && cmpMulN(numOf(r.Floor), f.capN, f.demandN) > 0 { // floor × K above the demand
		billed = f.floorKW(r)
		res.floor, res.floorKW = true, billed
	}
	res.billedKW, res.quantity = billed, billed
	res.x, res.y = billed, res.price
	return res
}

// byContractDemand is the contract-demand method (按合同最大需量, README §3.4):
// C = max(declared, floor × K); demand up to threshold × C (105 %, inclusive)
// pays C × price. 发改办价格〔2016〕1583号: "超过105%部分的基本电费加一倍收取" —
// above it, reading (a), the default, bills 1.05 C + 2 × (A − 1.05 C) and
// reading (b) bills C + 2 × (A − 1.05 C); the rule set names the reading, the
// threshold and the multiplier.
func (f *monthFacts) byContractDemand(r *ruleSet, contractKW num, pKW decimal.Decimal) basicResult {
	var res basicResult
	res.price, res.discount = f.demandPrice(r, pKW)
	C, cN := contractKW.d, contractKW
	if cmpMulN(numOf(r.Floor), f.capN, cN) > 0 { // floor × K above the contract
		floor := f.floorKW(r)
		C, cN = floor, numOf(floor)
		res.floor, res.floorKW = true, floor
	}
	res.contract = C
	billed := C
	res.xN = cN // x = billed, read once, unless the excess adds to it
	if cmpMulN(numOf(r.Threshold), cN, f.demandN) < 0 {
		res.xN = num{}
		limit := mul(r.Threshold, C)
		excess := sub(f.demand, limit)
		if r.Reading == tariff.ReadingB {
			billed = add(C, mul(r.Multiplier, excess))
		} else {
			billed = add(limit, mul(r.Multiplier, excess))
		}
		res.excess, res.excessKW = true, excess
	}
	res.billedKW, res.quantity = billed, billed
	res.x, res.y = billed, res.price
	return res
}

// checkSuspensions applies the rule set's suspension rules to the units of
// the month (README §3.4). It returns warnings when the rule set does not
// check suspensions.
func checkSuspensions(f monthFacts, units []unitDays, r *ruleSet, m tariff.Method) ([]Warning, error) {
	touches := false
	for _, ud := range units {
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
	rule := func(field, clause, allowed, format string, args ...any) error {
		return &Error{Month: f.month.String(), Field: field, Rule: r.ID, Document: r.Document, Clause: clause, Reason: fmt.Sprintf(format, args...), Allowed: allowed}
	}
	year := f.month.Year
	for i, ud := range units {
		unit := "customer.units[" + strconv.Itoa(i) + "]"
		susp := func(j int) string { return unit + ".suspensions[" + strconv.Itoa(j) + "]" }
		count, days := 0, 0
		yStart, yEnd := tariff.NewDate(year, 1, 1), tariff.NewDate(year+1, 1, 1)
		for j, s := range ud.unit.Suspensions {
			if seal, unseal := s[0], s[1]; !unseal.IsZero() && seal.DaysUntil(unseal) < r.SuspensionMinDays && overlapsMonth(s, f.month) {
				return nil, rule(susp(j), "suspension.min_days", fmt.Sprintf("at least %d days", r.SuspensionMinDays), "unit %s sealed %s, unsealed %s: %d days", ud.unit.ID, seal, unseal, seal.DaysUntil(unseal))
			}
			if n := sealedDays(s, yStart, yEnd); n > 0 {
				count++
				days += n // each day counts toward its own year
			}
		}
		if r.SuspensionMaxPerYear > 0 && count > r.SuspensionMaxPerYear {
			return nil, rule(unit+".suspensions", "suspension.max_per_year", fmt.Sprintf("at most %d a year", r.SuspensionMaxPerYear), "unit %s has %d suspensions in %d", ud.unit.ID, count, year)
		}
		if r.SuspensionMaxMonths > 0 && days > r.SuspensionMaxMonths*30 {
			return nil, rule(unit+".suspensions", "suspension.max_months_per_year", fmt.Sprintf("at most %d months a year, read as %d days", r.SuspensionMaxMonths, r.SuspensionMaxMonths*30), "unit %s is suspended %d days in %d", ud.unit.ID, days, year)
		}
		if m != tariff.MethodCapacity && r.WholeMonthsUnderDemand && ud.days > 0 && !ud.full {
			for j, s := range ud.unit.Suspensions {
				if overlapsMonth(s, f.month) {
					return nil, rule(susp(j), "suspension.whole_months_under_demand", "a suspension of whole months (sealed and unsealed on the 1st), or the capacity method",
						"unit %s: under the %s method a suspension must cover whole months; %s–%s starts or ends inside %s", ud.unit.ID, m, s[0], unsealText(s), f.month)
				}
			}
		}
	}
	return nil, nil
}

// unsealText is a suspension's unseal day as text: "open" while sealed.
func unsealText(s [2]tariff.Date) string {
	if s[1].IsZero() {
		return "open"
	}
	return s[1].String()
}

// overlapsMonth reports whether suspension s seals a day of month m.
func overlapsMonth(s [2]tariff.Date, m tariff.Month) bool {
	end := m.Next().First()
	return s[0].Before(end) && (s[1].IsZero() || m.First().Before(s[1]))
}
