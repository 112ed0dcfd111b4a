package tariff

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Set is an immutable collection of tables, checked together: ids unique,
// no two general tables of the same kind, region (and power-factor standard)
// in force on the same day, and every table another names (a price spread's
// catalog and benchmark, a ratios table's periods, a superseded table) of the
// right kind. A Set is safe for concurrent use.
//
// Tables enter a Set only through YAML. Default returns the embedded
// tables; Load, LoadFile and LoadFS read others as a Set of their own, in
// which a table named by one of them need not be (a price spread naming a
// default catalog); With joins Sets into one that must hold every table its
// tables name. Until then a lookup that needs a missing table fails with a
// *Error.
type Set struct {
	tables []table
	byID   map[string]table
	// ids holds each table's kind and range by id, for named lookups
	// without a copy of the header.
	ids map[string]kindEntry
	// byKind holds the entries of each kind, at the kind's index
	// (kindIndex): a lookup finds them without hashing the kind.
	byKind [numKinds][]kindEntry
	tou    map[string]*TOU // the TOU of each periods table, and of each ratios table with its periods
	// spread holds the T&D energy price of each catalog tier a price spread
	// of the Set derives from, with each benchmark it names: P_v − F − coal
	// benchmark, computed when the Set is made (TND looks it up).
	spread map[spreadKey]decimal.Decimal
	// partial is set on a Set from Load, LoadFile or LoadFS: the tables its
	// tables name need not be in it.
	partial bool
}

// kindEntry is a table of a kind with what lookup checks, copied from its
// header when the Set is made (no header copied per lookup).
type kindEntry struct {
	t       table
	kind    Kind
	region  string
	general bool
	from    Date
	to      Date // zero when open
	// fromKey and toKey are from and to as dayKey orders them (toKey the
	// largest key when open); keyed is false when one has no key.
	fromKey, toKey int64
	keyed          bool
}

// numKinds is the number of table kinds (kindNames).
const numKinds = 9

// kindIndex returns k's index in kindNames, −1 for an unknown kind: a
// switch on the string, cheaper than hashing it.
func kindIndex(k Kind) int {
	switch k {
	case KindCatalog:
		return 0
	case KindCoalBenchmark:
		return 1
	case KindTND:
		return 2
	case KindBasicRules:
		return 3
	case KindPowerFactor:
		return 4
	case KindDeviationRules:
		return 5
	case KindAluminiumStep:
		return 6
	case KindTOUPeriods:
		return 7
	case KindTOURatios:
		return 8
	}
	return -1
}

// entries returns the entries of the set's tables of kind k, in the order
// of its tables; none for an unknown kind.
func (s *Set) entries(k Kind) []kindEntry {
	if i := kindIndex(k); i >= 0 {
		return s.byKind[i]
	}
	return nil
}

// newKindEntry returns the entry of table t with header h.
func newKindEntry(t table, h *Header) kindEntry {
	e := kindEntry{t: t, kind: h.Kind, region: h.Region, general: !h.Named, from: h.From, to: h.To}
	f, ok1 := dayKey(h.From)
	to, ok2 := dayKey(h.To)
	if h.To.IsZero() {
		to, ok2 = math.MaxInt64, true
	}
	e.fromKey, e.toKey, e.keyed = f, to, ok1 && ok2
	return e
}

func (e *kindEntry) inForce(d Date) bool {
	if k, ok := dayKey(d); ok && e.keyed {
		return k >= e.fromKey && k < e.toKey
	}
	return !d.Before(e.from) && (e.to.IsZero() || d.Before(e.to))
}

// dayKey returns one integer for d that orders dates as Date.Compare does,
// for a month 0 … 15 and a day 0 … 31 (every valid date and the zero Date)
// and a year of at most 40 bits; ok is false for any other d.
func dayKey(d Date) (int64, bool) {
	if d.Month < 0 || d.Month > 15 || d.Day < 0 || d.Day > 31 || d.Year >= 1<<40 || d.Year <= -1<<40 {
		return 0, false
	}
	return int64(d.Year)<<9 | int64(d.Month)<<5 | int64(d.Day), true
}

// newSet checks tables together and returns them as a Set; a partial Set
// need not hold the tables its tables name (see With).
//
// A table with `supersedes: <id>` ends the named table on its own from-date
// (README §3.12); the Set holds a copy of the named table with that range.
func newSet(tables []table, partial bool) (*Set, error) {
	s := &Set{byID: map[string]table{}, partial: partial}
	for _, t := range tables {
		h := t.Head()
		if prev, dup := s.byID[h.ID]; dup {
			return nil, tableErr(h, "id", h.ID, "", "id already used by the table in %s", prev.Head().File)
		}
		s.byID[h.ID] = t
		s.tables = append(s.tables, t)
	}
	if err := supersede(s.tables, s.byID, partial); err != nil {
		return nil, err
	}
	s.ids = make(map[string]kindEntry, len(s.byID))
	for _, t := range s.tables {
		h := t.Head()
		if k := kindIndex(h.Kind); k >= 0 { // every table's kind is known (parseHeader)
			s.byKind[k] = append(s.byKind[k], newKindEntry(t, &h))
		}
	}
	for id, t := range s.byID {
		h := t.Head()
		s.ids[id] = newKindEntry(t, &h)
	}
	for i, t := range s.tables {
		h := t.Head()
		if h.Named {
			continue
		}
		for _, u := range s.tables[:i] {
			g := u.Head()
			if g.Named || overlapKey(t) != overlapKey(u) {
				continue
			}
			if rangesOverlap(h, g) {
				allowed := ""
				if g.From.Before(h.From) && (g.To.IsZero() || h.From.Before(g.To)) {
					allowed = "supersedes: " + g.ID + ", which ends " + g.ID + " on " + h.From.String()
				}
				return nil, tableErr(h, "effective", h.Range(), allowed, "overlaps %s %s (same kind and region)", g.ID, g.Range())
			}
		}
	}
	for _, t := range s.tables {
		if err := s.checkRefs(t); err != nil {
			return nil, err
		}
	}
	s.tou = s.touOf()
	s.spread = s.spreadsOf()
	return s, nil
}

// spreadKey is a catalog tier (its clause text, one per tier) and a coal
// benchmark table.
type spreadKey struct {
	tier  *tierText
	bench *coalBenchmark
}

// spreadsOf computes the spread T&D energy price of every tier of the catalog
// class each price spread of s names, with the benchmark it names, as TND
// would compute it per call; tables s does not hold are skipped (TND then
// computes the price, or fails the lookup).
func (s *Set) spreadsOf() map[spreadKey]decimal.Decimal {
	var out map[spreadKey]decimal.Decimal
	for _, t := range s.tables {
		x, ok := t.(*tnd)
		if !ok || x.Form != tndSpread {
			continue
		}
		c, ok1 := s.byID[x.Catalog].(*catalog)
		b, ok2 := s.byID[x.Benchmark].(*coalBenchmark)
		if !ok1 || !ok2 {
			continue
		}
		cl, ok := c.class(x.CatalogClass)
		if !ok {
			continue
		}
		for i := range cl.Tiers {
			tr := &cl.Tiers[i]
			if tr.text == nil || !tr.hasExFunds {
				continue
			}
			if out == nil {
				out = map[spreadKey]decimal.Decimal{}
			}
			out[spreadKey{tr.text, b}] = subExact(tr.exFunds, b.Price)
		}
	}
	return out
}

// With returns a Set holding the tables of s and of more, checked together;
// s and more are not changed. Nil Sets are skipped. Unlike a Set
// from Load, the Set With returns holds every table its tables name.
//
// A table with `supersedes: <id>` ends the named table on its own from-date
// (README §3.12); the new Set holds a copy of the named table with that
// range.
//
// With returns a *Error (located at the offending table) if:
//   - two tables share an id;
//   - a table supersedes one that is missing, of another kind or region,
//     superseded twice, not earlier, or already ended;
//   - two general tables of the same kind and region (and standard) overlap;
//   - a price spread names a catalog or benchmark that is missing or of
//     another kind, or a catalog class it does not have;
//   - a TOU ratios table names a missing periods table.
func (s *Set) With(more ...*Set) (*Set, error) {
	var all []table
	n := 0
	for _, m := range append([]*Set{s}, more...) {
		if m != nil {
			all = append(all, m.tables...)
			if len(m.tables) > 0 {
				n++
			}
		}
	}
	if n == 1 && s != nil && !s.partial && len(s.tables) > 0 {
		return s, nil // nothing added to a complete Set: s itself, immutable
	}
	return newSet(all, false)
}

func tableErr(h Header, field, value, allowed, format string, args ...any) error {
	return &Error{File: h.File, Line: h.Line, Column: 1, Field: field, Value: value, Reason: fmt.Sprintf(format, args...), Allowed: allowed}
}

func overlapKey(t table) string {
	h := t.Head()
	k := string(h.Kind) + "|" + h.Region
	if r, ok := t.(*Rules); ok && r.kind == KindPowerFactor {
		k += "|" + r.standard.String()
	}
	return k
}

func rangesOverlap(a, b Header) bool {
	aEndsBeforeB := !a.To.IsZero() && !b.From.Before(a.To)
	bEndsBeforeA := !b.To.IsZero() && !a.From.Before(b.To)
	return !aEndsBeforeB && !bEndsBeforeA
}

func (s *Set) checkRefs(t table) error {
	// ref returns the table id that t names at field; nil and no error when
	// a partial Set does not hold it.
	ref := func(h Header, field, id string, kind Kind) (table, error) {
		u, ok := s.byID[id]
		if !ok && s.partial {
			return nil, nil
		}
		if !ok {
			return nil, tableErr(h, field, id, "", "names a table that does not exist")
		}
		if u.Head().Kind != kind {
			return nil, tableErr(h, field, id, string(kind), "names a %s table", u.Head().Kind)
		}
		return u, nil
	}
	switch x := t.(type) {
	case *tnd:
		if x.Catalog != "" {
			c, err := ref(x.Header, "catalog", x.Catalog, KindCatalog)
			if err != nil {
				return err
			}
			if c == nil { // not in this partial Set
				break
			}
			if _, ok := c.(*catalog).class(x.CatalogClass); !ok {
				return tableErr(x.Header, "catalog_class", x.CatalogClass, strings.Join(c.(*catalog).classNames(), ", "), "class not in catalog %s", x.Catalog)
			}
		}
		if x.Benchmark != "" {
			if _, err := ref(x.Header, "benchmark", x.Benchmark, KindCoalBenchmark); err != nil {
				return err
			}
		}
	case *touRatios:
		if _, err := ref(x.h, "periods", x.periods, KindTOUPeriods); err != nil {
			return err
		}
	}
	return nil
}

// Headers returns the headers of the tables of s sorted by kind, then
// from-date, then id.
func (s *Set) Headers() []Header {
	out := make([]Header, len(s.tables))
	for i, t := range s.tables {
		out[i] = t.Head()
	}
	slices.SortStableFunc(out, func(a, b Header) int {
		return cmp.Or(cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)), a.From.Compare(b.From), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func kindOrder(k Kind) int {
	if i := slices.Index(kindNames, string(k)); i >= 0 {
		return i
	}
	return len(kindNames)
}

// Header returns the header of the table with the given id.
func (s *Set) Header(id string) (Header, bool) {
	t, ok := s.byID[id]
	if !ok {
		return Header{}, false
	}
	return t.Head(), true
}

// Has reports whether s has a table of the kind with the given id.
func (s *Set) Has(kind Kind, id string) bool {
	t, ok := s.byID[id]
	return ok && t.Head().Kind == kind
}

// Gaps reports the days not covered between consecutive general tables of the
// same kind and region (and power-factor standard), one line a gap:
//
//	gap: no tnd table for liaoning from 2017-07-01 to 2026-07-31 (after ln-tnd-spread-2016, before ln-tnd-2026)
//
// naming the first and last day uncovered. Days before the first and after
// the last table are not gaps.
func (s *Set) Gaps() []string {
	groups := map[string][]Header{}
	var keys []string
	for _, t := range s.tables {
		h := t.Head()
		if h.Named {
			continue
		}
		k := overlapKey(t)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], h)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		hs := groups[k]
		slices.SortFunc(hs, func(a, b Header) int { return a.From.Compare(b.From) })
		for i := 1; i < len(hs); i++ {
			if a, b := hs[i-1], hs[i]; !a.To.IsZero() && a.To.Before(b.From) {
				out = append(out, fmt.Sprintf("gap: no %s table for %s from %s to %s (after %s, before %s)", b.Kind, b.Region, a.To, b.From.AddDays(-1), a.ID, b.ID))
			}
		}
	}
	return out
}

// query says what table to look up. Class applies to catalog tables (the
// caller finds the tier of the supply voltage in the table lookup returns),
// Standard to power-factor tables.
type query struct {
	Kind     Kind
	Region   string
	Class    string
	Standard decimal.Decimal
	Date     Date
}

// lookup returns the general table of q.Kind in force for q.Region (or
// national, region "cn") on q.Date. Named tables are never returned.
//
// lookup returns an error if:
//   - no table is in force (*Error; no extrapolation);
//   - for catalog queries, the class is not in the table (*Error) or no
//     tier maps the voltage (*Error with Value set to the voltage).
func (s *Set) lookup(q query) (table, error) {
	es := s.entries(q.Kind)
	for i := range es {
		e := &es[i]
		if !e.general || (e.region != q.Region && e.region != "cn") || !e.inForce(q.Date) {
			continue
		}
		t := e.t
		if r, ok := t.(*Rules); ok && r.kind == KindPowerFactor && !r.standard.Equal(q.Standard) {
			continue
		}
		if c, ok := t.(*catalog); ok && q.Class != "" {
			if _, ok := c.class(q.Class); !ok {
				return nil, noneInForce(q.Kind, q.Region, q.Class, "", q.Date)
			}
		}
		return t, nil
	}
	standard := ""
	if q.Kind == KindPowerFactor {
		standard = q.Standard.String()
	}
	return nil, noneInForce(q.Kind, q.Region, q.Class, standard, q.Date)
}

// noTier is the error that no tier of table id of the kind maps the supply
// voltage v on d: Value is the voltage, Allowed the tiers.
func noTier(kind Kind, id string, v decimal.Decimal, tiers []priceTier, d Date) error {
	names := make([]string, len(tiers))
	for i, t := range tiers {
		names[i] = t.Tier
	}
	return &Error{Kind: kind, ID: id, Value: v.String(), Allowed: strings.Join(names, ", "), Date: d, failure: idNoTier,
		Reason: "no tier maps supply voltage " + v.String() + " kV"}
}

// named returns the table of the given kind and id in force on d; named and
// general tables alike. It returns a *Error when there is no such table
// or it is not in force on d (the error then gives its range).
func (s *Set) named(kind Kind, id string, d Date) (table, error) {
	e, ok := s.ids[id]
	if !ok || e.kind != kind {
		return nil, notFound(kind, id, d)
	}
	if !e.inForce(d) {
		return nil, notInForce(kind, id, d, e.t.Head().Range())
	}
	return e.t, nil
}
