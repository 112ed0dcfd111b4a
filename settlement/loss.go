package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// loss adds the on-grid line-loss line of a 2023+ bill (上网环节线损费用,
// 发改价格〔2023〕526号, README §3.7; MEDIUM form): kWh × purchase price × rate ÷
// (1 − rate), every multiplication first and one division last, rounded once
// (README §3.1). It never floats with TOU.
//
// With a volume-weighted market price num ÷ den the charge is kWh × num ×
// rate ÷ (den × (1 − rate)), still one fraction. A rate of 1 or more has no
// charge to compute: an error, never a number.
//
// When the month gives the grid's published loss price (上网环节线损费用折价,
// 元/kWh), the line is kWh × that price, rounded once, and its basis names
// the published price instead of the formula.
func (b *builder) loss(pp purchasePrice, tnd tariff.Price, published decimal.NullDecimal) error {
	if published.Valid {
		b.add(Line{Code: tariff.LineLoss, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: published.Decimal, Amount: mulRound(b.u.KWh, published.Decimal),
			Clause:   "kWh × the month's published loss price " + Price(published.Decimal) + " 元/kWh (user-supplied)",
			ClauseZH: "电量 × 当月公布的上网环节线损费用折价 " + Price(published.Decimal) + " 元/kWh（用户提供）"})
		return nil
	}
	var amount decimal.Decimal
	if dc, de, ok := oneMinus64(tnd.LossRate); ok && pp.den.Equal(one) {
		// 1 − rate in int64: no decimal for the denominator.
		if dc <= 0 {
			return b.lossRateErr(tnd)
		}
		amount = fracMul3RoundDen(b.u.KWh, pp.num, tnd.LossRate, dc, de)
	} else {
		den := oneMinus(tnd.LossRate)
		if !pp.den.Equal(one) {
			den = mul(pp.den, den)
		}
		if !den.IsPositive() {
			return b.lossRateErr(tnd)
		}
		amount = fracMul3Round(b.u.KWh, pp.num, tnd.LossRate, den)
	}
	b.use(&tnd.Table, "loss_rate")
	l := Line{Code: tariff.LineLoss, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: b.shown(pp.num, pp.den), Amount: amount}
	if !b.lean {
		en, zh := tnd.LossClause()
		l.Clause, l.ClauseZH = b.basis(en, zh, &tnd.Table)
	}
	b.add(l)
	return nil
}

// lossRateErr is the error of a loss rate of 1 or more.
func (b *builder) lossRateErr(tnd tariff.Price) error {
	return b.inputErr("tnd.loss_rate", tnd.LossRate.String(), "a loss rate of 1 or more leaves no charge to compute (table "+tnd.Table.ID+")", "a rate below 1")
}
