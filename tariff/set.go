package tariff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Set is an immutable collection of tables, checked together: ids unique,
// references resolved, no two general tables of the same kind, region (and
// power-factor standard) in force on the same day. A Set is safe for
// concurrent use.
type Set struct {
	tables []Table
	byID   map[string]Table
	byKind map[Kind][]Table
}

// NewSet checks tables together and returns them as a Set.
//
// NewSet returns a *FieldError (located at the offending table) if:
//   - two tables share an id;
//   - two general tables of the same kind and region (and standard) overlap;
//   - a price spread names a catalog or benchmark that is missing or of
//     another kind, or a catalog class it does not have;
//   - a TOU ratios table names a missing periods table.
func NewSet(tables ...Table) (*Set, error) {
	s := &Set{byID: map[string]Table{}, byKind: map[Kind][]Table{}}
	for _, t := range tables {
		h := t.Head()
		if prev, dup := s.byID[h.ID]; dup {
			return nil, tableErr(h, "id", h.ID, "", "id already used by the table in %s", prev.Head().File)
		}
		s.byID[h.ID] = t
		s.tables = append(s.tables, t)
		s.byKind[h.Kind] = append(s.byKind[h.Kind], t)
	}
	for i, t := range s.tables {
		h := t.Head()
		if h.Scope != General {
			continue
		}
		for _, u := range s.tables[:i] {
			g := u.Head()
			if g.Scope != General || overlapKey(t) != overlapKey(u) {
				continue
			}
			if rangesOverlap(h, g) {
				return nil, tableErr(h, "effective", h.Range(), "", "overlaps %s %s (same kind and region)", g.ID, g.Range())
			}
		}
	}
	for _, t := range s.tables {
		if err := s.checkRefs(t); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// With returns a new Set holding s's tables and more, checked together.
func (s *Set) With(more ...Table) (*Set, error) {
	all := append(append([]Table(nil), s.tables...), more...)
	return NewSet(all...)
}

func tableErr(h Header, field, value, allowed, format string, args ...any) error {
	return &FieldError{File: h.File, Line: h.Line, Column: 1, Field: field, Value: value, Reason: fmt.Sprintf(format, args...), Allowed: allowed}
}

func overlapKey(t Table) string {
	h := t.Head()
	k := string(h.Kind) + "|" + h.Region
	if pf, ok := t.(*PowerFactor); ok {
		k += "|" + pf.Standard.String()
	}
	return k
}

func rangesOverlap(a, b Header) bool {
	aEndsBeforeB := !a.To.IsZero() && !b.From.Before(a.To)
	bEndsBeforeA := !b.To.IsZero() && !a.From.Before(b.To)
	return !aEndsBeforeB && !bEndsBeforeA
}

func (s *Set) checkRefs(t Table) error {
	ref := func(h Header, field, id string, kind Kind) (Table, error) {
		u, ok := s.byID[id]
		if !ok {
			return nil, tableErr(h, field, id, "", "names a table that does not exist")
		}
		if u.Head().Kind != kind {
			return nil, tableErr(h, field, id, string(kind), "names a %s table", u.Head().Kind)
		}
		return u, nil
	}
	switch x := t.(type) {
	case *TND:
		if x.Catalog != "" {
			c, err := ref(x.Header, "catalog", x.Catalog, KindCatalog)
			if err != nil {
				return err
			}
			if _, ok := c.(*Catalog).class(x.CatalogClass); !ok {
				return tableErr(x.Header, "catalog_class", x.CatalogClass, strings.Join(c.(*Catalog).classNames(), ", "), "class not in catalog %s", x.Catalog)
			}
		}
		if x.Benchmark != "" {
			if _, err := ref(x.Header, "benchmark", x.Benchmark, KindCoalBenchmark); err != nil {
				return err
			}
		}
	case *TOURatios:
		if _, err := ref(x.Header, "periods", x.Periods, KindTOUPeriods); err != nil {
			return err
		}
	}
	return nil
}

// Tables returns the tables of s sorted by kind, then from-date, then id.
func (s *Set) Tables() []Table {
	out := append([]Table(nil), s.tables...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Head(), out[j].Head()
		if a.Kind != b.Kind {
			return kindOrder(a.Kind) < kindOrder(b.Kind)
		}
		if c := a.From.Compare(b.From); c != 0 {
			return c < 0
		}
		return a.ID < b.ID
	})
	return out
}

func kindOrder(k Kind) int {
	for i, n := range kindNames {
		if n == string(k) {
			return i
		}
	}
	return len(kindNames)
}

// ByID returns the table with the given id.
func (s *Set) ByID(id string) (Table, bool) {
	t, ok := s.byID[id]
	return t, ok
}

// Gap is a hole between two consecutive general tables of the same kind and region.
type Gap struct {
	Kind     Kind
	Region   string
	After    string // id of the earlier table
	Before   string // id of the later table
	From, To Date   // the uncovered days [From, To)
}

// Gaps reports the days not covered between consecutive general tables of the
// same kind and region (and power-factor standard). Days before the first and
// after the last table are not gaps.
func (s *Set) Gaps() []Gap {
	groups := map[string][]Header{}
	var keys []string
	for _, t := range s.tables {
		h := t.Head()
		if h.Scope != General {
			continue
		}
		k := overlapKey(t)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], h)
	}
	sort.Strings(keys)
	var out []Gap
	for _, k := range keys {
		hs := groups[k]
		sort.Slice(hs, func(i, j int) bool { return hs[i].From.Before(hs[j].From) })
		for i := 1; i < len(hs); i++ {
			if !hs[i-1].To.IsZero() && hs[i-1].To.Before(hs[i].From) {
				out = append(out, Gap{hs[i].Kind, hs[i].Region, hs[i-1].ID, hs[i].ID, hs[i-1].To, hs[i].From})
			}
		}
	}
	return out
}

// Query says what table to look up. Class and VoltageKV apply to catalog and
// T&D tables, Standard to power-factor tables.
type Query struct {
	Kind      Kind
	Region    string
	Class     string
	VoltageKV decimal.Decimal
	Standard  decimal.Decimal
	Date      Date
}

// Lookup returns the general table of q.Kind in force for q.Region (or
// national, region "cn") on q.Date. Named tables are never returned.
//
// Lookup returns an error if:
//   - no table is in force (*NoTableError; no extrapolation);
//   - for catalog queries, the class is not in the table (*NoTableError) or no
//     tier maps the voltage (*NoTierError).
func (s *Set) Lookup(q Query) (Table, error) {
	for _, t := range s.byKind[q.Kind] {
		h := t.Head()
		if h.Scope != General || (h.Region != q.Region && h.Region != "cn") || !h.InForce(q.Date) {
			continue
		}
		if pf, ok := t.(*PowerFactor); ok && !pf.Standard.Equal(q.Standard) {
			continue
		}
		if c, ok := t.(*Catalog); ok && q.Class != "" {
			cl, ok := c.class(q.Class)
			if !ok {
				return nil, &NoTableError{Kind: q.Kind, Region: q.Region, Class: q.Class, Date: q.Date}
			}
			if !q.VoltageKV.IsZero() {
				if _, ok := findTier(cl.Tiers, q.VoltageKV); !ok {
					return nil, noTier(h.ID, q.Class, q.VoltageKV, cl.Tiers)
				}
			}
		}
		return t, nil
	}
	what := q.Class
	if q.Kind == KindPowerFactor {
		what = "standard " + q.Standard.String()
	}
	return nil, &NoTableError{Kind: q.Kind, Region: q.Region, Class: what, Date: q.Date}
}

func noTier(id, class string, v decimal.Decimal, tiers []PriceTier) error {
	e := &NoTierError{Table: id, Class: class, VoltageKV: v.String()}
	for _, t := range tiers {
		e.Tiers = append(e.Tiers, t.Tier)
	}
	return e
}

// Named returns the table of the given kind and id in force on d; named and
// general tables alike. It returns a *NoTableError when there is no such table
// or it is not in force on d (the error then gives its range).
func (s *Set) Named(kind Kind, id string, d Date) (Table, error) {
	t, ok := s.byID[id]
	if !ok || t.Head().Kind != kind {
		return nil, &NoTableError{Kind: kind, ID: id, Date: d, NotExists: true}
	}
	if !t.Head().InForce(d) {
		return nil, &NoTableError{Kind: kind, ID: id, Date: d, InForce: t.Head().Range()}
	}
	return t, nil
}

func (c *Catalog) class(name string) (CatalogClass, bool) {
	for _, cl := range c.Classes {
		if cl.Class == name {
			return cl, true
		}
	}
	return CatalogClass{}, false
}

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

// CoalBenchmark returns the coal benchmark in force for region on d.
func (s *Set) CoalBenchmark(region string, d Date) (*CoalBenchmark, error) {
	t, err := s.Lookup(Query{Kind: KindCoalBenchmark, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*CoalBenchmark), nil
}

// TND returns the T&D tariff for the voltage on d: the general table in force
// when id is empty, else the table named id (which must be in force on d).
// A spread is derived as P_v − F − coal benchmark from its catalog and
// benchmark, which must be in force on d; basic prices and 2016-structure funds
// come from the catalog named by the table.
func (s *Set) TND(region string, voltageKV decimal.Decimal, d Date, id string) (TNDPrice, error) {
	var t Table
	var err error
	if id == "" {
		t, err = s.Lookup(Query{Kind: KindTND, Region: region, Date: d})
	} else {
		t, err = s.Named(KindTND, id, d)
	}
	if err != nil {
		return TNDPrice{}, err
	}
	x := t.(*TND)
	out := TNDPrice{Table: x.Header, Structure: x.Structure, LossRate: x.LossRate, Funds: x.Funds, Sources: make([]Header, 1, 3)}
	out.Sources[0] = x.Header
	var cp CatalogPrice
	if x.Catalog != "" {
		c, err := s.Named(KindCatalog, x.Catalog, d)
		if err != nil {
			return TNDPrice{}, err
		}
		if cp, err = catalogPrice(c.(*Catalog), x.CatalogClass, voltageKV); err != nil {
			return TNDPrice{}, err
		}
		out.Sources = append(out.Sources, c.Head())
		if len(out.Funds) == 0 {
			out.Funds = cp.Funds
		}
	}
	switch x.Form {
	case "spread":
		b, err := s.Named(KindCoalBenchmark, x.Benchmark, d)
		if err != nil {
			return TNDPrice{}, err
		}
		out.Sources = append(out.Sources, b.Head())
		out.Tier = cp.Tier
		out.Energy = cp.EnergyExFunds().Sub(b.(*CoalBenchmark).Price)
		out.BasicKVA, out.BasicKW = cp.BasicKVA, cp.BasicKW
	default:
		tr, ok := findTier(x.Tiers, voltageKV)
		if !ok {
			return TNDPrice{}, noTier(x.ID, "", voltageKV, x.Tiers)
		}
		out.Tier, out.Energy = tr.Tier, tr.Energy
		if tr.HasBasic {
			out.BasicKVA, out.BasicKW = tr.BasicKVA, tr.BasicKW
		} else {
			out.BasicKVA, out.BasicKW = cp.BasicKVA, cp.BasicKW
		}
	}
	return out, nil
}

// BasicRules returns the basic-charge rule set in force on d (id empty), or the
// rule set named id whatever its range (a named rule set outside its range is
// a counterfactual; the caller marks the bill).
func (s *Set) BasicRules(region string, d Date, id string) (*BasicRules, error) {
	if id != "" {
		t, ok := s.byID[id]
		if !ok || t.Head().Kind != KindBasicRules {
			return nil, &NoTableError{Kind: KindBasicRules, ID: id, Date: d, NotExists: true}
		}
		return t.(*BasicRules), nil
	}
	t, err := s.Lookup(Query{Kind: KindBasicRules, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*BasicRules), nil
}

// PowerFactor returns the power-factor table for the standard in force on d.
func (s *Set) PowerFactor(region string, standard decimal.Decimal, d Date) (*PowerFactor, error) {
	t, err := s.Lookup(Query{Kind: KindPowerFactor, Region: region, Standard: standard, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*PowerFactor), nil
}

// Deviation returns the deviation rule set named id.
func (s *Set) Deviation(id string) (*DeviationRules, error) {
	t, ok := s.byID[id]
	if !ok || t.Head().Kind != KindDeviationRules {
		return nil, &NoTableError{Kind: KindDeviationRules, ID: id, NotExists: true}
	}
	return t.(*DeviationRules), nil
}

// AluminiumStep returns the aluminium stepped-price table in force on d.
func (s *Set) AluminiumStep(region string, d Date) (*AluminiumStep, error) {
	t, err := s.Lookup(Query{Kind: KindAluminiumStep, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*AluminiumStep), nil
}

// TOU returns the TOU ratios table named id in force on d and its periods table.
func (s *Set) TOU(id string, d Date) (*TOURatios, *TOUPeriods, error) {
	t, err := s.Named(KindTOURatios, id, d)
	if err != nil {
		return nil, nil, err
	}
	r := t.(*TOURatios)
	p, err := s.Named(KindTOUPeriods, r.Periods, d)
	if err != nil {
		return nil, nil, err
	}
	return r, p.(*TOUPeriods), nil
}
