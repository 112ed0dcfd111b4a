package profile

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/dianfei/dianfei/settlement"
	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// Readings of 10¹³ kWh are refused at their row (they used to wrap in int64:
// kWh wrong by 10⁴, demand 0, no error); so are readings whose sums would
// overflow: ten readings of 10¹² kWh are 10¹⁹ millionths, past
// math.MaxInt64 ≈ 9.22 × 10¹⁸, at the tenth reading (row 11).
func TestReadingMagnitudes(t *testing.T) {
	_, err := Read(strings.NewReader("timestamp,kwh\n2016-11-01 00:15,1\n2016-11-01 00:30,10000000000000\n"), Profile{Name: "p.csv"})
	require.EqualError(t, err, `settlement: p.csv:3: kwh: "10000000000000": above 10¹², implausible (README §3.1)`)
	_, err = Read(strings.NewReader("timestamp,kwh,kvarh\n2016-11-01 00:15,1,1000000000000.000001\n"), Profile{Name: "p.csv"})
	require.EqualError(t, err, `settlement: p.csv:2: kvarh: "1000000000000.000001": above 10¹², implausible (README §3.1)`)
	var b strings.Builder
	b.WriteString("timestamp,kwh,kvarh\n")
	for i := range 10 {
		fmt.Fprintf(&b, "2016-11-01 %02d:00,1000000000000,1\n", i+1)
	}
	_, err = Read(strings.NewReader(b.String()), Profile{Name: "p.csv"})
	require.EqualError(t, err, `settlement: p.csv:11: feeder: "F1": the kwh readings sum to more than 9,223,372,036,854.775807, the most interval sums hold; split the file`)
	// Nine of them fit: 9 × 10¹² kWh, read and summed exactly.
	lines := strings.SplitAfter(b.String(), "\n")
	p, err := Read(strings.NewReader(strings.Join(lines[:10], "")), Profile{Name: "p.csv"})
	require.NoError(t, err)
	u, err := p.MonthUsage(nov, nil, true)
	require.NoError(t, err)
	require.Equal(t, "9000000000000", u.KWh.String())
	require.Equal(t, "1000000000000", u.MaxDemand().String()) // 60-minute data: the largest hourly average
}

// refRow is a reading as the reference reads it: big integers of millionths.
type refRow struct {
	feeder string
	start  int64 // minutes since the epoch, interval start
	p, q   *big.Int
}

// refRead reads a CSV that Read accepted, independently of Read's int64
// path: values through big.Rat, timestamps through time.Parse.
// It stops after line upto (0: reads all); feeders and res are the
// profile's (a single feeder names rows without a feeder column).
func refRead(t *testing.T, csv []byte, feeders []string, res, upto int) []refRow {
	var rows []refRow
	intervalStart, header := false, []string(nil)
	million := big.NewRat(1_000_000, 1)
	for n, line := range strings.Split(string(csv), "\n") {
		if upto > 0 && n >= upto {
			break
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "\uFEFF"))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if k, v, ok := strings.Cut(strings.TrimSpace(line[1:]), ":"); ok && header == nil && strings.TrimSpace(k) == "timestamps" && strings.TrimSpace(v) == "interval-start" {
				intervalStart = true
			}
			continue
		}
		if header == nil {
			header = strings.Split(strings.ToLower(line), ",")
			continue
		}
		r := refRow{feeder: "F1", p: new(big.Int), q: new(big.Int)}
		if len(feeders) == 1 {
			r.feeder = feeders[0]
		}
		for i, f := range strings.Split(line, ",") {
			f = strings.TrimSpace(f)
			switch strings.TrimSpace(header[i]) {
			case "timestamp":
				f = strings.TrimSuffix(strings.Replace(f, "T", " ", 1), "+08:00")
				if len(f) == 16 {
					f += ":00"
				}
				var ts time.Time
				var err error
				if strings.HasSuffix(f, " 24:00:00") {
					ts, err = time.Parse("2006-01-02", f[:10])
					ts = ts.AddDate(0, 0, 1)
				} else {
					ts, err = time.Parse("2006-01-02 15:04:05", f)
				}
				require.NoError(t, err, f)
				r.start = ts.Unix() / 60
				if !intervalStart {
					r.start -= int64(res)
				}
			case "feeder":
				r.feeder = f
			default:
				v, ok := new(big.Rat).SetString(f)
				require.True(t, ok, f)
				v.Mul(v, million)
				require.True(t, v.IsInt(), f)
				if c := strings.TrimSpace(header[i]); c == "kwh" || c == "kw" {
					r.p = v.Num()
				} else {
					r.q = v.Num()
				}
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// periodIndex is the index of period p in the minute table of TOU.Day (-1 if p is not a period).
func periodIndex(p tariff.Period) int {
	for k := range tariff.NumPeriods {
		if tariff.PeriodOfIndex(k) == p {
			return k
		}
	}
	return -1
}

// refMonth is the reference's month of one feeder, in input units × the
// multiplier: kWh by period (nil table: all flat), kvarh, demand kW, and
// whether the feeder has readings in it.
func refMonth(rows []refRow, feeder string, p *Profile, m tariff.Month, periods *tariff.TOU) (e [tariff.NumPeriods]*big.Rat, q, demand *big.Rat, any bool) {
	from, to := minutesOf(m.First()), minutesOf(m.Next().First())
	res := int64(p.Resolution)
	w := max(15/res, 1)
	mult := p.Multiplier.Rat()
	unit := new(big.Rat).Mul(mult, big.NewRat(1, 1_000_000)) // millionths → input unit × multiplier
	energy := new(big.Rat).Set(unit)
	if p.Power {
		energy.Mul(energy, big.NewRat(res, 60))
	}
	sums := [tariff.NumPeriods]*big.Int{new(big.Int), new(big.Int), new(big.Int), new(big.Int)} // half readings
	qs, best := new(big.Int), new(big.Int)
	var in []refRow
	for _, r := range rows {
		if r.feeder != feeder || r.start < from || r.start >= to {
			continue
		}
		in = append(in, r)
		qs.Add(qs, r.q)
		two := new(big.Int).Lsh(r.p, 1)
		switch {
		case periods == nil:
			sums[untimed].Add(sums[untimed], two)
		case res == 60:
			mod := (r.start - from) % 1440
			a, b := plainPeriod(periods, m.Month, mod), plainPeriod(periods, m.Month, mod+30)
			sums[a].Add(sums[a], r.p)
			sums[b].Add(sums[b], r.p)
		default:
			c := plainPeriod(periods, m.Month, (r.start-from)%1440)
			sums[c].Add(sums[c], two)
		}
	}
	for i := 0; i+int(w) <= len(in); i++ {
		if in[i+int(w)-1].start != in[i].start+(w-1)*res {
			continue
		}
		s := new(big.Int)
		for _, r := range in[i : i+int(w)] {
			s.Add(s, r.p)
		}
		if s.Cmp(best) > 0 {
			best = s
		}
	}
	for k := range e {
		e[k] = new(big.Rat).Mul(new(big.Rat).SetFrac(sums[k], big.NewInt(2)), energy)
	}
	q = new(big.Rat).Mul(new(big.Rat).SetInt(qs), energy)
	window := max(res, 15)
	demand = new(big.Rat).Mul(new(big.Rat).SetInt(best), unit)
	if p.Power {
		demand.Quo(demand, big.NewRat(window/res, 1))
	} else {
		demand.Mul(demand, big.NewRat(60/window, 1))
	}
	return e, q, demand, len(in) > 0
}

// near reports whether got is want: exactly, or within 10⁻²² where a
// division rounded to 24 places took part (kW files).
func near(got, want *big.Rat, exact bool) bool {
	if exact {
		return got.Cmp(want) == 0
	}
	d := new(big.Rat).Sub(got, want)
	return d.Abs(d).Cmp(new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(22), nil))) <= 0
}

// FuzzIntervalSums: for any CSV that Read accepts, every feeder's readings sum
// within int64 (checked against big integers), and each month's kWh (flat and
// by the 441 periods), kvarh and each feeder's demand equal the big-integer
// reference's; a CSV refused for its sums really sums past math.MaxInt64.
// Seeds: testdata/fuzz/FuzzIntervalSums (complete months among them, for the
// one-pass path).
func FuzzIntervalSums(f *testing.F) {
	f.Fuzz(func(t *testing.T, csv []byte) {
		if len(csv) > 1<<16 {
			return
		}
		p, err := Read(bytes.NewReader(csv), Profile{Name: "fuzz.csv"})
		var pe *settlement.Error
		if err != nil {
			require.True(t, errors.As(err, &pe))
			if pe.Field == "feeder" && strings.Contains(pe.Reason, "sum to more than") {
				// The reference agrees: up to the row named, some feeder's
				// kWh or kvarh sum passes MaxInt64.
				over := false
				sums := map[string][2]*big.Int{}
				for _, r := range refRead(t, csv, []string{"F1"}, 0, pe.Line) {
					s, ok := sums[r.feeder]
					if !ok {
						s = [2]*big.Int{new(big.Int), new(big.Int)}
						sums[r.feeder] = s
					}
					s[0].Add(s[0], r.p)
					s[1].Add(s[1], r.q)
					over = over || s[0].Cmp(big.NewInt(math.MaxInt64)) > 0 || s[1].Cmp(big.NewInt(math.MaxInt64)) > 0
				}
				require.True(t, over, "refused for sums that fit: %v", err)
			}
			return
		}
		rows := refRead(t, csv, p.Feeders, p.Resolution, 0)
		limit := new(big.Int).SetInt64(math.MaxInt64)
		months := map[tariff.Month]bool{}
		for _, fd := range p.Feeders {
			sp, sq := new(big.Int), new(big.Int)
			for _, r := range rows {
				if r.feeder == fd {
					sp.Add(sp, r.p)
					sq.Add(sq, r.q)
					d := time.Unix(r.start*60, 0).UTC()
					months[tariff.Month{Year: d.Year(), Month: d.Month()}] = true
				}
			}
			require.True(t, sp.Cmp(limit) <= 0 && sq.Cmp(limit) <= 0, "feeder %s sums past int64 and was read", fd)
		}
		if len(months) > 3 {
			return
		}
		set, err := tariff.Default()
		require.NoError(t, err)
		ln441, err := set.TOUPeriods("ln-tou-periods-2023", tariff.NewDate(2023, 6, 1))
		require.NoError(t, err)
		for m := range months {
			for _, periods := range []*tariff.TOU{nil, ln441} {
				u, err := p.MonthUsage(m, periods, true)
				if err != nil {
					for _, fd := range p.Feeders {
						if _, _, _, any := refMonth(rows, fd, p, m, periods); !any {
							return // a feeder without readings in the month: an error, rightly
						}
					}
					t.Fatalf("%s: %v", m, err)
				}
				exact, exactDemand := !p.Power, !p.Power || p.Resolution >= 15
				var e [tariff.NumPeriods]*big.Rat
				q := new(big.Rat)
				for k := range e {
					e[k] = new(big.Rat)
				}
				for _, fd := range p.Feeders {
					fe, fq, fdm, _ := refMonth(rows, fd, p, m, periods)
					for k := range e {
						e[k].Add(e[k], fe[k])
					}
					q.Add(q, fq)
					require.True(t, near(u.Demand[fd].Rat(), fdm, exactDemand), "%s %s demand %s, want %s", m, fd, u.Demand[fd], fdm.FloatString(30))
				}
				total := new(big.Rat)
				for _, x := range e {
					total.Add(total, x)
				}
				require.True(t, near(u.KWh.Rat(), total, exact), "%s kWh %s, want %s", m, u.KWh, total.FloatString(30))
				require.True(t, near(u.KVarh.Rat(), q, exact), "%s kvarh %s, want %s", m, u.KVarh, q.FloatString(30))
				for p, kwh := range u.ByPeriod {
					k := periodIndex(p)
					require.True(t, near(kwh.Rat(), e[k], exact), "%s %s kWh %s, want %s", m, p, kwh, e[k].FloatString(30))
				}
			}
		}
	})
}
