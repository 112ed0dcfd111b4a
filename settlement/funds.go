package settlement

import (
	"github.com/dianfei/dianfei/tariff"
)

// funds adds the funds line (政府性基金及附加, README §3.3 line 2, §3.6 line 7,
// §3.7): total kWh × F, where F is the sum of the funds the price table bills
// per kWh; one line, the funds itemised in its basis. Funds are outside the
// power-factor base by default ((83)水电财字第215号 as the base table reads it).
func (b *builder) funds(p *tariff.Price) {
	F, src := p.FundsSum, &p.Table
	amt, f := mulRoundShiftF(b.kwhN, F, 0)
	l := Line{Code: tariff.LineFunds, Quantity: b.u.KWh, Unit: "kWh", UnitPrice: F, Amount: amt}
	if !b.lean {
		l.Clause, l.ClauseZH = b.basis("kWh × funds", "电量 × 政府性基金及附加", src)
		b.nonNilItems()
		for i := range p.NumFunds() {
			_, name, rate, text := p.Fund(i)
			b.item(ItemFund, name, text)
			b.zeroFund = b.zeroFund || rate.IsZero()
		}
	}
	b.use(src, "funds")
	b.addFen(l, f)
}
