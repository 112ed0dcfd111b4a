package settlement

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// slowParse is parseJSON without the fast path.
func slowParse(data []byte) (*jnode, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	n, err := parseValue(d, "")
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err == nil {
		return nil, &Error{Reason: "more"}
	}
	return n, nil
}

// checkFast fails when the fast parser accepts what json.Decoder refuses,
// or gives other nodes.
func checkFast(t *testing.T, data []byte) {
	fast, ok := fastParse(data)
	slow, err := slowParse(data)
	if !ok {
		return // the slow path decides
	}
	require.NoError(t, err, "the fast parser accepted %q", data)
	require.True(t, reflect.DeepEqual(slow, fast), "%q", data)
}

var fastSeeds = []string{
	`{"a":"b","c":[1,-2.5e+3,0,true,false,null,{}],"d":{"e":[]}}`,
	` { "a" : "x\"y\\u00e9\u2028\ud83d\ude00" , "b" : [ 1 , 2 ] } `,
	`"电"`, `-0`, `0.5`, `1E9`, `[]`, `{}`, `null`,
	// not JSON, or not what the fast path takes: the slow path decides
	`{"a":1,"a":2}`, `[1 2]`, `01`, `1.`, `-`, `1e`, `{"a" 1}`, `{"a":1,}`, `[1,]`, `"a`, "\"\x01\"", "\"\xff\"",
	`tru`, `nul`, `[1]x`, `1 2`, `{"a":"\x"}`, `[` + "\n", `"\ud800"`,
}

// The fast parser gives json.Decoder's nodes for every example record, bill
// and hand-picked case, and leaves every malformed one to json.Decoder.
func TestFastParse(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, []byte(s))
	}
	files, err := filepath.Glob("../examples/json/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		n, ok := fastParse(data)
		require.True(t, ok, f)
		slow, err := slowParse(data)
		require.NoError(t, err)
		require.True(t, reflect.DeepEqual(slow, n), f)
	}
	for _, s := range []string{`{"a":1,"a":2}`, `[1 2]`, `01`, `{"a":1,}`, "\"\xff\"", `1 2`} {
		_, ok := fastParse([]byte(s))
		require.False(t, ok, s)
	}
	deep := bytes.Repeat([]byte("["), maxFastDepth+2)
	_, ok := fastParse(append(deep, bytes.Repeat([]byte("]"), maxFastDepth+2)...))
	require.False(t, ok, "deeper than maxFastDepth goes to json.Decoder")
}

func FuzzFastParse(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkFast)
}
