package tariff

import "github.com/shopspring/decimal"

// TND is a transmission-and-distribution tariff table, 输配电价. It has one of
// two forms:
//
//   - approved: prices per tier from an NDRC approval (Tiers set);
//   - spread: the purchase–sale spread 购销价差, T&D_v = P_v − F − coal
//     benchmark, derived at lookup time from the catalog (Catalog, CatalogClass)
//     and the benchmark (Benchmark) named by id (domain §3.6).
//
// Tiers without basic prices, and the spread form, take the basic prices of
// the catalog class named by BasicFromCatalog (or Catalog) in force on the date.
type TND struct {
	Header
	Form      string // "approved" or "spread"
	Structure string // "2016" (direct trade with catalog funds) or "2023" (loss and system operation unbundled)
	Tiers     []PriceTier
	// Catalog and CatalogClass name the catalog the spread is derived from or
	// whose basic prices and funds an approved table uses.
	Catalog      string
	CatalogClass string
	Benchmark    string          // the coal benchmark of a spread
	LossRate     decimal.Decimal // on-grid line-loss rate (2023 structure)
	HasLossRate  bool
	Funds        []Fund // funds per kWh (2023 structure); 2016 tables use the catalog's
}

// TNDPrice is a T&D tariff resolved for one supply voltage and date.
type TNDPrice struct {
	Table     Header
	Structure string
	Tier      string
	Energy    decimal.Decimal // 元/kWh, never rounded
	BasicKVA  decimal.Decimal
	BasicKW   decimal.Decimal
	LossRate  decimal.Decimal // 2023 structure only
	Funds     []Fund          // the funds billed per kWh with this tariff
	// Sources lists the tables the price was derived from (the T&D table
	// itself first, then catalog and benchmark where used).
	Sources []Header
}
