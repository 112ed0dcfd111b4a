// Package schema hands out the JSON Schema documents (draft 2020-12) of
// dianfei's JSON, versioned in their file names (README: JSON for other systems):
//
//   - record.v1.schema.json: one account-month as settlement.Record reads it;
//   - bill.v1.schema.json: a bill as json.Marshal of settlement.Bill writes it;
//   - savings.v2.schema.json: the savings command's JSON report.
//
// Each document's $id is https://github.com/dianfei/dianfei/settlement/schema/
// followed by its file name; record and savings refer to the bill's
// definitions by the relative name bill.v1.schema.json.
package schema

import (
	"embed"
	"io/fs"
)

//go:embed *.schema.json
var files embed.FS

// The schema documents' file names.
const (
	Record  = "record.v1.schema.json"
	Bill    = "bill.v1.schema.json"
	Savings = "savings.v2.schema.json"
)

// BaseURI is the prefix of every schema's $id; the file name follows it.
const BaseURI = "https://github.com/dianfei/dianfei/settlement/schema/"

// FS returns the schema documents, one file each, named as the constants.
func FS() fs.FS { return files }
