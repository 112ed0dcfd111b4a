package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// tnd is a transmission-and-distribution tariff table, 输配电价. It has one of
// two forms:
//
//   - approved: prices per tier from an NDRC approval (Tiers set);
//   - spread: the purchase–sale spread 购销价差, T&D_v = P_v − F − coal
//     benchmark, derived at lookup time from the catalog (Catalog, CatalogClass)
//     and the benchmark (Benchmark) named by id (README §3.6).
//
// Tiers without basic prices, and the spread form, take the basic prices of
// the catalog class named by Catalog and CatalogClass, which must be in force
// on the date.
type tnd struct {
	Header
	Form      tndForm
	Structure Structure
	Tiers     []priceTier
	// Catalog and CatalogClass name the catalog the spread is derived from or
	// whose basic prices and funds an approved table uses.
	Catalog      string
	CatalogClass string
	Benchmark    string              // the coal benchmark of a spread
	LossRate     decimal.NullDecimal // on-grid line-loss rate (2023 structure)
	Funds        []fund              // funds per kWh (2023 structure); 2016 tables use the catalog's
	FundsSum     decimal.Decimal     // their total
	lossText     [2]string           // the loss line's clause, built at load
}

// Head returns the table's header.
func (t *tnd) Head() Header { return t.Header }

// parseTND reads a T&D table after its header.
func parseTND(m *strictyaml.Map, h Header) *tnd {
	t := &tnd{Header: h}
	t.Form = readEnum(m, "form", true, tndForms)
	t.Structure = readEnum(m, "structure", true, structures)
	t.Catalog = m.Str("catalog", t.Form == tndSpread)
	t.CatalogClass = m.Str("catalog_class", t.Catalog != "")
	switch t.Form {
	case tndSpread:
		t.Benchmark = m.Str("benchmark", true)
		if m.Has("tiers") {
			m.Fail("tiers", "", "", "a price spread derives its tiers from the catalog; remove tiers")
		}
	case tndApproved:
		t.Tiers = parseTiers(m, "tiers", false)
		if !m.Failed() && t.Catalog == "" {
			for _, tr := range t.Tiers {
				if !tr.HasBasic {
					m.Fail("tiers", tr.Tier, "", "tier %s has no basic prices and the table names no catalog to take them from", tr.Tier)
					break
				}
			}
		}
	}
	t.LossRate.Decimal, t.LossRate.Valid = m.Decimal("loss_rate", false, strictyaml.NonNegative)
	t.Funds = parseFunds(m, "funds", false)
	t.FundsSum = sumFunds(t.Funds)
	if t.LossRate.Valid {
		t.lossText = lossText(t.LossRate.Decimal)
	}
	if !m.Failed() && t.Structure == Structure2023 {
		if !t.LossRate.Valid {
			m.Fail("loss_rate", "", "", "a 2023-structure T&D table needs the on-grid line-loss rate")
		} else if !t.LossRate.Decimal.LessThan(decimal.NewFromInt(1)) {
			m.Fail("loss_rate", t.LossRate.Decimal.String(), "a rate below 1", "loss rate must be below 1")
		} else if len(t.Funds) == 0 {
			m.Fail("funds", "", "", "a 2023-structure T&D table needs its funds")
		}
	}
	return t
}

// TND returns the T&D tariff for the voltage on d: the general table in force
// when id is empty, else the table named id (which must be in force on d).
// A spread is derived as P_v − F − coal benchmark from its catalog and
// benchmark, which must be in force on d; basic prices and 2016-structure funds
// come from the catalog named by the table.
func (s *Set) TND(region string, voltageKV decimal.Decimal, d Date, id string) (out Price, err error) {
	var t table
	if id == "" {
		t, err = s.lookup(query{Kind: KindTND, Region: region, Date: d})
	} else {
		t, err = s.named(KindTND, id, d)
	}
	if err != nil {
		return Price{}, err
	}
	x := t.(*tnd)
	// Filled in place (a Price is not small); Sources right-sized: the T&D
	// table, then the catalog and the coal benchmark where used.
	n := 1
	if x.Catalog != "" {
		n++
	}
	if x.Form == tndSpread {
		n++
	}
	out.Table, out.Spread, out.Structure, out.LossRate, out.funds, out.FundsSum, out.lossText = x.Header, x.Form == tndSpread, x.Structure, x.LossRate.Decimal, x.Funds, x.FundsSum, x.lossText
	out.Sources = append(make([]Header, 0, n), x.Header)
	var cp Price
	if x.Catalog != "" {
		c, err := s.named(KindCatalog, x.Catalog, d)
		if err != nil {
			return Price{}, err
		}
		if cp, err = catalogPrice(c.(*catalog), x.CatalogClass, voltageKV, d); err != nil {
			return Price{}, err
		}
		out.Sources = append(out.Sources, c.Head())
		if len(out.funds) == 0 {
			out.funds, out.FundsSum = cp.funds, cp.FundsSum
		}
	}
	switch x.Form {
	case tndSpread:
		b, err := s.named(KindCoalBenchmark, x.Benchmark, d)
		if err != nil {
			return Price{}, err
		}
		out.Sources = append(out.Sources, b.Head())
		out.Tier, out.text = cp.Tier, cp.text
		cb := b.(*coalBenchmark)
		if e, ok := s.spread[spreadKey{cp.text, cb}]; ok && cp.text != nil {
			out.Energy = e // computed when the Set was made
		} else {
			out.Energy = subExact(cp.EnergyExFunds(), cb.Price)
		}
		out.BasicKVA, out.BasicKW = cp.BasicKVA, cp.BasicKW
	default:
		tr, ok := findTier(x.Tiers, voltageKV)
		if !ok {
			return Price{}, noTier(KindTND, x.ID, voltageKV, x.Tiers, d)
		}
		out.Tier, out.Energy, out.text = tr.Tier, tr.Energy, tr.text
		if tr.HasBasic {
			out.BasicKVA, out.BasicKW = tr.BasicKVA, tr.BasicKW
		} else {
			out.BasicKVA, out.BasicKW = cp.BasicKVA, cp.BasicKW
		}
	}
	return out, nil
}
