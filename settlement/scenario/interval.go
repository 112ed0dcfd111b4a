package scenario

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/settlement/profile"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// intervalSpec is a month's (or the scenario's) interval files.
type intervalSpec struct {
	files      map[string]string // feeder (or "" for a file with a feeder column) → file
	acceptGaps bool
	node       *yaml.Node
	nodes      map[string]*yaml.Node // feeder → the file name's node, for errors
	fields     map[string]string     // feeder → the file name's field
}

func readIntervalSpec(m *strictyaml.Map, key string) *intervalSpec {
	im := m.Sub(key, false)
	if im == nil {
		m.Get(key, false)
		return nil
	}
	spec := &intervalSpec{files: map[string]string{}, node: im.Node, nodes: map[string]*yaml.Node{}, fields: map[string]string{}}
	fm := im.Sub("files", true)
	if fm != nil {
		for i := 0; i+1 < len(fm.Node.Content); i += 2 {
			k := fm.Node.Content[i].Value
			spec.files[k] = fm.Str(k, true)
			spec.nodes[k], spec.fields[k] = fm.Node.Content[i+1], fm.Field(k)
		}
		fm.Done()
	}
	spec.acceptGaps = im.Has("accept_gaps") && im.Bool("accept_gaps", true)
	im.Get("accept_gaps", false)
	im.Done()
	return spec
}

// readInterval reads a month's own `interval` entry.
func readInterval(m *strictyaml.Map, sc *Scenario, sm *Month, feeders []string) {
	if spec := readIntervalSpec(m, "interval"); spec != nil {
		sm.interval = spec
	}
}

type loadedProfile struct {
	name    string
	profile *profile.Profile
}

// loadIntervals reads every interval file the scenario's months use, once each.
func (sc *Scenario) loadIntervals(open opener, d *strictyaml.Doc) error {
	cache := map[string]*profile.Profile{}
	for i := range sc.Months {
		sm := &sc.Months[i]
		if !sm.fromIntervals {
			continue
		}
		spec := sm.interval
		keys := make([]string, 0, len(spec.files))
		for k := range spec.files {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, feeder := range keys {
			name := spec.files[feeder]
			key := feeder + "\x00" + name
			p, ok := cache[key]
			if !ok {
				if open == nil {
					d.Failf(spec.nodes[feeder], spec.fields[feeder], name, "", "this scenario was read without a folder; interval files cannot be opened")
					return docErr(d)
				}
				f, path, err := open(name, MaxIntervalFile)
				if err != nil {
					reason, allowed := openFailure("interval file", err)
					d.Failf(spec.nodes[feeder], spec.fields[feeder], name, allowed, "%s", reason)
					return docErr(d)
				}
				opt := profile.Profile{Name: path}
				if feeder != "" {
					opt.Feeders = []string{feeder}
				}
				p, err = profile.Read(f.(io.Reader), opt)
				f.Close()
				if err != nil {
					return err
				}
				cache[key] = p
			}
			sm.profiles = append(sm.profiles, loadedProfile{name, p})
		}
	}
	return nil
}

// resolveMonths returns the scenario's months with the usage of interval
// months aggregated from their profiles (TOU periods from the scenario's
// ratios table in s). The scenario itself is not changed.
func (sc *Scenario) resolveMonths(s *tariff.Set) ([]Month, error) {
	out := append([]Month(nil), sc.Months...)
	for i := range out {
		sm := &out[i]
		if !sm.fromIntervals {
			continue
		}
		var periods *tariff.TOU
		if sc.TOU != "" {
			p, err := s.TOU(sc.TOU, sm.Usage.Month.First())
			if err != nil {
				return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
			}
			periods = p
		}
		usage := withExtras(settlement.Usage{Month: sm.Usage.Month, KWh: decimal.Zero, KVarh: decimal.Zero}, sm.Usage)
		var names, got []string // got: the feeders of every profile, a feeder twice if two profiles have it
		for _, lp := range sm.profiles {
			u, err := lp.profile.MonthUsage(sm.Usage.Month, periods, sm.interval.acceptGaps)
			if err != nil {
				return nil, sc.errAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d]", i), err)
			}
			for f := range u.Demand {
				got = append(got, f)
			}
			usage = mergeUsage(usage, u)
			names = append(names, lp.name)
		}
		sort.Strings(got)
		want := append([]string(nil), sc.feeders...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return nil, sc.failAt(sm.Usage.Month.String(), fmt.Sprintf("months[%d].interval", i),
				fmt.Sprintf("interval data cover feeders %s; the plant has %s", strings.Join(got, ", "), strings.Join(want, ", ")))
		}
		sm.Usage = usage
		sm.IntervalFiles = names
	}
	return out, nil
}

// mergeUsage adds b's kWh, kvarh and kWh by period to a's and gives a b's
// feeders and warnings; a's maps are new ones (b's are never written).
func mergeUsage(a, b settlement.Usage) settlement.Usage {
	a.KWh = a.KWh.Add(b.KWh)
	a.KVarh = a.KVarh.Add(b.KVarh)
	if len(b.ByPeriod) > 0 {
		bp := make(map[tariff.Period]decimal.Decimal, tariff.NumPeriods)
		for p, kwh := range a.ByPeriod {
			bp[p] = kwh
		}
		for p, kwh := range b.ByPeriod {
			if prev, ok := bp[p]; ok {
				kwh = prev.Add(kwh)
			}
			bp[p] = kwh
		}
		a.ByPeriod = bp
	}
	if len(b.Demand) > 0 {
		dm := make(map[string]decimal.Decimal, len(a.Demand)+len(b.Demand))
		for f, kw := range a.Demand {
			dm[f] = kw
		}
		for f, kw := range b.Demand {
			dm[f] = kw // a feeder in two profiles is refused by the caller
		}
		a.Demand = dm
	}
	a.Warnings = append(a.Warnings, b.Warnings...)
	return a
}
