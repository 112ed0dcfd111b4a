package settlement

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The checks on a bill's inputs, made before any line is computed: bad input
// gets an *Error naming the field, its value, what was wrong and what is
// allowed.

func (b *builder) inputErr(field, value, reason, allowed string) error {
	m := ""
	if !b.u.Month.IsZero() { // zero when a decoded input is checked on its own
		m = b.u.Month.String()
	}
	return &Error{Month: m, Field: field, Value: value, Reason: reason, Allowed: allowed}
}

// checkField checks a quantity or price of the month as checkAmount does and
// names field in the error; the error's text is built only when there is one.
func (b *builder) checkField(v decimal.Decimal, field func() string) error {
	if r, a := amountProblem(v); r != "" {
		return b.inputErr(field(), exact.Text(v), r, a)
	}
	return nil
}

// namedTable returns err, a lookup's error for the table the input names by
// id at field, as an *Error with the month, the field and the id when the
// table does not exist (allowed: the ids of the set's tables of the kind)
// or is not in force (the reason gives its range); other errors unchanged.
func (b *builder) namedTable(field, id string, err error) error {
	nt := (*tariff.Error)(nil)
	if id == "" || !errors.As(err, &nt) || nt.ID != id || nt.Value != "" {
		return err
	}
	if nt.InForce != "" {
		e := b.inputErr(field, id, fmt.Sprintf("%s table not in force on %s (in force %s)", nt.Kind, nt.Date, nt.InForce), "").(*Error)
		e.Err = err
		return e
	}
	var ids []string
	for _, h := range b.set.Headers() {
		if h.Kind == nt.Kind || nt.Kind == "" {
			ids = append(ids, h.ID)
		}
	}
	slices.Sort(ids)
	e := b.inputErr(field, id, fmt.Sprintf("no %s table with this id", nt.Kind), strings.Join(ids, ", ")).(*Error)
	e.Err = err
	return e
}

// customerInMonth returns err, an error of checkCustomer, with the month
// billed m (when m is a month).
func customerInMonth(err error, m tariff.Month) error {
	if e, ok := err.(*Error); ok && validMonth(m) {
		e.Month = m.String()
	}
	return err
}

// plantErr is the error of a plant whose class no catalog of its region
// has (set.HasClass is false): the class, and the classes there are; or the
// region, when no catalog of the set has it.
func plantErr(set *tariff.Set, c Customer, m tariff.Month) error {
	if classes := set.Classes(c.Region); len(classes) > 0 {
		return &Error{Month: monthText(m), Field: "customer.class", Value: c.Class, Reason: "unknown customer class (no catalog of the region has it)", Allowed: strings.Join(classes, ", ")}
	}
	var regions []string
	for _, h := range set.Headers() {
		if h.Kind == tariff.KindCatalog && !slices.Contains(regions, h.Region) {
			regions = append(regions, h.Region)
		}
	}
	slices.Sort(regions)
	return &Error{Month: monthText(m), Field: "customer.region", Value: c.Region, Reason: "no catalog table of this region", Allowed: strings.Join(regions, ", ")}
}

// ruleErr is a *Error of rule set r about the input at field, its value,
// in the month billed.
func (b *builder) ruleErr(r tariff.Header, field, value, clause, reason, allowed string) error {
	return &Error{Month: b.u.Month.String(), Field: field, Value: value, Rule: r.ID, Document: r.Document, Clause: clause, Reason: reason, Allowed: allowed}
}

// amountProblem says what is wrong with a quantity or price, as checkAmount
// does: "" when nothing is.
func amountProblem(v decimal.Decimal) (reason, allowed string) {
	return amountProblemN(numOf(v))
}

// amountProblemN is amountProblem for a value whose coefficient was read:
// the common case (exact.Plain) from the coefficient and exponent alone.
func amountProblemN(v num) (reason, allowed string) {
	if v.ok && v.c >= 0 && exact.Plain(v.c, v.e) {
		return "", ""
	}
	if v.d.IsNegative() {
		return "must not be negative", ""
	}
	return exact.CheckSmall(v.d, v.c, v.ok)
}

// fieldName returns a fixed field name for checkField.
func fieldName(f string) func() string { return func() string { return f } }

// standardKV holds tariff.StandardVoltages as decimals, parsed once, and
// standardKVKeys the same as coefficients without trailing zeros and their
// exponents (0.38 is 38e-2, 220 is 22e1); read only.
var standardKV, standardKVKeys = func() ([]decimal.Decimal, []decKey) {
	var out []decimal.Decimal
	var keys []decKey
	for _, v := range tariff.StandardVoltages() {
		d := decimal.RequireFromString(v)
		out = append(out, d)
		k, _ := keyOf(d)
		keys = append(keys, k)
	}
	return out, keys
}()

// decKey is a non-zero decimal as its coefficient without trailing zeros and
// its exponent: two decimals are equal exactly when their keys are.
type decKey struct {
	c int64
	e int32
}

// keyOf returns d's key; ok is false when d is zero or its coefficient does
// not fit in 64 bits.
func keyOf(d decimal.Decimal) (decKey, bool) {
	return keyOfN(numOf(d))
}

// keyOfN is keyOf for a value whose coefficient was read.
func keyOfN(n num) (decKey, bool) {
	c, e := n.c, n.e
	if !n.ok || c == 0 {
		return decKey{}, false
	}
	for c%10 == 0 {
		c /= 10
		e++
	}
	return decKey{c, e}, true
}

// standardVoltage reports whether v is one of the GB/T 156 voltages.
func standardVoltage(v decimal.Decimal) bool {
	return standardVoltageN(numOf(v))
}

// standardVoltageN is standardVoltage for a value whose coefficient was
// read.
func standardVoltageN(v num) bool {
	if k, ok := keyOfN(v); ok {
		return slices.Contains(standardKVKeys, k)
	}
	return slices.ContainsFunc(standardKV, func(s decimal.Decimal) bool { return cmp(v.d, s) == 0 })
}

// usedBefore reports whether a unit of us has the id: the pairwise check
// of a few units' ids.
func usedBefore(us []Unit, id string) bool {
	for i := range us { // by index: a Unit is not copied
		// The last bytes first: ids of a plant's units tend to share
		// their start ("T1", "T2") and differ at the end.
		if v := us[i].ID; len(v) == len(id) && (len(v) == 0 || v[len(v)-1] == id[len(id)-1]) && v == id {
			return true
		}
	}
	return false
}

// smallDistinct is the most units whose ids checkCustomer compares pairwise
// instead of through a map.
const smallDistinct = 16

// checkCustomer checks the plant as the scenario loader does: an id, region,
// class, a positive voltage, a known power-factor standard, units with
// distinct ids, a known kind, positive kVA, valid dates and suspensions in
// order. Every quantity is at most 10¹² with at most 24 decimal places
// (README §3.1).
func checkCustomer(c Customer) error {
	_, _, err := customerKVA(c)
	return err
}

// customerKVA checks the plant as checkCustomer does and returns the units'
// kVA in all, its coefficient read, and whether every unit is in service
// every day of any month (allUnitsAllMonth): one pass over the units.
func customerKVA(c Customer) (kva num, allMonth bool, err error) {
	bad := func(field, value, reason, allowed string) error {
		return &Error{Field: "customer." + field, Value: value, Reason: reason, Allowed: allowed}
	}
	if c.ID == "" {
		return num{}, false, bad("id", "", "missing", "")
	}
	if c.Region == "" {
		return num{}, false, bad("region", "", "missing", "a tariff region, e.g. liaoning")
	}
	if c.Class == "" {
		return num{}, false, bad("class", "", "missing", "a catalog class, e.g. large_industry")
	}
	if !c.VoltageKV.IsPositive() {
		return num{}, false, bad("voltage_kv", exact.Text(c.VoltageKV), "must be greater than zero", "")
	}
	v := numOf(c.VoltageKV) // its coefficient read once, for the check and the key
	if r, a := amountProblemN(v); r != "" {
		return num{}, false, bad("voltage_kv", exact.Text(c.VoltageKV), r, a)
	}
	if !standardVoltageN(v) {
		return num{}, false, bad("voltage_kv", exact.Text(c.VoltageKV), "not a standard supply voltage in kV (GB/T 156)", strings.Join(tariff.StandardVoltages(), ", "))
	}
	switch c.PFStandard {
	case PFStandard090, PFStandard085, PFStandard080, PFExempt:
	case "":
		return num{}, false, bad("pf_standard", "", "missing: a missing standard is never read as none", pfStandardText)
	default:
		return num{}, false, bad("pf_standard", string(c.PFStandard), "unknown power-factor standard", pfStandardText)
	}
	if len(c.Units) == 0 {
		return num{}, false, bad("units", "", "missing", "at least one transformer or motor")
	}
	var ids map[string]bool // only for many units: a few are compared pairwise
	if len(c.Units) > smallDistinct {
		ids = make(map[string]bool, len(c.Units))
	}
	allMonth = true
	var kvaBuf [8]num
	kvas := kvaBuf[:0] // summed once after the loop (one decimal, not one per unit)
	for i := range c.Units {
		u := &c.Units[i]
		f := func() string { return "units[" + strconv.Itoa(i) + "]" }
		if u.ID == "" {
			return num{}, false, bad(f()+".id", "", "missing", "")
		}
		if ids != nil && ids[u.ID] || ids == nil && usedBefore(c.Units[:i], u.ID) {
			return num{}, false, bad(f()+".id", u.ID, "unit id used twice", "")
		}
		if ids != nil {
			ids[u.ID] = true
		}
		if !u.KVA.IsPositive() {
			return num{}, false, bad(f()+".kva", exact.Text(u.KVA), "must be greater than zero", "")
		}
		kva := numOf(u.KVA) // its coefficient read once, for the check and the sum
		if r, a := amountProblemN(kva); r != "" {
			return num{}, false, bad(f()+".kva", exact.Text(u.KVA), r, a)
		}
		kvas = append(kvas, kva)
		if !u.Commissioned.IsZero() || len(u.Suspensions) > 0 {
			allMonth = false
		}
		if !u.Commissioned.IsZero() && !validDate(u.Commissioned) {
			return num{}, false, bad(f()+".commissioned", u.Commissioned.String(), "not a valid date", "a date YYYY-MM-DD")
		}
		for j, s := range u.Suspensions {
			g := func() string { return f() + ".suspensions[" + strconv.Itoa(j) + "]" }
			seal, unseal := s[0], s[1]
			if seal.IsZero() {
				return num{}, false, bad(g()+".seal", "", "missing", "a date YYYY-MM-DD")
			}
			if !validDate(seal) {
				return num{}, false, bad(g()+".seal", seal.String(), "not a valid date", "a date YYYY-MM-DD")
			}
			if !unseal.IsZero() && !validDate(unseal) {
				return num{}, false, bad(g()+".unseal", unseal.String(), "not a valid date", "a date YYYY-MM-DD")
			}
			if !unseal.IsZero() && !seal.Before(unseal) {
				return num{}, false, bad(g()+".unseal", unseal.String(), "must be after the seal date "+seal.String(), "")
			}
			if j > 0 {
				p := u.Suspensions[j-1]
				if p[1].IsZero() || seal.Before(p[1]) {
					return num{}, false, bad(g()+".seal", seal.String(), "suspensions out of order or overlapping (previous unsealed "+unsealText(p)+")", "")
				}
			}
		}
	}
	total := sumNums(kvas)
	if r, a := amountProblemN(total); r != "" { // positive: CheckSmall's reasons
		return num{}, false, bad("units", exact.Text(total.d), "the units' capacity in all: "+r, a+" kVA")
	}
	return total, allMonth, nil
}

// checkAluminium checks the facts that set a smelter's stepped price: a
// positive consumption per tonne, the renewable share and the provincial
// weight fractions 0 … 1 given together, and only with a consumption.
func checkAluminium(u Usage, field func(f string) func(value, reason, allowed string) error) error {
	if x := u.AluminiumKWhPerTonne; x.Valid {
		if !x.Decimal.IsPositive() {
			return field("aluminium_kwh_per_tonne")(exact.Text(x.Decimal), "must be greater than zero", "")
		}
		if r, a := exact.Check(x.Decimal); r != "" {
			return field("aluminium_kwh_per_tonne")(exact.Text(x.Decimal), r, a)
		}
	}
	if err := checkFraction(u.RenewableShare, field("renewable_share")); err != nil {
		return err
	}
	if err := checkFraction(u.ProvincialWeight, field("provincial_weight")); err != nil {
		return err
	}
	switch {
	case u.RenewableShare.Valid && !u.ProvincialWeight.Valid:
		return field("provincial_weight")("", "missing: a renewable share needs the province's previous-year incentive weight", "a fraction 0 … 1")
	case !u.RenewableShare.Valid && u.ProvincialWeight.Valid:
		return field("renewable_share")("", "missing: a provincial weight is given without the plant's renewable share", "a fraction 0 … 1")
	case u.RenewableShare.Valid && !u.AluminiumKWhPerTonne.Valid:
		return field("aluminium_kwh_per_tonne")("", "missing: a renewable share and provincial weight are given without the previous year's consumption per tonne", "kWh/t greater than zero")
	case (u.AluminiumProductionKWh.Valid || u.AluminiumProductionShare.Valid) && !u.AluminiumKWhPerTonne.Valid:
		// Without it the month would be billed as a plant without the
		// stepped price: no surcharge, and nothing to say so.
		return field("aluminium_kwh_per_tonne")("", "missing: the aluminium production is given without the previous year's consumption per tonne", "kWh/t greater than zero")
	}
	return nil
}

// checkFraction checks a share given as a fraction: 0 … 1, at most 24
// decimal places; an invalid NullDecimal passes.
func checkFraction(v decimal.NullDecimal, bad func(value, reason, allowed string) error) error {
	if !v.Valid {
		return nil
	}
	if err := checkAmount(v.Decimal, bad); err != nil {
		return err
	}
	if v.Decimal.GreaterThan(one) {
		return bad(exact.Text(v.Decimal), "a share above 1", "a fraction 0 … 1 (21.4 % is 0.214)")
	}
	return nil
}

// validMonth reports whether m is a month YYYY-MM could name.
func validMonth(m tariff.Month) bool {
	return m.Year >= 0 && m.Year <= 9999 && m.Month >= 1 && m.Month <= 12
}

// validDate reports whether d is a civil date YYYY-MM-DD could name.
func validDate(d tariff.Date) bool {
	return validMonth(d.MonthOf()) && d.Day >= 1 && d.Day <= d.MonthOf().Days()
}

// checkAmount checks that a quantity or price v is not negative, at most
// 10¹² and has at most 24 decimal places; bad makes the error.
func checkAmount(v decimal.Decimal, bad func(value, reason, allowed string) error) error {
	if v.IsNegative() {
		return bad(exact.Text(v), "must not be negative", "")
	}
	if r, a := exact.Check(v); r != "" {
		return bad(exact.Text(v), r, a)
	}
	return nil
}

// checkUsage checks a month's usage as the scenario loader does: a valid
// month, quantities not negative and at most 10¹², feeders named, kWh by
// period in known periods summing to kWh.
func checkUsage(u Usage) error {
	_, err := checkUsageDemand(u)
	return err
}

// checkUsageDemand is checkUsage, and returns u.MaxDemand() as well: the
// check ranges over the feeders once (a map's range is not free).
func checkUsageDemand(u Usage) (demand decimal.Decimal, err error) {
	n, err := checkUsageNums(u, numOf(u.KWh), numOf(u.KVarh), nil)
	return n.d, err
}

// checkUsageNums is checkUsageDemand for a usage whose kWh and kvarh have
// their coefficients read (kwh, kvarh); the demand comes with its own, and
// the feeders in fs (when not nil), as demandOf gathers them.
func checkUsageNums(u Usage, kwh, kvarh num, fs *feederList) (demand num, err error) {
	if u.Month.IsZero() {
		return num{}, &Error{Field: "usage.month", Reason: "missing"}
	}
	if !validMonth(u.Month) {
		return num{}, &Error{Field: "usage.month", Value: fmt.Sprintf("%04d-%02d", u.Month.Year, int(u.Month.Month)), Reason: "not a valid month", Allowed: "a month YYYY-MM"}
	}
	field := func(f, value, reason, allowed string) error {
		return &Error{Month: u.Month.String(), Field: "usage." + f, Value: value, Reason: reason, Allowed: allowed}
	}
	bad := func(f, value, reason string) error { return field(f, value, reason, "") }
	check := func(v decimal.Decimal, f func() string) error {
		if r, a := amountProblem(v); r != "" {
			return field(f(), exact.Text(v), r, a)
		}
		return nil
	}
	checkN := func(v num, f string) error {
		if r, a := amountProblemN(v); r != "" {
			return field(f, exact.Text(v.d), r, a)
		}
		return nil
	}
	if err := checkN(kwh, "kwh"); err != nil {
		return num{}, err
	}
	if err := checkN(kvarh, "kvarh"); err != nil {
		return num{}, err
	}
	if u.hasExtras() {
		month := u.Month
		fieldOf := func(f string) func(value, reason, allowed string) error {
			return func(value, reason, allowed string) error {
				return &Error{Month: month.String(), Field: "usage." + f, Value: value, Reason: reason, Allowed: allowed}
			}
		}
		if err := checkUsageExtras(u, fieldOf); err != nil {
			return num{}, err
		}
	}
	var kwBuf [8]num
	kws := kwBuf[:0]
	if fs != nil {
		fs.ok = true
	}
	for f, kw := range u.Demand {
		n := numOf(kw)
		if r, _ := amountProblemN(n); f == "" || r != "" {
			return num{}, checkDemand(u, bad, check) // the first bad feeder in name order
		}
		kws = append(kws, n)
		fs.add(f, kw)
	}
	if len(u.ByPeriod) > 0 {
		var buf [tariff.NumPeriods]periodKWh
		known := periodsOf(buf[:0], u)
		if len(known) < len(u.ByPeriod) {
			var unknown []string
			for p := range u.ByPeriod {
				if _, err := tariff.ParsePeriod(string(p)); err != nil {
					unknown = append(unknown, string(p))
				}
			}
			slices.Sort(unknown)
			return num{}, bad("kwh_by_period", unknown[0], "unknown TOU period")
		}
		var nbuf [tariff.NumPeriods]num
		ns := nbuf[:0]
		for _, p := range known {
			n := numOf(p.KWh)
			if r, a := amountProblemN(n); r != "" {
				return num{}, field("kwh_by_period."+string(p.Period), exact.Text(p.KWh), r, a)
			}
			ns = append(ns, n)
		}
		if !sumEquals(ns, kwh) {
			sum := sumNumsSlow(ns)
			return num{}, bad("kwh_by_period", sum.String(), "periods sum to "+sum.String()+" kWh but kwh is "+u.KWh.String())
		}
	}
	return sumNums(kws), nil // as demandSum adds them
}

// checkDemand checks the feeders of u in name order, the first bad one
// named by demandField.
func checkDemand(u Usage, bad func(f, value, reason string) error, check func(decimal.Decimal, func() string) error) error {
	for _, f := range feedersOf(nil, u) {
		if f == "" {
			return bad(demandField(f)+".feeder", "", "missing")
		}
		if err := check(u.Demand[f], func() string { return demandField(f) + ".kw" }); err != nil {
			return err
		}
	}
	return nil
}

// demandField names feeder f of Usage.Demand in an error of the Go API:
// demand["F2"], the feeder's name quoted as Go quotes it (at most 64 bytes
// of it), as Usage.Demand is a map and has no positions. A decoded usage's
// errors name a feeder by its place in the JSON list instead
// (demand[1]).
func demandField(f string) string { return "demand[" + strconv.Quote(clip(f)) + "]" }

// hasExtras reports whether the usage gives transformer losses, aluminium
// production or stepped-price facts: without them checkUsageExtras has
// nothing to check.
func (u Usage) hasExtras() bool {
	return !u.TransformerLossKWh.IsZero() || !u.TransformerLossKVarh.IsZero() || u.AluminiumProductionKWh.Valid || u.AluminiumProductionShare.Valid ||
		u.AluminiumKWhPerTonne.Valid || u.RenewableShare.Valid || u.ProvincialWeight.Valid
}

// checkUsageExtras checks the transformer losses (not negative, and
// allocable to TOU periods: metered kWh not zero when the kWh are split by
// period), the aluminium production kWh or share (one of them, not
// negative, the share at most 1, the kWh at most the billed kWh) and the
// stepped-price facts (checkAluminium).
func checkUsageExtras(u Usage, field func(f string) func(value, reason, allowed string) error) error {
	if err := checkAmount(u.TransformerLossKWh, field("transformer_loss_kwh")); err != nil {
		return err
	}
	if err := checkAmount(u.TransformerLossKVarh, field("transformer_loss_kvarh")); err != nil {
		return err
	}
	if r, a := exact.Check(u.BilledKWh()); r != "" {
		return field("transformer_loss_kwh")(exact.Text(u.TransformerLossKWh), "metered + loss kWh: "+r, a)
	}
	if r, a := exact.Check(u.BilledKVarh()); r != "" {
		return field("transformer_loss_kvarh")(exact.Text(u.TransformerLossKVarh), "metered + loss kvarh: "+r, a)
	}
	if len(u.ByPeriod) > 0 && u.KWh.IsZero() && !u.TransformerLossKWh.IsZero() {
		return field("transformer_loss_kwh")(exact.Text(u.TransformerLossKWh), "loss kWh cannot be allocated to TOU periods in proportion to metered kWh of zero", "")
	}
	p, s := u.AluminiumProductionKWh, u.AluminiumProductionShare
	if p.Valid && s.Valid {
		return field("aluminium_production_share")(exact.Text(s.Decimal), "both the production kWh and its share are given", "one of aluminium_production_kwh, aluminium_production_share")
	}
	if p.Valid {
		if err := checkAmount(p.Decimal, field("aluminium_production_kwh")); err != nil {
			return err
		}
		if p.Decimal.GreaterThan(u.BilledKWh()) {
			return field("aluminium_production_kwh")(exact.Text(p.Decimal), "above the month's billed kWh "+u.BilledKWh().String(), "at most the billed kWh")
		}
	}
	if err := checkFraction(s, field("aluminium_production_share")); err != nil {
		return err
	}
	return checkAluminium(u, field)
}

// The messages for a contract demand given with another method.
const (
	contractWithoutMethod        = "a contract demand is declared only under the contract_demand method"
	contractWithoutMethodAllowed = "null, or method contract_demand"
)

// checkChoice checks a basic-charge choice's contract demand kw as the
// scenario loader does: under the contract_demand method declared (not
// zero), whole kW, at most 10¹²; under the other methods not given.
func checkChoice(method tariff.Method, kw decimal.Decimal, month tariff.Month) error {
	return checkChoiceN(method, contractOf(method, kw), month)
}

// contractOf is the declared contract demand kw with its coefficient read
// under the contract_demand method (the check, the basic charge and the
// plausibility check read it), and kw alone under the others.
func contractOf(method tariff.Method, kw decimal.Decimal) num {
	if method != tariff.MethodContractDemand {
		return num{d: kw}
	}
	return numOf(kw)
}

// checkChoiceN is checkChoice for the contract demand as contractOf reads
// it.
func checkChoiceN(method tariff.Method, kwN num, month tariff.Month) error {
	kw := kwN.d
	bad := func(value, reason, allowed string) error {
		return &Error{Month: monthText(month), Field: "choice.contract_kw", Value: value, Reason: reason, Allowed: allowed}
	}
	if method != tariff.MethodContractDemand {
		if !kw.IsZero() {
			return bad(exact.Text(kw), contractWithoutMethod, contractWithoutMethodAllowed)
		}
		return nil
	}
	if r, a := amountProblemN(kwN); r != "" {
		return bad(exact.Text(kw), r, a)
	}
	if kw.IsZero() {
		return bad("", "no contract demand declared: the contract_demand method bills a declared contract demand", "whole kW greater than zero")
	}
	if !kw.IsInteger() {
		return bad(exact.Text(kw), "contract demand is declared in whole kW", "whole kW")
	}
	return nil
}

// checkOptions checks a month's options as the loader would: a declared
// contract demand in whole kW, captive levels in range.
func checkOptions(o Options, m tariff.Month) error {
	return checkOptionsN(o, contractOf(o.Method, o.ContractKW), m)
}

// checkOptionsN is checkOptions for the contract demand as contractOf
// reads it.
func checkOptionsN(o Options, contract num, m tariff.Month) error {
	if err := checkChoiceN(o.Method, contract, m); err != nil {
		return err
	}
	return checkCaptive(o.Captive, m)
}

// monthText is the month an error names: empty for no month.
func monthText(m tariff.Month) string {
	if m.IsZero() {
		return ""
	}
	return m.String()
}

// checkCaptive checks a month's captive levels: none negative, each at most
// 10¹² with at most 24 decimal places.
func checkCaptive(cs *Captive, m tariff.Month) error {
	if cs == nil {
		return nil
	}
	for _, v := range []struct {
		f string
		d decimal.Decimal
	}{{"self_kwh", cs.SelfKWh}, {"generation_cost", cs.GenerationCost}, {"fund_rate", cs.FundRate}, {"cross_subsidy", cs.CrossSubsidy}, {"backup_fee", cs.BackupFee}, {"backup_kva", cs.BackupKVA}, {"backup_fee_per_kwh", cs.BackupFeePerKWh.Decimal}} {
		if r, a := amountProblem(v.d); r != "" {
			return &Error{Month: monthText(m), Field: "captive." + v.f, Value: exact.Text(v.d), Reason: r, Allowed: a}
		}
	}
	if cs.BackupFeePerKWh.Valid && (!cs.BackupFee.IsZero() || !cs.BackupKVA.IsZero()) {
		return &Error{Month: monthText(m), Field: "captive.backup_fee_per_kwh", Value: exact.Text(cs.BackupFeePerKWh.Decimal),
			Reason:  "the backup fee is given both per kWh and per kVA (backup_fee " + exact.Text(cs.BackupFee) + ", backup_kva " + exact.Text(cs.BackupKVA) + "): a month gives one form or the other",
			Allowed: "backup_fee with backup_kva, or backup_fee_per_kwh"}
	}
	return nil
}

// checkFlat checks that kWh are not split by TOU period when no TOU ratios
// are in force (README §3.8).
func checkFlat(u Usage) error {
	if len(u.ByPeriod) > 0 {
		return &Error{Month: u.Month.String(), Field: "usage.kwh_by_period", Reason: "kWh are split by TOU period but no TOU ratios are in force for the month", Allowed: "name a TOU ratios table, or give kWh flat"}
	}
	return nil
}

// checkPeriods checks that the kWh of u are split by TOU period, and only
// into periods the ratios table (named name) prices and the month has in
// the ratios' periods table: no critical-peak kWh in a month without
// critical-peak hours (README §3.8); ps are u's periods (periodsOf).
func checkPeriods(ps []periodKWh, u Usage, name string, r *tariff.TOU) error {
	bad := func(field, reason, allowed string) error {
		return &Error{Month: u.Month.String(), Field: field, Reason: reason, Allowed: allowed}
	}
	if len(u.ByPeriod) == 0 {
		return bad("usage.kwh_by_period", "TOU ratios "+name+" are in force but the kWh are not split by period", "peak, flat, valley, critical")
	}
	for _, pk := range ps {
		if _, ok := r.Ratio(pk.Period); !ok {
			return bad("usage.kwh_by_period."+string(pk.Period), "TOU ratios "+name+" have no ratio for this period", ratioNames(r))
		}
		if !r.HasPeriod(u.Month.Month, pk.Period) {
			var s []string
			for _, p := range r.PeriodsIn(u.Month.Month) {
				s = append(s, string(p))
			}
			ph := r.PeriodsHead()
			return &Error{Month: u.Month.String(), Field: "usage.kwh_by_period." + string(pk.Period), Value: exact.Text(pk.KWh),
				Reason:  "TOU periods " + ph.ID + " have no " + string(pk.Period) + " hours in " + u.Month.Month.String(),
				Allowed: strings.Join(s, ", ")}
		}
	}
	return nil
}

func ratioNames(r *tariff.TOU) string {
	var s []string
	for _, p := range r.Priced() {
		s = append(s, string(p))
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}
