package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// recalcProfile is a throw-away LibreOffice user profile that recalculates
// every formula of an OOXML file on load ("always"), so the converted file
// holds LibreOffice's own values, not the cached ones.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// TestWorkbookLibreOffice has LibreOffice recalculate every embedded
// scenario's workbook in both languages, as written and with blanked cached
// values (so the check cannot pass on cached numbers), and compares every
// formula cell with the library's value to the fen. All files go through one
// soffice run. Skipped under -short and when soffice is not installed
// (.ci/run installs it).
func TestWorkbookLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice recalculation skipped under -short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not found: install libreoffice-calc-nogui (as .ci/run does) to run the LibreOffice recalculation check")
	}
	t.Parallel() // soffice runs while the other tests use the second core
	dir := t.TempDir()
	prof := filepath.Join(dir, "profile", "user")
	require.NoError(t, os.MkdirAll(prof, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(prof, "registrymodifications.xcu"), []byte(recalcProfile), 0o644))
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	require.NoError(t, os.MkdirAll(in, 0o755))
	type job struct {
		c    compared
		file string
	}
	var jobs []job
	var files []string
	for _, c := range workbooks(t) {
		for _, variant := range []string{"cached", "blanked"} {
			data := c.data
			if variant == "blanked" {
				data = blankCaches(t, data)
			}
			name := c.name + "." + variant + ".xlsx"
			p := filepath.Join(in, name)
			require.NoError(t, os.WriteFile(p, data, 0o644))
			jobs = append(jobs, job{c, name})
			files = append(files, p)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")), "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	require.NoError(t, cmd.Run(), "soffice: %s", stderr.String())
	t.Logf("LibreOffice converted %d workbooks in %s", len(files), time.Since(start).Round(time.Millisecond))
	for _, j := range jobs {
		t.Run(strings.TrimSuffix(j.file, ".xlsx"), func(t *testing.T) {
			f, err := excelize.OpenFile(filepath.Join(out, j.file))
			require.NoError(t, err, "soffice output: %s", stderr.String())
			defer f.Close()
			n := 0
			for _, fc := range formulas(j.c.wb) {
				raw, err := f.GetCellValue(fc.sheet, fc.cell, excelize.Options{RawCellValue: true})
				require.NoError(t, err)
				got, err := decimal.NewFromString(strings.TrimSpace(raw))
				require.NoError(t, err, "%s!%s = %q (%s)", fc.sheet, fc.cell, raw, fc.formula)
				require.True(t, fen(got, fc.want), "%s!%s = %s: LibreOffice %s, library %s", fc.sheet, fc.cell, fc.formula, got, fc.want)
				n++
			}
			require.Greater(t, n, 100)
		})
	}
}
