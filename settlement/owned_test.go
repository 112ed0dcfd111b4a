package settlement

import (
	"encoding/json"
	"slices"
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
// one block (billMem), each slice capacity-capped: appending to any of them
// writes into none of the others, and the bill's JSON is unchanged.
func TestBillBlockAppendsApart(t *testing.T) {
	b := ownedBill(t, defaults(t))
	want, err := json.Marshal(b)
	require.NoError(t, err)
	for i := range b.Lines {
		l := &b.Lines[i]
		require.Equal(t, len(l.Tables), cap(l.Tables))
		require.Equal(t, len(l.Documents), cap(l.Documents))
		require.Equal(t, len(l.Items), cap(l.Items))
		_ = append(l.Tables, "x")
		_ = append(l.Documents, "x")
		_ = append(l.Items, Item{Kind: ItemFloor, Ref: "x", Value: "x"})
	}
	for i := range b.Sources {
		require.Equal(t, len(b.Sources[i].Medium), cap(b.Sources[i].Medium))
		_ = append(b.Sources[i].Medium, "x")
	}
	require.Equal(t, len(b.Sources), cap(b.Sources))
	require.Equal(t, len(b.Warnings), cap(b.Warnings))
	_ = append(b.Sources, Source{ID: "x"})
	_ = append(b.Warnings, Warning{Code: "x"})
	got, err := json.Marshal(b)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// carve takes a bill's slices from billSmall, then billLarge, then gives
// each part that fits neither its own slice: always empty, with the
// capacity asked for, nil for no items or strings, non-nil for sources and
// warnings; and the slices of one block do not overlap.
func TestCarve(t *testing.T) {
	for _, n := range [][4]int{{0, 0, 0, 0}, {6, 16, 3, 5}, {8, 20, 4, 8}, {9, 20, 4, 8}, {11, 28, 6, 8}, {12, 32, 8, 12}, {13, 40, 9, 20}, {1, 1, 30, 1}} {
		var m billMem
		m.carve(n[0], n[1], n[2], n[3])
		require.Equal(t, [4]int{0, 0, 0, 0}, [4]int{len(m.items), len(m.strs), len(m.srcs), len(m.warns)}, n)
		require.Equal(t, n, [4]int{cap(m.items), cap(m.strs), cap(m.srcs), cap(m.warns)}, n)
		require.Equal(t, n[0] == 0, m.items == nil, n)
		require.Equal(t, n[1] == 0, m.strs == nil, n)
		require.NotNil(t, m.srcs, n)
		require.NotNil(t, m.warns, n)
		// Filled to capacity, each slice keeps its own values.
		for range n[0] {
			m.items = append(m.items, Item{Ref: "item"})
		}
		for range n[1] {
			m.strs = append(m.strs, "str")
		}
		for range n[2] {
			m.srcs = append(m.srcs, Source{ID: "src"})
		}
		for range n[3] {
			m.warns = append(m.warns, Warning{Subject: "warn"})
		}
		for _, it := range m.items {
			require.Equal(t, "item", it.Ref)
		}
		for _, s := range m.strs {
			require.Equal(t, "str", s)
		}
		for _, s := range m.srcs {
			require.Equal(t, "src", s.ID)
		}
		for _, w := range m.warns {
			require.Equal(t, "warn", w.Subject)
		}
	}
}
