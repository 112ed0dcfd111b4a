package textfmt

import (
	"slices"
	"strings"
	"testing"
)

func TestGroupWidthPad(t *testing.T) {
	for in, want := range map[string]string{"0.00": "0.00", "-1112550.00": "-1,112,550.00", "1963332730.00": "1,963,332,730.00", "300000000": "300,000,000", "999": "999", "1000": "1,000"} {
		if got := Group(in); got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
	}
	if w := Width("电费 A₂"); w != 7 { // 电 费 wide (4) + space + A + ₂
		t.Errorf("Width = %d, want 7", w)
	}
	if got := Pad("合计", 6, true); got != "  合计" {
		t.Errorf("Pad = %q", got)
	}
}

func TestWrap(t *testing.T) {
	got := Wrap("the saving rests on these assumptions", 16, "* ", "  ")
	want := []string{"* the saving", "  rests on these", "  assumptions"}
	if len(got) != len(want) {
		t.Fatalf("Wrap = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
	// 10 columns: 合计节省 is 8 columns, its closing mark may not start a line.
	got = Wrap("合计节省（元）。", 10, "", "")
	if got[0] != "合计节省" || got[1] != "（元）。" {
		t.Errorf("Wrap CJK = %q", got)
	}
	for _, l := range Wrap("节省 103,294,508.00 元，占全年电费的 5.26%。", 16, "", "") {
		if Width(l) > 16 {
			t.Errorf("line %q wider than 16", l)
		}
	}
}

// A mark that may not start a line, after a space ("7.69 %"), stays with the
// word before it, and the line still fits.
func TestWrapSpaceBeforeMark(t *testing.T) {
	s := strings.Repeat("x", 94) + " 7.69 % of it"
	got := Wrap(s, 100, "", "")
	if want := []string{strings.Repeat("x", 94), "7.69 % of it"}; !slices.Equal(got, want) {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
}
