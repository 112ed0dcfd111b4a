// Package scenarios embeds the example scenario files of the savings command:
// smelter-s (the default), zinc-z, copper-c, smelter-2026, smelter-2026-al and
// profile-p (with its interval-data file). Each file is commented; copy one to start your own.
package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.yaml *.csv
var files embed.FS

// FS returns the embedded scenario files (NAME.yaml) and the tables
// (table-*.yaml) and interval files (*.csv) they name.
func FS() fs.FS { return files }

// Default is the name of the scenario the savings command settles with no arguments.
const Default = "smelter-s"

// Names returns the names of the embedded scenarios (files that are not tables).
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		n, ok := strings.CutSuffix(e.Name(), ".yaml")
		if ok && !strings.HasPrefix(n, "table-") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
