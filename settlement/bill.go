package settlement

import (
	"encoding/json"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Arrangement says how the energy of a bill was bought.
type Arrangement string

// The arrangements.
const (
	CatalogArrangement Arrangement = "catalog"         // 目录电价
	DirectTrade        Arrangement = "direct_trade"    // 直接交易, 2016–2023 structure
	AgencyPurchase     Arrangement = "agency_purchase" // 电网企业代理购电, 2023+
	MarketPurchase     Arrangement = "market_purchase" // market purchase, 2023+
)

// Bill is one month's bill: line items that a billing system can store and a
// finance reader can check, with the rules, tables and warnings behind them.
type Bill struct {
	Month       tariff.Month
	Customer    string
	Arrangement Arrangement
	Label       string // the comparison's name for it ("A", "B", …), if any
	Lines       []Line
	Total       decimal.Decimal // the sum of the rounded lines
	PowerFactor PFInfo
	Basic       BasicInfo
	Sources     []Source  // every table the bill used, first use first
	Warnings    []Warning // MEDIUM values, counterfactual rules, user-supplied levels, …
}

// Line is one amount of a bill, rounded once to the fen.
type Line struct {
	Code      string        // line kind: energy, funds, basic, power_factor, traded_energy, …
	Period    tariff.Period // TOU period, empty when the line is not split by TOU
	LabelZH   string
	LabelEN   string
	Quantity  decimal.Decimal // kWh, kW, kVA, or the base in 元 for power factor
	Unit      string          // "kWh", "kW", "kVA", "元"
	UnitPrice decimal.Decimal // never rounded; a percent for power factor
	Amount    decimal.Decimal // rounded to 0.01 元, half away from zero
	Basis     Basis
}

// Basis says where a line comes from.
type Basis struct {
	Tables    []string // table ids
	Documents []string // their documents
	Clause    string   // the rule or formula applied
	ClauseZH  string   // the same in Chinese
	Items     []Item   // itemisation: funds, units, feeders, excess
}

// Item is one itemised part of a line's basis.
type Item struct {
	Name  string
	Value string
}

// PFInfo is the power-factor adjustment as applied.
type PFInfo struct {
	Applied  bool            // false when kWh and kvarh are both zero
	Value    decimal.Decimal // PF rounded half up to 0.01
	Standard decimal.Decimal
	Percent  decimal.Decimal // adjustment in percent of the base, negative = reduction
	Base     decimal.Decimal // sum of the rounded lines covered
	Table    string
	KWh      decimal.Decimal // the active energy the PF was computed from
	KVarh    decimal.Decimal // the reactive energy
}

// BasicInfo is the basic-charge choice as applied.
type BasicInfo struct {
	Rules          string // rule set id
	Document       string
	Method         tariff.Method
	ContractKW     decimal.Decimal // declared contract demand (contract method)
	BilledKW       decimal.Decimal // contract after the floor (contract method), or billed actual demand
	DemandKW       decimal.Decimal // actual max demand, feeders summed
	CapacityKVA    decimal.Decimal // capacity in service (chargeable every day of the month)
	Reading        string          // excess reading "a" or "b"
	Discount       bool            // the high-utilisation discount applied
	Counterfactual bool            // the rule set was not in force in the month
}

// Source is a table a bill or report used, with its provenance.
type Source struct {
	ID         string
	Kind       tariff.Kind
	Issuer     string
	Document   string
	Range      string
	Confidence tariff.Confidence
	// Medium lists the values of the table that are MEDIUM where the table as a
	// whole is HIGH.
	Medium []string
}

// Warning is something a reader must know about a result.
type Warning struct {
	Code string // medium_value, counterfactual_rules, suspension_unchecked, user_supplied, eligibility, …
	ZH   string
	EN   string
}

// SourceOf describes a table header as a Source.
func SourceOf(h tariff.Header) Source {
	return Source{ID: h.ID, Kind: h.Kind, Issuer: h.Issuer, Document: h.Document, Range: h.Range(), Confidence: h.Confidence, Medium: h.MediumValues()}
}

// Money formats an amount with exactly two decimals, as JSON and CSV carry it.
func Money(d decimal.Decimal) string { return d.StringFixed(2) }

// Price formats a unit price exactly as computed or as its table gives it
// (trailing zeros of the table kept: "22.0", "0.0571", "0.08327").
func Price(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

type lineJSON struct {
	Code      string    `json:"code"`
	Period    string    `json:"period,omitempty"`
	LabelZH   string    `json:"label_zh"`
	LabelEN   string    `json:"label_en"`
	Quantity  string    `json:"quantity"`
	Unit      string    `json:"unit"`
	UnitPrice string    `json:"unit_price"`
	Amount    string    `json:"amount"`
	Basis     basisJSON `json:"basis"`
}

type basisJSON struct {
	Tables    []string `json:"tables"`
	Documents []string `json:"documents"`
	Clause    string   `json:"clause"`
	ClauseZH  string   `json:"clause_zh"`
	Items     []Item   `json:"items,omitempty"`
}

// MarshalJSON encodes the line with stable field names; the amount is a string
// with exactly two decimals, the unit price as the table gives it.
func (l Line) MarshalJSON() ([]byte, error) {
	return json.Marshal(lineJSON{
		Code: l.Code, Period: string(l.Period), LabelZH: l.LabelZH, LabelEN: l.LabelEN,
		Quantity: l.Quantity.String(), Unit: l.Unit, UnitPrice: Price(l.UnitPrice), Amount: Money(l.Amount),
		Basis: basisJSON{Tables: nonNil(l.Basis.Tables), Documents: nonNil(l.Basis.Documents), Clause: l.Basis.Clause, ClauseZH: l.Basis.ClauseZH, Items: l.Basis.Items},
	})
}

// MarshalJSON encodes an item as {"name": …, "value": …}.
func (i Item) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{i.Name, i.Value})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type billJSON struct {
	Month       string    `json:"month"`
	Customer    string    `json:"customer"`
	Arrangement string    `json:"arrangement"`
	Label       string    `json:"label,omitempty"`
	Lines       []Line    `json:"lines"`
	Total       string    `json:"total"`
	PowerFactor pfJSON    `json:"power_factor"`
	Basic       basicJSON `json:"basic_charge"`
	Sources     []Source  `json:"sources"`
	Warnings    []Warning `json:"warnings"`
}

type pfJSON struct {
	Applied  bool   `json:"applied"`
	KWh      string `json:"kwh"`
	KVarh    string `json:"kvarh"`
	Value    string `json:"value"`
	Standard string `json:"standard"`
	Percent  string `json:"percent"`
	Base     string `json:"base"`
	Table    string `json:"table"`
}

type basicJSON struct {
	Rules          string `json:"rules"`
	Document       string `json:"document"`
	Method         string `json:"method"`
	ContractKW     string `json:"contract_kw,omitempty"`
	BilledKW       string `json:"billed_kw,omitempty"`
	DemandKW       string `json:"demand_kw"`
	CapacityKVA    string `json:"capacity_kva"`
	Reading        string `json:"reading"`
	Discount       bool   `json:"discount"`
	Counterfactual bool   `json:"counterfactual"`
}

// MarshalJSON encodes the bill with stable field names; money as strings with
// two decimals (ARCHITECTURE, Reports).
func (b Bill) MarshalJSON() ([]byte, error) {
	bj := billJSON{
		Month: b.Month.String(), Customer: b.Customer, Arrangement: string(b.Arrangement), Label: b.Label,
		Lines: b.Lines, Total: Money(b.Total),
		PowerFactor: pfJSON{b.PowerFactor.Applied, b.PowerFactor.KWh.String(), b.PowerFactor.KVarh.String(), b.PowerFactor.Value.StringFixed(2), Price(b.PowerFactor.Standard), b.PowerFactor.Percent.String(), Money(b.PowerFactor.Base), b.PowerFactor.Table},
		Basic: basicJSON{Rules: b.Basic.Rules, Document: b.Basic.Document, Method: string(b.Basic.Method),
			DemandKW: b.Basic.DemandKW.String(), CapacityKVA: b.Basic.CapacityKVA.String(), Reading: b.Basic.Reading,
			Discount: b.Basic.Discount, Counterfactual: b.Basic.Counterfactual},
		Sources: b.Sources, Warnings: b.Warnings,
	}
	if b.Basic.Method != tariff.ByCapacity {
		bj.Basic.BilledKW = b.Basic.BilledKW.String()
	}
	if b.Basic.Method == tariff.ByContractDemand {
		bj.Basic.ContractKW = b.Basic.ContractKW.String()
	}
	if bj.Lines == nil {
		bj.Lines = []Line{}
	}
	if bj.Sources == nil {
		bj.Sources = []Source{}
	}
	if bj.Warnings == nil {
		bj.Warnings = []Warning{}
	}
	return json.Marshal(bj)
}

// MarshalJSON encodes a source with stable field names.
func (s Source) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID         string   `json:"id"`
		Kind       string   `json:"kind"`
		Issuer     string   `json:"issuer"`
		Document   string   `json:"document"`
		Range      string   `json:"effective"`
		Confidence string   `json:"confidence"`
		Medium     []string `json:"medium_values"`
	}{s.ID, string(s.Kind), s.Issuer, s.Document, s.Range, string(s.Confidence), nonNil(s.Medium)})
}

// MarshalJSON encodes a warning with stable field names.
func (w Warning) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code string `json:"code"`
		ZH   string `json:"zh"`
		EN   string `json:"en"`
	}{w.Code, w.ZH, w.EN})
}

// Line returns the first line with the given code, and whether there is one.
func (b Bill) Line(code string) (Line, bool) {
	for _, l := range b.Lines {
		if l.Code == code {
			return l, true
		}
	}
	return Line{}, false
}

// Sum returns the sum of the amounts of every line with the given code.
func (b Bill) Sum(code string) decimal.Decimal {
	s := decimal.Zero
	for _, l := range b.Lines {
		if l.Code == code {
			s = s.Add(l.Amount)
		}
	}
	return s
}
