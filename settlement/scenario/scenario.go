// Package scenario reads measure-9 scenario files (a plant, a run of months,
// the arrangements) and compares them (README §4): whole bills A → B → C₂ → C
// every month, savings by lever as differences of totals, the plans, the
// break-even traded price and the reasons a lever saves nothing.
//
// Files named inside a scenario (tables, interval data) are read relative to
// the scenario's folder. Comparisons are pure functions of their inputs and
// safe for concurrent use.
//
// Bad input is a *settlement.Error located in the scenario file (File, Line,
// Column, Field as the YAML path), rendered
//
//	settlement: s.yaml:12:27: months[1].kwh: "-310000000": must not be negative
//
// (a table file the scenario names that does not load is its *tariff.Error;
// an interval file's, a *settlement.Error of that file). A computation error
// is one *settlement.Error located at the field or month it concerns (see
// settlement.Error); a table lookup's *tariff.Error stays reachable through
// errors.As.
package scenario

import (
	"maps"
	"slices"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Scenario is a plant, a run of months and the arrangements to compare
// (README §4). Read one with Load (from a reader), LoadFile or LoadFS.
type Scenario struct {
	Name      string           // the scenario's short name, required
	Title     string           // title in English, for reports; may be empty
	TitleZH   string           // title in Chinese, for Chinese reports
	Notes     string           // notes in English, for reports; may be empty
	NotesZH   string           // notes in Chinese, for Chinese reports
	File      string           // the file the scenario was read from, for errors
	Structure tariff.Structure // catalog vs direct trade (2016), or agency vs market purchase (2023)
	Highlight tariff.Month     // the month reports itemise; the first month by default
	// TOU names the TOU ratios table of months whose kWh are split by period.
	TOU string
	// ExamplePrices marks the scenario's prices as example inputs.
	ExamplePrices bool
	Customer      settlement.Customer // the plant
	Months        []Month             // the months compared, in order

	// The basic-charge rule sets and plans of A (before) and B (kept by C₂
	// and C):
	//
	// RulesA and RulesB are rule set ids; empty: the rule set in force in
	// the first month (it must stay in force for the whole run).
	RulesA, RulesB string
	// StatedA and StatedB are the plans as the plant states them, one
	// period per month (From == To) with its method and contract; nil: the
	// cheapest plan the rules allow, found by settlement.OptimisePlan
	// (arrangements.a.plan: cheapest).
	StatedA, StatedB []settlement.PlanPeriod

	// The C₂ arrangement (direct trade, or market purchase), kept by C:
	//
	// TradedPrice is the traded price of every month, 元/kWh (2016
	// structure, arrangements.c2.price).
	TradedPrice decimal.NullDecimal
	// MarketPrice is the market price of all kWh of every month, 元/kWh
	// (2023 structure, arrangements.c2.market_price).
	MarketPrice decimal.NullDecimal
	// TND is the id of an approved T&D table; empty: the one in force.
	TND string
	// Deviation is the id of the deviation rule set (2016 structure,
	// required).
	Deviation string
	// ContractShare is the contracted kWh as a fraction 0 … 1 of
	// consumption, for months without ContractKWh (2016 structure); null:
	// every month gives ContractKWh.
	ContractShare decimal.NullDecimal

	// Tables are the extra tables the scenario names, loaded with it: one
	// Set a table file, as tariff.Load reads it (Compare joins them to the
	// tables it is given).
	Tables []*tariff.Set

	pos     map[string]*yaml.Node // positions of fields, for located errors
	feeders []string
	// aluminium are the smelter's stepped-price facts per calendar year
	// (plant.aluminium), given to every month's usage; empty for other
	// plants.
	aluminium []aluminiumYear
}

// Month is one month of a scenario: its usage, prices and captive supply
// as the scenario gives them; and, in a Comparison's Months, the month
// settled: its usage resolved from interval data, the bills of A, B, C₂ and
// C, and the savings between them (zero in a Scenario's months).
type Month struct {
	// Usage is the month's usage at the plant, with a smelter's
	// stepped-price facts of the month's year (plant.aluminium); in a month
	// whose usage comes from interval data, only Usage.Month (and the
	// transformer losses, aluminium production and stepped-price facts)
	// until Compare aggregates it.
	Usage           settlement.Usage
	ContractKWh     decimal.NullDecimal // C₂ contracted kWh (2016 structure); null: Scenario.ContractShare of the kWh
	AgencyPrice     decimal.NullDecimal // 2023 structure
	SystemOperation decimal.NullDecimal // 2023 structure
	// PublishedLossPrice is the month's published loss price per kWh (2023
	// structure, README §3.7); null: computed from the loss rate.
	PublishedLossPrice decimal.NullDecimal
	// Captive is the month's captive supply (lever 3): the captive levels;
	// nil: none, and C is C₂.
	Captive *settlement.Captive
	// CaptiveGrid is the usage at the grid connection in a captive month,
	// billed in C (Usage less the self-supplied kWh).
	CaptiveGrid settlement.Usage
	// CaptiveContractKWh is C's contracted kWh in a captive month (2016
	// structure); null: Scenario.ContractShare of the grid kWh.
	CaptiveContractKWh decimal.NullDecimal

	// The month settled, in a Comparison's Months:
	//
	// A, B, C2 and C are the month's bills; C is C₂ (labelled "C") when the
	// month has no captive supply.
	A, B, C2, C settlement.Bill
	// L1, L2, L3 and Total are the savings A − B, B − C₂, C₂ − C and A − C.
	L1, L2, L3, Total decimal.Decimal
	// IntervalFiles names the interval-data files the usage was aggregated
	// from; empty when the usage is the scenario's register reading.
	IntervalFiles []string

	fromIntervals bool // usage comes from interval files (resolved by Compare)
	interval      *intervalSpec
	profiles      []loadedProfile
}

// KWh returns the month's consumption, self-supply included: the billed kWh
// of Usage.
func (m Month) KWh() decimal.Decimal { return m.Usage.BilledKWh() }

// FromIntervals reports whether the month's usage comes from interval data
// (in a Comparison's months).
func (m Month) FromIntervals() bool { return len(m.IntervalFiles) > 0 }

// clone returns m with its own copies of the slices and captive levels that
// a comparison hands out (the scenario's are left alone).
func (m Month) clone() Month {
	m.Usage = cloneUsage(m.Usage)
	m.CaptiveGrid = cloneUsage(m.CaptiveGrid)
	if m.Captive != nil {
		c := *m.Captive
		m.Captive = &c
	}
	m.IntervalFiles = slices.Clone(m.IntervalFiles)
	return m
}

func cloneUsage(u settlement.Usage) settlement.Usage {
	u.ByPeriod, u.Demand, u.Warnings = maps.Clone(u.ByPeriod), maps.Clone(u.Demand), slices.Clone(u.Warnings)
	return u
}

func (sc *Scenario) monthIndex(m tariff.Month) int {
	for i, sm := range sc.Months {
		if sm.Usage.Month == m {
			return i
		}
	}
	return -1
}

// tableHeaders returns the headers of the scenario's own tables, in the order
// the scenario lists them.
func (sc *Scenario) tableHeaders() []tariff.Header {
	var out []tariff.Header
	for _, t := range sc.Tables {
		out = append(out, t.Headers()...)
	}
	return out
}

// MonthList returns the scenario's months in order.
func (sc *Scenario) MonthList() []tariff.Month {
	out := make([]tariff.Month, len(sc.Months))
	for i, m := range sc.Months {
		out[i] = m.Usage.Month
	}
	return out
}
