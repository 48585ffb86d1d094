package patch

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/ephys"
)

func recOf(rate float64, x ...[]float64) *ephys.Recording {
	return ephys.NewRecording([]ephys.Channel{{Name: "I", Unit: "pA", Rate: rate}}, nil, [][][]float64{x})
}

// Degenerate traces give an error or responses, never a panic or a hang.
func TestAnalyzeDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	noise := make([]float64, 5000)
	for i := range noise {
		noise[i] = rng.NormFloat64()
	}
	step := make([]float64, 3000)
	for i := range step {
		if i > 1000 {
			step[i] = -500
		}
	}
	spike := make([]float64, 3000)
	spike[1500] = -1e4
	cases := map[string]*ephys.Recording{
		"empty":       recOf(1000, []float64{}),
		"one sample":  recOf(1000, []float64{1}),
		"three":       recOf(1000, []float64{1, 2, 3}),
		"constant":    recOf(1000, make([]float64, 4000)),
		"noise":       recOf(1000, noise),
		"step no end": recOf(1000, step),
		"spike":       recOf(1000, spike),
		"two sweeps":  recOf(10, noise[:40], step[990:1030]),
	}
	for name, rec := range cases {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic %v", name, p)
				}
			}()
			a, err := Analyze(rec, nil)
			if err == nil && len(a.Responses) == 0 {
				t.Errorf("%s: no error and no response", name)
			}
			if err != nil && !errors.Is(err, ErrNoResponse) {
				t.Logf("%s: %v", name, err)
			}
			if a == nil {
				return
			}
			for _, r := range a.Responses {
				if math.IsInf(r.Amplitude, 0) {
					t.Errorf("%s: infinite amplitude", name)
				}
			}
		}()
	}
	// Given applications outside the trace or empty are skipped.
	if _, err := Analyze(recOf(1000, noise), &Options{Apps: []Window{{10, 20}, {3, 3.5}}}); err == nil {
		t.Log("windows beyond the end: measured what lies inside")
	}
}
