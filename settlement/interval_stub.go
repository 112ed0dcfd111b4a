package settlement

import "github.com/dianfei/dianfei/tariff"

// readInterval reads a month's interval-data files (see interval.go).
func readInterval(m *tariff.Map, sc *Scenario, sm *ScenarioMonth, feeders []string) {}
