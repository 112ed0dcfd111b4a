package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Line is one amount of a bill, rounded once to the fen.
type Line struct {
	Code      string        // line kind: energy, funds, basic, power_factor, traded_energy, …
	Period    tariff.Period // TOU period, empty when the line is not split by TOU
	LabelZH   string
	LabelEN   string
	Quantity  decimal.Decimal // kWh, kW, kVA, or the base in 元 for power factor
	Unit      string          // "kWh", "kW", "kVA", "元"
	UnitPrice decimal.Decimal // never rounded; a percent for power factor
	Amount    decimal.Decimal // rounded to 0.01 元, half away from zero
	Basis     Basis
}

// Basis says where a line comes from.
type Basis struct {
	Tables    []string // table ids
	Documents []string // their documents
	Clause    string   // the rule or formula applied
	ClauseZH  string   // the same in Chinese
	Items     []Item   // itemisation: funds, units, feeders, excess
}

// Item is one itemised part of a line's basis.
type Item struct {
	Name  string
	Value string
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
