package settlement

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// standardVoltage's keys agree with comparing the decimals, whatever the
// representation (trailing zeros, exponents, 19+ digit coefficients).
func TestStandardVoltageMatchesDecimal(t *testing.T) {
	slow := func(v decimal.Decimal) bool {
		return slices.ContainsFunc(standardKV, func(s decimal.Decimal) bool { return v.Cmp(s) == 0 })
	}
	vs := []string{"220", "220.0", "220.000000000000000000000000", "2.2e2", "22e1", "0.380", "0.38", "0.22", "0.2200",
		"1000", "1e3", "10", "1", "1.0", "0.1", "221", "0.221", "66.00", "6.6e1", "750.0000000000000000001", "0", "1e-30"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		s := standardKV[rng.IntN(len(standardKV))]
		k := int32(rng.IntN(30))
		vs = append(vs, s.Shift(k).Round(0).Shift(-k).String(), decimal.New(s.Coefficient().Int64()*int64(rng.IntN(3)+1), s.Exponent()).String())
	}
	for _, v := range vs {
		x := decimal.RequireFromString(v)
		// The value as written, then with zeros appended to its coefficient
		// (20 and 24 make coefficients of 19 digits and more).
		for _, z := range []int32{0, 1, 5, 20, 24} {
			y := withZeros(x, z)
			require.Equal(t, slow(y), standardVoltage(y), "%s with %d zeros", v, z)
		}
	}
}

// amountProblemN, with its fast path (exact.Plain), says what the plain
// checks say: not negative, then exact.Check; on random coefficients and
// exponents around the bounds, negative values and 19+ digit coefficients.
func TestAmountProblemNMatchesCheck(t *testing.T) {
	plainCheck := func(v decimal.Decimal) (string, string) {
		if v.IsNegative() {
			return "must not be negative", ""
		}
		return exact.Check(v)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		c := rng.Int64N(4e12) - 2e12
		if i%3 == 0 {
			c = rng.Int64() >> uint(rng.IntN(63))
		}
		e := int32(rng.IntN(40)) - 30
		for _, v := range []decimal.Decimal{decimal.New(c, e), withZeros(decimal.New(c, e), int32(rng.IntN(25)))} {
			r, a := amountProblemN(numOf(v))
			wr, wa := plainCheck(v)
			require.Equal(t, wr, r, "%s", v)
			require.Equal(t, wa, a, "%s", v)
		}
	}
}

// The feeders gathered with the demand (demandOf, checkUsageNums) are the
// map's in name order with their values, as feedersOf and the map give
// them; more than the list holds leaves it not ok (the items read the map).
func TestFeederListMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	names := []string{"F1", "F2", "F10", "a", "B", "feeder-东", "F", "F1a", "Z9"}
	for range 2000 {
		u := usage("2016-11", "300000000", "96000000", "0")
		u.Demand = map[string]decimal.Decimal{}
		for range rng.IntN(7) + 1 {
			u.Demand[names[rng.IntN(len(names))]] = decimal.New(rng.Int64N(1e9), -int32(rng.IntN(4)))
		}
		var fs, gs feederList
		n, err := checkUsageNums(u, numOf(u.KWh), numOf(u.KVarh), &fs)
		require.NoError(t, err)
		m := demandOf(u, &gs)
		require.True(t, n.d.Equal(u.MaxDemand()) && m.d.Equal(u.MaxDemand()))
		require.Equal(t, numOf(n.d), n)
		require.Equal(t, fs.ok, gs.ok)
		if fs.ok {
			require.Equal(t, fs.all(), gs.all())
		}
		want := feedersOf(nil, u)
		require.Equal(t, len(want) <= len(fs.arr), fs.ok, "%d feeders", len(want))
		if fs.ok {
			var got []string
			for _, f := range fs.all() {
				got = append(got, f.name)
				require.True(t, f.kw.Equal(u.Demand[f.name]))
			}
			require.Equal(t, want, got)
		}
	}
}

// withZeros returns x with z zeros appended to its coefficient: the same value.
func withZeros(x decimal.Decimal, z int32) decimal.Decimal {
	c := x.Coefficient()
	return decimal.NewFromBigInt(c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil)), x.Exponent()-z)
}

// A customer with more units than smallDistinct finds a duplicate id through
// the map, one with fewer pairwise; both name the second use.
func TestDuplicateUnitIDs(t *testing.T) {
	for _, n := range []int{2, smallDistinct, smallDistinct + 1, 40} {
		c := smelterS()
		c.Units = nil
		for i := range n {
			c.Units = append(c.Units, Unit{ID: fmt.Sprintf("T%d", i+1), KVA: d("1000")})
		}
		_, err := CatalogBill(defaults(t), c, usage("2016-11", "3000000", "960000", "4300"), capacity())
		require.NoError(t, err, "%d distinct units", n)
		c.Units[n-1].ID = "T1"
		_, err = CatalogBill(defaults(t), c, usage("2016-11", "3000000", "960000", "4300"), capacity())
		require.EqualError(t, err, fmt.Sprintf(`settlement: 2016-11: customer.units[%d].id: "T1": unit id used twice`, n-1))
	}
}

// The loss charge with 1 − rate in int64 (oneMinus64, fracMul3RoundDen)
// equals the decimal expression a × b × rate ÷ (1 − rate) rounded once, on
// random kWh, prices and rates (none, small, near 1, with 19 digits).
func TestLossDenMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	rnd := func(max int64, places int) decimal.Decimal {
		if rng.IntN(20) == 0 {
			return decimal.New(rng.Int64(), -int32(rng.IntN(places+1))) // 19 digits: the decimal path
		}
		return decimal.New(rng.Int64N(max), -int32(rng.IntN(places+1)))
	}
	for range 50000 {
		kwh, price := rnd(1_000_000_000_000, 4), rnd(10_000_000, 8)
		rate := decimal.New(rng.Int64N(1_000_000), -6)
		switch rng.IntN(6) {
		case 0:
			rate = decimal.New(rng.Int64N(100), -2)
		case 1:
			rate = decimal.New(999_999_999, -9)
		case 2:
			rate = decimal.New(rng.Int64(), -19) // 19 decimals: no int64 form
		}
		den := one.Sub(rate)
		want := kwh.Mul(price).Mul(rate).DivRound(den, 2)
		if dc, de, ok := oneMinus64(rate); ok {
			require.True(t, decimal.New(dc, de).Equal(den), "1 − %s", rate)
			got := fracMul3RoundDen(kwh, price, rate, dc, de)
			require.True(t, got.Equal(want) && got.Exponent() == -2, "%s × %s × %s ÷ (1 − rate): %s, want %s", kwh, price, rate, got, want)
		}
		require.True(t, fracMul3Round(kwh, price, rate, den).Equal(want))
	}
}

// Amounts of zero are the shared 0.00; canonical zeros the shared 0 and
// 0.00, with no allocation.
func TestZerosShared(t *testing.T) {
	require.Equal(t, zeroFen, mulRound(d("0"), d("0.3449")))
	require.Equal(t, zeroFen, mulRound(d("120"), d("0")))
	require.Equal(t, zeroFen, round2(d("0.004")))
	require.Equal(t, zeroFen, canonMoney(decimal.Zero))
	require.Equal(t, zeroQty, canonTrim(decimal.New(0, -5)))
	require.Equal(t, zeroQty, canonExact(decimal.Decimal{}))
	require.Equal(t, "0.00", Money(zeroFen))
	require.Equal(t, int32(-2), zeroFen.Exponent())
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = canonMoney(decimal.Zero) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = mulRound(d0, p0) }))
}

var d0, p0 = decimal.New(0, 0), decimal.New(3449, -4)

// appendPrice writes what Price writes, on random prices: trailing zeros,
// negative values, whole numbers, 19-digit coefficients, exponents beyond 18.
func TestAppendPriceMatchesPrice(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 50000 {
		var c int64
		switch rng.IntN(4) {
		case 0:
			c = rng.Int64N(1000) * 1000
		case 1:
			c = rng.Int64()
		case 2:
			c = 0
		default:
			c = rng.Int64N(10_000_000)
		}
		if rng.IntN(3) == 0 {
			c = -c
		}
		v := decimal.New(c, int32(rng.IntN(26)-22))
		require.Equal(t, Price(v), string(appendPrice([]byte("x"), v))[1:], "%s", v)
	}
}

// overEdge gives the edge mul(add(one, band), Q) makes, value and exponent,
// and whether E lies beyond it, on random bands, contracts and actual kWh.
func TestOverEdgeMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	rnd := func(max int64) decimal.Decimal {
		switch rng.IntN(10) {
		case 0:
			return decimal.New(rng.Int64(), -int32(rng.IntN(4)))
		case 1:
			return decimal.Zero
		}
		return decimal.New(rng.Int64N(max), -int32(rng.IntN(4)))
	}
	for range 50000 {
		band := decimal.New(rng.Int64N(30), -2)
		if rng.IntN(8) == 0 {
			band = decimal.New(rng.Int64N(5), int32(rng.IntN(3)))
		}
		Q := rnd(1_000_000_000)
		E := Q.Mul(decimal.New(rng.Int64N(300)+900, -3)).Add(decimal.New(rng.Int64N(3)-1, 0))
		if rng.IntN(5) == 0 {
			E = rnd(1_000_000_000)
		}
		want := mul(add(one, band), Q)
		got, beyond := overEdge(band, Q, E)
		require.Equal(t, want.LessThan(E), beyond, "band %s Q %s E %s", band, Q, E)
		if beyond {
			require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "band %s Q %s: %s, want %s", band, Q, got, want)
		}
	}
}

// labels gives every code's labels, flat and by every TOU period, as the
// tariff's labels and periodLabel make them; an unknown code or period falls
// back to the same.
func TestLabelTable(t *testing.T) {
	for _, c := range tariff.LineCodes() {
		zh, en := c.Labels()
		gz, ge := labels(c, "")
		require.Equal(t, [2]string{zh, en}, [2]string{gz, ge})
		for _, p := range append(tablePeriods[:], "shoulder") {
			wz, we := periodLabel(c, p)
			gz, ge := labels(c, p)
			require.Equal(t, [2]string{wz, we}, [2]string{gz, ge}, "%s %s", c, p)
		}
	}
	for _, c := range []tariff.LineCode{"other", "a_code_longer_than_thirty_two_bytes", ""} {
		gz, ge := labels(c, tariff.PeriodPeak)
		wz, we := periodLabel(c, tariff.PeriodPeak)
		require.Equal(t, [2]string{wz, we}, [2]string{gz, ge})
		gz, ge = labels(c, "")
		wz, we = c.Labels()
		require.Equal(t, [2]string{wz, we}, [2]string{gz, ge})
	}
	require.Equal(t, "电度电费（峰）", must(labels(tariff.LineEnergy, tariff.PeriodPeak)))
}

func must(zh, _ string) string { return zh }

// The builder's item text holds each formatted value where itemFmt.append
// writes it, in its array and after it has moved to the heap (values of
// every format, many more bytes than the array holds); setItemText cuts the
// values out of one string, fixed values left alone.
func TestItemTextMatchesAppend(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	dec := func() decimal.Decimal { return decimal.New(rng.Int64N(2e12)-1e12, -int32(rng.IntN(8))) }
	for round := range 50 {
		var tb textBuf
		var items []Item
		var ends []int32
		var want []string
		for i := range 1 + rng.IntN(40) {
			if rng.IntN(4) == 0 { // a fixed value
				items = append(items, Item{Value: fmt.Sprint("fixed ", i)})
				ends = append(ends, -1)
				want = append(want, items[len(items)-1].Value)
				continue
			}
			f := itemFmt{kind: itemFmtKind(1 + rng.IntN(int(fmtExcess))), d: [4]decimal.Decimal{dec(), dec(), dec(), dec()},
				n: [2]int{rng.IntN(31), 31}, s: "a"}
			want = append(want, string(f.append(nil)))
			ends = append(ends, tb.add(&f))
			items = append(items, Item{})
		}
		setItemText(items, ends, tb.bytes())
		for i := range items {
			require.Equal(t, want[i], items[i].Value, "round %d, item %d", round, i)
		}
	}
}

// unitDaysOf's all-month path (no unit commissioned or suspended, as
// allUnitsAllMonth and customerKVA say) gives what reading each unit's
// dates gives, in months of 28 to 31 days; a unit with dates is never read
// as all-month.
func TestUnitDaysAllMonthMatchesDates(t *testing.T) {
	c := smelterS()
	_, allMonth, err := customerKVA(c)
	require.NoError(t, err)
	require.True(t, allMonth)
	require.True(t, allUnitsAllMonth(c))
	for _, m := range []string{"2016-02", "2024-02", "2016-04", "2016-11", "2016-12"} {
		month, err := tariff.ParseMonth(m)
		require.NoError(t, err)
		require.Equal(t, unitDaysOf(c, month, false, nil), unitDaysOf(c, month, true, nil), m)
	}
	c.Units[2].Commissioned = tariff.Date{Year: 2016, Month: 11, Day: 10}
	_, allMonth, err = customerKVA(c)
	require.NoError(t, err)
	require.False(t, allMonth)
	require.False(t, allUnitsAllMonth(c))
	c.Units[2].Commissioned = tariff.Date{}
	c.Units[0].Suspensions = [][2]tariff.Date{{{Year: 2016, Month: 11, Day: 3}, {}}}
	_, allMonth, err = customerKVA(c)
	require.NoError(t, err)
	require.False(t, allMonth)
	require.False(t, allUnitsAllMonth(c))
}

// contractOf reads the contract demand's coefficient exactly under the
// contract_demand method (as numOf), and under the others keeps the value
// alone; its check then says what the plain check on the decimal says.
func TestContractOfMatchesNumOf(t *testing.T) {
	for _, s := range []string{"420000", "0", "420000.0", "1e13", "-5", "420000.5", "123456789012345678901", "1e-30"} {
		kw := decimal.RequireFromString(s)
		n := contractOf(tariff.MethodContractDemand, kw)
		require.Equal(t, numOf(kw), n, s)
		r, a := amountProblemN(n)
		wr, wa := amountProblem(kw)
		require.Equal(t, [2]string{wr, wa}, [2]string{r, a}, s)
		require.Equal(t, num{d: kw}, contractOf(tariff.MethodCapacity, kw), s)
		require.Equal(t, num{d: kw}, contractOf(tariff.MethodActualDemand, kw), s)
	}
}
