package textfmt

import "testing"

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
