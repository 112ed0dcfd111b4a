package tariff

import (
	"slices"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// voltageRange maps supply voltages (kV) to a tier: Min ≤ V, and V ≤ Max or
// V < Below (at most one of the two; neither means no upper bound).
type voltageRange struct {
	Min              decimal.Decimal
	Max              decimal.Decimal // inclusive upper bound; zero when not set
	Below            decimal.Decimal // exclusive upper bound; zero when not set
	HasMax, HasBelow bool
	// The bounds in micro-kV (kV × 10⁶), when fixed holds: every bound
	// given is a whole number of them in 63 bits (set by fix).
	fixed                 bool
	minMu, maxMu, belowMu int64
}

// microKV is the number of decimal places of the bounds' fixed form.
const microKV = 6

// fix sets the bounds' fixed form when they have one.
func (r *voltageRange) fix() {
	var ok1, ok2, ok3 bool
	r.minMu, ok1 = exact.Fixed(r.Min, microKV)
	r.maxMu, ok2 = exact.Fixed(r.Max, microKV)
	r.belowMu, ok3 = exact.Fixed(r.Below, microKV)
	r.fixed = ok1 && (ok2 || !r.HasMax) && (ok3 || !r.HasBelow)
}

// containsFixed is Contains for v = vMu micro-kV, when r.fixed.
func (r *voltageRange) containsFixed(vMu int64) bool {
	return vMu >= r.minMu && (!r.HasMax || vMu <= r.maxMu) && (!r.HasBelow || vMu < r.belowMu)
}

// Contains reports whether v lies in r.
func (r *voltageRange) Contains(v decimal.Decimal) bool {
	if exact.Cmp(v, r.Min) < 0 {
		return false
	}
	if r.HasMax && exact.Cmp(v, r.Max) > 0 {
		return false
	}
	if r.HasBelow && exact.Cmp(v, r.Below) >= 0 {
		return false
	}
	return true
}

// priceTier is one voltage tier with its prices.
type priceTier struct {
	Tier     string          // e.g. "220kV+"
	Voltage  voltageRange    // the supply voltages the tier maps
	Energy   decimal.Decimal // 电度电价, 元/kWh
	BasicKVA decimal.Decimal // 基本电价 by capacity, 元/kVA·月
	BasicKW  decimal.Decimal // 基本电价 by demand, 元/kW·月
	// HasBasic is false for T&D tiers whose basic prices come from the catalog.
	HasBasic bool
	text     *tierText // the clauses bills cite for the tier, built at load; read only
	// exFunds is Energy − the catalog's funds (hasExFunds: catalog tiers),
	// computed at load.
	exFunds    decimal.Decimal
	hasExFunds bool
}

// findTier returns the tier of tiers that maps v.
func findTier(tiers []priceTier, v decimal.Decimal) (priceTier, bool) {
	vMu, fixed := exact.Fixed(v, microKV)
	for i := range tiers {
		r := &tiers[i].Voltage
		if fixed && r.fixed && r.containsFixed(vMu) || !(fixed && r.fixed) && r.Contains(v) {
			return tiers[i], true
		}
	}
	return priceTier{}, false
}

// parseTiers reads voltage tiers; basic prices are required when requireBasic.
func parseTiers(m *strictyaml.Map, key string, requireBasic bool) []priceTier {
	var ts []priceTier
	var nodes []*strictyaml.Map
	for i, n := range m.List(key, true) {
		tm := m.Item(key, i, n)
		if tm == nil {
			return nil
		}
		var t priceTier
		t.Tier = tm.Str("tier", true)
		t.text = newTierText(t.Tier)
		t.Voltage.Min, _ = tm.Decimal("min_kv", true, strictyaml.NonNegative)
		t.Voltage.Max, t.Voltage.HasMax = tm.Decimal("max_kv", false, strictyaml.NonNegative)
		t.Voltage.Below, t.Voltage.HasBelow = tm.Decimal("below_kv", false, strictyaml.NonNegative)
		t.Voltage.fix()
		if t.Voltage.HasMax && t.Voltage.HasBelow {
			tm.Fail("below_kv", "", "max_kv or below_kv", "give at most one upper bound")
		}
		if t.Voltage.HasMax && t.Voltage.Max.LessThan(t.Voltage.Min) || t.Voltage.HasBelow && !t.Voltage.Below.GreaterThan(t.Voltage.Min) {
			tm.Fail("min_kv", t.Voltage.Min.String(), "", "voltage range is empty")
		}
		t.Energy, _ = tm.Decimal("energy", true, strictyaml.NonNegative)
		var hk, hw bool
		t.BasicKVA, hk = tm.Decimal("basic_kva", requireBasic, strictyaml.NonNegative)
		t.BasicKW, hw = tm.Decimal("basic_kw", requireBasic, strictyaml.NonNegative)
		if hk != hw && !m.Failed() {
			tm.Fail("basic_kw", "", "both basic_kva and basic_kw, or neither", "basic prices must be given together")
		}
		t.HasBasic = hk && hw
		tm.Done()
		ts = append(ts, t)
		nodes = append(nodes, tm)
	}
	if m.Failed() {
		return ts
	}
	for i := range ts {
		for j := 0; j < i; j++ {
			if ts[i].Tier == ts[j].Tier {
				nodes[i].Fail("tier", ts[i].Tier, "", "tier listed twice")
				return ts
			}
			if overlaps(ts[i].Voltage, ts[j].Voltage) {
				nodes[i].Fail("min_kv", ts[i].Voltage.Min.String(), "", "tier %s overlaps tier %s", ts[i].Tier, ts[j].Tier)
				return ts
			}
		}
	}
	if v, ok := voltageGap(ts); ok {
		m.Fail(key, "", "", "no tier maps the standard voltage %s kV between the tiers (GB/T 156)", v)
	}
	return ts
}

// upper returns r's upper bound, whether it is inclusive, and whether it exists.
func (r voltageRange) upper() (decimal.Decimal, bool, bool) {
	switch {
	case r.HasMax:
		return r.Max, true, true
	case r.HasBelow:
		return r.Below, false, true
	}
	return decimal.Zero, false, false
}

func overlaps(a, b voltageRange) bool {
	lo := decimal.Max(a.Min, b.Min)
	au, ai, aok := a.upper()
	bu, bi, bok := b.upper()
	if !aok && !bok {
		return true
	}
	hi, incl := au, ai
	if !aok || bok && bu.LessThan(au) {
		hi, incl = bu, bi
	} else if aok && bok && bu.Equal(au) {
		incl = ai && bi
	}
	return hi.GreaterThan(lo) || hi.Equal(lo) && incl
}

// StandardVoltages returns the nominal system voltages of GB/T 156 in kV,
// ascending, as decimal text: the supply voltages a customer may have.
func StandardVoltages() []string { return slices.Clone(standardVoltages) }

// standardVoltages are the nominal system voltages of GB/T 156 (kV); tiers must
// not leave one of them unmapped between their lowest and highest bound.
var standardVoltages = []string{"0.22", "0.38", "0.66", "1", "3", "6", "10", "20", "35", "66", "110", "220", "330", "500", "750", "1000"}

func voltageGap(ts []priceTier) (string, bool) {
	if len(ts) == 0 {
		return "", false
	}
	lo := ts[0].Voltage.Min
	var hi decimal.Decimal
	open := false
	for _, t := range ts {
		lo = decimal.Min(lo, t.Voltage.Min)
		u, _, ok := t.Voltage.upper()
		if !ok {
			open = true
		} else {
			hi = decimal.Max(hi, u)
		}
	}
	for _, s := range standardVoltages {
		v := decimal.RequireFromString(s)
		if v.LessThan(lo) || !open && v.GreaterThan(hi) {
			continue
		}
		if _, ok := findTier(ts, v); !ok {
			return s, true
		}
	}
	return "", false
}
