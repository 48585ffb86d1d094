package patch

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sharedACh is ../shared/data/ach (see its README): synthetic recordings
// with ground truth, drawn so that every time constant is estimable to
// 1.5 % (Cramér–Rao).
const sharedACh = "../../shared/data/ach"

type achCase struct {
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`
	File       string    `json:"file"`
	On         float64   `json:"on_s"`
	Amplitude  float64   `json:"amplitude_na"`
	THalf      *float64  `json:"t_half_s"`
	Taus       []float64 `json:"taus_s"`
	Amplitudes []float64 `json:"amplitudes_na"`
	Rundown    float64   `json:"rundown_pct"`
	Conc       []float64 `json:"conc_um"`
	Onsets     []float64 `json:"onsets_s"`
	Offsets    []float64 `json:"offsets_s"`
	EC50       float64   `json:"ec50_um"`
	Hill       float64   `json:"hill"`
}

func loadShared(t *testing.T) []achCase {
	raw, err := os.ReadFile(filepath.Join(sharedACh, "cases.json"))
	if err != nil {
		t.Skipf("%s not found: the shared validation data are not present", sharedACh)
	}
	var cs []achCase
	if err := json.Unmarshal(raw, &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

func pctl(x []float64, p float64) float64 {
	x = slices.Clone(x)
	slices.Sort(x)
	// linear interpolation between order statistics, as numpy.percentile
	h := p / 100 * float64(len(x)-1)
	i := int(h)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}

// TestSharedSingle holds the "Done when" on the shared
// single-application recordings: one application each, onset within
// 0.3 s; amplitude error median ≤ 0.3 %, max ≤ 1 %; T0.5 median ≤ 0.5 %,
// 90th percentile ≤ 2 %; time constants median ≤ 0.5 %, 90th percentile
// ≤ 2.5 %; the right number of components in ≥ 90 % of the files.
func TestSharedSingle(t *testing.T) {
	cs := loadShared(t)
	var amp, th, tau []float64
	n, right := 0, 0
	for _, c := range cs {
		if c.Kind != "single" {
			continue
		}
		n++
		a, err := AnalyzeFile(filepath.Join(sharedACh, c.File), nil)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		if len(a.Responses) != 1 {
			t.Errorf("%s: %d applications, want 1", c.ID, len(a.Responses))
			continue
		}
		r := a.Responses[0]
		if math.Abs(r.Onset-c.On) > 0.3 {
			t.Errorf("%s: onset %.3f s, want %.3f ± 0.3", c.ID, r.Onset, c.On)
		}
		amp = append(amp, math.Abs(r.Amplitude/c.Amplitude-1))
		if c.THalf != nil {
			th = append(th, math.Abs(r.THalf/(*c.THalf)-1))
		}
		if r.Decay != nil && len(r.Decay.Tau) == len(c.Taus) {
			right++
			for i, v := range c.Taus {
				tau = append(tau, math.Abs(r.Decay.Tau[i]/v-1))
			}
		} else {
			for range c.Taus {
				tau = append(tau, math.Inf(1))
			}
		}
	}
	if n == 0 {
		t.Skip("no single-application cases")
	}
	t.Logf("amplitude med %.3f%% max %.3f%%; T0.5 med %.3f%% p90 %.3f%%; tau med %.3f%% p90 %.3f%%; model %d/%d",
		100*pctl(amp, 50), 100*pctl(amp, 100), 100*pctl(th, 50), 100*pctl(th, 90), 100*pctl(tau, 50), 100*pctl(tau, 90), right, n)
	if pctl(amp, 50) > 0.003 || pctl(amp, 100) > 0.01 {
		t.Errorf("amplitude error median %.3g, max %.3g (limits 0.003, 0.01)", pctl(amp, 50), pctl(amp, 100))
	}
	if pctl(th, 50) > 0.005 || pctl(th, 90) > 0.02 {
		t.Errorf("T0.5 error median %.3g, p90 %.3g (limits 0.005, 0.02)", pctl(th, 50), pctl(th, 90))
	}
	if pctl(tau, 50) > 0.005 || pctl(tau, 90) > 0.025 {
		t.Errorf("tau error median %.3g, p90 %.3g (limits 0.005, 0.025)", pctl(tau, 50), pctl(tau, 90))
	}
	if float64(right) < 0.9*float64(n) {
		t.Errorf("model right in %d/%d files (need 90 %%)", right, n)
	}
}

// TestSharedRundownDose: every rundown amplitude within 2 % and the
// rundown within 2 points; EC50 and Hill coefficient within 5 % with the
// applications given as the perfusion protocol.
func TestSharedRundownDose(t *testing.T) {
	cs := loadShared(t)
	for _, c := range cs {
		switch c.Kind {
		case "rundown":
			a, err := AnalyzeFile(filepath.Join(sharedACh, c.File), nil)
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
				continue
			}
			rd := a.Rundown()
			if len(rd.Amplitudes) != len(c.Amplitudes) {
				t.Errorf("%s: %d applications, want %d", c.ID, len(rd.Amplitudes), len(c.Amplitudes))
				continue
			}
			for i, v := range c.Amplitudes {
				if math.Abs(rd.Amplitudes[i]/v-1) > 0.02 {
					t.Errorf("%s #%d: amplitude %.3f, want %.3f ± 2 %%", c.ID, i+1, rd.Amplitudes[i], v)
				}
			}
			if math.Abs(rd.RundownPct-c.Rundown) > 2 {
				t.Errorf("%s: rundown %.2f %%, want %.2f ± 2", c.ID, rd.RundownPct, c.Rundown)
			}
		case "dose":
			var ws []Window
			for i, on := range c.Onsets {
				ws = append(ws, Window{on, c.Offsets[i]})
			}
			d, err := DoseFiles([]string{filepath.Join(sharedACh, c.File)}, c.Conc, &Options{Apps: ws})
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
				continue
			}
			if math.Abs(d.EC50/c.EC50-1) > 0.05 || math.Abs(d.Hill/c.Hill-1) > 0.05 {
				t.Errorf("%s: EC50 %.4g (want %.4g), Hill %.4g (want %.4g); limit 5 %%", c.ID, d.EC50, c.EC50, d.Hill, c.Hill)
			}
		}
	}
}

// TestAxon7 is a real recording (../shared/data/abf/File_axon_7.abf, NMDA
// at −80 mV, in pA): responses in sweeps 2, 4, 7 and 10 of about
// 0.45–0.67 nA, nothing else of 5 % of the largest.
func TestAxon7(t *testing.T) {
	path := "../../shared/data/abf/File_axon_7.abf"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not found: the shared recordings (../shared/data) are not present", path)
	}
	a, err := AnalyzeFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 3, 6, 9}
	// Amplitudes read from the trace (the check's reference values), ±5 %.
	wantAmp := []float64{0.464, 0.445, 0.666, 0.614}
	if len(a.Responses) != len(want) {
		t.Fatalf("%d responses, want 4", len(a.Responses))
	}
	for i, r := range a.Responses {
		if r.Sweep != want[i] || math.Abs(r.Amplitude/wantAmp[i]-1) > 0.05 || r.Onset < 0.25 || r.Onset > 0.85 {
			t.Errorf("response %d: sweep %d amplitude %.4f nA onset %.3f s; want sweep %d, %.3f nA, onset ~0.53 s",
				i, r.Sweep+1, r.Amplitude, r.Onset, want[i]+1, wantAmp[i])
		}
	}
}
