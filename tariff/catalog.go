package tariff

import (
	"maps"
	"slices"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// catalog is a catalog (regulated retail) tariff table, 目录销售电价: per customer
// class, tiers by supply voltage with the energy price and the basic prices.
// Energy prices include the government funds itemised in Funds.
type catalog struct {
	Header
	Funds   []fund         // funds inside every energy price of the table
	Classes []catalogClass // customer classes
	// FundsSum is the sum of the funds' rates, F.
	FundsSum decimal.Decimal
}

// Head returns the table's header.
func (c *catalog) Head() Header { return c.Header }

// catalogClass is one customer class of a catalog, e.g. "large_industry" (大工业用电).
type catalogClass struct {
	Class string
	Tiers []priceTier
}

// parseCatalog reads a catalog table after its header.
func parseCatalog(m *strictyaml.Map, h Header) *catalog {
	c := &catalog{Header: h}
	c.Funds = parseFunds(m, "funds", true)
	c.FundsSum = sumFunds(c.Funds)
	seen := map[string]bool{}
	for i, n := range m.List("classes", true) {
		cm := m.Item("classes", i, n)
		if cm == nil {
			return c
		}
		var cl catalogClass
		cl.Class = cm.Str("class", true)
		if seen[cl.Class] {
			cm.Fail("class", cl.Class, "", "class listed twice")
		}
		seen[cl.Class] = true
		cl.Tiers = parseTiers(cm, "tiers", true)
		cm.Done()
		if !m.Failed() {
			F := c.FundsSum
			for j, t := range cl.Tiers {
				if t.Energy.LessThan(F) {
					cm.Fail("tiers", t.Energy.String(), "", "tier %d (%s): energy price is below the funds it includes (%s)", j, t.Tier, F)
				}
			}
		}
		c.Classes = append(c.Classes, cl)
	}
	if !m.Failed() {
		c.fillExFunds()
	}
	return c
}

// fillExFunds computes every tier's P_v − F, once per table (and again for
// a scaled copy).
func (c *catalog) fillExFunds() {
	for i := range c.Classes {
		ts := c.Classes[i].Tiers
		for j := range ts {
			ts[j].exFunds, ts[j].hasExFunds = subExact(ts[j].Energy, c.FundsSum), true
		}
	}
}

// class returns the class of c named name.
func (c *catalog) class(name string) (catalogClass, bool) {
	for i := range c.Classes { // by index: a class is not copied until found
		if c.Classes[i].Class == name {
			return c.Classes[i], true
		}
	}
	return catalogClass{}, false
}

// classNames lists c's classes in table order, for error messages.
func (c *catalog) classNames() []string {
	var out []string
	for _, cl := range c.Classes {
		out = append(out, cl.Class)
	}
	return out
}

// Price is a tariff resolved for one supply voltage and date: a catalog
// price for a customer class (Set.Catalog) or a T&D price (Set.TND). It is
// the caller's own copy; the funds are read through NumFunds and Fund.
type Price struct {
	// Table is the header of the table the prices come from: the catalog, or
	// the T&D table (then also Sources[0]).
	Table Header
	// Class is the customer class of a catalog price, e.g. "large_industry";
	// empty for a T&D price.
	Class string
	// Spread is true for a T&D price of the purchase–sale spread (购销价差:
	// the catalog price − funds − coal benchmark, derived at lookup time,
	// README §3.6); false for an approved T&D table's price (核定输配电价) and
	// for a catalog price.
	Spread bool
	// Structure is the T&D table's tariff structure, Structure2016 or
	// Structure2023; empty for a catalog price.
	Structure Structure
	Tier      string // the voltage tier that maps the supply voltage, e.g. "220kV+"
	// Energy is the energy price in 元/kWh, never rounded: a catalog's P_v,
	// which includes the funds, or the T&D energy price.
	Energy   decimal.Decimal
	BasicKVA decimal.Decimal // basic price by capacity, 元 per kVA per month
	BasicKW  decimal.Decimal // basic price by demand (contract or actual), 元 per kW per month
	// LossRate is the on-grid line-loss rate of a 2023-structure T&D table;
	// zero otherwise.
	LossRate decimal.Decimal
	// FundsSum is F, the total in 元/kWh of the government funds and
	// surcharges: the part of a catalog's Energy that is funds, or the funds
	// billed per kWh with a T&D price.
	FundsSum decimal.Decimal
	// Sources lists the tables a T&D price was derived from: the T&D table
	// itself first, then the catalog and the coal benchmark where used. Nil
	// for a catalog price.
	Sources []Header

	funds []fund // the funds FundsSum sums: a table's own, never modified
	text  *tierText
	// exFunds is Energy − FundsSum of a catalog price (hasExFunds), computed
	// when the table is loaded; a T&D price subtracts per call.
	exFunds    decimal.Decimal
	hasExFunds bool
	lossText   [2]string
}

// EnergyExFunds returns the energy price excluding funds, P_v − F.
func (p *Price) EnergyExFunds() decimal.Decimal {
	if p.hasExFunds {
		return p.exFunds
	}
	return subExact(p.Energy, p.FundsSum)
}

// NumFunds returns the number of funds FundsSum sums.
func (p *Price) NumFunds() int { return len(p.funds) }

// Fund returns fund i (0 ≤ i < NumFunds) in table order: its code
// ("renewable"), its name (可再生能源电价附加), its rate in 元/kWh and the rate
// as the table writes it ("0.020"). It returns zero values for an i out of
// range.
func (p *Price) Fund(i int) (code, name string, rate decimal.Decimal, text string) {
	if i < 0 || i >= len(p.funds) {
		return "", "", decimal.Zero, ""
	}
	f := &p.funds[i]
	return f.code, f.name, f.rate, f.text
}

// subExact returns a − b exactly, with the exponent a.Sub(b) has: in int64
// when both coefficients are below 10⁹ and the exponents at most 9 apart
// (prices), else with a.Sub(b).
func subExact(a, b decimal.Decimal) decimal.Decimal {
	ca, ok1 := exact.Small(a)
	cb, ok2 := exact.Small(b)
	ea, eb := a.Exponent(), b.Exponent()
	const lim = 1_000_000_000
	if !ok1 || !ok2 || ca >= lim || ca <= -lim || cb >= lim || cb <= -lim || ea-eb > 9 || eb-ea > 9 {
		return a.Sub(b)
	}
	e := min(ea, eb)
	for ; ea > e; ea-- {
		ca *= 10
	}
	for ; eb > e; eb-- {
		cb *= 10
	}
	return decimal.New(ca-cb, e)
}

// Catalog returns the catalog price in force for the class and voltage on d,
// or a *Error when no catalog of region (or national one) is in force on
// d, its table has not the class, or no tier of it maps the voltage.
func (s *Set) Catalog(region, class string, voltageKV decimal.Decimal, d Date) (p Price, err error) {
	// The class is checked by lookup, the tier by catalogPrice (once).
	t, err := s.lookup(query{Kind: KindCatalog, Region: region, Class: class, Date: d})
	if err != nil {
		return Price{}, err
	}
	err = catalogPriceInto(&p, t.(*catalog), class, voltageKV, d) // filled in place: a Price is not small
	return
}

// Classes returns the customer classes of the catalogs of region (and the
// national ones), sorted: the classes a customer there may have.
func (s *Set) Classes(region string) []string {
	seen := map[string]bool{}
	for _, t := range s.tables {
		if c, ok := t.(*catalog); ok && (c.Region == region || c.Region == "cn") {
			for _, cl := range c.Classes {
				seen[cl.Class] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// HasClass reports whether Classes(region) holds class, without building
// the list.
func (s *Set) HasClass(region, class string) bool {
	for _, e := range s.entries(KindCatalog) {
		if c := e.t.(*catalog); c.Region == region || c.Region == "cn" {
			if _, ok := c.class(class); ok {
				return true
			}
		}
	}
	return false
}

// catalogPrice resolves c for the class and the voltage v (kV) on d.
func catalogPrice(c *catalog, class string, v decimal.Decimal, d Date) (p Price, err error) {
	err = catalogPriceInto(&p, c, class, v, d)
	return
}

// catalogPriceInto is catalogPrice writing into *p, which it leaves
// untouched (the zero Price) on an error.
func catalogPriceInto(p *Price, c *catalog, class string, v decimal.Decimal, d Date) error {
	cl, ok := c.class(class)
	if !ok {
		return noneInForce(KindCatalog, c.Region, class, "", d)
	}
	tr, ok := findTier(cl.Tiers, v)
	if !ok {
		return noTier(KindCatalog, c.ID, v, cl.Tiers, d)
	}
	p.Table, p.Class, p.Tier, p.Energy, p.BasicKVA, p.BasicKW = c.Header, class, tr.Tier, tr.Energy, tr.BasicKVA, tr.BasicKW
	p.funds, p.FundsSum, p.text, p.exFunds, p.hasExFunds = c.Funds, c.FundsSum, tr.text, tr.exFunds, tr.hasExFunds
	return nil
}
