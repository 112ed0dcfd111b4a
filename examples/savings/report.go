package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/dianfei/dianfei/examples/internal/textfmt"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// lang picks the Chinese or English text.
type lang bool

const (
	english lang = false
	chinese lang = true
)

func (l lang) t(en, zh string) string {
	if l == chinese {
		return zh
	}
	return en
}

func (l lang) warning(w settlement.Warning) string { return l.t(w.EN, w.ZH) }

func (l lang) method(m tariff.Method) string { return l.t(m.LabelEN(), m.LabelZH()) }

// month formats a month: 2016-07, or 2016年7月 in Chinese.
func (l lang) month(m tariff.Month) string { return l.t(m.String(), m.StringZH()) }

// span formats a run of months: "2016-07 to 2017-06", 2016年7月至2017年6月.
func (l lang) span(from, to tariff.Month) string {
	if from == to {
		return l.month(from)
	}
	return l.month(from) + l.t(" to ", "至") + l.month(to)
}

// arrangement describes arrangement key (A, B, C₂, C) in a line.
func (l lang) arrangement(sc *scenario.Scenario, key string) string {
	if sc.Structure == tariff.Structure2023 {
		switch key {
		case "A":
			return l.t("A: agency purchase, stated basic-charge choice", "A：电网代理购电，用户申报的基本电费计费方式")
		case "B":
			return l.t("B: agency purchase, cheapest plan under the rules in force", "B：电网代理购电，现行规则下最省的基本电费方案")
		case "C₂":
			return l.t("C₂: market purchase", "C₂：市场化购电")
		}
		return l.t("C: market purchase with captive supply", "C：市场化购电加自备电厂供电")
	}
	switch key {
	case "A":
		return l.t("A: catalog tariff, 1996 basic-charge rules (before measure 9)", "A：目录电价，1996年基本电费规则（措施九实施前）")
	case "B":
		return l.t("B: catalog tariff, 1583 basic-charge rules (lever 1)", "B：目录电价，按1583号文调整基本电费计费方法")
	case "C₂":
		return l.t("C₂: direct trading at the T&D tariff (lever 2)", "C₂：按输配电价直接交易")
	}
	return l.t("C: captive plant trading after paying its levies (lever 3)", "C：自备电厂履行社会责任后参与交易")
}

// shortArrangement names arrangement key (A, B, C₂, C) in a few words, for
// column heads.
func (l lang) shortArrangement(sc *scenario.Scenario, key string) string {
	if sc.Structure == tariff.Structure2023 {
		switch key {
		case "A":
			return l.t("A: agency purchase, stated plan", "A 代理购电、申报方案")
		case "B":
			return l.t("B: agency purchase, cheapest plan", "B 代理购电、最省方案")
		case "C₂":
			return l.t("C₂: market purchase", "C₂ 市场化购电")
		}
		return l.t("C: with captive plant", "C 含自备电厂")
	}
	switch key {
	case "A":
		return l.t("A: catalog, 1996 rules", "A 目录电价、1996年规则")
	case "B":
		return l.t("B: catalog, 1583 rules", "B 目录电价、1583号文规则")
	case "C₂":
		return l.t("C₂: direct trading", "C₂ 直接交易")
	}
	return l.t("C: with captive plant", "C 含自备电厂")
}

// lever names lever L1, L2 or L3 as the README (§1) says: in Chinese by what it
// does (not 杠杆, which reads as financial leverage).
func (l lang) lever(sc *scenario.Scenario, lever string) string {
	switch lever {
	case "L1":
		return l.t("L1 basic-charge methods", "调整基本电费计费方法")
	case "L2":
		if sc.Structure == tariff.Structure2023 {
			return l.t("L2 market purchase", "市场化购电")
		}
		return l.t("L2 direct trading", "直接交易")
	}
	return l.t("L3 captive plant", "自备电厂参与交易")
}

// priceName is what the sensitivity moves: the traded or the market price.
func (l lang) priceName(sc *scenario.Scenario) string {
	if sc.Structure == tariff.Structure2023 {
		return l.t("market price", "市场化购电价格")
	}
	return l.t("traded price", "交易电价")
}

func monthSpan(sc *scenario.Scenario) string {
	ms := sc.MonthList()
	return fmt.Sprintf("%s … %s", ms[0], ms[len(ms)-1])
}

// rep builds the text and Markdown report of one comparison.
type rep struct {
	l      lang
	c      *scenario.Comparison // with the estimate (c.Estimated) unless -estimate=false
	set    *tariff.Set
	source scenarioOrigin
	wan    bool // amounts in 万元 (display only)
}

func (r *rep) sc() *scenario.Scenario { return r.c.Scenario }

// amt formats an amount in the report's unit: 元 to the fen, or 万元 to two
// places (rounded for display, half away from zero).
func (r *rep) amt(d decimal.Decimal) string {
	if r.wan {
		return money(d.Shift(-4))
	}
	return money(d)
}

// period names the run of months in a phrase: "a year", 全年, or
// "over the 6 months", 6个月.
func (r *rep) period() string {
	if n := len(r.c.Months); n != 12 {
		return r.l.t(fmt.Sprintf("over the %d months", n), "测算期内")
	}
	return r.l.t("a year", "全年")
}

// yearLabel labels the row that adds up the months.
func (r *rep) yearLabel() string {
	if len(r.c.Months) != 12 {
		return r.l.t("Total", "合计")
	}
	return r.l.t("Year", "全年")
}

// unitParen is the unit of amt in brackets, for headings.
func (r *rep) unitParen() string { return r.l.t(" ("+r.unit()+")", "（"+r.unit()+"）") }

// unit is the unit of amt: 元 or 万元.
func (r *rep) unit() string {
	if r.wan {
		return "万元"
	}
	return "元"
}

// signedAmt formats an amount with its sign: +1,234.00, -1,234.00, 0.00.
func (r *rep) signedAmt(d decimal.Decimal) string {
	s := r.amt(d)
	if d.IsPositive() && s != "0.00" {
		s = "+" + s
	}
	return s
}

// title is the scenario's title in the report's language.
func (r *rep) title() string {
	sc := r.sc()
	t := sc.Title
	if r.l == chinese && sc.TitleZH != "" {
		t = sc.TitleZH
	}
	if t == "" {
		t = sc.Name
	}
	return t
}

// header is the title and the plant in one line.
func (r *rep) header() []block {
	l, sc := r.l, r.sc()
	cu := sc.Customer
	region := label2(tariff.RegionLabel(cu.Region))
	class := label2(tariff.ClassLabel(cu.Class))
	ms := sc.MonthList()
	plant := strings.TrimSpace(cu.Name)
	if cu.ID != "" && cu.ID != plant {
		plant += l.t(" (", "（") + cu.ID + l.t(")", "）")
	}
	line := fmt.Sprintf(l.t("%s; %s, %s, %s kV; %s (%d months); scenario %s (%s).",
		"%s；%s，%s，%s kV；%s（%d 个月）；情景 %s（%s）。"),
		plant, l.t(region[0], region[1]), l.t(class[0], class[1]), cu.VoltageKV, l.span(ms[0], ms[len(ms)-1]), len(ms), sc.Name, r.sourceText())
	title := l.t("Measure 9 savings — ", "措施九节省测算——")
	if sc.Structure == tariff.Structure2023 {
		title = l.t("Measure 9's levers today — ", "措施九各项措施的现行做法——")
	}
	if sc.ExamplePrices {
		title = l.t("Example calculation: ", "示例测算：") + title
	}
	return []block{heading{1, title + r.title()}, para(line)}
}

// label2 pairs a (zh, en) label as [en, zh] for lang.t.
func label2(zh, en string) [2]string { return [2]string{en, zh} }

// sourceText says where the scenario came from.
func (r *rep) sourceText() string {
	if r.source.embedded {
		return r.l.t("embedded "+r.source.file, "随程序内置")
	}
	return r.source.file
}

// fullReport is the finance report of a comparison: the summary first, then
// the bridge, the months, the plans, the range, the itemised month, and the
// sources and warnings last.
func fullReport(r *rep) []block {
	var bs []block
	bs = append(bs, r.header()...)
	bs = append(bs, r.summary()...)
	bs = append(bs, r.bridge()...)
	bs = append(bs, r.monthTables()...)
	bs = append(bs, r.plans()...)
	bs = append(bs, r.rangeDetail()...)
	bs = append(bs, r.highlight(r.sc().Highlight)...)
	bs = append(bs, r.sources()...)
	bs = append(bs, r.warnings()...)
	return bs
}

// monthReport is one month's bills side by side, itemised.
func monthReport(r *rep, m tariff.Month) []block {
	var bs []block
	bs = append(bs, r.header()...)
	bs = append(bs, r.sideBySide(m)...)
	bs = append(bs, r.highlight(m)...)
	bs = append(bs, r.sources()...)
	bs = append(bs, r.warnings()...)
	return bs
}

// ---- summary

// planDate is the date of the Liaoning plan of which measure 9 is item
// 三（九）.
var planDate = tariff.NewDate(2016, time.October, 21)

// summary is the first screen: the saving and its share, the levers, what
// it rests on, how far it moves, the break-even and why a lever is zero.
func (r *rep) summary() []block {
	l, sc, a := r.l, r.sc(), r.c.Annual
	u := r.unit()
	out := []block{heading{2, l.t("Summary", "摘要")}}
	before := [2]string{"the bill before it", "实施前电费"}
	if sc.Structure == tariff.Structure2023 {
		before = [2]string{"the agency-purchase bill", "代理购电电费"}
	}
	who := [2]string{"Measure 9 saves", "措施九"}
	if sc.Structure == tariff.Structure2023 {
		who = [2]string{"Pulling measure 9's levers today saves", "按现行规则采取措施九的各项措施，"}
	}
	if sc.ExamplePrices {
		who = [2]string{"With example prices, " + strings.ToLower(who[0][:1]) + who[0][1:], "按示例价格测算，" + who[1]}
	}
	if l == chinese {
		out = append(out, para(fmt.Sprintf(who[1]+r.period()+"节省 %s %s，占%s（A，%s %s）的 %s%%，折合每千瓦时 %s 元。",
			r.amt(a.Total), u, before[1], r.amt(a.A), u, a.SavingPercent().StringFixed(2), a.SavingPerKWh().StringFixed(4))))
	} else {
		out = append(out, para(fmt.Sprintf(who[0]+" %s %s "+r.period()+": %s %% of %s (A, %s %s), %s 元 per kWh consumed.",
			r.amt(a.Total), u, a.SavingPercent().StringFixed(2), before[0], r.amt(a.A), u, a.SavingPerKWh().StringFixed(4))))
	}
	t := table{head: []string{l.t("Lever", "节省来源"), l.t("Bills compared", "对比"), l.t("Saving", "节省") + r.unitParen()},
		right: []bool{false, false, true}, bold: map[int]bool{}}
	t.rows = append(t.rows,
		[]string{l.lever(sc, "L1"), "A − B", r.amt(a.L1)},
		[]string{l.lever(sc, "L2"), "B − C₂", r.amt(a.L2)},
		[]string{l.lever(sc, "L3"), "C₂ − C", r.amt(a.L3)})
	t.bold[3] = true
	t.rows = append(t.rows, []string{l.t("Total", "合计"), "A − C", r.amt(a.Total)})
	out = append(out, t)
	for _, w := range r.c.Warnings {
		if w.Code == settlement.WarningEligibility {
			out = append(out, para(fmt.Sprintf(l.t("Caveat on %s (%s %s): %s.", "%s（%s %s）须注意：%s。"), l.lever(sc, "L2"), r.amt(a.L2), u, l.warning(w))))
		}
	}
	if sc.Structure == tariff.Structure2023 {
		out = append(out, para(l.t("A agency purchase with the stated basic-charge choice; B with the cheapest plan the rules allow; C₂ with market purchase instead; C with the captive plant.",
			"A 为电网代理购电、用户申报的基本电费计费方式；B 为现行规则下最省的基本电费方案；C₂ 为在 B 基础上改为市场化购电；C 为在 C₂ 基础上加上自备电厂参与交易。")))
	} else {
		out = append(out, para(l.t("A before measure 9; B with the reformed basic-charge methods; C₂ with direct trading; C with the captive plant.",
			"A 为措施九实施前；B 为调整基本电费计费方法后；C₂ 为在 B 基础上实行直接交易；C 为在 C₂ 基础上加上自备电厂参与交易。")))
		ms := sc.MonthList()
		if first := ms[0]; first.Compare(planDate.MonthOf()) < 0 {
			last := min(ms[len(ms)-1].Index(), planDate.MonthOf().Add(-1).Index())
			out = append(out, para(fmt.Sprintf(l.t("The plan of which measure 9 is part is dated %s; %s come before it: the comparison shows the levers over the months compared (1583号 itself applied from 2016-07-01).",
				"措施九所在的实施方案印发于%s；%s早于该方案：本测算展示各项措施在测算期内的效果（发改办价格〔2016〕1583号自2016年7月1日起执行）。"),
				l.t(planDate.String(), planDate.StringZH()), l.span(first, first.Add(last-first.Index())))))
		}
	}
	if r.c.Estimated {
		var as list
		for _, x := range r.c.Assumptions {
			as = append(as, l.t(x.Code.LabelEN(), x.Code.LabelZH())+l.t(": ", "：")+l.t(x.EN, x.ZH))
		}
		out = append(out, para(l.t("What it rests on:", "测算依据的假设：")), as)
		out = append(out, para(l.t("How far it moves:", "节省的变动范围：")), r.rangeSummary())
	}
	out = append(out, para(r.breakEvenLine()))
	var why list
	for _, x := range r.c.Reasons {
		why = append(why, l.lever(sc, x.Lever())+l.t(": ", "：")+l.t(x.LabelEN(), x.LabelZH()))
	}
	if r.c.Estimated {
		for _, x := range r.c.NegativeLevers {
			why = append(why, l.t(x.EN, x.ZH))
		}
	}
	if len(why) > 0 {
		out = append(out, para(l.t("Why a lever saves nothing or less:", "某项节省为零或为负的原因：")), why)
	}
	if n := len(r.c.Warnings); n > 0 {
		out = append(out, para(fmt.Sprintf(l.t("%d warnings and every table used are listed at the end.", "共 %d 条提示，连同所用的全部电价表和规则列于文末。"), n)))
	}
	return out
}

// rangeSummary sizes the saving in a few lines: the sensitivity's ends and
// step, each open point, the heaviest MEDIUM value.
func (r *rep) rangeSummary() list {
	l, sc, c := r.l, r.sc(), r.c
	u := r.unit()
	var out list
	if n := len(c.Sensitivity); n > 0 {
		lo, hi := c.Sensitivity[0], c.Sensitivity[n-1]
		moves := l.t("falls", "降至")
		if hi.Saving.GreaterThan(lo.Saving) {
			moves = l.t("rises", "升至")
		}
		var s string
		if l == chinese {
			s = fmt.Sprintf("%s由 %s 元/kWh 升至 %s 元/kWh（各月同时变动）时，"+r.period()+"节省由 %s %s%s %s %s",
				l.priceName(sc), settlement.Price(lo.Value), settlement.Price(hi.Value), r.amt(lo.Saving), u, moves, r.amt(hi.Saving), u)
		} else {
			s = fmt.Sprintf("%s from %s to %s 元/kWh (every month): the saving %s from %s %s to %s %s",
				capital(l, l.priceName(sc)), settlement.Price(lo.Value), settlement.Price(hi.Value), moves, r.amt(lo.Saving), u, r.amt(hi.Saving), u)
		}
		if hi.Saving.IsNegative() {
			s += fmt.Sprintf(l.t(" (that is, %s %s more paid)", "（即多支出 %s %s）"), r.amt(hi.Saving.Neg()), u)
		}
		for i, v := range c.Sensitivity {
			if v.Delta.IsZero() && i+1 < n {
				next := c.Sensitivity[i+1]
				d := next.Saving.Sub(v.Saving)
				how := [2]string{"lowers it by", "节省减少"}
				if !d.IsNegative() {
					how = [2]string{"raises it by", "节省增加"}
				}
				s += fmt.Sprintf(l.t("; each +%s 元/kWh %s %s %s", "；价格每上升 %s 元/kWh，%s %s %s"),
					next.Delta.StringFixed(4), l.t(how[0], how[1]), r.amt(d.Abs()), u)
			}
		}
		out = append(out, s+l.t(".", "。"))
	}
	for _, v := range c.OpenPoints {
		out = append(out, fmt.Sprintf(l.t("If %s: saving %s %s (%s).", "如%s："+r.period()+"节省 %s %s（变动 %s）。"),
			l.t(v.EN, v.ZH), r.amt(v.Saving), u, r.signedAmt(v.Change)))
	}
	if len(c.MediumWeights) > 0 {
		v := c.MediumWeights[0]
		out = append(out, fmt.Sprintf(l.t("Heaviest MEDIUM value: %s changes the saving by %s %s.", "影响最大的中等可信度数值：%s，"+r.period()+"节省变动 %s %s。"),
			r.mediumText(v), r.signedAmt(v.Change), u))
	}
	if len(out) == 0 {
		out = list{l.t("nothing sized moves it", "没有可测算的变动因素")}
	}
	return out
}

func capital(l lang, s string) string {
	if l == chinese || s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mediumText names a MEDIUM value moved 1 %: its table, what it is, from → to.
func (r *rep) mediumText(v scenario.Variant) string {
	zh, en := tariff.PathLabel(r.kindOf(v.Table), v.Path)
	doc := v.Table
	if h, ok := r.headerOf(v.Table); ok && h.Document != "" {
		doc = h.Document
	}
	return r.l.t(fmt.Sprintf("%s %s 1 %% higher (%s → %s)", v.Table, en, v.From, v.To),
		fmt.Sprintf("%s中的%s提高 1%%（%s → %s）", doc, zh, v.From, v.To))
}

// kindOf is the kind of table id, empty when the report cannot find it.
func (r *rep) kindOf(id string) tariff.Kind {
	if h, ok := r.headerOf(id); ok {
		return h.Kind
	}
	return ""
}

// headerOf finds the header of table id among the set's and the scenario's.
func (r *rep) headerOf(id string) (tariff.Header, bool) {
	for _, t := range r.sc().Tables {
		if h, ok := t.Header(id); ok {
			return h, true
		}
	}
	if r.set != nil {
		return r.set.Header(id)
	}
	return tariff.Header{}, false
}

// breakEvenLine is the break-even price and how far the assumed price is
// from it.
func (r *rep) breakEvenLine() string {
	l, sc, c := r.l, r.sc(), r.c
	name := l.t("Break-even price of direct trading alone (C₂ = B): ", "直接交易盈亏平衡价格（C₂ = B）：")
	if sc.Structure == tariff.Structure2023 {
		name = l.t("Break-even price of market purchase alone (C₂ = B): ", "市场化购电盈亏平衡价格（C₂ = B）：")
	}
	s := name + breakEvenText(l, c)
	if c.BreakEven.Valid && !c.BreakEvenAtLeastMax {
		if p, ok := assumedPrice(sc); ok {
			gap := c.BreakEven.Decimal.Sub(p)
			s += fmt.Sprintf(l.t(" The assumed price %s 元/kWh is %s below it.", "测算所用价格 %s 元/kWh，比盈亏平衡价格低 %s 元/kWh。"),
				settlement.Price(p), settlement.Price(gap))
			if gap.IsNegative() {
				s = name + breakEvenText(l, c) + fmt.Sprintf(l.t(" The assumed price %s 元/kWh is above it.", "测算所用价格 %s 元/kWh 已高于盈亏平衡价格。"), settlement.Price(p))
			}
		}
	}
	return s
}

// assumedPrice is the scenario's traded (or market) price.
func assumedPrice(sc *scenario.Scenario) (decimal.Decimal, bool) {
	if sc.Structure == tariff.Structure2023 {
		return sc.MarketPrice.Decimal, sc.MarketPrice.Valid
	}
	return sc.TradedPrice.Decimal, sc.TradedPrice.Valid
}

// maxBasis says what the break-even search's upper end P_max is, which the
// scenario's structure decides (Comparison.BreakEvenMax).
func (l lang) maxBasis(s tariff.Structure) string {
	if s == tariff.Structure2023 {
		return l.t("highest agency purchase price", "代理购电价格最高值")
	}
	return l.t("highest catalog price of the plant's tier", "用户电压等级目录电价最高值")
}

// breakEvenText explains c's break-even price (shared with the workbook).
func breakEvenText(l lang, c *scenario.Comparison) string {
	basis := l.maxBasis(c.Scenario.Structure)
	switch {
	case !c.BreakEven.Valid:
		return l.t("none: "+c.BreakEvenEN, "无："+c.BreakEvenZH)
	case c.BreakEvenAtLeastMax:
		return fmt.Sprintf(l.t("at least %s 元/kWh (the %s): C₂ costs no more than B at any price up to it",
			"不低于 %s 元/kWh（%s）：在此价格以内，C₂ 都不高于 B"), settlement.Price(c.BreakEvenMax), basis)
	}
	return fmt.Sprintf(l.t("%s 元/kWh, the highest price (in steps of 0.0001, cut off, not rounded up) at which C₂ over the months compared is no more than B; searched up to %s 元/kWh, the %s.",
		"%s 元/kWh，即测算期内 C₂ 合计不高于 B 的最高价格（按 0.0001 元/kWh 逐档，舍去不进位；查找上限 %s 元/kWh，为%s）。"),
		settlement.Price(c.BreakEven.Decimal), settlement.Price(c.BreakEvenMax), basis)
}

// ---- bridge

// bridge splits each lever by line group, for the year and by month.
func (r *rep) bridge() []block {
	c := r.c
	if !c.Estimated {
		return nil
	}
	l, sc := r.l, r.sc()
	u := r.unit()
	year := yearBridge(c)
	sub := c.EnergyWithTND[len(c.EnergyWithTND)-1]
	bt := table{head: []string{l.t("Line group", "费用项目"), "A − B", "B − C₂", "C₂ − C", "A − C"},
		right: []bool{false, true, true, true, true}, bold: map[int]bool{}}
	cells := func(label string, b scenario.Savings) []string {
		return []string{label, r.amt(b.L1), r.amt(b.L2), r.amt(b.L3), r.amt(b.Total)}
	}
	for _, b := range year {
		bt.rows = append(bt.rows, cells(l.t(b.Group.LabelEN(), b.Group.LabelZH()), b))
	}
	an := c.Annual
	bt.bold[len(bt.rows)] = true
	bt.rows = append(bt.rows, []string{l.t("Saving", "节省合计"), r.amt(an.L1), r.amt(an.L2), r.amt(an.L3), r.amt(an.Total)})
	bt.rows = append(bt.rows, cells(r.ofWhich(sub.Group), sub))
	out := []block{heading{2, l.t("What the saving is made of", r.period()+"节省构成") + r.unitParen()},
		para(fmt.Sprintf(l.t("A − B is the saving from %s, B − C₂ from %s, C₂ − C from the %s, A − C the total. Each group is its lines in the earlier bill less those in the later one; the groups add up to the saving exactly%s. The last row is part of the groups above it, not added to them.",
			"A − B 为%s的节省，B − C₂ 为%s的节省，C₂ − C 为%s的节省，A − C 为合计。每项 = 前一账单中该项费用 − 后一账单中该项费用，各项相加%s等于节省。末行“其中”已含在上列各项中，不再相加。"),
			strings.TrimPrefix(l.lever(sc, "L1"), "L1 "), strings.TrimPrefix(l.lever(sc, "L2"), "L2 "), strings.TrimPrefix(l.lever(sc, "L3"), "L3 "), r.inYuan()) + r.roundingNote()), bt}
	n := len(tariff.LineGroups())
	for _, lv := range []struct {
		name string
		pair string
		v    decimal.Decimal
		of   func(scenario.Savings) decimal.Decimal
	}{{"L1", "A − B", an.L1, func(b scenario.Savings) decimal.Decimal { return b.L1 }},
		{"L2", "B − C₂", an.L2, func(b scenario.Savings) decimal.Decimal { return b.L2 }},
		{"L3", "C₂ − C", an.L3, func(b scenario.Savings) decimal.Decimal { return b.L3 }}} {
		var groups []tariff.LineGroup
		for _, b := range year {
			if !lv.of(b).IsZero() {
				groups = append(groups, b.Group)
			}
		}
		if len(groups) == 0 {
			continue
		}
		head := []string{l.t("Month", "月份")}
		for _, g := range groups {
			head = append(head, l.t(g.LabelEN(), g.LabelZH()))
		}
		head = append(head, l.t("Saving", "节省"), r.ofWhich(sub.Group))
		mt := table{head: head, right: make([]bool, len(head)), bold: map[int]bool{}}
		for i := 1; i < len(head); i++ {
			mt.right[i] = true
		}
		for i, mr := range c.Months {
			row := []string{l.month(mr.Usage.Month)}
			for _, g := range groups {
				row = append(row, r.amt(lv.of(c.Bridge[i*n+slicesIndex(g)])))
			}
			row = append(row, r.amt(lv.of(monthLevers(mr))), r.amt(lv.of(c.EnergyWithTND[i])))
			mt.rows = append(mt.rows, row)
		}
		row := []string{r.yearLabel()}
		for _, g := range groups {
			row = append(row, r.amt(lv.of(year[slicesIndex(g)])))
		}
		row = append(row, r.amt(lv.v), r.amt(lv.of(sub)))
		mt.bold[len(mt.rows)] = true
		mt.rows = append(mt.rows, row)
		name := l.lever(sc, lv.name)
		out = append(out, heading{3, fmt.Sprintf(l.t("%s (%s) by month (%s)", "%s（%s）逐月构成（%s）"), name, lv.pair, u)}, mt)
	}
	return out
}

// ofWhich labels the subtotal energy including T&D as part of the rows or
// columns before it: "of which: energy including T&D", 其中：电能量含输配电费.
func (r *rep) ofWhich(g tariff.LineGroup) string {
	en := g.LabelEN()
	return r.l.t("of which: "+strings.ToLower(en[:1])+en[1:], "其中："+g.LabelZH())
}

// inYuan qualifies a claim that amounts add up exactly: with -unit wan they
// do in 元, not as shown.
func (r *rep) inYuan() string {
	if !r.wan {
		return r.l.t("", "恰好")
	}
	return r.l.t(" in 元", "按元计恰好")
}

// roundingNote warns, with -unit wan, that amounts rounded to 万元 need not
// add up to the totals shown; empty in 元, where they add up exactly.
func (r *rep) roundingNote() string {
	if !r.wan {
		return ""
	}
	return r.l.t(" Rounded to 万元 for display: the columns may differ from the totals by a few 0.01 万元.", "按万元四舍五入显示，分项之和与合计可能有尾差。")
}

// ---- months

// deviationOf is the month's deviation penalty in C₂ (or C), and whether
// there is one.
func deviationOf(mr scenario.Month) (decimal.Decimal, bool) {
	for _, b := range []settlement.Bill{mr.C2, mr.C} {
		if ln, ok := b.Line(tariff.LineDeviation); ok && !ln.Amount.IsZero() {
			return ln.Amount, true
		}
	}
	return decimal.Zero, false
}

// monthTables are the bills and the savings by month, as two tables.
func (r *rep) monthTables() []block {
	l, sc, c := r.l, r.sc(), r.c
	label := func(mr scenario.Month) string {
		s := l.month(mr.Usage.Month)
		if mr.FromIntervals() {
			s += " *"
		}
		if _, ok := deviationOf(mr); ok {
			s += " †"
		}
		return s
	}
	bills := table{head: []string{l.t("Month", "月份"), l.t("Usage (kWh)", "电量（千瓦时）"), "A", "B", "C₂", "C"},
		right: []bool{false, true, true, true, true, true}, bold: map[int]bool{}}
	saves := table{head: []string{l.t("Month", "月份"), l.lever(sc, "L1"), l.lever(sc, "L2"), l.lever(sc, "L3"), l.t("Total saving", "合计节省")},
		right: []bool{false, true, true, true, true}, bold: map[int]bool{}}
	var marks []string
	interval := false
	for _, mr := range c.Months {
		bills.rows = append(bills.rows, []string{label(mr), qty(mr.KWh()), r.amt(mr.A.Total), r.amt(mr.B.Total), r.amt(mr.C2.Total), r.amt(mr.C.Total)})
		saves.rows = append(saves.rows, []string{label(mr), r.amt(mr.L1), r.amt(mr.L2), r.amt(mr.L3), r.amt(mr.Total)})
		if d, ok := deviationOf(mr); ok {
			marks = append(marks, fmt.Sprintf("%s %s %s", l.month(mr.Usage.Month), r.amt(d), r.unit()))
		}
		interval = interval || mr.FromIntervals()
	}
	a := c.Annual
	bills.bold[len(bills.rows)] = true
	bills.rows = append(bills.rows, []string{r.yearLabel(), qty(a.KWh), r.amt(a.A), r.amt(a.B), r.amt(a.C2), r.amt(a.C)})
	saves.bold[len(saves.rows)] = true
	saves.rows = append(saves.rows, []string{r.yearLabel(), r.amt(a.L1), r.amt(a.L2), r.amt(a.L3), r.amt(a.Total)})
	out := []block{heading{2, l.t("Bills by month", "逐月电费") + r.unitParen()}, bills,
		heading{2, l.t("Savings by month", "逐月节省") + r.unitParen()},
		para(fmt.Sprintf(l.t("Each month the three savings add up to the total (A − C)%s.", "每月三项节省之和%s等于合计节省（A − C）。"), r.inYuan()) + r.roundingNote()), saves}
	var notes list
	if len(marks) > 0 {
		notes = append(notes, l.t("† deviation penalty in the month (in C₂, so the saving is that much lower): ", "† 当月有偏差考核费用（计入 C₂，节省相应减少）：")+strings.Join(marks, l.t("; ", "；")))
	}
	if interval {
		notes = append(notes, l.t("* usage from interval data (load profiles)", "* 用电量由负荷曲线汇总"))
	}
	for _, n := range notes {
		out = append(out, para(n))
	}
	return out
}

// ---- plans

func (r *rep) plans() []block {
	l, c := r.l, r.c
	out := []block{heading{2, l.t("Basic-charge plans", "基本电费方案") + r.unitParen()}}
	for _, x := range []struct {
		key string
		p   settlement.Plan
	}{{"A", c.PlanA}, {"B", c.PlanB}} {
		how := l.t("stated by the plant", "用户申报")
		if x.p.Optimised {
			how = l.t("cheapest with hindsight: the best the rules allow with perfect foresight of demand, so the plant would pay no less",
				"事后最优：假定事先知道各月需量，是规则允许的最低费用，企业实际支付不会低于此数")
		}
		out = append(out, para(fmt.Sprintf(l.t("Plan %s — %s (%s), %s:", "方案 %s：按%[3]s（%[2]s），%[4]s。"), x.key, x.p.Rules, x.p.Document, how)))
		t := table{head: []string{l.t("Months", "月份"), l.t("Method", "计费方式"), l.t("Contract (kW)", "合同需量（千瓦）"), l.t("Basic charge", "基本电费")},
			right: []bool{false, false, true, true}, bold: map[int]bool{}}
		for _, pp := range x.p.Periods {
			ck := "—"
			if pp.Method == tariff.MethodContractDemand {
				ck = qty(pp.ContractKW)
			}
			t.rows = append(t.rows, []string{l.span(pp.From, pp.To), l.method(pp.Method), ck, r.amt(pp.Charge)})
		}
		t.bold[len(t.rows)] = true
		t.rows = append(t.rows, []string{l.t("Total", "合计"), "", "", r.amt(x.p.Total)})
		out = append(out, t)
	}
	return out
}

// ---- range in detail

// rangeDetail is the sensitivity table, the open points and the MEDIUM
// weights in full.
func (r *rep) rangeDetail() []block {
	c := r.c
	if !c.Estimated {
		return nil
	}
	l, sc := r.l, r.sc()
	u := r.unit()
	pn := l.priceName(sc)
	st := table{head: []string{l.t("Δ (元/kWh)", "变动（元/kWh）"), capital(l, pn) + l.t(" (元/kWh)", "（元/kWh）"), "C₂", "B − C₂", l.t("Total saving", "合计节省")},
		right: []bool{true, true, true, true, true}, bold: map[int]bool{}}
	for _, v := range c.Sensitivity {
		if v.Delta.IsZero() {
			st.bold[len(st.rows)] = true
		}
		st.rows = append(st.rows, []string{signedPrice(v.Delta), settlement.Price(v.Value), r.amt(v.C2), r.amt(v.L2), r.amt(v.Saving)})
	}
	out := []block{heading{2, fmt.Sprintf(l.t("How the saving moves with the %s (%s)", "节省随%s的变动（%s）"), pn, u)},
		para(fmt.Sprintf(l.t("Every month's %s moved by Δ; every bill settled again. Break-even price of %s alone (C₂ = B): %s",
			"各月%s同时变动 Δ，全部账单重新结算。%s盈亏平衡价格（C₂ = B）：%s"), pn, strings.TrimPrefix(l.lever(sc, "L2"), "L2 "), breakEvenText(l, r.c))), st}

	out = append(out, heading{2, l.t("Readings not settled by the documents", "文件未明确、可有不同理解的规定")})
	if len(c.OpenPoints) == 0 {
		out = append(out, para(l.t("None changes this scenario's saving.", "没有影响本情景节省的此类规定。")))
	} else {
		var ls list
		for _, v := range c.OpenPoints {
			ls = append(ls, fmt.Sprintf(l.t("%s: saving %s %s (%s)", "%s："+r.period()+"节省 %s %s（变动 %s）"), capital(l, l.t(v.EN, v.ZH)), r.amt(v.Saving), u, r.signedAmt(v.Change)))
		}
		out = append(out, ls)
	}

	out = append(out, heading{2, fmt.Sprintf(l.t("Weight of MEDIUM-confidence values (%s)", "中等可信度数值的影响（%s）"), u)})
	if len(c.MediumWeights) == 0 {
		out = append(out, para(l.t("No MEDIUM-confidence number is used.", "未使用中等可信度的数值。")))
		return out
	}
	out = append(out, para(l.t("Each value alone 1 % higher, every bill settled again; largest change first.", "每次只将一个数值提高 1%，全部账单重新结算；按影响从大到小排列。")))
	wt := table{head: []string{l.t("Table", "电价表"), l.t("Value", "数值"), l.t("+1 %", "提高 1%"), l.t("Change of saving", "节省变动")},
		right: []bool{false, false, true, true}}
	for _, v := range c.MediumWeights {
		zh, en := tariff.PathLabel(r.kindOf(v.Table), v.Path)
		wt.rows = append(wt.rows, []string{v.Table, l.t(en, zh), v.From + " → " + v.To, r.signedAmt(v.Change)})
	}
	return append(out, wt)
}

// ---- itemised bills

// billBlock itemises one bill with the basis of every line (always in 元:
// a bill is to the fen).
func (r *rep) billBlock(key string, b settlement.Bill) []block {
	l, sc := r.l, r.sc()
	out := []block{heading{3, fmt.Sprintf(l.t("%s — %s — total %s 元", "%s——%s——合计 %s 元"), l.arrangement(sc, key), l.month(b.Month), money(b.Total))}}
	t := table{head: []string{l.t("Line", "项目"), l.t("Quantity", "数量"), l.t("Unit", "单位"), l.t("Unit price", "单价"), l.t("Amount (元)", "金额（元）")},
		right: []bool{false, true, false, true, true}, bold: map[int]bool{}}
	var basis list
	for _, ln := range b.Lines {
		label := l.t(ln.LabelEN, ln.LabelZH)
		q, unit, price := qty(ln.Quantity), ln.Unit, settlement.Price(ln.UnitPrice)
		if ln.Code == tariff.LinePowerFactor {
			q, unit, price = money(ln.Quantity), l.t("元 (base)", "元（基数）"), ln.UnitPrice.String()+" %"
		}
		t.rows = append(t.rows, []string{label, q, unit, price, money(ln.Amount)})
		clause := l.t(ln.Clause, ln.ClauseZH)
		if ln.Code == tariff.LinePowerFactor {
			clause = r.pfClause(b, clause)
		}
		bs := label + l.t(": ", "：") + clause
		var items []string
		for _, it := range ln.Items {
			items = append(items, l.t(it.Name(), it.NameZH())+" "+groupNumbers(it.Value))
		}
		if len(items) > 0 {
			bs += l.t("; ", "；") + strings.Join(items, l.t("; ", "；"))
		}
		if len(ln.Tables) > 0 {
			bs += l.t(" [", "（依据 ") + strings.Join(ln.Tables, l.t(", ", "、")) + l.t("]", "）")
		}
		basis = append(basis, bs)
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{l.t("Total", "合计"), "", "", "", money(b.Total)})
	pf := l.t("No power-factor adjustment (no energy).", "无功率因数调整（无用电量）。")
	if b.PFApplied {
		pf = fmt.Sprintf(l.t("Power factor %s (%s kWh, %s kvarh) against the standard %s: %s %% of %s 元.",
			"功率因数 %s（%s kWh，%s kvarh），考核标准 %s：按计算基数 %[6]s 元的 %[5]s%% 调整。"),
			b.PF.StringFixed(2), qty(b.PFKWh), qty(b.PFKVarh), l.pfStandard(b.PFStandard), b.PFPercent, money(b.PFBase))
	}
	bi := &b
	doc := bi.RulesDocument
	if doc == "" {
		doc = bi.Rules
	}
	rules := fmt.Sprintf(l.t(" Basic charge %s under %s", "基本电费%s计收，依据%s"), l.method(bi.Method), l.t(bi.Rules, doc))
	if bi.Method == tariff.MethodContractDemand {
		rules += fmt.Sprintf(l.t("; contract %s kW, billed on %s kW, actual %s kW; demand over 105 %% of the contract billed as %s",
			"；合同需量 %s kW，计费需量 %s kW，实际需量 %s kW；超过合同需量105%%的部分按 %s 计收"),
			qty(bi.ContractKW), qty(bi.BilledKW), qty(bi.DemandKW), l.t(bi.Reading.LabelEN(), bi.Reading.LabelZH()))
	}
	if bi.Discount {
		rules += l.t("; high-utilisation discount", "；按高负荷率优惠价")
	}
	if bi.Counterfactual {
		rules += r.counterfactualNote(b)
	}
	out = append(out, t, para(pf+rules+l.t(".", "。")), para(l.t("Basis of each line:", "各项依据：")), basis)
	return out
}

// counterfactualNote says in brackets under which provisions a
// counterfactual bill's basic charge is billed: those of its rule set as they
// were before a later rule set changed how the basic charge is billed (the
// 1996 rules stay in force; 1583号 changed the billing from 2016-07-01), or
// provisions that applied only later.
func (r *rep) counterfactualNote(b settlement.Bill) string {
	l := r.l
	h, ok := r.headerOf(b.Rules)
	if !ok {
		return l.t(" (provisions that did not apply that month: a counterfactual by design)", "（当月不适用的规定，为有意设置的对比情形）")
	}
	d := b.Month.First()
	if d.Before(h.From) {
		return fmt.Sprintf(l.t(" (provisions that apply only from %s: a counterfactual by design)", "（该规定自%s起才适用，为有意设置的对比情形）"), l.t(h.From.String(), h.From.StringZH()))
	}
	later := [2]string{"later provisions", "后续规定"}
	if t, err := r.set.BasicRules(r.sc().Customer.Region, d, ""); err == nil && t.Head().ID != h.ID {
		later = [2]string{t.Head().Document, t.Head().Document}
	}
	return fmt.Sprintf(l.t(" (the provisions as they were before %s changed them on %s: a counterfactual by design)", "（自%s起基本电费计费方式已按%s调整，本账单按调整前的规定计算，为有意设置的对比情形）"),
		l.t(later[0], h.To.StringZH()), l.t(h.To.String(), later[1]))
}

// pfClause is the basis of the power-factor line naming only the lines of
// this bill that are in the base (the table's clause lists every line kind
// the base can hold); clause, the line's own, when the table is not found.
func (r *rep) pfClause(b settlement.Bill, clause string) string {
	l := r.l
	std, err := decimal.NewFromString(string(b.PFStandard))
	if err != nil || r.set == nil {
		return clause
	}
	t, err := r.set.PowerFactor(r.sc().Customer.Region, std, b.Month.First())
	if err != nil || t.Head().ID != b.PFTable {
		return clause
	}
	var names []string
	seen := map[tariff.LineCode]bool{}
	for _, ln := range b.Lines {
		if t.InBase(ln.Code) && !seen[ln.Code] {
			seen[ln.Code] = true
			names = append(names, l.t(ln.Code.LabelEN(), ln.Code.LabelZH()))
		}
	}
	if len(names) == 0 {
		return clause
	}
	return l.t("percent for the power factor against the standard × the base ("+strings.Join(names, ", ")+")",
		"按功率因数与考核标准查得的调整百分比 × 计算基数（"+strings.Join(names, "、")+"）")
}

// groupNumbers puts thousands separators into every whole number of five or
// more digits in a basis item's value ("T1 125000 kVA (30/30)" → "125,000
// kVA"), as the tables print them; digits after a decimal point, and digits
// joined to letters, are left alone.
func groupNumbers(s string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		run := s[i:j]
		prev := byte(' ')
		if i > 0 {
			prev = s[i-1]
		}
		joined := prev == '.' || prev == ',' || prev == '_' || (prev|0x20 >= 'a' && prev|0x20 <= 'z')
		if len(run) >= 5 && !joined {
			run = textfmt.Group(run)
		}
		b.WriteString(run)
		i = j
	}
	return b.String()
}

func (r *rep) highlight(m tariff.Month) []block {
	l, sc, c := r.l, r.sc(), r.c
	mr := c.Months[indexOf(sc, m)]
	out := []block{heading{2, fmt.Sprintf(l.t("Itemised bills for %s (元)", "%s电费明细（元）"), l.month(m))}}
	if mr.FromIntervals() {
		files := strings.Join(mr.IntervalFiles, l.t(", ", "、"))
		out = append(out, para(l.t("Usage of the month from interval data: "+files+".", "本月用电量由负荷曲线汇总："+files+"。")))
	}
	out = append(out, r.billBlock("A", mr.A)...)
	out = append(out, r.billBlock("B", mr.B)...)
	out = append(out, r.billBlock("C₂", mr.C2)...)
	if sc.Months[indexOf(sc, m)].Captive != nil {
		out = append(out, r.billBlock("C", mr.C)...)
	} else {
		out = append(out, para(l.t("C = C₂ this month (no captive supply).", "本月无自备电厂供电，C 与 C₂ 相同。")))
	}
	return out
}

func indexOf(sc *scenario.Scenario, m tariff.Month) int {
	for i, x := range sc.Months {
		if x.Usage.Month == m {
			return i
		}
	}
	return -1
}

// sideBySide lays one month's bills A, B, C₂, C next to each other, a row per
// line kind.
func (r *rep) sideBySide(m tariff.Month) []block {
	l, c := r.l, r.c
	mr := c.Months[indexOf(c.Scenario, m)]
	bills := []settlement.Bill{mr.A, mr.B, mr.C2, mr.C}
	type key struct {
		code   tariff.LineCode
		period tariff.Period
	}
	var keys []key
	label := map[key]string{}
	amt := map[key][]decimal.Decimal{}
	has := map[key][]bool{}
	for bi, b := range bills {
		for _, ln := range b.Lines {
			k := key{ln.Code, ln.Period}
			if _, ok := amt[k]; !ok {
				keys = append(keys, k)
				amt[k] = make([]decimal.Decimal, 4)
				has[k] = make([]bool, 4)
				label[k] = l.t(ln.LabelEN, ln.LabelZH)
			}
			amt[k][bi] = amt[k][bi].Add(ln.Amount)
			has[k][bi] = true
		}
	}
	t := table{head: []string{l.t("Line", "项目"), "A", "B", "C₂", "C"}, right: []bool{false, true, true, true, true}, bold: map[int]bool{}}
	for _, k := range keys {
		row := []string{label[k]}
		for bi := range bills {
			if has[k][bi] {
				row = append(row, money(amt[k][bi]))
			} else {
				row = append(row, "—") // the bill has no such line
			}
		}
		t.rows = append(t.rows, row)
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{l.t("Total", "合计"), money(mr.A.Total), money(mr.B.Total), money(mr.C2.Total), money(mr.C.Total)})
	sc := c.Scenario
	s := fmt.Sprintf(l.t("%s %s; %s %s; %s %s; total saving %s 元.", "%s %s 元；%s %s 元；%s %s 元；合计节省 %s 元。"),
		l.lever(sc, "L1"), money(mr.L1), l.lever(sc, "L2"), money(mr.L2), l.lever(sc, "L3"), money(mr.L3), money(mr.Total))
	return []block{heading{2, fmt.Sprintf(l.t("Bills for %s side by side (元)", "%s各方案电费对比（元）"), l.month(m))}, t, para(s)}
}

// ---- sources and warnings

// sources lists every table and rule set used, and where each assumption
// came from.
func (r *rep) sources() []block {
	l := r.l
	var ls list
	for _, s := range r.c.Sources {
		rng := s.Range
		if h, ok := r.headerOf(s.ID); ok {
			rng = l.t(rangeEN(h), h.RangeZH())
		}
		conf := l.t(s.Confidence.LabelEN(), s.Confidence.LabelZH())
		if len(s.Medium) > 0 {
			var ms []string
			for _, p := range s.Medium {
				zh, en := tariff.PathLabel(s.Kind, p)
				ms = append(ms, l.t(en, zh))
			}
			conf += l.t(" (MEDIUM: ", "（其中") + strings.Join(ms, l.t("; ", "、")) + l.t(")", "为中等）")
		}
		ls = append(ls, fmt.Sprintf(l.t("%s — %s: %s, %s; applies %s; confidence %s", "%s：%s，%s，%s；适用期间：%s；可信度%s"),
			s.ID, l.t(s.Kind.LabelEN(), s.Kind.LabelZH()), s.Document, s.Issuer, rng, conf))
	}
	out := []block{heading{2, l.t("Sources: every table and rule set used", "依据：所用的全部电价表和规则")}, ls}
	if r.c.Estimated {
		var as list
		for _, a := range r.c.Assumptions {
			as = append(as, l.t(a.Code.LabelEN(), a.Code.LabelZH())+l.t(": ", "：")+r.originText(a))
		}
		out = append(out, para(l.t("Where each assumption comes from:", "各项假设的出处：")), as)
	}
	out = append(out, para(l.t("Policy: ", "政策：")+l.t("辽宁省人民政府办公厅, 2016-10-21, implementation plan for the non-ferrous metals industry, item 三（九）完善用电政策: direct purchase at the NDRC-approved T&D tariff, reformed basic-charge methods (发改办价格〔2016〕1583号), direct trading by captive plants that pay their levies.",
		"辽宁省人民政府办公厅2016年10月21日《辽宁省营造良好市场环境促进有色金属工业调结构促转型增效益实施方案》三（九）完善用电政策：按国家发展改革委核定的输配电价直购电、调整基本电费计费方法（发改办价格〔2016〕1583号）、自备电厂履行社会责任后开展直接交易。")))
	sc := r.sc()
	if notes := l.t(sc.Notes, sc.NotesZH); notes != "" {
		out = append(out, para(l.t("Scenario notes: ", "情景说明：")+notes))
	}
	return out
}

// rangeEN formats a table's effective range for English readers:
// "2016-01-01 to 2017-06-30", "from 1983-12-02".
func rangeEN(h tariff.Header) string {
	if h.To.IsZero() {
		return "from " + h.From.String()
	}
	return h.From.String() + " to " + h.To.AddDays(-1).String()
}

// originText says where an assumption came from: the file, in both
// languages (the JSON report's origin adds the field path, the scenario
// file's own key).
func (r *rep) originText(a scenario.Assumption) string {
	sc := r.sc()
	if a.Code == scenario.AssumptionVATBasis {
		return r.l.t(a.Origin, "本程序的 README §4.1")
	}
	if a.Field != "" {
		return r.l.t("scenario file ", "情景文件 ") + sc.File
	}
	return a.Origin
}

func (r *rep) warnings() []block {
	l := r.l
	var ws list
	for _, w := range r.c.Warnings {
		ws = append(ws, l.warning(w))
	}
	if len(ws) == 0 {
		ws = list{l.t("none", "无")}
	}
	return []block{heading{2, l.t("Warnings", "提示")}, ws}
}

// pfStandard names a power-factor standard: the number, or none (exempt).
func (l lang) pfStandard(s settlement.PFStandard) string {
	if s == settlement.PFExempt {
		return l.t("none (exempt)", "不考核（免于功率因数调整）")
	}
	return string(s)
}
