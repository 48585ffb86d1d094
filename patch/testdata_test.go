package patch

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestBundledCurrent analyses testdata/ach_current.atf (patch.Simulate,
// truth in testdata/manifest.json) so that the suite means something
// without ../shared/data: one application, onset within 0.3 s, amplitude
// within 0.5 %, T0.5 within 1 %, the single time constant within 1 %
// (noise 0.5 nA on a 726 nA response at 100 Hz: the Cramér–Rao bound of τ
// is ~0.1 %, the peak's SD ~0.05 %).
func TestBundledCurrent(t *testing.T) {
	raw, err := os.ReadFile("../testdata/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var man []struct {
		File       string             `json:"file"`
		Parameters map[string]float64 `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &man); err != nil {
		t.Fatal(err)
	}
	var p map[string]float64
	for _, e := range man {
		if e.File == "ach_current.atf" {
			p = e.Parameters
		}
	}
	if p == nil {
		t.Fatal("ach_current.atf not in the manifest")
	}
	a, err := AnalyzeFile("../testdata/ach_current.atf", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Responses) != 1 {
		t.Fatalf("%d applications, want 1", len(a.Responses))
	}
	r := a.Responses[0]
	check := func(name string, got, want, tol float64) {
		if !(math.Abs(got/want-1) <= tol) {
			t.Errorf("%s %.6g, want %.6g ± %.2g %%", name, got, want, 100*tol)
		}
	}
	if math.Abs(r.Onset-p["onset_s"]) > 0.3 {
		t.Errorf("onset %.3f, want %.3f", r.Onset, p["onset_s"])
	}
	check("amplitude", r.Amplitude, p["amplitude_na"], 0.005)
	check("T0.5", r.THalf, p["t_half_s"], 0.01)
	if r.Decay == nil || len(r.Decay.Tau) != 1 {
		t.Fatalf("decay fit %v, want one component", r.Decay)
	}
	check("tau", r.Decay.Tau[0], p["tau_s"], 0.01)
}
