package ephys

import (
	"testing"
)

func TestScale(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     float64
	}{
		{"mV", "mV", 1},
		{"V", "mV", 1000},
		{"mV", "µV", 1000},
		{"uV", "mV", 1e-3},
		{"μV", "uV", 1}, // Greek mu and "u" are both micro
		{"pA", "nA", 1e-3},
		{"nA", "pA", 1000},
		{"A", "nA", 1e9},
		{"µA", "nA", 1000},
		{"ms", "s", 1e-3},
		{"kOhm", "MOhm", 1e-3},
		{"weird", "weird", 1}, // equal strings convert even when unknown
	} {
		got, err := Scale(c.from, c.to)
		if err != nil {
			t.Errorf("Scale(%q, %q): %v", c.from, c.to, err)
			continue
		}
		// pow10 multiplies or divides by 10 at most 15 times: a few ulps at most.
		if d := got/c.want - 1; d > 1e-15 || d < -1e-15 {
			t.Errorf("Scale(%q, %q) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
	for _, c := range [][2]string{{"mV", "nA"}, {"mV", "furlong"}, {"", "mV"}, {"xV", "mV"}} {
		if _, err := Scale(c[0], c[1]); err == nil {
			t.Errorf("Scale(%q, %q): no error", c[0], c[1])
		}
	}
}

func TestNormalizeUnit(t *testing.T) {
	for in, want := range map[string]string{"uV": "µV", "μA": "µA", "µV": "µV", " mV ": "mV", "us": "µs", "unit": "unit"} {
		if got := NormalizeUnit(in); got != want {
			t.Errorf("NormalizeUnit(%q) = %q, want %q", in, got, want)
		}
	}
}
