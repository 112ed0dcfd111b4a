//go:build unix

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
		require.EqualError(t, err, "settlement: "+p+": not a regular file")
	}
	require.EqualError(t, loadQuickly(t, filepath.Join(sub, "big.yaml")), "settlement: "+filepath.Join(sub, "big.yaml")+": file larger than 16 MiB (allowed: a scenario file of at most 16 MiB)")
	// A missing scenario file: the file named once, the OS's reason, and
	// errors.Is still finds fs.ErrNotExist.
	// before: "scenario: stat …/none.yaml: no such file or directory"
	none := filepath.Join(sub, "none.yaml")
	_, err = LoadFile(none)
	require.EqualError(t, err, "settlement: "+none+": no such file or directory")
	require.ErrorIs(t, err, fs.ErrNotExist)
	_, err = LoadFS(os.DirFS(sub), "none.yaml")
	require.EqualError(t, err, "settlement: none.yaml: no such file or directory")
	require.ErrorIs(t, err, fs.ErrNotExist)
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
		require.EqualError(t, err, "settlement: "+p+":13:28: "+c.want)
	}
	// The streaming guard: a file that grows past the cap while read.
	f, err := os.Open(filepath.Join(dir, "s.yaml"))
	require.NoError(t, err)
	defer f.Close()
	data, err := io.ReadAll(&limitedFile{f: f, left: 10, limit: 10})
	require.EqualError(t, err, "file larger than 10 bytes")
	require.Len(t, data, 10)
}
