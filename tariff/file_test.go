package tariff_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// LoadFile refuses devices and FIFOs before reading and caps files at 16 MiB;
// Load caps its reader too.
func TestLoadFileRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err := tariff.LoadFile(fifo)
	require.EqualError(t, err, "tariff: "+fifo+": not a regular file")
	_, err = tariff.LoadFile("/dev/zero")
	require.EqualError(t, err, "tariff: /dev/zero: not a regular file")
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(16<<20+1))
	f.Close()
	_, err = tariff.LoadFile(big)
	require.EqualError(t, err, "tariff: "+big+": file larger than 16 MiB (allowed: a table file of at most 16 MiB)")
	_, err = tariff.Load(strings.NewReader(strings.Repeat("#", 16<<20+1)), "r.yaml")
	require.EqualError(t, err, "tariff: r.yaml: file larger than 16 MiB (allowed: a table file of at most 16 MiB)")
}

// manyKeys is the shipped 2026 T&D table with n more value_confidence keys.
func manyKeys(t testing.TB, n int) string {
	src, err := os.ReadFile("tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	var b strings.Builder
	for _, l := range strings.SplitAfter(string(src), "\n") {
		b.WriteString(l)
		if strings.HasPrefix(l, "value_confidence:") {
			for i := range n {
				fmt.Fprintf(&b, "  x.k%06d: medium\n", i)
			}
		}
	}
	return b.String()
}

// A table with 80,000 value_confidence keys loads, and keeps them all.
func TestManyValueConfidenceKeys(t *testing.T) {
	src := manyKeys(t, 80000)
	tb, err := tariff.Load(strings.NewReader(src), "many.yaml")
	require.NoError(t, err)
	require.Len(t, tb.Head().ValueConfidence, 80000+2)
}

// BenchmarkLoadManyKeys loads a table with 80,000 value_confidence keys
// (1.6 MB); key checks are linear (a map), so this takes a fraction of a
// second (it took 6–19 s when every mapping was checked by insertion).
func BenchmarkLoadManyKeys(b *testing.B) {
	src := manyKeys(b, 80000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tariff.Load(strings.NewReader(src), "many.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
