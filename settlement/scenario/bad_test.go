package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the expected messages")

const badDir = "../../testdata/scenario/bad"

// located returns where err is: a scenario's *settlement.Error, or a
// *tariff.Error of a table file the scenario names.
func located(err error) (tariff.Error, bool) {
	var se *settlement.Error
	if errors.As(err, &se) {
		return tariff.Error{File: se.File, Line: se.Line, Column: se.Column, Field: se.Field, Value: se.Value, Reason: se.Reason, Allowed: se.Allowed}, true
	}
	var fe *tariff.Error
	if errors.As(err, &fe) {
		return *fe, true
	}
	return tariff.Error{}, false
}

// loadBad loads the scenario name of testdata/scenario/bad (files it names
// are read from that folder) and compares it with the defaults; it returns
// the first error.
func loadBad(fsys func(string) (*Scenario, error), set *tariff.Set, name string) error {
	sc, err := fsys(name)
	if err != nil {
		return err
	}
	_, err = Compare(set, sc)
	return err
}

// Every file under testdata/scenario/bad is rejected, at load or when
// compared with the defaults, with exactly the message in
// testdata/scenario/bad/messages.txt; every message is a located error with
// a line (but for an empty document). Files the scenarios name are in
// testdata/scenario/bad/tables.
func TestBadScenarioCatalogue(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(names), 40)
	sort.Strings(names)
	set := defaults(t)
	fsys := os.DirFS(badDir)
	var got []string
	for _, p := range names {
		base := filepath.Base(p)
		err := loadBad(func(n string) (*Scenario, error) { return LoadFS(fsys, n) }, set, base)
		require.Error(t, err, base)
		loc, ok := located(err)
		require.True(t, ok, "%s: %T %v", base, err, err)
		require.True(t, loc.File == base || strings.HasPrefix(loc.File, "tables/"), "%s: %v", base, err)
		if loc.Reason != "empty document" {
			require.GreaterOrEqual(t, loc.Line, 1, "%s: %v", base, err)
		}
		got = append(got, base+": "+err.Error())
	}
	want := filepath.Join(badDir, "messages.txt")
	if *update {
		require.NoError(t, os.WriteFile(want, []byte(strings.Join(got, "\n")+"\n"), 0o644))
	}
	b, err := os.ReadFile(want)
	require.NoError(t, err)
	require.Equal(t, string(b), strings.Join(got, "\n")+"\n")
}
