package scenario

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/stretchr/testify/require"
)

// A scenario naming a fifth-period T&D table that supersedes ln-tnd-2026
// settles months on both sides of the change (README §3.12).
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
