package main

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/scenario"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The Bridge, Sensitivity and assumption blocks of the workbook read these
// views, filled from the library's estimate (scenario.Estimate, README
// §4.1): the bridge by line group (tariff.LineCode.Group), the 13 points of
// the traded-price sensitivity and the break-even price, the assumptions.

// bridgeView splits each lever by line group (README §4), for the year.
type bridgeView struct {
	groups []bridgeGroup // in display order; they add up to the levers
}

// bridgeGroup is one row of the bridge: the group and its share of L1, L2,
// L3 and A − C.
type bridgeGroup struct {
	key    tariff.LineGroup
	levers [4]decimal.Decimal
}

// bridgeFromEstimate is the estimate's annual bridge; groups no bill uses
// are left out.
func bridgeFromEstimate(c *scenario.Comparison) bridgeView {
	used := map[tariff.LineGroup]bool{}
	for _, mr := range c.Months {
		for _, b := range []settlement.Bill{mr.A, mr.B, mr.C2, mr.C} {
			for _, ln := range b.Lines {
				used[ln.Code.Group()] = true
			}
		}
	}
	var v bridgeView
	for _, b := range yearBridge(c) {
		if used[b.Group] {
			v.groups = append(v.groups, bridgeGroup{key: b.Group, levers: [4]decimal.Decimal{b.L1, b.L2, b.L3, b.Total}})
		}
	}
	return v
}

// sensitivityView is the traded-price sensitivity (README §4): annual C₂,
// L2 and saving at each price.
type sensitivityView struct {
	points []sensPoint
}

// sensPoint is one point: the price moved by delta, whole bills.
type sensPoint struct {
	delta, price, c2, l2, saving decimal.Decimal
}

// sensitivityFromEstimate is the estimate's points.
func sensitivityFromEstimate(c *scenario.Comparison) sensitivityView {
	var v sensitivityView
	for _, p := range c.Sensitivity {
		v.points = append(v.points, sensPoint{delta: p.Delta, price: p.Value, c2: p.C2, l2: p.L2, saving: p.Saving})
	}
	return v
}

// assumption is an input that is not a measured quantity, with its value and
// where it came from (README §4).
type assumption struct {
	label, value, origin string
}

// assumptionsFromEstimate lists the estimate's assumptions in language l.
func assumptionsFromEstimate(l lang, c *scenario.Comparison) []assumption {
	var out []assumption
	sc := c.Scenario
	for _, a := range c.Assumptions {
		origin := a.Origin
		if a.Code == scenario.AssumptionVATBasis {
			origin = l.t(a.Origin, "本程序的 README §4.1")
		}
		if a.Field != "" {
			origin = l.t("scenario file ", "情景文件 ") + sc.File // the Summary sheet names the file once
		}
		out = append(out, assumption{l.t(a.Code.LabelEN(), a.Code.LabelZH()), l.t(a.EN, a.ZH), origin})
	}
	return out
}
