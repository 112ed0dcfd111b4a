package schema_test

import (
	"fmt"
	"io/fs"

	"github.com/dianfei/dianfei/settlement/schema"
)

// Each schema is a file of the embedded FS; its $id is BaseURI + the name.
func Example() {
	for _, n := range []string{schema.Record, schema.Bill, schema.Savings} {
		data, err := fs.ReadFile(schema.FS(), n)
		if err != nil {
			panic(err)
		}
		fmt.Println(n, len(data) > 0)
	}
	fmt.Println(schema.BaseURI + schema.Bill)
	// Output:
	// record.v1.schema.json true
	// bill.v1.schema.json true
	// savings.v2.schema.json true
	// https://github.com/dianfei/dianfei/settlement/schema/bill.v1.schema.json
}
