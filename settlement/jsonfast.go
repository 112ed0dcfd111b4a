package settlement

import (
	"encoding/json"
	"unicode/utf8"
)

// fastParse parses one JSON value into the nodes parseJSON builds, in one
// pass over the bytes, about ten times faster than json.Decoder's tokens. It
// handles well-formed input only: on anything else (a syntax error, a key
// given twice, nesting deeper than maxFastDepth) it returns ok false and
// parseJSON parses again with json.Decoder, whose errors the messages quote.
// So the fast path changes no message and accepts nothing the slow one
// refuses; FuzzFastParse checks that both give the same nodes.
func fastParse(data []byte) (n *jnode, ok bool) {
	p := fastParser{data: data}
	n, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	return n, p.i == len(p.data)
}

// maxFastDepth bounds the nesting the fast parser follows; deeper input goes
// to json.Decoder, which has its own limit.
const maxFastDepth = 200

type fastParser struct {
	data []byte
	i    int
	slab []jnode // nodes are allocated 64 at a time
}

// node returns a new node of kind k.
func (p *fastParser) node(k jkind) *jnode {
	if len(p.slab) == 0 {
		p.slab = make([]jnode, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind = k
	return n
}

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) value(depth int) (_ *jnode, ok bool) {
	if depth > maxFastDepth {
		return nil, false
	}
	p.space()
	if p.i >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		p.i++
		n := p.node(jArr)
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.i++
			return n, true
		}
		for {
			v, ok := p.value(depth + 1)
			if !ok {
				return nil, false
			}
			n.arr = append(n.arr, v)
			p.space()
			if p.i >= len(p.data) {
				return nil, false
			}
			switch p.data[p.i] {
			case ',':
				p.i++
			case ']':
				p.i++
				return n, true
			default:
				return nil, false
			}
		}
	case c == '"':
		n := p.node(jStr)
		n.s, ok = p.str()
		return n, ok
	case c == 't':
		n := p.node(jBool)
		n.b = true
		return n, p.literal("true")
	case c == 'f':
		return p.node(jBool), p.literal("false")
	case c == 'n':
		return p.node(jNull), p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		n := p.node(jNum)
		n.s, ok = p.number()
		return n, ok
	}
	return nil, false
}

func (p *fastParser) object(depth int) (*jnode, bool) {
	p.i++ // {
	n := p.node(jObj)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return n, true
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		for _, seen := range n.keys {
			if seen == k {
				return nil, false // the slow parser names the key
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		n.keys, n.vals = append(n.keys, k), append(n.vals, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, false
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return n, true
		default:
			return nil, false
		}
	}
}

func (p *fastParser) literal(w string) bool {
	if len(p.data)-p.i < len(w) || string(p.data[p.i:p.i+len(w)]) != w {
		return false
	}
	p.i += len(w)
	return true
}

// str reads a string. One without escapes and in valid UTF-8 is its bytes;
// one with escapes is unquoted by encoding/json (rare in records).
func (p *fastParser) str() (string, bool) {
	start := p.i
	p.i++ // "
	escaped := false
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			raw := p.data[start+1 : p.i-1]
			if !escaped {
				if !utf8.Valid(raw) {
					return "", false // json.Decoder replaces bad bytes: let it
				}
				return string(raw), true
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.i], &s); err != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			escaped = true
			p.i += 2
		case c < 0x20:
			return "", false
		default:
			p.i++
		}
	}
	return "", false
}

// number reads a number as its text, checking JSON's grammar.
func (p *fastParser) number() (string, bool) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.data) && p.data[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return "", false
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return "", false
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	// A number runs into the next token only through a delimiter.
	if p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r', ',', ']', '}':
		default:
			return "", false
		}
	}
	return string(p.data[start:p.i]), true
}
