package trial

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/endplate/endplate/trial/sample"
)

// TestSampleTrial runs the bundled sample trial through the real pipelines and checks what the trial
// was built to show: each wrist CMAP amplitude near its model's, and the known effect of real
// stimulation recovered by the paired comparison.
func TestSampleTrial(t *testing.T) {
	dir := filepath.Join("..", "testdata", "trial")
	m, err := ReadManifest(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := FromManifest(m, &Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tr.Problems {
		t.Error(p)
	}
	if len(tr.Arms) != 2*2*sample.Patients {
		t.Fatalf("%d arms, want %d", len(tr.Arms), 4*sample.Patients)
	}
	var truth struct{ Files []sample.File }
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	model, persist := map[[3]string]float64{}, map[[3]string]float64{}
	for _, f := range truth.Files {
		switch f.Kind {
		case KindMotorWrist:
			model[[3]string{f.Patient, f.Side, f.Visit}] = f.Parameters["amplitude_mv"]
		case KindFWave:
			persist[[3]string{f.Patient, f.Side, f.Visit}] = f.Parameters["persistence_pct"]
		}
	}
	for _, a := range tr.Arms {
		want := model[[3]string{a.Patient, a.Side, a.Visit}]
		// The simulator's noise-free amplitude. 10 µV noise, hum, drift and an artifact on a 3–9 mV CMAP
		// and 16-bit EDF quantisation: the peak fit is good to well under 1 %; 2 % is far from any
		// plausible systematic error.
		if got := a.Measures[CMAPAmplitudeMV]; math.Abs(got-want) > 0.02*want {
			t.Errorf("%s %s %s amplitude %.4f mV, model %.4f", a.Patient, a.Side, a.Visit, got, want)
		}
		// A simulated F-wave is one unit firing back, 1–4× its size; in a 40-unit pool some are near the
		// 40 µV presence threshold, and ncs's detection of those (issue 17's own checks) can differ by a
		// sweep or two in ten (on 30 simulated trains like these, 2–3 differ). The trial only passes on
		// what ncs reports (tested exactly above and by the outside check); here the F-waves must be
		// there at about the simulated rate: within 20 points, two sweeps of ten.
		if got, want := a.Measures[FPersistencePct], persist[[3]string{a.Patient, a.Side, a.Visit}]; math.Abs(got-want) > 20 {
			t.Errorf("%s %s %s F persistence %v %%, model %v %%", a.Patient, a.Side, a.Visit, got, want)
		}
	}
	cmps := map[string]Comparison{}
	for _, c := range tr.Comparisons() {
		cmps[c.Measure+"/"+c.Visit] = c
	}
	// The effect is multiplicative on amplitude: real/sham at week2 ≈ Effect × (arm-to-arm spread of
	// 8 %, averaged over six patients ≈ 5 %; 0.1 is two of those). The 95 % interval must exclude zero at week2 and not at
	// baseline (a randomised trial has no effect before treatment — with this seed).
	for _, k := range []string{CMAPAmplitudeMV, AChAmplitudeNA} {
		c, ok := cmps[k+"/week2"]
		if !ok {
			t.Fatalf("no %s week2 comparison", k)
		}
		if !(c.CI95[0] > 0) {
			t.Errorf("%s week2: CI %v does not show the effect", k, c.CI95)
		}
		eff := sample.Effect.CMAPAmplitude
		if k == AChAmplitudeNA {
			eff = sample.Effect.AChAmplitude
		}
		if r := c.RealMean / c.ShamMean; math.Abs(r-eff) > 0.1 {
			t.Errorf("%s week2 real/sham %.3f, effect %.2f", k, r, eff)
		}
	}
	if c := cmps[CMAPAmplitudeMV+"/baseline"]; c.CI95[0] > 0 || c.CI95[1] < 0 {
		t.Errorf("baseline CMAP amplitude CI %v excludes zero before any treatment", c.CI95)
	}
}
