package patch

import (
	"math"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// A test pulse in the protocol (the command 10 mV off holding for 0.3 s)
// draws a passive current step as large as a response; it is time-locked to
// the command and not counted. The agonist response later is.
func TestCommandStepsIgnored(t *testing.T) {
	p := SimParams{Rate: 1000, Duration: 30, Apps: []SimApp{{Onset: 5, Offset: 20, Conc: 300}},
		Pools: []SimPool{{OnPerS: 0.6, OffPerS: 0.03}}, NoiseNA: 1, Seed: 5}
	sr, err := Simulate(p)
	if err != nil {
		t.Fatal(err)
	}
	for k := 500; k < 800; k++ { // 0.5–0.8 s: −300 nA through the leak at −10 mV
		sr.Current[k] -= 300
	}
	rec := simRecording(sr)
	rec.DACs = []ephys.DAC{{Name: "Cmd 0", Unit: "mV", Holding: -60}}
	rec.Epochs = []ephys.Epoch{{DAC: 0, Name: "A", Type: "step", Start: 0.5, Duration: 0.3, Level: -70, Unit: "mV"}}
	a, err := Analyze(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Responses) != 1 || math.Abs(a.Responses[0].Onset-5) > 0.3 {
		t.Fatalf("%d responses (first at %.3f s), want one at 5 s", len(a.Responses), a.Responses[0].Onset)
	}
	rec.Epochs = nil // without the protocol the pulse counts
	if a, err = Analyze(rec, nil); err != nil || len(a.Responses) != 2 {
		t.Errorf("without epochs: %d responses, want 2 (%v)", len(a.Responses), err)
	}
}

// addRange is add in a loop, the sums in closed form.
func TestLineAddRange(t *testing.T) {
	y := []float64{3, -1, 4, 1, -5, 9, 2, 6}
	var a, b lineSums
	for k, v := range y {
		a.add(-2+0.25*float64(k), v)
	}
	b.addRange(y, -2, 0.25)
	a0, a1 := a.coef()
	b0, b1 := b.coef()
	if math.Abs(a0-b0) > 1e-12 || math.Abs(a1-b1) > 1e-12 || a.n != b.n {
		t.Errorf("add: %v %v; addRange: %v %v", a0, a1, b0, b1)
	}
}

// A valve driven by an auxiliary output's step epoch marks the
// application; the amplifier command's epochs do not.
func TestValveEpochs(t *testing.T) {
	p := SimParams{Rate: 500, Duration: 30, Apps: []SimApp{{Onset: 5, Offset: 20, Conc: 300}},
		Pools: []SimPool{{OnPerS: 0.6, OffPerS: 0.03}}, NoiseNA: 1, Seed: 6}
	sr, err := Simulate(p)
	if err != nil {
		t.Fatal(err)
	}
	rec := simRecording(sr)
	rec.DACs = []ephys.DAC{{Name: "Cmd 0", Unit: "mV", Holding: -60}, {Name: "AO #2", Unit: "mV", Holding: 0}}
	rec.Epochs = []ephys.Epoch{
		{DAC: 0, Name: "A", Type: "step", Start: 1, Duration: 2, Level: -60, Unit: "mV"},
		{DAC: 1, Name: "A", Type: "step", Start: 5, Duration: 15, Level: 5000, Unit: "mV"},
	}
	a, err := Analyze(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Responses) != 1 || a.Responses[0].Source != "epoch" || a.Responses[0].Onset != 5 {
		t.Fatalf("%d responses, first %+v", len(a.Responses), a.Responses)
	}
	if r := a.Responses[0]; math.Abs(r.Amplitude/sr.Truth[0].Amplitude-1) > 0.01 {
		t.Errorf("amplitude %.4g, want %.4g", r.Amplitude, sr.Truth[0].Amplitude)
	}
}

// A brief artifact (5 ms, larger than the response) is not an application.
func TestBriefArtifactIgnored(t *testing.T) {
	p := SimParams{Rate: 2000, Duration: 40, Apps: []SimApp{{Onset: 5, Offset: 20, Conc: 300}},
		Pools: []SimPool{{OnPerS: 0.6, OffPerS: 0.03}}, NoiseNA: 2, Seed: 8}
	sr, err := Simulate(p)
	if err != nil {
		t.Fatal(err)
	}
	for k := 60000; k < 60010; k++ { // 30 s: a 5-ms, 2 µA click
		sr.Current[k] -= 2000
	}
	a, err := Analyze(simRecording(sr), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Responses) != 1 || math.Abs(a.Responses[0].Onset-5) > 0.3 {
		t.Fatalf("%d responses, want the one at 5 s", len(a.Responses))
	}
}
