package settlement

import "github.com/shopspring/decimal"

var (
	forty000 = decimal.NewFromInt(40000)
	hundred  = decimal.NewFromInt(100)
)

// PowerFactorOf returns the power factor kWh / √(kWh² + kvarh²) rounded half
// up to 0.01, computed exactly without a square root: PF rounds to at least
// k/100 iff kWh² × 40000 ≥ (2k − 1)² × (kWh² + kvarh²) ((83)水电财字第215号,
// domain §3.5). ok is false when both are zero (no adjustment); kWh = 0 with
// kvarh > 0 gives 0.00.
func PowerFactorOf(kwh, kvarh decimal.Decimal) (pf decimal.Decimal, ok bool) {
	if kwh.IsZero() && kvarh.IsZero() {
		return decimal.Zero, false
	}
	p2 := kwh.Mul(kwh)
	lhs := p2.Mul(forty000)
	sum := p2.Add(kvarh.Mul(kvarh))
	holds := func(k int64) bool {
		t := decimal.NewFromInt(2*k - 1)
		return lhs.GreaterThanOrEqual(t.Mul(t).Mul(sum))
	}
	lo, hi := int64(0), int64(100) // holds(lo) is true (k = 0 always), find the largest k
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if holds(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return decimal.New(lo, -2), true
}
