package settlement

import (
	"encoding/json"

	"github.com/dianfei/dianfei/tariff"
)

type lineJSON struct {
	Code      tariff.LineCode `json:"code"`
	Period    string          `json:"period,omitempty"`
	LabelZH   string          `json:"label_zh"`
	LabelEN   string          `json:"label_en"`
	Quantity  string          `json:"quantity"`
	Unit      string          `json:"unit"`
	UnitPrice string          `json:"unit_price"`
	Amount    string          `json:"amount"`
	Basis     basisJSON       `json:"basis"`
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
	}{i.Name(), i.Value})
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
	Rules          string         `json:"rules"`
	Document       string         `json:"document"`
	Method         string         `json:"method"`
	ContractKW     string         `json:"contract_kw,omitempty"`
	BilledKW       string         `json:"billed_kw,omitempty"`
	DemandKW       string         `json:"demand_kw"`
	CapacityKVA    string         `json:"capacity_kva"`
	Reading        tariff.Reading `json:"reading"`
	Discount       bool           `json:"discount"`
	Counterfactual bool           `json:"counterfactual"`
}

// MarshalJSON encodes the bill with stable field names; money as strings with
// two decimals (README, The bill: JSON).
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
	if b.Basic.Method != tariff.MethodCapacity {
		bj.Basic.BilledKW = b.Basic.BilledKW.String()
	}
	if b.Basic.Method == tariff.MethodContractDemand {
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
		Code WarningCode `json:"code"`
		ZH   string      `json:"zh"`
		EN   string      `json:"en"`
	}{w.Code, w.ZH, w.EN})
}
