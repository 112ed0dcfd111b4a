package tariff

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Notice is a check-time warning about a table that loads: valid, but likely
// a mistake (a template's placeholder left in). It renders like an Error
// with "warning" in place of the package prefix.
type Notice struct {
	File   string // the table file the notice is about
	Line   int    // the table's first line
	Table  string // the table's id
	Field  string // dotted path, e.g. "tiers[2].energy"
	Reason string // why the value looks like a mistake
}

// String renders the notice as "warning: file:line:1: field: reason".
func (n Notice) String() string {
	return fmt.Sprintf("warning: %s:%d:1: %s: %s", n.File, n.Line, n.Field, n.Reason)
}

// Notices returns the check-time warnings of t: every tier energy, basic or
// fund price of 0 in a catalog or T&D table (a bill using one warns too).
func Notices(t Table) []Notice {
	var out []Notice
	h := t.Head()
	zero := func(field string, v decimal.Decimal, what string) {
		if v.IsZero() {
			out = append(out, Notice{File: h.File, Line: h.Line, Table: h.ID, Field: field, Reason: what + " is 0: bills using it charge nothing for it"})
		}
	}
	tiers := func(path string, ts []priceTier) {
		for i, tr := range ts {
			p := fmt.Sprintf("%s[%d]", path, i)
			zero(p+".energy", tr.Energy, "the energy price of tier "+tr.Tier)
			if tr.HasBasic {
				zero(p+".basic_kva", tr.BasicKVA, "the basic price per kVA of tier "+tr.Tier)
				zero(p+".basic_kw", tr.BasicKW, "the basic price per kW of tier "+tr.Tier)
			}
		}
	}
	funds := func(fs []fund) {
		for i, f := range fs {
			zero(fmt.Sprintf("funds[%d].rate", i), f.rate, "the rate of fund "+f.code)
		}
	}
	switch x := t.(type) {
	case *catalog:
		funds(x.Funds)
		for i, c := range x.Classes {
			tiers(fmt.Sprintf("classes[%d].tiers", i), c.Tiers)
		}
	case *tnd:
		tiers("tiers", x.Tiers)
		funds(x.Funds)
	}
	return out
}
