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
)

var (
	maxDemandPerKVA = decimal.RequireFromString(MaxDemandPerKVA)
	maxKVarhPerKWh  = decimal.RequireFromString(MaxKVarhPerKWh)
)

// pricedByTables are the line codes whose unit price is a table's price: a
// tier's energy, basic or fund price.
var pricedByTables = map[tariff.LineCode]bool{tariff.LineEnergy: true, tariff.LineOutsideEnergy: true, tariff.LineTNDEnergy: true, tariff.LineBasic: true, tariff.LineFunds: true}

// plausibility warns about a table price of 0 on a line (a template's
// placeholder left in), demand far above the capacity in service and kvarh
// far above kWh.
func (b *builder) plausibility() {
	for _, l := range b.bill.Lines {
		if !pricedByTables[l.Code] {
			continue
		}
		if len(l.Basis.Tables) == 0 {
			continue
		}
		tables := l.Basis.Tables[0] // the table the price comes from
		zh, en := labels(l.Code, "")
		if l.UnitPrice.IsZero() {
			b.warning(Warning{Code: WarningZeroPrice, Subject: tables + " " + string(l.Code),
				ZH: tables + "：" + zh + "单价为 0（模板占位值未填？）",
				EN: tables + ": " + en + " at a unit price of 0 (a template's placeholder left in?)"})
			continue
		}
		if l.Code == tariff.LineFunds {
			for _, it := range l.Basis.Items {
				if v, err := decimal.NewFromString(it.Value); err == nil && it.Kind == ItemFund && v.IsZero() {
					b.warning(Warning{Code: WarningZeroPrice, Subject: tables + " " + it.Ref,
						ZH: tables + "：" + it.Ref + "费率为 0（模板占位值未填？）",
						EN: tables + ": fund " + it.Ref + " has rate 0 (a template's placeholder left in?)"})
				}
			}
		}
	}
	capacity := decimal.Zero
	for _, un := range b.c.Units {
		if chargeableDays(un, b.u.Month) > 0 {
			capacity = capacity.Add(un.KVA)
		}
	}
	if demand := b.u.MaxDemand(); demand.GreaterThan(capacity.Mul(maxDemandPerKVA)) {
		b.warning(Warning{Code: WarningDemandAboveCapacity,
			ZH: "最大需量 " + demand.String() + " kW 超过运行容量 " + capacity.String() + " kVA 的 " + MaxDemandPerKVA + " 倍：请核对需量和设备",
			EN: "maximum demand " + demand.String() + " kW is above " + MaxDemandPerKVA + " × the capacity in service (" + capacity.String() + " kVA): check the demand and the units"})
	}
	if b.u.KVarh.GreaterThan(b.u.KWh.Mul(maxKVarhPerKWh)) {
		b.warning(Warning{Code: WarningKVarhAboveKWh,
			ZH: "无功电量 " + b.u.KVarh.String() + " kvarh 超过有功电量 " + b.u.KWh.String() + " kWh 的 " + MaxKVarhPerKWh + " 倍：请核对无功读数",
			EN: "reactive energy " + b.u.KVarh.String() + " kvarh is above " + MaxKVarhPerKWh + " × the active energy (" + b.u.KWh.String() + " kWh): check the reactive reading"})
	}
}
