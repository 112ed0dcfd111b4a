package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

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

// parseCatalog reads a catalog table after its header.
func parseCatalog(m *strictyaml.Map, h Header) *Catalog {
	c := &Catalog{Header: h}
	c.Funds = parseFunds(m, "funds", true)
	c.FundsSum = SumFunds(c.Funds)
	seen := map[string]bool{}
	for i, n := range m.List("classes", true) {
		cm := m.Item("classes", i, n)
		if cm == nil {
			return c
		}
		var cl CatalogClass
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
	return c
}

// class returns the class of c named name.
func (c *Catalog) class(name string) (CatalogClass, bool) {
	for _, cl := range c.Classes {
		if cl.Class == name {
			return cl, true
		}
	}
	return CatalogClass{}, false
}

// classNames lists c's classes in table order, for error messages.
func (c *Catalog) classNames() []string {
	var out []string
	for _, cl := range c.Classes {
		out = append(out, cl.Class)
	}
	return out
}

// CatalogPrice is a catalog tariff resolved for one class, voltage and date.
type CatalogPrice struct {
	Table    Header
	Class    string
	Tier     string
	Energy   decimal.Decimal // including funds
	BasicKVA decimal.Decimal
	BasicKW  decimal.Decimal
	Funds    []Fund
	FundsSum decimal.Decimal
}

// EnergyExFunds returns the energy price excluding funds, P_v − F.
func (p CatalogPrice) EnergyExFunds() decimal.Decimal { return p.Energy.Sub(p.FundsSum) }

// Catalog returns the catalog price in force for the class and voltage on d.
// Errors are those of Lookup.
func (s *Set) Catalog(region, class string, voltageKV decimal.Decimal, d Date) (CatalogPrice, error) {
	t, err := s.Lookup(Query{Kind: KindCatalog, Region: region, Class: class, VoltageKV: voltageKV, Date: d})
	if err != nil {
		return CatalogPrice{}, err
	}
	return catalogPrice(t.(*Catalog), class, voltageKV)
}

// catalogPrice resolves c for the class and the voltage v (kV).
func catalogPrice(c *Catalog, class string, v decimal.Decimal) (CatalogPrice, error) {
	cl, ok := c.class(class)
	if !ok {
		return CatalogPrice{}, &NoTableError{Kind: KindCatalog, Region: c.Region, Class: class, Date: c.From}
	}
	tr, ok := findTier(cl.Tiers, v)
	if !ok {
		return CatalogPrice{}, noTier(c.ID, class, v, cl.Tiers)
	}
	return CatalogPrice{Table: c.Header, Class: class, Tier: tr.Tier, Energy: tr.Energy, BasicKVA: tr.BasicKVA, BasicKW: tr.BasicKW, Funds: c.Funds, FundsSum: c.FundsSum}, nil
}
