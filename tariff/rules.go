package tariff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Rules is a rule table that a bill applies besides its prices and TOU
// hours. It is one of four kinds, which Head().Kind names; each kind is read
// through its own methods (the rooms of this package: basicrules.go,
// deviation.go, powerfactor.go, surcharge.go):
//
//   - KindBasicRules, a basic-charge rule set (Set.BasicRules; 供电营业规则
//     1996, 发改办价格〔2016〕1583号, 发改价格〔2023〕526号, README §3.4):
//     which methods are allowed, how often a choice may change, the excess
//     and floor rules, the high-utilisation discount, the suspension limits
//     and day proration: Allows, Methods, MethodChange, ContractChange,
//     Excess, Floor, Discount, Suspension, Proration;
//   - KindDeviationRules, a Liaoning deviation settlement rule set
//     (Set.Deviation; 偏差考核, README §3.6): OverBand, UnderBand, OverRate,
//     UnderRate, DependsOnTradedPrice;
//   - KindPowerFactor, a power-factor adjustment table (Set.PowerFactor;
//     功率因数调整电费表, (83)水电财字第215号, README §3.5): Standard, PercentAt,
//     Percent, InBase, BaseText, BaseLabels, Clause;
//   - KindAluminiumStep, a stepped-price table for electrolytic aluminium
//     (Set.AluminiumStep; 电解铝阶梯电价, README §3.10): OnProduction, Stepped,
//     Threshold, BandSurcharge, Renewable.
//
// A method of another kind than the table's returns zero values (false,
// zero, nil, ""), never a number of another table. A Rules is immutable and
// shared by every bill that applies it; what its methods return is the
// caller's own.
type Rules struct {
	kind Kind
	basicRules
	deviationRules
	powerFactor
	aluminiumStep
}

// Head returns the table's header.
func (r *Rules) Head() Header {
	switch r.kind {
	case KindBasicRules:
		return r.basicRules.h
	case KindDeviationRules:
		return r.deviationRules.h
	case KindPowerFactor:
		return r.powerFactor.h
	default:
		return r.aluminiumStep.h
	}
}

// setHead sets the header of the table's kind (withHeader).
func (r *Rules) setHead(h Header) {
	switch r.kind {
	case KindBasicRules:
		r.basicRules.h = h
	case KindDeviationRules:
		r.deviationRules.h = h
	case KindPowerFactor:
		r.powerFactor.h = h
	default:
		r.aluminiumStep.h = h
	}
}

// values lists the numeric values of the table's kind (Set.ValuePaths).
func (r *Rules) values() []valueRef {
	switch r.kind {
	case KindBasicRules:
		return r.basicRules.values()
	case KindDeviationRules:
		return r.deviationRules.values()
	case KindPowerFactor:
		return r.powerFactor.values()
	default:
		return r.aluminiumStep.values()
	}
}

// scaled returns a copy of the table with the value at path multiplied by f
// (Set.WithScaled).
func (r *Rules) scaled(path string, f decimal.Decimal) (table, error) {
	u := *r
	var err error
	switch r.kind {
	case KindBasicRules:
		u.basicRules, err = r.basicRules.scaled(path, f)
	case KindDeviationRules:
		u.deviationRules, err = r.deviationRules.scaled(path, f)
	case KindPowerFactor:
		u.powerFactor, err = r.powerFactor.scaled(path, f)
	default:
		u.aluminiumStep, err = r.aluminiumStep.scaled(path, f)
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// rulesByID returns the table id of the given kind, or a *Error when s has
// no such table (none with id, or one of another kind).
//
// The error lists the ids of the tables of the kind, and says so when id is a
// table of another kind.
func (s *Set) rulesByID(kind Kind, id string) (*Rules, error) {
	t := s.byID[id]
	if r, ok := t.(*Rules); ok && r.kind == kind { // the table itself: no header copied
		return r, nil
	}
	e := notFound(kind, id, Date{})
	if t != nil {
		e.Reason = fmt.Sprintf("%q is a %s table, not %s", id, t.Head().Kind, kind)
	}
	var ids []string
	for _, x := range s.tables {
		if h := x.Head(); h.Kind == kind {
			ids = append(ids, h.ID)
		}
	}
	slices.Sort(ids)
	e.Allowed = strings.Join(ids, ", ")
	return nil, e
}
