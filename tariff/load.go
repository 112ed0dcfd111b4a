package tariff

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// Load reads one table from r; name is the file name errors carry.
//
// Load returns a *FieldError if:
//   - the YAML is invalid, holds a second document, or has an unknown field;
//   - a required value is missing or null;
//   - a number is not a plain decimal (exponents, NaN, infinities, hex are
//     rejected) or a price is negative;
//   - the effective range has to ≤ from;
//   - tiers overlap or leave a standard voltage unmapped;
//   - a kind's own checks fail (power-factor tables not monotone, TOU
//     periods that overlap or leave a gap, …).
//
// References between tables (a price spread naming its catalog) are checked
// when the table joins a Set.
func Load(r io.Reader, name string) (Table, error) {
	d := &Doc{File: name}
	m := d.Parse(r)
	if d.err != nil {
		return nil, d.err
	}
	t := parseTable(m)
	if d.err != nil {
		return nil, d.err
	}
	return t, nil
}

// LoadFile reads one table from the file at p.
func LoadFile(p string) (Table, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("tariff: %w", err)
	}
	defer f.Close()
	return Load(f, p)
}

// LoadFS reads every *.yaml file of fsys (sorted by name) as a table.
func LoadFS(fsys fs.FS) ([]Table, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && (path.Ext(p) == ".yaml" || path.Ext(p) == ".yml") {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tariff: %w", err)
	}
	sort.Strings(names)
	var out []Table
	for _, n := range names {
		f, err := fsys.Open(n)
		if err != nil {
			return nil, fmt.Errorf("tariff: %w", err)
		}
		t, err := Load(f, n)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func parseHeader(m *Map) Header {
	h := Header{File: m.d.File, Line: m.Node.Line}
	h.ID = m.Str("id", true)
	h.Kind = Kind(m.Enum("kind", true, kindNames...))
	h.Region = m.Str("region", true)
	h.Issuer = m.Str("issuer", true)
	h.Document = m.Str("document", true)
	h.DocumentDate = m.Date("document_date", false)
	if e := m.Sub("effective", true); e != nil {
		h.From = e.Date("from", true)
		h.To = e.Date("to", false)
		e.Done()
		if !h.To.IsZero() && !h.From.Before(h.To) && m.d.err == nil {
			e.Fail("to", h.To.String(), "a date after from ("+h.From.String()+")", "effective range is empty: to must be after from")
		}
	}
	h.Scope = Scope(m.Enum("scope", true, string(General), string(Named)))
	h.Confidence = Confidence(m.Enum("confidence", true, string(High), string(Medium)))
	if vc := m.Sub("value_confidence", false); vc != nil {
		h.ValueConfidence = map[string]Confidence{}
		for i := 0; i+1 < len(vc.Node.Content); i += 2 {
			k := vc.Node.Content[i].Value
			h.ValueConfidence[k] = Confidence(vc.Enum(k, true, string(High), string(Medium)))
		}
		vc.Done()
	}
	h.Notes = m.Str("notes", false)
	h.finish()
	return h
}

func parseTable(m *Map) Table {
	h := parseHeader(m)
	if m.d.err != nil {
		return nil
	}
	var t Table
	switch h.Kind {
	case KindCatalog:
		t = parseCatalog(m, h)
	case KindCoalBenchmark:
		p, _ := m.Decimal("price", true, NonNegative)
		t = &CoalBenchmark{Header: h, Price: p}
	case KindTND:
		t = parseTND(m, h)
	case KindBasicRules:
		t = parseBasicRules(m, h)
	case KindPowerFactor:
		t = parsePowerFactor(m, h)
	case KindDeviationRules:
		t = parseDeviation(m, h)
	case KindAluminiumStep:
		t = parseAluminium(m, h)
	case KindTOUPeriods:
		t = parseTOUPeriods(m, h)
	case KindTOURatios:
		t = parseTOURatios(m, h)
	}
	m.Done()
	return t
}

func parseFunds(m *Map, key string, required bool) []Fund {
	var fs []Fund
	for i, n := range m.List(key, required) {
		f := m.Item(key, i, n)
		if f == nil {
			return nil
		}
		var fd Fund
		fd.Code = f.Str("code", true)
		fd.Name = f.Str("name", true)
		fd.Rate, _ = f.Decimal("rate", true, NonNegative)
		if n := f.Get("rate", false); n != nil {
			fd.Text = n.Value
		}
		f.Done()
		fs = append(fs, fd)
	}
	return fs
}

func parseCatalog(m *Map, h Header) *Catalog {
	c := &Catalog{Header: h}
	c.Funds = parseFunds(m, "funds", true)
	c.FundsSum = SumFunds(c.Funds)
	seen := map[string]bool{}
	for i, n := range m.List("classes", true) {
		cm := m.Item("classes", i, n)
		if cm == nil {
			return c
		}
		var cl CatalogClass
		cl.Class = cm.Str("class", true)
		if seen[cl.Class] {
			cm.Fail("class", cl.Class, "", "class listed twice")
		}
		seen[cl.Class] = true
		cl.Tiers = parseTiers(cm, "tiers", true)
		cm.Done()
		if m.d.err == nil {
			F := c.FundsSum
			for j, t := range cl.Tiers {
				if t.Energy.LessThan(F) {
					cm.Fail("tiers", t.Energy.String(), "", "tier %d (%s): energy price is below the funds it includes (%s)", j, t.Tier, F)
				}
			}
		}
		c.Classes = append(c.Classes, cl)
	}
	return c
}

// parseTiers reads voltage tiers; basic prices are required when requireBasic.
func parseTiers(m *Map, key string, requireBasic bool) []PriceTier {
	var ts []PriceTier
	var nodes []*Map
	for i, n := range m.List(key, true) {
		tm := m.Item(key, i, n)
		if tm == nil {
			return nil
		}
		var t PriceTier
		t.Tier = tm.Str("tier", true)
		t.Voltage.Min, _ = tm.Decimal("min_kv", true, NonNegative)
		t.Voltage.Max, t.Voltage.HasMax = tm.Decimal("max_kv", false, NonNegative)
		t.Voltage.Below, t.Voltage.HasBelow = tm.Decimal("below_kv", false, NonNegative)
		if t.Voltage.HasMax && t.Voltage.HasBelow {
			tm.Fail("below_kv", "", "max_kv or below_kv", "give at most one upper bound")
		}
		if t.Voltage.HasMax && t.Voltage.Max.LessThan(t.Voltage.Min) || t.Voltage.HasBelow && !t.Voltage.Below.GreaterThan(t.Voltage.Min) {
			tm.Fail("min_kv", t.Voltage.Min.String(), "", "voltage range is empty")
		}
		t.Energy, _ = tm.Decimal("energy", true, NonNegative)
		var hk, hw bool
		t.BasicKVA, hk = tm.Decimal("basic_kva", requireBasic, NonNegative)
		t.BasicKW, hw = tm.Decimal("basic_kw", requireBasic, NonNegative)
		if hk != hw && m.d.err == nil {
			tm.Fail("basic_kw", "", "both basic_kva and basic_kw, or neither", "basic prices must be given together")
		}
		t.HasBasic = hk && hw
		tm.Done()
		ts = append(ts, t)
		nodes = append(nodes, tm)
	}
	if m.d.err != nil {
		return ts
	}
	for i := range ts {
		for j := 0; j < i; j++ {
			if ts[i].Tier == ts[j].Tier {
				nodes[i].Fail("tier", ts[i].Tier, "", "tier listed twice")
				return ts
			}
			if overlaps(ts[i].Voltage, ts[j].Voltage) {
				nodes[i].Fail("min_kv", ts[i].Voltage.Min.String(), "", "tier %s overlaps tier %s", ts[i].Tier, ts[j].Tier)
				return ts
			}
		}
	}
	if v, ok := voltageGap(ts); ok {
		m.Fail(key, "", "", "no tier maps the standard voltage %s kV between the tiers (GB/T 156)", v)
	}
	return ts
}

// upper returns r's upper bound, whether it is inclusive, and whether it exists.
func (r VoltageRange) upper() (decimal.Decimal, bool, bool) {
	switch {
	case r.HasMax:
		return r.Max, true, true
	case r.HasBelow:
		return r.Below, false, true
	}
	return decimal.Zero, false, false
}

func overlaps(a, b VoltageRange) bool {
	lo := decimal.Max(a.Min, b.Min)
	au, ai, aok := a.upper()
	bu, bi, bok := b.upper()
	if !aok && !bok {
		return true
	}
	hi, incl := au, ai
	if !aok || bok && bu.LessThan(au) {
		hi, incl = bu, bi
	} else if aok && bok && bu.Equal(au) {
		incl = ai && bi
	}
	return hi.GreaterThan(lo) || hi.Equal(lo) && incl
}

// standardVoltages are the nominal system voltages of GB/T 156 (kV); tiers must
// not leave one of them unmapped between their lowest and highest bound.
var standardVoltages = []string{"0.22", "0.38", "0.66", "1", "3", "6", "10", "20", "35", "66", "110", "220", "330", "500", "750", "1000"}

func voltageGap(ts []PriceTier) (string, bool) {
	if len(ts) == 0 {
		return "", false
	}
	lo := ts[0].Voltage.Min
	var hi decimal.Decimal
	open := false
	for _, t := range ts {
		lo = decimal.Min(lo, t.Voltage.Min)
		u, _, ok := t.Voltage.upper()
		if !ok {
			open = true
		} else {
			hi = decimal.Max(hi, u)
		}
	}
	for _, s := range standardVoltages {
		v := decimal.RequireFromString(s)
		if v.LessThan(lo) || !open && v.GreaterThan(hi) {
			continue
		}
		if _, ok := findTier(ts, v); !ok {
			return s, true
		}
	}
	return "", false
}

func parseTND(m *Map, h Header) *TND {
	t := &TND{Header: h}
	t.Form = m.Enum("form", true, "approved", "spread")
	t.Structure = m.Enum("structure", true, "2016", "2023")
	t.Catalog = m.Str("catalog", t.Form == "spread")
	t.CatalogClass = m.Str("catalog_class", t.Catalog != "")
	switch t.Form {
	case "spread":
		t.Benchmark = m.Str("benchmark", true)
		if m.Has("tiers") {
			m.Fail("tiers", "", "", "a price spread derives its tiers from the catalog; remove tiers")
		}
	case "approved":
		t.Tiers = parseTiers(m, "tiers", false)
		if m.d.err == nil && t.Catalog == "" {
			for _, tr := range t.Tiers {
				if !tr.HasBasic {
					m.Fail("tiers", tr.Tier, "", "tier %s has no basic prices and the table names no catalog to take them from", tr.Tier)
					break
				}
			}
		}
	}
	t.LossRate, t.HasLossRate = m.Decimal("loss_rate", false, NonNegative)
	t.Funds = parseFunds(m, "funds", false)
	if m.d.err == nil && t.Structure == "2023" {
		if !t.HasLossRate {
			m.Fail("loss_rate", "", "", "a 2023-structure T&D table needs the on-grid line-loss rate")
		} else if !t.LossRate.LessThan(decimal.NewFromInt(1)) {
			m.Fail("loss_rate", t.LossRate.String(), "a rate below 1", "loss rate must be below 1")
		} else if len(t.Funds) == 0 {
			m.Fail("funds", "", "", "a 2023-structure T&D table needs its funds")
		}
	}
	return t
}

func parseChange(m *Map, key string) ChangePeriod {
	s := m.Sub(key, true)
	if s == nil {
		return ChangePeriod{}
	}
	p := ChangePeriod{
		Length: Length(s.Enum("length", true, "month", "quarter", "half_year", "year")),
		Anchor: Anchor(s.Enum("anchor", true, string(Calendar), string(ScenarioAnchor))),
	}
	s.Done()
	return p
}

func parseBasicRules(m *Map, h Header) *BasicRules {
	r := &BasicRules{Header: h}
	for i, n := range m.List("methods", true) {
		if n.Kind != yaml.ScalarNode {
			m.d.Failf(n, fmt.Sprintf("%s[%d]", m.field("methods"), i), "", "", "expected a method name")
			break
		}
		ok := false
		for _, x := range Methods {
			ok = ok || string(x) == n.Value
		}
		if !ok {
			m.d.Failf(n, fmt.Sprintf("%s[%d]", m.field("methods"), i), n.Value, "capacity, contract_demand, actual_demand", "unknown method")
			break
		}
		r.Methods = append(r.Methods, Method(n.Value))
	}
	r.MethodChange = parseChange(m, "method_change")
	r.ContractChange = parseChange(m, "contract_change")
	if e := m.Sub("excess", true); e != nil {
		r.Threshold, _ = e.Decimal("threshold", true, Positive)
		r.Multiplier, _ = e.Decimal("multiplier", true, Positive)
		r.Reading = e.Enum("reading", true, "a", "b")
		e.Done()
	}
	if f := m.Sub("floor", true); f != nil {
		r.Floor, _ = f.Decimal("share", true, NonNegative)
		r.FloorOnActual = f.Bool("on_actual_demand", true)
		f.Done()
	}
	if d := m.Sub("discount", false); d != nil {
		r.HasDiscount = true
		r.DiscountMinKWhPerKVA, _ = d.Decimal("min_kwh_per_kva", true, Positive)
		r.DiscountFactor, _ = d.Decimal("factor", true, Positive)
		d.Done()
	} else {
		m.Get("discount", false)
	}
	if s := m.Sub("suspension", false); s != nil {
		r.SuspensionChecked = true
		r.SuspensionMinDays, _ = s.Int("min_days", true)
		r.SuspensionMaxPerYear, r.HasMaxPerYear = s.Int("max_per_year", false)
		r.SuspensionMaxMonths, r.HasMaxMonthsPerYear = s.Int("max_months_per_year", false)
		r.WholeMonthsUnderDemand = s.Bool("whole_months_under_demand", true)
		s.Done()
	} else {
		m.Get("suspension", false)
	}
	if p := m.Sub("proration", true); p != nil {
		r.ProrationCapDays, _ = p.Int("cap_days", true)
		r.ProrationDivisor, _ = p.Int("divisor", true)
		if r.ProrationDivisor == 0 && m.d.err == nil {
			p.Fail("divisor", "0", "", "must be greater than zero")
		}
		p.Done()
	}
	return r
}

var pfStep = decimal.New(1, -2)

func parsePowerFactor(m *Map, h Header) *PowerFactor {
	t := &PowerFactor{Header: h}
	t.Standard, _ = m.Decimal("standard", true, Positive)
	for i, n := range m.List("base", true) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			m.d.Failf(n, fmt.Sprintf("%s[%d]", m.field("base"), i), "", "", "expected a line code")
			break
		}
		t.Base = append(t.Base, n.Value)
	}
	t.BaseText = strings.Join(t.Base, ", ")
	var nodes []*Map
	for i, n := range m.List("segments", true) {
		s := m.Item("segments", i, n)
		if s == nil {
			return t
		}
		var sg PFSegment
		sg.PFMin, _ = s.Decimal("pf_min", true, NonNegative)
		sg.PFMax, _ = s.Decimal("pf_max", true, NonNegative)
		sg.PercentAtMax, _ = s.Decimal("percent_at_max", true, AnySign)
		sg.StepPercent, _ = s.Decimal("step_percent", true, NonNegative)
		s.Done()
		if m.d.err == nil && (sg.PFMin.Exponent() < -2 || sg.PFMax.Exponent() < -2 || sg.PFMax.LessThan(sg.PFMin)) {
			s.Fail("pf_max", sg.PFMax.String(), "", "power factors are multiples of 0.01 with pf_min ≤ pf_max")
		}
		t.Segments = append(t.Segments, sg)
		nodes = append(nodes, s)
	}
	if m.d.err != nil {
		return t
	}
	// Segments must run from 1.00 down to 0.00 without gap or overlap, and the
	// adjustment must never fall as the power factor falls (monotone).
	want := decimal.NewFromInt(1)
	var prev decimal.Decimal
	for i, s := range t.Segments {
		if !s.PFMax.Equal(want) {
			nodes[i].Fail("pf_max", s.PFMax.String(), want.String(), "segments must run from 1.00 down to 0.00 without gap or overlap")
			return t
		}
		if i > 0 && s.PercentAtMax.LessThan(prev) {
			nodes[i].Fail("percent_at_max", s.PercentAtMax.String(), "at least "+prev.String(), "table is not monotone: the adjustment falls as the power factor falls")
			return t
		}
		prev, _ = t.Percent(s.PFMin)
		want = s.PFMin.Sub(pfStep)
	}
	if !want.Equal(pfStep.Neg()) {
		m.Fail("segments", "", "", "segments must reach 0.00 (last pf_min is %s)", want.Add(pfStep))
		return t
	}
	for k := range t.byHundredth {
		t.byHundredth[k], _ = t.Percent(decimal.New(int64(k), -2))
	}
	t.ready = true
	return t
}

func parseRate(m *Map, key string) PenaltyRate {
	s := m.Sub(key, true)
	var p PenaltyRate
	if s == nil {
		return p
	}
	p.BenchmarkFactor, _ = s.Decimal("benchmark_factor", true, NonNegative)
	p.TNDFactor, _ = s.Decimal("tnd_factor", true, NonNegative)
	p.SpreadFactor, _ = s.Decimal("spread_factor", true, NonNegative)
	s.Done()
	return p
}

func parseDeviation(m *Map, h Header) *DeviationRules {
	r := &DeviationRules{Header: h}
	if h.Scope != Named {
		m.Fail("scope", string(h.Scope), "named", "deviation rule sets are named by contracts, never found by date")
	}
	if o := m.Sub("over", true); o != nil {
		r.OverBand, _ = o.Decimal("band", true, NonNegative)
		r.Over = parseRate(o, "penalty")
		o.Done()
	}
	if u := m.Sub("under", true); u != nil {
		r.UnderBand, _ = u.Decimal("band", true, NonNegative)
		if r.UnderBand.GreaterThan(decimal.NewFromInt(1)) {
			u.Fail("band", r.UnderBand.String(), "0 to 1", "band is a share of the contract")
		}
		r.Under = parseRate(u, "penalty")
		u.Done()
	}
	return r
}

func parseAluminium(m *Map, h Header) *AluminiumStep {
	t := &AluminiumStep{Header: h}
	var prev decimal.Decimal
	for i, n := range m.List("steps", true) {
		s := m.Item("steps", i, n)
		if s == nil {
			return t
		}
		var r AluminiumStepRow
		r.Above, _ = s.Decimal("above_kwh_per_t", true, NonNegative)
		r.UpTo, r.HasUpTo = s.Decimal("up_to_kwh_per_t", false, NonNegative)
		r.Surcharge, _ = s.Decimal("surcharge", true, NonNegative)
		s.Done()
		if m.d.err == nil {
			switch {
			case i > 0 && !r.Above.Equal(prev):
				s.Fail("above_kwh_per_t", r.Above.String(), prev.String(), "steps must follow each other without gap or overlap")
			case r.HasUpTo && !r.UpTo.GreaterThan(r.Above):
				s.Fail("up_to_kwh_per_t", r.UpTo.String(), "", "must be above above_kwh_per_t")
			case !r.HasUpTo && i != len(m.List("steps", true))-1:
				s.Fail("up_to_kwh_per_t", "", "", "only the last step may be open")
			}
		}
		prev = r.UpTo
		t.Steps = append(t.Steps, r)
	}
	return t
}

var periodNames = []string{string(Peak), string(Flat), string(Valley), string(Critical)}

func parseClock(m *Map, key string) int {
	s := m.Str(key, true)
	if m.d.err != nil {
		return 0
	}
	var hh, mm int
	if n, err := fmt.Sscanf(s, "%d:%d", &hh, &mm); n != 2 || err != nil || len(s) != 5 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		m.Fail(key, s, "HH:MM from 00:00 to 24:00", "not a time of day")
		return 0
	}
	return hh*60 + mm
}

func parseMonths(m *Map, key string) []time.Month {
	var out []time.Month
	for i, n := range m.List(key, true) {
		x, err := strconv.Atoi(n.Value)
		if err != nil || n.Kind != yaml.ScalarNode || x < 1 || x > 12 || !wholeNumber.MatchString(n.Value) {
			m.d.Failf(n, fmt.Sprintf("%s[%d]", m.field(key), i), n.Value, "1 to 12", "not a month number")
			return out
		}
		out = append(out, time.Month(x))
	}
	return out
}

func parseTOUPeriods(m *Map, h Header) *TOUPeriods {
	t := &TOUPeriods{Header: h}
	covered := map[time.Month]bool{}
	for i, n := range m.List("seasons", true) {
		s := m.Item("seasons", i, n)
		if s == nil {
			return t
		}
		var se TOUSeason
		se.Months = parseMonths(s, "months")
		for _, mo := range se.Months {
			if covered[mo] && m.d.err == nil {
				s.Fail("months", fmt.Sprint(int(mo)), "", "month %d is in two seasons", mo)
			}
			covered[mo] = true
		}
		var ivs []TOUInterval
		for j, pn := range s.List("periods", true) {
			p := s.Item("periods", j, pn)
			if p == nil {
				return t
			}
			iv := TOUInterval{Period: Period(p.Enum("period", true, string(Peak), string(Flat), string(Valley)))}
			iv.From = parseClock(p, "from")
			iv.To = parseClock(p, "to")
			p.Done()
			if m.d.err != nil {
				return t
			}
			if iv.To == iv.From {
				p.Fail("to", "", "", "empty interval")
				return t
			}
			if iv.To < iv.From { // across midnight
				ivs = append(ivs, TOUInterval{iv.From, 1440, iv.Period}, TOUInterval{0, iv.To, iv.Period})
			} else {
				ivs = append(ivs, iv)
			}
		}
		sort.Slice(ivs, func(a, b int) bool { return ivs[a].From < ivs[b].From })
		end := 0
		for _, iv := range ivs {
			if iv.From < end {
				s.Fail("periods", "", "", "periods overlap at %02d:%02d", iv.From/60, iv.From%60)
				return t
			}
			if iv.From > end {
				s.Fail("periods", "", "", "periods leave %02d:%02d–%02d:%02d uncovered", end/60, end%60, iv.From/60, iv.From%60)
				return t
			}
			end = iv.To
		}
		if end != 1440 && m.d.err == nil {
			s.Fail("periods", "", "", "periods leave %02d:%02d–24:00 uncovered", end/60, end%60)
			return t
		}
		// Critical peak is carved out of peak hours (辽发改价格〔2023〕441号).
		for j, cn := range s.List("critical", false) {
			c := s.Item("critical", j, cn)
			if c == nil {
				return t
			}
			from, to := parseClock(c, "from"), parseClock(c, "to")
			c.Done()
			if m.d.err != nil {
				return t
			}
			inside := false
			for _, iv := range ivs {
				inside = inside || iv.Period == Peak && from >= iv.From && to <= iv.To && from < to
			}
			if !inside {
				c.Fail("from", "", "", "critical peak must lie inside a peak interval")
				return t
			}
			ivs = carve(ivs, from, to)
		}
		s.Done()
		se.Intervals = ivs
		t.Seasons = append(t.Seasons, se)
	}
	if m.d.err == nil && len(covered) != 12 {
		for mo := time.January; mo <= time.December; mo++ {
			if !covered[mo] {
				m.Fail("seasons", "", "", "month %d has no season", mo)
				break
			}
		}
	}
	return t
}

func carve(ivs []TOUInterval, from, to int) []TOUInterval {
	var out []TOUInterval
	for _, iv := range ivs {
		if iv.Period != Peak || from < iv.From || to > iv.To {
			out = append(out, iv)
			continue
		}
		if iv.From < from {
			out = append(out, TOUInterval{iv.From, from, Peak})
		}
		out = append(out, TOUInterval{from, to, Critical})
		if to < iv.To {
			out = append(out, TOUInterval{to, iv.To, Peak})
		}
	}
	return out
}

// LineCodes are the line codes a table may name in a power-factor base or a
// TOU floating list.
var LineCodes = []string{"energy", "traded_energy", "tnd_energy", "outside_energy", "basic", "purchase_energy", "loss", "system_operation", "funds", "deviation", "surcharge", "power_factor"}

func parseTOURatios(m *Map, h Header) *TOURatios {
	t := &TOURatios{Header: h, Ratios: map[Period]decimal.Decimal{}}
	t.Periods = m.Str("periods", true)
	if r := m.Sub("ratios", true); r != nil {
		for _, p := range periodNames {
			if v, ok := r.Decimal(p, p != string(Critical), Positive); ok {
				t.Ratios[Period(p)] = v
			}
		}
		r.Done()
	}
	for i, n := range m.List("floating", true) {
		ok := false
		for _, c := range []string{"energy", "traded_energy", "outside_energy", "purchase_energy"} {
			ok = ok || n.Value == c
		}
		if !ok {
			m.d.Failf(n, fmt.Sprintf("%s[%d]", m.field("floating"), i), n.Value, "energy, traded_energy, outside_energy, purchase_energy", "this line kind never floats")
			break
		}
		t.Floating = append(t.Floating, n.Value)
	}
	return t
}
