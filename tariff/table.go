// Package tariff holds effective-dated electricity tariff tables: catalog
// (目录电价) prices, coal benchmarks, transmission-and-distribution (输配电价)
// tariffs, basic-charge rule sets, power-factor tables, deviation rules,
// smelter surcharges and time-of-use tables.
//
// Every number the library charges lives in a YAML table with its issuer,
// document, date, effective range [from, to) and confidence. Tables are loaded
// strictly (see Load), collected in an immutable Set, and looked up by kind,
// region, class, supply voltage and date. Default returns the embedded
// defaults. A Set is immutable and safe for concurrent use: what it hands out
// is a copy, or a value whose fields are unexported and read through methods.
// Tables enter only through YAML: Load, LoadFile and LoadFS read them as a Set
// of their own, which Set.With joins to the defaults. A Set with one value
// scaled, for sensitivity analysis, comes from Set.WithScaled.
package tariff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// Kind names a table kind.
type Kind string

// The table kinds.
const (
	KindCatalog        Kind = "catalog"         // 目录销售电价
	KindCoalBenchmark  Kind = "coal_benchmark"  // 燃煤标杆上网电价
	KindTND            Kind = "tnd"             // 输配电价 (approved table or price spread)
	KindBasicRules     Kind = "basic_rules"     // 基本电费计费规则
	KindPowerFactor    Kind = "power_factor"    // 功率因数调整电费表
	KindDeviationRules Kind = "deviation_rules" // 偏差考核规则
	KindAluminiumStep  Kind = "aluminium_step"  // 电解铝阶梯电价
	KindTOUPeriods     Kind = "tou_periods"     // 峰谷时段
	KindTOURatios      Kind = "tou_ratios"      // 峰谷浮动比例
)

var kindNames = []string{
	string(KindCatalog), string(KindCoalBenchmark), string(KindTND), string(KindBasicRules),
	string(KindPowerFactor), string(KindDeviationRules), string(KindAluminiumStep),
	string(KindTOUPeriods), string(KindTOURatios),
}

// ParseKind returns the table kind s, or a *Error naming the kinds.
func ParseKind(s string) (Kind, error) {
	if slices.Contains(kindNames, s) {
		return Kind(s), nil
	}
	return "", &Error{Value: s, Reason: "unknown table kind", Allowed: strings.Join(kindNames, ", ")}
}

// Confidence says how well a number is sourced (README, The rules: confidence
// marks). UNVERIFIED numbers are never shipped, so there is no such value.
type Confidence string

// The confidence marks a table may carry.
const (
	ConfidenceHigh   Confidence = "high"   // seen in the document itself or official news
	ConfidenceMedium Confidence = "medium" // seen in secondary sources
)

// ParseConfidence returns the confidence s, or a *Error naming the
// confidence marks.
func ParseConfidence(s string) (Confidence, error) {
	if c := Confidence(s); c == ConfidenceHigh || c == ConfidenceMedium {
		return c, nil
	}
	return "", &Error{Value: s, Reason: "unknown confidence", Allowed: "high, medium"}
}

// Header is what every table carries: identity, provenance and validity.
type Header struct {
	ID           string // unique in a Set, e.g. "ln-catalog-2016"
	Kind         Kind   // the table kind
	Region       string // "liaoning", or "cn" for national tables that apply everywhere
	Issuer       string // e.g. 辽宁省物价局
	Document     string // e.g. 辽价发〔2016〕50号
	DocumentDate Date   // zero when the date is not verified
	From         Date   // first day in force
	To           Date   // first day no longer in force; zero when open
	// Named is true for a table of scope "named": used only when a contract
	// or scenario names it by id (the 抚顺 pilot, the deviation rule sets), never
	// found by date. Tables of scope "general" are found by date.
	Named      bool
	Confidence Confidence // confidence of the table as a whole
	Notes      string     // free-text remarks of the table file; empty when none
	// Supersedes is the id of an earlier table of the same kind and region
	// this table replaces from its From date (README §3.12); empty for none.
	Supersedes string
	// SupersededBy is set on a table another table of its Set supersedes:
	// its To is then that table's From.
	SupersededBy string
	File         string // where the table was read from
	Line         int    // line of the table's first key

	// valueConf overrides Confidence for single values, keyed by the value's
	// path in the table ("tiers.220kV+.basic_kw", "funds", "effective");
	// read through ConfidenceOf and MediumValues. Never modified once loaded.
	valueConf map[string]Confidence
	medium    []string             // sorted keys of valueConf that are MEDIUM under a HIGH table
	rng       string               // Range(), formatted once
	notice    map[string][3]string // path → subject, Chinese and English notice, built at load
	// fast holds MediumWarning's common cases without hashing (one pointer,
	// so that a Header stays small to copy); nil when not built.
	fast *mediumFast
}

// mediumFast is notice[medium[i]] at i, and notice[""] of a MEDIUM table.
type mediumFast struct {
	notices  [][3]string
	whole    [3]string
	hasWhole bool
}

// MediumNotice returns the Chinese and English notice that the value at path
// (the whole table when path is empty) is MEDIUM confidence, and whether it
// is. Bills and reports show it as a warning.
func (h Header) MediumNotice(path string) (zh, en string, ok bool) {
	_, zh, en, ok = h.MediumWarning(path)
	return zh, en, ok
}

// MediumWarning is MediumNotice with the subject a warning about it names:
// the table id, and the path when the value is MEDIUM in a HIGH table
// ("ln-catalog-2016 funds"). The texts of the table's own MEDIUM values are
// built when the table is loaded.
func (h *Header) MediumWarning(path string) (subject, zh, en string, ok bool) {
	if h.Confidence == ConfidenceMedium {
		if h.fast != nil && h.fast.hasWhole {
			n := &h.fast.whole
			return n[0], n[1], n[2], true
		}
		path = ""
	} else if path == "" {
		return "", "", "", false
	} else {
		for i, k := range h.medium {
			if k == path && h.fast != nil && i < len(h.fast.notices) { // a MEDIUM value itself (the path of a key of valueConf)
				n := &h.fast.notices[i]
				return n[0], n[1], n[2], true
			}
		}
	}
	if path != "" && (!h.underMedium(path) || h.ConfidenceOf(path) != ConfidenceMedium) {
		return "", "", "", false
	}
	if n, ok := h.notice[path]; ok {
		return n[0], n[1], n[2], true
	}
	n := mediumNotice(*h, path)
	return n[0], n[1], n[2], true
}

// MediumWarningAt is MediumWarning of the table's i-th MEDIUM value (the
// i-th path MediumValues returns), with its texts built when the table was
// loaded; ok is false when i is out of range.
func (h *Header) MediumWarningAt(i int) (subject, zh, en string, ok bool) {
	if i < 0 || i >= len(h.medium) {
		return "", "", "", false
	}
	if h.fast != nil && i < len(h.fast.notices) {
		n := &h.fast.notices[i]
		return n[0], n[1], n[2], true
	}
	return h.MediumWarning(h.medium[i])
}

// MediumValueAt returns the i-th of the table's MEDIUM value paths, in the
// order of MediumValues (the path of MediumWarningAt(i)), read through a
// pointer without copying them; ok is false past the last.
func (h *Header) MediumValueAt(i int) (path string, ok bool) {
	if i < 0 || i >= len(h.medium) {
		return "", false
	}
	return h.medium[i], true
}

// underMedium reports whether path or one of its parents is a MEDIUM value
// of the table: without one, path is not MEDIUM in a HIGH table.
func (h Header) underMedium(path string) bool {
	for _, k := range h.medium {
		if len(path) >= len(k) && path[:len(k)] == k && (len(path) == len(k) || path[len(k)] == '.') {
			return true
		}
	}
	return false
}

func mediumNotice(h Header, path string) [3]string {
	if path == "" {
		return [3]string{h.ID, h.Document + "（" + h.ID + "）整表为中等可信度：数值取自二手资料",
			h.ID + " (" + h.Document + ") is MEDIUM confidence: seen in secondary sources"}
	}
	zh, en := PathLabel(h.Kind, path)
	return [3]string{h.ID + " " + path, h.Document + "（" + h.ID + "）中的" + zh + "为中等可信度",
		h.ID + " (" + h.Document + "): MEDIUM confidence for " + en}
}

// finish precomputes what lookups hand out often.
func (h *Header) finish() {
	h.medium = nil
	for k, c := range h.valueConf {
		if c == ConfidenceMedium && h.Confidence != ConfidenceMedium {
			h.medium = append(h.medium, k)
		}
	}
	slices.Sort(h.medium)
	h.rng = ""
	h.rng = h.Range()
	h.notice = map[string][3]string{}
	f := &mediumFast{}
	if h.Confidence == ConfidenceMedium {
		f.whole, f.hasWhole = mediumNotice(*h, ""), true
		h.notice[""] = f.whole
	}
	for _, p := range h.medium {
		h.notice[p] = mediumNotice(*h, p)
		f.notices = append(f.notices, h.notice[p])
	}
	h.fast = f
}

// MediumValues returns the paths of the values that are MEDIUM in a table
// that is HIGH as a whole ("funds.renewable"), sorted. The slice is the
// caller's own.
func (h Header) MediumValues() []string {
	return slices.Clone(h.medium)
}

// AppendMediumValues appends the paths MediumValues returns to dst and
// returns the extended slice: the same paths, without a slice of their own.
func (h Header) AppendMediumValues(dst []string) []string {
	return append(dst, h.medium...)
}

// InForce reports whether the table is in force on d: From ≤ d < To.
func (h Header) InForce(d Date) bool {
	return !d.Before(h.From) && (h.To.IsZero() || d.Before(h.To))
}

// Range formats the effective range as "[from, to)" with "open" for no end.
func (h Header) Range() string {
	if h.rng != "" {
		return h.rng
	}
	return h.formatRange()
}

// EffectiveRange returns the effective range as Range formats it, "[from,
// to)" with "open" for no end, read through a pointer: the header is not
// copied.
func (h *Header) EffectiveRange() string {
	if h.rng != "" {
		return h.rng
	}
	return h.formatRange()
}

// formatRange is Range of a header whose range was not formatted at load.
func (h *Header) formatRange() string {
	to := "open"
	if !h.To.IsZero() {
		to = h.To.String()
	}
	return "[" + h.From.String() + ", " + to + ")"
}

// RangeZH formats the effective range in Chinese: "2016年1月1日至2017年6月30日"
// (the day before the end), or "1983年12月2日起" for no end.
func (h Header) RangeZH() string {
	if h.To.IsZero() {
		return h.From.StringZH() + "起"
	}
	return h.From.StringZH() + "至" + h.To.AddDays(-1).StringZH()
}

// ConfidenceOf returns the confidence of the value at path, falling back to the
// table's confidence. A path also matches an override set for its prefix
// ("funds" covers "funds.renewable").
func (h Header) ConfidenceOf(path string) Confidence {
	for p := path; p != ""; p = parent(p) {
		if c, ok := h.valueConf[p]; ok {
			return c
		}
	}
	return h.Confidence
}

func parent(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '.' {
			return p[:i]
		}
	}
	return ""
}

// table is a table of any kind, as Load reads it; a Set collects tables,
// and its lookups resolve them.
type table interface {
	// Head returns the table's header.
	Head() Header
	// scaled returns a copy of the table with the value at path multiplied
	// by f (see Set.WithScaled), and the paths it can scale.
	scaled(path string, f decimal.Decimal) (table, error)
	values() []valueRef
}

// fund is one government fund or surcharge levied per kWh (政府性基金及附加);
// Price.Fund reads it.
type fund struct {
	code string          // e.g. "renewable"
	name string          // e.g. 可再生能源电价附加
	rate decimal.Decimal // 元/kWh
	text string          // the rate as the table writes it ("0.020")
}

// sumFunds returns the total per-kWh rate of fs.
func sumFunds(fs []fund) decimal.Decimal {
	s := decimal.Zero
	for _, f := range fs {
		s = s.Add(f.rate)
	}
	return s
}

// ParseDecimal parses plain decimal text: an optional minus sign, digits and an
// optional fraction. Exponents, NaN, infinities, hex, underscores and
// thousands separators are rejected.
func ParseDecimal(s string) (decimal.Decimal, error) {
	v, err := strictyaml.ParseDecimal(s)
	if err != nil {
		return decimal.Zero, fmt.Errorf("tariff: %q is not a plain decimal", s)
	}
	return v, nil
}

// parseHeader reads the fields every table carries.
func parseHeader(m *strictyaml.Map) Header {
	h := Header{File: m.Doc().File, Line: m.Node.Line}
	h.ID = m.Str("id", true)
	h.Kind = Kind(m.Enum("kind", true, kindNames...))
	h.Region = m.Str("region", true)
	h.Issuer = m.Str("issuer", true)
	h.Document = m.Str("document", true)
	h.DocumentDate = readDate(m, "document_date", false)
	if e := m.Sub("effective", true); e != nil {
		h.From = readDate(e, "from", true)
		h.To = readDate(e, "to", false)
		e.Done()
		if !h.To.IsZero() && !h.From.Before(h.To) && !m.Failed() {
			e.Fail("to", h.To.String(), "a date after from ("+h.From.String()+")", "effective range is empty: to must be after from")
		}
	}
	h.Named = m.Enum("scope", true, "general", "named") == "named"
	h.Confidence = Confidence(m.Enum("confidence", true, string(ConfidenceHigh), string(ConfidenceMedium)))
	if vc := m.Sub("value_confidence", false); vc != nil {
		h.valueConf = map[string]Confidence{}
		for _, k := range vc.Keys() {
			h.valueConf[k] = Confidence(vc.Enum(k, true, string(ConfidenceHigh), string(ConfidenceMedium)))
		}
		vc.Done()
	}
	h.Notes = m.Str("notes", false)
	h.Supersedes = m.Str("supersedes", false)
	h.finish()
	return h
}

// parseFunds reads a list of funds from key.
func parseFunds(m *strictyaml.Map, key string, required bool) []fund {
	var fs []fund
	for i, n := range m.List(key, required) {
		f := m.Item(key, i, n)
		if f == nil {
			return nil
		}
		var fd fund
		fd.code = f.Str("code", true)
		fd.name = f.Str("name", true)
		fd.rate, _ = f.Decimal("rate", true, strictyaml.NonNegative)
		if n := f.Get("rate", false); n != nil {
			fd.text = n.Value
		}
		f.Done()
		fs = append(fs, fd)
	}
	return fs
}
