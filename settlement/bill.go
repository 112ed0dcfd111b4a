package settlement

import (
	"slices"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Arrangement says how the energy of a bill was bought.
type Arrangement string

// The arrangements.
const (
	ArrangementCatalog        Arrangement = "catalog"         // 目录电价
	ArrangementDirectTrade    Arrangement = "direct_trade"    // 直接交易, 2016–2023 structure
	ArrangementAgencyPurchase Arrangement = "agency_purchase" // 电网企业代理购电, 2023+
	ArrangementMarketPurchase Arrangement = "market_purchase" // market purchase, 2023+
)

// Bill is one month's bill: line items that a billing system can store and a
// finance reader can check, with the rules, tables and warnings behind them.
type Bill struct {
	Month    tariff.Month // the month billed
	Customer string       // the customer's ID (Customer.ID)
	// Arrangement is how the energy is bought: catalog, direct trade, agency
	// purchase or market purchase.
	Arrangement Arrangement
	Label       string          // the comparison's name for it ("A", "B", …), if any
	Lines       []Line          // the line items, each rounded to the fen; they sum to Total
	Total       decimal.Decimal // the sum of the rounded lines

	// The power-factor adjustment as applied (JSON "power_factor"; its
	// line, if any, is in Lines).
	PFApplied  bool            // false when kWh and kvarh are both zero, or the standard is none
	PF         decimal.Decimal // the power factor, rounded half up to 0.01
	PFStandard PFStandard      // the plant's standard; PFExempt: no adjustment applies (the bill warns why)
	PFPercent  decimal.Decimal // the adjustment in percent of the base, negative = reduction
	PFBase     decimal.Decimal // the sum of the rounded lines the adjustment covers
	PFTable    string          // id of the power-factor adjustment table consulted
	PFKWh      decimal.Decimal // the active energy the power factor was computed from
	PFKVarh    decimal.Decimal // the reactive energy

	// The basic-charge choice as applied (JSON "basic_charge"; its line is
	// in Lines).
	Rules          string          // id of the basic-charge rule set
	RulesDocument  string          // the document that issued the rule set
	Method         tariff.Method   // capacity, contract demand or actual demand
	ContractKW     decimal.Decimal // declared contract demand (contract method); zero otherwise
	BilledKW       decimal.Decimal // contract after the floor (contract method), or billed actual demand; zero under capacity
	DemandKW       decimal.Decimal // actual max demand, feeders summed
	CapacityKVA    decimal.Decimal // capacity in service (chargeable every day of the month)
	Reading        tariff.Reading  // how the rule set reads the 105 % excess
	Discount       bool            // the high-utilisation discount applied
	Counterfactual bool            // the rule set's basic-charge provisions did not apply in the month

	// Sources are every table the bill used, each once, in the order the
	// computation first consulted it: TOU tables, the basic-charge rule set
	// (consulted before any line is priced), then the other tables as the
	// lines use them. The first source is not always the first line's table.
	Sources  []Source
	Warnings []Warning // MEDIUM values, counterfactual rules, user-supplied levels, …
}

// Source is a table a bill or report used, with its provenance.
type Source struct {
	ID       string      // the table's id
	Kind     tariff.Kind // the table's kind
	Issuer   string      // who issued the document
	Document string      // the document the values come from
	// Range is the table's effective range as text, "[2016-01-01,
	// 2017-07-01)" (to excluded; "open" when it has no end).
	Range      string
	Confidence tariff.Confidence // the table's confidence as a whole
	// Medium lists the values of the table that are MEDIUM where the table as a
	// whole is HIGH.
	Medium []string
}

// Warning is something a reader must know about a result: a code, what it
// is about, and the sentence in Chinese and English. Two warnings with the
// same Code and Subject say the same thing.
type Warning struct {
	Code WarningCode // what kind of warning it is, for programs; reports translate it
	// Subject is what the warning is about: a table id and value path, a rule set,
	// a feeder; may be empty.
	Subject string
	ZH      string // the sentence in Chinese
	EN      string // the sentence in English
}

// WarningCode is the kind of a warning.
type WarningCode string

// The warning codes.
const (
	WarningMediumValue         WarningCode = "medium_value"          // a MEDIUM-confidence value was used
	WarningCounterfactualRules WarningCode = "counterfactual_rules"  // basic-charge provisions that did not apply in the month
	WarningSuspensionUnchecked WarningCode = "suspension_unchecked"  // suspension limits not verified
	WarningUserSupplied        WarningCode = "user_supplied"         // captive levels are the user's
	WarningEligibility         WarningCode = "eligibility"           // the plant may be barred from direct trading
	WarningExamplePrices       WarningCode = "example_prices"        // prices are example inputs
	WarningHindsightPlan       WarningCode = "hindsight_plan"        // a plan optimised with hindsight
	WarningUserTable           WarningCode = "user_table"            // a table supplied with a scenario
	WarningNo15MinDemand       WarningCode = "no_15min_demand"       // demand not from 15-minute intervals
	WarningIntervalGaps        WarningCode = "interval_gaps"         // interval data with accepted gaps
	WarningExactFraction       WarningCode = "exact_fraction"        // a repeating quantity or price shown to 24 places
	WarningZeroPrice           WarningCode = "zero_price"            // a table price of 0: a template's placeholder left in?
	WarningDemandAboveCapacity WarningCode = "demand_above_capacity" // demand above MaxDemandPerKVA × the capacity in service
	WarningKVarhAboveKWh       WarningCode = "kvarh_above_kwh"       // kvarh above MaxKVarhPerKWh × kWh
	WarningPFExempt            WarningCode = "pf_exempt"             // the standard is none: no power-factor adjustment
	WarningAluminiumAllKWh     WarningCode = "aluminium_all_kwh"     // no production kWh given: the surcharge is on all kWh
	// The declared contract demand is below the whole kW of the rule set's
	// floor × capacity in service: the floor is billed (README §3.4).
	WarningContractBelowFloor WarningCode = "contract_below_floor"
	// The declared contract demand is above MaxContractPerKVA × the capacity
	// in service.
	WarningContractAboveCapacity WarningCode = "contract_above_capacity"
	// The kWh are above MaxKWhPerKVAHour × the kVA-hours the units in service
	// can deliver in the month.
	WarningKWhAboveCapacity WarningCode = "kwh_above_capacity"
)

// warningCodes are the warning codes that exist, as JSON decoding checks them.
var warningCodes = []WarningCode{WarningMediumValue, WarningCounterfactualRules, WarningSuspensionUnchecked, WarningUserSupplied,
	WarningEligibility, WarningExamplePrices, WarningHindsightPlan, WarningUserTable, WarningNo15MinDemand, WarningIntervalGaps,
	WarningExactFraction, WarningZeroPrice, WarningDemandAboveCapacity, WarningKVarhAboveKWh, WarningPFExempt, WarningAluminiumAllKWh,
	WarningContractBelowFloor, WarningContractAboveCapacity, WarningKWhAboveCapacity}

// SourceOf describes a table header as a Source.
func SourceOf(h tariff.Header) Source {
	return Source{ID: h.ID, Kind: h.Kind, Issuer: h.Issuer, Document: h.Document, Range: h.Range(), Confidence: h.Confidence, Medium: h.MediumValues()}
}

// Line returns the first line with the given code, and whether there is one.
func (b Bill) Line(code tariff.LineCode) (Line, bool) {
	for _, l := range b.Lines {
		if l.Code == code {
			return l, true
		}
	}
	return Line{}, false
}

// Clone returns a copy of the bill that shares no slice with b: editing
// one never changes the other.
func (b Bill) Clone() Bill {
	c := b
	c.Lines = make([]Line, len(b.Lines)) // non-nil, as Clone has always made it
	copy(c.Lines, b.Lines)
	// One backing array for the lines' tables and documents and the sources'
	// MEDIUM paths, one for the items: each slice of the clone is a
	// capacity-capped part of them (appending to one never writes into
	// another), nil where b's is nil.
	ns, ni := 0, 0
	for i := range b.Lines {
		ns += len(b.Lines[i].Tables) + len(b.Lines[i].Documents)
		ni += len(b.Lines[i].Items)
	}
	for i := range b.Sources {
		ns += len(b.Sources[i].Medium)
	}
	strs := make([]string, 0, ns)
	items := make([]Item, 0, ni)
	part := func(s []string) []string {
		if s == nil {
			return nil
		}
		o := len(strs)
		strs = append(strs, s...)
		return strs[o:len(strs):len(strs)]
	}
	for i := range c.Lines {
		l := &c.Lines[i]
		l.Tables, l.Documents = part(l.Tables), part(l.Documents)
		if l.Items != nil {
			o := len(items)
			items = append(items, l.Items...)
			l.Items = items[o:len(items):len(items)]
		}
	}
	c.Sources = make([]Source, len(b.Sources))
	copy(c.Sources, b.Sources)
	for i := range c.Sources {
		c.Sources[i].Medium = part(c.Sources[i].Medium)
	}
	c.Warnings = slices.Clone(b.Warnings)
	return c
}

// Sum returns the sum of the amounts of every line with the given code.
func (b Bill) Sum(code tariff.LineCode) decimal.Decimal {
	s := decimal.Zero
	for _, l := range b.Lines {
		if l.Code == code {
			s = s.Add(l.Amount)
		}
	}
	return s
}
