package tariff

import "github.com/shopspring/decimal"

// The clauses bills cite for the lines priced from a table, built once when
// the table is loaded: a bill copies these strings and builds no text of its
// own for them.

// tierText is the clause text of one price tier, in English and Chinese.
type tierText struct {
	catalogEnergy, outsideEnergy [2]string // catalog tiers
	tnd2016, tnd2016Spread       [2]string // T&D energy, direct trade (approved table, or the price spread of a catalog tier)
	tnd2023                      [2]string // T&D energy, 2023 structure
}

func newTierText(tier string) *tierText {
	return &tierText{
		catalogEnergy: [2]string{"kWh × (catalog price − funds) × TOU ratio; tier " + tier, "电量 × （目录电价 − 基金）× 峰谷系数；电压等级 " + tier},
		outsideEnergy: [2]string{"kWh outside the contract × (catalog price − funds), tier " + tier, "合同外电量 × （目录电价 − 基金），电压等级 " + tier},
		tnd2016:       [2]string{"traded kWh × T&D energy price, tier " + tier, "交易电量 × 输配电价，电压等级 " + tier},
		tnd2016Spread: [2]string{"traded kWh × T&D energy price, tier " + tier + " (price spread: catalog − funds − coal benchmark)",
			"交易电量 × 输配电价，电压等级 " + tier + "（购销价差：目录电价 − 基金 − 燃煤标杆电价）"},
		tnd2023: [2]string{"kWh × T&D energy price, tier " + tier, "电量 × 输配电价，电压等级 " + tier},
	}
}

// EnergyClause returns the clause the energy lines priced by p cite, in
// English and Chinese. For a catalog price, the clause of a catalog bill's
// energy lines: "kWh × (catalog price − funds) × TOU ratio; tier …". For a
// T&D price, the clause of the T&D energy line: traded kWh (2016 structure,
// with the price spread's derivation where the price is one) or all kWh
// (2023 structure) × the T&D energy price of the tier.
func (p *Price) EnergyClause() (en, zh string) {
	t := p.text
	if t == nil {
		t = newTierText(p.Tier)
	}
	c := &t.tnd2016
	switch {
	case p.Table.Kind == KindCatalog:
		c = &t.catalogEnergy
	case p.Structure == Structure2023:
		c = &t.tnd2023
	case p.Spread:
		c = &t.tnd2016Spread
	}
	return c[0], c[1]
}

// OutsideClause returns the clause a direct-trade bill's lines for energy
// outside the contract cite, in English and Chinese, for a catalog price.
func (p *Price) OutsideClause() (en, zh string) {
	t := p.text
	if t == nil {
		t = newTierText(p.Tier)
	}
	return t.outsideEnergy[0], t.outsideEnergy[1]
}

// LossClause returns the clause the on-grid line-loss line cites, in English
// and Chinese, for a T&D price: "kWh × purchase price × rate ÷ (1 − rate)".
func (p *Price) LossClause() (en, zh string) {
	if p.lossText[0] == "" {
		l := lossText(p.LossRate)
		return l[0], l[1]
	}
	return p.lossText[0], p.lossText[1]
}

func lossText(rate decimal.Decimal) [2]string {
	r := rate.String()
	if e := rate.Exponent(); e < 0 {
		r = rate.StringFixed(-e) // as the table writes it, trailing zeros kept
	}
	return [2]string{"kWh × purchase price × " + r + " ÷ (1 − " + r + ")", "电量 × 购电价格 × " + r + " ÷（1 − " + r + "）"}
}

// Clause returns the clause the power-factor line cites, in English and
// Chinese, naming the line kinds of the base.
func (t *powerFactor) Clause() (en, zh string) {
	return t.clause[0], t.clause[1]
}

func pfClause(baseZH, baseEN string) [2]string {
	return [2]string{"percent for the power factor against the standard × the base (" + baseEN + ")", "按功率因数与考核标准查得的调整百分比 × 计算基数（" + baseZH + "）"}
}
