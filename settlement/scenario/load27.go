package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/dianfei/dianfei/settlement"
	"github.com/shopspring/decimal"
)

// The scenario inputs of bills as utilities issue them (issue 27): the
// power-factor standard none, aluminium facts per calendar year, a month's
// transformer losses, aluminium production kWh or share and published loss
// price, and the per-kWh captive backup fee. Each reader checks what the Go
// API checks, so a file and a Go call accept the same values.

// readPFStandard reads plant.pf_standard: 0.90, 0.85, 0.80 or none.
func readPFStandard(p *strictyaml.Map) settlement.PFStandard {
	n := p.Scalar("pf_standard", true)
	if n == nil {
		return ""
	}
	st, err := settlement.ParsePFStandard(n.Value)
	if err != nil {
		p.Fail("pf_standard", n.Value, "0.90, 0.85, 0.80, none", "unknown power-factor standard")
	}
	return st
}

// aluminiumYear are a smelter's stepped-price facts for one calendar year
// billed, plant.aluminium[i]: every month of the year gets them as its
// usage's AluminiumKWhPerTonne, RenewableShare and ProvincialWeight.
type aluminiumYear struct {
	year          int
	kwhPerTonne   decimal.Decimal     // the previous year's consumption per tonne, kWh/t
	share, weight decimal.NullDecimal // renewable share and provincial weight, together or not at all
}

// readAluminium reads plant.aluminium, a list of the smelter's facts per
// calendar year billed: {year, kwh_per_tonne, renewable_share,
// provincial_weight}, the shares fractions 0 … 1 given together.
func readAluminium(p *strictyaml.Map) []aluminiumYear {
	var out []aluminiumYear
	for i, n := range p.List("aluminium", false) {
		a := p.Item("aluminium", i, n)
		if a == nil {
			return nil
		}
		var y aluminiumYear
		y.year, _ = a.Int("year", true)
		if !a.Failed() && (y.year < 1 || y.year > 9999) {
			a.Fail("year", fmt.Sprint(y.year), "a year 1 … 9999", "not a calendar year")
		}
		for _, prev := range out {
			if !a.Failed() && prev.year == y.year {
				a.Fail("year", fmt.Sprint(y.year), "one entry per calendar year", "year given twice")
			}
		}
		y.kwhPerTonne, _ = num(a, "kwh_per_tonne", true, strictyaml.Positive)
		y.share = fraction(a, "renewable_share")
		y.weight = fraction(a, "provincial_weight")
		if !a.Failed() && y.share.Valid != y.weight.Valid {
			if y.share.Valid {
				a.Fail("renewable_share", y.share.Decimal.String(), "provincial_weight with it, a fraction 0 … 1", "a renewable share needs the province's previous-year incentive weight")
			} else {
				a.Fail("provincial_weight", y.weight.Decimal.String(), "renewable_share with it, a fraction 0 … 1", "a provincial weight is given without the plant's renewable share")
			}
		}
		a.Done()
		out = append(out, y)
	}
	return out
}

// aluminiumFor returns the plant's stepped-price facts for calendar year y,
// and whether plant.aluminium has an entry for it.
func (sc *Scenario) aluminiumFor(y int) (aluminiumYear, bool) {
	for _, a := range sc.aluminium {
		if a.year == y {
			return a, true
		}
	}
	return aluminiumYear{}, false
}

// withAluminium returns u with the stepped-price facts of its month's year;
// u unchanged when plant.aluminium has no entry for the year
// (checkAluminium refuses such a month of a smelter).
func (sc *Scenario) withAluminium(u settlement.Usage) settlement.Usage {
	if a, ok := sc.aluminiumFor(u.Month.Year); ok {
		u.AluminiumKWhPerTonne = decimal.NewNullDecimal(a.kwhPerTonne)
		u.RenewableShare, u.ProvincialWeight = a.share, a.weight
	}
	return u
}

// checkAluminium returns the error of the first of months in a calendar
// year without an entry in plant.aluminium, when the plant has entries: a
// smelter's month without its stepped-price facts would be billed as a
// plant without the stepped price. It is located at the list to fix, with
// the month and its year, and names the years the list gives.
func (sc *Scenario) checkAluminium(months []Month) error {
	if len(sc.aluminium) == 0 {
		return nil
	}
	for _, sm := range months {
		m := sm.Usage.Month
		if _, ok := sc.aluminiumFor(m.Year); !ok {
			given := make([]string, len(sc.aluminium))
			for k, y := range sc.aluminium {
				given[k] = strconv.Itoa(y.year)
			}
			return sc.located("plant.aluminium", &settlement.Error{Month: m.String(), Field: "plant.aluminium", Value: strconv.Itoa(m.Year),
				Reason: "the plant has aluminium facts but none for the month's year", Allowed: "an entry for every calendar year billed (given: " + strings.Join(given, ", ") + ")"})
		}
	}
	return nil
}

// fraction reads an optional share at key k of m: a fraction 0 … 1.
func fraction(m *strictyaml.Map, k string) decimal.NullDecimal {
	v := nullDec(m, k, strictyaml.NonNegative)
	if v.Valid && v.Decimal.GreaterThan(decimal.NewFromInt(1)) {
		m.Fail(k, m.Scalar(k, false).Value, "a fraction 0 … 1 (21.4 % is 0.214)", "a share above 1")
		return decimal.NullDecimal{}
	}
	return v
}

// readMonthExtras reads a month's transformer losses (transformer_loss_kwh,
// transformer_loss_kvarh), aluminium production (aluminium_production_kwh or
// aluminium_production_share, not both) and published loss price
// (published_loss_price, 2023 structure).
func readMonthExtras(mm *strictyaml.Map, sm *Month) {
	u := &sm.Usage
	if v := nullDec(mm, "transformer_loss_kwh", strictyaml.NonNegative); v.Valid {
		u.TransformerLossKWh = v.Decimal
	}
	if v := nullDec(mm, "transformer_loss_kvarh", strictyaml.NonNegative); v.Valid {
		u.TransformerLossKVarh = v.Decimal
	}
	u.AluminiumProductionKWh = nullDec(mm, "aluminium_production_kwh", strictyaml.NonNegative)
	u.AluminiumProductionShare = fraction(mm, "aluminium_production_share")
	if !mm.Failed() && u.AluminiumProductionKWh.Valid && u.AluminiumProductionShare.Valid {
		mm.Fail("aluminium_production_share", u.AluminiumProductionShare.Decimal.String(), "one of aluminium_production_kwh, aluminium_production_share", "both the production kWh and its share are given")
	}
	if !mm.Failed() && u.AluminiumProductionKWh.Valid && !sm.fromIntervals && u.AluminiumProductionKWh.Decimal.GreaterThan(u.BilledKWh()) {
		mm.Fail("aluminium_production_kwh", u.AluminiumProductionKWh.Decimal.String(), "at most the billed kWh "+u.BilledKWh().String(), "above the month's billed kWh")
	}
	sm.PublishedLossPrice = nullDec(mm, "published_loss_price", strictyaml.NonNegative)
}

// readBackupFee reads a captive month's system backup fee: backup_fee with
// backup_kva (per kVA·month), or backup_fee_per_kwh (per self-used kWh),
// never both.
func readBackupFee(cm *strictyaml.Map, c *settlement.Captive) {
	c.BackupFeePerKWh = nullDec(cm, "backup_fee_per_kwh", strictyaml.NonNegative)
	if c.BackupFeePerKWh.Valid {
		for _, k := range []string{"backup_fee", "backup_kva"} {
			if n := cm.Get(k, false); n != nil && !cm.Failed() {
				cm.Fail("backup_fee_per_kwh", c.BackupFeePerKWh.Decimal.String(), "backup_fee with backup_kva, or backup_fee_per_kwh",
					"the backup fee is given both per kWh and per kVA (%s): a month gives one form or the other", k)
			}
		}
		return
	}
	c.BackupFee, _ = num(cm, "backup_fee", true, strictyaml.NonNegative)
	c.BackupKVA, _ = num(cm, "backup_kva", true, strictyaml.NonNegative)
}

// withExtras returns u with the month's transformer losses, aluminium
// production and stepped-price facts taken from the month as read (for
// usage aggregated from interval data).
func withExtras(u, read settlement.Usage) settlement.Usage {
	u.TransformerLossKWh, u.TransformerLossKVarh = read.TransformerLossKWh, read.TransformerLossKVarh
	u.AluminiumProductionKWh, u.AluminiumProductionShare = read.AluminiumProductionKWh, read.AluminiumProductionShare
	u.AluminiumKWhPerTonne, u.RenewableShare, u.ProvincialWeight = read.AluminiumKWhPerTonne, read.RenewableShare, read.ProvincialWeight
	return u
}
