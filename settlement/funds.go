package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// funds adds the funds line (政府性基金及附加, README §3.3 line 2, §3.6 line 7,
// §3.7): total kWh × F, where F is the sum of the funds the price table bills
// per kWh; one line, the funds itemised in its basis. Funds are outside the
// power-factor base by default ((83)水电财字第215号 as the base table reads it).
func (b *builder) funds(fs []tariff.Fund, F decimal.Decimal, src *tariff.Header) {
	l := Line{Code: tariff.LineFunds, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: F, Amount: mulRound(b.u.KWh, F)}
	if !b.lean {
		l.Clause, l.ClauseZH = b.basis("kWh × funds", "电量 × 政府性基金及附加", src)
		b.nonNilItems()
		for _, f := range fs {
			b.item(ItemFund, f.Name, f.Text)
		}
	}
	b.use(src, "funds")
	b.add(l)
}
