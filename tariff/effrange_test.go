package tariff

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// EffectiveRange is Range: for every shipped table (formatted at load;
// ln-catalog-2016 runs [2016-01-01, 2017-07-01) … "open" for one with no end)
// and for a header built in Go, whose range is formatted when asked.
func TestEffectiveRangeIsRange(t *testing.T) {
	set, err := Default()
	require.NoError(t, err)
	open := 0
	for _, h := range set.Headers() {
		require.Equal(t, h.Range(), h.EffectiveRange(), h.ID)
		require.NotEmpty(t, h.EffectiveRange())
		if h.To.IsZero() {
			open++
		}
	}
	require.Positive(t, open, "a table with no end")
	h := Header{From: NewDate(2016, 1, 1)}
	require.Equal(t, "[2016-01-01, open)", h.EffectiveRange())
	h.To = NewDate(2017, 7, 1)
	require.Equal(t, "[2016-01-01, 2017-07-01)", h.EffectiveRange())
	require.Equal(t, h.Range(), h.EffectiveRange())
}
