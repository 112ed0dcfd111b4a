package settlement

import (
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// builder assembles one bill: it adds lines, each rounded once, records the
// tables used as sources and collects warnings, and totals the bill. It holds
// no rule: each line kind's file computes its line and basis (energy.go,
// basic.go, powerfactor.go, deviation.go, loss.go, funds.go, surcharge.go,
// captive.go), and the recipes (catalog.go, direct.go, bill2023.go) list the
// steps.
type builder struct {
	set *tariff.Set
	c   Customer
	u   Usage // billed: metered plus transformer losses (README §3.11)
	// metered is the usage as given: metered values and transformer losses.
	metered Usage
	opt     Options
	date    tariff.Date
	bill    Bill
	tou     *tariff.TOURatios
	rules   *ruleSet
}

// newBuilder checks the inputs, starts the bill and resolves the TOU ratios
// the options name.
func newBuilder(set *tariff.Set, c Customer, u Usage, opt Options, arr Arrangement) (*builder, error) {
	if set == nil {
		return nil, &InputError{Field: "tables", Reason: "no tariff set given"}
	}
	if err := checkCustomer(c); err != nil {
		return nil, err
	}
	if err := checkUsage(u); err != nil {
		return nil, err
	}
	if err := checkOptions(opt, u.Month); err != nil {
		return nil, err
	}
	b := &builder{set: set, c: c, u: billedUsage(u), metered: u, opt: opt, date: u.Month.First()}
	b.bill = Bill{Month: u.Month, Customer: c.ID, Arrangement: arr, Label: opt.Label,
		Lines: make([]Line, 0, 7), Sources: make([]Source, 0, 5), Warnings: make([]Warning, 0, 4)}
	for _, w := range u.Warnings {
		b.warning(w)
	}
	if err := b.timeOfUse(); err != nil {
		return nil, err
	}
	return b, nil
}

// use records a table as a source of the bill and warns about its MEDIUM
// values among paths (all of the table when it is MEDIUM as a whole).
func (b *builder) use(h tariff.Header, paths ...string) {
	seen := false
	for i := range b.bill.Sources {
		if b.bill.Sources[i].ID == h.ID {
			seen = true
			break
		}
	}
	if !seen {
		b.bill.Sources = append(b.bill.Sources, SourceOf(h))
	}
	if h.Confidence == tariff.ConfidenceMedium {
		paths = wholeTable
	}
	for _, p := range paths {
		if zh, en, ok := h.MediumNotice(p); ok && !b.warnedMedium(h.ID, p) {
			subject := h.ID
			if p != "" {
				subject += " " + p
			}
			b.bill.Warnings = append(b.bill.Warnings, Warning{Code: WarningMediumValue, Subject: subject, ZH: zh, EN: en})
		}
	}
}

// wholeTable is the path list of a table that is MEDIUM as a whole; read only.
var wholeTable = []string{""}

// warnedMedium reports whether the bill already warns that the value at path
// of table id (the whole table when path is empty) is MEDIUM; it compares
// the subject "id path" without building it.
func (b *builder) warnedMedium(id, path string) bool {
	for _, w := range b.bill.Warnings {
		if w.Code != WarningMediumValue {
			continue
		}
		s := w.Subject
		if path == "" && s == id || path != "" && len(s) == len(id)+1+len(path) && s[:len(id)] == id && s[len(id)] == ' ' && s[len(id)+1:] == path {
			return true
		}
	}
	return false
}

// warning adds w unless the bill already has a warning of the same code
// about the same subject.
func (b *builder) warning(w Warning) {
	for _, x := range b.bill.Warnings {
		if x.Code == w.Code && x.Subject == w.Subject {
			return
		}
	}
	b.bill.Warnings = append(b.bill.Warnings, w)
}

// add rounds the line's amount once to the fen and appends it.
func (b *builder) add(l Line) {
	l.Amount = round2(l.Amount) // half away from zero (四舍五入)
	if l.LabelZH == "" {
		l.LabelZH, l.LabelEN = labels(l.Code, l.Period)
	}
	b.bill.Lines = append(b.bill.Lines, l)
}

// shown returns the quantity or price num ÷ den as the bill shows it, and
// when it repeats (83.333… kWh, 0.008333… 元/kWh) warns once that it is shown
// to 24 places and the amount is computed from the exact fraction (domain
// §3.1).
func (b *builder) shown(num, den decimal.Decimal) decimal.Decimal {
	q, repeats := fracShown(num, den)
	if repeats {
		b.warning(Warning{Code: WarningExactFraction,
			ZH: "本账单有循环小数的电量或单价（如 83.333… kWh），显示到小数点后 24 位；金额按精确分数计算，不按显示的数字计算",
			EN: "a quantity or price of this bill repeats (e.g. 83.333… kWh) and is shown to 24 decimal places; the amount is computed from the exact fraction, not from the digits shown"})
	}
	return q
}

func basisOf(clause, clauseZH string, hs ...tariff.Header) Basis {
	bs := Basis{Clause: clause, ClauseZH: clauseZH, Tables: make([]string, len(hs)), Documents: make([]string, len(hs))}
	for i, h := range hs {
		bs.Tables[i], bs.Documents[i] = h.ID, h.Document
	}
	return bs
}

// close adds the lines every structure ends with (smelter surcharges, captive
// items) and totals the bill.
func (b *builder) close() (Bill, error) {
	if err := b.surcharges(); err != nil {
		return Bill{}, err
	}
	if err := b.captive(); err != nil {
		return Bill{}, err
	}
	return b.finish(), nil
}

// finish totals the bill: the sum of its rounded lines (README §3.1).
func (b *builder) finish() Bill {
	b.plausibility()
	amounts := make([]decimal.Decimal, len(b.bill.Lines))
	for i, l := range b.bill.Lines {
		amounts[i] = l.Amount
	}
	b.bill.Total = sumAmounts(amounts)
	b.bill.canonical()
	return b.bill
}
