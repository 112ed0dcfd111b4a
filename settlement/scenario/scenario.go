// Package scenario reads measure-9 scenario files (a plant, a run of months,
// the arrangements) and compares them (README §4): whole bills A → B → C₂ → C
// every month, savings by lever as differences of totals, the plans, the
// break-even traded price and the reasons a lever saves nothing.
//
// Files named inside a scenario (tables, interval data) are read relative to
// the scenario's folder. Comparisons are pure functions of their inputs and
// safe for concurrent use.
package scenario

import (
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Scenario is a plant, a run of months and the arrangements to compare
// (README §4). Read one with LoadFile or LoadFS.
type Scenario struct {
	Name      string
	Title     string
	Notes     string
	NotesZH   string // notes in Chinese, for Chinese reports
	File      string
	Structure string       // "2016" (catalog vs direct trade) or "2023" (agency vs market purchase)
	Highlight tariff.Month // the month reports itemise; the first month by default
	// TOU names the TOU ratios table of months whose kWh are split by period.
	TOU string
	// ExamplePrices marks the scenario's prices as example inputs.
	ExamplePrices bool
	Customer      settlement.Customer
	Months        []Month
	A, B          PlanSpec
	C2            TradeSpec
	// Tables are the extra tables the scenario names, loaded with it.
	Tables []tariff.Table

	pos     map[string]*yaml.Node // positions of fields, for located errors
	feeders []string
}

// PlanSpec is an arrangement's basic-charge rule set and plan.
type PlanSpec struct {
	Rules    string              // rule set id; empty: the rule set in force in the first month
	Cheapest bool                // optimise the plan
	Stated   []settlement.Choice // one per month when not Cheapest
}

// TradeSpec is the C₂ arrangement.
type TradeSpec struct {
	// 2016 structure: traded price, T&D source, deviation rule set and the
	// contracted kWh as a share of consumption (when months give no contract_kwh).
	Price     decimal.NullDecimal
	TND       string
	Deviation string
	Share     decimal.NullDecimal
	// 2023 structure: the market price for all kWh.
	MarketPrice decimal.NullDecimal
}

// Month is one month of a scenario.
type Month struct {
	Usage           settlement.Usage
	ContractKWh     decimal.NullDecimal // C₂ contracted kWh (2016 structure)
	AgencyPrice     decimal.NullDecimal // 2023 structure
	SystemOperation decimal.NullDecimal // 2023 structure
	Captive         *CaptiveMonth
	Origin          string // "register" or "interval data: FILE…"

	fromIntervals bool // usage comes from interval files (resolved by Compare)
	interval      *intervalSpec
	profiles      []loadedProfile
}

// CaptiveMonth is a month's captive supply (lever 3): the captive levels, the
// usage at the grid connection and the grid contract of arrangement C.
type CaptiveMonth struct {
	settlement.Captive
	Grid        settlement.Usage
	ContractKWh decimal.NullDecimal
}

func (sc *Scenario) monthIndex(m tariff.Month) int {
	for i, sm := range sc.Months {
		if sm.Usage.Month == m {
			return i
		}
	}
	return -1
}

// LocatedError is an error of a scenario's computation located in the scenario
// file; Unwrap gives the underlying typed error.
type LocatedError struct {
	*tariff.FieldError
	Err error
}

// Unwrap returns the underlying error.
func (e *LocatedError) Unwrap() error { return e.Err }

// MonthList returns the scenario's months in order.
func (sc *Scenario) MonthList() []tariff.Month {
	out := make([]tariff.Month, len(sc.Months))
	for i, m := range sc.Months {
		out[i] = m.Usage.Month
	}
	return out
}
