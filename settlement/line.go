package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Line is one amount of a bill, rounded once to the fen, with its basis:
// the tables and documents it rests on, the clause applied and the items
// (JSON groups these five under "basis").
type Line struct {
	Code    tariff.LineCode // line kind: tariff.LineEnergy, tariff.LineFunds, …
	Period  tariff.Period   // TOU period, empty when the line is not split by TOU
	LabelZH string          // the line's name in Chinese
	LabelEN string          // the line's name in English
	// Quantity, Unit and UnitPrice show how Amount was reached: Amount is
	// Quantity × UnitPrice, rounded (of the exact fractions where one
	// repeats and is shown to 24 places), except for two codes. Power factor:
	// Quantity is the base in 元 and UnitPrice a percent (Amount = Quantity
	// × UnitPrice ÷ 100). Loss computed from the rate (README §3.7):
	// UnitPrice is the purchase price and Amount is Quantity × UnitPrice ×
	// rate ÷ (1 − rate), the rate in the clause (with a published loss
	// price, UnitPrice is that price and the rule holds).
	Quantity  decimal.Decimal // kWh, kW, kVA, or the base in 元 for power factor
	Unit      string          // "kWh", "kW", "kVA", "元"
	UnitPrice decimal.Decimal // never rounded; a percent for power factor; the purchase price for loss
	Amount    decimal.Decimal // rounded to 0.01 元, half away from zero
	Tables    []string        // ids of the tables the amount rests on
	Documents []string        // their documents (or documents without a table)
	Clause    string          // the rule or formula applied
	ClauseZH  string          // the same in Chinese
	Items     []Item          // itemisation: funds, units, feeders, excess
}

// Item is one itemised part of a line's basis: what it is (Kind), the unit,
// feeder, fund or contract it names (Ref), and its value as text.
type Item struct {
	Kind  ItemKind // what the item is: a unit, a feeder, a fund, the floor, …
	Ref   string   // the unit, feeder, fund or contract named; empty for kinds naming none
	Value string   // the item's value as text
}

// ItemKind says what an item of a basis is; reports translate it.
type ItemKind string

// The item kinds.
const (
	ItemUnit          ItemKind = "unit"             // a transformer or motor; Ref is its id
	ItemFeeder        ItemKind = "feeder"           // a feeder's demand; Ref is the feeder
	ItemFund          ItemKind = "fund"             // a government fund; Ref is its name
	ItemContract      ItemKind = "contract"         // a market contract; Ref is its number
	ItemDiscount      ItemKind = "discount"         // the high-utilisation discount
	ItemFloor         ItemKind = "floor"            // the 40 % floor
	ItemExcess        ItemKind = "excess"           // demand above 105 % of the contract
	ItemActualKWh     ItemKind = "actual_kwh"       // E, the month's actual kWh
	ItemContractedKWh ItemKind = "contracted_kwh"   // Q, the contracted kWh
	ItemMetered       ItemKind = "metered"          // the metered kWh or kvarh; Ref is the unit
	ItemTransformer   ItemKind = "transformer_loss" // transformer losses added (变损); Ref is the unit
	ItemConsumption   ItemKind = "consumption"      // last year's aluminium consumption per tonne
	ItemThreshold     ItemKind = "threshold"        // the stepped-price threshold of the month
	ItemSteps         ItemKind = "steps"            // the stepped-price steps above the threshold
	ItemRenewable     ItemKind = "renewable"        // the renewable-share reduction
	ItemProduction    ItemKind = "production_kwh"   // the aluminium-liquid production kWh charged
)

var itemLabels = map[ItemKind][2]string{
	ItemFeeder: {"出线", "feeder"}, ItemContract: {"合同", "contract"}, ItemDiscount: {"高负荷率优惠", "discount"},
	ItemFloor: {"下限", "floor"}, ItemExcess: {"超需量", "excess"}, ItemActualKWh: {"实际电量", "actual kWh"},
	ItemContractedKWh: {"合同电量", "contracted kWh"}, ItemMetered: {"抄见", "metered"}, ItemTransformer: {"变损", "transformer loss"},
	ItemConsumption: {"上年电耗", "last year's consumption"}, ItemThreshold: {"门槛", "threshold"}, ItemSteps: {"加价档数", "steps"},
	ItemRenewable: {"可再生能源减免", "renewable reduction"}, ItemProduction: {"铝液生产用电量", "production kWh"},
}

// LabelZH returns the kind's Chinese name; empty for units and funds, which
// are named by their Ref alone.
func (k ItemKind) LabelZH() string { return itemLabels[k][0] }

// LabelEN returns the kind's English name; empty for units and funds.
func (k ItemKind) LabelEN() string { return itemLabels[k][1] }

// Name returns the item's English name, as JSON carries it: "feeder F1",
// "contract 2", "floor", or the unit's id or the fund's name.
func (i Item) Name() string { return i.name(i.Kind.LabelEN()) }

// NameZH returns the item's Chinese name: "出线 F1", "下限", ….
func (i Item) NameZH() string { return i.name(i.Kind.LabelZH()) }

func (i Item) name(label string) string {
	switch {
	case label == "":
		return i.Ref
	case i.Ref == "":
		return label
	}
	return label + " " + i.Ref
}

// labels returns a line's Chinese and English labels: the code's, with the
// TOU period where the line is split by period.
func labels(code tariff.LineCode, p tariff.Period) (string, string) {
	var byLen []int
	if len(code) < len(labelsByLen) {
		byLen = labelsByLen[len(code)]
	}
	for _, i := range byLen {
		t := &labelTable[i]
		if t.code != code {
			continue
		}
		if p == "" {
			return t.zh, t.en
		}
		if k := periodIndex(p); k >= 0 {
			return t.byPeriod[k][0], t.byPeriod[k][1]
		}
		break
	}
	if p != "" {
		return periodLabel(code, p)
	}
	return code.Labels()
}

func periodLabel(code tariff.LineCode, p tariff.Period) (string, string) {
	zh, en := code.Labels()
	return zh + "（" + p.LabelZH() + "）", en + " (" + p.LabelEN() + ")"
}

// tablePeriods are the TOU periods of labelTable's byPeriod, in order.
var tablePeriods = [4]tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical}

// periodIndex returns p's index in tablePeriods, or −1.
func periodIndex(p tariff.Period) int {
	switch p {
	case tariff.PeriodPeak:
		return 0
	case tariff.PeriodFlat:
		return 1
	case tariff.PeriodValley:
		return 2
	case tariff.PeriodCritical:
		return 3
	}
	return -1
}

// codeLabels are a line code's labels, flat and split by each TOU period.
type codeLabels struct {
	code     tariff.LineCode
	zh, en   string
	byPeriod [4][2]string // by tablePeriods
}

// labelsByLen lists labelTable's indices by the length of the code (one or
// two codes a length): a line's labels are found without hashing; read only.
var labelsByLen = func() (out [32][]int) {
	for i, t := range labelTable {
		if len(t.code) < len(out) {
			out[len(t.code)] = append(out[len(t.code)], i)
		}
	}
	return out
}()

// labelTable holds the labels of every line code, built once; read only.
var labelTable = func() []codeLabels {
	var out []codeLabels
	for _, c := range tariff.LineCodes() {
		t := codeLabels{code: c}
		t.zh, t.en = c.Labels()
		for k, p := range tablePeriods {
			t.byPeriod[k][0], t.byPeriod[k][1] = periodLabel(c, p)
		}
		out = append(out, t)
	}
	return out
}()
