package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/dianfei/dianfei/settlement/scenario"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The JSON report (schema "dianfei.savings/v2", documented in the README).
type jsonReport struct {
	Schema    string               `json:"schema"`
	Scenario  jsonScenario         `json:"scenario"`
	Sources   []settlement.Source  `json:"sources"`
	Warnings  []settlement.Warning `json:"warnings"`
	Months    []jsonMonth          `json:"months"`
	Annual    jsonAnnual           `json:"annual"`
	Plans     map[string]jsonPlan  `json:"plans"`
	BreakEven jsonBreakEven        `json:"break_even"`
	Reasons   []jsonReason         `json:"reasons"`
	Month     string               `json:"selected_month,omitempty"`
	// The estimate (README §4.1); absent with -estimate=false.
	// (pointers: an empty list is written as [], a missing block not at all)
	Assumptions    *[]jsonAssumption `json:"assumptions,omitempty"`
	Bridge         *jsonBridge       `json:"bridge,omitempty"`
	Sensitivity    *jsonSensitivity  `json:"sensitivity,omitempty"`
	OpenPoints     *[]jsonVariant    `json:"open_points,omitempty"`
	MediumWeights  *[]jsonVariant    `json:"medium_weights,omitempty"`
	NegativeLevers *[]jsonNegative   `json:"negative_levers,omitempty"`
}

type jsonScenario struct {
	Name           string    `json:"name"`
	Title          string    `json:"title"`
	Notes          string    `json:"notes"`
	File           string    `json:"file"`
	Structure      string    `json:"structure"`
	HighlightMonth string    `json:"highlight_month"`
	ExamplePrices  bool      `json:"example_prices"`
	Plant          jsonPlant `json:"plant"`
}

type jsonPlant struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Region     string     `json:"region"`
	Class      string     `json:"class"`
	VoltageKV  string     `json:"voltage_kv"`
	PFStandard string     `json:"pf_standard"`
	Units      []jsonUnit `json:"units"`
}

type jsonUnit struct {
	ID          string      `json:"id"`
	Kind        string      `json:"kind"`
	KVA         string      `json:"kva"`
	Suspensions [][2]string `json:"suspensions"`
}

type jsonMonth struct {
	Month  string          `json:"month"`
	Origin string          `json:"origin"`
	KWh    string          `json:"kwh"`
	A      settlement.Bill `json:"a"`
	B      settlement.Bill `json:"b"`
	C2     settlement.Bill `json:"c2"`
	C      settlement.Bill `json:"c"`
	L1     string          `json:"l1"`
	L2     string          `json:"l2"`
	L3     string          `json:"l3"`
	Total  string          `json:"total"`
}

type jsonAnnual struct {
	KWh           string `json:"kwh"`
	A             string `json:"a"`
	B             string `json:"b"`
	C2            string `json:"c2"`
	C             string `json:"c"`
	L1            string `json:"l1"`
	L2            string `json:"l2"`
	L3            string `json:"l3"`
	Total         string `json:"total"`
	SavingPercent string `json:"saving_percent_of_a"`
	SavingPerKWh  string `json:"saving_per_kwh"`
}

type jsonPlan struct {
	Rules     string           `json:"rules"`
	Document  string           `json:"document"`
	Optimised bool             `json:"optimised"`
	Periods   []jsonPlanPeriod `json:"periods"`
	Months    []jsonPlanMonth  `json:"months"`
	Total     string           `json:"total"`
}

type jsonPlanPeriod struct {
	From       string `json:"from"`
	To         string `json:"to"`
	Method     string `json:"method"`
	ContractKW string `json:"contract_kw,omitempty"`
	Charge     string `json:"basic_charge"`
}

type jsonPlanMonth struct {
	Month      string `json:"month"`
	Method     string `json:"method"`
	ContractKW string `json:"contract_kw,omitempty"`
	Charge     string `json:"basic_charge"`
}

type jsonBreakEven struct {
	Price      *string `json:"price"`
	AtLeastMax bool    `json:"at_least_max"`
	Max        string  `json:"max"`
	MaxBasis   string  `json:"max_basis"`
	Rule       string  `json:"rule,omitempty"`
	ReasonZH   string  `json:"reason_zh,omitempty"`
	ReasonEN   string  `json:"reason_en,omitempty"`
}

type jsonReason struct {
	Lever string `json:"lever"`
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

func writeJSON(w io.Writer, c *scenario.Comparison, sel tariff.Month) error {
	sc := c.Scenario
	m := settlement.Money
	r := jsonReport{Schema: "dianfei.savings/v2", Sources: c.Sources, Warnings: c.Warnings, Plans: map[string]jsonPlan{}}
	if !sel.IsZero() {
		r.Month = sel.String()
	}
	cu := sc.Customer
	r.Scenario = jsonScenario{Name: sc.Name, Title: sc.Title, Notes: sc.Notes, File: sc.File, Structure: string(sc.Structure), HighlightMonth: sc.Highlight.String(), ExamplePrices: sc.ExamplePrices,
		Plant: jsonPlant{ID: cu.ID, Name: cu.Name, Region: cu.Region, Class: cu.Class, VoltageKV: cu.VoltageKV.String(), PFStandard: string(cu.PFStandard)}}
	for _, u := range cu.Units {
		ju := jsonUnit{ID: u.ID, Kind: unitKind(u), KVA: u.KVA.String(), Suspensions: [][2]string{}}
		for _, s := range u.Suspensions {
			un := ""
			if !s[1].IsZero() {
				un = s[1].String()
			}
			ju.Suspensions = append(ju.Suspensions, [2]string{s[0].String(), un})
		}
		r.Scenario.Plant.Units = append(r.Scenario.Plant.Units, ju)
	}
	for _, mr := range c.Months {
		r.Months = append(r.Months, jsonMonth{Month: mr.Usage.Month.String(), Origin: origin(mr), KWh: mr.KWh().String(), A: mr.A, B: mr.B, C2: mr.C2, C: mr.C,
			L1: m(mr.L1), L2: m(mr.L2), L3: m(mr.L3), Total: m(mr.Total)})
	}
	a := c.Annual
	r.Annual = jsonAnnual{KWh: a.KWh.String(), A: m(a.A), B: m(a.B), C2: m(a.C2), C: m(a.C), L1: m(a.L1), L2: m(a.L2), L3: m(a.L3), Total: m(a.Total),
		SavingPercent: a.SavingPercent().StringFixed(2), SavingPerKWh: a.SavingPerKWh().StringFixed(4)}
	for k, p := range map[string]settlement.Plan{"a": c.PlanA, "b": c.PlanB} {
		jp := jsonPlan{Rules: p.Rules, Document: p.Document, Optimised: p.Optimised, Total: m(p.Total)}
		for _, pp := range p.Periods {
			jp.Periods = append(jp.Periods, jsonPlanPeriod{From: pp.From.String(), To: pp.To.String(), Method: string(pp.Method), ContractKW: contractText(pp.Method, pp.ContractKW), Charge: m(pp.Charge)})
		}
		for _, pm := range p.Months {
			jp.Months = append(jp.Months, jsonPlanMonth{Month: pm.From.String(), Method: string(pm.Method), ContractKW: contractText(pm.Method, pm.ContractKW), Charge: m(pm.Charge)})
		}
		r.Plans[k] = jp
	}
	r.BreakEven = jsonBreakEven{AtLeastMax: c.BreakEvenAtLeastMax, Max: settlement.Price(c.BreakEvenMax), MaxBasis: english.maxBasis(c.Scenario.Structure), Rule: c.BreakEvenRule,
		ReasonZH: c.BreakEvenZH, ReasonEN: c.BreakEvenEN}
	if c.BreakEven.Valid {
		s := settlement.Price(c.BreakEven.Decimal)
		r.BreakEven.Price = &s
	}
	r.Reasons = []jsonReason{}
	for _, x := range c.Reasons {
		r.Reasons = append(r.Reasons, jsonReason{x.Lever(), x.LabelZH(), x.LabelEN()})
	}
	if r.Warnings == nil {
		r.Warnings = []settlement.Warning{}
	}
	if c.Estimated {
		addEstimate(&r, c)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

func contractText(m tariff.Method, kw decimal.Decimal) string {
	if m == tariff.MethodContractDemand {
		return kw.String()
	}
	return ""
}

// writeCSV writes the month-by-month table only: UTF-8 with BOM, one header
// row in the report's language naming each column and its unit, one row per
// month, no totals row. Amounts are exact in 元 with a point and no
// thousands separators; months are written as text a spreadsheet does not
// turn into a date ("2016-07 (Jul)", "2016年7月份").
func writeCSV(w io.Writer, l lang, c *scenario.Comparison) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	sc := c.Scenario
	arr := func(key string) string { return l.shortArrangement(sc, key) + l.t(" (元)", "（元）") }
	saving := func(lever, pair string) string {
		return l.t(l.lever(sc, lever)+" saving, "+pair+" (元)", l.lever(sc, lever)+"节省 "+pair+"（元）")
	}
	head := []string{l.t("Scenario", "情景"), l.t("Month", "月份"), l.t("Usage (kWh)", "用电量（千瓦时）"),
		arr("A"), arr("B"), arr("C₂"), arr("C"),
		saving("L1", "A − B"), saving("L2", "B − C₂"), saving("L3", "C₂ − C"),
		l.t("Total saving, A − C (元)", "合计节省 A − C（元）"),
		l.t("Deviation penalty in C₂ (元)", "C₂ 中的偏差考核费用（元）"),
		l.t("Usage from", "用电量来源")}
	if err := cw.Write(head); err != nil {
		return err
	}
	m := settlement.Money
	for _, mr := range c.Months {
		dev, _ := deviationOf(mr)
		month := l.t(mr.Usage.Month.String()+" ("+mr.Usage.Month.First().Time().Format("Jan")+")", mr.Usage.Month.StringZH()+"份")
		if err := cw.Write([]string{sc.Name, month, mr.KWh().String(), m(mr.A.Total), m(mr.B.Total), m(mr.C2.Total), m(mr.C.Total), m(mr.L1), m(mr.L2), m(mr.L3), m(mr.Total), m(dev), csvOrigin(l, mr)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvOrigin says where a month's usage comes from, in the report's language.
func csvOrigin(l lang, mr scenario.Month) string {
	if !mr.FromIntervals() {
		return l.t("meter readings", "抄表电量")
	}
	return l.t("interval data: ", "负荷曲线：") + strings.Join(mr.IntervalFiles, l.t(", ", "、"))
}

// origin says where a month's usage comes from, as JSON and CSV carry it:
// "register", or "interval data: " and the files.
func origin(mr scenario.Month) string {
	if !mr.FromIntervals() {
		return "register"
	}
	return "interval data: " + strings.Join(mr.IntervalFiles, ", ")
}
