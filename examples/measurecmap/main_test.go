package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// model returns the parameters testdata/manifest.json gives for file.
func model(t *testing.T, file string) map[string]float64 {
	b, err := os.ReadFile("../../testdata/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		File       string
		Parameters map[string]float64
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.File == file {
			return e.Parameters
		}
	}
	t.Fatalf("testdata/manifest.json has no %s", file)
	return nil
}

func TestRun(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b, "../../testdata/motor_wrist.edf"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	read := func(label string) float64 {
		i := strings.Index(out, label)
		if i < 0 {
			t.Fatalf("no %q in the output:\n%s", label, out)
		}
		var v float64
		if _, err := fmt.Sscanf(strings.TrimSpace(out[i+len(label):]), "%g", &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// The model (testdata/manifest.json: onset 3.5 ms, negative peak −8 mV, noise 5 µV at 20 kHz). The
	// onset is defined at 1 % of the amplitude (DESIGN.md), which a smooth take-off reaches within
	// 0.1 ms of its start; the peak fit is good to well under 1 % at this noise.
	p := model(t, "motor_wrist.edf")
	wantOn, wantAmp := p["onset_latency_s"]*1e3, -p["neg_peak_mv"]
	if on := read("onset latency"); math.Abs(on-wantOn) > 0.1 {
		t.Errorf("onset %g ms, model %g ms\n%s", on, wantOn, out)
	}
	if amp := read("negative peak"); math.Abs(amp-wantAmp) > 0.01*wantAmp {
		t.Errorf("amplitude %g mV, model %g mV\n%s", amp, wantAmp, out)
	}
}
