package settlement

import (
	"math/big"
	"math/bits"

	"github.com/dianfei/dianfei/tariff"

	"github.com/shopspring/decimal"
)

var (
	forty000 = big.NewInt(40000)
	// pow10[i] = 10^i, read-only.
	pow10 = func() []*big.Int {
		out := make([]*big.Int, 19)
		for i := range out {
			out[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
		}
		return out
	}()
)

// PowerFactorOf returns the power factor kWh / √(kWh² + kvarh²) rounded half
// up to 0.01, computed exactly without a square root of a decimal: PF rounds
// to at least k/100 iff kWh² × 40000 ≥ (2k − 1)² × (kWh² + kvarh²)
// ((83)水电财字第215号, README §3.5). Since (2k − 1)² is a whole number, that
// holds iff (2k − 1)² ≤ N = ⌊40000 kWh² ÷ (kWh² + kvarh²)⌋, so the largest k
// follows from the integer square root of N. ok is false when both are zero
// (no adjustment); kWh = 0 with kvarh > 0 gives 0.00.
func PowerFactorOf(kwh, kvarh decimal.Decimal) (pf decimal.Decimal, ok bool) {
	if kwh.IsZero() && kvarh.IsZero() {
		return decimal.Zero, false
	}
	return powerFactorN(numOf(kwh), numOf(kvarh))
}

// powerFactorN is PowerFactorOf on values whose coefficients were read once.
func powerFactorN(kwhN, kvarhN num) (pf decimal.Decimal, ok bool) {
	kwh, kvarh := kwhN.d, kvarhN.d
	if kwh.IsZero() && kvarh.IsZero() {
		return decimal.Zero, false
	}
	if k, ok := powerFactor64(kwhN, kvarhN); ok {
		return hundredths[k], true
	}
	// Both quantities as whole numbers at a common exponent.
	e := min(kwh.Exponent(), kvarh.Exponent())
	p := kwh.Coefficient()
	q := kvarh.Coefficient()
	scale := func(x *big.Int, from int32) {
		if d := from - e; d > 0 {
			if d < int32(len(pow10)) {
				x.Mul(x, pow10[d])
			} else {
				x.Mul(x, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil))
			}
		}
	}
	scale(p, kwh.Exponent())
	scale(q, kvarh.Exponent())
	p.Mul(p, p)
	q.Mul(q, q)
	q.Add(q, p) // kWh² + kvarh²
	p.Mul(p, forty000)
	p.Quo(p, q) // N (both positive: floor)
	p.Sqrt(p)   // ⌊√N⌋: the largest odd 2k − 1 ≤ it gives k
	k := (p.Int64() + 1) / 2
	return decimal.New(min(k, 100), -2), true
}

// powerFactor64 is PowerFactorOf in 64/128-bit integers, for coefficients
// below 2^31 at a common exponent; ok is false when they do not fit.
func powerFactor64(kwh, kvarh num) (int64, bool) {
	p, q := kwh.c, kvarh.c
	if !kwh.ok || !kvarh.ok || p < 0 || q < 0 {
		return 0, false
	}
	ep, eq := kwh.e, kvarh.e
	for ep > eq { // bring both to the smaller exponent
		if p > 1<<31 {
			return 0, false
		}
		p *= 10
		ep--
	}
	for eq > ep {
		if q > 1<<31 {
			return 0, false
		}
		q *= 10
		eq--
	}
	if p >= 1<<31 || q >= 1<<31 {
		return 0, false
	}
	up, uq := uint64(p), uint64(q)
	s := up*up + uq*uq // < 2^63
	hi, lo := bits.Mul64(up*up, 40000)
	n, _ := bits.Div64(hi, lo, s) // N = ⌊40000 p² / (p² + q²)⌋ ≤ 40000, so hi < s
	r := uint64(0)                // ⌊√N⌋ by bisection over 0 … 200
	for lo, hi := uint64(0), uint64(201); lo < hi; {
		mid := (lo + hi) / 2
		if mid*mid <= n {
			r, lo = mid, mid+1
		} else {
			hi = mid
		}
	}
	return min(int64(r+1)/2, 100), true
}

// powerFactor adds the power-factor adjustment line (功率因数调整电费,
// (83)水电财字第215号, README §3.5): the month's power factor from kWh and kvarh,
// the table of the customer's standard (0.90, 0.85 or 0.80) gives the percent,
// and the line is that percent of the base, the sum of the rounded lines whose
// codes the table lists (by default every line except funds, deviation,
// surcharges and captive items). No line when kWh and kvarh are both zero.
// No line either for a plant whose standard is none (exempt: the bill says
// so). With transformer losses the power factor uses the billed kWh and
// kvarh (README §3.11). Call it after every line of the base has been added.
func (b *builder) powerFactor() error {
	if b.c.PFStandard == PFExempt {
		b.bill.PFStandard, b.bill.PF, b.bill.PFKWh, b.bill.PFKVarh = PFExempt, decimal.New(0, -2), b.u.KWh, b.u.KVarh
		b.warning(Warning{Code: WarningPFExempt,
			ZH: "用户的功率因数考核标准为“不考核”（none）：本账单不计功率因数调整电费",
			EN: "the plant's power-factor standard is none (exempt): no power-factor adjustment applies to this bill"})
		return nil
	}
	std, _ := b.c.PFStandard.Decimal()
	t, err := b.set.PowerFactor(b.c.Region, std, b.date)
	if err != nil {
		return err
	}
	pf, ok := powerFactorN(b.kwhN, b.kvarhN)
	h := t.Head()
	b.bill.PFApplied, b.bill.PF, b.bill.PFStandard, b.bill.PFTable, b.bill.PFKWh, b.bill.PFKVarh = ok, pf, b.c.PFStandard, h.ID, b.u.KWh, b.u.KVarh
	if !ok {
		return nil
	}
	b.use(&h, "base")
	pct, ok := t.PercentAt(int(pf.Shift(2).IntPart()))
	if !ok {
		return b.ruleErr(h, "usage.kvarh", "", "segments", "no row for power factor "+pf.StringFixed(2), "")
	}
	var fbuf [bufN]int64
	fen := fbuf[:0] // the fen of the lines in the base
	codes, fs := b.codes.all(), b.fen.all()
	for i, c := range codes {
		if t.InBase(c) {
			fen = append(fen, fs[i])
		}
	}
	// The base's coefficient read once, for the amount; in decimal when an
	// amount has no fen.
	baseN, ok := sumFen(fen)
	if !ok {
		var covered []decimal.Decimal
		for i, a := range b.amts.all() {
			if t.InBase(codes[i]) {
				covered = append(covered, a)
			}
		}
		baseN = numOf(sumSlow(covered))
	}
	base := baseN.d
	b.bill.PFPercent, b.bill.PFBase = pct, base
	amt, f := mulRoundShiftF(baseN, pct, -2)
	l := Line{Code: tariff.LinePowerFactor, Quantity: base, Unit: "元", UnitPrice: pct, Amount: amt}
	if !b.lean {
		if baseN.ok && baseN.e == -2 && baseN.c%10 == 0 {
			// A base in whole 角 or 元 is shown without the trailing zeros
			// (canonTrim), trimmed here in int64; any other base is shown as
			// it is.
			l.Quantity = trimFen(baseN.c)
		}
		en, zh := t.Clause()
		l.Clause, l.ClauseZH = b.basis(en, zh, &h)
		b.lossKVarhItems()
	}
	b.addFen(l, f)
	return nil
}
