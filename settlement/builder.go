package settlement

import (
	"strconv"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// builder assembles one bill: it adds lines, each rounded once, records the
// tables used as sources and collects warnings, and totals the bill. It holds
// no rule: each line kind's file computes its line and basis (energy.go,
// basic.go, powerfactor.go, deviation.go, loss.go, funds.go, surcharge.go,
// captive.go), and the recipes (catalog.go, direct.go, bill2023.go) list the
// steps.
//
// A builder lives on its caller's stack: the items' text goes into a fixed
// array while the bill is built, and finish copies it into one string of the
// bill. The lines go straight into the bill's own slice, allocated when the
// bill starts with room for the lines of a typical bill of its arrangement
// (startLines); the items, the basis's table ids and documents, the sources,
// their MEDIUM paths and the warnings into the bill's own block (startMem).
// finish hands out capacity-capped slices of them. A lean builder (numbers
// only: the Total of a bill for the searches that settle a month many times)
// records no text at all and allocates neither: what its sums need of each
// line (code, amount, fen) is kept in fixed arrays, as for every bill.
type builder struct {
	set *tariff.Set
	c   Customer
	u   Usage // billed: metered plus transformer losses (README §3.11)
	// metered is the usage as given: metered values and transformer losses.
	metered Usage
	opt     Options
	date    tariff.Date
	lean    bool
	// checked says that the inputs passed Record.checkInputs: init does
	// not check them again.
	checked bool
	bill    Bill // the bill's own fields; Lines, Sources and Warnings are set by finish
	tou     *tariff.TOU
	rules   ruleSet
	// periodArr[:nPeriods] is what periods returns, set by timeOfUse.
	periodArr [tariff.NumPeriods]periodKWh
	nPeriods  int
	demand    decimal.Decimal // u.MaxDemand(), summed once (a map's range is not free)
	kvaAll    decimal.Decimal // Σ kVA of the customer's units
	// kwhN, kvarhN and kvaN are u.KWh, u.KVarh and kvaAll with their
	// coefficients read once, for the lines and checks that use them.
	kwhN, kvarhN, kvaN num
	demandN            num // demand, read once
	// contractN is the declared contract demand as contractOf reads it
	// (its coefficient under the contract_demand method only).
	contractN num
	// zeroFund is set when a fund of the bill has a rate of 0 (the
	// plausibility check looks for it only then).
	zeroFund bool
	// unitsAllMonth is set when no unit has a commissioning date or a
	// suspension: every unit is in service every day of any month.
	unitsAllMonth bool
	// feeders are the usage's feeders in name order, gathered when the
	// demand was summed (ok false: too many, read the map).
	feeders feederList

	lines     []Line // a lean builder's stay nil
	linesRoom int    // the room startLines gave them (TestStartLinesRoom)
	// Per line, for the sums (total, the power-factor base): its code, its
	// amount, and the amount in fen (amountFen), noFen for none.
	codes buffer[tariff.LineCode]
	amts  buffer[decimal.Decimal]
	fen   buffer[int64]
	meta  buffer[lineMeta] // per line: its basis strings and items
	// strs, items, srcs, medium and warns start empty in the bill's block
	// (startMem) and are appended to; a part that outgrows its room moves to
	// the heap on its own, as append does.
	strs  []string // basis tables then documents, line by line
	items []Item
	// text holds the formatted item values, one after the other; itemEnd
	// says where each item's value ends in it (−1: a fixed value).
	text    textBuf
	itemEnd buffer[int32]
	srcs    []Source
	medium  []string           // the sources' MEDIUM value paths, source by source
	srcMed  narrowBuffer[span] // per source: its paths in medium
	warns   []Warning
	pend    lineMeta // the basis and items of the line about to be added
	// medWarned lists the MEDIUM warnings use added; otherMedium is set
	// when a MEDIUM warning came another way (see warnedMedium).
	medWarned   narrowBuffer[medKey]
	otherMedium bool
}

// lineMeta locates a line's basis strings and items in the builder.
type lineMeta struct {
	strOff, tables, docs int32
	itemOff, itemN       int32
	itemsNonNil          bool
}

// span is [off, end) in a builder's medium paths, the paths of one source,
// and which of them the bill has warned about (bit j: path off+j). first
// has bit c&63 set for the first byte c of each path: a path whose first
// byte's bit is clear starts as none of them does.
type span struct {
	off, end int32
	warned   uint64
	first    uint64
}

// bufN is the capacity of most of a builder's fixed arrays, narrowN that of
// its sources' spans and the MEDIUM warnings given: a direct-trade bill
// needs 7 lines and 11 items, 15 or 16 lines with three TOU periods and a
// captive plant, a 2023+ bill with TOU 9 to 11 lines. A bill that needs more
// grows onto the heap. The arrays are no larger than that because every bill
// (and every total of the break-even search) zeroes its builder.
const (
	bufN    = 16
	narrowN = 8
)

// buffer and narrowBuffer are slices that start in a fixed array of their
// holder (bufN and narrowN elements) and move to the heap, all of them, once
// the array overflows. Go cannot make an array's length a type parameter, so
// the two types differ only in their array and share the functions below,
// which take the array as a slice.
type buffer[T any] struct {
	arr [bufN]T
	n   int
	ext []T // everything, once the array overflowed
}

type narrowBuffer[T any] struct {
	arr [narrowN]T
	n   int
	ext []T
}

// add is the array's fast path, small enough to inline (n < len(arr) means
// that the array has not overflowed); push moves to the heap.
func (b *buffer[T]) add(v T) {
	if b.n < len(b.arr) {
		b.arr[b.n] = v
		b.n++
	} else {
		push(b.arr[:], &b.n, &b.ext, v)
	}
}
func (b *buffer[T]) all() []T { return view(b.arr[:], b.n, b.ext) }
func (b *narrowBuffer[T]) add(v T) {
	if b.n < len(b.arr) {
		b.arr[b.n] = v
		b.n++
	} else {
		push(b.arr[:], &b.n, &b.ext, v)
	}
}
func (b *narrowBuffer[T]) all() []T { return view(b.arr[:], b.n, b.ext) }

// push adds v to the n elements held in arr, or in ext once arr overflowed
// (ext then holds every element).
func push[T any](arr []T, n *int, ext *[]T, v T) {
	if *ext == nil && *n < len(arr) {
		arr[*n] = v
	} else {
		if *ext == nil {
			*ext = append(make([]T, 0, 2*len(arr)), arr...)
		}
		*ext = append(*ext, v)
	}
	*n++
}

// view returns the elements; valid until the next add.
func view[T any](arr []T, n int, ext []T) []T {
	if ext != nil {
		return ext
	}
	return arr[:n]
}

// init checks the inputs, starts the bill and resolves the TOU ratios the
// options name.
func (b *builder) init(set *tariff.Set, c Customer, u Usage, opt Options, arr Arrangement) error {
	if set == nil {
		return &Error{Field: "tables", Reason: "no tariff set given"}
	}
	// The quantities with their coefficients read once: by the checks, or
	// here when Record.SettleJSON checked them (checkInputs).
	var kva, demand num
	kwh, kvarh := numOf(u.KWh), numOf(u.KVarh)
	b.contractN = contractOf(opt.Method, opt.ContractKW)
	if b.checked {
		kva, demand = numOf(unitsKVA(c)), demandOf(u, &b.feeders)
		b.unitsAllMonth = allUnitsAllMonth(c)
	} else {
		var err error
		if kva, b.unitsAllMonth, err = customerKVA(c); err != nil {
			return customerInMonth(err, u.Month)
		}
		if demand, err = checkUsageNums(u, kwh, kvarh, &b.feeders); err != nil {
			return err
		}
		if err := checkOptionsN(opt, b.contractN, u.Month); err != nil {
			return err
		}
	}
	b.kvaAll, b.kvaN = kva.d, kva
	if !set.HasClass(c.Region, c.Class) {
		return plantErr(set, c, u.Month)
	}
	b.set, b.c, b.u, b.metered, b.opt, b.date = set, c, u, u, opt, u.Month.First()
	b.demand, b.demandN = demand.d, demand
	b.kwhN, b.kvarhN = kwh, kvarh
	if toBilled(&b.u) { // the losses added: other quantities
		b.kwhN, b.kvarhN = numOf(b.u.KWh), numOf(b.u.KVarh)
	}
	// The bill's own fields one by one (the builder's bill is zero): no
	// zeroed Bill built and then copied.
	b.bill.Month, b.bill.Customer, b.bill.Arrangement, b.bill.Label = u.Month, c.ID, arr, opt.Label
	if !b.lean {
		b.startMem(arr)
		for _, w := range u.Warnings {
			b.warning(w)
		}
	}
	if err := b.timeOfUse(); err != nil {
		return err
	}
	if !b.lean {
		b.startLines(arr)
	}
	return nil
}

// startLines gives a bill its own lines, empty with room for the lines its
// arrangement and the TOU periods the builder found make: one energy line per
// period (two on a direct-trade bill: traded and outside the contract) and,
// besides, 3 lines on a catalog bill (basic, power factor, funds), 6 on a
// purchase (loss, T&D energy, system operation, basic, power factor, funds)
// and 5 on a direct-trade bill (T&D energy, basic, power factor, deviation,
// funds); one more for a smelter's surcharge, four for a captive plant. A
// bill that needs more (two deviation lines, say) moves its lines to a larger
// array, as append does.
func (b *builder) startLines(arr Arrangement) {
	p := max(b.nPeriods, 1)
	n := p + 3
	switch arr {
	case ArrangementDirectTrade:
		n = 2*p + 5
	case ArrangementAgencyPurchase, ArrangementMarketPurchase:
		n = p + 6
	}
	if b.metered.AluminiumKWhPerTonne.Valid {
		n++
	}
	if b.opt.Captive != nil {
		n += 4
	}
	b.lines, b.linesRoom = make([]Line, 0, n), n
}

// allUnitsAllMonth reports whether no unit of c has a commissioning date or
// a suspension (customerKVA says so on its pass over the units).
func allUnitsAllMonth(c Customer) bool {
	for i := range c.Units {
		if !c.Units[i].Commissioned.IsZero() || len(c.Units[i].Suspensions) > 0 {
			return false
		}
	}
	return true
}

// use records a table as a source of the bill and warns about its MEDIUM
// values that entered the bill through paths (all of the table when it is
// MEDIUM as a whole): a path at or under a MEDIUM value ("funds.renewable"
// used, "funds" MEDIUM), and each MEDIUM value under a path ("funds" used,
// "funds.renewable" MEDIUM: the funds line sums every fund). Only those
// paths are looked up.
func (b *builder) use(h *tariff.Header, paths ...string) {
	if b.lean {
		return
	}
	k, m := b.source(h)
	if h.Confidence == tariff.ConfidenceMedium {
		b.mediumWarning(h, k, "")
		return
	}
	if m.off == m.end {
		return // a HIGH table without MEDIUM values: nothing to warn about
	}
	med := b.medium[m.off:m.end]
	for _, p := range paths {
		b.usePath(h, k, m, med, p)
	}
}

// source returns the index of table h among the bill's sources, adding it
// on first use, and where its MEDIUM values (in a HIGH table) are in the
// bill's medium paths.
func (b *builder) source(h *tariff.Header) (int32, *span) {
	for i := range b.srcs {
		if b.srcs[i].ID == h.ID {
			return int32(i), &b.srcMed.all()[i]
		}
	}
	k := len(b.srcs)
	b.srcs = append(b.srcs, Source{ID: h.ID, Kind: h.Kind, Issuer: h.Issuer, Document: h.Document, Range: h.EffectiveRange(), Confidence: h.Confidence})
	off := len(b.medium)
	var first uint64
	for j := 0; ; j++ { // a HIGH table's MEDIUM values, without the copy of the whole header that AppendMediumValues makes
		p, ok := h.MediumValueAt(j)
		if !ok {
			break
		}
		if len(p) > 0 {
			first |= 1 << (p[0] & 63)
		}
		b.medium = append(b.medium, p)
	}
	b.srcMed.add(span{off: int32(off), end: int32(len(b.medium)), first: first})
	return int32(k), &b.srcMed.all()[k]
}

// usePath warns about the MEDIUM values (med, of table h, source k at m)
// that path p brought into the bill: p itself when it is at or under one of
// them, else each of them under p.
func (b *builder) usePath(h *tariff.Header, k int32, m *span, med []string, p string) {
	if len(p) > 0 && (m.first&(1<<(p[0]&63)) == 0 || !firstByteIn(p[0], med)) {
		return // no MEDIUM value starts as p does: none is at, under or above p
	}
	under := false
	for j, v := range med {
		if len(p) >= len(v) && len(v) > 0 && p[0] == v[0] && p[:len(v)] == v {
			if len(p) == len(v) {
				b.mediumAt(h, k, m, med, j)
				return
			}
			under = under || p[len(v)] == '.'
		}
	}
	if under {
		b.mediumWarning(h, k, p)
		return
	}
	for j, v := range med {
		if len(v) > len(p) && (len(p) == 0 || v[0] == p[0]) && below(v, p) {
			b.mediumAt(h, k, m, med, j)
		}
	}
}

// mediumAt warns, once, that med[j], the j-th MEDIUM value of table h
// (source k at m), is MEDIUM: the warnings of a source's own MEDIUM values
// are marked in m.warned, and their texts were built with the table.
func (b *builder) mediumAt(h *tariff.Header, k int32, m *span, med []string, j int) {
	if j >= 64 {
		b.mediumWarning(h, k, med[j])
		return
	}
	if m.warned&(1<<j) != 0 || b.otherMedium && b.warnedOther(h.ID, med[j]) {
		return
	}
	if subject, zh, en, ok := h.MediumWarningAt(j); ok {
		b.warns = append(b.warns, Warning{Code: WarningMediumValue, Subject: subject, ZH: zh, EN: en})
		m.warned |= 1 << j
	}
}

// mediumWarning warns, once, that the value at path of table h, source k of
// the bill, is MEDIUM (MediumWarning says whether it is): the whole table
// when path is empty, or a path strictly under a MEDIUM value that is not
// one itself.
func (b *builder) mediumWarning(h *tariff.Header, k int32, path string) {
	if b.warnedMedium(k, h.ID, path) {
		return
	}
	if subject, zh, en, ok := h.MediumWarning(path); ok {
		b.warns = append(b.warns, Warning{Code: WarningMediumValue, Subject: subject, ZH: zh, EN: en})
		b.medWarned.add(medKey{k, path})
	}
}

// firstByteIn reports whether a path of med starts with byte c.
func firstByteIn(c byte, med []string) bool {
	for _, v := range med {
		if len(v) > 0 && v[0] == c {
			return true
		}
	}
	return false
}

// below reports whether path v lies strictly under path p ("funds.renewable"
// under "funds").
func below(v, p string) bool {
	return len(v) > len(p) && v[:len(p)] == p && v[len(p)] == '.'
}

// useJoined is use with one path given in parts ("classes.", class,
// ".basic_prices"): the parts are joined into a string only when the path is
// strictly under a MEDIUM value of the table, the one case whose warning
// names it (at a MEDIUM value the warning names that value; above one, the
// values under it).
func (b *builder) useJoined(h *tariff.Header, parts ...string) {
	if b.lean {
		return
	}
	if len(parts) == 1 {
		b.use(h, parts[0])
		return
	}
	k, m := b.source(h)
	if h.Confidence == tariff.ConfidenceMedium {
		b.mediumWarning(h, k, "")
		return
	}
	if m.off == m.end {
		return
	}
	med := b.medium[m.off:m.end]
	var buf [128]byte
	p := buf[:0]
	for _, s := range parts {
		p = append(p, s...)
	}
	under := false
	for j, v := range med {
		if len(p) >= len(v) && string(p[:len(v)]) == v {
			if len(p) == len(v) {
				b.mediumAt(h, k, m, med, j)
				return
			}
			under = under || p[len(v)] == '.'
		}
	}
	if under {
		b.mediumWarning(h, k, string(p))
		return
	}
	for j, v := range med {
		if len(v) > len(p) && v[:len(p)] == string(p) && v[len(p)] == '.' {
			b.mediumAt(h, k, m, med, j)
		}
	}
}

// warnedMedium reports whether the bill already warns that the value at path
// of table id, source k of the bill (the whole table when path is empty), is
// MEDIUM. The warnings mediumWarning added are keyed by source and path;
// only when another step added a MEDIUM warning of its own does it compare
// the subjects ("id path") of all warnings (warnedOther).
func (b *builder) warnedMedium(k int32, id, path string) bool {
	for _, m := range b.medWarned.all() {
		if m.src == k && m.path == path {
			return true
		}
	}
	return b.otherMedium && b.warnedOther(id, path)
}

// warnedOther reports whether a MEDIUM warning of the bill has the subject
// of the value at path of table id, without building the subject.
func (b *builder) warnedOther(id, path string) bool {
	ws := b.warns
	for i := range ws {
		if ws[i].Code != WarningMediumValue {
			continue
		}
		s := ws[i].Subject
		if path == "" && s == id || path != "" && len(s) == len(id)+1+len(path) && s[:len(id)] == id && s[len(id)] == ' ' && s[len(id)+1:] == path {
			return true
		}
	}
	return false
}

// medKey is a MEDIUM warning use added: the bill's source and the path.
type medKey struct {
	src  int32
	path string
}

// warning adds w unless the bill already has a warning of the same code
// about the same subject. A lean builder keeps no warnings.
func (b *builder) warning(w Warning) {
	if b.lean {
		return
	}
	ws := b.warns
	for i := range ws {
		if ws[i].Code == w.Code && ws[i].Subject == w.Subject {
			return
		}
	}
	if w.Code == WarningMediumValue {
		b.otherMedium = true
	}
	b.warns = append(b.warns, w)
}

// basis starts the basis of the line about to be added: the tables (ids
// and documents) it cites; it returns the clause and its Chinese, for the
// line's Clause and ClauseZH.
func (b *builder) basis(clause, clauseZH string, hs ...*tariff.Header) (string, string) {
	if b.lean {
		return "", ""
	}
	b.pend.strOff, b.pend.tables, b.pend.docs = int32(len(b.strs)), int32(len(hs)), int32(len(hs))
	for _, h := range hs {
		b.strs = append(b.strs, h.ID)
	}
	for _, h := range hs {
		b.strs = append(b.strs, h.Document)
	}
	return clause, clauseZH
}

// documents adds documents without tables to the basis of the line about to
// be added.
func (b *builder) documents(docs ...string) {
	if b.lean {
		return
	}
	b.pend.strOff, b.pend.tables, b.pend.docs = int32(len(b.strs)), 0, int32(len(docs))
	b.strs = append(b.strs, docs...)
}

// item itemises the basis of the line about to be added with a fixed value.
func (b *builder) item(kind ItemKind, ref, value string) {
	b.itemAs(kind, ref, value, -1)
}

// itemLater itemises the basis of the line about to be added with a value
// formatted as f says, into the builder's text (finish makes it one
// string shared by the bill's items).
func (b *builder) itemLater(kind ItemKind, ref string, f itemFmt) {
	if b.lean {
		return
	}
	b.itemAs(kind, ref, "", b.text.add(&f))
}

// itemAs adds the item; end is where its value ends in the builder's text,
// −1 for the fixed value.
func (b *builder) itemAs(kind ItemKind, ref, value string, end int32) {
	if b.lean {
		return
	}
	if b.pend.itemN == 0 {
		b.pend.itemOff = int32(len(b.items))
	}
	b.pend.itemN++
	b.items = append(b.items, Item{Kind: kind, Ref: ref, Value: value})
	b.itemEnd.add(end)
}

// nonNilItems makes the items of the line about to be added non-nil even
// when there are none (as the funds line has always had them).
func (b *builder) nonNilItems() { b.pend.itemsNonNil = true }

// add rounds the line's amount once to the fen and appends it with the
// pending basis and items.
func (b *builder) add(l Line) {
	l.Amount = round2(l.Amount) // half away from zero (四舍五入)
	b.addFen(l, fenOrNo(l.Amount))
}

// addFen is add for a line whose amount has two decimals, f its fen as
// amountFen gives them (the rounders' F variants return both), so that the
// sums of the lines need not read the amounts again.
func (b *builder) addFen(l Line, f int64) {
	if l.Amount.Exponent() != -2 { // not as the caller said: rounded and read here
		l.Amount = round2(l.Amount)
		f = fenOrNo(l.Amount)
	}
	b.fen.add(f)
	b.codes.add(l.Code)
	b.amts.add(l.Amount)
	if !b.lean {
		if l.LabelZH == "" {
			l.LabelZH, l.LabelEN = labels(l.Code, l.Period)
		}
		b.meta.add(b.pend)
		b.pend = lineMeta{}
		b.lines = append(b.lines, l)
	}
}

// shown returns the quantity or price num ÷ den as the bill shows it, and
// when it repeats (83.333… kWh, 0.008333… 元/kWh) warns once that it is shown
// to 24 places and the amount is computed from the exact fraction (README
// §3.1). A lean builder shows nothing.
func (b *builder) shown(num, den decimal.Decimal) decimal.Decimal {
	if b.lean {
		return decimal.Decimal{}
	}
	q, repeats := fracShown(num, den)
	if repeats {
		b.warning(Warning{Code: WarningExactFraction,
			ZH: "本账单有循环小数的电量或单价（如 83.333… kWh），显示到小数点后 24 位；金额按精确分数计算，不按显示的数字计算",
			EN: "a quantity or price of this bill repeats (e.g. 83.333… kWh) and is shown to 24 decimal places; the amount is computed from the exact fraction, not from the digits shown"})
	}
	return q
}

// close adds the lines every structure ends with (smelter surcharges, captive
// items) and totals the bill.
func (b *builder) close() error {
	if err := b.surcharges(); err != nil {
		return err
	}
	if err := b.captive(); err != nil {
		return err
	}
	b.finish()
	return nil
}

// total is the sum of the rounded lines (README §3.1), in fen when every
// line's amount has them (sumFen).
func (b *builder) total() decimal.Decimal {
	if s, ok := sumFen(b.fen.all()); ok {
		return s.d
	}
	return sumSlow(b.amts.all())
}

// finish totals the bill and gives it its own, right-sized lines, basis
// strings, items, sources and warnings: b.bill is the bill (copied once, by
// the exported function that returns it).
func (b *builder) finish() {
	b.bill.Total = canonMoney(b.total())
	if b.lean {
		return
	}
	b.plausibility()
	lines := b.lines[:len(b.lines):len(b.lines)]
	strs, items := b.strs, b.items
	if len(items) > 0 {
		setItemText(items, b.itemEnd.all(), b.text.bytes())
	}
	for i, m := range b.meta.all() {
		bs := &lines[i]
		if m.tables > 0 {
			bs.Tables = strs[m.strOff : m.strOff+m.tables : m.strOff+m.tables]
		}
		if m.docs > 0 {
			o := m.strOff + m.tables
			bs.Documents = strs[o : o+m.docs : o+m.docs]
		}
		if m.itemN > 0 {
			bs.Items = items[m.itemOff : m.itemOff+m.itemN : m.itemOff+m.itemN]
		} else if m.itemsNonNil {
			bs.Items = []Item{}
		}
	}
	b.bill.Lines = lines
	b.bill.Sources = b.srcs[:len(b.srcs):len(b.srcs)]
	for i, m := range b.srcMed.all() {
		if m.off < m.end {
			b.bill.Sources[i].Medium = b.medium[m.off:m.end:m.end]
		}
	}
	b.bill.Warnings = b.warns[:len(b.warns):len(b.warns)]
	b.bill.canonical()
}

// billCatalog, billPurchase and billDirect are the blocks a bill's items,
// basis strings (table ids and documents), sources, their MEDIUM paths and
// warnings are built in: one allocation for those parts of a bill of the
// arrangement, which finish hands out as capacity-capped slices (a caller's
// append moves a slice to an array of its own), each bill a block of its
// own. Their sizes come from the batch command's generated records
// (-generate 2000, 24,000 bills): catalog bills have up to 6 sources and 9
// warnings; purchases up to 6 sources and 15 warnings, and a market
// purchase one item per contract besides its units and feeders (3 to 30,
// most at most 12); direct-trade bills up to 9 sources, 13 warnings and 36
// basis strings (TOU and a captive plant). A bill that outgrows a part (a
// large plant's items, a rare warning) moves that part to the heap, as
// append does. Lines, the largest part, have their own slice (startLines).
type billCatalog struct {
	items  [10]Item
	strs   [16]string
	medium [8]string
	srcs   [6]Source
	warns  [10]Warning
}

type billPurchase struct {
	items  [12]Item
	strs   [14]string
	medium [8]string
	srcs   [6]Source
	warns  [15]Warning
}

type billDirect struct {
	items  [12]Item
	strs   [36]string
	medium [8]string
	srcs   [9]Source
	warns  [14]Warning
}

// startMem points the builder's items, basis strings, sources, MEDIUM paths
// and warnings at the empty start of a new block sized for a bill of
// arrangement arr.
func (b *builder) startMem(arr Arrangement) {
	switch arr {
	case ArrangementDirectTrade:
		m := new(billDirect)
		b.items, b.strs, b.medium, b.srcs, b.warns = m.items[:0], m.strs[:0], m.medium[:0], m.srcs[:0], m.warns[:0]
	case ArrangementAgencyPurchase, ArrangementMarketPurchase:
		m := new(billPurchase)
		b.items, b.strs, b.medium, b.srcs, b.warns = m.items[:0], m.strs[:0], m.medium[:0], m.srcs[:0], m.warns[:0]
	default:
		m := new(billCatalog)
		b.items, b.strs, b.medium, b.srcs, b.warns = m.items[:0], m.strs[:0], m.medium[:0], m.srcs[:0], m.warns[:0]
	}
}

// itemFmt is how an item's value is written: a format and its numbers.
// itemLater writes it into the builder's text at once.
type itemFmt struct {
	kind itemFmtKind
	d    [4]decimal.Decimal
	n    [2]int
	s    string
}

type itemFmtKind uint8

const (
	fmtNone     itemFmtKind = iota // the value is fixed
	fmtDecimal                     // d0
	fmtUnit                        // "d0 kVA (n0/n1)"
	fmtFeeder                      // "d0 kW"
	fmtContract                    // "d0 kWh at Price(d1)"
	fmtDiscount                    // "d0 kWh ≥ d1 × d2 kVA → × d3"
	fmtFloor                       // "d0 × d1 kVA = d2 kW"
	fmtExcess                      // "(s) d0 kW > d1 × d2 kW, ×d3"
)

// textBuf holds the formatted values of a bill's items, one after the
// other: in its array, and all of it on the heap once the array overflows.
type textBuf struct {
	arr [textN]byte
	n   int
	ext []byte
}

// textN is the capacity of a builder's item text: a direct-trade bill's
// items take about 70 bytes.
const textN = 256

// add appends the value f describes and returns where it ends.
func (t *textBuf) add(f *itemFmt) int32 {
	if t.ext != nil {
		t.ext = f.append(t.ext)
		return int32(len(t.ext))
	}
	out := f.append(t.arr[:t.n])
	if len(out) <= len(t.arr) && cap(out) == len(t.arr) && (len(out) == 0 || &out[0] == &t.arr[0]) {
		t.n = len(out) // written in place
	} else {
		t.ext = append(make([]byte, 0, 2*len(out)), out...) // a copy: the builder never points into itself
	}
	return int32(len(out))
}

// bytes returns the text; valid until the next add.
func (t *textBuf) bytes() []byte {
	if t.ext != nil {
		return t.ext
	}
	return t.arr[:t.n]
}

// setItemText points the value of each item with an end (ends[i] ≥ 0) into
// one string made of text: item i's value runs from the previous end.
func setItemText(items []Item, ends []int32, text []byte) {
	if len(text) == 0 {
		return
	}
	s := string(text)
	start := int32(0)
	for i, e := range ends {
		if e >= 0 {
			items[i].Value = s[start:e]
			start = e
		}
	}
}

func (f *itemFmt) append(t []byte) []byte {
	d := &f.d
	switch f.kind {
	case fmtDecimal:
		t = appendDec(t, d[0])
	case fmtUnit:
		t = append(appendDec(t, d[0]), " kVA ("...)
		t = append(strconv.AppendInt(t, int64(f.n[0]), 10), '/')
		t = append(strconv.AppendInt(t, int64(f.n[1]), 10), ')')
	case fmtFeeder:
		t = append(appendDec(t, d[0]), " kW"...)
	case fmtContract:
		t = append(appendDec(t, d[0]), " kWh × "...)
		t = append(appendPrice(t, d[1]), " 元/kWh"...)
	case fmtDiscount:
		t = append(appendDec(t, d[0]), " kWh ≥ "...)
		t = append(appendDec(t, d[1]), " × "...)
		t = append(appendDec(t, d[2]), " kVA → × "...)
		t = appendDec(t, d[3])
	case fmtFloor:
		t = append(appendDec(t, d[0]), " × "...)
		t = append(appendDec(t, d[1]), " kVA = "...)
		t = append(appendDec(t, d[2]), " kW"...)
	case fmtExcess:
		t = append(append(append(t, '('), f.s...), ") "...)
		t = append(appendDec(t, d[0]), " kW > "...)
		t = append(appendDec(t, d[1]), " × "...)
		t = append(appendDec(t, d[2]), " kW, ×"...)
		t = appendDec(t, d[3])
	}
	return t
}
