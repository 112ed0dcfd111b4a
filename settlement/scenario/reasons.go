package scenario

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
)

// Reason says why a lever saves nothing.
type Reason struct {
	Lever string // "L1", "L2", "L3"
	ZH    string
	EN    string
}

func allMethod(p settlement.Plan, m tariff.Method) bool {
	for _, pm := range p.Months {
		if pm.Choice.Method != m {
			return false
		}
	}
	return true
}

func reasons(cmp *Comparison) []Reason {
	var out []Reason
	an := cmp.Annual
	if !an.L1.IsPositive() {
		r := Reason{Lever: "L1"}
		switch {
		case allMethod(cmp.PlanA, tariff.ByCapacity) && allMethod(cmp.PlanB, tariff.ByCapacity):
			r.ZH = "按容量计费在两套规则下都已是最便宜的方式（满负荷运行的冶炼厂），基本电费方法的调整不带来节省"
			r.EN = "capacity billing is already the cheapest method under both rule sets (a fully loaded plant), so the reformed basic-charge methods save nothing"
		case an.L1.IsZero():
			r.ZH = "A 与 B 的基本电费方案计费相同"
			r.EN = "the basic-charge plans of A and B cost the same"
		default:
			r.ZH = "B 的方案比 A 的方案更贵（A 的选择由用户给定或规则不同）"
			r.EN = "B's plan costs more than A's (A's choices are stated, or the rules differ)"
		}
		out = append(out, r)
	}
	if !an.L2.IsPositive() {
		r := Reason{Lever: "L2"}
		if an.L2.IsZero() {
			r.ZH, r.EN = "直接交易与目录电价（或代理购电）费用相同", "direct trading costs the same as the catalog tariff (or agency purchase)"
		} else {
			r.ZH, r.EN = "在给定的交易价格下，直接交易比目录电价（或代理购电）更贵", "at the given traded price, direct trading costs more than the catalog tariff (or agency purchase)"
		}
		out = append(out, r)
	}
	if !an.L3.IsPositive() {
		r := Reason{Lever: "L3"}
		if !cmp.HasCaptive {
			r.ZH, r.EN = "情景中没有自备电厂供电，C = C₂", "the scenario has no captive supply, so C = C₂"
		} else {
			r.ZH, r.EN = "在给定的自备电厂成本和费用下，自备供电不比电网直接交易便宜", "at the given captive cost and levies, captive supply is no cheaper than grid direct trading"
		}
		out = append(out, r)
	}
	return out
}
