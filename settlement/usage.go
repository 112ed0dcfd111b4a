package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Usage is one month's metered usage.
type Usage struct {
	Month tariff.Month    // the month metered, the month billed
	KWh   decimal.Decimal // active energy, all periods
	// ByPeriod splits KWh by TOU period; its sum must equal KWh. Leave empty
	// when the month is not billed by TOU.
	ByPeriod []PeriodKWh
	KVarh    decimal.Decimal // reactive energy
	Demand   []FeederDemand  // actual maximum demand per feeder
	// Warnings carried from how the usage was measured (interval data).
	Warnings []Warning
	// TransformerLossKWh and TransformerLossKVarh are the losses of the
	// plant's own transformer that the utility adds to values metered on its
	// low-voltage side (变损, README §3.11); KWh, ByPeriod and KVarh are then
	// the metered values. Zero when metered on the high side.
	TransformerLossKWh   decimal.Decimal // active-energy loss, kWh
	TransformerLossKVarh decimal.Decimal // reactive-energy loss, kvarh
	// AluminiumProductionKWh is the month's aluminium-liquid production kWh
	// (铝液生产用电量) of a smelter under the 2022+ stepped price (README
	// §3.10), or AluminiumProductionShare its share of the billed kWh (a
	// fraction 0 … 1); at most one of them. With neither, the surcharge is
	// charged on all kWh and the bill warns.
	AluminiumProductionKWh   decimal.NullDecimal // kWh; null when not given
	AluminiumProductionShare decimal.NullDecimal // a fraction 0 … 1; null when not given
}

// BilledKWh returns the kWh the bill charges: metered kWh plus transformer
// loss kWh (README §3.11).
func (u Usage) BilledKWh() decimal.Decimal {
	if u.TransformerLossKWh.IsZero() {
		return u.KWh
	}
	return add(u.KWh, u.TransformerLossKWh)
}

// BilledKVarh returns the kvarh the power factor uses: metered kvarh plus
// transformer loss kvarh (README §3.11).
func (u Usage) BilledKVarh() decimal.Decimal {
	if u.TransformerLossKVarh.IsZero() {
		return u.KVarh
	}
	return add(u.KVarh, u.TransformerLossKVarh)
}

// PeriodKWh is the active energy of one TOU period.
type PeriodKWh struct {
	Period tariff.Period   // the TOU period
	KWh    decimal.Decimal // active energy in the period, kWh
}

// FeederDemand is the actual maximum demand of one feeder (kW).
type FeederDemand struct {
	Feeder string          // the feeder's name, e.g. "F1"
	KW     decimal.Decimal // the feeder's actual maximum demand in the month, kW
}

// MaxDemand returns the month's actual maximum demand: with several feeders,
// the sum of each feeder's maximum (README §3.4).
func (u Usage) MaxDemand() decimal.Decimal {
	switch len(u.Demand) {
	case 0:
		return decimal.Zero
	case 1:
		return u.Demand[0].KW
	}
	var buf [8]decimal.Decimal
	kws := buf[:0]
	for _, d := range u.Demand {
		kws = append(kws, d.KW)
	}
	return sum(kws)
}

// Options are the settings every bill takes: the month's basic-charge
// choice (the method and, for the contract-demand method, the declared
// contract demand), the rule set, the TOU table, the captive plant and the
// label. JSON carries the choice as {"choice": {"method", "contract_kw"}}.
type Options struct {
	// Method is how the basic charge is billed: by capacity, contract
	// demand or actual demand; required.
	Method tariff.Method
	// ContractKW is the declared contract demand in whole kW, greater than
	// zero, under MethodContractDemand; zero (not given) under the other
	// methods. Zero under MethodContractDemand is an error (no declaration),
	// never the floor; a declaration below the floor bills the floor with
	// a WarningContractBelowFloor.
	ContractKW decimal.Decimal
	// Rules names the basic-charge rule set by id; empty means the rule set in
	// force in the month. A named rule set not in force makes the bill a
	// counterfactual, and the bill says so.
	Rules string
	// TOU names a TOU ratios table; empty means no TOU. Usage.ByPeriod must be
	// given exactly when TOU is set.
	TOU string
	// Captive adds the captive-plant lines (lever 3) to the bill.
	Captive *Captive
	// Label names the arrangement in reports ("A", "B", "C₂", "C").
	Label string
}
