package tariff

import "github.com/shopspring/decimal"

// Catalog is a catalog (regulated retail) tariff table, 目录销售电价: per customer
// class, tiers by supply voltage with the energy price and the basic prices.
// Energy prices include the government funds itemised in Funds.
type Catalog struct {
	Header
	Funds   []Fund         // funds inside every energy price of the table
	Classes []CatalogClass // customer classes
	// FundsSum is the sum of the funds' rates, F.
	FundsSum decimal.Decimal
}

// CatalogClass is one customer class of a catalog, e.g. "large_industry" (大工业用电).
type CatalogClass struct {
	Class string
	Tiers []PriceTier
}

// PriceTier is one voltage tier with its prices.
type PriceTier struct {
	Tier     string          // e.g. "220kV+"
	Voltage  VoltageRange    // the supply voltages the tier maps
	Energy   decimal.Decimal // 电度电价, 元/kWh
	BasicKVA decimal.Decimal // 基本电价 by capacity, 元/kVA·月
	BasicKW  decimal.Decimal // 基本电价 by demand, 元/kW·月
	// HasBasic is false for T&D tiers whose basic prices come from the catalog.
	HasBasic bool
}

// CoalBenchmark is the coal-fired benchmark on-grid price, 燃煤标杆上网电价.
type CoalBenchmark struct {
	Header
	Price decimal.Decimal // 元/kWh
}

// findTier returns the tier of tiers that maps v.
func findTier(tiers []PriceTier, v decimal.Decimal) (PriceTier, bool) {
	for _, t := range tiers {
		if t.Voltage.Contains(v) {
			return t, true
		}
	}
	return PriceTier{}, false
}
