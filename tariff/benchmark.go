package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// CoalBenchmark is the coal-fired benchmark on-grid price, 燃煤标杆上网电价.
type CoalBenchmark struct {
	Header
	Price decimal.Decimal // 元/kWh
}

// parseCoalBenchmark reads a coal benchmark table after its header.
func parseCoalBenchmark(m *strictyaml.Map, h Header) *CoalBenchmark {
	p, _ := m.Decimal("price", true, strictyaml.NonNegative)
	return &CoalBenchmark{Header: h, Price: p}
}

// CoalBenchmark returns the coal benchmark in force for region on d.
func (s *Set) CoalBenchmark(region string, d Date) (*CoalBenchmark, error) {
	t, err := s.Lookup(Query{Kind: KindCoalBenchmark, Region: region, Date: d})
	if err != nil {
		return nil, err
	}
	return t.(*CoalBenchmark), nil
}
