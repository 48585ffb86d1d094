package filters

import "testing"

func TestWelchGolden(t *testing.T) {
	for _, c := range smoothGoldenCases(t, "welch") {
		f, p := Welch(c.X, c.Call["fs"].(float64), c.intArg("nperseg"))
		ef, ep := peakRelErr(f, c.Fr), peakRelErr(p, c.PSD)
		t.Logf("%s %v: freq rel err %.3g, psd rel err %.3g", c.ID, c.Call, ef, ep)
		if !(ef <= c.tol()) || !(ep <= c.tol()) {
			t.Errorf("%s %v: rel err freq %.3g psd %.3g > tol %.3g", c.ID, c.Call, ef, ep, c.tol())
		}
	}
}
