package settlement

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/dianfei/dianfei/internal/exact"
	"github.com/dianfei/dianfei/tariff"
	"github.com/shopspring/decimal"
)

// JSON for other systems (README: JSON for other systems): every input and the bill marshal
// and unmarshal symmetrically. Decimals are JSON strings (money with exactly
// two decimals; quantities without trailing zeros; prices and inputs exactly
// as given), months YYYY-MM, dates YYYY-MM-DD, codes by their names.
// Decoding is strict: an unknown field, a number where a decimal string is
// expected, a bad decimal, month or date, or an unknown code is an
// *Error naming the JSON path; decoded inputs are then checked as the
// Go API checks them. The schemas are in settlement/schema.
//
// Optional keys: inputs are written with every key, null where a value is
// not given; on input, an optional key may be left out. A bill leaves out
// label (no label), a line's period (not split by TOU) and basis items (none),
// and basic_charge.contract_kw (method not contract_demand) and billed_kw
// (method capacity).

// ---- encoding helpers

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// optStr is nil (null) for "".
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optDec is nil (null) for an invalid NullDecimal, else the value as given.
func optDec(d decimal.NullDecimal) *string {
	if !d.Valid {
		return nil
	}
	s := Price(d.Decimal)
	return &s
}

func optDate(d tariff.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// marshal encodes v without escaping <, > and & (Chinese text and "T&D" stay readable).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// parsedCode reads a code with parse (a tariff parser); its *tariff.Error
// gives the codes allowed.
func parsedCode[T ~string](o *jobj, k string, optional bool, parse func(string) (T, error)) T {
	s := o.str(k)
	if o.r.err != nil || s == "" && optional {
		return ""
	}
	v, err := parse(s)
	if err != nil {
		allowed := ""
		if fe := (*tariff.Error)(nil); errors.As(err, &fe) {
			allowed = fe.Allowed
		}
		reason := "unknown code"
		if s == "" {
			reason = "missing"
		}
		o.r.fail(o.field(k), s, reason, allowed)
	}
	return v
}

// ---- Customer

type customerJSON struct {
	ID         string     `json:"id"`
	Name       *string    `json:"name"`
	Region     string     `json:"region"`
	Class      string     `json:"class"`
	VoltageKV  string     `json:"voltage_kv"`
	PFStandard string     `json:"pf_standard"`
	Units      []unitJSON `json:"units"`
	Diff       bool       `json:"differential"`
}

type unitJSON struct {
	ID           string           `json:"id"`
	Kind         string           `json:"kind"`
	KVA          string           `json:"kva"`
	Commissioned *string          `json:"commissioned"`
	Suspensions  []suspensionJSON `json:"suspensions"`
}

type suspensionJSON struct {
	Seal   string  `json:"seal"`
	Unseal *string `json:"unseal"`
}

// MarshalJSON encodes the customer with every key; name, commissioned and
// unseal are null when not given, pf_standard is "0.90", "0.85", "0.80" or
// "none".
func (c Customer) MarshalJSON() ([]byte, error) {
	cj := customerJSON{ID: c.ID, Name: optStr(c.Name), Region: c.Region, Class: c.Class, VoltageKV: Price(c.VoltageKV),
		PFStandard: string(c.PFStandard), Units: make([]unitJSON, len(c.Units)), Diff: c.Differential}
	for i, u := range c.Units {
		uj := unitJSON{ID: u.ID, Kind: unitKind(u.Motor), KVA: Price(u.KVA), Commissioned: optDate(u.Commissioned), Suspensions: make([]suspensionJSON, len(u.Suspensions))}
		for j, s := range u.Suspensions {
			uj.Suspensions[j] = suspensionJSON{Seal: s[0].String(), Unseal: optDate(s[1])}
		}
		cj.Units[i] = uj
	}
	return marshal(cj)
}

// UnmarshalJSON decodes a customer strictly and checks it as the bills do;
// errors name the path from "customer".
func (c *Customer) UnmarshalJSON(data []byte) error {
	var v Customer
	if err := decode(data, func(r *jreader, n *jnode) { v = readCustomer(r, "customer", n) }); err != nil {
		return err
	}
	if err := checkCustomer(v); err != nil {
		return err
	}
	*c = v
	return nil
}

func readCustomer(r *jreader, path string, n *jnode) Customer {
	o := r.object(path, n, "id", "name?", "region", "class", "voltage_kv", "pf_standard", "units", "differential?", "aluminium?")
	if o == nil {
		return Customer{}
	}
	// Records written before the smelter's facts moved to the month's usage
	// carry "aluminium": [] for every plant; an empty list (or null) says
	// nothing and is read as before; a list with facts is refused, naming
	// where they go now.
	if al := o.get("aluminium"); al != nil && (al.kind != jArr || len(al.arr) > 0) {
		r.fail(o.field("aluminium"), "", "the stepped-price facts moved to the month's usage", "[] or null; the facts of the month's year as usage.aluminium_kwh_per_tonne, usage.renewable_share and usage.provincial_weight (README §3.10)")
		return Customer{}
	}
	c := Customer{ID: o.str("id"), Name: o.str("name"), Region: o.str("region"), Class: o.str("class"),
		VoltageKV: o.dec("voltage_kv"), PFStandard: pfStandard(o, "pf_standard"),
		Differential: o.boolean("differential")}
	o.list("units", func(p string, n *jnode) {
		uo := r.object(p, n, "id", "kind", "kva", "commissioned?", "suspensions?")
		if uo == nil {
			return
		}
		u := Unit{ID: uo.str("id"), Motor: code(uo, "kind", false, "transformer", "motor") == "motor", KVA: uo.dec("kva"), Commissioned: uo.date("commissioned")}
		uo.list("suspensions", func(p string, n *jnode) {
			so := r.object(p, n, "seal", "unseal?")
			if so != nil {
				u.Suspensions = append(u.Suspensions, [2]tariff.Date{so.date("seal"), so.date("unseal")})
			}
		})
		c.Units = append(c.Units, u)
	})
	return c
}

// unitKind is a unit's kind as JSON names it.
func unitKind(motor bool) string {
	if motor {
		return "motor"
	}
	return "transformer"
}

// pfStandard reads a power-factor standard by its wire name: "0.90",
// "0.85", "0.80" or "none" ("0.9" is not one: JSON carries the names the
// schemas list; ParsePFStandard, for YAML, reads any decimal equal to one).
func pfStandard(o *jobj, k string) PFStandard {
	s := o.str(k)
	if o.r.err != nil {
		return ""
	}
	switch st := PFStandard(s); st {
	case PFStandard090, PFStandard085, PFStandard080, PFExempt:
		return st
	case "":
		o.r.fail(o.field(k), "", "missing", pfStandardText)
	default:
		o.r.fail(o.field(k), s, "unknown power-factor standard", pfStandardText)
	}
	return ""
}

// optQty is nil (null) for zero, else the value as given.
func optQty(d decimal.Decimal) *string {
	if d.IsZero() {
		return nil
	}
	s := Price(d)
	return &s
}

// ---- Usage

type usageJSON struct {
	Month    string          `json:"month"`
	KWh      string          `json:"kwh"`
	ByPeriod json.RawMessage `json:"kwh_by_period"`
	KVarh    string          `json:"kvarh"`
	Demand   []demandJSON    `json:"demand"`
	Warnings []Warning       `json:"warnings"`
	LossKWh  *string         `json:"transformer_loss_kwh"`
	LossKVar *string         `json:"transformer_loss_kvarh"`
	AlKWh    *string         `json:"aluminium_production_kwh"`
	AlShare  *string         `json:"aluminium_production_share"`
	AlKWhT   *string         `json:"aluminium_kwh_per_tonne"`
	Share    *string         `json:"renewable_share"`
	Weight   *string         `json:"provincial_weight"`
}

type demandJSON struct {
	Feeder string `json:"feeder"`
	KW     string `json:"kw"`
}

// MarshalJSON encodes the usage; kwh_by_period is an object in the order
// peak, flat, valley, critical ({"peak": "…", …}), or null when the kWh are
// not split; demand lists the feeders in the order of their names;
// transformer_loss_kwh and transformer_loss_kvarh are null when zero,
// aluminium_production_kwh, aluminium_production_share and the
// stepped-price facts aluminium_kwh_per_tonne, renewable_share and
// provincial_weight null when not given.
func (u Usage) MarshalJSON() ([]byte, error) {
	uj := usageJSON{Month: u.Month.String(), KWh: Price(u.KWh), ByPeriod: json.RawMessage("null"), KVarh: Price(u.KVarh),
		Demand: make([]demandJSON, len(u.Demand)), Warnings: nonNil(u.Warnings),
		LossKWh: optQty(u.TransformerLossKWh), LossKVar: optQty(u.TransformerLossKVarh),
		AlKWh: optDec(u.AluminiumProductionKWh), AlShare: optDec(u.AluminiumProductionShare),
		AlKWhT: optDec(u.AluminiumKWhPerTonne), Share: optDec(u.RenewableShare), Weight: optDec(u.ProvincialWeight)}
	if len(u.ByPeriod) > 0 {
		var b bytes.Buffer
		b.WriteByte('{')
		var buf [tariff.NumPeriods]periodKWh
		for i, p := range periodsOf(buf[:0], u) {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(string(p.Period))
			b.Write(k)
			b.WriteString(`:"` + Price(p.KWh) + `"`)
		}
		b.WriteByte('}')
		uj.ByPeriod = b.Bytes()
	}
	for i, f := range feedersOf(nil, u) {
		uj.Demand[i] = demandJSON{f, Price(u.Demand[f])}
	}
	return marshal(uj)
}

// UnmarshalJSON decodes a month's usage strictly and checks it as the bills
// do; errors name the path from "usage".
func (u *Usage) UnmarshalJSON(data []byte) error {
	var v Usage
	if err := decode(data, func(r *jreader, n *jnode) { v = readUsage(r, "usage", n) }); err != nil {
		return err
	}
	if err := checkUsage(v); err != nil {
		return err
	}
	*u = v
	return nil
}

func readUsage(r *jreader, path string, n *jnode) Usage {
	o := r.object(path, n, "month", "kwh", "kwh_by_period?", "kvarh", "demand", "warnings?",
		"transformer_loss_kwh?", "transformer_loss_kvarh?", "aluminium_production_kwh?", "aluminium_production_share?",
		"aluminium_kwh_per_tonne?", "renewable_share?", "provincial_weight?")
	if o == nil {
		return Usage{}
	}
	u := Usage{Month: o.month("month"), KWh: o.dec("kwh"), KVarh: o.dec("kvarh"),
		TransformerLossKWh: o.dec("transformer_loss_kwh"), TransformerLossKVarh: o.dec("transformer_loss_kvarh"),
		AluminiumProductionKWh: o.nullDec("aluminium_production_kwh"), AluminiumProductionShare: o.nullDec("aluminium_production_share"),
		AluminiumKWhPerTonne: o.nullDec("aluminium_kwh_per_tonne"), RenewableShare: o.nullDec("renewable_share"), ProvincialWeight: o.nullDec("provincial_weight")}
	if u.TransformerLossKWh.IsZero() {
		u.TransformerLossKWh = decimal.Decimal{}
	}
	if u.TransformerLossKVarh.IsZero() {
		u.TransformerLossKVarh = decimal.Decimal{}
	}
	if bp := o.get("kwh_by_period"); bp != nil && r.err == nil {
		if bp.kind != jObj {
			r.wrongKind(o.field("kwh_by_period"), bp, "an object of kWh by TOU period")
		}
		for i, k := range bp.keys {
			f := o.field("kwh_by_period") + "." + k
			p, err := tariff.ParsePeriod(k)
			if err != nil {
				r.fail(f, "", "unknown TOU period", "peak, flat, valley, critical")
				break
			}
			if u.ByPeriod == nil {
				u.ByPeriod = make(map[tariff.Period]decimal.Decimal, len(bp.keys))
			}
			u.ByPeriod[p] = r.decimalAt(f, bp.vals[i], canonExact)
		}
	}
	o.list("demand", func(p string, n *jnode) {
		do := r.object(p, n, "feeder", "kw")
		if do == nil {
			return
		}
		f, kw := do.str("feeder"), do.dec("kw")
		if _, twice := u.Demand[f]; twice && r.err == nil {
			r.err = &Error{Month: monthText(u.Month), Field: p + ".feeder", Value: f, Reason: "feeder listed twice"}
		}
		// The Go API's checks of a feeder (checkDemand), made here so that
		// the error names the feeder's place in the list: the map the list
		// becomes keeps no order.
		if r.err == nil && f == "" {
			r.err = &Error{Month: monthText(u.Month), Field: p + ".feeder", Reason: "missing"}
		}
		if reason, allowed := amountProblem(kw); r.err == nil && reason != "" {
			r.err = &Error{Month: monthText(u.Month), Field: p + ".kw", Value: exact.Text(kw), Reason: reason, Allowed: allowed}
		}
		if u.Demand == nil {
			u.Demand = map[string]decimal.Decimal{}
		}
		u.Demand[f] = kw
	})
	o.list("warnings", func(p string, n *jnode) {
		if w, ok := readWarning(r, p, n); ok {
			u.Warnings = append(u.Warnings, w)
		}
	})
	return u
}

// ---- Options (with the choice), Captive

type choiceJSON struct {
	Method     tariff.Method `json:"method"`
	ContractKW *string       `json:"contract_kw"`
}

type captiveJSON struct {
	SelfKWh         string  `json:"self_kwh"`
	GenerationCost  string  `json:"generation_cost"`
	FundRate        string  `json:"fund_rate"`
	CrossSubsidy    string  `json:"cross_subsidy"`
	BackupFee       *string `json:"backup_fee"`
	BackupKVA       *string `json:"backup_kva"`
	BackupFeePerKWh *string `json:"backup_fee_per_kwh"`
}

type optionsJSON struct {
	Choice  choiceJSON   `json:"choice"`
	Rules   *string      `json:"rules"`
	TOU     *string      `json:"tou"`
	Captive *captiveJSON `json:"captive"`
	Label   *string      `json:"label"`
}

func optionsOf(o Options) optionsJSON {
	oj := optionsJSON{Choice: choiceJSON{Method: o.Method}, Rules: optStr(o.Rules), TOU: optStr(o.TOU), Label: optStr(o.Label)}
	if o.Method == tariff.MethodContractDemand || !o.ContractKW.IsZero() {
		s := Price(o.ContractKW)
		oj.Choice.ContractKW = &s
	}
	if cs := o.Captive; cs != nil {
		cj := &captiveJSON{SelfKWh: Price(cs.SelfKWh), GenerationCost: Price(cs.GenerationCost), FundRate: Price(cs.FundRate), CrossSubsidy: Price(cs.CrossSubsidy),
			BackupFeePerKWh: optDec(cs.BackupFeePerKWh)}
		if !cs.BackupFeePerKWh.Valid {
			cj.BackupFee, cj.BackupKVA = optDec(decimal.NewNullDecimal(cs.BackupFee)), optDec(decimal.NewNullDecimal(cs.BackupKVA))
		}
		oj.Captive = cj
	}
	return oj
}

// MarshalJSON encodes the options: choice {method, contract_kw}, rules,
// tou, captive, label; contract_kw is null unless the method is
// contract_demand (or a contract demand is given), the others null when not
// given.
func (o Options) MarshalJSON() ([]byte, error) { return marshal(optionsOf(o)) }

// UnmarshalJSON decodes options strictly and checks them as the bills do.
func (o *Options) UnmarshalJSON(data []byte) error {
	var v Options
	err := decode(data, func(r *jreader, n *jnode) {
		if ob := r.object("", n, optionKeys...); ob != nil {
			v = readOptions(r, ob)
		}
	})
	if err != nil {
		return err
	}
	if err := checkOptions(v, tariff.Month{}); err != nil {
		return err
	}
	*o = v
	return nil
}

var optionKeys = []string{"choice", "rules?", "tou?", "captive?", "label?"}

// readOptions reads the option keys of o (an options object or a record).
func readOptions(r *jreader, o *jobj) Options {
	v := Options{Rules: o.str("rules"), TOU: o.str("tou"), Label: o.str("label")}
	if co := r.object(o.field("choice"), o.get("choice"), "method", "contract_kw?"); co != nil {
		v.Method, v.ContractKW = parsedCode(co, "method", false, tariff.ParseMethod), co.dec("contract_kw")
		if n := co.get("contract_kw"); r.err == nil && n != nil && v.Method != tariff.MethodContractDemand {
			r.fail(co.field("contract_kw"), n.s, contractWithoutMethod, contractWithoutMethodAllowed)
		}
	}
	if n := o.get("captive"); n != nil {
		if co := r.object(o.field("captive"), n, "self_kwh", "generation_cost", "fund_rate", "cross_subsidy", "backup_fee?", "backup_kva?", "backup_fee_per_kwh?"); co != nil {
			v.Captive = &Captive{SelfKWh: co.dec("self_kwh"), GenerationCost: co.dec("generation_cost"), FundRate: co.dec("fund_rate"), CrossSubsidy: co.dec("cross_subsidy"),
				BackupFee: co.dec("backup_fee"), BackupKVA: co.dec("backup_kva"), BackupFeePerKWh: co.nullDec("backup_fee_per_kwh")}
			perKVA := co.get("backup_fee") != nil || co.get("backup_kva") != nil
			switch {
			case r.err != nil:
			case v.Captive.BackupFeePerKWh.Valid && perKVA:
				r.fail(co.field("backup_fee_per_kwh"), v.Captive.BackupFeePerKWh.Decimal.String(), "the backup fee is given both per kWh and per kVA: a month gives one form or the other", "backup_fee with backup_kva, or backup_fee_per_kwh")
			case !v.Captive.BackupFeePerKWh.Valid && co.get("backup_fee") == nil:
				r.fail(co.field("backup_fee"), "", "missing", "backup_fee with backup_kva, or backup_fee_per_kwh")
			case !v.Captive.BackupFeePerKWh.Valid && co.get("backup_kva") == nil:
				r.fail(co.field("backup_kva"), "", "missing", "backup_fee with backup_kva, or backup_fee_per_kwh")
			}
		}
	}
	return v
}

// ---- Contract

type contractJSON struct {
	KWh       string  `json:"kwh"`
	Price     *string `json:"price"`
	TND       *string `json:"tnd"`
	Deviation string  `json:"deviation"`
}

// MarshalJSON encodes the contract: kwh, price (null when not given), tnd
// (null: the T&D tariff in force), deviation.
func (k Contract) MarshalJSON() ([]byte, error) {
	return marshal(contractJSON{Price(k.KWh), optDec(k.Price), optStr(k.TND), k.Deviation})
}

// UnmarshalJSON decodes a contract strictly and checks it as
// DirectTradeBill does; errors name the path from "contract".
func (k *Contract) UnmarshalJSON(data []byte) error {
	var v Contract
	if err := decode(data, func(r *jreader, n *jnode) { v = readContract(r, "contract", n) }); err != nil {
		return err
	}
	if err := (&builder{}).checkContract(v); err != nil {
		return err
	}
	*k = v
	return nil
}

func readContract(r *jreader, path string, n *jnode) Contract {
	o := r.object(path, n, "kwh", "price*", "tnd?", "deviation")
	if o == nil {
		return Contract{}
	}
	return Contract{KWh: o.dec("kwh"), Price: o.nullDec("price"), TND: o.str("tnd"), Deviation: o.str("deviation")}
}

// ---- Purchase

type purchaseJSON struct {
	Arrangement     Arrangement          `json:"arrangement,omitempty"`
	AgencyPrice     *string              `json:"agency_price"`
	Contracts       []marketContractJSON `json:"contracts"`
	SystemOperation *string              `json:"system_operation"`
	LossPrice       *string              `json:"published_loss_price"`
	TND             *string              `json:"tnd"`
	ExamplePrices   bool                 `json:"example_prices"`
}

type marketContractJSON struct {
	KWh   string  `json:"kwh"`
	Price *string `json:"price"`
}

func purchaseOf(pu Purchase) purchaseJSON {
	pj := purchaseJSON{Arrangement: pu.Arrangement, AgencyPrice: optDec(pu.AgencyPrice), Contracts: make([]marketContractJSON, len(pu.Contracts)),
		SystemOperation: optDec(pu.SystemOperation), LossPrice: optDec(pu.PublishedLossPrice), TND: optStr(pu.TND), ExamplePrices: pu.ExamplePrices}
	for i, k := range pu.Contracts {
		pj.Contracts[i] = marketContractJSON{Price(k.KWh), optDec(k.Price)}
	}
	return pj
}

// MarshalJSON encodes the purchase: arrangement, agency_price (null for
// market purchase), contracts ([] for agency purchase), system_operation,
// published_loss_price (null: the loss charge is computed from the rate),
// tnd (null: the table in force), example_prices. In a Record the
// arrangement is the record's and is left out.
func (pu Purchase) MarshalJSON() ([]byte, error) { return marshal(purchaseOf(pu)) }

// UnmarshalJSON decodes a purchase strictly and checks it as PurchaseBill
// does; errors name the path from "purchase".
func (pu *Purchase) UnmarshalJSON(data []byte) error {
	var v Purchase
	if err := decode(data, func(r *jreader, n *jnode) { v = readPurchase(r, "purchase", n, "") }); err != nil {
		return err
	}
	if err := checkPurchase(v, tariff.Month{}); err != nil {
		return err
	}
	*pu = v
	return nil
}

// readPurchase reads a purchase; arr is the record's arrangement, or empty
// when the purchase carries its own.
func readPurchase(r *jreader, path string, n *jnode, arr Arrangement) Purchase {
	keys := []string{"agency_price?", "contracts?", "system_operation*", "published_loss_price?", "tnd?", "example_prices?"}
	if arr == "" {
		keys = append(keys, "arrangement")
	}
	o := r.object(path, n, keys...)
	if o == nil {
		return Purchase{}
	}
	pu := Purchase{Arrangement: arr, AgencyPrice: o.nullDec("agency_price"), SystemOperation: o.nullDec("system_operation"), PublishedLossPrice: o.nullDec("published_loss_price"),
		TND: o.str("tnd"), ExamplePrices: o.boolean("example_prices")}
	if arr == "" {
		pu.Arrangement = code(o, "arrangement", false, ArrangementAgencyPurchase, ArrangementMarketPurchase)
	}
	o.list("contracts", func(p string, n *jnode) {
		if ko := r.object(p, n, "kwh", "price*"); ko != nil {
			pu.Contracts = append(pu.Contracts, Contract{KWh: ko.dec("kwh"), Price: ko.nullDec("price")})
		}
	})
	return pu
}

// checkPurchase makes the checks PurchaseBill makes on a purchase before it
// looks up any table.
func checkPurchase(pu Purchase, m tariff.Month) error {
	b := &builder{u: Usage{Month: m}}
	if a := pu.Arrangement; a != ArrangementAgencyPurchase && a != ArrangementMarketPurchase {
		return b.inputErr("purchase.arrangement", string(a), "unknown arrangement", "agency_purchase, market_purchase")
	}
	if _, err := b.purchasePriceOf(pu); err != nil {
		return err
	}
	if err := b.checkSystemOperation(pu.SystemOperation); err != nil {
		return err
	}
	return b.checkLossPrice(pu.PublishedLossPrice)
}

// ---- Bill

// MarshalJSON encodes the line with stable field names; the amount is a string
// with exactly two decimals, the unit price as the table gives it, the
// quantity without trailing zeros; period is left out when the line is not
// split by TOU, basis.items when there are none.
func (l Line) MarshalJSON() ([]byte, error) { return appendLine(nil, &l, false), nil }

// UnmarshalJSON decodes a line strictly.
func (l *Line) UnmarshalJSON(data []byte) error {
	return decode(data, func(r *jreader, n *jnode) {
		if v, ok := readLine(r, "", n); ok {
			*l = v
		}
	})
}

func readLine(r *jreader, path string, n *jnode) (Line, bool) {
	o := r.object(path, n, "code", "period?", "label_zh", "label_en", "quantity", "unit", "unit_price", "amount", "basis")
	if o == nil {
		return Line{}, false
	}
	o.notNull("period")
	l := Line{Code: parsedCode(o, "code", false, tariff.ParseLineCode), Period: parsedCode(o, "period", true, tariff.ParsePeriod),
		LabelZH: o.str("label_zh"), LabelEN: o.str("label_en"), Quantity: o.qty("quantity"), Unit: o.str("unit"),
		UnitPrice: o.dec("unit_price"), Amount: o.money("amount")}
	if bo := r.object(o.field("basis"), o.get("basis"), "tables", "documents", "clause", "clause_zh", "items?"); bo != nil {
		l.Tables, l.Documents, l.Clause, l.ClauseZH = bo.strings("tables"), bo.strings("documents"), bo.str("clause"), bo.str("clause_zh")
		bo.notNull("items")
		if n := bo.get("items"); r.err == nil && n != nil && n.kind == jArr && len(n.arr) == 0 {
			r.fail(bo.field("items"), "", "an empty list: a line without items leaves the key out", "")
		}
		bo.list("items", func(p string, n *jnode) {
			if it, ok := readItem(r, p, n); ok {
				l.Items = append(l.Items, it)
			}
		})
	}
	return l, r.err == nil
}

// MarshalJSON encodes an item as {"kind": …, "ref": …, "name": …, "value": …};
// name is the English name (Name), derived from kind and ref.
func (i Item) MarshalJSON() ([]byte, error) { return appendItem(nil, &i, false), nil }

// UnmarshalJSON decodes an item strictly; its name must be the one kind
// and ref give.
func (i *Item) UnmarshalJSON(data []byte) error {
	return decode(data, func(r *jreader, n *jnode) {
		if v, ok := readItem(r, "", n); ok {
			*i = v
		}
	})
}

func readItem(r *jreader, path string, n *jnode) (Item, bool) {
	o := r.object(path, n, "kind", "ref", "name", "value")
	if o == nil {
		return Item{}, false
	}
	it := Item{Kind: code(o, "kind", false, itemKinds...), Ref: o.str("ref"), Value: o.str("value")}
	if name := o.str("name"); r.err == nil && name != it.Name() {
		r.fail(o.field("name"), name, "does not match kind and ref", it.Name())
	}
	return it, r.err == nil
}

var itemKinds = []ItemKind{ItemUnit, ItemFeeder, ItemFund, ItemContract, ItemDiscount, ItemFloor, ItemExcess, ItemActualKWh, ItemContractedKWh,
	ItemMetered, ItemTransformer, ItemConsumption, ItemThreshold, ItemSteps, ItemRenewable, ItemProduction}

// MarshalJSON encodes the bill with stable field names; money as strings with
// two decimals (README, The bill: JSON). UnmarshalJSON reads it back into an
// equal Bill. json.Marshal(b) gives these bytes with <, > and & escaped, as
// AppendJSON does.
func (b Bill) MarshalJSON() ([]byte, error) {
	return appendBill(make([]byte, 0, billJSONSize(&b)), &b, false), nil
}

// AppendJSON appends to dst exactly the bytes json.Marshal(b) writes (the
// bill's JSON with <, > and & escaped as \u003c, \u003e and \u0026), without
// json.Marshal's second pass over them; for programs that write many bills.
func (b Bill) AppendJSON(dst []byte) []byte { return appendBill(dst, &b, true) }

// billJSONSize is a guess at the length of b's JSON, for its buffer.
func billJSONSize(b *Bill) int {
	return 512 + 600*len(b.Lines) + 300*len(b.Sources) + 400*len(b.Warnings)
}

// UnmarshalJSON decodes a bill strictly: every key the bill writes, codes
// that exist, money with exactly two decimals. The result equals the bill
// that was marshalled.
func (b *Bill) UnmarshalJSON(data []byte) error {
	return decode(data, func(r *jreader, n *jnode) {
		if v, ok := readBill(r, "", n); ok {
			*b = v
		}
	})
}

var arrangements = []Arrangement{ArrangementCatalog, ArrangementDirectTrade, ArrangementAgencyPurchase, ArrangementMarketPurchase}

func readBill(r *jreader, path string, n *jnode) (Bill, bool) {
	o := r.object(path, n, "month", "customer", "arrangement", "label?", "lines", "total", "power_factor", "basic_charge", "sources", "warnings")
	if o == nil {
		return Bill{}, false
	}
	b := Bill{Month: o.month("month"), Customer: o.str("customer"), Arrangement: code(o, "arrangement", false, arrangements...), Label: o.str("label"), Total: o.money("total")}
	if b.Month.IsZero() {
		r.fail(o.field("month"), "", "missing", "a month YYYY-MM")
	}
	o.notNull("label")
	o.list("lines", func(p string, n *jnode) {
		if l, ok := readLine(r, p, n); ok {
			b.Lines = append(b.Lines, l)
		}
	})
	if r.err == nil {
		sum := decimal.Zero
		for _, l := range b.Lines {
			sum = sum.Add(l.Amount)
		}
		if !sum.Equal(b.Total) {
			r.fail(o.field("total"), Money(b.Total), "not the sum of the lines' amounts, "+Money(sum), "the sum of lines[].amount")
		}
	}
	if po := r.object(o.field("power_factor"), o.get("power_factor"), "applied", "kwh", "kvarh", "value", "standard", "percent", "base", "table"); po != nil {
		b.PFApplied, b.PFKWh, b.PFKVarh, b.PF = po.boolean("applied"), po.qty("kwh"), po.qty("kvarh"), po.money("value")
		b.PFStandard, b.PFPercent, b.PFBase, b.PFTable = pfStandard(po, "standard"), po.qty("percent"), po.money("base"), po.str("table")
	}
	if bo := r.object(o.field("basic_charge"), o.get("basic_charge"), "rules", "document", "method", "contract_kw?", "billed_kw?", "demand_kw", "capacity_kva", "reading", "discount", "counterfactual"); bo != nil {
		b.Rules, b.RulesDocument, b.Method = bo.str("rules"), bo.str("document"), parsedCode(bo, "method", false, tariff.ParseMethod)
		b.ContractKW, b.BilledKW, b.DemandKW, b.CapacityKVA = bo.qty("contract_kw"), bo.qty("billed_kw"), bo.qty("demand_kw"), bo.qty("capacity_kva")
		b.Reading, b.Discount, b.Counterfactual = parsedCode(bo, "reading", false, tariff.ParseReading), bo.boolean("discount"), bo.boolean("counterfactual")
		bo.notNull("contract_kw", "billed_kw")
		// contract_kw only under contract demand, billed_kw except under capacity
		if m := b.Method; r.err == nil {
			if has := bo.get("contract_kw") != nil; has != (m == tariff.MethodContractDemand) {
				r.fail(bo.field("contract_kw"), "", "given exactly when the method is contract_demand", "")
			} else if has := bo.get("billed_kw") != nil; has != (m != tariff.MethodCapacity) {
				r.fail(bo.field("billed_kw"), "", "given exactly when the method is not capacity", "")
			}
		}
	}
	o.list("sources", func(p string, n *jnode) {
		if s, ok := readSource(r, p, n); ok {
			b.Sources = append(b.Sources, s)
		}
	})
	o.list("warnings", func(p string, n *jnode) {
		if w, ok := readWarning(r, p, n); ok {
			b.Warnings = append(b.Warnings, w)
		}
	})
	return b, r.err == nil
}

// canonical puts a bill's slices and decimals in the form its JSON decodes
// to: empty slices nil, money with two decimals, quantities without
// trailing zeros, prices as given, contract_kw and billed_kw zero where the
// JSON leaves them out. The bill's values and its JSON do not change.
func (b *Bill) canonical() {
	for i := range b.Lines {
		l := &b.Lines[i]
		// Each value already in its form (a whole, non-zero quantity; a
		// non-zero price without a positive exponent; a non-zero amount with
		// two decimals, as the builder's rounders give it) is the one its
		// function would return: only the others are read again.
		if l.Quantity.Exponent() != 0 || l.Quantity.IsZero() {
			l.Quantity = canonTrim(l.Quantity)
		}
		if l.UnitPrice.Exponent() > 0 || l.UnitPrice.IsZero() {
			l.UnitPrice = canonExact(l.UnitPrice)
		}
		if l.Amount.Exponent() != -2 || l.Amount.IsZero() {
			l.Amount = canonMoney(l.Amount)
		}
		l.Tables, l.Documents, l.Items = nilIfEmpty(l.Tables), nilIfEmpty(l.Documents), nilIfEmpty(l.Items)
	}
	b.Total = canonMoney(b.Total)
	b.PFKWh, b.PFKVarh, b.PF, b.PFPercent, b.PFBase = canonTrim(b.PFKWh), canonTrim(b.PFKVarh), canonMoney(b.PF), canonTrim(b.PFPercent), canonMoney(b.PFBase)
	b.DemandKW, b.CapacityKVA = canonTrim(b.DemandKW), canonTrim(b.CapacityKVA)
	contract, billed := b.ContractKW, b.BilledKW
	b.ContractKW, b.BilledKW = decimal.Decimal{}, decimal.Decimal{}
	if b.Method == tariff.MethodContractDemand {
		b.ContractKW = canonTrim(contract)
	}
	if b.Method != tariff.MethodCapacity {
		b.BilledKW = canonTrim(billed)
	}
	for i := range b.Sources {
		b.Sources[i].Medium = nilIfEmpty(b.Sources[i].Medium)
	}
	b.Lines, b.Sources, b.Warnings = nilIfEmpty(b.Lines), nilIfEmpty(b.Sources), nilIfEmpty(b.Warnings)
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// ---- Source, Warning

// MarshalJSON encodes a source with stable field names.
func (s Source) MarshalJSON() ([]byte, error) { return appendSource(nil, &s, false), nil }

// UnmarshalJSON decodes a source strictly.
func (s *Source) UnmarshalJSON(data []byte) error {
	return decode(data, func(r *jreader, n *jnode) {
		if v, ok := readSource(r, "", n); ok {
			*s = v
		}
	})
}

func readSource(r *jreader, path string, n *jnode) (Source, bool) {
	o := r.object(path, n, "id", "kind", "issuer", "document", "effective", "confidence", "medium_values")
	if o == nil {
		return Source{}, false
	}
	s := Source{ID: o.str("id"), Kind: parsedCode(o, "kind", false, tariff.ParseKind), Issuer: o.str("issuer"), Document: o.str("document"),
		Range: o.str("effective"), Confidence: parsedCode(o, "confidence", false, tariff.ParseConfidence), Medium: o.strings("medium_values")}
	return s, r.err == nil
}

// MarshalJSON encodes a warning with stable field names: code, subject ("" when
// the warning is about the whole bill), zh, en.
func (w Warning) MarshalJSON() ([]byte, error) { return appendWarning(nil, &w, false), nil }

// UnmarshalJSON decodes a warning strictly.
func (w *Warning) UnmarshalJSON(data []byte) error {
	return decode(data, func(r *jreader, n *jnode) {
		if v, ok := readWarning(r, "", n); ok {
			*w = v
		}
	})
}

func readWarning(r *jreader, path string, n *jnode) (Warning, bool) {
	o := r.object(path, n, "code", "subject", "zh", "en")
	if o == nil {
		return Warning{}, false
	}
	w := Warning{Code: code(o, "code", false, warningCodes...), Subject: o.str("subject"), ZH: o.str("zh"), EN: o.str("en")}
	return w, r.err == nil
}
