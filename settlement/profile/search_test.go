package profile

import (
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// searchStart's one look at the index of a complete series must give what
// the binary search gives, on series with and without gaps, for minutes on
// and off the grid, before, inside and after the readings.
func TestSearchStartMatchesSortSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 4))
	for n := range 2000 {
		res := []int64{1, 5, 15, 30, 60}[r.IntN(5)]
		var start []int64
		m := int64(r.IntN(3000)) * res
		for range r.IntN(60) {
			if n%3 != 0 && r.IntN(8) == 0 { // a gap of some intervals
				m += res * int64(1+r.IntN(5))
			}
			start = append(start, m)
			m += res
		}
		lo, hi := int64(-2*res), m+2*res
		if len(start) > 0 {
			lo = start[0] - 2*res
		}
		for x := lo; x <= hi; x++ {
			want := sort.Search(len(start), func(i int) bool { return start[i] >= x })
			require.Equal(t, want, searchStart(start, x, res), "x %d res %d starts %v", x, res, start)
		}
	}
}
