package main

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The Bridge, Sensitivity and assumption blocks of the workbook read these
// views, not the library's types, so that the estimate of README §4 (its
// own call in the library) can feed them by filling the same structs. Until
// then they are filled from what the comparison gives: the bridge by summing
// the bills' lines by group, the sensitivity with the scenario's own price
// (Δ = 0) and the break-even price.

// bridgeView splits each lever by line group (README §4), for the year.
type bridgeView struct {
	groups []bridgeGroup // in display order; they add up to the levers
}

// bridgeGroup is one row of the bridge: the group key (as the Bills sheet's
// group column writes it), its labels and its share of L1, L2, L3 and A − C.
type bridgeGroup struct {
	key    string
	zh, en string
	levers [4]decimal.Decimal
}

// lineGroups are the groups of README §4 in display order, with the line
// codes of each.
var lineGroups = []struct {
	key, zh, en string
	codes       []string
}{
	{"energy", "电能量（电度、交易、合同外、购电）", "Energy (energy, traded, outside, purchase)", []string{"energy", "traded_energy", "outside_energy", "purchase_energy"}},
	{"tnd", "输配电费", "T&D", []string{"tnd_energy"}},
	{"loss_sysop", "线损与系统运行费用", "Line loss and system operation", []string{"loss", "system_operation"}},
	{"basic", "基本电费", "Basic charge", []string{"basic"}},
	{"power_factor", "功率因数调整电费", "Power-factor adjustment", []string{"power_factor"}},
	{"deviation", "偏差考核费用", "Deviation penalty", []string{"deviation"}},
	{"funds", "政府性基金及附加", "Government funds", []string{"funds"}},
	{"surcharge", "冶炼加价", "Smelter surcharges", []string{"surcharge"}},
	{"captive", "自备电厂各项", "Captive items", []string{"captive_generation", "captive_funds", "captive_cross_subsidy", "captive_backup"}},
	{"other", "其他", "Other", nil},
}

// lineGroup is the bridge group of a line code ("other" for a code no group
// names, so the groups still add up).
func lineGroup(code string) string {
	for _, g := range lineGroups {
		for _, c := range g.codes {
			if c == code {
				return g.key
			}
		}
	}
	return "other"
}

// bridgeFromBills sums every month's lines by group: group amount = Σ in the
// earlier bill − Σ in the later bill (README §4). Groups no bill uses are
// left out.
func bridgeFromBills(c *scenario.Comparison) bridgeView {
	sums := map[string]*[4]decimal.Decimal{}
	used := map[string]bool{}
	add := func(b settlement.Bill, lever int, sign int) {
		for _, ln := range b.Lines {
			g := lineGroup(string(ln.Code))
			used[g] = true
			if sums[g] == nil {
				sums[g] = &[4]decimal.Decimal{}
			}
			a := ln.Amount
			if sign < 0 {
				a = a.Neg()
			}
			sums[g][lever] = sums[g][lever].Add(a)
		}
	}
	for _, m := range c.Months {
		add(m.A, 0, 1)
		add(m.B, 0, -1)
		add(m.B, 1, 1)
		add(m.C2, 1, -1)
		add(m.C2, 2, 1)
		add(m.C, 2, -1)
		add(m.A, 3, 1)
		add(m.C, 3, -1)
	}
	var v bridgeView
	for _, g := range lineGroups {
		if !used[g.key] {
			continue
		}
		v.groups = append(v.groups, bridgeGroup{key: g.key, zh: g.zh, en: g.en, levers: *sums[g.key]})
	}
	return v
}

// sensitivityView is the traded-price sensitivity (README §4): annual C₂,
// L2 and saving at each price, and the break-even price.
type sensitivityView struct {
	points    []sensPoint
	breakEven scenario.BreakEven
}

// sensPoint is one point: the price moved by delta, whole bills.
type sensPoint struct {
	delta, price, c2, l2, saving decimal.Decimal
}

// sensitivityFromComparison is the one point the comparison itself settles
// (Δ = 0, the scenario's own price) and its break-even price.
func sensitivityFromComparison(c *scenario.Comparison) sensitivityView {
	v := sensitivityView{breakEven: c.BreakEven}
	sc := c.Scenario
	p := sc.C2.Price
	if sc.Structure == tariff.Structure2023 {
		p = sc.C2.MarketPrice
	}
	if p.Valid {
		v.points = append(v.points, sensPoint{price: p.Decimal, c2: c.Annual.C2, l2: c.Annual.L2, saving: c.Annual.Total})
	}
	return v
}

// assumption is an input that is not a measured quantity, with its value and
// where it came from (README §4).
type assumption struct {
	label, value, origin string
}

// assumptionsFromScenario lists the assumptions the scenario states.
func assumptionsFromScenario(l lang, c *scenario.Comparison) []assumption {
	sc := c.Scenario
	var out []assumption
	file := l.t("scenario file ", "情景文件 ") + sc.File
	if sc.Structure == tariff.Structure2023 {
		if sc.C2.MarketPrice.Valid {
			out = append(out, assumption{l.t("Market price (every month)", "市场交易价格（各月）"), settlement.Price(sc.C2.MarketPrice.Decimal) + " 元/kWh", file})
		}
	} else {
		if sc.C2.Price.Valid {
			out = append(out, assumption{l.t("Traded price (every month)", "交易价格（各月）"), settlement.Price(sc.C2.Price.Decimal) + " 元/kWh", file})
		}
		ck := l.t("given per month", "逐月给定")
		if sc.C2.Share.Valid {
			ck = l.t("share of consumption ", "用电量的 ") + sc.C2.Share.Decimal.String() + l.t(" (months without contract_kwh)", "（未给出合同电量的月份）")
		}
		out = append(out, assumption{l.t("Contracted kWh", "合同电量"), ck, file})
		out = append(out, assumption{l.t("Deviation rule set", "偏差考核规则"), sc.C2.Deviation, file})
		tnd := sc.C2.TND
		if tnd == "" {
			tnd = l.t("the T&D tariff in force", "当时有效的输配电价")
		}
		out = append(out, assumption{l.t("T&D source", "输配电价来源"), tnd, file})
	}
	for _, p := range []struct {
		key string
		p   settlement.Plan
	}{{"A", c.PlanA}, {"B", c.PlanB}} {
		how := l.t("stated by the plant", "用户申报")
		if p.p.Optimised {
			how = l.t("cheapest with hindsight (perfect foresight; L1 an upper bound)", "事后最优（假定预知需量；L1 为上限）")
		}
		out = append(out, assumption{l.t("Basic-charge plan ", "基本电费方案 ") + p.key, p.p.Rules + ": " + how, file})
	}
	if sc.ExamplePrices {
		out = append(out, assumption{l.t("Prices", "价格"), l.t("example inputs, not published values", "示例输入，不是公布的数值"), file})
	}
	if c.HasCaptive {
		out = append(out, assumption{l.t("Captive levels", "自备电厂各项水平"), l.t("user-supplied (not shipped)", "用户提供（未随库发布）"), file})
	}
	out = append(out, assumption{l.t("VAT basis", "增值税口径"), l.t("the tables' own basis; shipped prices include VAT (MEDIUM)", "与所用表口径一致；随库电价含税（MEDIUM）"), l.t("README §4.1", "README §4.1")})
	return out
}
