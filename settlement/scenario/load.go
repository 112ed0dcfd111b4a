package scenario

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// LoadFile reads a scenario file (a regular file of at most 16 MiB); the
// files it names (tables, interval data) are read relative to the file's
// folder and must be regular files inside it: absolute names, names leading
// out by ".." or by a symbolic link, devices and FIFOs are refused before
// anything is read from them.
func LoadFile(p string) (*Scenario, error) {
	f, err := strictyaml.OpenFile(p)
	if err != nil {
		return nil, readErr(p, err)
	}
	data, err := strictyaml.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, readErr(p, err)
	}
	root, err := os.OpenRoot(filepath.Dir(p))
	if err != nil {
		return nil, readErr(filepath.Dir(p), err)
	}
	defer root.Close()
	return loadScenario(data, p, func(name string, limit int64) (io.ReadCloser, string, error) {
		f, err := strictyaml.OpenIn(root, name)
		if err != nil {
			return nil, "", err
		}
		return capped(f, limit, filepath.Join(filepath.Dir(p), filepath.FromSlash(name)))
	})
}

// LoadFS reads the scenario at p in fsys (at most 16 MiB); the files it
// names are read from fsys relative to p's folder and must be regular files
// inside it.
func LoadFS(fsys fs.FS, p string) (*Scenario, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, readErr(p, err)
	}
	data, err := readRegular(f)
	f.Close()
	if err != nil {
		return nil, readErr(p, err)
	}
	return loadScenario(data, p, func(name string, limit int64) (io.ReadCloser, string, error) {
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return nil, "", strictyaml.ErrOutside
		}
		q := path.Join(path.Dir(p), name)
		f, err := fsys.Open(q)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, "", err
		}
		return capped(f, limit, q)
	})
}

// Load reads a scenario from r (at most 16 MiB); it may name no files.
func Load(r io.Reader, name string) (*Scenario, error) {
	data, err := strictyaml.ReadAll(r)
	if err != nil {
		return nil, readErr(name, err)
	}
	return loadScenario(data, name, nil)
}

// MaxIntervalFile is the most an interval-data file named in a scenario may
// hold: 1 GiB (a year of one-minute readings of one feeder is about 25 MB).
const MaxIntervalFile = 1 << 30

// readRegular reads a file of an fs.FS that must be a regular file of at most
// 16 MiB.
func readRegular(f fs.File) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, strictyaml.ErrNotRegular
	}
	return strictyaml.ReadAll(f)
}

// readErr is the error of a scenario file (or its folder) name that could
// not be opened or read: a *settlement.Error of the file whose Err is err
// (errors.Is(err, fs.ErrNotExist) holds for a missing file).
func readErr(name string, err error) error {
	e := &settlement.Error{File: name, Err: err}
	var pe *fs.PathError
	switch {
	case errors.Is(err, strictyaml.ErrTooLarge):
		e.Reason, e.Allowed = "file larger than 16 MiB", "a scenario file of at most 16 MiB"
	case errors.Is(err, strictyaml.ErrNotRegular):
		e.Reason = "not a regular file"
	case errors.As(err, &pe):
		e.File, e.Reason = pe.Path, pe.Err.Error()
	default:
		e.Reason = err.Error()
	}
	return e
}

// capped checks that f is a regular file of at most limit bytes and returns it
// read through a guard that fails past limit (should it grow meanwhile).
func capped(f fs.File, limit int64, name string) (io.ReadCloser, string, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, "", strictyaml.ErrNotRegular
	}
	if fi.Size() > limit {
		f.Close()
		return nil, "", &tooLarge{limit}
	}
	return &limitedFile{f: f, left: limit, limit: limit}, name, nil
}

// tooLarge is a file named in a scenario above its size cap.
type tooLarge struct{ limit int64 }

func (e *tooLarge) Error() string { return "file larger than " + sizeText(e.limit) }

func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitedFile reads f and fails once more than limit bytes were read.
type limitedFile struct {
	f           fs.File
	left, limit int64
}

func (l *limitedFile) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &tooLarge{l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.f.Read(p)
	if int64(n) > l.left {
		n, l.left = int(l.left), -1
		return n, &tooLarge{l.limit}
	}
	l.left -= int64(n)
	return n, err
}

func (l *limitedFile) Close() error { return l.f.Close() }

// opener opens a file named in the scenario, capped at limit bytes; it
// returns the file, the name errors carry, and an error whose text names no
// path.
type opener func(name string, limit int64) (io.ReadCloser, string, error)

// openFailure is the reason and allowed values of a named file that could not
// be opened.
func openFailure(what string, err error) (reason, allowed string) {
	var tl *tooLarge
	switch {
	case errors.Is(err, strictyaml.ErrOutside):
		return "outside the scenario's folder", "a file inside the scenario's folder, named relative to it"
	case errors.Is(err, strictyaml.ErrNotRegular):
		return "not a regular file", "a regular file"
	case errors.As(err, &tl):
		return tl.Error(), ""
	case errors.Is(err, fs.ErrNotExist):
		return "no such " + what, ""
	}
	return "cannot open " + what + ": " + err.Error(), ""
}

func loadScenario(data []byte, name string, open opener) (*Scenario, error) {
	d := &strictyaml.Doc{File: name}
	m := d.Parse(data)
	if d.Err() != nil {
		return nil, docErr(d)
	}
	sc := &Scenario{File: name, pos: map[string]*yaml.Node{}}
	sc.Name = m.Str("name", true)
	sc.Title = m.Str("title", false)
	sc.TitleZH = m.Str("title_zh", false)
	sc.Notes = m.Str("notes", false)
	sc.NotesZH = m.Str("notes_zh", false)
	sc.Structure = tariff.Structure(m.Enum("structure", false, string(tariff.Structure2016), string(tariff.Structure2023)))
	if sc.Structure == "" {
		sc.Structure = tariff.Structure2016
	}
	sc.ExamplePrices = m.Has("example_prices") && m.Bool("example_prices", true)
	m.Get("example_prices", false)
	sc.TOU = m.Str("tou", false)
	sc.pos["tou"] = m.Get("tou", false)
	var tableNodes []*yaml.Node
	for i, n := range m.List("tables", false) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			d.Failf(n, fmt.Sprintf("tables[%d]", i), "", "", "expected a file name")
			break
		}
		tableNodes = append(tableNodes, n)
	}
	feeders := readPlant(m.Sub("plant", true), sc)
	sc.feeders = feeders
	all := readIntervalSpec(m, "interval")
	readMonths(m, sc, feeders, all)
	if hm := m.Get("highlight_month", false); hm != nil {
		sc.Highlight = readMonth(m, "highlight_month", false)
		sc.pos["highlight_month"] = hm
	}
	readArrangements(m.Sub("arrangements", true), sc)
	m.Done()
	if d.Err() != nil {
		return nil, docErr(d)
	}
	if sc.Highlight.IsZero() {
		sc.Highlight = sc.Months[0].Usage.Month
	} else if sc.monthIndex(sc.Highlight) < 0 {
		d.Failf(sc.pos["highlight_month"], "highlight_month", sc.Highlight.String(), sc.Months[0].Usage.Month.String()+" … "+sc.Months[len(sc.Months)-1].Usage.Month.String(), "not a month of the scenario")
		return nil, docErr(d)
	}
	if err := sc.loadIntervals(open, d); err != nil {
		return nil, err
	}
	for i, n := range tableNodes {
		if open == nil {
			d.Failf(n, fmt.Sprintf("tables[%d]", i), n.Value, "", "this scenario was read without a folder; extra tables cannot be opened")
			return nil, docErr(d)
		}
		f, p, err := open(n.Value, strictyaml.MaxFileSize)
		if err != nil {
			reason, allowed := openFailure("table file", err)
			d.Failf(n, fmt.Sprintf("tables[%d]", i), n.Value, allowed, "%s", reason)
			return nil, docErr(d)
		}
		t, err := tariff.Load(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		sc.Tables = append(sc.Tables, t)
	}
	return sc, nil
}

func readPlant(p *strictyaml.Map, sc *Scenario) []string {
	if p == nil {
		return nil
	}
	d := p.Doc()
	c := &sc.Customer
	c.ID = p.Str("id", true)
	c.Name = p.Str("name", false)
	c.Region = p.Str("region", true)
	sc.pos["plant.region"] = p.Get("region", false)
	c.Class = p.Str("class", true)
	sc.pos["plant.class"] = p.Get("class", false)
	c.VoltageKV, _ = num(p, "voltage_kv", true, strictyaml.Positive)
	sc.pos["plant.voltage_kv"] = p.Get("voltage_kv", false)
	if std := tariff.StandardVoltages(); !d.Failed() && !slices.ContainsFunc(std, func(v string) bool { return c.VoltageKV.Equal(decimal.RequireFromString(v)) }) {
		p.Fail("voltage_kv", c.VoltageKV.String(), strings.Join(std, ", "), "not a standard supply voltage in kV (GB/T 156)")
	}
	c.PFStandard = readPFStandard(p)
	c.Differential = p.Has("differential") && p.Bool("differential", true)
	p.Get("differential", false)
	var feeders []string
	for i, n := range p.List("feeders", true) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			d.Failf(n, fmt.Sprintf("plant.feeders[%d]", i), "", "", "expected a feeder name")
			return nil
		}
		for _, f := range feeders {
			if f == n.Value {
				d.Failf(n, fmt.Sprintf("plant.feeders[%d]", i), n.Value, "", "feeder listed twice")
			}
		}
		feeders = append(feeders, n.Value)
	}
	ids := map[string]bool{}
	for i, n := range p.List("units", true) {
		um := p.Item("units", i, n)
		if um == nil {
			return nil
		}
		var u settlement.Unit
		u.ID = um.Str("id", true)
		if ids[u.ID] {
			um.Fail("id", u.ID, "", "unit id used twice")
		}
		ids[u.ID] = true
		u.Motor = um.Enum("kind", true, "transformer", "motor") == "motor"
		u.KVA, _ = num(um, "kva", true, strictyaml.Positive)
		u.Commissioned = readDate(um, "commissioned", false)
		for j, sn := range um.List("suspensions", false) {
			sm := um.Item("suspensions", j, sn)
			if sm == nil {
				return nil
			}
			seal, unseal := readDate(sm, "seal", true), readDate(sm, "unseal", false)
			if d.Err() == nil && !unseal.IsZero() && !seal.Before(unseal) {
				sm.Fail("unseal", unseal.String(), "a date after "+seal.String(), "unseal must be after seal")
			}
			if j > 0 && d.Err() == nil {
				prev := u.Suspensions[j-1]
				if prev[1].IsZero() || seal.Before(prev[1]) {
					sm.Fail("seal", seal.String(), "after "+unsealText(prev[1]), "suspensions out of order or overlapping")
				}
			}
			sm.Done()
			u.Suspensions = append(u.Suspensions, [2]tariff.Date{seal, unseal})
		}
		um.Done()
		c.Units = append(c.Units, u)
	}
	sc.aluminium = readAluminium(p)
	sc.pos["plant.aluminium"] = p.Get("aluminium", false)
	p.Done()
	return feeders
}

// readUsage reads kWh (flat or by period), kvarh and demand per feeder from m.
func readUsage(m *strictyaml.Map, month tariff.Month, feeders []string) settlement.Usage {
	u := settlement.Usage{Month: month}
	d := m.Doc()
	if bp := m.Sub("kwh_by_period", false); bp != nil {
		sum := decimal.Zero
		for _, p := range []tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical} {
			if v, ok := num(bp, string(p), false, strictyaml.NonNegative); ok {
				if u.ByPeriod == nil {
					u.ByPeriod = map[tariff.Period]decimal.Decimal{}
				}
				u.ByPeriod[p] = v
				sum = sum.Add(v)
			}
		}
		bp.Done()
		if d.Err() == nil && len(u.ByPeriod) == 0 {
			m.Fail("kwh_by_period", "", "peak, flat, valley, critical", "no period given")
		}
		if v, ok := num(m, "kwh", false, strictyaml.NonNegative); ok && !v.Equal(sum) {
			m.Fail("kwh", v.String(), "", "kwh %s differs from the sum of kwh_by_period %s", v, sum)
		}
		u.KWh = sum
	} else {
		m.Get("kwh_by_period", false)
		u.KWh, _ = num(m, "kwh", true, strictyaml.NonNegative)
	}
	u.KVarh, _ = num(m, "kvarh", true, strictyaml.NonNegative)
	if dm := m.Sub("demand", true); dm != nil {
		for _, k := range dm.Keys() {
			if !slices.Contains(feeders, k) {
				dm.Fail(k, "", strings.Join(feeders, ", "), "unknown feeder: not in plant.feeders")
				break
			}
		}
		u.Demand = make(map[string]decimal.Decimal, len(feeders))
		for _, f := range feeders {
			u.Demand[f], _ = num(dm, f, true, strictyaml.NonNegative)
		}
		dm.Done()
	}
	return u
}

func readMonths(m *strictyaml.Map, sc *Scenario, feeders []string, all *intervalSpec) {
	d := m.Doc()
	for i, n := range m.List("months", true) {
		mm := m.Item("months", i, n)
		if mm == nil {
			return
		}
		mo := readMonth(mm, "month", true)
		if d.Err() != nil {
			return
		}
		sc.pos[mo.String()] = n
		if i > 0 {
			prev := sc.Months[i-1].Usage.Month
			switch {
			case mo.Compare(prev) <= 0:
				mm.Fail("month", mo.String(), "after "+prev.String(), "months out of order or duplicated")
				return
			case mo != prev.Next():
				mm.Fail("month", mo.String(), prev.Next().String(), "months leave a gap after %s", prev)
				return
			}
		}
		var sm Month
		readInterval(mm, sc, &sm, feeders)
		if sm.interval == nil {
			sm.interval = all
		}
		if sm.interval != nil && !mm.Has("kwh") && !mm.Has("kwh_by_period") {
			// Usage from interval files: kvarh and demand come from them too.
			sm.fromIntervals = true
			sm.Usage = settlement.Usage{Month: mo}
			for _, k := range []string{"kvarh", "demand"} {
				if mm.Has(k) {
					mm.Fail(k, "", "", "the month takes its usage from interval data; remove %s", k)
				}
			}
		} else {
			sm.Usage = readUsage(mm, mo, feeders)
		}
		sm.ContractKWh = nullDec(mm, "contract_kwh", strictyaml.NonNegative)
		sm.AgencyPrice = nullDec(mm, "agency_price", strictyaml.NonNegative)
		sm.SystemOperation = nullDec(mm, "system_operation", strictyaml.NonNegative)
		readMonthExtras(mm, &sm)
		sm.Usage = sc.withAluminium(sm.Usage)
		if cm := mm.Sub("captive", false); cm != nil {
			c := &settlement.Captive{}
			c.SelfKWh, _ = num(cm, "self_kwh", true, strictyaml.NonNegative)
			c.GenerationCost, _ = num(cm, "generation_cost", true, strictyaml.NonNegative)
			c.FundRate, _ = num(cm, "fund_rate", true, strictyaml.NonNegative)
			c.CrossSubsidy, _ = num(cm, "cross_subsidy", true, strictyaml.NonNegative)
			readBackupFee(cm, c)
			sm.CaptiveContractKWh = nullDec(cm, "contract_kwh", strictyaml.NonNegative)
			if g := cm.Sub("grid", true); g != nil {
				sm.CaptiveGrid = sc.withAluminium(readUsage(g, mo, feeders))
				g.Done()
			}
			cm.Done()
			if d.Err() == nil && !sm.fromIntervals && !sm.CaptiveGrid.KWh.Add(c.SelfKWh).Equal(sm.Usage.KWh) {
				cm.Fail("self_kwh", c.SelfKWh.String(), "", "grid kWh %s + self-supplied kWh %s must equal the month's kwh %s", sm.CaptiveGrid.KWh, c.SelfKWh, sm.Usage.KWh)
			}
			sm.Captive = c
		} else {
			mm.Get("captive", false)
		}
		mm.Done()
		sc.Months = append(sc.Months, sm)
	}
}

// num reads a decimal at key k of m as Map.Decimal does and also rejects
// what a bill's checks reject, a value above 10¹² or with more than 24
// decimal places (README §3.1), so a scenario file and the Go API accept the
// same values.
func num(m *strictyaml.Map, k string, required bool, sign strictyaml.Sign) (decimal.Decimal, bool) {
	v, ok := m.Decimal(k, required, sign)
	if !ok {
		return v, false
	}
	if r, a := exact.Check(v); r != "" {
		m.Fail(k, m.Scalar(k, false).Value, a, "%s", r)
		return decimal.Zero, false
	}
	return v, true
}

func nullDec(m *strictyaml.Map, k string, sign strictyaml.Sign) decimal.NullDecimal {
	v, ok := num(m, k, false, sign)
	return decimal.NullDecimal{Decimal: v, Valid: ok}
}

// readPlan reads arrangement key's rule set and plan: stated is nil for the
// cheapest plan, else one choice per month.
func readPlan(m *strictyaml.Map, key string, sc *Scenario) (rules string, stated []settlement.PlanPeriod) {
	a := m.Sub(key, true)
	if a == nil {
		return "", nil
	}
	rules = a.Str("rules", false)
	sc.pos[key+".rules"] = a.Get("rules", false)
	pn := a.Get("plan", true)
	sc.pos[key+".plan"] = pn
	switch {
	case pn == nil:
	case pn.Kind == yaml.ScalarNode:
		if pn.Value != "cheapest" {
			a.Fail("plan", pn.Value, "cheapest, {method, contract_kw}, or a list of {from, method, contract_kw}", "unknown plan")
		}
	case pn.Kind == yaml.MappingNode:
		ch := readChoice(a.Doc().Map(pn, a.Field("plan")))
		for _, sm := range sc.Months {
			ch.From, ch.To = sm.Usage.Month, sm.Usage.Month
			stated = append(stated, ch)
		}
	case pn.Kind == yaml.SequenceNode:
		type step struct {
			from tariff.Month
			ch   settlement.PlanPeriod
		}
		var steps []step
		for i, n := range pn.Content {
			sm := a.Doc().Map(n, fmt.Sprintf("%s[%d]", a.Field("plan"), i))
			if sm == nil {
				return rules, stated
			}
			from := readMonth(sm, "from", true)
			ch := readChoice(sm)
			if a.Doc().Err() != nil {
				return rules, stated
			}
			if i == 0 && len(sc.Months) > 0 && from != sc.Months[0].Usage.Month {
				sm.Fail("from", from.String(), sc.Months[0].Usage.Month.String(), "the first step must start in the scenario's first month")
			}
			if i > 0 && from.Compare(steps[i-1].from) <= 0 {
				sm.Fail("from", from.String(), "after "+steps[i-1].from.String(), "steps out of order")
			}
			steps = append(steps, step{from, ch})
		}
		for _, sm := range sc.Months {
			var ch settlement.PlanPeriod
			for _, s := range steps {
				if s.from.Compare(sm.Usage.Month) <= 0 {
					ch = s.ch
				}
			}
			ch.From, ch.To = sm.Usage.Month, sm.Usage.Month
			stated = append(stated, ch)
		}
	default:
		a.Fail("plan", "", "cheapest, {method, contract_kw}, or a list of {from, method, contract_kw}", "unknown plan")
	}
	a.Done()
	return rules, stated
}

// readChoice reads a method and contract into a plan period (its months
// are set by the caller).
func readChoice(m *strictyaml.Map) settlement.PlanPeriod {
	var ch settlement.PlanPeriod
	if m == nil {
		return ch
	}
	ch.Method = tariff.Method(m.Enum("method", true, string(tariff.MethodCapacity), string(tariff.MethodContractDemand), string(tariff.MethodActualDemand)))
	if ch.Method == tariff.MethodContractDemand {
		ch.ContractKW, _ = num(m, "contract_kw", true, strictyaml.Positive)
		if m.Doc().Err() == nil && !ch.ContractKW.Equal(ch.ContractKW.Truncate(0)) {
			m.Fail("contract_kw", ch.ContractKW.String(), "whole kW", "contract demand is declared in whole kW")
		}
	} else if m.Has("contract_kw") {
		m.Fail("contract_kw", "", "contract_kw only with method contract_demand", "a contract needs the contract_demand method")
	}
	m.Done()
	return ch
}

func readArrangements(m *strictyaml.Map, sc *Scenario) {
	if m == nil {
		return
	}
	sc.RulesA, sc.StatedA = readPlan(m, "a", sc)
	sc.RulesB, sc.StatedB = readPlan(m, "b", sc)
	c := m.Sub("c2", true)
	if c == nil {
		return
	}
	d := c.Doc()
	if sc.Structure == tariff.Structure2023 {
		sc.MarketPrice = nullDec(c, "market_price", strictyaml.NonNegative)
		if !sc.MarketPrice.Valid && d.Err() == nil {
			c.Fail("market_price", "", "a price in 元/kWh", "required field is missing")
		}
		sc.TND = c.Str("tnd", false)
		sc.pos["c2.tnd"] = c.Get("tnd", false)
		for i, sm := range sc.Months {
			if d.Err() != nil {
				break
			}
			for _, f := range []struct {
				name string
				v    decimal.NullDecimal
			}{{"agency_price", sm.AgencyPrice}, {"system_operation", sm.SystemOperation}} {
				if !f.v.Valid {
					d.Failf(sc.pos[sm.Usage.Month.String()], fmt.Sprintf("months[%d].%s", i, f.name), "", "a rate in 元/kWh", "required for every month of a 2023-structure scenario")
					break
				}
			}
		}
	} else {
		sc.TradedPrice = nullDec(c, "price", strictyaml.NonNegative)
		if !sc.TradedPrice.Valid && d.Err() == nil {
			c.Fail("price", "", "a traded price in 元/kWh", "required field is missing")
		}
		sc.TND = c.Str("tnd", false)
		sc.pos["c2.tnd"] = c.Get("tnd", false)
		sc.Deviation = c.Str("deviation", true)
		sc.pos["c2.deviation"] = c.Get("deviation", false)
		sc.ContractShare = nullDec(c, "contract_share", strictyaml.NonNegative)
		if sc.ContractShare.Valid && sc.ContractShare.Decimal.GreaterThan(decimal.NewFromInt(1)) {
			c.Fail("contract_share", sc.ContractShare.Decimal.String(), "0 to 1", "share of consumption outside [0, 1]")
		}
		for i, sm := range sc.Months {
			if d.Err() == nil && !sm.ContractKWh.Valid && !sc.ContractShare.Valid {
				d.Failf(sc.pos[sm.Usage.Month.String()], fmt.Sprintf("months[%d].contract_kwh", i), "", "contract_kwh in the month, or arrangements.c2.contract_share", "the month has no contracted kWh")
			}
			if d.Err() == nil && sm.Captive != nil && !sm.CaptiveContractKWh.Valid && !sc.ContractShare.Valid {
				d.Failf(sc.pos[sm.Usage.Month.String()], fmt.Sprintf("months[%d].captive.contract_kwh", i), "", "", "the captive month has no grid contract")
			}
		}
	}
	c.Done()
	m.Done()
}

// docErr returns the reader's first error as a *settlement.Error located in
// the scenario file.
func docErr(d *strictyaml.Doc) error {
	e := d.Err()
	if e == nil {
		return nil
	}
	return &settlement.Error{File: e.File, Line: e.Line, Column: e.Column, Field: e.Field, Value: e.Value, Reason: e.Reason, Allowed: e.Allowed}
}

// readDate reads the civil date YYYY-MM-DD at key k of m.
func readDate(m *strictyaml.Map, k string, required bool) tariff.Date {
	n := m.Scalar(k, required)
	if n == nil {
		return tariff.Date{}
	}
	d, err := tariff.ParseDate(n.Value)
	if err != nil {
		m.Doc().Failf(n, m.Field(k), n.Value, "a date YYYY-MM-DD", "not a valid date")
	}
	return d
}

// readMonth reads the month YYYY-MM at key k of m.
func readMonth(m *strictyaml.Map, k string, required bool) tariff.Month {
	n := m.Scalar(k, required)
	if n == nil {
		return tariff.Month{}
	}
	mo, err := tariff.ParseMonth(n.Value)
	if err != nil {
		m.Doc().Failf(n, m.Field(k), n.Value, "a month YYYY-MM", "not a valid month")
	}
	return mo
}

// errAt locates err, an error of the scenario's computation, at the scenario
// field key (a month "YYYY-MM" or a field like "a.rules"), named field in the
// message; a month's error carries the month. The result is one
// *settlement.Error: err's own parts (month, value, rule, reason, allowed,
// and the *tariff.Error behind it) with the scenario's file, position and
// field; but an error that names a field or a file of its own (a Go API
// field, an interval file's month) is kept whole as Err, its message
// following the field.
//
// A month's error that there is no tier for the plant's voltage is located at
// plant.voltage_kv instead, with the tiers allowed.
func (sc *Scenario) errAt(key, field string, err error) error {
	if nt := (*tariff.Error)(nil); errors.As(err, &nt) && nt.ID != "" && nt.Value != "" {
		reason := "no tier of " + nt.ID + " maps it"
		if _, err := tariff.ParseMonth(key); err == nil {
			reason += " in " + key
		}
		return sc.located("plant.voltage_kv", &settlement.Error{Field: "plant.voltage_kv", Value: nt.Value, Reason: reason, Allowed: nt.Allowed})
	}
	var e settlement.Error
	if se, ok := err.(*settlement.Error); ok && (se.File != "" || se.Line != 0 || se.Field != "") {
		e.Err = err // kept whole: its month, file and field follow ours in the message
	} else {
		if ok {
			e = *se // flattened: nothing of it is lost
		} else {
			e.Err = err
		}
		if _, perr := tariff.ParseMonth(key); perr == nil && e.Month == "" {
			e.Month = key
		}
	}
	e.Field = field
	return sc.located(key, &e)
}

// failAt is the error reason at the scenario field key, named field in the
// message, as errAt locates it.
func (sc *Scenario) failAt(key, field, reason string) error {
	e := &settlement.Error{Field: field, Reason: reason}
	if _, err := tariff.ParseMonth(key); err == nil {
		e.Month = key
	}
	return sc.located(key, e)
}

// located returns e in the scenario file, at the position of key when known.
func (sc *Scenario) located(key string, e *settlement.Error) *settlement.Error {
	e.File = sc.File
	if n := sc.pos[key]; n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

// checkPlant checks the plant's region and class against the tables of set:
// some table must be of the region, and some catalog of it must have the
// class. The errors are located at plant.region and plant.class and list the
// values the tables allow.
func (sc *Scenario) checkPlant(set *tariff.Set) error {
	c := sc.Customer
	if len(sc.Months) > 0 {
		// The common case without listing every table: a catalog of the
		// plant's region in force in the first month prices its class, so
		// the region has a table and the class is one of the region's.
		cp, err := set.Catalog(c.Region, c.Class, c.VoltageKV, sc.Months[0].Usage.Month.First())
		if err == nil && cp.Table.Region == c.Region && c.Region != "cn" {
			return nil
		}
	}
	regions := map[string]bool{}
	for _, h := range set.Headers() {
		if h.Region != "cn" {
			regions[h.Region] = true
		}
	}
	fail := func(key, value, allowed, reason string) error {
		return sc.located(key, &settlement.Error{Field: key, Value: value, Reason: reason, Allowed: allowed})
	}
	if !regions[c.Region] && c.Region != "cn" {
		return fail("plant.region", c.Region, strings.Join(slices.Sorted(maps.Keys(regions)), ", "), "no table of this region")
	}
	if classes := set.Classes(c.Region); !slices.Contains(classes, c.Class) {
		return fail("plant.class", c.Class, strings.Join(classes, ", "), "unknown customer class (no catalog of the region has it)")
	}
	return nil
}

// unsealText is an unseal date for messages: "open" when there is none.
func unsealText(d tariff.Date) string {
	if d.IsZero() {
		return "open"
	}
	return d.String()
}
