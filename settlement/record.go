package settlement

import (
	"slices"
	"strconv"

	"github.com/dianfei/dianfei/tariff"
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
	if set == nil {
		return Bill{}, &Error{Field: "tables", Reason: "no tariff set given"}
	}
	for i, id := range r.Tables {
		if _, ok := set.Header(id); !ok {
			return Bill{}, &Error{Month: r.Usage.Month.String(), Field: "tables[" + strconv.Itoa(i) + "]", Value: id,
				Reason: "the tariff set has no table with this id", Allowed: "the ids of the default tables and of the tables added to the set"}
		}
	}
	switch r.Arrangement {
	case ArrangementDirectTrade:
		return DirectTradeBill(set, r.Customer, r.Usage, r.Options, *r.Contract)
	case ArrangementAgencyPurchase, ArrangementMarketPurchase:
		pu := *r.Purchase
		pu.Arrangement = r.Arrangement
		return PurchaseBill(set, r.Customer, r.Usage, r.Options, pu)
	}
	return CatalogBill(set, r.Customer, r.Usage, r.Options)
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
	err := decode(data, func(jr *jreader, n *jnode) {
		keys := append([]string{"arrangement", "customer", "usage", "contract?", "purchase?", "tables?"}, optionKeys...)
		o := jr.object("", n, keys...)
		if o == nil {
			return
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
	})
	if err != nil {
		return err
	}
	if err := v.check(); err != nil {
		return err
	}
	if err := checkCustomer(v.Customer); err != nil {
		return customerInMonth(err, v.Usage.Month)
	}
	if err := checkUsage(v.Usage); err != nil {
		return err
	}
	if err := checkOptions(v.Options, v.Usage.Month); err != nil {
		return err
	}
	if v.Contract != nil {
		if err := (&builder{u: Usage{Month: v.Usage.Month}}).checkContract(*v.Contract); err != nil {
			return err
		}
	}
	if v.Purchase != nil {
		if err := checkPurchase(*v.Purchase, v.Usage.Month); err != nil {
			return err
		}
	}
	*r = v
	return nil
}
