package settlement

import (
	"github.com/shopspring/decimal"
)

// Transformer losses (变损, README §3.11): a plant metered on the low-voltage
// side of its own transformer is billed the metered values plus the
// transformer's losses, which the month gives (they are inputs, not computed
// here). Every kWh-based line, the kWh/kVA ratio and the power factor use the
// billed values; under TOU the loss kWh are allocated to the periods in
// proportion to their metered kWh (periodKWh, one fraction per period). The
// energy and power-factor lines show metered + loss in their basis.

// toBilled makes *u the usage a bill charges, in place: kWh and kvarh with
// the transformer losses added and the loss fields zero (so that BilledKWh
// of the result is its KWh). ByPeriod stays metered: periods are billed
// through periodKWh.
// It reports whether there were losses to add.
func toBilled(u *Usage) bool {
	if u.TransformerLossKWh.IsZero() && u.TransformerLossKVarh.IsZero() {
		return false
	}
	u.KWh, u.KVarh = u.BilledKWh(), u.BilledKVarh()
	u.TransformerLossKWh, u.TransformerLossKVarh = decimal.Zero, decimal.Zero
	return true
}

// lossItems itemises metered + loss kWh in the basis of the energy line of
// period p about to be added (the whole month when p has no period); none
// without losses. Under TOU the period's loss is its share of the loss kWh,
// kWh_p × loss ÷ metered.
func (b *builder) lossItems(p periodKWh) {
	m := &b.metered
	if b.lean || m.TransformerLossKWh.IsZero() {
		return
	}
	metered, loss := m.KWh, m.TransformerLossKWh
	if p.Period != "" {
		metered = p.KWh
		loss = b.shown(p.KWh.Mul(m.TransformerLossKWh), m.KWh)
	}
	b.itemLater(ItemMetered, "kWh", itemFmt{kind: fmtDecimal, d: [4]decimal.Decimal{metered}})
	b.itemLater(ItemTransformer, "kWh", itemFmt{kind: fmtDecimal, d: [4]decimal.Decimal{loss}})
}

// lossKVarhItems itemises metered + loss kWh and kvarh in the basis of the
// power-factor line about to be added; none without losses.
func (b *builder) lossKVarhItems() {
	m := &b.metered
	if b.lean || m.TransformerLossKWh.IsZero() && m.TransformerLossKVarh.IsZero() {
		return
	}
	for _, it := range []struct {
		kind ItemKind
		ref  string
		v    decimal.Decimal
	}{{ItemMetered, "kWh", m.KWh}, {ItemTransformer, "kWh", m.TransformerLossKWh}, {ItemMetered, "kvarh", m.KVarh}, {ItemTransformer, "kvarh", m.TransformerLossKVarh}} {
		b.itemLater(it.kind, it.ref, itemFmt{kind: fmtDecimal, d: [4]decimal.Decimal{it.v}})
	}
}
