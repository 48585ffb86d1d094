package filters

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// smoothGoldenPath is SciPy 1.10's reference outputs, shared by the project's
// checks (../shared/data/README.md); it lies outside the repository.
var smoothGoldenPath = filepath.Join("..", "..", "shared", "data", "golden_scipy_filters.json")

type smoothCase struct {
	ID   string         `json:"id"`
	Call map[string]any `json:"call"`
	X    []float64      `json:"x"`
	Y    []float64      `json:"y"`
	Fr   []float64      `json:"freq_hz"`
	PSD  []float64      `json:"psd"`
	Tol  *float64       `json:"tol"`
}

// smoothGoldenCases returns the golden cases of one design, or skips the test when
// the shared data are not there (a fresh clone outside the team's tree).
func smoothGoldenCases(t *testing.T, design string) []smoothCase {
	t.Helper()
	b, err := os.ReadFile(smoothGoldenPath)
	if err != nil {
		t.Skipf("SciPy goldens not available (%v): run from the team's tree with ../shared/data", err)
	}
	var g struct {
		Cases []smoothCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", smoothGoldenPath, err)
	}
	var out []smoothCase
	for _, c := range g.Cases {
		if c.Call["design"] == design {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s holds no %q cases", smoothGoldenPath, design)
	}
	return out
}

// tol is the case's tolerance: max |got − want| / max |want|, 1e-9 unless the
// case says otherwise (the goldens' contract, README.md).
func (c smoothCase) tol() float64 {
	if c.Tol != nil {
		return *c.Tol
	}
	return 1e-9
}

func (c smoothCase) intArg(key string) int { return int(c.Call[key].(float64)) }

// peakRelErr is max |got − want| / max |want|, the goldens' measure.
func peakRelErr(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	var peak, e float64
	for i, w := range want {
		peak = math.Max(peak, math.Abs(w))
		d := math.Abs(got[i] - w)
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		e = math.Max(e, d)
	}
	if peak == 0 {
		return e
	}
	return e / peak
}

func TestSavGolGolden(t *testing.T) {
	for _, c := range smoothGoldenCases(t, "savgol") {
		got := SavGol(nil, c.X, c.intArg("window"), c.intArg("polyorder"), c.intArg("deriv"), c.Call["delta"].(float64))
		e := peakRelErr(got, c.Y)
		t.Logf("%s %v: rel err %.3g", c.ID, c.Call, e)
		if !(e <= c.tol()) {
			t.Errorf("%s %v: rel err %.3g > tol %.3g", c.ID, c.Call, e, c.tol())
		}
	}
}
