package tariff_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the expected messages")

// Every file under testdata/tariff/bad is rejected, alone or together with the
// defaults, with exactly the message in testdata/tariff/bad/messages.txt.
func TestBadTables(t *testing.T) {
	dir := filepath.Join("..", "testdata", "tariff", "bad")
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(names), 25)
	sort.Strings(names)
	def, err := tariff.Default()
	require.NoError(t, err)
	var got []string
	for _, p := range names {
		base := filepath.Base(p)
		f, err := os.Open(p)
		require.NoError(t, err)
		tb, err := tariff.Load(f, base)
		f.Close()
		if err == nil {
			_, err = def.With(tb)
		}
		require.Error(t, err, base)
		got = append(got, base+": "+err.Error())
	}
	want := filepath.Join(dir, "messages.txt")
	if *update {
		require.NoError(t, os.WriteFile(want, []byte(strings.Join(got, "\n")+"\n"), 0o644))
	}
	b, err := os.ReadFile(want)
	require.NoError(t, err)
	require.Equal(t, string(b), strings.Join(got, "\n")+"\n")
}
