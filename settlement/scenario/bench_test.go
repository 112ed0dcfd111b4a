package scenario

import (
	"testing"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/dianfei/dianfei/tariff"
)

// An annual scenario with the optimiser: zinc-z, 12 months × A, B, C₂ (break-even included).
func BenchmarkAnnualScenario(b *testing.B) {
	sc, err := LoadFS(scenarios.FS(), "zinc-z.yaml")
	if err != nil {
		b.Fatal(err)
	}
	set, _ := tariff.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(set, sc); err != nil {
			b.Fatal(err)
		}
	}
}
