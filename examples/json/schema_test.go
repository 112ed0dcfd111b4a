package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dianfei/dianfei/settlement/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// compile compiles the embedded schema documents.
func compile(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	names := []string{schema.Record, schema.Bill, schema.Savings}
	for _, n := range names {
		data, err := fs.ReadFile(schema.FS(), n)
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		require.NoError(t, err, n)
		require.NoError(t, c.AddResource(schema.BaseURI+n, doc), n)
	}
	out := map[string]*jsonschema.Schema{}
	for _, n := range names {
		s, err := c.Compile(schema.BaseURI + n)
		require.NoError(t, err, n)
		out[n] = s
	}
	return out
}

func validate(s *jsonschema.Schema, data []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// Every example record, every golden bill and every golden savings report
// is valid under its schema (settlement/schema); whoever changes one of
// these JSON shapes updates the schema, or this test fails.
func TestSchemas(t *testing.T) {
	schemas := compile(t)
	for _, c := range []struct{ glob, schema string }{
		{"records/*.json", schema.Record},
		{"testdata/*.bill.json", schema.Bill},
		{"../savings/testdata/*.json", schema.Savings},
	} {
		files, err := filepath.Glob(c.glob)
		require.NoError(t, err)
		require.NotEmpty(t, files, c.glob)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			require.NoError(t, validate(schemas[c.schema], data), f)
		}
	}
}

// The schemas refuse what the decoders refuse: a number for a decimal, an
// unknown key, an unknown code, money without two decimals, a direct-trade
// record without a contract, a savings report of another version.
func TestSchemasRefuse(t *testing.T) {
	schemas := compile(t)
	record, err := os.ReadFile("records/e1-catalog.json")
	require.NoError(t, err)
	bill, err := os.ReadFile("testdata/e1-catalog.bill.json")
	require.NoError(t, err)
	savings, err := os.ReadFile("../savings/testdata/smelter-s.json")
	require.NoError(t, err)
	for _, c := range []struct {
		schema   string
		doc      []byte
		old, new string
	}{
		{schema.Record, record, `"kw": "430000"`, `"kw": 430000`},
		{schema.Record, record, `"kw": "430000"`, `"kw": "430,000"`},
		{schema.Record, record, `"tables": []`, `"tables": [], "colour": "red"`},
		{schema.Record, record, `"method": "capacity"`, `"method": "by_capacity"`},
		{schema.Record, record, `"arrangement": "catalog"`, `"arrangement": "direct_trade"`},
		{schema.Record, record, `"month": "2016-11"`, `"month": "2016-13"`},
		{schema.Bill, bill, `"total": "162767450.00"`, `"total": "162767450"`},
		{schema.Bill, bill, `"code": "basic"`, `"code": "basic_charge"`},
		{schema.Bill, bill, `"method": "capacity"`, `"method": "contract_demand"`}, // contract_demand without contract_kw
		{schema.Savings, savings, `"schema": "dianfei.savings/v2"`, `"schema": "dianfei.savings/v1"`},
		{schema.Savings, savings, `"l1": "0.00"`, `"l1": 0`},
	} {
		bad := strings.Replace(string(c.doc), c.old, c.new, 1)
		require.NotEqual(t, string(c.doc), bad, c.old)
		require.Error(t, validate(schemas[c.schema], []byte(bad)), "%s: %s", c.schema, c.new)
	}
}
