package tariff

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// dayKey orders dates as Date.Compare does wherever it gives a key (valid
// dates, the zero Date and odd ones with a month up to 15 and a day up to
// 31), and gives none outside that; inForce agrees with the Date
// comparisons for every pair of entry and date.
func TestDayKeyMatchesCompare(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	rnd := func() Date {
		switch rng.IntN(6) {
		case 0:
			return Date{}
		case 1: // odd: out of the range dayKey keys
			return Date{Year: rng.IntN(5000) - 1000, Month: time.Month(rng.IntN(40) - 5), Day: rng.IntN(80) - 10}
		}
		return Date{Year: 1980 + rng.IntN(60), Month: time.Month(rng.IntN(16)), Day: rng.IntN(32)}
	}
	for range 200000 {
		a, b := rnd(), rnd()
		ka, oka := dayKey(a)
		kb, okb := dayKey(b)
		inRange := func(d Date) bool { return d.Month >= 0 && d.Month <= 15 && d.Day >= 0 && d.Day <= 31 }
		require.Equal(t, inRange(a), oka, "%#v", a)
		if oka && okb {
			require.Equal(t, a.Compare(b), cmpInt(ka, kb), "%#v vs %#v", a, b)
		}
		h := Header{From: a, To: b}
		if rng.IntN(3) == 0 {
			h.To = Date{}
		}
		e := newKindEntry(nil, &h)
		d := rnd()
		want := !d.Before(h.From) && (h.To.IsZero() || d.Before(h.To))
		require.Equal(t, want, e.inForce(d), "%#v in [%#v, %#v)", d, h.From, h.To)
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// kindIndex numbers the kinds as kindNames lists them, every kind once,
// and a Set's entries by kind hold exactly its tables of that kind.
func TestKindIndex(t *testing.T) {
	require.Len(t, kindNames, numKinds)
	for i, k := range kindNames {
		require.Equal(t, i, kindIndex(Kind(k)), k)
	}
	require.Equal(t, -1, kindIndex("catalogue"))
	require.Equal(t, -1, kindIndex(""))
	s, err := Default()
	require.NoError(t, err)
	n := 0
	for _, k := range kindNames {
		for _, e := range s.entries(Kind(k)) {
			require.Equal(t, Kind(k), e.t.Head().Kind)
			n++
		}
	}
	require.Equal(t, len(s.tables), n)
	require.Empty(t, s.entries("catalogue"))
}
