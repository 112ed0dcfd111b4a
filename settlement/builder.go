package settlement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// builder assembles one bill: inputs checked, lines rounded once, sources and
// warnings collected.
type builder struct {
	set   *tariff.Set
	c     Customer
	u     Usage
	opt   Options
	date  tariff.Date
	bill  Bill
	tou   *tariff.TOURatios
	rules *tariff.BasicRules
}

func newBuilder(set *tariff.Set, c Customer, u Usage, opt Options, arr Arrangement) (*builder, error) {
	if set == nil {
		return nil, &InputError{Field: "tables", Reason: "no tariff set given"}
	}
	if err := checkCustomer(c); err != nil {
		return nil, err
	}
	if err := checkUsage(u); err != nil {
		return nil, err
	}
	b := &builder{set: set, c: c, u: u, opt: opt, date: u.Month.First()}
	b.bill = Bill{Month: u.Month, Customer: c.ID, Arrangement: arr, Label: opt.Label,
		Lines: make([]Line, 0, 7), Sources: make([]Source, 0, 5), Warnings: make([]Warning, 0, 4)}
	for _, w := range u.Warnings {
		b.warning(w)
	}
	if opt.TOU != "" {
		r, p, err := set.TOU(opt.TOU, b.date)
		if err != nil {
			return nil, err
		}
		b.tou = r
		b.use(r.Header)
		b.use(p.Header)
		if len(u.ByPeriod) == 0 {
			return nil, b.inputErr("usage.kwh_by_period", "", "TOU ratios "+opt.TOU+" are in force but the kWh are not split by period", "peak, flat, valley, critical")
		}
		for _, pk := range u.ByPeriod {
			if _, ok := r.Ratios[pk.Period]; !ok {
				return nil, b.inputErr("usage.kwh_by_period."+string(pk.Period), "", "TOU ratios "+opt.TOU+" have no ratio for this period", ratioNames(r))
			}
		}
	} else if len(u.ByPeriod) > 0 {
		return nil, b.inputErr("usage.kwh_by_period", "", "kWh are split by TOU period but no TOU ratios are in force for the month", "name a TOU ratios table, or give kWh flat")
	}
	return b, nil
}

func ratioNames(r *tariff.TOURatios) string {
	s := make([]string, 0, len(r.Ratios))
	for p := range r.Ratios {
		s = append(s, string(p))
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

func (b *builder) inputErr(field, value, reason, allowed string) error {
	return &InputError{Month: b.u.Month.String(), Field: field, Value: value, Reason: reason, Allowed: allowed}
}

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
		if u.Kind != Transformer && u.Kind != Motor {
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
			case tariff.Peak, tariff.Flat, tariff.Valley, tariff.Critical:
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

// use records a table as a source of the bill and warns about its MEDIUM
// values among paths (all of the table when it is MEDIUM as a whole).
func (b *builder) use(h tariff.Header, paths ...string) {
	seen := false
	for i := range b.bill.Sources {
		if b.bill.Sources[i].ID == h.ID {
			seen = true
			break
		}
	}
	if !seen {
		b.bill.Sources = append(b.bill.Sources, SourceOf(h))
	}
	if h.Confidence == tariff.Medium {
		paths = []string{""}
	}
	for _, p := range paths {
		if zh, en, ok := h.MediumNotice(p); ok {
			b.warning(Warning{Code: "medium_value", ZH: zh, EN: en})
		}
	}
}

func (b *builder) warning(w Warning) {
	for _, x := range b.bill.Warnings {
		if x.EN == w.EN {
			return
		}
	}
	b.bill.Warnings = append(b.bill.Warnings, w)
}

// add rounds the line's amount once to the fen and appends it.
func (b *builder) add(l Line) {
	l.Amount = round2(l.Amount) // half away from zero (四舍五入)
	if l.LabelZH == "" {
		l.LabelZH, l.LabelEN = labels(l.Code, l.Period)
	}
	b.bill.Lines = append(b.bill.Lines, l)
}

func basisOf(clause, clauseZH string, hs ...tariff.Header) Basis {
	bs := Basis{Clause: clause, ClauseZH: clauseZH, Tables: make([]string, len(hs)), Documents: make([]string, len(hs))}
	for i, h := range hs {
		bs.Tables[i], bs.Documents[i] = h.ID, h.Document
	}
	return bs
}

// ruleSet resolves the basic-charge rule set: named, or in force.
func (b *builder) ruleSet() error {
	r, err := b.set.BasicRules(b.c.Region, b.date, b.opt.Rules)
	if err != nil {
		return err
	}
	b.rules = r
	b.use(r.Header, "effective", "methods", "method_change", "floor", "suspension", "proration")
	if !r.InForce(b.date) {
		b.bill.Basic.Counterfactual = true
		b.warning(Warning{Code: "counterfactual_rules",
			ZH: fmt.Sprintf("基本电费按 %s（%s，有效期 %s）计算，该规则在计费月份并不生效：这是有意设置的反事实对照", r.ID, r.Document, r.Range()),
			EN: fmt.Sprintf("the basic charge is billed under %s (%s, in force %s), which was not in force in the month billed: a counterfactual by design", r.ID, r.Document, r.Range())})
	}
	return nil
}

// basic adds the basic-charge line at the given prices (domain §3.4).
func (b *builder) basic(pKVA, pKW decimal.Decimal, priceSrc tariff.Header, pricePath string) error {
	r := b.rules
	ch := b.opt.Choice
	if ch.Method == "" {
		return b.inputErr("choice.method", "", "missing", methodNames(r))
	}
	if !r.Allows(ch.Method) {
		return &RuleError{Rule: r.ID, Document: r.Document, Clause: "methods", Detail: fmt.Sprintf("method %q is not allowed (allowed: %s)", ch.Method, methodNames(r))}
	}
	if ch.Method != tariff.ByCapacity && len(b.u.Demand) == 0 {
		return b.inputErr("usage.demand", "", "missing: the "+string(ch.Method)+" method needs the actual max demand of every feeder", "")
	}
	if ch.Method == tariff.ByContractDemand && ch.ContractKW.IsNegative() {
		return b.inputErr("choice.contract_kw", ch.ContractKW.String(), "must not be negative", "")
	}
	f := newMonthFacts(b.c, b.u, r, true)
	ws, err := checkSuspensions(f, r, ch.Method)
	if err != nil {
		return err
	}
	for _, w := range ws {
		b.warning(w)
	}
	res := f.basicCharge(r, ch.Method, ch.ContractKW, pKVA, pKW)
	b.use(priceSrc, pricePath)
	l := Line{Code: "basic", Quantity: res.quantity, UnitPrice: res.price, Amount: res.amount,
		Basis: basisOf(basicClause(ch.Method), basicClauseZH(ch.Method), priceSrc, r.Header)}
	if ch.Method == tariff.ByCapacity {
		l.Unit = "kVA"
		for _, ud := range f.units {
			l.Basis.Items = append(l.Basis.Items, Item{ud.unit.ID, decString(ud.unit.KVA) + " kVA (" + strconv.Itoa(ud.days) + "/" + strconv.Itoa(b.u.Month.Days()) + ")"})
		}
	} else {
		l.Unit = "kW"
		for _, d := range b.u.Demand {
			l.Basis.Items = append(l.Basis.Items, Item{"feeder " + d.Feeder, decString(d.KW) + " kW"})
		}
	}
	if res.discount {
		l.Basis.Items = append(l.Basis.Items, Item{"discount", fmt.Sprintf("%s kWh ≥ %s × %s kVA → × %s", b.u.KWh, r.DiscountMinKWhPerKVA, f.capacity, r.DiscountFactor)})
	}
	l.Basis.Items = append(l.Basis.Items, res.items...)
	b.add(l)
	b.bill.Basic = BasicInfo{Rules: r.ID, Document: r.Document, Method: ch.Method, ContractKW: ch.ContractKW, BilledKW: res.billedKW,
		DemandKW: f.demand, CapacityKVA: f.capacity, Reading: r.Reading, Discount: res.discount, Counterfactual: b.bill.Basic.Counterfactual}
	if ch.Method == tariff.ByContractDemand {
		b.bill.Basic.BilledKW = res.contract
	}
	return nil
}

// basicClause names the formula; the rule set's values are in the bill's
// BasicInfo and the rule set (named in the basis), the floor and excess in the
// line's items when they apply.
func basicClause(m tariff.Method) string {
	switch m {
	case tariff.ByCapacity:
		return "by capacity: Σ kVA × price, part months prorated by day (rule set proration); each unit: kVA (chargeable days/days of the month)"
	case tariff.ByContractDemand:
		return "by contract demand: max(contract, floor × capacity in service) × price; above threshold × contract the excess is charged multiplier times"
	}
	return "by actual demand: max(actual, floor × capacity in service) × price"
}

func basicClauseZH(m tariff.Method) string {
	switch m {
	case tariff.ByCapacity:
		return "按容量：Σ 容量 × 基本电价，不足整月的按日折算（见规则的折算规定）；各设备：容量（计费天数/当月天数）"
	case tariff.ByContractDemand:
		return "按合同最大需量：max（合同值，下限比例 × 运行容量）× 基本电价；超过合同值的门槛倍数部分按倍数加收"
	}
	return "按实际最大需量：max（实际值，下限比例 × 运行容量）× 基本电价"
}

func methodNames(r *tariff.BasicRules) string {
	var s []string
	for _, m := range r.Methods {
		s = append(s, string(m))
	}
	return strings.Join(s, ", ")
}

// powerFactor adds the power-factor line on the base the table names.
func (b *builder) powerFactor() error {
	t, err := b.set.PowerFactor(b.c.Region, b.c.PFStandard, b.date)
	if err != nil {
		return err
	}
	pf, ok := PowerFactorOf(b.u.KWh, b.u.KVarh)
	b.bill.PowerFactor = PFInfo{Applied: ok, Value: pf, Standard: t.Standard, Table: t.ID, KWh: b.u.KWh, KVarh: b.u.KVarh}
	if !ok {
		return nil
	}
	b.use(t.Header, "base")
	pct, ok := t.PercentAt(int(pf.Shift(2).IntPart()))
	if !ok {
		return fmt.Errorf("settlement: %s has no row for power factor %s", t.ID, pf.StringFixed(2))
	}
	covered := make([]decimal.Decimal, 0, len(b.bill.Lines))
	for _, l := range b.bill.Lines {
		if t.InBase(l.Code) {
			covered = append(covered, l.Amount)
		}
	}
	base := sumAmounts(covered)
	b.bill.PowerFactor.Percent, b.bill.PowerFactor.Base = pct, base
	l := Line{Code: "power_factor", Quantity: base, Unit: "元", UnitPrice: pct, Amount: mulRound(base, pct.Shift(-2)),
		Basis: basisOf("percent for the power factor against the standard × the base ("+t.BaseText+")", "按功率因数与考核标准查得的百分比 × 基数（"+t.BaseText+"）", t.Header)}
	b.add(l)
	return nil
}

// funds adds the funds line: total kWh × F, the funds itemised in its basis.
func (b *builder) funds(fs []tariff.Fund, F decimal.Decimal, src tariff.Header) {
	l := Line{Code: "funds", Quantity: b.u.KWh, Unit: "kWh", UnitPrice: F, Amount: mulRound(b.u.KWh, F), Basis: basisOf("kWh × funds", "电量 × 政府性基金及附加", src)}
	l.Basis.Items = make([]Item, 0, len(fs))
	for _, f := range fs {
		l.Basis.Items = append(l.Basis.Items, Item{f.Name, f.Text})
	}
	b.use(src, "funds")
	b.add(l)
}

// surcharges adds the aluminium stepped-price line where the plant has
// aluminium facts (domain §3.10) and the eligibility warnings.
func (b *builder) surcharges() error {
	if b.c.Differential {
		b.warning(Warning{Code: "eligibility",
			ZH: "执行差别电价（惩罚性电价）的企业，多个省份不允许参与直接交易",
			EN: "the plant pays a differential (punitive) price: several provinces bar such users from direct trading"})
	}
	if b.c.Aluminium == nil {
		return nil
	}
	t, err := b.set.AluminiumStep(b.c.Region, b.date)
	if err != nil {
		return &InputError{Month: b.u.Month.String(), Field: "customer.aluminium", Reason: "the plant has aluminium facts but no aluminium stepped-price table is in force for the month (the 2021 revision is not shipped)", Allowed: "supply a stepped-price table with -tables, or remove the aluminium facts"}
	}
	s, ok := t.SurchargeFor(b.c.Aluminium.KWhPerTonne)
	b.use(t.Header)
	if !ok || s.IsZero() {
		return nil
	}
	b.add(Line{Code: "surcharge", Quantity: b.u.KWh, Unit: "kWh", UnitPrice: s, Amount: mulRound(b.u.KWh, s),
		Basis: basisOf(fmt.Sprintf("electrolysis consumption %s kWh/t: +%s 元/kWh on all kWh", b.c.Aluminium.KWhPerTonne, s),
			fmt.Sprintf("电解交流电耗 %s kWh/t：全部电量加价 %s 元/kWh", b.c.Aluminium.KWhPerTonne, s), t.Header)})
	b.warning(Warning{Code: "eligibility",
		ZH: fmt.Sprintf("电解铝交流电耗 %s kWh/t 超过 %s 阶梯电价门槛：多个省份不允许加价用户参与直接交易", b.c.Aluminium.KWhPerTonne, t.Document),
		EN: fmt.Sprintf("electrolysis consumption %s kWh/t is above the threshold of %s: several provinces bar surcharged users from direct trading", b.c.Aluminium.KWhPerTonne, t.Document)})
	return nil
}

// captive adds the captive-plant lines (domain §3.9); every level is the user's.
func (b *builder) captive() error {
	cs := b.opt.Captive
	if cs == nil {
		return nil
	}
	for _, v := range []struct {
		f string
		d decimal.Decimal
	}{{"self_kwh", cs.SelfKWh}, {"generation_cost", cs.GenerationCost}, {"fund_rate", cs.FundRate}, {"cross_subsidy", cs.CrossSubsidy}, {"backup_fee", cs.BackupFee}, {"backup_kva", cs.BackupKVA}} {
		if v.d.IsNegative() {
			return b.inputErr("captive."+v.f, v.d.String(), "must not be negative", "")
		}
	}
	user := Basis{Clause: "user-supplied level (not shipped: Liaoning's levels are UNVERIFIED)", ClauseZH: "用户提供的水平（辽宁的水平未经核实，未随库发布）", Documents: []string{"发改经体〔2015〕2752号 annex"}}
	b.add(Line{Code: "captive_generation", Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.GenerationCost, Amount: mulRound(cs.SelfKWh, cs.GenerationCost), Basis: user})
	b.add(Line{Code: "captive_funds", Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.FundRate, Amount: mulRound(cs.SelfKWh, cs.FundRate), Basis: user})
	b.add(Line{Code: "captive_cross_subsidy", Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.CrossSubsidy, Amount: mulRound(cs.SelfKWh, cs.CrossSubsidy), Basis: user})
	b.add(Line{Code: "captive_backup", Quantity: cs.BackupKVA, Unit: "kVA", UnitPrice: cs.BackupFee, Amount: mulRound(cs.BackupKVA, cs.BackupFee), Basis: user})
	b.warning(Warning{Code: "user_supplied",
		ZH: "自备电厂的发电成本、基金、交叉补贴和系统备用费均为用户提供的数值，未随库发布",
		EN: "captive generation cost, funds, cross-subsidy and backup fee are user-supplied levels; none is shipped"})
	return nil
}

// energyPrice returns the price of a TOU period for a line code: the flat
// price scaled by the period's ratio when the ratios table lists the code.
func (b *builder) energyPrice(code string, flat decimal.Decimal, p tariff.Period) decimal.Decimal {
	if b.tou == nil || p == "" || !b.tou.Floats(code) {
		return flat
	}
	return norm(flat.Mul(b.tou.Ratios[p]))
}

// norm drops the trailing zeros a product leaves (0.4678 × 1.5 = 0.70170 →
// 0.7017), so computed prices read as exactly as table prices; the value is
// unchanged.
func norm(d decimal.Decimal) decimal.Decimal {
	e := d.Exponent()
	if e >= 0 {
		return d
	}
	if c, ok := small(d); ok {
		if c%10 != 0 {
			return d
		}
		for c%10 == 0 && e < 0 {
			c /= 10
			e++
		}
		if c == 0 {
			return decimal.Zero
		}
		return decimal.New(c, e)
	}
	n, _ := decimal.NewFromString(d.String())
	return n
}

// periods returns the kWh by period, or one flat entry with no period.
func (b *builder) periods() []PeriodKWh {
	if b.tou == nil {
		return []PeriodKWh{{KWh: b.u.KWh}}
	}
	return b.u.ByPeriod
}

// close adds the lines every structure ends with (smelter surcharges, captive
// items) and totals the bill.
func (b *builder) close() (Bill, error) {
	if err := b.surcharges(); err != nil {
		return Bill{}, err
	}
	if err := b.captive(); err != nil {
		return Bill{}, err
	}
	return b.finish(), nil
}

func (b *builder) finish() Bill {
	amounts := make([]decimal.Decimal, len(b.bill.Lines))
	for i, l := range b.bill.Lines {
		amounts[i] = l.Amount
	}
	b.bill.Total = sumAmounts(amounts)
	return b.bill
}

var lineLabels = map[string][2]string{
	"energy":                {"电度电费", "Energy charge"},
	"funds":                 {"政府性基金及附加", "Government funds and surcharges"},
	"basic":                 {"基本电费", "Basic charge"},
	"power_factor":          {"功率因数调整电费", "Power-factor adjustment"},
	"traded_energy":         {"交易电量电费", "Traded energy"},
	"tnd_energy":            {"输配电费", "T&D charge"},
	"outside_energy":        {"合同外电量电费", "Energy outside the contract"},
	"deviation":             {"偏差考核费用", "Deviation penalty"},
	"surcharge":             {"电解铝阶梯电价加价", "Aluminium stepped-price surcharge"},
	"purchase_energy":       {"购电费", "Purchase energy"},
	"loss":                  {"上网环节线损费用", "On-grid line-loss charge"},
	"system_operation":      {"系统运行费用", "System operation charge"},
	"captive_generation":    {"自备电厂发电成本", "Captive generation cost"},
	"captive_funds":         {"自发自用电量政府性基金", "Funds on self-used kWh"},
	"captive_cross_subsidy": {"政策性交叉补贴", "Policy cross-subsidy"},
	"captive_backup":        {"系统备用费", "System backup fee"},
}

var periodLabels = map[tariff.Period][2]string{
	tariff.Peak: {"峰", "peak"}, tariff.Flat: {"平", "flat"}, tariff.Valley: {"谷", "valley"}, tariff.Critical: {"尖峰", "critical peak"},
}

func labels(code string, p tariff.Period) (string, string) {
	l := lineLabels[code]
	if p != "" {
		pl := periodLabels[p]
		return l[0] + "（" + pl[0] + "）", l[1] + " (" + pl[1] + ")"
	}
	return l[0], l[1]
}
