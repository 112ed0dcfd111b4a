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

// The estimate of zinc-z: the comparison (with its break-even search), the
// bridge, 13 sensitivity points, the open points and the MEDIUM weights (each
// a whole year settled again).
func BenchmarkEstimate(b *testing.B) {
	sc, err := LoadFS(scenarios.FS(), "zinc-z.yaml")
	if err != nil {
		b.Fatal(err)
	}
	set, _ := tariff.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Estimate(set, sc); err != nil {
			b.Fatal(err)
		}
	}
}
