package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// The energy lines: every line that is kWh × a price per kWh, with TOU (README
// §3.8) deciding which of them float.

// timeOfUse resolves the TOU ratios the options name (README §3.8): TOU applies
// to a bill exactly when ratios are in force for its month, and then the kWh
// must be split by the periods the ratios price.
func (b *builder) timeOfUse() error {
	if b.opt.TOU == "" {
		b.periodArr[0], b.nPeriods = periodKWh{KWh: b.u.KWh}, 1
		return checkFlat(b.u)
	}
	r, err := b.set.TOU(b.opt.TOU, b.date)
	if err != nil {
		return b.namedTable("tou", b.opt.TOU, err)
	}
	b.tou = r
	if !b.lean {
		// A bill relies on both tables being in force and on their values:
		// a MEDIUM one of them is warned about like any other table's.
		rh, ph := r.Head(), r.PeriodsHead()
		b.use(&rh, "effective", "ratios", "floating")
		b.use(&ph, "effective", "seasons")
	}
	b.nPeriods = len(periodsOf(b.periodArr[:0], b.metered))
	return checkPeriods(b.periods(), b.u, b.opt.TOU, r)
}

// periods returns the metered kWh by period in the order peak, flat,
// valley, critical, or one flat entry with no period holding the billed kWh.
// Use periodKWh for a period's billed kWh. The slice is the builder's.
func (b *builder) periods() []periodKWh { return b.periodArr[:b.nPeriods] }

// periodKWh returns the billed kWh of a period as the fraction num ÷ den:
// with transformer losses (README §3.11), the period's metered kWh plus the
// loss kWh allocated in proportion to the metered kWh of each period,
// kWh_p × billed ÷ metered, one fraction per period (README §3.1).
func (b *builder) periodKWh(p periodKWh) (num, den decimal.Decimal) {
	if p.Period == "" || b.metered.TransformerLossKWh.IsZero() {
		return p.KWh, one
	}
	return mul(p.KWh, b.u.KWh), b.metered.KWh
}

// energyPrice returns the price of a TOU period for a line code: the flat
// price scaled by the period's ratio when the ratios table lists the code as
// floating (README §3.8), unrounded.
func (b *builder) energyPrice(code tariff.LineCode, flat decimal.Decimal, p tariff.Period) decimal.Decimal {
	if b.tou == nil || p == "" || !b.tou.Floats(code) {
		return flat
	}
	r, _ := b.tou.Ratio(p)
	return normMul(flat, r)
}

// catalogEnergy adds the energy lines of a catalog bill (目录电价, README §3.3
// line 1): per TOU period, kWh_p × (P_v − F) × r_p. Catalog prices include the
// funds F, which are billed on their own line; the TOU ratio scales the price
// excluding funds.
func (b *builder) catalogEnergy(cp *tariff.Price) {
	exF := cp.EnergyExFunds() // P_v − F, computed when the catalog was loaded
	for _, p := range b.periods() {
		price := b.energyPrice(tariff.LineEnergy, exF, p.Period)
		num, den := b.periodKWh(p)
		amt, f := fracMulRoundF(num, price, den)
		l := Line{Code: tariff.LineEnergy, Period: p.Period, Quantity: b.shown(num, den), Unit: "kWh", UnitPrice: price, Amount: amt}
		if !b.lean {
			en, zh := cp.EnergyClause()
			l.Clause, l.ClauseZH = b.basis(en, zh, &cp.Table)
			b.lossItems(p)
		}
		b.addFen(l, f)
	}
}

// tradedEnergy adds the traded-energy lines of a direct-trade bill (直接交易,
// README §3.6 line 1): traded kWh × the contract's traded price p, by TOU
// period where p floats (p × r_k, unrounded). Under TOU the traded kWh of a
// period are its share of the traded kWh in proportion to the periods' actual
// kWh (README §3.8): kWh_k × traded ÷ E, and the amount kWh_k × traded × price
// ÷ E is one fraction, divided last (README §3.1).
func (b *builder) tradedEnergy(p decimal.Decimal, s deviationSplit) {
	for _, pk := range b.periods() {
		num, den := s.tradedIn(pk, b.metered.KWh)
		price := b.energyPrice(tariff.LineTradedEnergy, p, pk.Period)
		b.lossItems(pk)
		amt, f := fracMulRoundF(num, price, den)
		b.addFen(Line{Code: tariff.LineTradedEnergy, Period: pk.Period, Quantity: b.shown(num, den), Unit: "kWh", UnitPrice: price, Amount: amt,
			Clause: "traded kWh × traded price (contract)", ClauseZH: "交易电量 × 交易电价（合同）"}, f)
	}
}

// tndEnergy2016 adds the T&D energy line of a direct-trade bill (README §3.6
// line 2): traded kWh × the T&D energy price of the tier, from an approved
// table or, where none is, the price spread (购销价差) P_v − F − coal benchmark.
func (b *builder) tndEnergy2016(tnd tariff.Price, traded decimal.Decimal) {
	b.use(&tnd.Table, "energy")
	for i := range tnd.Sources[1:] {
		b.use(&tnd.Sources[1+i])
	}
	amt, f := mulRoundShiftF(numOf(traded), tnd.Energy, 0)
	l := Line{Code: tariff.LineTNDEnergy, Quantity: traded, Unit: "kWh", UnitPrice: tnd.Energy, Amount: amt}
	if !b.lean {
		en, zh := tnd.EnergyClause()
		var arr [4]*tariff.Header
		hs := arr[:0]
		for i := range tnd.Sources {
			hs = append(hs, &tnd.Sources[i])
		}
		l.Clause, l.ClauseZH = b.basis(en, zh, hs...)
	}
	b.addFen(l, f)
}

// outsideEnergy adds the lines for energy outside the contract (README §3.6
// line 3): the kWh the deviation rule set puts outside the contract × the
// catalog price excluding funds, TOU-scaled like a catalog bill (it floats when
// the ratios list outside_energy or energy) and allocated to the periods in
// proportion to their actual kWh (README §3.8).
func (b *builder) outsideEnergy(cp *tariff.Price, dev *tariff.Rules, s deviationSplit) {
	b.use(&cp.Table)
	exF := cp.EnergyExFunds() // P_v − F, computed when the catalog was loaded
	floats := b.tou != nil && (b.tou.Floats(tariff.LineOutsideEnergy) || b.tou.Floats(tariff.LineEnergy))
	for _, pk := range b.periods() {
		price := exF
		if pk.Period != "" && floats {
			r, _ := b.tou.Ratio(pk.Period)
			price = normMul(exF, r)
		}
		num, den := s.outsideIn(pk, b.metered.KWh)
		amt, f := fracMulRoundF(num, price, den)
		l := Line{Code: tariff.LineOutsideEnergy, Period: pk.Period, Quantity: b.shown(num, den), Unit: "kWh", UnitPrice: price, Amount: amt}
		if !b.lean {
			en, zh := cp.OutsideClause()
			dh := dev.Head()
			l.Clause, l.ClauseZH = b.basis(en, zh, &cp.Table, &dh)
		}
		b.addFen(l, f)
	}
}

// purchaseEnergy adds the purchase-energy lines of a 2023+ bill (README §3.7):
// kWh × the purchase price (the agency price, or the market contracts'
// volume-weighted price Σ kWh × price ÷ Σ kWh), by TOU period where the
// purchase price floats; each amount one fraction, divided last (README §3.1,
// E9 a).
func (b *builder) purchaseEnergy(pp purchasePrice, pu Purchase) {
	for _, pk := range b.periods() {
		num := b.energyPrice(tariff.LinePurchaseEnergy, pp.num, pk.Period) // Σ kWh × price × ratio
		price := b.shown(num, pp.den)
		kn, kd := b.periodKWh(pk)
		den := pp.den
		if !kd.Equal(one) {
			den = mul(kd, pp.den)
		}
		amt, f := fracMulRoundF(kn, num, den)
		l := Line{Code: tariff.LinePurchaseEnergy, Period: pk.Period, Quantity: b.shown(kn, kd), Unit: "kWh", UnitPrice: price, Amount: amt,
			Clause: pp.clause, ClauseZH: pp.clauseZH}
		if !b.lean {
			b.lossItems(pk)
			b.purchaseItems(pu)
		}
		b.addFen(l, f)
	}
}

// tndEnergy2023 adds the T&D energy line of a 2023+ bill (发改价格〔2023〕526号,
// README §3.7): all kWh × the T&D energy price of the tier; it never floats.
func (b *builder) tndEnergy2023(tnd tariff.Price) {
	b.use(&tnd.Table, "energy")
	amt, f := mulRoundShiftF(b.kwhN, tnd.Energy, 0)
	l := Line{Code: tariff.LineTNDEnergy, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: tnd.Energy, Amount: amt}
	if !b.lean {
		en, zh := tnd.EnergyClause()
		l.Clause, l.ClauseZH = b.basis(en, zh, &tnd.Table)
	}
	b.addFen(l, f)
}

// systemOperation adds the system operation line of a 2023+ bill (系统运行费用,
// README §3.7): kWh × the month's published rate, which the user supplies; it
// never floats.
func (b *builder) systemOperation(rate decimal.Decimal) {
	amt, f := mulRoundShiftF(b.kwhN, rate, 0)
	b.addFen(Line{Code: tariff.LineSystemOperation, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: rate, Amount: amt,
		Clause: "kWh × the month's published system operation charge (user-supplied)", ClauseZH: "电量 × 当月公布的系统运行费用（用户提供）"}, f)
}
