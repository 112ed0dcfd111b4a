package tariff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"go.yaml.in/yaml/v3"
)

// The closed sets of codes that tables, bills and reports share. Each is a
// string type whose values are the constants below (the text is what YAML
// and JSON carry); each has Chinese and English labels, and a parser that
// rejects anything else and names the values allowed.

// label is a code's Chinese and English label.
type label struct{ zh, en string }

// enum is the closed set of values of a code type, in their documented order.
type enum[T ~string] struct {
	what   string // "line code", for messages
	values []T
	labels map[T]label
}

func (e enum[T]) parse(s string) (T, error) {
	if _, ok := e.labels[T(s)]; ok {
		return T(s), nil
	}
	return "", &Error{Value: s, Reason: "unknown " + e.what, Allowed: e.allowed()}
}

func (e enum[T]) valid(v T) bool { _, ok := e.labels[v]; return ok }

func (e enum[T]) allowed() string {
	s := make([]string, len(e.values))
	for i, v := range e.values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

func (e enum[T]) zh(v T) string {
	if l, ok := e.labels[v]; ok {
		return l.zh
	}
	return string(v)
}

func (e enum[T]) both(v T) (zh, en string) {
	if l, ok := e.labels[v]; ok {
		return l.zh, l.en
	}
	return string(v), string(v)
}

func (e enum[T]) en(v T) string {
	if l, ok := e.labels[v]; ok {
		return l.en
	}
	return string(v)
}

func newEnum[T ~string](what string, vs ...struct {
	v T
	l label
}) enum[T] {
	e := enum[T]{what: what, labels: map[T]label{}}
	for _, x := range vs {
		if _, dup := e.labels[x.v]; dup {
			panic(fmt.Sprintf("tariff: %s %q declared twice", what, x.v))
		}
		e.values = append(e.values, x.v)
		e.labels[x.v] = x.l
	}
	return e
}

type lv[T ~string] = struct {
	v T
	l label
}

// LineCode is the kind of a bill line (电费项目). Tables name line codes in a
// power-factor base and in the floating lines of TOU ratios; bills carry one
// on every line, and reports translate it.
type LineCode string

// The line codes.
const (
	LineEnergy              LineCode = "energy"                // 电度电费 (catalog)
	LineFunds               LineCode = "funds"                 // 政府性基金及附加
	LineBasic               LineCode = "basic"                 // 基本电费
	LinePowerFactor         LineCode = "power_factor"          // 功率因数调整电费
	LineTradedEnergy        LineCode = "traded_energy"         // 交易电量电费 (direct trade)
	LineTNDEnergy           LineCode = "tnd_energy"            // 输配电费
	LineOutsideEnergy       LineCode = "outside_energy"        // 合同外电量电费
	LineDeviation           LineCode = "deviation"             // 偏差考核费用
	LineSurcharge           LineCode = "surcharge"             // 电解铝阶梯电价加价
	LinePurchaseEnergy      LineCode = "purchase_energy"       // 购电费 (2023+)
	LineLoss                LineCode = "loss"                  // 上网环节线损费用
	LineSystemOperation     LineCode = "system_operation"      // 系统运行费用
	LineCaptiveGeneration   LineCode = "captive_generation"    // 自备电厂发电成本
	LineCaptiveFunds        LineCode = "captive_funds"         // 自发自用电量政府性基金
	LineCaptiveCrossSubsidy LineCode = "captive_cross_subsidy" // 政策性交叉补贴
	LineCaptiveBackup       LineCode = "captive_backup"        // 系统备用费
)

var lineCodes = newEnum("line code",
	lv[LineCode]{LineEnergy, label{"电度电费", "Energy charge"}},
	lv[LineCode]{LineTradedEnergy, label{"交易电量电费", "Traded energy"}},
	lv[LineCode]{LineTNDEnergy, label{"输配电费", "T&D charge"}},
	lv[LineCode]{LineOutsideEnergy, label{"合同外电量电费", "Energy outside the contract"}},
	lv[LineCode]{LineBasic, label{"基本电费", "Basic charge"}},
	lv[LineCode]{LinePurchaseEnergy, label{"购电费", "Purchase energy"}},
	lv[LineCode]{LineLoss, label{"上网环节线损费用", "On-grid line-loss charge"}},
	lv[LineCode]{LineSystemOperation, label{"系统运行费用", "System operation charge"}},
	lv[LineCode]{LineFunds, label{"政府性基金及附加", "Government funds and surcharges"}},
	lv[LineCode]{LineDeviation, label{"偏差考核费用", "Deviation penalty"}},
	lv[LineCode]{LineSurcharge, label{"电解铝阶梯电价加价", "Aluminium stepped-price surcharge"}},
	lv[LineCode]{LinePowerFactor, label{"功率因数调整电费", "Power-factor adjustment"}},
	lv[LineCode]{LineCaptiveGeneration, label{"自备电厂发电成本", "Captive generation cost"}},
	lv[LineCode]{LineCaptiveFunds, label{"自发自用电量政府性基金", "Funds on self-used kWh"}},
	lv[LineCode]{LineCaptiveCrossSubsidy, label{"政策性交叉补贴", "Policy cross-subsidy"}},
	lv[LineCode]{LineCaptiveBackup, label{"系统备用费", "System backup fee"}},
)

// floatingLines are the line kinds whose price may float with TOU (README §3.8).
var floatingLines = newEnum("line code",
	lv[LineCode]{LineEnergy, label{}}, lv[LineCode]{LineTradedEnergy, label{}},
	lv[LineCode]{LineOutsideEnergy, label{}}, lv[LineCode]{LinePurchaseEnergy, label{}},
)

// ParseLineCode returns the line code s, or a *Error naming s and the
// codes that exist.
func ParseLineCode(s string) (LineCode, error) { return lineCodes.parse(s) }

// LineCodes returns every line code in its declared order: the energy lines,
// basic, the 2023+ lines, funds, deviation, surcharge, power factor and the
// captive lines (the order of a bill's columns in a CSV export). The slice is
// the caller's own.
func LineCodes() []LineCode { return slices.Clone(lineCodes.values) }

// LabelZH returns the line's Chinese name, e.g. 电度电费.
func (c LineCode) LabelZH() string { return lineCodes.zh(c) }

// LabelEN returns the line's English name, e.g. "Energy charge".
func (c LineCode) LabelEN() string { return lineCodes.en(c) }

// Labels returns LabelZH and LabelEN with one lookup.
func (c LineCode) Labels() (zh, en string) { return lineCodes.both(c) }

// Period is a time-of-use period (峰谷时段).
type Period string

// The TOU periods.
const (
	PeriodPeak     Period = "peak"     // 峰
	PeriodFlat     Period = "flat"     // 平
	PeriodValley   Period = "valley"   // 谷
	PeriodCritical Period = "critical" // 尖峰
)

var periods = newEnum("TOU period",
	lv[Period]{PeriodPeak, label{"峰", "peak"}},
	lv[Period]{PeriodFlat, label{"平", "flat"}},
	lv[Period]{PeriodValley, label{"谷", "valley"}},
	lv[Period]{PeriodCritical, label{"尖峰", "critical peak"}},
)

// ParsePeriod returns the TOU period s, or a *Error naming the periods.
func ParsePeriod(s string) (Period, error) { return periods.parse(s) }

// LabelZH returns the period's Chinese name, e.g. 峰.
func (p Period) LabelZH() string { return periods.zh(p) }

// LabelEN returns the period's English name, e.g. "peak".
func (p Period) LabelEN() string { return periods.en(p) }

// Method is a basic-charge method (基本电费计费方式).
type Method string

// The basic-charge methods, in the tie order of the plan optimiser.
const (
	MethodCapacity       Method = "capacity"        // 按变压器容量
	MethodContractDemand Method = "contract_demand" // 按合同最大需量
	MethodActualDemand   Method = "actual_demand"   // 按实际最大需量 (from 2023)
)

var methods = newEnum("method",
	lv[Method]{MethodCapacity, label{"按容量", "by capacity"}},
	lv[Method]{MethodContractDemand, label{"按合同最大需量", "by contract demand"}},
	lv[Method]{MethodActualDemand, label{"按实际最大需量", "by actual demand"}},
)

// ParseMethod returns the method s, or a *Error naming the methods.
func ParseMethod(s string) (Method, error) { return methods.parse(s) }

// Methods returns every method in the optimiser's tie order: capacity,
// contract demand, actual demand. The slice is the caller's own.
func Methods() []Method { return append([]Method(nil), methods.values...) }

// LabelZH returns the method's Chinese name, e.g. 按容量.
func (m Method) LabelZH() string { return methods.zh(m) }

// LabelEN returns the method's English name, e.g. "by capacity".
func (m Method) LabelEN() string { return methods.en(m) }

// Structure is a bill structure: how a direct purchase is billed.
type Structure string

// The bill structures.
const (
	// Structure2016 is the 2016–2023 structure: catalog bills and direct
	// trade at the T&D tariff with the catalog's funds.
	Structure2016 Structure = "2016"
	// Structure2023 is the 2023+ structure (发改价格〔2023〕526号): agency or
	// market purchase, with line loss and system operation unbundled.
	Structure2023 Structure = "2023"
)

var structures = newEnum("structure",
	lv[Structure]{Structure2016, label{"2016年结构（目录电价与直接交易）", "2016 structure (catalog and direct trade)"}},
	lv[Structure]{Structure2023, label{"2023年结构（代理购电与市场化购电）", "2023 structure (agency and market purchase)"}},
)

// ParseStructure returns the structure s, or a *Error naming the structures.
func ParseStructure(s string) (Structure, error) { return structures.parse(s) }

// LabelZH returns the structure's Chinese description.
func (s Structure) LabelZH() string { return structures.zh(s) }

// LabelEN returns the structure's English description.
func (s Structure) LabelEN() string { return structures.en(s) }

// Reading is how a rule set reads the 105 % excess rule under contract
// demand (发改办价格〔2016〕1583号: "超过105%部分的基本电费加一倍收取").
type Reading string

// The readings of the excess rule.
const (
	// ReadingA bills 1.05 C + 2 × (A − 1.05 C): the default.
	ReadingA Reading = "a"
	// ReadingB bills C + 2 × (A − 1.05 C).
	ReadingB Reading = "b"
)

var readings = newEnum("reading",
	lv[Reading]{ReadingA, label{"1.05 × 合同需量 + 2 ×（实际需量 − 1.05 × 合同需量）", "1.05 × contract + 2 × (actual − 1.05 × contract)"}},
	lv[Reading]{ReadingB, label{"合同需量 + 2 ×（实际需量 − 1.05 × 合同需量）", "contract + 2 × (actual − 1.05 × contract)"}},
)

// ParseReading returns the reading s, or a *Error naming the readings.
func ParseReading(s string) (Reading, error) { return readings.parse(s) }

// LabelZH returns the reading's formula in Chinese words.
func (r Reading) LabelZH() string { return readings.zh(r) }

// LabelEN returns the reading's formula.
func (r Reading) LabelEN() string { return readings.en(r) }

// tndForm is the form of a T&D table (its `form:` key); a Price says it as
// Price.Spread.
type tndForm string

// The T&D forms.
const (
	// tndApproved is a table of prices per tier from an NDRC approval.
	tndApproved tndForm = "approved"
	// tndSpread is the purchase–sale spread 购销价差: catalog price − funds −
	// coal benchmark, derived at lookup time (README §3.6).
	tndSpread tndForm = "spread"
)

var tndForms = newEnum("T&D form",
	lv[tndForm]{tndApproved, label{"核定输配电价", "approved T&D tariff"}},
	lv[tndForm]{tndSpread, label{"购销价差", "price spread"}},
)

// join lists vs with ", ".
func (e enum[T]) join(vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// readLineCodes reads the list of line codes at key: each must be a line code
// that exists ("unknown line code", allowed: every code) and one of allowed
// (reason never otherwise); none may be listed twice.
func readLineCodes(m *strictyaml.Map, key string, allowed enum[LineCode], never string) []LineCode {
	var out []LineCode
	for i, n := range m.List(key, true) {
		field := strictyaml.ItemField(m.Field(key), i)
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			m.Doc().Failf(n, field, "", allowed.allowed(), "expected a line code")
			return out
		}
		c := LineCode(n.Value)
		switch {
		case !lineCodes.valid(c):
			m.Doc().Failf(n, field, n.Value, allowed.allowed(), "unknown line code")
			return out
		case !allowed.valid(c):
			m.Doc().Failf(n, field, n.Value, allowed.allowed(), "%s", never)
			return out
		case slices.Contains(out, c):
			m.Doc().Failf(n, field, n.Value, "", "line code listed twice")
			return out
		}
		out = append(out, c)
	}
	return out
}

// readEnum reads the code at key k of m, one of e's values.
func readEnum[T ~string](m *strictyaml.Map, k string, required bool, e enum[T]) T {
	vs := make([]string, len(e.values))
	for i, v := range e.values {
		vs[i] = string(v)
	}
	return T(m.Enum(k, required, vs...))
}

// LineGroup is a group of line codes: the rows of the bridge that splits a
// saving by what it is made of (README §4, "What makes the estimate
// decision-grade"). Every line code belongs to exactly one group (see
// LineCode.Group); LineGroupEnergyWithTND is a subtotal, not a group.
type LineGroup string

// The line groups, in the bridge's order.
const (
	LineGroupEnergy      LineGroup = "energy"       // energy, traded, outside-the-contract and purchase energy
	LineGroupTND         LineGroup = "tnd"          // T&D charge
	LineGroupLossSysOp   LineGroup = "loss_sysop"   // on-grid line loss and system operation (2023+)
	LineGroupBasic       LineGroup = "basic"        // basic charge
	LineGroupPowerFactor LineGroup = "power_factor" // power-factor adjustment
	LineGroupDeviation   LineGroup = "deviation"    // deviation penalty
	LineGroupFunds       LineGroup = "funds"        // government funds and surcharges
	LineGroupSurcharge   LineGroup = "surcharge"    // smelter surcharges
	LineGroupCaptive     LineGroup = "captive"      // captive generation, funds, cross-subsidy and backup fee
	// LineGroupEnergyWithTND is the subtotal energy + T&D ("energy including
	// T&D": in 2016 the T&D price is carved out of the catalog price). No line
	// code belongs to it and LineGroups does not list it.
	LineGroupEnergyWithTND LineGroup = "energy_with_tnd"
)

var lineGroups = newEnum("line group",
	lv[LineGroup]{LineGroupEnergy, label{"电能量（电度、交易、合同外、购电）", "Energy (energy, traded, outside, purchase)"}},
	lv[LineGroup]{LineGroupTND, label{"输配电费", "T&D"}},
	lv[LineGroup]{LineGroupLossSysOp, label{"线损与系统运行费用", "Line loss and system operation"}},
	lv[LineGroup]{LineGroupBasic, label{"基本电费", "Basic charge"}},
	lv[LineGroup]{LineGroupPowerFactor, label{"功率因数调整电费", "Power-factor adjustment"}},
	lv[LineGroup]{LineGroupDeviation, label{"偏差考核费用", "Deviation penalty"}},
	lv[LineGroup]{LineGroupFunds, label{"政府性基金及附加", "Government funds"}},
	lv[LineGroup]{LineGroupSurcharge, label{"电解铝阶梯电价加价", "Smelter surcharges"}},
	lv[LineGroup]{LineGroupCaptive, label{"自备电厂各项", "Captive items"}},
	lv[LineGroup]{LineGroupEnergyWithTND, label{"电能量含输配电费", "Energy including T&D"}},
)

// lineGroupOf maps every line code to its group.
var lineGroupOf = map[LineCode]LineGroup{
	LineEnergy: LineGroupEnergy, LineTradedEnergy: LineGroupEnergy, LineOutsideEnergy: LineGroupEnergy, LinePurchaseEnergy: LineGroupEnergy,
	LineTNDEnergy: LineGroupTND,
	LineLoss:      LineGroupLossSysOp, LineSystemOperation: LineGroupLossSysOp,
	LineBasic:             LineGroupBasic,
	LinePowerFactor:       LineGroupPowerFactor,
	LineDeviation:         LineGroupDeviation,
	LineFunds:             LineGroupFunds,
	LineSurcharge:         LineGroupSurcharge,
	LineCaptiveGeneration: LineGroupCaptive, LineCaptiveFunds: LineGroupCaptive, LineCaptiveCrossSubsidy: LineGroupCaptive, LineCaptiveBackup: LineGroupCaptive,
}

// Group returns the line group of the code (README §4.1's bridge); empty for
// a code that is not one of the line codes.
func (c LineCode) Group() LineGroup { return lineGroupOf[c] }

// LineGroups returns the groups in the bridge's order, without the subtotal
// LineGroupEnergyWithTND. The slice is the caller's own.
func LineGroups() []LineGroup {
	return slices.DeleteFunc(slices.Clone(lineGroups.values), func(g LineGroup) bool { return g == LineGroupEnergyWithTND })
}

// LabelZH returns the group's Chinese name.
func (g LineGroup) LabelZH() string { return lineGroups.zh(g) }

// LabelEN returns the group's English name.
func (g LineGroup) LabelEN() string { return lineGroups.en(g) }
