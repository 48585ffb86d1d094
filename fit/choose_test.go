package fit

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestChooseExp(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	tt := linspace(0, 0.002, 3000)
	for _, c := range []struct {
		name     string
		amp, tau []float64
		want     int
	}{
		{"mono", []float64{-500}, []float64{0.7}, 1},
		{"bi", []float64{-400, -200}, []float64{0.1, 2}, 2},
		{"tri", []float64{-400, -300, -200}, []float64{0.02, 0.3, 3}, 3},
	} {
		y := synthExp(rng, tt, c.amp, c.tau, -10, 5)
		r, ch, err := ChooseExp(tt, y, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ch.N != c.want || len(r.Tau) != c.want {
			t.Errorf("%s: chose %d components (%v), want %d; p %v, rejected %q", c.name, ch.N, r.Tau, c.want, ch.P, ch.Rejected)
		}
	}
}

// Guards: a second component with the opposite sign is refused by default
// and accepted with MixedSigns; time constants closer than the ratio are
// refused.
func TestChooseExpGuards(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	tt := linspace(0, 0.002, 3000)
	y := synthExp(rng, tt, []float64{-400, 300}, []float64{0.1, 1}, -10, 2)
	_, ch, err := ChooseExp(tt, y, &ChooseOptions{MaxN: 2})
	if err != nil {
		t.Fatal(err)
	}
	if ch.N != 1 || ch.Rejected[1] == "" {
		t.Errorf("mixed signs: chose %d, rejected %q", ch.N, ch.Rejected)
	}
	_, ch, _ = ChooseExp(tt, y, &ChooseOptions{MaxN: 2, MixedSigns: true})
	if ch.N != 2 {
		t.Errorf("MixedSigns: chose %d, rejected %q", ch.N, ch.Rejected)
	}
	_, ch, _ = ChooseExp(tt, y, &ChooseOptions{MaxN: 2, MixedSigns: true, MinTauRatio: 20})
	if ch.N != 1 {
		t.Errorf("MinTauRatio 20: chose %d", ch.N)
	}
	if !math.IsNaN(ch.F[0]) || !(ch.P[1] < 0.05) {
		t.Errorf("F %v P %v", ch.F, ch.P)
	}
}
