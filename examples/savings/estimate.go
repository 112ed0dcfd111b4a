package main

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The estimate of README §4.1 in the JSON, and helpers the text and
// Markdown report (report.go) shares.

// yearBridge is the bridge's rows for the year.
func yearBridge(c *scenario.Comparison) []scenario.Savings {
	return c.Bridge[len(c.Bridge)-len(tariff.LineGroups()):]
}

func slicesIndex(g tariff.LineGroup) int {
	for i, x := range tariff.LineGroups() {
		if x == g {
			return i
		}
	}
	return -1
}

func monthLevers(mr scenario.Month) scenario.Savings {
	return scenario.Savings{Month: mr.Usage.Month, L1: mr.L1, L2: mr.L2, L3: mr.L3, Total: mr.Total}
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

func levers(b scenario.Savings) jsonLevers {
	m := settlement.Money
	return jsonLevers{m(b.L1), m(b.L2), m(b.L3), m(b.Total)}
}

// addEstimate fills the report's estimate blocks from c's estimate.
func addEstimate(r *jsonReport, c *scenario.Comparison) {
	m := settlement.Money
	as := []jsonAssumption{}
	for _, a := range c.Assumptions {
		as = append(as, jsonAssumption{string(a.Code), a.Code.LabelZH(), a.Code.LabelEN(), a.Value, a.Origin, a.ZH, a.EN})
	}
	r.Assumptions = &as
	groups := tariff.LineGroups()
	n := len(groups)
	br := &jsonBridge{}
	for _, g := range groups {
		br.Groups = append(br.Groups, string(g))
	}
	month := func(i int, lv scenario.Savings) jsonBridgeMonth {
		jm := jsonBridgeMonth{EnergyWithTND: levers(c.EnergyWithTND[i]), Levers: levers(lv)}
		for _, b := range c.Bridge[i*n : (i+1)*n] {
			jm.Groups = append(jm.Groups, jsonBridgeGroup{string(b.Group), levers(b)})
		}
		return jm
	}
	for i, mr := range c.Months {
		jm := month(i, monthLevers(mr))
		jm.Month = mr.Usage.Month.String()
		br.Months = append(br.Months, jm)
	}
	br.Year = month(len(c.Months), c.Annual)
	r.Bridge = br
	s := &jsonSensitivity{Points: []jsonSensPoint{}}
	for _, v := range c.Sensitivity {
		s.Points = append(s.Points, jsonSensPoint{v.Delta.StringFixed(4), settlement.Price(v.Value), m(v.C2), m(v.L2), m(v.Saving)})
	}
	if be := c.BreakEven; be.Valid {
		p := settlement.Price(be.Decimal)
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
	r.OpenPoints = variants(c.OpenPoints)
	r.MediumWeights = variants(c.MediumWeights)
	ns := []jsonNegative{}
	for _, x := range c.NegativeLevers {
		jn := jsonNegative{Month: x.Month.String(), Lever: x.Lever, Amount: m(x.Amount), Group: string(x.Group), GroupAmount: m(x.GroupAmount), Rule: x.Rule, ZH: x.ZH, EN: x.EN}
		if x.Rule != "" {
			jn.From, jn.To = x.From.String(), x.To.String()
		}
		ns = append(ns, jn)
	}
	r.NegativeLevers = &ns
}
