package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// loss adds the on-grid line-loss line of a 2023+ bill (上网环节线损费用,
// 发改价格〔2023〕526号, README §3.7; MEDIUM form): kWh × purchase price × rate ÷
// (1 − rate), every multiplication first and one division last, rounded once
// (README §3.1). It never floats with TOU.
func (b *builder) loss(price decimal.Decimal, tnd tariff.TNDPrice) {
	loss := b.u.KWh.Mul(price).Mul(tnd.LossRate).DivRound(one.Sub(tnd.LossRate), divPlaces)
	b.use(tnd.Table, "loss_rate")
	b.add(Line{Code: tariff.LineLoss, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: price, Amount: loss,
		Basis: basisOf(fmt.Sprintf("kWh × purchase price × %s ÷ (1 − %s)", Price(tnd.LossRate), Price(tnd.LossRate)),
			fmt.Sprintf("电量 × 购电价格 × %s ÷（1 − %s）", Price(tnd.LossRate), Price(tnd.LossRate)), tnd.Table)})
}
