package tariff

import (
	"embed"
	"io/fs"
	"sync"
)

//go:embed tables/*.yaml
var embedded embed.FS

// DefaultFS returns the embedded default tables as a file system (one YAML
// file per table), for inspection and for tools that copy them.
func DefaultFS() fs.FS {
	sub, _ := fs.Sub(embedded, "tables")
	return sub
}

var defaultSet = sync.OnceValues(func() (*Set, error) {
	ts, err := loadFS(DefaultFS())
	if err != nil {
		return nil, err
	}
	return newSet(ts, false)
})

// Default returns the embedded default tables (README, Shipped tables), parsed once. The Set
// is shared and safe for concurrent use. It returns an error only if the
// embedded tables are broken, which the tests rule out.
func Default() (*Set, error) { return defaultSet() }
