package settlement

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"regexp"
	"testing"
	"time"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

var twoDecimals = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

// FuzzBill settles a random bill of any path (catalog, direct trade under
// either deviation rule set, agency or market purchase; TOU or flat) drawn
// from seed, with the month number, the kWh, a price and a transformer's kVA
// taken raw from the fuzzer (a month number outside 0 … 12 replaces the
// drawn month's). It checks that nothing panics; that bad input
// (a month that does not exist, a value above 10¹² or with more than 24
// decimal places, a negative one) is an *Error and valid input a bill;
// that the total is the sum of the rounded lines and every amount has two
// decimals; that the JSON marshals with every amount a two-decimal string;
// that every line equals the big-rational reference's; and that the
// numbers-only path gives the same total or the same error.
func FuzzBill(f *testing.F) {
	set := refSet(f)
	f.Fuzz(func(t *testing.T, kind uint8, seed uint64, month int8, kwh, price, kva string) {
		bc := genCase(int(kind)%len(kindNames), rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
		valid := true
		parse := func(s string) (decimal.Decimal, bool) {
			v, err := decimal.NewFromString(s)
			if err != nil || len(s) > 64 {
				return v, false
			}
			if r, _ := exact.Check(v); r != "" || v.IsNegative() {
				valid = false
			}
			return v, true
		}
		if month < 0 || month > 12 { // a month that does not exist; 0 … 12 keep the drawn month (tables in force)
			bc.u.Month.Month = time.Month(month)
			valid = false
		}
		if v, ok := parse(kwh); ok {
			if len(bc.u.ByPeriod) > 0 {
				bc.u.ByPeriod[tariff.PeriodPeak] = v
				sum := decimal.Zero
				for _, kwh := range bc.u.ByPeriod {
					sum = sum.Add(kwh)
				}
				bc.u.KWh = sum
				if r, _ := exact.Check(sum); r != "" {
					valid = false
				}
			} else {
				bc.u.KWh = v
			}
		}
		if v, ok := parse(price); ok {
			switch bc.kind {
			case 0:
				bc.u.KVarh = v
			case 1, 2:
				bc.contract.Price = decimal.NewNullDecimal(v)
			case 3:
				bc.purchase.AgencyPrice = decimal.NewNullDecimal(v)
			case 4:
				bc.purchase.Contracts[0].Price = decimal.NewNullDecimal(v)
			}
		}
		if v, ok := parse(kva); ok {
			bc.c.Units[0].KVA = v
			valid = valid && v.IsPositive()
			total := decimal.Zero
			for _, u := range bc.c.Units {
				total = total.Add(u.KVA)
			}
			if r, _ := exact.Check(total); r != "" {
				valid = false // each unit at most 10¹², but not in all
			}
		}
		b, err := bc.bill(set)
		checkTotal(t, set, bc, b, err)
		var ie *Error
		isErr := errors.As(err, &ie)
		switch {
		case isErr && ie.Rule != "":
			return // a suspension the rule set forbids
		case err != nil && valid:
			if isErr && (ie.Field == "purchase.contracts" || ie.Field == "usage.kwh") {
				return // several market contracts holding no kWh; kWh by period at most 10¹² each but not in sum
			}
			t.Fatalf("valid input refused: %v\n%s", err, bc)
		case err != nil:
			if !isErr {
				t.Fatalf("bad input is not an *Error: %T %v\n%s", err, err, bc)
			}
			return
		case !valid:
			t.Fatalf("bad input accepted\n%s", bc)
		}
		sum := decimal.Zero
		for _, l := range b.Lines {
			if !decimal.RequireFromString(Money(l.Amount)).Equal(l.Amount) {
				t.Fatalf("%s: amount %s has more than two decimals", l.Code, l.Amount)
			}
			sum = sum.Add(l.Amount)
		}
		if !sum.Equal(b.Total) {
			t.Fatalf("total %s ≠ Σ lines %s\n%s", b.Total, sum, bc)
		}
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		var j struct {
			Total string `json:"total"`
			Lines []struct {
				Amount string `json:"amount"`
			} `json:"lines"`
		}
		if err := json.Unmarshal(data, &j); err != nil {
			t.Fatal(err)
		}
		if !twoDecimals.MatchString(j.Total) || j.Total != Money(b.Total) {
			t.Fatalf("JSON total %q", j.Total)
		}
		for i, l := range j.Lines {
			if !twoDecimals.MatchString(l.Amount) || l.Amount != Money(b.Lines[i].Amount) {
				t.Fatalf("JSON amount %q", l.Amount)
			}
		}
		checkAgainstRef(t, set, bc, b)
	})
}
