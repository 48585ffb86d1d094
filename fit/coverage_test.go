package fit

import (
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/internal/race"
)

// Coverage of the 95 % intervals over 400 simulated records per model.
//
// The count of intervals containing the truth is Binomial(400, 0.95) for
// exact intervals: mean 380, SD √(400·0.95·0.05) = 4.36. The accepted band
// [366, 394] is mean ± 3.2 SD, which a correct method leaves with
// probability ≈ 0.0014; the seed is fixed, so the test is deterministic.
// Wald intervals are asymptotic, so the designs keep the relative standard
// error of each τ below ~5 % where the linearisation holds.
func TestExpCoverage(t *testing.T) {
	if testing.Short() || race.Enabled {
		t.Skip("coverage: 800 fits (skipped with -short, and with -race: one goroutine, nothing to detect, ten times slower)")
	}
	rng := rand.New(rand.NewPCG(41, 42))
	const reps = 400
	for _, c := range []struct {
		name     string
		amp, tau []float64
		n        int
		dt, sd   float64
	}{
		{"mono", []float64{-100}, []float64{1}, 300, 0.02, 5},
		{"bi", []float64{-300, -150}, []float64{0.2, 2}, 600, 0.015, 5},
	} {
		tt := linspace(0, c.dt, c.n)
		hits := make([]int, len(c.tau))
		ampHits := make([]int, len(c.tau))
		for k := 0; k < reps; k++ {
			y := synthExp(rng, tt, c.amp, c.tau, -5, c.sd)
			r, err := Exp(tt, y, len(c.tau), nil)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for i := range c.tau {
				if r.TauCI[i][0] <= c.tau[i] && c.tau[i] <= r.TauCI[i][1] {
					hits[i]++
				}
				if r.AmpCI[i][0] <= c.amp[i] && c.amp[i] <= r.AmpCI[i][1] {
					ampHits[i]++
				}
			}
		}
		for i := range c.tau {
			t.Logf("%s: tau[%d] coverage %d/%d, amp[%d] %d/%d", c.name, i, hits[i], reps, i, ampHits[i], reps)
			if hits[i] < 366 || hits[i] > 394 {
				t.Errorf("%s: tau[%d] coverage %d/%d outside [366, 394]", c.name, i, hits[i], reps)
			}
			if ampHits[i] < 366 || ampHits[i] > 394 {
				t.Errorf("%s: amp[%d] coverage %d/%d outside [366, 394]", c.name, i, ampHits[i], reps)
			}
		}
	}
}
