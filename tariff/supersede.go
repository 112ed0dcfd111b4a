package tariff

// supersede applies the tables' supersedes (README §3.12) to tables, in
// place: a table naming another in `supersedes` ends that table on its own
// from-date. The superseded table is replaced by a copy with the shorter
// range; the original, which another Set may hold, is not changed.
//
// It returns a *Error, located at the superseding table, if the named
// table does not exist, is of another kind or region, is the table itself, is
// superseded by another table too, does not start before the superseding
// table, or already ends on or before the superseding table's from-date. In a
// partial Set a table that does not exist is skipped: the Set it joins
// (With) holds it.
func supersede(tables []table, byID map[string]table, partial bool) error {
	by := map[string]string{} // superseded id → the id superseding it
	for _, t := range tables {
		h := t.Head()
		if h.Supersedes == "" {
			continue
		}
		old, ok := byID[h.Supersedes]
		switch {
		case h.Supersedes == h.ID:
			return tableErr(h, "supersedes", h.Supersedes, "the id of an earlier table of the same kind", "a table cannot supersede itself")
		case !ok && partial:
			continue
		case !ok:
			return tableErr(h, "supersedes", h.Supersedes, "", "names a table that does not exist")
		}
		g := old.Head()
		switch {
		case g.Kind != h.Kind || g.Region != h.Region:
			return tableErr(h, "supersedes", h.Supersedes, "a "+string(h.Kind)+" table of region "+h.Region,
				"names a %s table of region %s", g.Kind, g.Region)
		case by[g.ID] != "":
			return tableErr(h, "supersedes", h.Supersedes, "", "%s is already superseded by %s", g.ID, by[g.ID])
		case !g.From.Before(h.From):
			return tableErr(h, "supersedes", h.Supersedes, "a table in force from before "+h.From.String(),
				"%s starts %s, not before this table (from %s)", g.ID, g.From, h.From)
		case !g.To.IsZero() && g.To.Before(h.From):
			return tableErr(h, "supersedes", h.Supersedes, "", "%s ends %s, before this table starts: nothing to supersede", g.ID, g.To)
		}
		by[g.ID] = h.ID
		if g.To == h.From {
			continue // already shortened (a Set extended by With)
		}
		g.To = h.From
		g.SupersededBy = h.ID
		g.rng = ""
		g.rng = g.Range()
		nt := withHeader(old, g)
		byID[g.ID] = nt
		for i := range tables {
			if tables[i] == old {
				tables[i] = nt
			}
		}
	}
	return nil
}

// withHeader returns a shallow copy of t with header h (tables are never
// modified, so the copy may share their slices).
func withHeader(t table, h Header) table {
	switch x := t.(type) {
	case *catalog:
		c := *x
		c.Header = h
		return &c
	case *coalBenchmark:
		c := *x
		c.Header = h
		return &c
	case *tnd:
		c := *x
		c.Header = h
		return &c
	case *Rules:
		c := *x
		c.setHead(h)
		return &c
	case *touPeriods:
		c := *x
		c.h = h
		return &c
	case *touRatios:
		c := *x
		c.h = h
		return &c
	}
	panic("tariff: unknown table type") // every table kind of this package is listed above
}
