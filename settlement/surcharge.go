package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/tariff"
)

// surcharges adds the smelter surcharges and the eligibility warnings (README
// §3.10).
//
// 发改价格〔2013〕2530号: an electrolytic-aluminium smelter whose AC
// electrolysis consumption last year was above the threshold pays the stepped
// surcharge on all kWh, at the rate the table in force for the month gives
// (one line, outside the power-factor base). A plant that pays a differential
// price, or the stepped surcharge, is warned that several provinces bar it
// from direct trading.
func (b *builder) surcharges() error {
	if b.c.Differential {
		b.warning(Warning{Code: WarningEligibility, Subject: "differential",
			ZH: "执行差别电价（惩罚性电价）的企业，多个省份不允许参与直接交易",
			EN: "the plant pays a differential (punitive) price: several provinces bar such users from direct trading"})
	}
	if !b.c.AluminiumKWhPerTonne.Valid {
		return nil
	}
	s, h, err := b.set.AluminiumSurcharge(b.c.Region, b.date, b.c.AluminiumKWhPerTonne.Decimal)
	if err != nil {
		return &InputError{Month: b.u.Month.String(), Field: "customer.aluminium", Reason: "the plant has aluminium facts but no aluminium stepped-price table is in force for the month (the 2021 revision is not shipped)", Allowed: "supply a stepped-price table with -tables, or remove the aluminium facts"}
	}
	b.use(h)
	if s.IsZero() {
		return nil
	}
	b.add(Line{Code: tariff.LineSurcharge, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: s, Amount: mulRound(b.u.KWh, s),
		Basis: basisOf(fmt.Sprintf("electrolysis consumption %s kWh/t: +%s 元/kWh on all kWh", b.c.AluminiumKWhPerTonne.Decimal, s),
			fmt.Sprintf("电解交流电耗 %s kWh/t：全部电量加价 %s 元/kWh", b.c.AluminiumKWhPerTonne.Decimal, s), h)})
	b.warning(Warning{Code: WarningEligibility, Subject: h.ID,
		ZH: fmt.Sprintf("电解铝交流电耗 %s kWh/t 超过 %s 阶梯电价门槛：多个省份不允许加价用户参与直接交易", b.c.AluminiumKWhPerTonne.Decimal, h.Document),
		EN: fmt.Sprintf("electrolysis consumption %s kWh/t is above the threshold of %s: several provinces bar surcharged users from direct trading", b.c.AluminiumKWhPerTonne.Decimal, h.Document)})
	return nil
}
