package main

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The estimate of README §4.1 in the text and Markdown reports, in a plain
// form (the report's layout is redesigned separately), and in the JSON.

// estimateBlocks are the estimate's blocks: assumptions, the bridge (annual,
// then by month for each lever that is not zero), the sensitivity, the open
// points, the MEDIUM weights and the negative levers.
func estimateBlocks(l lang, e *scenario.Estimate) []block {
	if e == nil {
		return nil
	}
	c := e.Comparison
	sc := c.Scenario
	var out []block

	at := table{head: []string{l.t("Assumption", "假设"), l.t("Value", "取值"), l.t("Origin", "来源")}, right: make([]bool, 3)}
	for _, a := range e.Assumptions {
		at.rows = append(at.rows, []string{l.t(a.Code.LabelEN(), a.Code.LabelZH()), l.t(a.EN, a.ZH), a.Origin})
	}
	out = append(out, heading{2, l.t("Assumptions: what the saving rests on", "假设：节省测算的前提")}, at)

	year := yearBridge(e)
	sub := e.EnergyWithTND[len(e.EnergyWithTND)-1]
	bt := table{head: []string{l.t("Line group", "分组"), "L1 = A − B", "L2 = B − C₂", "L3 = C₂ − C", l.t("Saving A − C", "合计节省 A − C")},
		right: []bool{false, true, true, true, true}, bold: map[int]bool{}}
	for _, b := range year {
		bt.rows = append(bt.rows, bridgeCells(l.t(b.Group.LabelEN(), b.Group.LabelZH()), b))
		if b.Group == tariff.LineGroupTND {
			bt.rows = append(bt.rows, bridgeCells(l.t("  subtotal: ", "  小计：")+l.t(sub.Group.LabelEN(), sub.Group.LabelZH()), sub))
		}
	}
	an := c.Annual
	bt.bold[len(bt.rows)] = true
	bt.rows = append(bt.rows, []string{l.t("Levers (the groups added up)", "杠杆（各分组之和）"), money(an.L1), money(an.L2), money(an.L3), money(an.Total)})
	out = append(out, heading{2, l.t("Bridge: each lever by line group, year (元)", "节省构成：各杠杆按分组（全年，元）")},
		para(l.t("Each group = the sum of its lines in the earlier bill − the sum in the later bill; the groups add up to the lever exactly.",
			"每个分组 = 前一方案账单中该组各行之和 − 后一方案账单中该组各行之和；各分组相加恰好等于杠杆。")), bt)
	for _, lever := range []struct {
		name string
		v    decimal.Decimal
		of   func(scenario.Bridge) decimal.Decimal
	}{{"L1", an.L1, func(b scenario.Bridge) decimal.Decimal { return b.L1 }}, {"L2", an.L2, func(b scenario.Bridge) decimal.Decimal { return b.L2 }},
		{"L3", an.L3, func(b scenario.Bridge) decimal.Decimal { return b.L3 }}} {
		var groups []tariff.LineGroup
		for _, b := range year {
			if !lever.of(b).IsZero() {
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
		head = append(head, l.t(sub.Group.LabelEN(), sub.Group.LabelZH()), lever.name)
		mt := table{head: head, right: make([]bool, len(head)), bold: map[int]bool{}}
		for i := 1; i < len(head); i++ {
			mt.right[i] = true
		}
		n := len(tariff.LineGroups())
		for i, mr := range c.Months {
			row := []string{mr.Month.String()}
			for _, g := range groups {
				row = append(row, money(lever.of(e.Bridge[i*n+slicesIndex(g)])))
			}
			row = append(row, money(lever.of(e.EnergyWithTND[i])), money(lever.of(monthLevers(mr))))
			mt.rows = append(mt.rows, row)
		}
		row := []string{l.t("Year", "全年")}
		for _, g := range groups {
			row = append(row, money(lever.of(year[slicesIndex(g)])))
		}
		row = append(row, money(lever.of(sub)), money(lever.v))
		mt.bold[len(mt.rows)] = true
		mt.rows = append(mt.rows, row)
		out = append(out, heading{3, l.t("Bridge of ", "节省构成：") + lever.name + l.t(" by month (元)", " 逐月（元）")}, mt)
	}

	priceName := l.t("Traded price", "交易价格")
	if sc.Structure == tariff.Structure2023 {
		priceName = l.t("Market price", "市场价格")
	}
	st := table{head: []string{"Δ (元/kWh)", priceName + " (元/kWh)", l.t("Annual C₂", "全年 C₂"), l.t("Annual L2", "全年 L2"), l.t("Saving A − C", "合计节省 A − C")},
		right: []bool{true, true, true, true, true}, bold: map[int]bool{}}
	for _, v := range e.Sensitivity {
		if v.Delta.IsZero() {
			st.bold[len(st.rows)] = true
		}
		st.rows = append(st.rows, []string{signedPrice(v.Delta), settlement.Price(v.Value), money(v.C2), money(v.L2), money(v.Saving)})
	}
	out = append(out, heading{2, l.t("Traded-price sensitivity (every month's price moved by Δ; whole bills)", "交易价格敏感性（各月价格同时变动 Δ，整张账单重算）")}, st,
		para(l.t("Break-even: ", "盈亏平衡：")+breakEvenText(l, c.BreakEven, sc)))

	out = append(out, heading{2, l.t("Open points sized (README §7)", "未定事项的影响（README §7）")})
	if len(e.OpenPoints) == 0 {
		out = append(out, para(l.t("none changes this scenario", "没有影响本情景的未定事项")))
	} else {
		ot := table{head: []string{l.t("Alternative reading", "另一种理解"), l.t("Saving A − C", "合计节省 A − C"), l.t("Change", "变化")}, right: []bool{false, true, true}}
		for _, v := range e.OpenPoints {
			ot.rows = append(ot.rows, []string{l.t(v.EN, v.ZH), money(v.Saving), money(v.Change)})
		}
		out = append(out, ot)
	}

	out = append(out, heading{2, l.t("Weight of MEDIUM values (each alone 1 % higher; whole bills)", "中等可信度数值的影响（单独提高 1%，整张账单重算）")})
	if len(e.MediumWeights) == 0 {
		out = append(out, para(l.t("no MEDIUM numeric value used", "未使用中等可信度数值")))
	} else {
		wt := table{head: []string{l.t("Table", "表"), l.t("Value path", "数值路径"), l.t("Value (+1 %)", "取值（+1%）"), l.t("Saving A − C", "合计节省 A − C"), l.t("Change", "变化")},
			right: []bool{false, false, true, true, true}}
		for _, v := range e.MediumWeights {
			wt.rows = append(wt.rows, []string{v.Table, v.Path, v.From + " → " + v.To, money(v.Saving), money(v.Change)})
		}
		out = append(out, wt)
	}

	out = append(out, heading{2, l.t("Why a lever is negative", "杠杆为负的原因")})
	var nl list
	for _, x := range e.NegativeLevers {
		nl = append(nl, l.t(x.EN, x.ZH))
	}
	if len(nl) == 0 {
		nl = list{l.t("no lever is negative in any month", "没有杠杆在任何月份为负")}
	}
	return append(out, nl)
}

// yearBridge is the bridge's rows for the year.
func yearBridge(e *scenario.Estimate) []scenario.Bridge {
	return e.Bridge[len(e.Bridge)-len(tariff.LineGroups()):]
}

func slicesIndex(g tariff.LineGroup) int {
	for i, x := range tariff.LineGroups() {
		if x == g {
			return i
		}
	}
	return -1
}

func monthLevers(mr scenario.MonthResult) scenario.Bridge {
	return scenario.Bridge{Month: mr.Month, L1: mr.L1, L2: mr.L2, L3: mr.L3, Total: mr.Total}
}

func bridgeCells(label string, b scenario.Bridge) []string {
	return []string{label, money(b.L1), money(b.L2), money(b.L3), money(b.Total)}
}

func signedPrice(d decimal.Decimal) string {
	s := d.StringFixed(4)
	if d.IsPositive() {
		s = "+" + s
	}
	return s
}

// The estimate's JSON blocks (schema dianfei.savings/v2).

type jsonAssumption struct {
	Code    string `json:"code"`
	LabelZH string `json:"label_zh"`
	LabelEN string `json:"label_en"`
	Value   string `json:"value"`
	Origin  string `json:"origin"`
	ZH      string `json:"zh"`
	EN      string `json:"en"`
}

type jsonLevers struct {
	L1    string `json:"l1"`
	L2    string `json:"l2"`
	L3    string `json:"l3"`
	Total string `json:"total"`
}

type jsonBridgeGroup struct {
	Group string `json:"group"`
	jsonLevers
}

type jsonBridgeMonth struct {
	Month         string            `json:"month,omitempty"`
	Groups        []jsonBridgeGroup `json:"groups"`
	EnergyWithTND jsonLevers        `json:"energy_with_tnd"`
	Levers        jsonLevers        `json:"levers"`
}

type jsonBridge struct {
	Groups []string          `json:"groups"`
	Months []jsonBridgeMonth `json:"months"`
	Year   jsonBridgeMonth   `json:"year"`
}

type jsonSensPoint struct {
	Delta  string `json:"delta"`
	Price  string `json:"price"`
	C2     string `json:"c2"`
	L2     string `json:"l2"`
	Saving string `json:"saving"`
}

type jsonSensitivity struct {
	Points         []jsonSensPoint `json:"points"`
	BreakEvenPrice *string         `json:"break_even_price"`
}

type jsonVariant struct {
	Table  string `json:"table"`
	Path   string `json:"path"`
	From   string `json:"from"`
	To     string `json:"to"`
	Saving string `json:"saving"`
	Change string `json:"change"`
	ZH     string `json:"zh"`
	EN     string `json:"en"`
}

type jsonNegative struct {
	Month       string `json:"month"`
	Lever       string `json:"lever"`
	Amount      string `json:"amount"`
	Group       string `json:"group"`
	GroupAmount string `json:"group_amount"`
	Rule        string `json:"rule"`
	From        string `json:"from,omitempty"`
	To          string `json:"to,omitempty"`
	ZH          string `json:"zh"`
	EN          string `json:"en"`
}

func levers(b scenario.Bridge) jsonLevers {
	m := settlement.Money
	return jsonLevers{m(b.L1), m(b.L2), m(b.L3), m(b.Total)}
}

// addEstimate fills the report's estimate blocks.
func addEstimate(r *jsonReport, e *scenario.Estimate) {
	m := settlement.Money
	as := []jsonAssumption{}
	for _, a := range e.Assumptions {
		as = append(as, jsonAssumption{string(a.Code), a.Code.LabelZH(), a.Code.LabelEN(), a.Value, a.Origin, a.ZH, a.EN})
	}
	r.Assumptions = &as
	groups := tariff.LineGroups()
	n := len(groups)
	br := &jsonBridge{}
	for _, g := range groups {
		br.Groups = append(br.Groups, string(g))
	}
	c := e.Comparison
	month := func(i int, lv scenario.Bridge) jsonBridgeMonth {
		jm := jsonBridgeMonth{EnergyWithTND: levers(e.EnergyWithTND[i]), Levers: levers(lv)}
		for _, b := range e.Bridge[i*n : (i+1)*n] {
			jm.Groups = append(jm.Groups, jsonBridgeGroup{string(b.Group), levers(b)})
		}
		return jm
	}
	for i, mr := range c.Months {
		jm := month(i, monthLevers(mr))
		jm.Month = mr.Month.String()
		br.Months = append(br.Months, jm)
	}
	an := c.Annual
	br.Year = month(len(c.Months), scenario.Bridge{L1: an.L1, L2: an.L2, L3: an.L3, Total: an.Total})
	r.Bridge = br
	s := &jsonSensitivity{Points: []jsonSensPoint{}}
	for _, v := range e.Sensitivity {
		s.Points = append(s.Points, jsonSensPoint{v.Delta.StringFixed(4), settlement.Price(v.Value), m(v.C2), m(v.L2), m(v.Saving)})
	}
	if be := c.BreakEven; be.Price.Valid {
		p := settlement.Price(be.Price.Decimal)
		s.BreakEvenPrice = &p
	}
	r.Sensitivity = s
	variants := func(vs []scenario.Variant) *[]jsonVariant {
		out := []jsonVariant{}
		for _, v := range vs {
			out = append(out, jsonVariant{v.Table, v.Path, v.From, v.To, m(v.Saving), m(v.Change), v.ZH, v.EN})
		}
		return &out
	}
	r.OpenPoints = variants(e.OpenPoints)
	r.MediumWeights = variants(e.MediumWeights)
	ns := []jsonNegative{}
	for _, x := range e.NegativeLevers {
		jn := jsonNegative{Month: x.Month.String(), Lever: x.Lever, Amount: m(x.Amount), Group: string(x.Group), GroupAmount: m(x.GroupAmount), Rule: x.Rule, ZH: x.ZH, EN: x.EN}
		if x.Rule != "" {
			jn.From, jn.To = x.From.String(), x.To.String()
		}
		ns = append(ns, jn)
	}
	r.NegativeLevers = &ns
}
