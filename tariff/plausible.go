package tariff

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Notices returns the check-time warnings about the tables of s, in table
// order: values that load but are likely a mistake (a template's placeholder
// left in), every tier energy, basic or fund price of 0 in a catalog or T&D
// table (a bill using one warns too). A warning renders like an Error located
// at the table, with "warning" in place of the package prefix:
//
//	warning: file:line:1: tiers[0].energy: the energy price of tier 1-10kV is 0: bills using it charge nothing for it
func (s *Set) Notices() []string {
	var out []string
	for _, t := range s.tables {
		out = append(out, notices(t)...)
	}
	return out
}

// notices returns the check-time warnings of t.
func notices(t table) []string {
	var out []string
	h := t.Head()
	zero := func(field string, v decimal.Decimal, what string) {
		if v.IsZero() {
			out = append(out, fmt.Sprintf("warning: %s:%d:1: %s: %s is 0: bills using it charge nothing for it", h.File, h.Line, field, what))
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
