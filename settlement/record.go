package settlement

import (
	"slices"
	"strconv"

	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// Record is one account-month as another system sends it: the customer, the
// month's usage, how the energy is bought, the options, the contract
// (direct trade) or purchase (2023+), and the ids of the tables beyond the
// defaults that it needs (a TOU ratios table, an approved T&D table…).
// Settle settles it; its JSON (README: JSON for other systems; schema
// settlement/schema/record.v1.schema.json) is
//
//	{"arrangement": "catalog", "customer": {…}, "usage": {…},
//	 "choice": {"method": "capacity", "contract_kw": null}, "rules": null,
//	 "tou": null, "captive": null, "label": null,
//	 "contract": null, "purchase": null, "tables": []}
//
// with the options' keys at the top level, and the purchase without its
// arrangement (the record's).
type Record struct {
	// Arrangement is how the energy is bought: catalog, direct_trade,
	// agency_purchase or market_purchase.
	Arrangement Arrangement
	Customer    Customer  // the plant billed
	Usage       Usage     // the month's metered usage; its Month is the month billed
	Options     Options   // basic-charge choice, rule set, TOU table, captive plant, label
	Contract    *Contract // direct_trade only
	Purchase    *Purchase // agency_purchase and market_purchase only; its Arrangement is the record's
	Tables      []string  // ids of tables the record names that the defaults do not hold
}

// Settle settles the record with the tables of set: CatalogBill,
// DirectTradeBill or PurchaseBill as its arrangement says. It returns their
// errors, and an *Error when a table the record lists is not in set.
func (r Record) Settle(set *tariff.Set) (Bill, error) {
	if err := r.check(); err != nil {
		return Bill{}, err
	}
	return r.settle(set, false)
}

// SettleJSON decodes data into r as UnmarshalJSON does and settles it as
// Settle does, checking the inputs once instead of twice: the bill, or the
// error, that UnmarshalJSON and then Settle give, for a program that
// settles many records. r is left unchanged when data does not decode.
func (r *Record) SettleJSON(set *tariff.Set, data []byte) (Bill, error) {
	var v Record
	if err := unmarshalRecord(data, &v); err != nil {
		return Bill{}, err
	}
	*r = v
	return v.settle(set, true)
}

// settle settles a record that passed check; checked says that it passed
// checkInputs, whose checks the bill then does not make again.
func (r *Record) settle(set *tariff.Set, checked bool) (Bill, error) {
	if set == nil {
		return Bill{}, &Error{Field: "tables", Reason: "no tariff set given"}
	}
	for i, id := range r.Tables {
		if _, ok := set.Header(id); !ok {
			return Bill{}, &Error{Month: r.Usage.Month.String(), Field: "tables[" + strconv.Itoa(i) + "]", Value: id,
				Reason: "the tariff set has no table with this id", Allowed: "the ids of the default tables and of the tables added to the set"}
		}
	}
	b := builder{checked: checked}
	if err := r.build(&b, set); err != nil {
		return Bill{}, err
	}
	return b.bill, nil
}

// build builds r's bill in b by the recipe of its arrangement.
func (r *Record) build(b *builder, set *tariff.Set) error {
	switch r.Arrangement {
	case ArrangementDirectTrade:
		return b.directTrade(set, r.Customer, r.Usage, r.Options, *r.Contract)
	case ArrangementAgencyPurchase, ArrangementMarketPurchase:
		pu := *r.Purchase
		pu.Arrangement = r.Arrangement
		return b.purchase(set, r.Customer, r.Usage, r.Options, pu)
	}
	return b.catalog(set, r.Customer, r.Usage, r.Options)
}

// check checks that the arrangement is known and comes with a contract or a
// purchase exactly where it needs one.
func (r Record) check() error {
	bad := func(field, reason string) error {
		e := &Error{Field: field, Reason: reason}
		if !r.Usage.Month.IsZero() {
			e.Month = r.Usage.Month.String()
		}
		return e
	}
	switch r.Arrangement {
	case ArrangementCatalog, ArrangementDirectTrade, ArrangementAgencyPurchase, ArrangementMarketPurchase:
	default:
		e := bad("arrangement", "unknown arrangement").(*Error)
		e.Value, e.Allowed = string(r.Arrangement), "catalog, direct_trade, agency_purchase, market_purchase"
		return e
	}
	direct, purchase := r.Arrangement == ArrangementDirectTrade, r.Arrangement == ArrangementAgencyPurchase || r.Arrangement == ArrangementMarketPurchase
	switch {
	case direct && r.Contract == nil:
		return bad("contract", "missing: a direct_trade record needs a contract")
	case !direct && r.Contract != nil:
		return bad("contract", "only a direct_trade record has a contract")
	case purchase && r.Purchase == nil:
		return bad("purchase", "missing: an "+string(r.Arrangement)+" record needs a purchase")
	case !purchase && r.Purchase != nil:
		return bad("purchase", "only agency_purchase and market_purchase records have a purchase")
	}
	for i, id := range r.Tables {
		if slices.Contains(r.Tables[:i], id) {
			e := bad("tables["+strconv.Itoa(i)+"]", "table id listed twice").(*Error)
			e.Value, e.Allowed = id, "each id once"
			return e
		}
	}
	return nil
}

type recordJSON struct {
	Arrangement Arrangement   `json:"arrangement"`
	Customer    Customer      `json:"customer"`
	Usage       Usage         `json:"usage"`
	Choice      choiceJSON    `json:"choice"`
	Rules       *string       `json:"rules"`
	TOU         *string       `json:"tou"`
	Captive     *captiveJSON  `json:"captive"`
	Label       *string       `json:"label"`
	Contract    *Contract     `json:"contract"`
	Purchase    *purchaseJSON `json:"purchase"`
	Tables      []string      `json:"tables"`
}

// MarshalJSON encodes the record with every key (README: JSON for other systems).
func (r Record) MarshalJSON() ([]byte, error) {
	o := optionsOf(r.Options)
	rj := recordJSON{Arrangement: r.Arrangement, Customer: r.Customer, Usage: r.Usage, Choice: o.Choice, Rules: o.Rules, TOU: o.TOU,
		Captive: o.Captive, Label: o.Label, Contract: r.Contract, Tables: nonNil(r.Tables)}
	if r.Purchase != nil {
		pj := purchaseOf(*r.Purchase)
		pj.Arrangement = ""
		rj.Purchase = &pj
	}
	return marshal(rj)
}

// UnmarshalJSON decodes a record strictly (errors name the JSON path, e.g.
// usage.demand[1].kw) and checks it as Settle does before it looks up a
// table.
func (r *Record) UnmarshalJSON(data []byte) error {
	var v Record
	if err := unmarshalRecord(data, &v); err != nil {
		return err
	}
	*r = v
	return nil
}

// unmarshalRecord decodes data into v, which is zero, and checks it as Settle
// does before it looks up a table. A record that fastRecord takes is read
// once; anything else is read by the strict reader, whose errors name the
// JSON path.
func unmarshalRecord(data []byte, v *Record) error {
	if !fastRecord(data, v) {
		*v = Record{}
		if err := decode(data, func(jr *jreader, n *jnode) { *v = readRecord(jr, n) }); err != nil {
			return err
		}
	}
	return v.checkInputs()
}

// readRecord reads a record with the strict reader.
func readRecord(jr *jreader, n *jnode) Record {
	var v Record
	keys := append([]string{"arrangement", "customer", "usage", "contract?", "purchase?", "tables?"}, optionKeys...)
	o := jr.object("", n, keys...)
	if o == nil {
		return v
	}
	v.Arrangement = code(o, "arrangement", false, arrangements...)
	v.Customer = readCustomer(jr, "customer", o.get("customer"))
	v.Usage = readUsage(jr, "usage", o.get("usage"))
	v.Options = readOptions(jr, o)
	if n := o.get("contract"); n != nil {
		k := readContract(jr, "contract", n)
		v.Contract = &k
	}
	if n := o.get("purchase"); n != nil {
		pu := readPurchase(jr, "purchase", n, v.Arrangement)
		v.Purchase = &pu
	}
	v.Tables = o.strings("tables")
	return v
}

// checkInputs makes the checks of Settle and of the bills on a record's
// inputs, before any table is looked up.
//
// The bills' own checks (builder.init) are these, less the record's: a
// builder with checked set skips them.
func (r *Record) checkInputs() error {
	if err := r.check(); err != nil {
		return err
	}
	if err := checkCustomer(r.Customer); err != nil {
		return customerInMonth(err, r.Usage.Month)
	}
	if err := checkUsage(r.Usage); err != nil {
		return err
	}
	if err := checkOptions(r.Options, r.Usage.Month); err != nil {
		return err
	}
	if r.Contract != nil {
		if err := (&builder{u: Usage{Month: r.Usage.Month}}).checkContract(*r.Contract); err != nil {
			return err
		}
	}
	if r.Purchase != nil {
		if err := checkPurchase(*r.Purchase, r.Usage.Month); err != nil {
			return err
		}
	}
	return nil
}

// unitsKVA is the units' kVA in all, as customerKVA sums it, for a customer
// already checked.
func unitsKVA(c Customer) decimal.Decimal {
	var buf [8]decimal.Decimal
	kvas := buf[:0]
	for _, u := range c.Units {
		kvas = append(kvas, u.KVA)
	}
	return sum(kvas)
}
