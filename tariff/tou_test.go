package tariff_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// touDayTable has valley 22:00–08:00 across midnight, peak 08:00–20:00 with
// critical peak 18:00–19:00 carved out of it, flat 20:00–22:00 in January to
// June; flat all day in July to December.
const touDayTable = `id: t
kind: tou_periods
region: liaoning
issuer: dianfei test
document: a test table, not a published one
effective: {from: 2024-01-01}
scope: named
confidence: medium
seasons:
  - months: [1, 2, 3, 4, 5, 6]
    periods:
      - {period: valley, from: "22:00", to: "08:00"}
      - {period: peak, from: "08:00", to: "20:00"}
      - {period: flat, from: "20:00", to: "22:00"}
    critical:
      - {from: "18:00", to: "19:00"}
  - months: [7, 8, 9, 10, 11, 12]
    periods:
      - {period: flat, from: "00:00", to: "24:00"}
`

func loadTOU(t *testing.T, doc string) *tariff.TOU {
	t.Helper()
	tb, err := tariff.Load(strings.NewReader(doc), "t.yaml")
	require.NoError(t, err)
	tp, err := tb.TOUPeriods("t", date("2024-01-01"))
	require.NoError(t, err)
	return tp
}

// The indexes of a day's minute table: 0 peak, 1 flat, 2 valley, 3 critical, and nothing
// else.
func TestPeriodOfIndex(t *testing.T) {
	var got []tariff.Period
	for k := range tariff.NumPeriods {
		got = append(got, tariff.PeriodOfIndex(k))
	}
	require.Equal(t, []tariff.Period{tariff.PeriodPeak, tariff.PeriodFlat, tariff.PeriodValley, tariff.PeriodCritical}, got)
	require.Equal(t, tariff.Period(""), tariff.PeriodOfIndex(tariff.NumPeriods))
	require.Equal(t, tariff.Period(""), tariff.PeriodOfIndex(-1))
}

// The loader builds the minute table: in March minute 479 (07:59) is valley,
// 480 (08:00) peak, 1080–1139 (18:00–18:59) critical, 1140 (19:00) peak
// again, 1200 (20:00) flat, 1320 (22:00) valley; in August every minute is
// flat. The day handed out is the caller's copy.
func TestTOUDay(t *testing.T) {
	tp := loadTOU(t, touDayTable)
	day, err := tp.Day(time.March)
	require.NoError(t, err)
	for mod, want := range map[int]tariff.Period{0: tariff.PeriodValley, 479: tariff.PeriodValley, 480: tariff.PeriodPeak,
		1079: tariff.PeriodPeak, 1080: tariff.PeriodCritical, 1139: tariff.PeriodCritical, 1140: tariff.PeriodPeak,
		1199: tariff.PeriodPeak, 1200: tariff.PeriodFlat, 1319: tariff.PeriodFlat, 1320: tariff.PeriodValley, 1439: tariff.PeriodValley} {
		require.Equal(t, want, tariff.PeriodOfIndex(int(day[mod])), "minute %d", mod)
	}
	aug, err := tp.Day(time.August)
	require.NoError(t, err)
	for mod, k := range aug {
		require.Equal(t, tariff.PeriodFlat, tariff.PeriodOfIndex(int(k)), "minute %d", mod)
	}
	day[0] = 0 // the caller's own copy
	again, err := tp.Day(time.March)
	require.NoError(t, err)
	require.Equal(t, tariff.PeriodValley, tariff.PeriodOfIndex(int(again[0])))

	_, err = tp.Day(13)
	require.EqualError(t, err, "tariff: t: no periods for month 13")
	var zero tariff.TOU
	_, err = zero.Day(time.March)
	require.EqualError(t, err, "tariff: a TOU not from a Set (Set.TOU and Set.TOUPeriods make them)")
	_, err = zero.Classify(time.March, 0)
	require.Error(t, err)
	require.Empty(t, zero.Head().ID)
	require.False(t, zero.Floats(tariff.LineEnergy))
}

// The minute table agrees with Classify, which walks the intervals, for every
// minute of every month of the test table and the shipped 441 table.
func TestTOUDayMatchesClassify(t *testing.T) {
	ln441, err := def(t).TOUPeriods("ln-tou-periods-2023", date("2024-01-01"))
	require.NoError(t, err)
	for _, tp := range []*tariff.TOU{loadTOU(t, touDayTable), ln441} {
		for m := time.January; m <= time.December; m++ {
			day, err := tp.Day(m)
			require.NoError(t, err)
			for mod, k := range day {
				p, err := tp.Classify(m, mod)
				require.NoError(t, err)
				require.Equal(t, p, tariff.PeriodOfIndex(int(k)), "%s month %d minute %d", tp.Head().ID, m, mod)
			}
		}
	}
}
