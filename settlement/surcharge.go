package settlement

import (
	"fmt"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// surcharges adds the smelter surcharges and the eligibility warnings (README
// §3.10). A plant that pays a differential price, or the stepped surcharge,
// is warned that several provinces bar it from direct trading. A smelter
// (a usage with AluminiumKWhPerTonne) pays the stepped price of the table in
// force for the month, one line outside the power-factor base:
//
//   - 发改价格〔2013〕2530号 (bands): last year's AC electrolysis consumption
//     per tonne above a band pays its surcharge on all kWh;
//   - the 2021 notice (from 2022, steps): last year's aluminium-liquid
//     consumption x above the month's threshold T pays the step price for each
//     step of kWh/t above it, ⌈(x − T) ÷ step⌉, on the aluminium-liquid
//     production kWh (given, or its share of the billed kWh; all billed kWh
//     and a warning when neither is given), less the renewable reduction
//     when the plant's share s is above the table's share and at least the
//     provincial weight w: 1 − reduction per point × ⌊100 (s − share)⌋.
func (b *builder) surcharges() error {
	if b.c.Differential {
		b.warning(Warning{Code: WarningEligibility, Subject: "differential",
			ZH: "执行差别电价（惩罚性电价）的企业，多个省份不允许参与直接交易",
			EN: "the plant pays a differential (punitive) price: several provinces bar such users from direct trading"})
	}
	m := &b.metered
	if !m.AluminiumKWhPerTonne.Valid {
		return nil
	}
	t, err := b.set.AluminiumStep(b.c.Region, b.date)
	if err != nil {
		return b.inputErr("usage.aluminium_kwh_per_tonne", "", "the month has aluminium facts but no aluminium stepped-price table is in force (none before 2014)", "a Set with an aluminium_step table in force for the month (Set.With), or no aluminium facts")
	}
	h := t.Head()
	b.use(&h)
	x := m.AluminiumKWhPerTonne.Decimal
	th, from := t.Threshold(b.date)
	items := []Item{{ItemConsumption, "", decString(x) + " kWh/t"}, {ItemThreshold, "", thresholdText(th, from)}}
	stepKWh, stepPrice, stepped := t.Stepped()
	if !stepped {
		s := t.BandSurcharge(x)
		if s.IsZero() {
			return nil
		}
		l := Line{Code: tariff.LineSurcharge, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: s, Amount: mulRound(b.u.KWh, s)}
		if !b.lean {
			l.Clause, l.ClauseZH = b.basisWithItems(fmt.Sprintf("electrolysis consumption %s kWh/t: +%s 元/kWh on all kWh", x, s),
				fmt.Sprintf("电解交流电耗 %s kWh/t：全部电量加价 %s 元/kWh", x, s), items, &h)
		}
		b.add(l)
		b.eligibility(x, h)
		return nil
	}
	if !x.GreaterThan(th) {
		return nil
	}
	steps, rem := x.Sub(th).QuoRem(stepKWh, 0)
	if !rem.IsZero() {
		steps = steps.Add(one) // a part of a step counts as a step
	}
	rate := normMul(stepPrice, steps)
	items = append(items, Item{ItemSteps, "", fmt.Sprintf("⌈(%s − %s) ÷ %s⌉ = %s × %s 元/kWh = %s 元/kWh", decString(x), decString(th), decString(stepKWh), steps, Price(stepPrice), rate)})
	if it, factor, ok := b.renewable(t, m.RenewableShare, m.ProvincialWeight); ok {
		items = append(items, it)
		rate = normMul(rate, factor)
	}
	q, it := b.productionKWh()
	items = append(items, it)
	l := Line{Code: tariff.LineSurcharge, Quantity: q, Unit: "kWh", UnitPrice: rate, Amount: mulRound(q, rate)}
	if !b.lean {
		l.Clause, l.ClauseZH = b.basisWithItems(fmt.Sprintf("production kWh × %s 元/kWh × ⌈(consumption − threshold) ÷ %s kWh/t⌉ × (1 − renewable reduction)", Price(stepPrice), decString(stepKWh)),
			fmt.Sprintf("铝液生产用电量 × %s 元/kWh × ⌈（上年电耗 − 门槛）÷ %s kWh/t⌉ ×（1 − 可再生能源减免）", Price(stepPrice), decString(stepKWh)), items, &h)
	}
	b.add(l)
	b.eligibility(x, h)
	return nil
}

// renewable returns the renewable reduction's item and the factor 1 −
// reduction when the month gives the plant's renewable share (and the
// provincial weight with it); ok is false when it gives none or the table
// has no reduction. A reduction that applies is warned as MEDIUM: the text
// is certain, the reading of its baseline is not.
func (b *builder) renewable(t *tariff.Rules, share, weight decimal.NullDecimal) (Item, decimal.Decimal, bool) {
	above, perPoint, ok := t.Renewable()
	if !ok || !share.Valid {
		return Item{}, one, false
	}
	s, w := share.Decimal, weight.Decimal
	if !s.GreaterThan(above) || s.LessThan(w) {
		return Item{ItemRenewable, "", fmt.Sprintf("%s (≤ %s or < %s): × 1", Price(s), Price(above), Price(w))}, one, true
	}
	points := s.Sub(above).Shift(2).Floor()
	factor := one.Sub(perPoint.Mul(points))
	if factor.IsNegative() {
		factor = decimal.Zero
	}
	factor = exact.Norm(factor)
	h := t.Head()
	b.warning(Warning{Code: WarningMediumValue, Subject: h.ID + " renewable",
		ZH: fmt.Sprintf("%s 的可再生能源减免：条文确定，但其基准（份额超过 %s 且不低于省级可再生能源电力消纳责任权重）是本库的理解（中等可信度）", h.ID, Price(above)),
		EN: fmt.Sprintf("%s renewable reduction: the text is certain, its baseline (share above %s and at least the provincial weight) is our reading (MEDIUM)", h.ID, Price(above))})
	return Item{ItemRenewable, "", fmt.Sprintf("%s > %s, ≥ %s: ⌊100 × (%s − %s)⌋ = %s × %s → × %s", Price(s), Price(above), Price(w), Price(s), Price(above), points, Price(perPoint), factor)}, factor, true
}

// productionKWh returns the kWh the 2022+ surcharge is charged on and its
// item: the month's aluminium-liquid production kWh, or its share of the
// billed kWh, or (with a warning) all billed kWh.
func (b *builder) productionKWh() (decimal.Decimal, Item) {
	m := b.metered
	switch {
	case m.AluminiumProductionKWh.Valid:
		q := m.AluminiumProductionKWh.Decimal
		return q, Item{ItemProduction, "", decString(q) + " kWh"}
	case m.AluminiumProductionShare.Valid:
		s := m.AluminiumProductionShare.Decimal
		return normMul(s, b.u.KWh), Item{ItemProduction, "", Price(s) + " × " + decString(b.u.KWh) + " kWh"}
	}
	b.warning(Warning{Code: WarningAluminiumAllKWh,
		ZH: "未给出铝液生产用电量（或其占比）：阶梯电价加价按全部电量计收",
		EN: "no aluminium-liquid production kWh (or share) given: the stepped-price surcharge is charged on all kWh"})
	return b.u.KWh, Item{ItemProduction, "", decString(b.u.KWh) + " kWh (all)"}
}

// eligibility warns that a surcharged smelter may be barred from direct
// trading.
func (b *builder) eligibility(x decimal.Decimal, h tariff.Header) {
	if b.lean { // a lean bill keeps no warnings: build no text for one
		return
	}
	b.warning(Warning{Code: WarningEligibility, Subject: h.ID,
		ZH: fmt.Sprintf("铝液综合交流电耗 %s kWh/t 超过%s规定的阶梯电价门槛：多个省份不允许加价用户参与直接交易", exact.Grouped(x.String()), h.Document),
		EN: fmt.Sprintf("aluminium-liquid AC consumption %s kWh/t is above the stepped-price threshold of %s: several provinces bar surcharged users from direct trading", exact.Grouped(x.String()), h.Document)})
}

func thresholdText(th decimal.Decimal, from tariff.Date) string {
	if from.IsZero() {
		return decString(th) + " kWh/t"
	}
	return decString(th) + " kWh/t (" + from.String() + ")"
}

// basisWithItems starts the basis of the line about to be added with its
// items (the rare surcharge line: items made as values, not formatted later).
func (b *builder) basisWithItems(clause, clauseZH string, items []Item, hs ...*tariff.Header) (string, string) {
	en, zh := b.basis(clause, clauseZH, hs...)
	for _, it := range items {
		b.item(it.Kind, it.Ref, it.Value)
	}
	return en, zh
}
