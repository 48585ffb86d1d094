package ncs

import (
	"math"
	"math/rand/v2"
	"testing"
)

// NaN window bounds and threshold in FWaveOptions mean the defaults, an infinite end the sweep's end: a NaN start once
// opened the window at the stimulus (F-waves "found" in the M response) and an infinite end panicked
// in makeslice (int(+Inf) wraps the window length).
func TestFWaveNonFiniteOptions(t *testing.T) {
	s := SimulateFWave(rand.New(rand.NewPCG(3, 4)), &FWaveSimOptions{Sweeps: 20,
		Nuisance: Nuisance{NoiseMV: 0.008, HumMV: 0.015, MainsHz: 50, DriftMV: 0.05, ArtifactMV: 15}})
	sw, err := Sweeps(s.Recording, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := FWaveSweeps(sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	nan, inf := math.NaN(), math.Inf(1)
	for _, o := range []FWaveOptions{
		{WindowStartS: nan}, {WindowEndS: inf}, {WindowEndS: nan}, {MinAmplitudeUV: nan},
		{WindowStartS: nan, WindowEndS: inf, MinAmplitudeUV: nan},
	} {
		got, err := FWaveSweeps(sw, &o)
		if err != nil {
			t.Errorf("%+v: %v", o, err)
			continue
		}
		if got.Persistence != want.Persistence || got.MinLatency != want.MinLatency ||
			got.WindowStartS != want.WindowStartS || got.WindowEndS < want.WindowEndS {
			t.Errorf("%+v: persistence %v %%, min latency %v s, window %v–%v s; the defaults give %v %%, %v s, %v–%v s",
				o, got.Persistence, got.MinLatency, got.WindowStartS, got.WindowEndS,
				want.Persistence, want.MinLatency, want.WindowStartS, want.WindowEndS)
		}
	}
	if _, err := FWaveSweeps(sw, &FWaveOptions{WindowStartS: inf}); err == nil {
		t.Error("a window starting at +Inf: no error")
	}
}
