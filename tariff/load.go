package tariff

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"

	"github.com/dianfei/dianfei/internal/strictyaml"
)

// Load reads one table from r, at most 16 MiB, and returns it as a Set of
// its own; name is the file name errors carry. The tables it names (a price
// spread's catalog, a ratios table's periods, a table it supersedes) are
// checked when With joins the Set to one that holds them.
//
// Load returns a *Error if:
//   - the YAML is invalid, holds a second document, or has an unknown field;
//   - a required value is missing or null;
//   - a number is not a plain decimal (exponents, NaN, infinities, hex are
//     rejected) or a price is negative;
//   - the effective range has to ≤ from;
//   - tiers overlap or leave a standard voltage unmapped;
//   - a kind's own checks fail (power-factor tables not monotone, TOU
//     periods that overlap or leave a gap, …).
func Load(r io.Reader, name string) (*Set, error) {
	t, err := load(r, name)
	if err != nil {
		return nil, err
	}
	return newSet([]table{t}, true)
}

// load reads one table from r.
func load(r io.Reader, name string) (table, error) {
	data, err := strictyaml.ReadAll(r)
	if errors.Is(err, strictyaml.ErrTooLarge) {
		return nil, &Error{File: name, Reason: "file larger than 16 MiB", Allowed: "a table file of at most 16 MiB"}
	}
	if err != nil {
		return nil, fmt.Errorf("tariff: %s: %w", name, err)
	}
	d := &strictyaml.Doc{File: name}
	m := d.Parse(data)
	if d.Failed() {
		return nil, fieldError(d.Err())
	}
	t := parseTable(m)
	if d.Failed() {
		return nil, fieldError(d.Err())
	}
	return t, nil
}

// LoadFile reads one table from the file at p, which must be a regular file
// (a device or FIFO is refused before reading) of at most 16 MiB, as Load
// does.
func LoadFile(p string) (*Set, error) {
	f, err := strictyaml.OpenFile(p)
	if err != nil {
		return nil, fmt.Errorf("tariff: %w", err)
	}
	defer f.Close()
	return Load(f, p)
}

// LoadFS reads every *.yaml (and *.yml) file of fsys, one table a file, and
// returns the tables as one Set, checked together as Load's Sets are; the
// errors are those of Load and With.
func LoadFS(fsys fs.FS) (*Set, error) {
	ts, err := loadFS(fsys)
	if err != nil {
		return nil, err
	}
	return newSet(ts, true)
}

// loadFS reads every *.yaml file of fsys (sorted by name) as a table.
func loadFS(fsys fs.FS) ([]table, error) {
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
	slices.Sort(names)
	var out []table
	for _, n := range names {
		f, err := fsys.Open(n)
		if err != nil {
			return nil, fmt.Errorf("tariff: %w", err)
		}
		t, err := load(f, n)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// parseTable reads the header, then the rest of the table as its kind says.
func parseTable(m *strictyaml.Map) table {
	h := parseHeader(m)
	if m.Failed() {
		return nil
	}
	var t table
	switch h.Kind {
	case KindCatalog:
		t = parseCatalog(m, h)
	case KindCoalBenchmark:
		t = parseCoalBenchmark(m, h)
	case KindTND:
		t = parseTND(m, h)
	case KindBasicRules:
		t = &Rules{kind: h.Kind, basicRules: *parseBasicRules(m, h)}
	case KindPowerFactor:
		t = &Rules{kind: h.Kind, powerFactor: *parsePowerFactor(m, h)}
	case KindDeviationRules:
		t = &Rules{kind: h.Kind, deviationRules: *parseDeviation(m, h)}
	case KindAluminiumStep:
		t = &Rules{kind: h.Kind, aluminiumStep: *parseAluminium(m, h)}
	case KindTOUPeriods:
		t = parseTOUPeriods(m, h)
	case KindTOURatios:
		t = parseTOURatios(m, h)
	}
	m.Done()
	return t
}
