package main

import (
	"fmt"
	"strings"

	"github.com/dianfei/dianfei/settlement/scenario"

	"github.com/dianfei/dianfei/settlement"
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

func (l lang) arrangement(sc *scenario.Scenario, key string) string {
	if sc.Structure == tariff.Structure2023 {
		switch key {
		case "A":
			return l.t("A: agency purchase, stated basic-charge choice", "A：电网代理购电，用户申报的基本电费方式")
		case "B":
			return l.t("B: agency purchase, cheapest plan under the rules in force", "B：电网代理购电，现行规则下最省的基本电费方案")
		case "C₂":
			return l.t("C₂: market purchase", "C₂：市场化购电")
		}
		return l.t("C: market purchase with captive supply", "C：市场化购电加自备电厂供电")
	}
	switch key {
	case "A":
		return l.t("A: catalog tariff, 1996 basic-charge rules (before measure 9)", "A：目录电价，1996年基本电费规则（措施九之前）")
	case "B":
		return l.t("B: catalog tariff, 1583 basic-charge rules (lever 1)", "B：目录电价，1583号文基本电费规则（杠杆一）")
	case "C₂":
		return l.t("C₂: direct trading at the T&D tariff (lever 2)", "C₂：按输配电价直接交易（杠杆二）")
	}
	return l.t("C: captive plant trading after paying its levies (lever 3)", "C：自备电厂履行社会责任后参与交易（杠杆三）")
}

func monthSpan(sc *scenario.Scenario) string {
	ms := sc.MonthList()
	return fmt.Sprintf("%s … %s", ms[0], ms[len(ms)-1])
}

// header is the title, the scenario and the plant.
func header(l lang, c *scenario.Comparison, source string) []block {
	sc := c.Scenario
	title := sc.Title
	if title == "" {
		title = sc.Name
	}
	cu := sc.Customer
	kva := decimal.Zero
	for _, u := range cu.Units {
		kva = kva.Add(u.KVA)
	}
	var feeders []string
	if len(sc.Months) > 0 {
		for _, d := range sc.Months[0].Usage.Demand {
			feeders = append(feeders, d.Feeder)
		}
	}
	out := []block{
		heading{1, l.t("Measure 9 savings: ", "措施九节省测算：") + title},
		para(l.t("Scenario: ", "情景：") + sc.Name + " (" + source + ")" + l.t("; months ", "；月份 ") + monthSpan(sc) +
			fmt.Sprintf(l.t(" (%d); bill structure %s", "（%d 个月）；电费结构 %s"), len(sc.Months), sc.Structure)),
		para(l.t("Plant: ", "用户：") + strings.TrimSpace(cu.Name+" "+cu.ID) + fmt.Sprintf(l.t("; %s, class %s, %s kV; %s kVA in %d units; feeders %s; power-factor standard %s",
			"；%s，用电类别 %s，%s kV；%s kVA，%d 台设备；出线 %s；功率因数考核标准 %s"),
			cu.Region, cu.Class, cu.VoltageKV, qty(kva), len(cu.Units), strings.Join(feeders, ", "), l.pfStandard(cu.PFStandard))),
		para(l.t("Policy: 辽宁省人民政府办公厅 2016-10-21, implementation plan for the non-ferrous metals industry, measure 三（九）完善用电政策: direct purchase at the NDRC-approved T&D tariff, reformed basic-charge methods (发改办价格〔2016〕1583号), direct trading by captive plants that pay their levies.",
			"政策：辽宁省人民政府办公厅 2016年10月21日《辽宁省营造良好市场环境促进有色金属工业调结构促转型增效益实施方案》三（九）完善用电政策：按国家发展改革委核定的输配电价直购电、调整基本电费计费方法（发改办价格〔2016〕1583号）、自备电厂履行社会责任后开展直接交易。")),
	}
	if notes := l.t(sc.Notes, sc.NotesZH); notes != "" {
		out = append(out, para(l.t("Notes: ", "说明：")+notes))
	} else if sc.Notes != "" {
		out = append(out, para(l.t("Notes: ", "说明：")+sc.Notes))
	}
	return out
}

func sourcesBlock(l lang, c *scenario.Comparison) []block {
	t := table{head: []string{l.t("Table", "表"), l.t("Kind", "类型"), l.t("Document", "文件"), l.t("Issuer", "发文机关"), l.t("Effective", "有效期"), l.t("Confidence", "可信度")},
		right: make([]bool, 6)}
	for _, s := range c.Sources {
		conf := strings.ToUpper(string(s.Confidence))
		if len(s.Medium) > 0 {
			conf += l.t(" (MEDIUM: ", "（MEDIUM：") + strings.Join(s.Medium, ", ") + l.t(")", "）")
		}
		t.rows = append(t.rows, []string{s.ID, string(s.Kind), s.Document, s.Issuer, s.Range, conf})
	}
	return []block{heading{2, l.t("Sources: every table and rule set used", "依据：所用的全部表和规则")}, t}
}

func warningsBlock(l lang, c *scenario.Comparison) []block {
	var ws list
	for _, w := range c.Warnings {
		ws = append(ws, "⚠ "+l.warning(w))
	}
	if len(ws) == 0 {
		ws = list{l.t("none", "无")}
	}
	return []block{heading{2, l.t("Warnings", "提示")}, ws}
}

func monthTable(l lang, c *scenario.Comparison) []block {
	t := table{head: []string{l.t("Month", "月份"), "kWh", "A", "B", "C₂", "C", "L1", "L2", "L3", l.t("Total", "合计节省")},
		right: []bool{false, true, true, true, true, true, true, true, true, true}, bold: map[int]bool{}}
	interval := false
	for _, m := range c.Months {
		label := m.Month.String()
		if m.FromIntervals() {
			label += " *"
			interval = true
		}
		t.rows = append(t.rows, []string{label, qty(m.KWh), money(m.A.Total), money(m.B.Total), money(m.C2.Total), money(m.C.Total),
			money(m.L1), money(m.L2), money(m.L3), money(m.Total)})
	}
	a := c.Annual
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{l.t("Year", "全年"), qty(a.KWh), money(a.A), money(a.B), money(a.C2), money(a.C), money(a.L1), money(a.L2), money(a.L3), money(a.Total)})
	out := []block{heading{2, l.t("Month by month (元)", "逐月对比（元）")},
		para(l.t("L1 = A − B (basic-charge methods), L2 = B − C₂ (direct trading), L3 = C₂ − C (captive plant); L1 + L2 + L3 = A − C every month.",
			"L1 = A − B（基本电费方法），L2 = B − C₂（直接交易），L3 = C₂ − C（自备电厂）；每月 L1 + L2 + L3 = A − C。")), t}
	if interval {
		out = append(out, para(l.t("* usage from interval data (load profiles)", "* 用电量来自负荷曲线（分时段读数）")))
	}
	return out
}

func summaryBlock(l lang, c *scenario.Comparison) []block {
	a := c.Annual
	sc := c.Scenario
	t := table{head: []string{l.t("Item", "项目"), l.t("Amount", "金额")}, right: []bool{false, true}}
	add := func(k, v string) { t.rows = append(t.rows, []string{k, v}) }
	add(l.arrangement(sc, "A"), money(a.A))
	add(l.arrangement(sc, "B"), money(a.B))
	add(l.arrangement(sc, "C₂"), money(a.C2))
	add(l.arrangement(sc, "C"), money(a.C))
	add(l.t("L1 basic-charge methods", "L1 基本电费方法"), money(a.L1))
	if sc.Structure == tariff.Structure2023 {
		add(l.t("L2 market purchase", "L2 市场化购电"), money(a.L2))
	} else {
		add(l.t("L2 direct trading", "L2 直接交易"), money(a.L2))
	}
	add(l.t("L3 captive plant", "L3 自备电厂"), money(a.L3))
	add(l.t("Total saving A − C", "合计节省 A − C"), money(a.Total))
	add(l.t("Saving as % of A", "节省占 A 的比例"), a.SavingPercent.StringFixed(2)+" %")
	add(l.t("Saving per kWh consumed", "每千瓦时节省"), a.SavingPerKWh.StringFixed(4)+" 元/kWh")
	out := []block{heading{2, l.t("Annual summary (元)", "全年汇总（元）")}, t,
		para(l.t("Break-even traded price: ", "盈亏平衡交易价格：") + breakEvenText(l, c.BreakEven, sc))}
	if sc.Structure == tariff.Structure2023 {
		out[len(out)-1] = para(l.t("Break-even market price: ", "盈亏平衡市场价格：") + breakEvenText(l, c.BreakEven, sc))
	}
	return out
}

func breakEvenText(l lang, be scenario.BreakEven, sc *scenario.Scenario) string {
	basis := l.t(be.MaxBasis.LabelEN(), be.MaxBasis.LabelZH())
	switch {
	case !be.Price.Valid:
		return l.t("none: "+be.EN, "无："+be.ZH)
	case be.AtLeastMax:
		return fmt.Sprintf(l.t("≥ %s 元/kWh (P_max, the %s): C₂ ≤ B at every price up to it", "≥ %s 元/kWh（P_max，%s）：此前任何价格下 C₂ ≤ B"), settlement.Price(be.Max), basis)
	}
	return fmt.Sprintf(l.t("%s 元/kWh (largest price on the 0.0001 grid with annual C₂ ≤ B; truncated; P_max %s, the %s)", "%s 元/kWh（0.0001 网格上全年 C₂ ≤ B 的最高价格，截断；P_max %s，%s）"),
		settlement.Price(be.Price.Decimal), settlement.Price(be.Max), basis)
}

func plansBlock(l lang, c *scenario.Comparison) []block {
	out := []block{heading{2, l.t("Basic-charge plans", "基本电费方案")}}
	for _, x := range []struct {
		key string
		p   settlement.Plan
	}{{"A", c.PlanA}, {"B", c.PlanB}} {
		how := l.t("stated by the plant", "用户申报")
		if x.p.Optimised {
			how = l.t("optimised: the best the rules allow with hindsight (perfect foresight of demand; a lower bound on what the plant would pay)",
				"优化求得：事后看规则允许的最优方案（假定预知需量；为实际支付的下限）")
		}
		out = append(out, para(fmt.Sprintf("%s — %s (%s), %s", x.key, x.p.Rules, x.p.Document, how)))
		t := table{head: []string{l.t("Months", "月份"), l.t("Method", "方式"), l.t("Contract kW", "合同需量 kW"), l.t("Basic charge", "基本电费")},
			right: []bool{false, false, true, true}, bold: map[int]bool{}}
		for _, pp := range x.p.Periods {
			span := pp.From.String()
			if pp.To != pp.From {
				span += " … " + pp.To.String()
			}
			ck := "—"
			if pp.Method == tariff.MethodContractDemand {
				ck = qty(pp.ContractKW)
			}
			t.rows = append(t.rows, []string{span, l.method(pp.Method), ck, money(pp.Charge)})
		}
		t.bold[len(t.rows)] = true
		t.rows = append(t.rows, []string{l.t("Total", "合计"), "", "", money(x.p.Total)})
		out = append(out, t)
	}
	return out
}

// billBlock itemises one bill with the basis of every line.
func billBlock(l lang, sc *scenario.Scenario, key string, b settlement.Bill) []block {
	out := []block{heading{3, fmt.Sprintf("%s — %s — %s: %s", l.arrangement(sc, key), b.Month, l.t("total", "合计"), money(b.Total))}}
	t := table{head: []string{l.t("Line", "项目"), l.t("Quantity", "数量"), l.t("Unit", "单位"), l.t("Unit price", "单价"), l.t("Amount", "金额")},
		right: []bool{false, true, false, true, true}, bold: map[int]bool{}}
	var basis list
	for _, ln := range b.Lines {
		label := l.t(ln.LabelEN, ln.LabelZH)
		q, unit, price := qty(ln.Quantity), ln.Unit, settlement.Price(ln.UnitPrice)
		if ln.Code == tariff.LinePowerFactor {
			q, unit, price = money(ln.Quantity), l.t("元 (base)", "元（基数）"), ln.UnitPrice.String()+" %"
		}
		t.rows = append(t.rows, []string{label, q, unit, price, money(ln.Amount)})
		bs := label + l.t(": ", "：") + l.t(ln.Basis.Clause, ln.Basis.ClauseZH)
		if len(ln.Basis.Tables) > 0 {
			bs += " [" + strings.Join(ln.Basis.Tables, ", ") + "]"
		}
		var items []string
		for _, it := range ln.Basis.Items {
			items = append(items, l.t(it.Name(), it.NameZH())+" "+it.Value)
		}
		if len(items) > 0 {
			bs += "; " + strings.Join(items, "; ")
		}
		basis = append(basis, bs)
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{l.t("Total", "合计"), "", "", "", money(b.Total)})
	pf := l.t("no power-factor adjustment (no energy)", "无功率因数调整（无电量）")
	switch {
	case b.PowerFactor.Standard == settlement.PFExempt:
		pf = l.t("no power-factor adjustment: the plant's standard is none (exempt)", "不计功率因数调整电费：用户的考核标准为“不考核”")
	case b.PowerFactor.Applied:
		pf = fmt.Sprintf(l.t("PF %s (%s kWh, %s kvarh) against standard %s: %s %% of %s", "功率因数 %s（%s kWh，%s kvarh），考核标准 %s：基数 %[6]s 的 %[5]s %%"),
			b.PowerFactor.Value.StringFixed(2), qty(b.PowerFactor.KWh), qty(b.PowerFactor.KVarh), string(b.PowerFactor.Standard), b.PowerFactor.Percent, money(b.PowerFactor.Base))
	}
	bi := b.Basic
	rules := fmt.Sprintf(l.t("Basic charge %s under %s, reading (%s)", "基本电费%s，规则 %s，超需量读法 (%s)"), l.method(bi.Method), bi.Rules, bi.Reading)
	if bi.Method == tariff.MethodContractDemand {
		rules += fmt.Sprintf(l.t("; contract %s kW, billed from %s kW, actual %s kW", "；合同 %s kW，计费起点 %s kW，实际 %s kW"), qty(bi.ContractKW), qty(bi.BilledKW), qty(bi.DemandKW))
	}
	if bi.Discount {
		rules += l.t("; high-utilisation discount", "；高负荷率优惠")
	}
	if bi.Counterfactual {
		rules += l.t(" (counterfactual: not in force that month)", "（反事实：该规则当月不生效）")
	}
	out = append(out, t, para(pf+l.t(". ", "。")+rules+l.t(".", "。")), para(l.t("Basis of each line:", "各项依据：")), basis)
	return out
}

func highlightBlock(l lang, c *scenario.Comparison, m tariff.Month) []block {
	var mr scenario.MonthResult
	for _, x := range c.Months {
		if x.Month == m {
			mr = x
		}
	}
	sc := c.Scenario
	out := []block{heading{2, fmt.Sprintf(l.t("Itemised bills for %s", "%s 电费明细"), m)}}
	if mr.FromIntervals() {
		files := strings.Join(mr.IntervalFiles, ", ")
		out = append(out, para(l.t("Usage of the month: ", "本月用电量：")+l.t("interval data: "+files, "负荷曲线数据："+files)))
	}
	out = append(out, billBlock(l, sc, "A", mr.A)...)
	out = append(out, billBlock(l, sc, "B", mr.B)...)
	out = append(out, billBlock(l, sc, "C₂", mr.C2)...)
	if sc.Months[indexOf(sc, m)].Captive != nil {
		out = append(out, billBlock(l, sc, "C", mr.C)...)
	} else {
		out = append(out, para(l.t("C = C₂ this month (no captive supply).", "本月 C = C₂（无自备电厂供电）。")))
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
func sideBySide(l lang, c *scenario.Comparison, m tariff.Month) []block {
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
		r := []string{label[k]}
		for bi := range bills {
			if has[k][bi] {
				r = append(r, money(amt[k][bi]))
			} else {
				r = append(r, "—") // the bill has no such line
			}
		}
		t.rows = append(t.rows, r)
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{l.t("Total", "合计"), money(mr.A.Total), money(mr.B.Total), money(mr.C2.Total), money(mr.C.Total)})
	s := fmt.Sprintf("L1 %s; L2 %s; L3 %s; %s %s", money(mr.L1), money(mr.L2), money(mr.L3), l.t("total saving", "合计节省"), money(mr.Total))
	return []block{heading{2, fmt.Sprintf(l.t("Bills for %s side by side (元)", "%s 各方案电费对比（元）"), m)}, t, para(s)}
}

func reasonsBlock(l lang, c *scenario.Comparison) []block {
	if len(c.Reasons) == 0 {
		return nil
	}
	var ls list
	for _, r := range c.Reasons {
		ls = append(ls, r.Lever()+": "+l.t(r.LabelEN(), r.LabelZH()))
	}
	return []block{heading{2, l.t("Why a lever saves nothing", "杠杆未带来节省的原因")}, ls}
}

// fullReport is the finance report of a comparison.
func fullReport(l lang, c *scenario.Comparison, e *scenario.Estimate, source string) []block {
	var bs []block
	bs = append(bs, header(l, c, source)...)
	bs = append(bs, sourcesBlock(l, c)...)
	bs = append(bs, warningsBlock(l, c)...)
	bs = append(bs, monthTable(l, c)...)
	bs = append(bs, summaryBlock(l, c)...)
	bs = append(bs, plansBlock(l, c)...)
	bs = append(bs, highlightBlock(l, c, c.Scenario.Highlight)...)
	bs = append(bs, reasonsBlock(l, c)...)
	bs = append(bs, estimateBlocks(l, e)...)
	return bs
}

// monthReport is one month's bills side by side, itemised.
func monthReport(l lang, c *scenario.Comparison, source string, m tariff.Month) []block {
	var bs []block
	bs = append(bs, header(l, c, source)...)
	bs = append(bs, sourcesBlock(l, c)...)
	bs = append(bs, warningsBlock(l, c)...)
	bs = append(bs, sideBySide(l, c, m)...)
	bs = append(bs, highlightBlock(l, c, m)...)
	return bs
}

// pfStandard names a power-factor standard: the number, or none (exempt).
func (l lang) pfStandard(s settlement.PFStandard) string {
	if s == settlement.PFExempt {
		return l.t("none (exempt)", "不考核（免于功率因数调整）")
	}
	return string(s)
}
