package tariff

import "strings"

// Labels for reports: the Chinese and English names of table kinds,
// confidence levels, regions, catalog classes, funds and the value paths
// that value_confidence and Set.WithScaled name. Reports translate these
// codes; a code without a label is shown as it is.

var kindLabels = map[Kind]label{
	KindCatalog:        {"目录销售电价表", "catalog tariff"},
	KindCoalBenchmark:  {"燃煤标杆上网电价", "coal-fired benchmark price"},
	KindTND:            {"输配电价表", "T&D tariff"},
	KindBasicRules:     {"基本电费计费规则", "basic-charge rules"},
	KindPowerFactor:    {"功率因数调整电费办法", "power-factor adjustment table"},
	KindDeviationRules: {"偏差考核规则", "deviation rules"},
	KindAluminiumStep:  {"电解铝阶梯电价", "aluminium stepped price"},
	KindTOUPeriods:     {"峰谷时段表", "TOU periods"},
	KindTOURatios:      {"峰谷浮动比例表", "TOU ratios"},
}

// LabelZH returns the kind's Chinese name, e.g. 目录销售电价表.
func (k Kind) LabelZH() string { return labelOf(kindLabels, k).zh }

// LabelEN returns the kind's English name, e.g. "catalog tariff".
func (k Kind) LabelEN() string { return labelOf(kindLabels, k).en }

var confidenceLabels = map[Confidence]label{
	ConfidenceHigh:   {"高", "HIGH"},
	ConfidenceMedium: {"中等", "MEDIUM"},
}

// LabelZH returns the confidence in Chinese: 高 or 中等.
func (c Confidence) LabelZH() string { return labelOf(confidenceLabels, c).zh }

// LabelEN returns the confidence in English: HIGH or MEDIUM.
func (c Confidence) LabelEN() string { return labelOf(confidenceLabels, c).en }

func labelOf[T ~string](m map[T]label, v T) label {
	if l, ok := m[v]; ok {
		return l
	}
	return label{string(v), string(v)}
}

var regionLabels = map[string]label{
	"liaoning": {"辽宁省", "Liaoning"},
	"cn":       {"全国", "national"},
}

// RegionLabel returns the Chinese and English name of a tariff region
// ("liaoning" → 辽宁省, Liaoning); an unknown region is returned as it is.
func RegionLabel(region string) (zh, en string) {
	l := labelOf(regionLabels, region)
	return l.zh, l.en
}

var classLabels = map[string]label{
	"large_industry":          {"大工业用电", "large industry"},
	"large_industry_chemical": {"大工业用电（电石、电解烧碱、合成氨、电炉黄磷）", "large industry (carbide, caustic soda, ammonia, yellow phosphorus)"},
}

// ClassLabel returns the Chinese and English name of a catalog class
// ("large_industry" → 大工业用电, large industry); an unknown class is
// returned as it is.
func ClassLabel(class string) (zh, en string) {
	l := labelOf(classLabels, class)
	return l.zh, l.en
}

// fundLabels name the funds of the shipped catalogs by code (a catalog's own
// fund names are Chinese only).
var fundLabels = map[string]label{
	"rural_grid_loan":              {"农网还贷资金", "rural grid loan fund"},
	"major_water_projects":         {"国家重大水利工程建设基金", "major water projects fund"},
	"large_reservoir_resettlement": {"大中型水库移民后期扶持资金", "large reservoir resettlement fund"},
	"local_reservoir_resettlement": {"地方水库移民后期扶持资金", "local reservoir resettlement fund"},
	"renewable":                    {"可再生能源电价附加", "renewable energy surcharge"},
	"funds_total":                  {"政府性基金及附加合计", "funds total"},
}

// pathLabels name the keys of value paths, by kind where a key means
// different things in different kinds ("price").
var pathLabels = map[string]label{
	"base":                          {"功率因数调整电费的计算基数", "the lines in the power-factor base"},
	"effective":                     {"生效日期", "effective date"},
	"suspension":                    {"暂停用电规定", "suspension rules"},
	"proration":                     {"不足整月按日折算的规定", "proration of part months"},
	"methods":                       {"可选的计费方式", "methods allowed"},
	"method_change":                 {"计费方式变更周期", "method change period"},
	"contract_change":               {"合同需量变更周期", "contract demand change period"},
	"floor":                         {"需量下限规定", "demand floor"},
	"floor.share":                   {"需量下限比例", "demand floor share"},
	"excess.threshold":              {"超需量起点（105%）", "excess threshold (105 %)"},
	"excess.multiplier":             {"超需量部分加收倍数", "excess multiplier"},
	"funds":                         {"政府性基金及附加", "government funds"},
	"basic_prices":                  {"基本电价", "basic prices"},
	"loss_rate":                     {"线损率", "line-loss rate"},
	"under.band":                    {"少用偏差带", "under-use band"},
	"over.band":                     {"超用偏差带", "over-use band"},
	"under.penalty":                 {"少用考核", "under-use penalty"},
	"over.penalty":                  {"超用考核", "over-use penalty"},
	"benchmark_factor":              {"燃煤标杆电价系数", "benchmark factor"},
	"tnd_factor":                    {"输配电价系数", "T&D factor"},
	"spread_factor":                 {"价差系数", "spread factor"},
	"ratios.peak":                   {"峰时段浮动比例", "peak ratio"},
	"ratios.flat":                   {"平时段浮动比例", "flat ratio"},
	"ratios.valley":                 {"谷时段浮动比例", "valley ratio"},
	"ratios.critical":               {"尖峰时段浮动比例", "critical-peak ratio"},
	"kva":                           {"按容量", "per kVA"},
	"kw":                            {"按需量", "per kW"},
	"energy":                        {"电度电价", "energy price"},
	string(KindCoalBenchmark):       {"燃煤标杆上网电价", "coal-fired benchmark price"},
	"steps":                         {"阶梯加价", "steps"},
	"step.surcharge":                {"每档加价", "surcharge per step"},
	"renewable.reduction_per_point": {"可再生能源占比每超出1个百分点的减免", "reduction per point of renewable share"},
	"price":                         {"电价", "price"},
	"arrangements.c2.deviation":     {"偏差考核规则", "deviation rule set"},
}

// PathLabel returns the Chinese and English name of the value at path in a
// table of the given kind ("funds.renewable" → 可再生能源电价附加,
// "classes.large_industry_chemical.basic_prices" → 大工业用电（电石…）的基本电价,
// "basic_prices.220kV+.kva" → 220kV+ 基本电价（按容量）). Keys without a label
// are kept as they are.
func PathLabel(kind Kind, path string) (zh, en string) {
	if path == "price" && kind == KindCoalBenchmark {
		l := pathLabels[string(KindCoalBenchmark)]
		return l.zh, l.en
	}
	if l, ok := pathLabels[path]; ok {
		return l.zh, l.en
	}
	head, rest, _ := strings.Cut(path, ".")
	switch head {
	case "funds":
		l := labelOf(fundLabels, rest)
		return l.zh, l.en
	case "classes":
		class, sub, _ := strings.Cut(rest, ".")
		czh, cen := ClassLabel(class)
		szh, sen := PathLabel(kind, sub)
		return czh + "的" + szh, cen + ": " + sen
	case "basic_prices", "energy":
		tier, unit, _ := strings.Cut(rest, ".")
		l := pathLabels[head]
		zh, en = tier+" "+l.zh, tier+" "+l.en
		if u, ok := pathLabels[unit]; ok {
			zh, en = zh+"（"+u.zh+"）", en+" ("+u.en+")"
		}
		return zh, en
	case "thresholds":
		// thresholds.2022-01-01.kwh_per_t: the threshold in force from a date.
		if from, _, ok := strings.Cut(rest, "."); ok {
			if d, err := ParseDate(from); err == nil {
				return d.StringZH() + "起的电解铝阶梯电价门槛（kWh/t）", "threshold from " + from + " (kWh/t)"
			}
		}
	case "under", "over":
		sub, key, ok := strings.Cut(rest, ".")
		if l, ok2 := pathLabels[head+"."+sub]; ok && ok2 {
			k := labelOf(pathLabels, key)
			return l.zh + "：" + k.zh, l.en + ": " + k.en
		}
	}
	return path, path
}
