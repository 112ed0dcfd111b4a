// Package textfmt formats numbers and aligns columns for the example commands'
// terminal output, counting East Asian wide characters as two columns.
package textfmt

import "strings"

// Group inserts thousands separators into a plain decimal string
// ("-1234567.50" → "-1,234,567.50").
func Group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Width is the display width of s in a monospaced terminal.
func Width(s string) int {
	n := 0
	for _, r := range s {
		if wide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return r >= 0x1100 && r <= 0x115F || r >= 0x2E80 && r <= 0x303E || r >= 0x3041 && r <= 0x33FF ||
		r >= 0x3400 && r <= 0x4DBF || r >= 0x4E00 && r <= 0x9FFF || r >= 0xA000 && r <= 0xA4CF ||
		r >= 0xAC00 && r <= 0xD7A3 || r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F ||
		r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6
}

// Pad pads s with spaces to display width w, on the left when right is true.
func Pad(s string, w int, right bool) string {
	fill := strings.Repeat(" ", max(0, w-Width(s)))
	if right {
		return fill + s
	}
	return s + fill
}

// Table formats rows as columns separated by two spaces, with a rule under
// the first row; right says which columns are right-aligned.
func Table(rows [][]string, right []bool, indent string) string {
	if len(rows) == 0 {
		return ""
	}
	ws := make([]int, len(rows[0]))
	for _, r := range rows {
		for c, v := range r {
			ws[c] = max(ws[c], Width(v))
		}
	}
	var b strings.Builder
	line := func(r []string) {
		cells := make([]string, len(r))
		for c, v := range r {
			cells[c] = Pad(v, ws[c], c < len(right) && right[c])
		}
		b.WriteString(strings.TrimRight(indent+strings.Join(cells, "  "), " ") + "\n")
	}
	line(rows[0])
	rule := make([]string, len(ws))
	for i, n := range ws {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, r := range rows[1:] {
		line(r)
	}
	return b.String()
}

// noLineStart are the characters a line may not start with (Chinese
// closing punctuation, 行首禁则); noLineEnd those it may not end with.
const (
	noLineStart = "，。、；：？！）》」』〕】”’%,.;:)]"
	noLineEnd   = "（《「『〔【“‘(["
)

// Wrap breaks s into lines of at most width display columns: the first
// line starts with first, the others with rest (a hanging indent). Lines
// break at spaces and between wide (East Asian) characters, never before a
// closing or after an opening punctuation mark; a word longer than the line
// stands alone on its line. width ≤ 0 means no limit.
func Wrap(s string, width int, first, rest string) []string {
	if width <= 0 {
		return []string{first + s}
	}
	// Tokens: runs of narrow non-space characters, single wide characters,
	// and runs of spaces.
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ':
			if cur.Len() > 0 && !strings.HasSuffix(cur.String(), " ") {
				flush()
			}
			cur.WriteRune(r)
		case wide(r) || strings.ContainsRune(noLineStart+noLineEnd, r) && r > 0x7f:
			flush()
			toks = append(toks, string(r))
		default:
			if strings.HasSuffix(cur.String(), " ") {
				flush()
			}
			cur.WriteRune(r)
		}
	}
	flush()
	// Glue tokens that may not be separated: a closing mark to what precedes
	// it, an opening mark to what follows it.
	var units []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if strings.HasPrefix(t, " ") && len(units) > 0 && i+1 < len(toks) && strings.ContainsRune(noLineStart, []rune(toks[i+1])[0]) {
			// "7.69 %": the mark may not start a line, so it stays with
			// the word before the space (a space unit is never measured).
			t = units[len(units)-1] + t
			units = units[:len(units)-1]
		}
		for i+1 < len(toks) && toks[i+1] != "" && toks[i+1][0] != ' ' {
			next := toks[i+1]
			r0 := []rune(next)[0]
			rl := []rune(t)[len([]rune(t))-1]
			if strings.ContainsRune(noLineStart, r0) || strings.ContainsRune(noLineEnd, rl) {
				t += next
				i++
				continue
			}
			break
		}
		units = append(units, t)
	}
	var lines []string
	line, prefix := first, first
	for _, u := range units {
		if strings.HasPrefix(u, " ") {
			if line != prefix {
				line += u
			}
			continue
		}
		if Width(line)+Width(u) > width && strings.TrimRight(line, " ") != strings.TrimRight(prefix, " ") {
			lines = append(lines, strings.TrimRight(line, " "))
			prefix = rest
			line = rest
		}
		line += u
	}
	return append(lines, strings.TrimRight(line, " "))
}
