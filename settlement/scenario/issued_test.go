package scenario

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/dianfei/dianfei/examples/scenarios"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded smelter-2026-al: September's C₂ is E7 with a published loss
// price of 0.0137 (148,724,450.00) plus E10's surcharge with the renewable
// reduction, 285,000,000 × 0.04 × 0.94 = 10,716,000.00: 159,440,450.00.
func TestSmelter2026Aluminium(t *testing.T) {
	sc, err := LoadFS(scenarios.FS(), "smelter-2026-al.yaml")
	require.NoError(t, err)
	require.Equal(t, []aluminiumYear{{2026, d("13372"), nullD("0.214"), nullD("0.18")}}, sc.aluminium)
	for _, sm := range sc.Months { // plant.aluminium's 2026 facts reach every month's usage
		u := sm.Usage
		require.Equal(t, []decimal.NullDecimal{nullD("13372"), nullD("0.214"), nullD("0.18")}, []decimal.NullDecimal{u.AluminiumKWhPerTonne, u.RenewableShare, u.ProvincialWeight}, u.Month)
	}
	c, err := Compare(defaults(t), sc)
	require.NoError(t, err)
	sep := c.Months[1]
	require.Equal(t, "2026-09", sep.Usage.Month.String())
	wantLines(t, sep.C2, "159440450.00", "purchase_energy", "105000000.00", "loss", "4110000.00", "tnd_energy", "17130000.00",
		"system_operation", "4500000.00", "basic", "11000000.00", "power_factor", "-1063050.00", "funds", "8047500.00", "surcharge", "10716000.00")
	// August: 0.95 × 310,000,000 = 294,500,000 production kWh × 0.0376 = 11,073,200.00.
	require.Equal(t, "11073200.00", c.Months[0].C2.Sum("surcharge").StringFixed(2))
	// The surcharge is the same in A, B and C₂: L2 does not move with it.
	for _, mr := range c.Months {
		require.True(t, mr.A.Sum("surcharge").Equal(mr.C2.Sum("surcharge")))
		require.True(t, hasWarning(mr.C2, "eligibility"))
	}
	var codes []Code
	est, err := Estimate(defaults(t), sc)
	require.NoError(t, err)
	for _, a := range est.Assumptions {
		codes = append(codes, a.Code)
	}
	require.Contains(t, codes, AssumptionLossPrice)
	require.Contains(t, codes, AssumptionAluminium)
}

// Transformer losses, the per-kWh backup fee and the standard none from a
// scenario file: E11's month settles to 191,605.44.
func TestScenarioIssuedInputs(t *testing.T) {
	y := strings.NewReplacer("voltage_kv: 220", "voltage_kv: 10", "kva: 500000", "kva: 1000",
		"kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}", "kwh: 300000, kvarh: 150000, transformer_loss_kwh: 6100, transformer_loss_kvarh: 24300, demand: {F1: 800}",
		"kwh: 310000000, kvarh: 99200000, demand: {F1: 430000}", "kwh: 310000, kvarh: 99200, demand: {F1: 800}").Replace(baseScenario)
	c, err := loadAndCompare(y)
	require.NoError(t, err)
	wantLines(t, c.Months[0].A, "191605.44", "energy", "151152.18", "basic", "22000.00", "power_factor", "2597.28", "funds", "15855.98")
	require.Equal(t, "306100", c.Months[0].KWh().String(), "the comparison counts billed kWh")
	// Standard none: no power-factor line in any bill.
	c, err = loadAndCompare(strings.Replace(y, "pf_standard: 0.90", "pf_standard: none", 1))
	require.NoError(t, err)
	wantLines(t, c.Months[0].A, "189008.16", "energy", "151152.18", "basic", "22000.00", "funds", "15855.98")
	require.True(t, hasWarning(c.Months[0].A, "pf_exempt"))
	// E8's captive month with the backup fee per kWh: C = 141,673,550.00.
	cap := strings.Replace(baseScenario, "{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}}",
		`{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}, contract_kwh: 290000000,
     captive: {self_kwh: 100000000, generation_cost: 0.2500, fund_rate: 0.0518, cross_subsidy: 0.0300, backup_fee_per_kwh: 0.0200, contract_kwh: 190000000,
               grid: {kwh: 200000000, kvarh: 64000000, demand: {F1: 290000}}}}`, 1)
	c, err = loadAndCompare(cap)
	require.NoError(t, err)
	require.Equal(t, "141673550.00", c.Months[0].C.Total.StringFixed(2))
	require.Equal(t, "2000000.00", c.Months[0].C.Sum("captive_backup").StringFixed(2))
	require.Equal(t, "12459150.00", c.Months[0].L3.StringFixed(2))
}

// Bad inputs for each new field are located errors.
func TestBadIssuedScenarios(t *testing.T) {
	al := strings.Replace(smelter2026AL(t), "renewable_share: 0.214, provincial_weight: 0.18", "renewable_share: 0.214", 1)
	for _, c := range []struct{ y, want string }{
		{strings.Replace(baseScenario, "kvarh: 96000000,", "kvarh: 96000000, transformer_loss_kwh: -6100,", 1),
			`settlement: s.yaml:11:77: months[0].transformer_loss_kwh: "-6100": must not be negative`},
		{strings.Replace(baseScenario, "kvarh: 96000000,", "kvarh: 96000000, aluminium_production_share: 1.2,", 1),
			`settlement: s.yaml:11:83: months[0].aluminium_production_share: "1.2": a share above 1 (allowed: a fraction 0 … 1 (21.4 % is 0.214))`},
		{strings.Replace(baseScenario, "kvarh: 96000000,", "kvarh: 96000000, aluminium_production_share: 0.9, aluminium_production_kwh: 1,", 1),
			`settlement: s.yaml:11:83: months[0].aluminium_production_share: "0.9": both the production kWh and its share are given (allowed: one of aluminium_production_kwh, aluminium_production_share)`},
		{strings.Replace(baseScenario, "pf_standard: 0.90", "pf_standard: 0.95", 1),
			`settlement: s.yaml:7:16: plant.pf_standard: "0.95": unknown power-factor standard (allowed: 0.90, 0.85, 0.80, none)`},
		{strings.Replace(baseScenario, "{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}}",
			`{month: 2016-11, kwh: 300000000, kvarh: 96000000, demand: {F1: 430000}, contract_kwh: 290000000,
     captive: {self_kwh: 100000000, generation_cost: 0.25, fund_rate: 0.0518, cross_subsidy: 0.03, backup_fee: 20, backup_kva: 150000, backup_fee_per_kwh: 0.02, contract_kwh: 190000000,
               grid: {kwh: 200000000, kvarh: 64000000, demand: {F1: 290000}}}}`, 1),
			`settlement: s.yaml:12:156: months[0].captive.backup_fee_per_kwh: "0.02": the backup fee is given both per kWh and per kVA (backup_fee): a month gives one form or the other (allowed: backup_fee with backup_kva, or backup_fee_per_kwh)`},
		{al, `settlement: s.yaml:55:59: plant.aluminium[0].renewable_share: "0.214": a renewable share needs the province's previous-year incentive weight (allowed: provincial_weight with it, a fraction 0 … 1)`},
		{strings.Replace(smelter2026AL(t), "renewable_share: 0.214", "renewable_share: 21.4", 1),
			`settlement: s.yaml:55:59: plant.aluminium[0].renewable_share: "21.4": a share above 1 (allowed: a fraction 0 … 1 (21.4 % is 0.214))`},
		{strings.Replace(smelter2026AL(t), "published_loss_price: 0.0140", "published_loss_price: -0.0140", 1),
			`settlement: s.yaml:58:147: months[0].published_loss_price: "-0.0140": must not be negative`},
		{strings.Replace(smelter2026AL(t), "year: 2026", "year: 2025", 1),
			`settlement: s.yaml:55:5: 2026-08: plant.aluminium: "2026": the plant has aluminium facts but none for the month's year (allowed: an entry for every calendar year billed (given: 2025))`},
	} {
		_, err := loadAndCompare(c.y)
		require.Error(t, err)
		assert.Equal(t, c.want, err.Error())
	}
}

func smelter2026AL(t *testing.T) string {
	b, err := scenarioFile("smelter-2026-al.yaml")
	require.NoError(t, err)
	return b
}

func scenarioFile(name string) (string, error) {
	b, err := fsRead(name)
	return string(b), err
}

func fsRead(name string) ([]byte, error) { return fs.ReadFile(scenarios.FS(), name) }

func nullD(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }
