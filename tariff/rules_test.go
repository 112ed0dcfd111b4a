package tariff_test

import (
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestRulesKinds looks up one table of each of the four kinds a Rules holds
// and checks that each answers its own methods with the table's numbers and
// every other kind's methods with zero values, never with a number of another
// table.
func TestRulesKinds(t *testing.T) {
	s, err := tariff.Default()
	require.NoError(t, err)
	basic, err := s.BasicRules("liaoning", date("2016-11-01"), "")
	require.NoError(t, err)
	dev, err := s.Deviation("ln-deviation-interim")
	require.NoError(t, err)
	pf, err := s.PowerFactor("liaoning", d("0.90"), date("2016-11-01"))
	require.NoError(t, err)
	al, err := s.AluminiumStep("liaoning", date("2016-11-01"))
	require.NoError(t, err)

	require.Equal(t, tariff.KindBasicRules, basic.Head().Kind)
	require.Equal(t, "cn-basic-rules-1583", basic.Head().ID)
	require.Equal(t, tariff.KindDeviationRules, dev.Head().Kind)
	require.Equal(t, tariff.KindPowerFactor, pf.Head().Kind)
	require.Equal(t, tariff.KindAluminiumStep, al.Head().Kind)

	// Each kind's own methods: 1583 allows capacity; the 0.90 table gives
	// −0.75 % at 0.95 (E6); the 2013 bands start charging above 13,700 kWh/t.
	require.True(t, basic.Allows(tariff.MethodCapacity))
	p, ok := pf.PercentAt(95)
	require.True(t, ok)
	require.Equal(t, "-0.75", p.String())
	require.True(t, pf.InBase(tariff.LineEnergy))
	require.Equal(t, "0.02", dev.UnderBand().String()) // ln-deviation-interim: under band 0.02, over band 0
	th, _ := al.Threshold(date("2016-11-01"))
	require.True(t, th.IsPositive())

	// Every other kind's methods answer with zero values.
	for _, r := range []*tariff.Rules{dev, pf, al} {
		require.False(t, r.Allows(tariff.MethodCapacity), r.Head().ID)
		require.Nil(t, r.Methods(), r.Head().ID)
		m, _ := r.MethodChange()
		require.Zero(t, m, r.Head().ID)
		_, _, ok := r.Discount()
		require.False(t, ok, r.Head().ID)
	}
	for _, r := range []*tariff.Rules{basic, pf, al} {
		require.True(t, r.OverBand().IsZero(), r.Head().ID)
		_, ok := r.OverRate(d("0.3"), d("0.1"), d("0.35"))
		require.False(t, ok, r.Head().ID)
		require.False(t, r.DependsOnTradedPrice(), r.Head().ID)
	}
	for _, r := range []*tariff.Rules{basic, dev, al} {
		_, ok := r.PercentAt(95)
		require.False(t, ok, r.Head().ID)
		_, ok = r.Percent(d("0.95"))
		require.False(t, ok, r.Head().ID)
		require.False(t, r.InBase(tariff.LineEnergy), r.Head().ID)
		require.True(t, r.Standard().IsZero(), r.Head().ID)
		require.Empty(t, r.BaseText(), r.Head().ID)
	}
	for _, r := range []*tariff.Rules{basic, dev, pf} {
		require.False(t, r.OnProduction(), r.Head().ID)
		_, _, ok := r.Stepped()
		require.False(t, ok, r.Head().ID)
		th, from := r.Threshold(date("2016-11-01"))
		require.True(t, th.IsZero() && from.IsZero(), r.Head().ID)
		require.True(t, r.BandSurcharge(decimal.NewFromInt(20000)).IsZero(), r.Head().ID)
		_, _, ok = r.Renewable()
		require.False(t, ok, r.Head().ID)
	}

	// A table of one kind is not found by id as another.
	_, err = s.Deviation("cn-basic-rules-1583")
	var te *tariff.Error
	require.ErrorAs(t, err, &te)
	require.Equal(t, tariff.KindDeviationRules, te.Kind)
	require.Equal(t, "cn-basic-rules-1583", te.ID)
	require.Equal(t, `tariff: "cn-basic-rules-1583" is a basic_rules table, not deviation_rules (allowed: ln-deviation-interim, ln-deviation-supplement)`, err.Error())
	_, err = s.Deviation("ln-deviation-nope")
	require.EqualError(t, err, `tariff: no deviation_rules table with id "ln-deviation-nope" (allowed: ln-deviation-interim, ln-deviation-supplement)`)
}
