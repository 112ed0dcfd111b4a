package tariff

import (
	"github.com/dianfei/dianfei/internal/strictyaml"
	"github.com/shopspring/decimal"
)

// coalBenchmark is the coal-fired benchmark on-grid price, 燃煤标杆上网电价.
type coalBenchmark struct {
	Header
	Price decimal.Decimal // 元/kWh
}

// Head returns the table's header.
func (b *coalBenchmark) Head() Header { return b.Header }

// parseCoalBenchmark reads a coal benchmark table after its header.
func parseCoalBenchmark(m *strictyaml.Map, h Header) *coalBenchmark {
	p, _ := m.Decimal("price", true, strictyaml.NonNegative)
	return &coalBenchmark{Header: h, Price: p}
}

// CoalBenchmark returns the coal benchmark price (元/kWh) in force for region
// on d and the header of its table. Errors are those of a lookup
// (*Error).
func (s *Set) CoalBenchmark(region string, d Date) (decimal.Decimal, Header, error) {
	t, err := s.lookup(query{Kind: KindCoalBenchmark, Region: region, Date: d})
	if err != nil {
		return decimal.Zero, Header{}, err
	}
	b := t.(*coalBenchmark)
	return b.Price, b.Header, nil
}
