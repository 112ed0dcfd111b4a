package scenario

import (
	"bytes"
	"github.com/dianfei/dianfei/settlement"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// fuzzFS is the embedded scenarios' folder (their tables and interval data)
// plus the bad catalogue's tables/, where a fuzzed scenario "f.yaml" lives.
func fuzzFS(f *testing.F) fstest.MapFS {
	m := fstest.MapFS{}
	err := fs.WalkDir(scenarios.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(scenarios.FS(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	tables, err := filepath.Glob(filepath.Join(badDir, "tables", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range tables {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		m["tables/"+filepath.Base(p)] = &fstest.MapFile{Data: b}
	}
	return m
}

// FuzzLoadScenario loads arbitrary bytes as a scenario and compares what
// loads. Every error is a located error (a *Error, or a *tariff.Error of
// a table file the scenario names), with a line in the file when
// it comes from the scenario (but for an empty document), and quotes no more
// than 64 bytes of the input; a scenario that loads has consecutive months, a
// PF standard the tables know, a standard voltage, demand for exactly its
// feeders; a comparison that succeeds adds up (L1 + L2 + L3 = A − C every
// month). Seeded with the embedded scenarios and the bad catalogue.
func FuzzLoadScenario(f *testing.F) {
	base := fuzzFS(f)
	err := fs.WalkDir(scenarios.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".yaml") && !strings.HasPrefix(p, "table-") {
			f.Add(base[p].Data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	bad, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range bad {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	set, err := tariff.Default()
	if err != nil {
		f.Fatal(err)
	}
	std := map[string]bool{}
	for _, v := range tariff.StandardVoltages() {
		std[decimal.RequireFromString(v).String()] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"f.yaml": &fstest.MapFile{Data: data}}
		for k, v := range base {
			fsys[k] = v
		}
		sc, err := LoadFS(fsys, "f.yaml")
		if err != nil {
			checkLocated(t, err, data)
			return
		}
		checkLoaded(t, sc, std)
		if len(sc.Months) > 24 {
			return // a comparison of many months is slow; loading is what is fuzzed
		}
		c, err := Compare(set, sc)
		if err != nil {
			checkLocated(t, err, data)
			return
		}
		for _, mr := range c.Months {
			if !mr.L1.Add(mr.L2).Add(mr.L3).Equal(mr.A.Total.Sub(mr.C.Total)) {
				t.Fatalf("%s: L1 + L2 + L3 = %s, A − C = %s", mr.Usage.Month, mr.L1.Add(mr.L2).Add(mr.L3), mr.A.Total.Sub(mr.C.Total))
			}
		}
	})
}

func checkLocated(t *testing.T, err error, data []byte) {
	t.Helper()
	fe, ok := located(err)
	if !ok {
		t.Fatalf("not a located error: %T %v", err, err)
	}
	if fe.File == "" {
		t.Fatalf("no file: %v", err)
	}
	if fe.File == "f.yaml" && fe.Reason != "empty document" {
		lines := strictyaml.Lines(data)
		if fe.Line < 1 || fe.Line > lines {
			t.Fatalf("line %d outside the file's %d lines: %v", fe.Line, lines, err)
		}
	}
	// 64 bytes and the quotes around them.
	msg := err.Error()
	for i := 0; i+67 <= len(msg); i++ {
		if bytes.Contains(data, []byte(msg[i:i+67])) {
			t.Fatalf("the error quotes more than 64 bytes of the input: %q", msg)
		}
	}
}

func checkLoaded(t *testing.T, sc *Scenario, std map[string]bool) {
	t.Helper()
	if len(sc.Months) == 0 {
		t.Fatal("no months")
	}
	for i := 1; i < len(sc.Months); i++ {
		if sc.Months[i].Usage.Month != sc.Months[i-1].Usage.Month.Next() {
			t.Fatalf("months[%d] %s does not follow %s", i, sc.Months[i].Usage.Month, sc.Months[i-1].Usage.Month)
		}
	}
	switch sc.Customer.PFStandard {
	case settlement.PFStandard090, settlement.PFStandard085, settlement.PFStandard080, settlement.PFExempt:
	default:
		t.Fatalf("PF standard %s", sc.Customer.PFStandard)
	}
	if !std[sc.Customer.VoltageKV.String()] {
		t.Fatalf("voltage %s kV is not a standard one", sc.Customer.VoltageKV)
	}
	for i, m := range sc.Months {
		if m.fromIntervals {
			continue
		}
		if len(m.Usage.Demand) != len(sc.feeders) {
			t.Fatalf("months[%d]: demand for %d feeders, the plant has %d", i, len(m.Usage.Demand), len(sc.feeders))
		}
		if m.Usage.KWh.IsNegative() || m.Usage.KVarh.IsNegative() {
			t.Fatalf("months[%d]: negative usage", i)
		}
	}
}
