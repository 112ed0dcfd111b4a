package settlement

import (
	"slices"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Usage is one month's metered usage.
type Usage struct {
	Month tariff.Month    // the month metered, the month billed
	KWh   decimal.Decimal // active energy, all periods
	// ByPeriod splits KWh by TOU period (active energy in the period, kWh);
	// its sum must equal KWh. Nil (or empty) when the month is not billed by
	// TOU. A bill takes only periods its TOU ratios price and the month has
	// in their periods table (critical peak only in a month with
	// critical-peak hours): any other period, even with zero kWh, is an
	// error. Bills and JSON take the periods in the order peak, flat, valley,
	// critical; a period given with zero kWh is kept (a line of 0 kWh).
	ByPeriod map[tariff.Period]decimal.Decimal
	KVarh    decimal.Decimal // reactive energy
	// Demand is the actual maximum demand of each feeder in the month, kW,
	// keyed by the feeder's name ("F1"). Bills and JSON list the feeders in
	// the order of their names. An error names a feeder by its name,
	// quoted: usage.demand["F2"].kw (a decoded usage's error by its place
	// in the JSON list: usage.demand[1].kw).
	Demand map[string]decimal.Decimal
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
	// AluminiumKWhPerTonne, RenewableShare and ProvincialWeight are the
	// facts that set the month's stepped price of an electrolytic-aluminium
	// smelter (README §3.10), those of the calendar year the month is in.
	//
	// AluminiumKWhPerTonne is the previous calendar year's consumption per
	// tonne, kWh/t, greater than zero: AC electrolysis consumption (2013
	// table) or aluminium-liquid AC consumption 铝液综合交流电耗 (2022+
	// table). Null: the plant is not a smelter billed by the stepped price.
	AluminiumKWhPerTonne decimal.NullDecimal
	// RenewableShare is the plant's non-hydro renewable share s, a fraction
	// 0 … 1 (21.4 % is 0.214), for the 2022+ table's renewable reduction;
	// given with ProvincialWeight or not at all, and only with
	// AluminiumKWhPerTonne.
	RenewableShare decimal.NullDecimal
	// ProvincialWeight is the province's previous-year incentive weight w
	// for non-hydro renewables, a fraction 0 … 1; given with RenewableShare
	// or not at all.
	ProvincialWeight decimal.NullDecimal
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

// MaxDemand returns the month's actual maximum demand: with several feeders,
// the sum of each feeder's maximum (README §3.4).
func (u Usage) MaxDemand() decimal.Decimal {
	var buf [8]decimal.Decimal
	kws := buf[:0]
	for _, kw := range u.Demand {
		kws = append(kws, kw)
	}
	return demandSum(kws)
}

// demandSum is the month's maximum demand from each feeder's maximum kws.
func demandSum(kws []decimal.Decimal) decimal.Decimal {
	switch len(kws) {
	case 0:
		return decimal.Zero
	case 1:
		return kws[0]
	}
	return sum(kws) // exact: the order of a map does not change the sum
}

// periodKWh is the active energy of one TOU period; an empty Period is the
// whole month, flat.
type periodKWh struct {
	Period tariff.Period
	KWh    decimal.Decimal
}

// periodsOf appends the kWh of u's known TOU periods to dst in the order
// peak, flat, valley, critical.
func periodsOf(dst []periodKWh, u Usage) []periodKWh {
	if len(u.ByPeriod) == 0 {
		return dst
	}
	for k := range tariff.NumPeriods {
		p := tariff.PeriodOfIndex(k)
		if kwh, ok := u.ByPeriod[p]; ok {
			dst = append(dst, periodKWh{p, kwh})
		}
	}
	return dst
}

// feederKW is one feeder of Usage.Demand and its maximum demand.
type feederKW struct {
	name string
	kw   decimal.Decimal
}

// feederList holds a usage's feeders in name order, gathered by the one
// pass over Usage.Demand that checks and sums them (checkUsageNums,
// demandOf), so that the basic charge's items need not range over the map
// again and look each feeder up. ok is false when the usage has more
// feeders than the array holds: the items then read the map (feedersOf).
type feederList struct {
	arr [4]feederKW
	n   int
	ok  bool
}

// add inserts feeder f with kw in name order; after more than len(arr)
// feeders the list is no longer ok.
func (l *feederList) add(f string, kw decimal.Decimal) {
	if l == nil {
		return
	}
	if l.n == len(l.arr) {
		l.ok = false
		return
	}
	i := l.n
	for i > 0 && l.arr[i-1].name > f {
		l.arr[i] = l.arr[i-1]
		i--
	}
	l.arr[i] = feederKW{f, kw}
	l.n++
}

// all returns the feeders in name order (valid while ok).
func (l *feederList) all() []feederKW { return l.arr[:l.n] }

// demandOf is u.MaxDemand() with its coefficient read, and the feeders
// gathered into fs on the way (one range over the map).
func demandOf(u Usage, fs *feederList) num {
	var buf [8]num
	kws := buf[:0]
	fs.ok = true
	for f, kw := range u.Demand {
		kws = append(kws, numOf(kw))
		fs.add(f, kw)
	}
	return sumNums(kws) // as demandSum adds them
}

// feedersOf appends the names of u's feeders to dst in order.
func feedersOf(dst []string, u Usage) []string {
	n := len(dst)
	for f := range u.Demand {
		dst = append(dst, f)
	}
	slices.Sort(dst[n:])
	return dst
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
