package tariff_test

import (
	"slices"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// Every line code belongs to one bridge group (README §4.1); the subtotal is
// not a group.
func TestLineGroups(t *testing.T) {
	codes := []tariff.LineCode{tariff.LineEnergy, tariff.LineFunds, tariff.LineBasic, tariff.LinePowerFactor, tariff.LineTradedEnergy,
		tariff.LineTNDEnergy, tariff.LineOutsideEnergy, tariff.LineDeviation, tariff.LineSurcharge, tariff.LinePurchaseEnergy, tariff.LineLoss,
		tariff.LineSystemOperation, tariff.LineCaptiveGeneration, tariff.LineCaptiveFunds, tariff.LineCaptiveCrossSubsidy, tariff.LineCaptiveBackup}
	gs := tariff.LineGroups()
	require.Len(t, gs, 9)
	require.NotContains(t, gs, tariff.LineGroupEnergyWithTND)
	for _, c := range codes {
		require.Contains(t, gs, c.Group(), c)
	}
	for _, c := range []tariff.LineCode{tariff.LineEnergy, tariff.LineTradedEnergy, tariff.LineOutsideEnergy, tariff.LinePurchaseEnergy} {
		require.Equal(t, tariff.LineGroupEnergy, c.Group())
	}
	require.Equal(t, tariff.LineGroupTND, tariff.LineTNDEnergy.Group())
	require.Equal(t, tariff.LineGroupLossSysOp, tariff.LineSystemOperation.Group())
	require.Equal(t, tariff.LineGroupCaptive, tariff.LineCaptiveBackup.Group())
	require.Equal(t, tariff.LineGroup(""), tariff.LineCode("nonsense").Group())
	require.Equal(t, "Energy including T&D", tariff.LineGroupEnergyWithTND.LabelEN())
	require.Equal(t, "输配电费", tariff.LineGroupTND.LabelZH())
	gs[0] = "edited"
	require.Equal(t, tariff.LineGroupEnergy, tariff.LineGroups()[0], "the slice is the caller's own")
}

// LineCodes lists every line code once, in the declared order (energy lines
// first, power factor before the captive lines), each with a group and a
// label; the slice is the caller's own.
func TestLineCodes(t *testing.T) {
	cs := tariff.LineCodes()
	require.Equal(t, []tariff.LineCode{tariff.LineEnergy, tariff.LineTradedEnergy, tariff.LineTNDEnergy, tariff.LineOutsideEnergy, tariff.LineBasic}, cs[:5])
	require.Less(t, slices.Index(cs, tariff.LinePowerFactor), slices.Index(cs, tariff.LineCaptiveGeneration))
	seen := map[tariff.LineCode]bool{}
	for _, c := range cs {
		require.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
		p, err := tariff.ParseLineCode(string(c))
		require.NoError(t, err)
		require.Equal(t, c, p)
		require.NotEmpty(t, c.Group(), c)
		require.NotEqual(t, string(c), c.LabelEN(), c)
	}
	for _, c := range []tariff.LineCode{tariff.LineFunds, tariff.LineDeviation, tariff.LineSurcharge, tariff.LinePurchaseEnergy, tariff.LineLoss,
		tariff.LineSystemOperation, tariff.LineCaptiveFunds, tariff.LineCaptiveCrossSubsidy, tariff.LineCaptiveBackup} {
		require.True(t, seen[c], c)
	}
	cs[0] = "edited"
	require.Equal(t, tariff.LineEnergy, tariff.LineCodes()[0], "the slice is the caller's own")
}

// Value reads what WithScaled scales; WithReading flips the 105 % reading of
// one rule set and leaves the original Set alone.
func TestValueAndWithReading(t *testing.T) {
	s := def(t)
	v, ok := s.Value("ln-coal-benchmark-2016", "price")
	require.True(t, ok)
	require.Equal(t, "0.3749", v.String())
	_, ok = s.Value("ln-coal-benchmark-2016", "nonsense")
	require.False(t, ok)
	_, ok = s.Value("nonsense", "price")
	require.False(t, ok)

	u, err := s.WithReading("cn-basic-rules-1583", tariff.ReadingB)
	require.NoError(t, err)
	r, err := u.BasicRules("cn", date("2017-01-01"), "cn-basic-rules-1583")
	require.NoError(t, err)
	_, _, reading := r.Excess()
	require.Equal(t, tariff.ReadingB, reading)
	r, err = s.BasicRules("cn", date("2017-01-01"), "cn-basic-rules-1583")
	require.NoError(t, err)
	_, _, reading = r.Excess()
	require.Equal(t, tariff.ReadingA, reading, "the original Set is unchanged")

	_, err = s.WithReading("ln-coal-benchmark-2016", tariff.ReadingB)
	var nt *tariff.Error
	require.ErrorAs(t, err, &nt)
	require.Equal(t, "ln-coal-benchmark-2016", nt.ID, "no rule set with that id")
	_, err = s.WithReading("cn-basic-rules-1583", "c")
	var fe *tariff.Error
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "excess.reading", fe.Field)
	require.Equal(t, "a, b", fe.Allowed)
}
