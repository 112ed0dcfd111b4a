package scenario

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
)

// Code is a code of the comparison that reports translate: what an
// assumption of the estimate is (Assumption.Code: the Assumption… codes), or
// why a lever saves nothing (Comparison.Reasons: the Reason… codes, each about
// one lever). A reason's Lever is "L1", "L2" or "L3", an assumption's empty;
// a reason's labels are a sentence, an assumption's a name.
type Code string

// The reasons a lever saves nothing, by lever.
const (
	ReasonCapacityCheapest  Code = "capacity_cheapest"    // L1: capacity billing is cheapest under both rule sets
	ReasonPlansCostTheSame  Code = "plans_cost_the_same"  // L1: A's and B's plans cost the same
	ReasonPlanBCostsMore    Code = "plan_b_costs_more"    // L1: B's plan costs more than A's
	ReasonTradeCostsTheSame Code = "trade_costs_the_same" // L2: direct trade costs the same as B
	ReasonTradeCostsMore    Code = "trade_costs_more"     // L2: direct trade costs more than B
	ReasonNoCaptive         Code = "no_captive"           // L3: no captive supply, C = C₂
	ReasonCaptiveNotCheaper Code = "captive_not_cheaper"  // L3: captive supply is no cheaper
)

var reasonText = map[Code]struct{ lever, zh, en string }{
	ReasonCapacityCheapest: {"L1", "满负荷运行时，两套规则下按容量计费都已是最省的方式，调整基本电费计费方法不带来节省",
		"capacity billing is already the cheapest method under both rule sets (a fully loaded plant), so the reformed basic-charge methods save nothing"},
	ReasonPlansCostTheSame: {"L1", "方案 A 与方案 B 的基本电费相同", "the basic-charge plans of A and B cost the same"},
	ReasonPlanBCostsMore:   {"L1", "方案 B 的基本电费比方案 A 高（方案 A 由用户申报，或两套规则不同）", "B's plan costs more than A's (A's choices are stated, or the rules differ)"},
	ReasonTradeCostsTheSame: {"L2", "直接交易与目录电价（或代理购电）费用相同",
		"direct trading costs the same as the catalog tariff (or agency purchase)"},
	ReasonTradeCostsMore: {"L2", "在给定的交易价格下，直接交易比目录电价（或代理购电）更贵",
		"at the given traded price, direct trading costs more than the catalog tariff (or agency purchase)"},
	ReasonNoCaptive: {"L3", "本情景没有自备电厂供电，C 与 C₂ 相同", "the scenario has no captive supply, so C = C₂"},
	ReasonCaptiveNotCheaper: {"L3", "在给定的自备电厂成本和费用下，自备供电不比电网直接交易便宜",
		"at the given captive cost and levies, captive supply is no cheaper than grid direct trading"},
}

// Lever returns the lever a reason is about: "L1", "L2" or "L3"; empty for
// an assumption's code.
func (c Code) Lever() string { return reasonText[c].lever }

// LabelZH returns the code in Chinese: a reason explained in a sentence, an
// assumption's name.
func (c Code) LabelZH() string {
	if r, ok := reasonText[c]; ok {
		return r.zh
	}
	return assumptionLabels[c][0]
}

// LabelEN returns the code in English: a reason explained in a sentence, an
// assumption's name.
func (c Code) LabelEN() string {
	if r, ok := reasonText[c]; ok {
		return r.en
	}
	return assumptionLabels[c][1]
}

func allMethod(p settlement.Plan, m tariff.Method) bool {
	for _, pm := range p.Months {
		if pm.Method != m {
			return false
		}
	}
	return true
}

// reasons says why each lever that saves nothing does so.
func reasons(cmp *Comparison) []Code {
	var out []Code
	an := cmp.Annual
	if !an.L1.IsPositive() {
		switch {
		case allMethod(cmp.PlanA, tariff.MethodCapacity) && allMethod(cmp.PlanB, tariff.MethodCapacity):
			out = append(out, ReasonCapacityCheapest)
		case an.L1.IsZero():
			out = append(out, ReasonPlansCostTheSame)
		default:
			out = append(out, ReasonPlanBCostsMore)
		}
	}
	if !an.L2.IsPositive() {
		if an.L2.IsZero() {
			out = append(out, ReasonTradeCostsTheSame)
		} else {
			out = append(out, ReasonTradeCostsMore)
		}
	}
	if !an.L3.IsPositive() {
		if !cmp.HasCaptive {
			out = append(out, ReasonNoCaptive)
		} else {
			out = append(out, ReasonCaptiveNotCheaper)
		}
	}
	return out
}
