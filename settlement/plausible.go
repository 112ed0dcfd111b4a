package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Plausibility thresholds, as decimal text: a bill past one of them is still
// computed, with a warning (a likely typing mistake, not an impossible input).
const (
	// MaxDemandPerKVA: maximum demand (kW, feeders summed) above this many
	// times the capacity in service (kVA of the units in service on at least
	// one day of the month) is implausible: a transformer carries about its
	// rating, and short overloads rarely reach 1.5 times it.
	MaxDemandPerKVA = "1.5"
	// MaxKVarhPerKWh: reactive energy above this many times the active energy
	// is implausible: twice the kWh is a power factor of 0.447, far below any
	// standard (0.80–0.90) a plant is billed against.
	MaxKVarhPerKWh = "2"
	// MaxContractPerKVA: a declared contract demand (kW) above this many
	// times the capacity in service is implausible, for the reason of
	// MaxDemandPerKVA: no plant can draw it (a typing mistake, an extra zero).
	MaxContractPerKVA = "1.5"
	// MaxKWhPerKVAHour: active energy above this many kWh per kVA-hour in
	// service (Σ kVA × chargeable days × 24 h) is physically impossible: it
	// would need every unit at its full rating, at unity power factor, every
	// hour of the month.
	MaxKWhPerKVAHour = "1"
)

// The thresholds as numbers, their coefficients read once; read only.
var (
	maxDemandPerKVA   = numOf(decimal.RequireFromString(MaxDemandPerKVA))
	maxKVarhPerKWh    = numOf(decimal.RequireFromString(MaxKVarhPerKWh))
	maxContractPerKVA = numOf(decimal.RequireFromString(MaxContractPerKVA))
	maxKWhPerKVAHour  = decimal.RequireFromString(MaxKWhPerKVAHour)
)

// pricedByTable reports whether a line's unit price is a table's price: a
// tier's energy, basic or fund price.
func pricedByTable(c tariff.LineCode) bool {
	switch c {
	case tariff.LineEnergy, tariff.LineOutsideEnergy, tariff.LineTNDEnergy, tariff.LineBasic, tariff.LineFunds:
		return true
	}
	return false
}

// monthHours[d] is 24 × d hours, d = 28 … 31; read only.
var monthHours = func() (h [32]num) {
	for d := 28; d < len(h); d++ {
		h[d] = numOf(decimal.NewFromInt(int64(24 * d)))
	}
	return h
}()

// plausibility warns about a table price of 0 on a line (a template's
// placeholder left in), demand far above the capacity in service and kvarh
// far above kWh.
func (b *builder) plausibility() {
	lines, meta, strs, items := b.lines, b.meta.all(), b.strs, b.items
	for i := range lines {
		l := &lines[i]
		if !pricedByTable(l.Code) {
			continue
		}
		m := &meta[i]
		if m.tables == 0 {
			continue
		}
		tables := strs[m.strOff] // the table the price comes from
		if l.UnitPrice.IsZero() {
			zh, en := labels(l.Code, "")
			b.warning(Warning{Code: WarningZeroPrice, Subject: tables + " " + string(l.Code),
				ZH: tables + "：" + zh + "单价为 0（模板占位值未填？）",
				EN: tables + ": " + en + " at a unit price of 0 (a template's placeholder left in?)"})
			continue
		}
		if l.Code == tariff.LineFunds && b.zeroFund {
			its := items[m.itemOff : m.itemOff+m.itemN] // the funds: fixed values
			for j := range its {
				if it := &its[j]; it.Kind == ItemFund && zeroText(it.Value) {
					b.warning(Warning{Code: WarningZeroPrice, Subject: tables + " " + it.Ref,
						ZH: tables + "：" + it.Ref + "费率为 0（模板占位值未填？）",
						EN: tables + ": fund " + it.Ref + " has rate 0 (a template's placeholder left in?)"})
				}
			}
		}
	}
	capacity, capN := b.kvaAll, b.kvaN // every unit in service on some day: all of them
	partial := false                   // a unit in service only part of the month
	if !b.unitsAllMonth {
		var buf [8]decimal.Decimal
		kvas := buf[:0]
		for _, un := range b.c.Units {
			if d := chargeableDays(un, b.u.Month); d > 0 {
				kvas = append(kvas, un.KVA)
				partial = partial || d < b.u.Month.Days()
			}
		}
		if len(kvas) < len(b.c.Units) {
			capacity = sum(kvas)
			capN = numOf(capacity)
		}
	}
	kwhN := b.kwhN
	if ch := &b.opt; ch.Method == tariff.MethodContractDemand && cmpMulN(capN, maxContractPerKVA, b.contractN) < 0 {
		b.warning(Warning{Code: WarningContractAboveCapacity,
			ZH: "申报的合同最大需量 " + ch.ContractKW.String() + " kW 超过运行容量 " + capacity.String() + " kVA 的 " + MaxContractPerKVA + " 倍：请核对申报值",
			EN: "the declared contract demand " + ch.ContractKW.String() + " kW is above " + MaxContractPerKVA + " × the capacity in service (" + capacity.String() + " kVA): check the declaration"})
	}
	// kVA-hours in service: capacity × the month's hours when every unit is
	// in service all month, else Σ kVA × days in service × 24.
	hours := monthHours[b.u.Month.Days()]
	if partial || cmpMulN(capN, hours, kwhN) < 0 {
		kvaHours := decimal.Zero
		for _, un := range b.c.Units {
			if d := chargeableDays(un, b.u.Month); d > 0 {
				kvaHours = kvaHours.Add(un.KVA.Mul(decimal.NewFromInt(int64(24 * d))))
			}
		}
		if limit := kvaHours.Mul(maxKWhPerKVAHour); b.u.KWh.GreaterThan(limit) {
			b.warning(Warning{Code: WarningKWhAboveCapacity,
				ZH: "有功电量 " + b.u.KWh.String() + " kWh 超过运行设备当月满载可用的 " + limit.String() + " kWh（容量 × 计费天数 × 24 小时）：请核对电量和设备",
				EN: "active energy " + b.u.KWh.String() + " kWh is above the " + limit.String() + " kWh the units in service can deliver at full rating in the month (kVA × days in service × 24 h): check the kWh and the units"})
		}
	}
	if demand := b.demand; cmpMulN(capN, maxDemandPerKVA, b.demandN) < 0 { // demandN: the demand, read once
		b.warning(Warning{Code: WarningDemandAboveCapacity,
			ZH: "最大需量 " + demand.String() + " kW 超过运行容量 " + capacity.String() + " kVA 的 " + MaxDemandPerKVA + " 倍：请核对需量和设备",
			EN: "maximum demand " + demand.String() + " kW is above " + MaxDemandPerKVA + " × the capacity in service (" + capacity.String() + " kVA): check the demand and the units"})
	}
	if cmpMulN(kwhN, maxKVarhPerKWh, b.kvarhN) < 0 {
		b.warning(Warning{Code: WarningKVarhAboveKWh,
			ZH: "无功电量 " + b.u.KVarh.String() + " kvarh 超过有功电量 " + b.u.KWh.String() + " kWh 的 " + MaxKVarhPerKWh + " 倍：请核对无功读数",
			EN: "reactive energy " + b.u.KVarh.String() + " kvarh is above " + MaxKVarhPerKWh + " × the active energy (" + b.u.KWh.String() + " kWh): check the reactive reading"})
	}
}

// zeroText reports whether a fund's rate as its table writes it ("0.020",
// "0", "0.0E-3") is zero: no digit but 0 before any exponent. The text was
// read as a decimal when the table was loaded.
func zeroText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'e' || c == 'E':
			return true
		case c >= '1' && c <= '9':
			return false
		}
	}
	return true
}
