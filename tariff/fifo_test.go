//go:build unix

package tariff_test

import (
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
