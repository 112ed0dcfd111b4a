package settlement

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/dianfei/dianfei/tariff"
	"github.com/stretchr/testify/require"
)

// ownedBill is a bill with every kind of slice a bill holds: lines with
// tables, documents and items (units, feeders, floor, funds, captive), sources
// with MEDIUM values (the catalog's funds.renewable), and warnings
// (counterfactual rules, eligibility, user-supplied levels).
func ownedBill(t testing.TB, set *tariff.Set) Bill {
	c := smelterS()
	c.Differential = true
	u := usage("2016-11", "300000000", "96000000", "430000")
	opt := contract("100000")
	opt.Rules = "cn-basic-rules-1996"
	opt.Captive = &Captive{SelfKWh: d("1000"), GenerationCost: d("0.3"), FundRate: d("0.05"), CrossSubsidy: d("0.01"), BackupFee: d("20"), BackupKVA: d("100")}
	b, err := CatalogBill(set, c, u, opt)
	require.NoError(t, err)
	return b
}

// editAll writes over every slice and map element a bill holds.
func editAll(b Bill) {
	for i := range b.Lines {
		l := &b.Lines[i]
		for j := range l.Tables {
			l.Tables[j] = "edited"
		}
		for j := range l.Documents {
			l.Documents[j] = "edited"
		}
		for j := range l.Items {
			l.Items[j] = Item{Kind: ItemFloor, Ref: "edited", Value: "edited"}
		}
		l.Code = "edited"
	}
	for i := range b.Sources {
		for j := range b.Sources[i].Medium {
			b.Sources[i].Medium[j] = "edited"
		}
		b.Sources[i].ID = "edited"
	}
	for i := range b.Warnings {
		b.Warnings[i] = Warning{Code: "edited", ZH: "edited", EN: "edited"}
	}
}

// A bill is the caller's own: editing every slice of one bill changes neither
// the tariff set nor the next bill, nor the other lines of the same bill.
func TestBillOwnsItsSlices(t *testing.T) {
	set := defaults(t)
	first := ownedBill(t, set)
	want, err := json.Marshal(first)
	require.NoError(t, err)
	// The bill has something in every slice the edit touches.
	medium := 0
	for _, s := range first.Sources {
		medium += len(s.Medium)
	}
	require.Positive(t, medium, "the catalog's MEDIUM values")
	var items, docs int
	for _, l := range first.Lines {
		items += len(l.Items)
		docs += len(l.Documents)
	}
	require.Positive(t, items)
	require.Positive(t, docs)
	// MEDIUM 1996 rules, counterfactual 1996 rules, contract 100,000 kW below
	// the floor 0.4 × 500,000 = 200,000 kW, MEDIUM power-factor base,
	// differential price, captive levels, the catalog's MEDIUM renewable
	// fund (in the funds line).
	require.Len(t, first.Warnings, 7)
	require.Len(t, mediumSubjects(first), 3)
	require.True(t, slices.ContainsFunc(first.Warnings, func(w Warning) bool { return w.Subject == "ln-catalog-2016 funds.renewable" }))

	editAll(first)
	edited, err := json.Marshal(first)
	require.NoError(t, err)
	require.NotEqual(t, string(want), string(edited), "the edit reached the bill")

	again, err := json.Marshal(ownedBill(t, set))
	require.NoError(t, err)
	require.Equal(t, string(want), string(again))
	h, _ := set.Header("ln-catalog-2016")
	require.Equal(t, []string{"classes.large_industry_chemical.basic_prices", "funds.renewable"}, h.MediumValues())
}

// Two goroutines settling and editing their own bills share nothing (run
// with -race).
func TestBillsEditedConcurrently(t *testing.T) {
	set := defaults(t)
	want, err := json.Marshal(ownedBill(t, set))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				b := ownedBill(t, set)
				got, err := json.Marshal(b)
				if err != nil || string(got) != string(want) {
					t.Error("a bill differs from the first one")
					return
				}
				editAll(b)
			}
		}()
	}
	wg.Wait()
}

// A clone shares nothing with its bill: editing every slice of the clone
// leaves the bill as it was.
func TestCloneOwnsItsSlices(t *testing.T) {
	b := ownedBill(t, defaults(t))
	want, err := json.Marshal(b)
	require.NoError(t, err)
	c := b.Clone()
	got, err := json.Marshal(c)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "a clone equals its bill")
	require.Equal(t, b, c, "a clone equals its bill, nil and empty slices alike")
	// The clone's slices share one backing array each, capacity-capped:
	// appending to one line's tables writes into none of its neighbours.
	require.NotEmpty(t, c.Lines[0].Tables)
	require.NotEmpty(t, c.Lines[0].Documents)
	docs0 := slices.Clone(c.Lines[0].Documents)
	c.Lines[0].Tables = append(c.Lines[0].Tables, "x")
	require.Equal(t, docs0, c.Lines[0].Documents)
	editAll(c)
	after, err := json.Marshal(b)
	require.NoError(t, err)
	require.Equal(t, string(want), string(after))
}

// A bill's items, basis strings, MEDIUM paths, sources and warnings share
// one block (startMem), each slice capacity-capped: appending to any of them
// writes into none of the others, and the bill's JSON is unchanged. The
// bills: ownedBill (a catalog bill in the catalog block), a direct-trade
// bill (the direct-trade block) and a catalog bill by capacity of 14 units,
// whose 14 unit items outgrow the block's 10 (items on the heap, the rest in
// the block).
func TestBillBlockAppendsApart(t *testing.T) {
	set := defaults(t)
	direct, err := DirectTradeBill(set, smelterS(), usage("2016-11", "300000000", "96000000", "430000"), capacity(),
		Contract{KWh: d("290000000"), Price: price("0.3449"), Deviation: "ln-deviation-interim"})
	require.NoError(t, err)
	many := smelterS()
	many.Units = nil
	for i := range 14 {
		many.Units = append(many.Units, Unit{ID: "T" + strconv.Itoa(i+1), KVA: d("40000")})
	}
	manyBill, err := CatalogBill(set, many, usage("2016-11", "300000000", "96000000", "430000"), capacity())
	require.NoError(t, err)
	items := 0
	for _, l := range manyBill.Lines {
		items += len(l.Items)
	}
	require.Greater(t, items, 14, "14 units itemised")
	owned := ownedBill(t, set)
	require.Greater(t, len(owned.Lines), 4, "captive lines beyond a catalog bill's room (startLines)")
	for _, b := range []Bill{owned, direct, manyBill} {
		want, err := json.Marshal(b)
		require.NoError(t, err)
		require.Equal(t, len(b.Lines), cap(b.Lines))
		lines := append(b.Lines, Line{Code: "x"})
		require.Len(t, lines, len(b.Lines)+1)
		for i := range b.Lines {
			l := &b.Lines[i]
			require.Equal(t, len(l.Tables), cap(l.Tables))
			require.Equal(t, len(l.Documents), cap(l.Documents))
			require.Equal(t, len(l.Items), cap(l.Items))
			l.Tables = append(l.Tables, "x")
			l.Documents = append(l.Documents, "x")
			l.Items = append(l.Items, Item{Kind: ItemFloor, Ref: "x", Value: "x"})
		}
		for i := range b.Sources {
			require.Equal(t, len(b.Sources[i].Medium), cap(b.Sources[i].Medium))
			b.Sources[i].Medium = append(b.Sources[i].Medium, "x")
		}
		require.Equal(t, len(b.Sources), cap(b.Sources))
		require.Equal(t, len(b.Warnings), cap(b.Warnings))
		srcs := append(b.Sources, Source{ID: "x"})
		warns := append(b.Warnings, Warning{Code: "x"})
		require.Len(t, srcs, len(b.Sources)+1)
		require.Len(t, warns, len(b.Warnings)+1)
		// Undo the appends of the lines' and sources' own slices: what is
		// left must be the bill as it was.
		for i := range b.Lines {
			l := &b.Lines[i]
			l.Tables, l.Documents, l.Items = l.Tables[:len(l.Tables)-1], l.Documents[:len(l.Documents)-1], l.Items[:len(l.Items)-1]
			if len(l.Tables) == 0 {
				l.Tables = nil
			}
			if len(l.Documents) == 0 {
				l.Documents = nil
			}
			if len(l.Items) == 0 {
				l.Items = nil
			}
		}
		for i := range b.Sources {
			b.Sources[i].Medium = b.Sources[i].Medium[:len(b.Sources[i].Medium)-1]
			if len(b.Sources[i].Medium) == 0 {
				b.Sources[i].Medium = nil
			}
		}
		got, err := json.Marshal(b)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
}

// startMem gives a bill of each arrangement an empty block with room for a
// typical bill of its kind; a bill that outgrows a part gets that part on
// the heap (append) and still owns each slice of its block.
func TestStartMem(t *testing.T) {
	for _, c := range []struct {
		arr                              Arrangement
		items, strs, medium, srcs, warns int
	}{
		{ArrangementCatalog, 10, 16, 8, 6, 10},
		{ArrangementAgencyPurchase, 12, 14, 8, 6, 15},
		{ArrangementMarketPurchase, 12, 14, 8, 6, 15},
		{ArrangementDirectTrade, 12, 36, 8, 9, 14},
	} {
		var b builder
		b.startMem(c.arr)
		require.Equal(t, [5]int{}, [5]int{len(b.items), len(b.strs), len(b.medium), len(b.srcs), len(b.warns)}, c.arr)
		require.Equal(t, [5]int{c.items, c.strs, c.medium, c.srcs, c.warns}, [5]int{cap(b.items), cap(b.strs), cap(b.medium), cap(b.srcs), cap(b.warns)}, c.arr)
		// Filled beyond their room, each part keeps its own values.
		for i := range c.items + 1 {
			b.items = append(b.items, Item{Ref: "item" + strconv.Itoa(i)})
		}
		for i := range c.strs + 1 {
			b.strs = append(b.strs, "str"+strconv.Itoa(i))
		}
		for i := range c.medium + 1 {
			b.medium = append(b.medium, "med"+strconv.Itoa(i))
		}
		for i := range c.srcs + 1 {
			b.srcs = append(b.srcs, Source{ID: "src" + strconv.Itoa(i)})
		}
		for i := range c.warns + 1 {
			b.warns = append(b.warns, Warning{Subject: "warn" + strconv.Itoa(i)})
		}
		for i := range b.items {
			require.Equal(t, "item"+strconv.Itoa(i), b.items[i].Ref)
		}
		for i := range b.strs {
			require.Equal(t, "str"+strconv.Itoa(i), b.strs[i])
		}
		for i := range b.medium {
			require.Equal(t, "med"+strconv.Itoa(i), b.medium[i])
		}
		for i := range b.srcs {
			require.Equal(t, "src"+strconv.Itoa(i), b.srcs[i].ID)
		}
		for i := range b.warns {
			require.Equal(t, "warn"+strconv.Itoa(i), b.warns[i].Subject)
		}
	}
}

// startLines gives a bill room for the lines it makes, less at most the
// three a bill may leave out (no power-factor line, no surcharge, no captive
// backup): on random records of every arrangement, with and without TOU
// periods, captive plants and smelter facts, no bill's lines outgrow their
// room (append would have moved them) and none leaves more than three places.
func TestStartLinesRoom(t *testing.T) {
	set := withTable(t, defaults(t), userRatiosYAML, testPeriods2016, testRatios2016)
	r := rand.New(rand.NewPCG(26, 1))
	seen := map[string]int{}
	for range 4000 {
		rec := randRecord(r)
		if rec.check() != nil {
			continue
		}
		// A month whose tables are in force, with the TOU ratios of its
		// structure, or none.
		if rec.Arrangement == ArrangementCatalog || rec.Arrangement == ArrangementDirectTrade {
			rec.Usage.Month, rec.Options.TOU = tariff.Month{Year: 2016, Month: 11}, "test-ratios"
		} else {
			rec.Usage.Month = tariff.Month{Year: 2026, Month: 9}
		}
		if r.IntN(2) == 0 || rec.Usage.ByPeriod == nil {
			rec.Options.TOU, rec.Usage.ByPeriod = "", nil
		} else {
			delete(rec.Usage.ByPeriod, tariff.PeriodCritical) // not in September
		}
		b := builder{}
		if rec.build(&b, set) != nil {
			continue
		}
		n := len(b.bill.Lines)
		require.LessOrEqual(t, n, b.linesRoom, "%s: %d lines, room for %d", rec.Arrangement, n, b.linesRoom)
		require.LessOrEqual(t, b.linesRoom-n, 3, "%s: %d lines, room for %d", rec.Arrangement, n, b.linesRoom)
		key := string(rec.Arrangement)
		if rec.Usage.ByPeriod != nil {
			key += "+tou"
		}
		if rec.Options.Captive != nil {
			key += "+captive"
		}
		seen[key]++
	}
	for _, k := range []string{"catalog", "catalog+tou", "catalog+captive", "direct_trade", "direct_trade+tou", "direct_trade+captive", "agency_purchase", "agency_purchase+tou", "market_purchase", "market_purchase+tou+captive"} {
		require.Positive(t, seen[k], "bills of kind %s settled: %v", k, seen)
	}
}
