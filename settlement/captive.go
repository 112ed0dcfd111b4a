package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Captive is a month's captive supply (自备电厂, README §3.9). Every level is
// user supplied: none is shipped. Each is required: zero is a level of zero
// (a line of 0.00 元), not "not given"; BackupFee and BackupKVA are zero when
// BackupFeePerKWh is given.
type Captive struct {
	SelfKWh        decimal.Decimal // self-supplied kWh S
	GenerationCost decimal.Decimal // 元/kWh
	FundRate       decimal.Decimal // government funds on self-used kWh, 元/kWh
	CrossSubsidy   decimal.Decimal // policy cross-subsidy, 元/kWh
	BackupFee      decimal.Decimal // system backup fee, 元/kVA·月
	BackupKVA      decimal.Decimal // backup capacity, kVA
	// BackupFeePerKWh is the system backup fee charged per self-used kWh
	// instead (元/kWh; Xinjiang, Ningxia, Inner Mongolia): then the backup
	// line is SelfKWh × this fee, and BackupFee and BackupKVA must be zero
	// (a month gives one form or the other, never both).
	BackupFeePerKWh decimal.NullDecimal
}

// captive adds the captive-plant lines when the options give captive supply
// (README §3.9). 发改经体〔2015〕2752号 annex: a captive plant that trades pays
// the government funds on self-used kWh, the policy cross-subsidy and the
// system backup fee; with the generation cost that makes four lines, S × cost,
// S × fund rate, S × cross-subsidy and backup kVA × fee. Every level is the
// user's (none is shipped), and the bill warns so.
func (b *builder) captive() error {
	cs := b.opt.Captive
	if cs == nil {
		return nil
	}
	// Each line gets its own basis: no two lines share a slice.
	user := func(l Line) Line {
		b.documents("发改经体〔2015〕2752号 annex")
		l.Clause, l.ClauseZH = "user-supplied level (not shipped: Liaoning's levels are UNVERIFIED)", "用户提供的水平（辽宁的水平未经核实，未随库发布）"
		return l
	}
	b.add(user(Line{Code: tariff.LineCaptiveGeneration, Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.GenerationCost, Amount: mulRound(cs.SelfKWh, cs.GenerationCost)}))
	b.add(user(Line{Code: tariff.LineCaptiveFunds, Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.FundRate, Amount: mulRound(cs.SelfKWh, cs.FundRate)}))
	b.add(user(Line{Code: tariff.LineCaptiveCrossSubsidy, Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: cs.CrossSubsidy, Amount: mulRound(cs.SelfKWh, cs.CrossSubsidy)}))
	if f := cs.BackupFeePerKWh; f.Valid {
		l := user(Line{Code: tariff.LineCaptiveBackup, Quantity: cs.SelfKWh, Unit: "kWh", UnitPrice: f.Decimal, Amount: mulRound(cs.SelfKWh, f.Decimal)})
		l.Clause, l.ClauseZH = "self-used kWh × backup fee per kWh; "+l.Clause, "自用电量 × 按电量计收的系统备用费；"+l.ClauseZH
		b.add(l)
	} else {
		b.add(user(Line{Code: tariff.LineCaptiveBackup, Quantity: cs.BackupKVA, Unit: "kVA", UnitPrice: cs.BackupFee, Amount: mulRound(cs.BackupKVA, cs.BackupFee)}))
	}
	b.warning(Warning{Code: WarningUserSupplied,
		ZH: "自备电厂的发电成本、基金、交叉补贴和系统备用费均为用户提供的数值，未随库发布",
		EN: "captive generation cost, funds, cross-subsidy and backup fee are user-supplied levels; none is shipped"})
	return nil
}
