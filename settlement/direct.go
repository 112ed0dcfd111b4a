package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Contract is a month's direct-trade contract (直接交易, 2016–2023 structure).
type Contract struct {
	KWh   decimal.Decimal     // contracted kWh Q
	Price decimal.NullDecimal // traded price at the generator side, 元/kWh (required)
	// TND names an approved T&D table by id; empty means the T&D tariff in
	// force (in Liaoning 2016, the price spread).
	TND string
	// Deviation names the deviation rule set (required), e.g.
	// "ln-deviation-interim".
	Deviation string
}

// DirectTradeBill settles one month under a direct-trade contract (domain
// §3.6): traded energy at the traded price, T&D energy, energy outside the
// contract at the catalog price excluding funds, the basic charge at the T&D
// basic price, the power-factor adjustment, the deviation penalty (outside
// the power-factor base) and funds.
//
// DirectTradeBill returns the errors of CatalogBill and also if:
//   - the contracted kWh is negative or the traded price missing or negative
//     (*InputError);
//   - the named T&D table or deviation rule set does not exist or is not in
//     force (*tariff.NoTableError);
//   - the T&D table is of the 2023 structure (use Bill2023).
func DirectTradeBill(set *tariff.Set, c Customer, u Usage, opt Options, k Contract) (Bill, error) {
	b, err := newBuilder(set, c, u, opt, DirectTrade)
	if err != nil {
		return Bill{}, err
	}
	if k.KWh.IsNegative() {
		return Bill{}, b.inputErr("contract.kwh", k.KWh.String(), "must not be negative", "")
	}
	if !k.Price.Valid {
		return Bill{}, b.inputErr("contract.price", "", "missing: the traded price is required", "a price in 元/kWh")
	}
	if k.Price.Decimal.IsNegative() {
		return Bill{}, b.inputErr("contract.price", k.Price.Decimal.String(), "must not be negative", "")
	}
	if k.Deviation == "" {
		return Bill{}, b.inputErr("contract.deviation", "", "missing: name a deviation rule set", "ln-deviation-interim, ln-deviation-supplement")
	}
	dev, err := set.Deviation(k.Deviation)
	if err != nil {
		return Bill{}, err
	}
	cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, b.date)
	if err != nil {
		return Bill{}, err
	}
	tnd, err := set.TND(c.Region, c.VoltageKV, b.date, k.TND)
	if err != nil {
		return Bill{}, err
	}
	if tnd.Structure != "2016" {
		return Bill{}, b.inputErr("contract.tnd", tnd.Table.ID, "a "+tnd.Structure+"-structure T&D table cannot settle a 2016-structure direct-trade bill", "use the 2023+ bill")
	}
	bench, err := set.CoalBenchmark(c.Region, b.date)
	if err != nil {
		return Bill{}, err
	}
	if err := b.ruleSet(); err != nil {
		return Bill{}, err
	}
	p := k.Price.Decimal
	E, Q := u.KWh, k.KWh
	traded, outside, penaltyKWh := E, decimal.Zero, decimal.Zero
	var rate decimal.Decimal
	var clause, clauseZH string
	switch {
	case E.GreaterThan(Q):
		traded = decimal.Min(E, one.Add(dev.OverBand).Mul(Q))
		outside = E.Sub(traded)
		if !dev.Over.IsZero() {
			penaltyKWh = outside
			rate = norm(dev.Over.Rate(bench.Price, tnd.Energy, p))
		}
		clause = "over-use: traded up to (1 + over band) × Q, the rest outside the contract"
		clauseZH = "超用：交易电量至多为（1 + 超用偏差带）× 合同电量，其余为合同外电量"
	case E.LessThan(Q):
		edge := one.Sub(dev.UnderBand).Mul(Q)
		if E.LessThan(edge) {
			penaltyKWh = edge.Sub(E)
			rate = norm(dev.Under.Rate(bench.Price, tnd.Energy, p))
		}
		clause = "under-use: penalty on the shortfall below (1 − under band) × Q"
		clauseZH = "少用：低于（1 − 少用偏差带）× 合同电量的部分考核"
	}
	// Traded and outside kWh by period: outside energy is allocated to periods
	// in proportion to their actual kWh (domain §3.8).
	for _, pk := range b.periods() {
		tk := pk.KWh
		if pk.Period != "" && outside.IsPositive() {
			tk = pk.KWh.Sub(outside.Mul(pk.KWh).DivRound(E, divPlaces))
		} else if pk.Period == "" {
			tk = traded
		}
		price := b.energyPrice("traded_energy", p, pk.Period)
		b.add(Line{Code: "traded_energy", Period: pk.Period, Quantity: tk, Unit: "kWh", UnitPrice: price, Amount: mulRound(tk, price),
			Basis: Basis{Clause: "traded kWh × traded price (contract)", ClauseZH: "交易电量 × 交易电价（合同）"}})
	}
	b.use(tnd.Table, "energy")
	for _, s := range tnd.Sources[1:] {
		b.use(s)
	}
	b.add(Line{Code: "tnd_energy", Quantity: traded, Unit: "kWh", UnitPrice: tnd.Energy, Amount: mulRound(traded, tnd.Energy),
		Basis: basisOf("traded kWh × T&D energy price, tier "+tnd.Tier+tndDerivation(tnd), "交易电量 × 输配电价，电压等级 "+tnd.Tier+tndDerivationZH(tnd), tnd.Sources...)})
	b.use(cp.Table)
	exF := cp.EnergyExFunds()
	{
		for _, pk := range b.periods() {
			ok := outside
			if pk.Period != "" {
				ok = outside.Mul(pk.KWh).DivRound(E, divPlaces)
			}
			price := exF
			if b.tou != nil && (b.tou.Floats("outside_energy") || b.tou.Floats("energy")) && pk.Period != "" {
				price = norm(exF.Mul(b.tou.Ratios[pk.Period]))
			}
			b.add(Line{Code: "outside_energy", Period: pk.Period, Quantity: ok, Unit: "kWh", UnitPrice: price, Amount: mulRound(ok, price),
				Basis: basisOf("kWh outside the contract × (catalog price − funds), tier "+cp.Tier, "合同外电量 × （目录电价 − 基金），电压等级 "+cp.Tier, cp.Table, dev.Header)})
		}
	}
	if err := b.basic(tnd.BasicKVA, tnd.BasicKW, tnd.Table, "basic_prices"); err != nil {
		return Bill{}, err
	}
	if err := b.powerFactor(); err != nil {
		return Bill{}, err
	}
	b.use(dev.Header)
	b.use(bench.Header)
	dl := Line{Code: "deviation", Quantity: penaltyKWh, Unit: "kWh", UnitPrice: rate, Amount: mulRound(penaltyKWh, rate),
		Basis: basisOf(clause, clauseZH, dev.Header, bench.Header)}
	dl.Basis.Items = []Item{{"actual kWh", E.String()}, {"contracted kWh", Q.String()}}
	b.add(dl)
	b.funds(cp.Funds, cp.FundsSum, cp.Table)
	return b.close()
}

func tndDerivationZH(t tariff.TNDPrice) string {
	if len(t.Sources) == 3 {
		return "（购销价差：目录电价 − 基金 − 燃煤标杆电价）"
	}
	return ""
}

func tndDerivation(t tariff.TNDPrice) string {
	if len(t.Sources) == 3 {
		return " (price spread: catalog − funds − coal benchmark)"
	}
	return ""
}
