package main

import (
	"fmt"
	"strings"

	"github.com/dianfei/dianfei/settlement/scenario"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// This file is the adapter between the library's comparison and the
// workbook model: every use of settlement and tariff by the workbook is here
// (and in xlsx_views.go).

// Bills sheet columns.
const (
	colMonth = iota
	colArr
	colCode
	colLabel
	colQty
	colUnit
	colDays
	colPrice
	colAmount
	colGroup
	colBasis
)

var billCols = "ABCDEFGHIJK"

func colName(i int) string { return billCols[i : i+1] }

// bookBuilder builds the workbook model of one comparison.
type bookBuilder struct {
	l      lang
	cmp    *scenario.Comparison // with the estimate
	base   *tariff.Set          // the defaults, without the scenario's tables
	set    *tariff.Set
	source scenarioOrigin
	bridge bridgeView
	sens   sensitivityView
	assume []assumption

	wb                                          workbook
	summary, months, bills, bridgeS, sensS, src *wbSheet
	// billTotal[month][k] is the Bills row of the total of bill k (A, B, C₂, C).
	billTotal [][4]int
	yearRow   int // Months sheet row of the year
	firstBill int // first and last data rows of the Bills sheet
	lastBill  int
	monthRows [2]int // first and last month rows of the Months sheet
	waterfall waterfallRef
	sensRows  [2]int // first and last point rows of the Sensitivity sheet
	beRow     int    // Sensitivity row of the break-even marker, 0 when none
}

// waterfallRef locates the waterfall table of the Bridge sheet.
type waterfallRef struct{ header, first, last int }

// buildWorkbook makes the workbook model of a comparison with its estimate
// (scenario.Estimate: the bridge, the sensitivity, the assumptions). set holds the
// tables the comparison used (the defaults with the scenario's own).
func buildWorkbook(l lang, cmp *scenario.Comparison, set *tariff.Set, source scenarioOrigin) (*workbook, error) {
	full, err := set.With(cmp.Scenario.Tables...)
	if err != nil {
		return nil, err
	}
	b := &bookBuilder{l: l, cmp: cmp, base: set, set: full, source: source,
		bridge: bridgeFromEstimate(cmp), sens: sensitivityFromEstimate(cmp), assume: assumptionsFromEstimate(l, cmp)}
	names := []string{l.t("Summary", "汇总"), l.t("Months", "逐月"), l.t("Bills", "电费明细"), l.t("Bridge", "节省构成"), l.t("Sensitivity", "敏感性分析"), l.t("Sources", "依据")}
	for _, n := range names {
		b.wb.sheets = append(b.wb.sheets, &wbSheet{name: n})
	}
	b.summary, b.months, b.bills, b.bridgeS, b.sensS, b.src = b.wb.sheets[0], b.wb.sheets[1], b.wb.sheets[2], b.wb.sheets[3], b.wb.sheets[4], b.wb.sheets[5]
	if err := b.billsSheet(); err != nil {
		return nil, err
	}
	b.monthsSheet()
	b.bridgeSheet()
	if err := b.sensitivitySheet(); err != nil {
		return nil, err
	}
	b.summarySheet()
	b.sourcesSheet()
	return &b.wb, nil
}

// top writes the two title rows and the column headers of a sheet.
func (b *bookBuilder) top(s *wbSheet, what string, head ...string) {
	sc := b.cmp.Scenario
	l := b.l
	r := b.rep()
	s.add(txt(l.t("Measure 9 savings — "+r.title()+" — "+what, "措施九节省测算——"+r.title()+"（"+what+"）"), "title"))
	ms := sc.MonthList()
	s.add(txt(fmt.Sprintf(l.t("Scenario %s (%s); %s (%d months); %s; amounts in 元", "情景 %s（%s）；%s（%d 个月）；%s；金额单位：元"),
		sc.Name, r.sourceText(), l.span(ms[0], ms[len(ms)-1]), len(ms), l.t(sc.Structure.LabelEN(), sc.Structure.LabelZH())), "sub"))
	var hs []wbCell
	for _, h := range head {
		hs = append(hs, txt(h, "head"))
	}
	s.add(hs...)
	s.freeze = 3
}

// rep is the text report's view of the comparison: the workbook takes its
// title, source, lever names and "how far it moves" lines from it, so the
// two say the same thing in the same words.
func (b *bookBuilder) rep() *rep {
	return &rep{l: b.l, c: b.cmp, set: b.set, source: b.source}
}

var arrKeys = [4]string{"A", "B", "C₂", "C"}

func (b *bookBuilder) billsSheet() error {
	l := b.l
	s := b.bills
	s.widths = []float64{9, 6, 24, l.tw(50, 42), 18, 11, 9, 13, 18, l.tw(28, 31), 80}
	b.top(s, l.t("every line of every bill", "全部电费明细"),
		l.t("Month", "月份"), l.t("Bill", "方案"), l.t("Code", "类别"), l.t("Line / basis", "项目 / 计算基础"), l.t("Quantity", "数量"), l.t("Unit", "单位"),
		l.t("Days charged", "计费天数"), l.t("Unit price / rate", "单价 / 比率"), l.t("Amount (元)", "金额（元）"), l.t("Group", "构成分组"), l.t("Basis", "计算依据"))
	b.firstBill = s.next()
	sc := b.cmp.Scenario
	for i, mr := range b.cmp.Months {
		var tot [4]int
		var c2Lines []int
		for k, bill := range []settlement.Bill{mr.A, mr.B, mr.C2, mr.C} {
			in := billIn{month: mr.Usage.Month, key: arrKeys[k], bill: bill, sm: sc.Months[i], captive: k == 3}
			if k == 3 && sc.Months[i].Captive == nil {
				tot[k] = b.sameBill(in, c2Lines)
				continue
			}
			rows, total, err := b.bill(in)
			if err != nil {
				return err
			}
			tot[k] = total
			if k == 2 {
				c2Lines = rows
			}
		}
		b.billTotal = append(b.billTotal, tot)
	}
	b.lastBill = s.next() - 1
	return nil
}

// billIn is one bill to write, with the scenario month it settles.
type billIn struct {
	month   tariff.Month
	key     string
	bill    settlement.Bill
	sm      scenario.Month
	captive bool // C: the grid-side usage of a captive month
}

func (b *bookBuilder) what(in billIn, ln settlement.Line) string {
	return fmt.Sprintf("%s %s %s", in.month, in.key, b.l.t(ln.LabelEN, ln.LabelZH))
}

// bill writes one bill: a heading row, its lines with their basis rows, and
// the total. It returns the rows of the lines and of the total.
func (b *bookBuilder) bill(in billIn) ([]int, int, error) {
	l := b.l
	s := b.bills
	m := in.month.String()
	head := l.arrangement(b.cmp.Scenario, in.key)
	if in.bill.Counterfactual {
		head += l.t(" (basic charge billed as before the rules were changed: a counterfactual by design)", "（按调整前的规定计算基本电费：有意设置的对比情形）")
	}
	s.add(txt(m, "bold"), txt(in.key, "bold"), txt("", "bold"), txt(head, "bold"))
	var lineRows []int
	for _, ln := range in.bill.Lines {
		r, err := b.line(in, ln, lineRows)
		if err != nil {
			return nil, 0, err
		}
		lineRows = append(lineRows, r)
	}
	want := in.bill.Total
	return lineRows, b.totalRow(in, lineRows, want), nil
}

// sameBill writes C for a month without captive supply: C = C₂, each line a
// reference to C₂'s, so a change in C₂ carries through.
func (b *bookBuilder) sameBill(in billIn, c2Lines []int) int {
	l := b.l
	s := b.bills
	m := in.month.String()
	s.add(txt(m, "bold"), txt(in.key, "bold"), txt("", "bold"), txt(l.t("C = C₂ this month (no captive supply)", "本月 C = C₂（无自备电厂供电）"), "bold"))
	var rows []int
	for i, ln := range in.bill.Lines {
		src := c2Lines[i]
		r := s.add(txt(m, ""), txt(in.key, ""), txt(b.codeText(ln.Code), ""), txt(l.t(ln.LabelEN, ln.LabelZH), ""))
		s.set(r, colAmount, fml(fmt.Sprintf("I%d", src), ln.Amount, "money"))
		s.set(r, colGroup, txt(b.groupText(ln.Code.Group()), "note"+wrapSuffix))
		s.set(r, colBasis, txt(l.t("= the C₂ line above", "= 上面 C₂ 的同一行"), "note"))
		rows = append(rows, r)
	}
	return b.totalRow(in, rows, in.bill.Total)
}

// totalRow writes a bill's total, the SUM of its lines and their basis rows
// (basis rows have no amount), and returns its row.
func (b *bookBuilder) totalRow(in billIn, lineRows []int, want decimal.Decimal) int {
	l := b.l
	s := b.bills
	f := "0"
	if len(lineRows) > 0 {
		f = fmt.Sprintf("SUM(I%d:I%d)", lineRows[0], lineRows[len(lineRows)-1])
	}
	r := s.add(txt(in.month.String(), "bold"), txt(in.key, "bold"), txt(l.t("total", ""), "bold"), txt(l.t("Total", "合计"), "bold"))
	s.set(r, colAmount, fml(f, want, "moneyBold"))
	return r
}

// codeText is the Code column: the line code in English, the line kind's
// Chinese name in Chinese (the workbook shows no English codes in Chinese).
func (b *bookBuilder) codeText(c tariff.LineCode) string { return b.l.t(string(c), c.LabelZH()) }

// groupText is the Group column: the line group's name, which the Bridge
// sheet's SUMIFS match.
func (b *bookBuilder) groupText(g tariff.LineGroup) string { return b.l.t(g.LabelEN(), g.LabelZH()) }

// line writes one line and its basis rows and returns the line's row.
func (b *bookBuilder) line(in billIn, ln settlement.Line, prev []int) (int, error) {
	l := b.l
	s := b.bills
	code := string(ln.Code)
	r := s.next()
	basis := l.t(ln.Clause, ln.ClauseZH)
	if len(ln.Tables) > 0 {
		basis += " [" + strings.Join(ln.Tables, ", ") + "]"
	}
	var items []string
	for _, it := range ln.Items {
		items = append(items, l.t(it.Name(), it.NameZH())+" "+it.Value)
	}
	if len(items) > 0 {
		basis += "; " + strings.Join(items, "; ")
	}
	qty := val(ln.Quantity, qtyStyle(ln.Quantity))
	price := val(ln.UnitPrice, priceStyle(ln.UnitPrice))
	unit := ln.Unit
	s.add(txt(in.month.String(), ""), txt(in.key, ""), txt(b.codeText(ln.Code), ""), txt(l.t(ln.LabelEN, ln.LabelZH), ""),
		qty, txt(unit, ""), wbCell{}, price, wbCell{}, txt(b.groupText(ln.Code.Group()), "note"+wrapSuffix), txt(basis, "note"+wrapSuffix))
	// amount: the formula and its exact value, or the library's value
	var f string
	var exact decimal.Decimal
	inputs := []decimal.Decimal{ln.Quantity, ln.UnitPrice}
	ok := true
	switch code {
	case "power_factor":
		cells, base, okPF := b.pfBase(in, prev)
		if !okPF {
			ok = false
			break
		}
		s.set(r, colQty, fml("SUM("+strings.Join(cells, ",")+")", base, "money"))
		s.set(r, colUnit, txt(l.t("元 (base)", "元（基数）"), ""))
		s.set(r, colPrice, val(ln.UnitPrice, "pct"))
		f = fmt.Sprintf("ROUND(E%d*H%d/100,2)", r, r)
		exact = base.Mul(ln.UnitPrice).Div(decimal.NewFromInt(100))
		inputs = []decimal.Decimal{ln.UnitPrice}
	case "basic":
		var okB bool
		f, exact, okB = b.basic(in, ln, r)
		if !okB {
			ok = false
		}
		inputs = []decimal.Decimal{ln.UnitPrice}
	case "loss":
		if in.sm.PublishedLossPrice.Valid {
			// kWh × the month's published loss price: the default formula.
			f = fmt.Sprintf("ROUND(E%d*H%d,2)", r, r)
			exact = ln.Quantity.Mul(ln.UnitPrice)
			break
		}
		rate, err := b.lossRate(in)
		if err != nil {
			return 0, err
		}
		rr := s.add(b.basisRow(in, l.t("on-grid line-loss rate", "上网环节线损率"), val(rate, priceStyle(rate)), "")...)
		f = fmt.Sprintf("ROUND(E%d*H%d*E%d/(1-E%d),2)", r, r, rr, rr)
		exact = ln.Quantity.Mul(ln.UnitPrice).Mul(rate).DivRound(decimal.NewFromInt(1).Sub(rate), 30)
		inputs = append(inputs, rate)
	case "deviation":
		var okD bool
		okD, inputs = b.deviation(in, ln, r)
		if !okD {
			ok = false
		}
		f = fmt.Sprintf("ROUND(E%d*H%d,2)", r, r)
		exact = ln.Quantity.Mul(ln.UnitPrice)
	default:
		f = fmt.Sprintf("ROUND(E%d*H%d,2)", r, r)
		exact = ln.Quantity.Mul(ln.UnitPrice)
	}
	reason := reasonMismatch
	if ok {
		reason, ok = reproducible(exact, ln.Amount, inputs...)
	}
	if ok {
		s.set(r, colAmount, fml(f, ln.Amount, "money"))
		return r, nil
	}
	c := val(ln.Amount, "money")
	c.comment = l.reasonText(reason)
	s.set(r, colAmount, c)
	b.wb.library = append(b.wb.library, libraryValue{sheet: s.name, cell: fmt.Sprintf("I%d", r), what: b.what(in, ln), reason: reason})
	return r, nil
}

// basisRow is a row under a line holding one input of its amount.
func (b *bookBuilder) basisRow(in billIn, label string, v wbCell, unit string) []wbCell {
	return []wbCell{txt(in.month.String(), "note"), txt(in.key, "note"), txt("", ""), txt("   "+label, "basis"+wrapSuffix), v, txt(unit, "note")}
}

// reproducible says whether a spreadsheet computing the formula in binary
// floating point gets the library's amount: every input exact in 15
// significant digits, the exact value not on (or within float noise of) a
// half fen, and the formula's exact value rounding to the library's amount.
func reproducible(exact, want decimal.Decimal, inputs ...decimal.Decimal) (reasonCode, bool) {
	for _, d := range inputs {
		if !exactInFloat(d) {
			return reasonRepeating, false
		}
	}
	if !exact.Round(2).Equal(want) {
		return reasonMismatch, false
	}
	x := exact.Shift(2)
	dist := x.Sub(x.Floor()).Sub(decimal.New(5, -1)).Abs()
	if dist.LessThan(decimal.New(1, -6)) {
		return reasonHalfFen, false
	}
	return 0, true
}

// exactInFloat: d has at most 15 significant digits, so a spreadsheet reads
// the digits written exactly as d.
func exactInFloat(d decimal.Decimal) bool {
	c := d.Coefficient().String()
	c = strings.TrimLeft(c, "-")
	c = strings.TrimRight(c, "0")
	return len(c) <= 15
}

// pfBase returns the cells of the lines the power-factor base covers and
// their sum, checked against the bill's base.
func (b *bookBuilder) pfBase(in billIn, prev []int) ([]string, decimal.Decimal, bool) {
	cu := b.cmp.Scenario.Customer
	std, ok := cu.PFStandard.Decimal()
	if !ok {
		return nil, decimal.Zero, false
	}
	t, err := b.set.PowerFactor(cu.Region, std, in.month.First())
	if err != nil || t.Head().ID != in.bill.PFTable {
		return nil, decimal.Zero, false
	}
	var cells []string
	sum := decimal.Zero
	for i, ln := range in.bill.Lines {
		if i >= len(prev) {
			break
		}
		if t.InBase(ln.Code) {
			cells = append(cells, fmt.Sprintf("I%d", prev[i]))
			sum = sum.Add(ln.Amount)
		}
	}
	if !sum.Equal(in.bill.PFBase) || len(cells) == 0 {
		return nil, decimal.Zero, false
	}
	return cells, sum, true
}

func (b *bookBuilder) rules(in billIn) (*tariff.Rules, error) {
	return b.set.BasicRules(b.cmp.Scenario.Customer.Region, in.month.First(), in.bill.Rules)
}

// basic writes the basis rows of the basic charge and returns the amount's
// formula and exact value; false when the rows do not reproduce the line.
func (b *bookBuilder) basic(in billIn, ln settlement.Line, r int) (string, decimal.Decimal, bool) {
	l := b.l
	s := b.bills
	bi := &in.bill
	rs, err := b.rules(in)
	if err != nil || rs.Head().ID != bi.Rules {
		return "", decimal.Zero, false
	}
	capDays, divisor := rs.Proration()
	floorShare, floorOnActual := rs.Floor()
	threshold, multiplier, reading := rs.Excess()
	p := ln.UnitPrice
	if bi.Method == tariff.MethodCapacity {
		days := in.month.Days()
		div := decimal.NewFromInt(int64(divisor))
		kvaDays := decimal.Zero
		capacity := decimal.Zero
		var whole, part []string // cells of the units charged the whole month, terms of the others
		for _, u := range b.cmp.Scenario.Customer.Units {
			d := chargeDays(u, in.month)
			kind := l.t(unitKind(u), unitKindZH(unitKind(u)))
			r := s.next()
			var label string
			var charged int
			switch {
			case d == days:
				capacity = capacity.Add(u.KVA)
				kvaDays = kvaDays.Add(u.KVA.Mul(div))
				whole = append(whole, fmt.Sprintf("E%d", r))
				label = fmt.Sprintf(l.t("%s %s: whole month chargeable (%d of %d days)", "%s %s：整月计费（%d/%d 天）"), kind, u.ID, d, days)
				charged = d
			case d > 0:
				charged = min(d, capDays)
				kvaDays = kvaDays.Add(u.KVA.Mul(decimal.NewFromInt(int64(charged))))
				part = append(part, fmt.Sprintf("E%d*G%d", r, r))
				label = fmt.Sprintf(l.t("%s %s: %d of %d days chargeable, charged %d/%s of the month", "%s %s：当月 %d/%d 天计费，按 %d/%s 个月计"), kind, u.ID, d, days, charged, div)
			default:
				part = append(part, fmt.Sprintf("E%d*G%d", r, r))
				label = fmt.Sprintf(l.t("%s %s: not chargeable this month (0 of %d days)", "%s %s：本月不计费（0/%d 天）"), kind, u.ID, days)
			}
			row := b.basisRow(in, label, val(u.KVA, qtyStyle(u.KVA)), "kVA")
			row = append(row, val(decimal.NewFromInt(int64(charged)), "int"))
			s.add(row...)
		}
		if len(part) == 0 {
			// every unit chargeable every day: kVA × price
			s.set(r, colQty, fml("SUM("+strings.Join(whole, ",")+")", capacity, qtyStyle(capacity)))
			return fmt.Sprintf("ROUND(E%d*H%d,2)", r, r), capacity.Mul(p), capacity.Equal(ln.Quantity)
		}
		dr := s.add(b.basisRow(in, l.t("proration divisor: a unit chargeable part of the month pays 1/30 of its month's charge per day", "按日折算除数：部分天数计费的设备，每天按月基本电费的 1/30 计"), val(div, "int"), l.t("days", "天"))...)
		// billed kVA = whole-month kVA + Σ kVA × days ÷ divisor, the division last
		num := strings.Join(part, "+")
		if len(whole) > 0 {
			num = fmt.Sprintf("(%s)*E%d+%s", strings.Join(whole, "+"), dr, num)
		}
		q := kvaDays.DivRound(div, 30)
		s.set(r, colQty, fml(fmt.Sprintf("(%s)/E%d", num, dr), q, "qty:4"))
		exact := kvaDays.Mul(p).DivRound(div, 30)
		return fmt.Sprintf("ROUND((%s)*H%d/E%d,2)", num, r, dr), exact,
			q.Sub(ln.Quantity).Abs().LessThan(decimal.New(1, -4))
	}
	// contract or actual demand: the billed kW from the month's facts
	rA := s.add(b.basisRow(in, l.t("actual max demand A (feeders summed)", "实际最大需量 A（各出线之和）"), val(bi.DemandKW, qtyStyle(bi.DemandKW)), "kW")...)
	rK := s.add(b.basisRow(in, l.t("capacity in service K", "运行容量 K"), val(bi.CapacityKVA, qtyStyle(bi.CapacityKVA)), "kVA")...)
	rS := s.add(b.basisRow(in, l.t("floor share of K", "下限比例"), val(floorShare, priceStyle(floorShare)), "")...)
	floor := floorShare.Mul(bi.CapacityKVA)
	rF := s.add(b.basisRow(in, l.t("floor = share × K", "下限 = 比例 × K"), fml(fmt.Sprintf("E%d*E%d", rS, rK), floor, qtyStyle(floor)), "kW")...)
	var billed decimal.Decimal
	var bf string
	if bi.Method == tariff.MethodActualDemand {
		billed = bi.DemandKW
		bf = fmt.Sprintf("E%d", rA)
		if floorOnActual {
			billed = decimal.Max(bi.DemandKW, floor)
			bf = fmt.Sprintf("MAX(E%d,E%d)", rA, rF)
		}
	} else {
		rD := s.add(b.basisRow(in, l.t("declared contract demand", "申报合同需量"), val(bi.ContractKW, qtyStyle(bi.ContractKW)), "kW")...)
		C := decimal.Max(bi.ContractKW, floor)
		rC := s.add(b.basisRow(in, l.t("contract billed from C = max(declared, floor)", "计费合同值 C = max（申报值，下限）"), fml(fmt.Sprintf("MAX(E%d,E%d)", rD, rF), C, qtyStyle(C)), "kW")...)
		rT := s.add(b.basisRow(in, l.t("excess threshold (share of C)", "超需量门槛（C 的倍数）"), val(threshold, priceStyle(threshold)), "")...)
		rM := s.add(b.basisRow(in, fmt.Sprintf(l.t("multiplier on the excess, reading (%s)", "超出部分加收倍数，读法 (%s)"), reading), val(multiplier, priceStyle(multiplier)), "")...)
		limit := threshold.Mul(C)
		billed = C
		start := fmt.Sprintf("E%d*E%d", rT, rC)
		if reading == tariff.ReadingB {
			start = fmt.Sprintf("E%d", rC)
		}
		if bi.DemandKW.GreaterThan(limit) {
			excess := bi.DemandKW.Sub(limit)
			if reading == tariff.ReadingB {
				billed = C.Add(multiplier.Mul(excess))
			} else {
				billed = limit.Add(multiplier.Mul(excess))
			}
		}
		bf = fmt.Sprintf("IF(E%d>E%d*E%d,%s+E%d*(E%d-E%d*E%d),E%d)", rA, rT, rC, start, rM, rA, rT, rC, rC)
	}
	rB := s.add(b.basisRow(in, l.t("billed demand", "计费需量"), fml(bf, billed, qtyStyle(billed)), "kW")...)
	if bi.Discount {
		s.set(rB, colBasis, txt(l.t("unit price includes the high-utilisation discount (see the line's basis)", "单价已含高负荷率优惠（见本行依据）"), "note"))
	}
	s.set(r, colQty, fml(fmt.Sprintf("E%d", rB), billed, qtyStyle(billed)))
	return fmt.Sprintf("ROUND(E%d*H%d,2)", r, r), billed.Mul(p), billed.Equal(ln.Quantity)
}

// unitKind is a unit's kind as the JSON report names it: "transformer" or
// "motor".
func unitKind(u settlement.Unit) string {
	if u.Motor {
		return "motor"
	}
	return "transformer"
}

func unitKindZH(k string) string {
	switch k {
	case "transformer":
		return "变压器"
	case "motor":
		return "高压电动机"
	}
	return k
}

// chargeDays: the days of m on or after commissioning and outside every
// suspension [seal, unseal) (README §3.4). The workbook shows them as inputs;
// the line's formula over them is checked against the library's amount.
func chargeDays(u settlement.Unit, m tariff.Month) int {
	first, end := m.First(), m.Next().First()
	if !u.Commissioned.IsZero() && first.Before(u.Commissioned) {
		first = u.Commissioned
	}
	if !first.Before(end) {
		return 0
	}
	n := first.DaysUntil(end)
	for _, sp := range u.Suspensions {
		lo, hi := sp[0], sp[1]
		if hi.IsZero() || end.Before(hi) {
			hi = end
		}
		if lo.Before(first) {
			lo = first
		}
		if lo.Before(hi) {
			n -= lo.DaysUntil(hi)
		}
	}
	return n
}

func (b *bookBuilder) lossRate(in billIn) (decimal.Decimal, error) {
	sc := b.cmp.Scenario
	t, err := b.set.TND(sc.Customer.Region, sc.Customer.VoltageKV, in.month.First(), sc.TND)
	if err != nil {
		return decimal.Zero, err
	}
	return t.LossRate, nil
}

// deviation writes the basis rows of the deviation penalty (actual and
// contracted kWh, the band) with the penalty kWh as a formula over them.
func (b *bookBuilder) deviation(in billIn, ln settlement.Line, r int) (bool, []decimal.Decimal) {
	l := b.l
	s := b.bills
	sc := b.cmp.Scenario
	dev, err := b.set.Deviation(sc.Deviation)
	if err != nil {
		return false, nil
	}
	E := in.bill.PFKWh // the bill's kWh
	Q := in.sm.ContractKWh
	if in.captive && in.sm.Captive != nil {
		Q = in.sm.CaptiveContractKWh
	}
	var q decimal.Decimal
	if Q.Valid {
		q = Q.Decimal
	} else {
		q = sc.ContractShare.Decimal.Mul(E)
	}
	rE := s.add(b.basisRow(in, l.t("actual kWh E", "实际电量 E"), val(E, qtyStyle(E)), "kWh")...)
	rQ := s.add(b.basisRow(in, l.t("contracted kWh Q", "合同电量 Q"), val(q, qtyStyle(q)), "kWh")...)
	inputs := []decimal.Decimal{ln.UnitPrice, E, q}
	one := decimal.NewFromInt(1)
	var pen decimal.Decimal
	var f string
	switch {
	case E.LessThan(q):
		rb := s.add(b.basisRow(in, l.t("under-use band", "少用偏差带"), val(dev.UnderBand(), priceStyle(dev.UnderBand())), "")...)
		edge := one.Sub(dev.UnderBand()).Mul(q)
		re := s.add(b.basisRow(in, l.t("penalty below (1 − band) × Q", "考核起点（1 − 偏差带）× Q"), fml(fmt.Sprintf("(1-E%d)*E%d", rb, rQ), edge, qtyStyle(edge)), "kWh")...)
		pen = decimal.Max(edge.Sub(E), decimal.Zero)
		f = fmt.Sprintf("MAX(E%d-E%d,0)", re, rE)
	case E.GreaterThan(q) && hasOverPenalty(dev):
		rb := s.add(b.basisRow(in, l.t("over-use band", "超用偏差带"), val(dev.OverBand(), priceStyle(dev.OverBand())), "")...)
		edge := one.Add(dev.OverBand()).Mul(q)
		re := s.add(b.basisRow(in, l.t("penalty above (1 + band) × Q", "考核起点（1 + 偏差带）× Q"), fml(fmt.Sprintf("(1+E%d)*E%d", rb, rQ), edge, qtyStyle(edge)), "kWh")...)
		pen = decimal.Max(E.Sub(edge), decimal.Zero)
		f = fmt.Sprintf("MAX(E%d-E%d,0)", rE, re)
	default:
		return ln.Quantity.IsZero(), inputs
	}
	if !pen.Equal(ln.Quantity) {
		return false, inputs
	}
	s.set(r, colQty, fml(f, pen, qtyStyle(pen)))
	return true, inputs
}

func (b *bookBuilder) monthsSheet() {
	l := b.l
	s := b.months
	s.widths = []float64{10, 16, 18, 18, 18, 18, 18, 18, 18, 18, 30}
	b.top(s, l.t("month by month", "逐月对比"), l.t("Month", "月份"), "kWh", "A", "B", "C₂", "C", b.leverName("L1")+b.paren("A − B"), b.leverName("L2")+b.paren("B − C₂"), b.leverName("L3")+b.paren("C₂ − C"), l.t("Saving A − C", "合计节省 A − C"), l.t("Note", "说明"))
	bills := b.bills
	b.monthRows[0] = s.next()
	for i, mr := range b.cmp.Months {
		r := s.next()
		t := b.billTotal[i]
		var note []string
		if mr.FromIntervals() {
			note = append(note, l.t("usage from interval data", "用电量来自负荷曲线"))
		}
		if !mr.C2.Sum("deviation").IsZero() {
			note = append(note, l.t("deviation penalty in C₂", "C₂ 含偏差考核费用"))
		}
		s.add(txt(mr.Usage.Month.String(), ""), val(mr.KWh(), qtyStyle(mr.KWh())),
			fml(bills.ref("I", t[0]), mr.A.Total, "money"), fml(bills.ref("I", t[1]), mr.B.Total, "money"),
			fml(bills.ref("I", t[2]), mr.C2.Total, "money"), fml(bills.ref("I", t[3]), mr.C.Total, "money"),
			fml(fmt.Sprintf("C%d-D%d", r, r), mr.L1, "money"), fml(fmt.Sprintf("D%d-E%d", r, r), mr.L2, "money"),
			fml(fmt.Sprintf("E%d-F%d", r, r), mr.L3, "money"), fml(fmt.Sprintf("C%d-F%d", r, r), mr.Total, "money"),
			txt(strings.Join(note, l.t("; ", "；")), "note"+wrapSuffix))
	}
	b.monthRows[1] = s.next() - 1
	a := b.cmp.Annual
	f, t := b.monthRows[0], b.monthRows[1]
	sum := func(c string) string { return fmt.Sprintf("SUM(%s%d:%s%d)", c, f, c, t) }
	b.yearRow = s.add(txt(l.t("Year", "全年"), "bold"), fml(sum("B"), a.KWh, qtyStyle(a.KWh)+"b"),
		fml(sum("C"), a.A, "moneyBold"), fml(sum("D"), a.B, "moneyBold"), fml(sum("E"), a.C2, "moneyBold"), fml(sum("F"), a.C, "moneyBold"),
		fml(sum("G"), a.L1, "moneyBold"), fml(sum("H"), a.L2, "moneyBold"), fml(sum("I"), a.L3, "moneyBold"), fml(sum("J"), a.Total, "moneyBold"))
	s.add()
	s.para(l.t("A, B, C₂ and C are the bill totals of the Bills sheet; a change there carries through to this sheet and the summary.",
		"A、B、C₂、C 取自“电费明细”表的各账单合计；修改明细会带动本表和汇总表重新计算。"), "note", 10)
}

// bridgeSheet: each lever by line group as SUMIFS over the Bills sheet, the
// sum checked against the lever, and the A → C waterfall the chart draws.
func (b *bookBuilder) bridgeSheet() {
	l := b.l
	s := b.bridgeS
	s.widths = []float64{44, 22, 22, 22, 22, 22}
	b.top(s, l.t("what each saving is made of", "节省构成"), l.t("Line group", "分组"),
		b.leverName("L1")+b.paren("A − B"), b.leverName("L2")+b.paren("B − C₂"), b.leverName("L3")+b.paren("C₂ − C"), l.t("Saving A − C", "合计节省 A − C"))
	bills := b.bills
	amount := bills.rng("I", b.firstBill, b.lastBill)
	arr := bills.rng("B", b.firstBill, b.lastBill)
	grp := bills.rng("J", b.firstBill, b.lastBill)
	pairs := [4][2]string{{"A", "B"}, {"B", "C₂"}, {"C₂", "C"}, {"A", "C"}}
	first := s.next()
	rowOf := map[tariff.LineGroup]int{}
	for _, g := range b.bridge.groups {
		name := criterion(b.groupText(g.key))
		cells := []wbCell{txt(b.groupText(g.key), "")}
		for k, p := range pairs {
			f := fmt.Sprintf(`SUMIFS(%s,%s,"%s",%s,"%s")-SUMIFS(%s,%s,"%s",%s,"%s")`, amount, arr, p[0], grp, name, amount, arr, p[1], grp, name)
			cells = append(cells, fml(f, g.levers[k], "money"))
		}
		rowOf[g.key] = s.add(cells...)
	}
	last := s.next() - 1
	a := b.cmp.Annual
	levers := []decimal.Decimal{a.L1, a.L2, a.L3, a.Total}
	cells := []wbCell{txt(l.t("Sum of the groups", "各分组合计"), "bold")}
	for k, c := range []string{"B", "C", "D", "E"} {
		cells = append(cells, fml(fmt.Sprintf("SUM(%s%d:%s%d)", c, first, c, last), levers[k], "moneyBold"))
	}
	sumRow := s.add(cells...)
	// subtotal, below the sum so that it is not added in: energy including
	// T&D (in 2016 the T&D is carved out of the catalog price)
	if e, ok := rowOf[tariff.LineGroupEnergy]; ok {
		if t, ok := rowOf[tariff.LineGroupTND]; ok {
			g := tariff.LineGroupEnergyWithTND
			cells := []wbCell{txt(l.t("   of which: "+g.LabelEN(), "   其中："+g.LabelZH()), "note")}
			for k, c := range []string{"B", "C", "D", "E"} {
				v := decimal.Zero
				for _, g := range b.bridge.groups {
					if g.key == tariff.LineGroupEnergy || g.key == tariff.LineGroupTND {
						v = v.Add(g.levers[k])
					}
				}
				cells = append(cells, fml(fmt.Sprintf("%s%d+%s%d", c, e, c, t), v, "money"))
			}
			s.add(cells...)
		}
	}
	cells = []wbCell{txt(l.t("Savings (Months sheet, year)", "各项节省（逐月表全年）"), "")}
	for k, c := range []string{"G", "H", "I", "J"} {
		cells = append(cells, fml(b.months.ref(c, b.yearRow), levers[k], "money"))
	}
	levRow := s.add(cells...)
	cells = []wbCell{txt(l.t("Difference (0.00 when the groups add up to the saving)", "差额（各分组之和等于该项节省时为 0.00）"), "note"+wrapSuffix)}
	for _, c := range []string{"B", "C", "D", "E"} {
		cells = append(cells, fml(fmt.Sprintf("%s%d-%s%d", c, sumRow, c, levRow), decimal.Zero, "money"))
	}
	s.add(cells...)
	s.add()
	s.para(l.t("Each group = Σ of its lines in the earlier bill − Σ in the later bill (Bills sheet, column Group).",
		"每个分组 = 前一方案账单中该组各行之和 − 后一方案账单中该组各行之和（“电费明细”表的“构成分组”列）。"), "note", 5)
	s.add()
	// waterfall A → C
	s.add(txt(l.t("Annual bridge A → C (the waterfall chart)", "全年节省构成 A → C（瀑布图）"), "bold"))
	wh := s.add(txt(l.t("Step", "步骤"), "head"), txt(l.t("Base (invisible)", "基底（不显示）"), "head"), txt(l.t("Bill", "电费"), "head"),
		txt(l.t("Saving", "节省"), "head"), txt(l.t("Extra cost", "增加"), "head"), txt(l.t("Level after the step", "该步之后"), "head"))
	y := b.yearRow
	mref := func(c string) string { return b.months.ref(c, y) }
	steps := []struct {
		label string
		lever string // Months column of the lever, "" for a bill bar
		bill  string // Months column of the bill
		v     decimal.Decimal
	}{
		{l.t("A (before)", "A（实施前）"), "", "C", a.A},
		{b.leverName("L1"), "G", "", a.L1},
		{b.leverName("L2"), "H", "", a.L2},
		{b.leverName("L3"), "I", "", a.L3},
		{l.t("C (after)", "C（实施后）"), "", "F", a.C},
	}
	level := a.A
	zero := decimal.Zero
	for _, st := range steps {
		r := s.next()
		if st.lever == "" {
			s.add(txt(st.label, ""), fml("0", zero, "money"), fml(mref(st.bill), st.v, "money"), fml("0", zero, "money"), fml("0", zero, "money"), fml(mref(st.bill), st.v, "money"))
			level = st.v
			continue
		}
		prev := fmt.Sprintf("F%d", r-1)
		after := level.Sub(st.v)
		s.add(txt(st.label, ""),
			fml(fmt.Sprintf("MIN(%s,%s-%s)", prev, prev, mref(st.lever)), decimal.Min(level, after), "money"),
			fml("0", zero, "money"),
			fml(fmt.Sprintf("MAX(%s,0)", mref(st.lever)), decimal.Max(st.v, zero), "money"),
			fml(fmt.Sprintf("MAX(-%s,0)", mref(st.lever)), decimal.Max(st.v.Neg(), zero), "money"),
			fml(fmt.Sprintf("%s-%s", prev, mref(st.lever)), after, "money"))
		level = after
	}
	wl := s.next() - 1
	b.waterfall = waterfallRef{header: wh, first: wh + 1, last: wl}
}

// criterion is text as a SUMIFS criterion that matches exactly that text:
// the wildcards * ? ~ escaped, quotes doubled.
func criterion(s string) string {
	return strings.NewReplacer("~", "~~", "*", "~*", "?", "~?", `"`, `""`).Replace(s)
}

// tw picks a column width by language: English labels run longer.
func (l lang) tw(en, zh float64) float64 {
	if l == chinese {
		return zh
	}
	return en
}

// paren puts x in brackets after a name: " (x)", or （x） in Chinese.
func (b *bookBuilder) paren(x string) string { return b.l.t(" ("+x+")", "（"+x+"）") }

// computedNote says that a block's values come from the library, not from
// formulas.
func (b *bookBuilder) computedNote() string {
	return b.l.t("The values below are computed by dianfei; the workbook has no formulas for them", "以下数值由程序测算，表内未设公式")
}

// sensitivitySheet: the traded-price sensitivity as values (each point is
// whole bills computed by the library) and the break-even price with the
// year settled at it and one step above it.
func (b *bookBuilder) sensitivitySheet() error {
	l := b.l
	s := b.sensS
	sc := b.cmp.Scenario
	s.widths = []float64{18, 18, 20, 20, 20, 64}
	price := capital(l, l.priceName(sc))
	b.top(s, l.t(l.priceName(sc)+" sensitivity", l.priceName(sc)+"敏感性分析"), "Δ (元/kWh)", price+l.t(" (元/kWh)", "（元/kWh）"),
		l.t("Annual C₂", "全年 C₂"), l.t("Annual L2 = B − C₂", "全年 L2 = B − C₂"), l.t("Saving A − C", "合计节省 A − C"), l.t("Note", "说明"))
	s.para(b.computedNote()+l.t(": each point settles the whole year's bills again, which a spreadsheet formula cannot redo.", "：每一点都重新结算全年账单，电子表格公式无法重做。"), "note", 6)
	b.sensRows[0] = s.next()
	for _, p := range b.sens.points {
		note := ""
		if p.delta.IsZero() {
			note = l.t("the scenario's own price (the comparison)", "情景自身的价格（即对比结果）")
		}
		s.add(val(p.delta, "price:4"), val(p.price, priceStyle(p.price)), val(p.c2, "money"), val(p.l2, "money"), val(p.saving, "money"), txt(note, "note"))
	}
	b.sensRows[1] = s.next() - 1
	s.add()
	if c := b.cmp; c.BreakEven.Valid && !c.BreakEvenAtLeastMax {
		p := c.BreakEven.Decimal
		step := decimal.New(1, -4)
		rows := []struct {
			label, note string
			price       decimal.Decimal
		}{
			{l.t("Break-even", "盈亏平衡点"), l.t("the highest price (in steps of 0.0001 元/kWh) at which C₂ ≤ B; L2 and the saving are the year settled at this price",
				"C₂ 不高于 B 的最高价格（按 0.0001 元/kWh 逐档）；L2 与合计节省为按此价格重新结算全年的结果"), p},
			{l.t("0.0001 above", "再高 0.0001"), l.t("one step higher, C₂ costs more than B", "价格再高一档，C₂ 即高于 B"), p.Add(step)},
		}
		for i, x := range rows {
			c2, saving, err := b.settledAt(x.price)
			if err != nil {
				return err
			}
			r := s.add(txt(x.label, "bold"), val(x.price, priceStyle(x.price)), val(c2, "money"), val(b.cmp.Annual.B.Sub(c2), "money"), val(saving, "money"), txt(x.note, "note"+wrapSuffix))
			if i == 0 {
				b.beRow = r
			}
		}
	} else {
		s.add(txt(l.t("Break-even", "盈亏平衡点"), "bold"))
	}
	s.para(b.breakEvenName()+l.t(": ", "：")+breakEvenText(l, b.cmp), "note", 6)
	return nil
}

// settledAt settles the year again with the traded (market) price p in
// every month: annual C₂ and the saving A − C.
func (b *bookBuilder) settledAt(p decimal.Decimal) (c2, saving decimal.Decimal, err error) {
	sc := *b.cmp.Scenario
	if sc.Structure == tariff.Structure2023 {
		sc.MarketPrice = decimal.NewNullDecimal(p)
	} else {
		sc.TradedPrice = decimal.NewNullDecimal(p)
	}
	c, err := scenario.Compare(b.base, &sc)
	if err != nil {
		return decimal.Zero, decimal.Zero, fmt.Errorf("savings: xlsx: settling at the break-even price %s: %w", p, err)
	}
	return c.Annual.C2, c.Annual.Total, nil
}

// breakEvenName names the break-even price: direct trading's (or market
// purchase's) alone, C₂ = B.
func (b *bookBuilder) breakEvenName() string {
	if b.cmp.Scenario.Structure == tariff.Structure2023 {
		return b.l.t("Market purchase breaks even (C₂ = B) at", "市场化购电盈亏平衡价格（C₂ = B）")
	}
	return b.l.t("Direct trading breaks even (C₂ = B) at", "直接交易盈亏平衡价格（C₂ = B）")
}

// summarySheet: the annual figures as formulas over the Months sheet, the
// values computed by the library, and the charts to their right.
func (b *bookBuilder) summarySheet() {
	l := b.l
	s := b.summary
	sc := b.cmp.Scenario
	a := b.cmp.Annual
	const span = 3 // the text columns; the charts start after a narrow gap
	s.widths = []float64{l.tw(58, 50), 18, 64, 2}
	b.top(s, l.t("summary", "汇总"), l.t("Item", "项目"), l.t("Amount", "金额"), l.t("Note", "说明"))
	m := func(c string) string { return b.months.ref(c, b.yearRow) }
	s.add(txt(l.t("Consumption (kWh)", "用电量（千瓦时）"), ""), fml(m("B"), a.KWh, qtyStyle(a.KWh)), txt(l.t("Months sheet, year", "逐月表全年"), "note"))
	for i, k := range arrKeys {
		v := []decimal.Decimal{a.A, a.B, a.C2, a.C}[i]
		s.add(txt(l.arrangement(sc, k), ""), fml(m(string(rune('C'+i))), v, "money"))
	}
	s.add(txt(b.leverName("L1"), ""), fml(m("G"), a.L1, "money"), txt("A − B", "note"))
	s.add(txt(b.leverName("L2"), ""), fml(m("H"), a.L2, "money"), txt("B − C₂", "note"))
	s.add(txt(b.leverName("L3"), ""), fml(m("I"), a.L3, "money"), txt("C₂ − C", "note"))
	tr := s.add(txt(l.t("Total saving A − C", "合计节省 A − C"), "bold"), fml(m("J"), a.Total, "moneyBold"))
	ar := tr - 7
	kr := tr - 8
	s.add(txt(l.t("Saving as % of A", "节省占 A 的比例"), ""), fml(fmt.Sprintf("ROUND(B%d*100/B%d,2)", tr, ar), a.SavingPercent(), "pct"))
	s.add(txt(l.t("Saving per kWh consumed (元/kWh)", "每千瓦时节省（元/kWh）"), ""), fml(fmt.Sprintf("ROUND(B%d/B%d,4)", tr, kr), a.SavingPerKWh(), "price:4"))
	s.add()
	s.para(b.computedNote(), "bold", span)
	if be := b.cmp.BreakEven; be.Valid {
		s.add(txt(b.breakEvenName(), ""), val(be.Decimal, priceStyle(be.Decimal)), txt("元/kWh", ""))
	} else {
		s.add(txt(b.breakEvenName(), ""), txt(l.t("none", "无"), ""))
	}
	s.para(breakEvenText(l, b.cmp), "note", span)
	s.add()
	s.add(txt(l.t("How far it moves", "节省的变动范围"), "bold"), wbCell{}, txt(l.t("see sheet ", "详见“")+b.sensS.name+l.t("", "”表"), "note"))
	for _, x := range b.rep().rangeSummary() {
		s.para("· "+x, "", span)
	}
	s.add()
	file := l.t("scenario file ", "情景文件 ") + sc.File
	r := s.add(txt(l.t("Assumptions", "测算依据的假设"), "bold"), txt(l.t("Value (from the "+file+" unless noted)", "取值（除注明外来自"+file+"）"), "bold"))
	s.merge(r, 1, 2)
	for _, x := range b.assume {
		v := x.value
		if x.origin != file {
			v += b.paren(x.origin)
		}
		r := s.add(txt(x.label, wrapSuffix), txt(v, wrapSuffix))
		s.merge(r, 1, 2)
	}
	var why []string
	for _, r := range b.cmp.Reasons {
		why = append(why, b.leverName(r.Lever())+l.t(": ", "：")+l.t(r.LabelEN(), r.LabelZH()))
	}
	for _, x := range b.cmp.NegativeLevers {
		why = append(why, l.t(x.EN, x.ZH))
	}
	if len(why) > 0 {
		s.add()
		s.add(txt(l.t("Why a saving is zero or negative", "某项节省为零或为负的原因"), "bold"))
		for _, w := range why {
			s.para("· "+w, "note", span)
		}
	}
	b.charts()
}

// charts: the monthly savings, the annual waterfall and the sensitivity,
// drawn from the other sheets' cells, stacked to the right of the Summary's
// text so that no note runs under a chart.
func (b *bookBuilder) charts() {
	l := b.l
	s := b.summary
	mo := b.months
	f, t := b.monthRows[0], b.monthRows[1]
	cats := mo.rng("A", f, t)
	s.charts = append(s.charts, wbChart{kind: chartStackedColumns,
		title: l.t("Saving by source, month by month (元)", "各月节省（按节省来源，元）"), xTitle: l.t("Month", "月份"), yTitle: "元",
		series: []wbSeries{
			{name: mo.ref("G", 3), cats: cats, vals: mo.rng("G", f, t), color: "4472C4"},
			{name: mo.ref("H", 3), cats: cats, vals: mo.rng("H", f, t), color: "ED7D31"},
			{name: mo.ref("I", 3), cats: cats, vals: mo.rng("I", f, t), color: "70AD47"},
		}})
	br := b.bridgeS
	w := b.waterfall
	wc := br.rng("A", w.first, w.last)
	yMin, yTitle := b.waterfallAxis()
	s.charts = append(s.charts, wbChart{kind: chartWaterfall,
		title: l.t("Annual bill from A to C (元): green saves, red costs more", "全年电费从 A 到 C（元）：绿色为节省，红色为增加"), yTitle: yTitle, yMin: yMin,
		series: []wbSeries{
			{name: br.ref("B", w.header), cats: wc, vals: br.rng("B", w.first, w.last)},
			{name: br.ref("C", w.header), cats: wc, vals: br.rng("C", w.first, w.last), color: "7F7F7F"},
			{name: br.ref("D", w.header), cats: wc, vals: br.rng("D", w.first, w.last), color: "70AD47"},
			{name: br.ref("E", w.header), cats: wc, vals: br.rng("E", w.first, w.last), color: "C00000"},
		}})
	se := b.sensS
	if b.sensRows[1] >= b.sensRows[0] {
		sf, st := b.sensRows[0], b.sensRows[1]
		series := []wbSeries{
			{name: se.ref("D", 3), cats: se.rng("B", sf, st), vals: se.rng("D", sf, st), color: "ED7D31"},
			{name: se.ref("E", 3), cats: se.rng("B", sf, st), vals: se.rng("E", sf, st), color: "4472C4"},
		}
		if b.beRow > 0 {
			series = append(series, wbSeries{name: se.ref("A", b.beRow), cats: se.rng("B", b.beRow, b.beRow), vals: se.rng("D", b.beRow, b.beRow), color: "C00000", marker: true})
		}
		price := capital(l, l.priceName(b.cmp.Scenario))
		s.charts = append(s.charts, wbChart{kind: chartScatterLine,
			title:  l.t("Annual saving against the "+l.priceName(b.cmp.Scenario)+" (元)", "全年节省随"+price+"的变化（元）"),
			xTitle: price + l.t(" (元/kWh)", "（元/kWh）"), yTitle: "元", series: series})
	}
	// Stack them in column E from row 4, a row apart. Each covers whole
	// rows; the rows under them are written with their heights, so that
	// every viewer stretches the charts over the same cells.
	const width, height = 680, 300 // pixels as excelize counts them (about 340 on screen)
	row := 4
	for i := range s.charts {
		s.charts[i].anchor = fmt.Sprintf("E%d", row)
		s.charts[i].width, s.charts[i].height = width, height
		row = s.chartEnd(row, height) + 2
	}
	for s.next() < row {
		s.add()
	}
}

// waterfallAxis starts the waterfall's value axis below the lowest bill at a
// round number, so that the steps stay visible next to bills a hundred times
// larger; the axis title says where it starts.
func (b *bookBuilder) waterfallAxis() (*float64, string) {
	a := b.cmp.Annual
	lo := decimal.Min(a.A, a.B, a.C2, a.C)
	hi := decimal.Max(a.A, a.B, a.C2, a.C)
	span := hi.Sub(lo)
	if !span.IsPositive() || !lo.IsPositive() {
		return nil, "元"
	}
	unit := decimal.New(1, int32(len(span.Truncate(0).String())-1)) // a power of ten near the span
	start := lo.Sub(span.Mul(decimal.NewFromInt(2))).Div(unit).Floor().Mul(unit)
	if !start.IsPositive() {
		return nil, "元"
	}
	v := start.InexactFloat64()
	return &v, b.l.t("元 (axis from "+money(start)[:len(money(start))-3]+")", "元（纵轴自 "+money(start)[:len(money(start))-3]+" 起）")
}

// leverName is lever key (L1, L2, L3) as the text report names it, with
// its key: "L1 basic-charge methods", "L1 调整基本电费计费方法".
func (b *bookBuilder) leverName(key string) string {
	n := b.l.lever(b.cmp.Scenario, key)
	if !strings.HasPrefix(n, key) {
		n = key + " " + n
	}
	return n
}

// sourcesSheet: every table with its document, effective range as used and
// confidence, MEDIUM rows highlighted; then the warnings.
func (b *bookBuilder) sourcesSheet() {
	l := b.l
	s := b.src
	s.widths = []float64{26, 20, 48, 28, 26, 12, 40}
	b.top(s, l.t("every table and rule set used", "所用的全部表和规则"), l.t("Table", "表"), l.t("Kind", "类型"), l.t("Document", "文件"), l.t("Issuer", "发文机关"),
		l.t("Effective (as used)", "有效期（按使用）"), l.t("Confidence", "可信度"), l.t("MEDIUM values", "中等可信度数值"))
	for _, src := range b.cmp.Sources {
		st := ""
		if src.Confidence == tariff.ConfidenceMedium || len(src.Medium) > 0 {
			st = "medium"
		}
		var medium []string
		for _, p := range src.Medium {
			zh, en := tariff.PathLabel(src.Kind, p)
			medium = append(medium, l.t(en, zh))
		}
		w := st + wrapSuffix
		s.add(txt(src.ID, w), txt(l.t(src.Kind.LabelEN(), src.Kind.LabelZH()), w), txt(src.Document, w), txt(src.Issuer, w), txt(src.Range, w),
			txt(l.t(src.Confidence.LabelEN(), src.Confidence.LabelZH()), st), txt(strings.Join(medium, l.t(", ", "、")), w))
	}
	s.add()
	s.para(l.t("Highlighted: a table of MEDIUM confidence, or one with MEDIUM values.", "底色标出：中等可信度的表，或含中等可信度数值的表。"), "note", 7)
	s.add()
	s.add(txt(l.t("Warnings", "提示"), "bold"))
	for i, w := range b.cmp.Warnings {
		r := s.add(txt(l.t(string(w.Code), fmt.Sprint(i+1)), "note"+wrapSuffix), txt(l.warning(w), wrapSuffix))
		s.merge(r, 1, 6)
	}
}

// qtyStyle shows a quantity with its own decimals (at most 6; a longer one
// is a repeating fraction and carries the library's value).
func qtyStyle(d decimal.Decimal) string {
	n := 0
	if _, frac, ok := strings.Cut(d.String(), "."); ok { // String drops trailing zeros
		n = len(frac)
	}
	return fmt.Sprintf("qty:%d", min(n, 6))
}

// priceStyle shows a price exactly as its table gives it.
func priceStyle(d decimal.Decimal) string { return fmt.Sprintf("price:%d", min(decimals(d), 10)) }

func decimals(d decimal.Decimal) int {
	if e := d.Exponent(); e < 0 {
		return int(-e)
	}
	return 0
}

// hasOverPenalty reports whether the rule set charges a penalty on over-use.
func hasOverPenalty(dev *tariff.Rules) bool {
	_, ok := dev.OverRate(decimal.Zero, decimal.Zero, decimal.Zero)
	return ok
}
