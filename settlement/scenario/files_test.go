package scenario

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/stretchr/testify/require"
)

// withTables writes baseScenario naming one table file to dir/s.yaml.
func withTables(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, "s.yaml")
	y := strings.Replace(baseScenario, "name: test\n", "name: test\ntables: ["+name+"]\n", 1)
	require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
	return p
}

// loadQuickly loads p and fails the test if that takes more than 10 s (a FIFO
// would block for ever, /dev/zero would read until memory runs out).
func loadQuickly(t *testing.T, p string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { _, err := LoadFile(p); done <- err }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("LoadFile hangs")
		return nil
	}
}

// Files named in a scenario stay inside its folder, are regular files and are
// capped; no error quotes their contents.
func TestNamedFiles(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sc")
	require.NoError(t, os.Mkdir(sub, 0o755))
	secret := "SECRET-" + strings.Repeat("x", 200)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "passwd"), []byte("root:"+secret+"\n"), 0o644))
	require.NoError(t, syscall.Mkfifo(filepath.Join(sub, "fifo.yaml"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(dir, "passwd"), filepath.Join(sub, "link.yaml")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(sub, "zero.yaml")))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "garbage.yaml"), []byte("root:"+secret+"\n"), 0o644))
	big, err := os.Create(filepath.Join(sub, "big.yaml"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(16<<20+1)) // sparse: nothing is written
	big.Close()
	for _, c := range []struct{ name, want string }{
		// before: the error quoted the whole of /etc/passwd
		{"../passwd", `tables[0]: "../passwd": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		{"../../../../../../../etc/passwd", `tables[0]: "../../../../../../../etc/passwd": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		// before: "fatal error: out of memory" after 27 s
		{"../../../../../../../dev/zero", `tables[0]: "../../../../../../../dev/zero": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		{"/etc/passwd", `tables[0]: "/etc/passwd": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		{"link.yaml", `tables[0]: "link.yaml": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		{"zero.yaml", `tables[0]: "zero.yaml": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
		// before: hung
		{"fifo.yaml", `tables[0]: "fifo.yaml": not a regular file (allowed: a regular file)`},
		{".", `tables[0]: ".": not a regular file (allowed: a regular file)`},
		{"big.yaml", `tables[0]: "big.yaml": file larger than 16 MiB`},
		{"none.yaml", `tables[0]: "none.yaml": no such table file`},
		{"garbage.yaml", `garbage.yaml:1:1: expected a mapping, found "root:SECRET-` + strings.Repeat("x", 64-12) + `…"`},
	} {
		p := withTables(t, sub, c.name)
		err := loadQuickly(t, p)
		require.Error(t, err, c.name)
		require.True(t, strings.HasSuffix(err.Error(), c.want), "%s: %s", c.name, err)
		require.NotContains(t, err.Error(), strings.Repeat("x", 65))
	}
	// The scenario file itself: a FIFO or a device is refused before reading.
	for _, p := range []string{filepath.Join(sub, "fifo.yaml"), "/dev/zero"} {
		err := loadQuickly(t, p)
		require.EqualError(t, err, "scenario: "+p+": not a regular file")
	}
	require.EqualError(t, loadQuickly(t, filepath.Join(sub, "big.yaml")), "scenario: "+filepath.Join(sub, "big.yaml")+": file larger than 16 MiB (allowed: a scenario file of at most 16 MiB)")
}

// Interval files: regular, inside the folder, at most 1 GiB (checked before
// reading, then while streaming).
func TestNamedIntervalFiles(t *testing.T) {
	dir := t.TempDir()
	big, err := os.Create(filepath.Join(dir, "big.csv"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(MaxIntervalFile+1))
	big.Close()
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "fifo.csv"), 0o644))
	for _, c := range []struct{ name, want string }{
		{"big.csv", `months[1].interval.files.F1: "big.csv": file larger than 1 GiB`},
		{"fifo.csv", `months[1].interval.files.F1: "fifo.csv": not a regular file (allowed: a regular file)`},
		{"../x.csv", `months[1].interval.files.F1: "../x.csv": outside the scenario's folder (allowed: a file inside the scenario's folder, named relative to it)`},
	} {
		y := strings.Replace(baseScenario, "  - {month: 2016-12, kwh: 310000000, kvarh: 99200000, demand: {F1: 430000}}\n",
			"  - month: 2016-12\n    interval: {files: {F1: '"+c.name+"'}}\n", 1)
		p := filepath.Join(dir, "s.yaml")
		require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
		err := loadQuickly(t, p)
		require.EqualError(t, err, "scenario: "+p+":13:28: "+c.want)
	}
	// The streaming guard: a file that grows past the cap while read.
	f, err := os.Open(filepath.Join(dir, "s.yaml"))
	require.NoError(t, err)
	defer f.Close()
	data, err := io.ReadAll(&limitedFile{f: f, left: 10, limit: 10})
	require.EqualError(t, err, "file larger than 10 bytes")
	require.Len(t, data, 10)
}

// A scenario naming a fifth-period T&D table that supersedes ln-tnd-2026
// settles months on both sides of the change (domain §3.12).
func TestScenarioSupersedingTable(t *testing.T) {
	dir := t.TempDir()
	src, err := fs.ReadFile(scenarios.FS(), "smelter-2026.yaml")
	require.NoError(t, err)
	tnd, err := os.ReadFile("../../tariff/tables/ln-tnd-2026.yaml")
	require.NoError(t, err)
	y := strings.Replace(string(tnd), "id: ln-tnd-2026", "id: ln-tnd-2027", 1)
	y = strings.Replace(y, "effective: {from: 2026-08-01}", "effective: {from: 2026-12-01}\nsupersedes: ln-tnd-2026", 1)
	y = strings.Replace(y, "energy: 0.0571", "energy: 0.0500", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tnd-2027.yaml"), []byte(y), 0o644))
	sy := strings.Replace(string(src), "structure: \"2023\"\n", "structure: \"2023\"\ntables: [tnd-2027.yaml]\n", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(sy), 0o644))
	sc, err := LoadFile(filepath.Join(dir, "s.yaml"))
	require.NoError(t, err)
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	// November: 300,000,000 × 0.0571 = 17,130,000; December: 310,000,000 × 0.0500 = 15,500,000.
	require.Equal(t, "17130000.00", c.Months[3].C2.Sum("tnd_energy").StringFixed(2))
	require.Equal(t, "15500000.00", c.Months[4].C2.Sum("tnd_energy").StringFixed(2))
	ranges := map[string]string{}
	for _, s := range c.Sources {
		ranges[s.ID] = s.Range
	}
	require.Equal(t, "[2026-08-01, 2026-12-01)", ranges["ln-tnd-2026"])
	require.Equal(t, "[2026-12-01, open)", ranges["ln-tnd-2027"])
}
