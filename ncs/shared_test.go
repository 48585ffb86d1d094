package ncs

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sharedDir is the team's validation data (../shared/data/ncs beside the repository).
const sharedDir = "../../shared/data/ncs"

type sharedSite struct {
	File        string  `json:"file"`
	OnsetMS     float64 `json:"onset_ms"`
	AmplitudeMV float64 `json:"amplitude_mv"`
	NegAreaMVMS float64 `json:"neg_area_mvms"`
}

type sharedCase struct {
	Kind         string      `json:"kind"`
	ID           string      `json:"id"`
	Hard         bool        `json:"hard"`
	CV           float64     `json:"cv_ms"`
	DistanceMM   float64     `json:"elbow_wrist_mm"`
	Wrist, Elbow *sharedSite `json:"-"`
	File         string      `json:"file"`
	Persistence  float64     `json:"persistence_pct"`
	MinLatency   *float64    `json:"min_latency_ms"`
	MeanLatency  *float64    `json:"mean_latency_ms"`
	Decrement    float64     `json:"decrement_pct"`
	Sweeps       int         `json:"sweeps"`
}

func loadShared(t *testing.T) []sharedCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedDir, "cases.json"))
	if err != nil {
		t.Skipf("validation data not found (%v): the shared ../shared/data/ncs cases are checked where they exist", err)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var cs []sharedCase
	for _, r := range raw {
		var c sharedCase
		all, _ := json.Marshal(r)
		if err := json.Unmarshal(all, &c); err != nil {
			t.Fatal(err)
		}
		if w, ok := r["wrist"]; ok {
			c.Wrist, c.Elbow = &sharedSite{}, &sharedSite{}
			if json.Unmarshal(w, c.Wrist) != nil || json.Unmarshal(r["elbow"], c.Elbow) != nil {
				t.Fatal("cases.json: bad wrist/elbow entry")
			}
		}
		cs = append(cs, c)
	}
	return cs
}

func percentile(x []float64, p float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	// numpy's default (linear interpolation between closest ranks).
	r := p / 100 * float64(len(s)-1)
	i := int(r)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (r-float64(i))*(s[i+1]-s[i])
}

// TestSharedMotor measures the validation set's motor studies against their ground truth with the
// issue's limits (issue 17, "Done when"): onset |error| median/p95 ≤ 0.015/0.05 ms (hard 0.03/0.10),
// amplitude ≤ 1 % (4 %), negative area median ≤ 0.2 % (0.5 %), velocity ≤ 2 % (5 %).
func TestSharedMotor(t *testing.T) {
	cases := loadShared(t)
	type lim struct{ onMed, onP95, amp, area, cv float64 }
	limits := map[bool]lim{false: {0.015, 0.05, 0.01, 0.002, 0.02}, true: {0.03, 0.10, 0.04, 0.005, 0.05}}
	errs := map[bool]*struct{ on, amp, area, cv []float64 }{false: {}, true: {}}
	for _, c := range cases {
		if c.Kind != "motor" {
			continue
		}
		e := errs[c.Hard]
		var got [2]SweepCMAP
		for k, s := range []*sharedSite{c.Wrist, c.Elbow} {
			sw, err := CMAPFile(filepath.Join(sharedDir, s.File), nil)
			if err != nil || sw[0].Err != nil {
				t.Fatalf("%s: %v %v", s.File, err, sw[0].Err)
			}
			got[k] = sw[0]
			e.on = append(e.on, math.Abs(sw[0].OnsetLatency*1e3-s.OnsetMS))
			e.amp = append(e.amp, math.Abs(sw[0].Amplitude/s.AmplitudeMV-1))
			e.area = append(e.area, math.Abs(sw[0].NegArea*1e3/s.NegAreaMVMS-1))
		}
		m := MotorStudy(got[0], got[1], c.DistanceMM, nil)
		e.cv = append(e.cv, math.Abs(m.ConductionVelocity/c.CV-1))
	}
	for hard, e := range errs {
		l := limits[hard]
		med, p95 := percentile(e.on, 50), percentile(e.on, 95)
		t.Logf("hard=%v: onset median %.4f p95 %.4f ms, amplitude max %.2f %%, area median %.3f %%, cv max %.2f %%",
			hard, med, p95, 100*slices.Max(e.amp), 100*percentile(e.area, 50), 100*slices.Max(e.cv))
		if med > l.onMed || p95 > l.onP95 {
			t.Errorf("hard=%v: onset |error| median %.4f / p95 %.4f ms, limits %v / %v", hard, med, p95, l.onMed, l.onP95)
		}
		if v := slices.Max(e.amp); v > l.amp {
			t.Errorf("hard=%v: amplitude error %.2f %%, limit %.0f %%", hard, 100*v, 100*l.amp)
		}
		if v := percentile(e.area, 50); v > l.area {
			t.Errorf("hard=%v: area error median %.3f %%, limit %.1f %%", hard, 100*v, 100*l.area)
		}
		if v := slices.Max(e.cv); v > l.cv {
			t.Errorf("hard=%v: velocity error %.2f %%, limit %.0f %%", hard, 100*v, 100*l.cv)
		}
	}
}

// TestSharedFWaveRNS checks the validation set's F-wave trains (persistence within one sweep,
// minimal and mean latency within 0.3 ms) and RNS trains (decrement within 1.5 points), the issue's
// limits.
func TestSharedFWaveRNS(t *testing.T) {
	for _, c := range loadShared(t) {
		path := filepath.Join(sharedDir, c.File)
		switch c.Kind {
		case "fwave":
			tr, err := FWaveFile(path, nil)
			if err != nil {
				t.Fatalf("%s: %v", c.File, err)
			}
			if math.Abs(tr.Persistence-c.Persistence) > 100/float64(c.Sweeps)+1e-9 {
				t.Errorf("%s: persistence %.0f %%, want %.0f %%", c.File, tr.Persistence, c.Persistence)
			}
			if c.MinLatency == nil {
				if !math.IsNaN(tr.MinLatency) {
					t.Errorf("%s: F-waves found in a train without any", c.File)
				}
				continue
			}
			if d := tr.MinLatency*1e3 - *c.MinLatency; math.Abs(d) > 0.3 {
				t.Errorf("%s: minimal latency off by %.3f ms", c.File, d)
			}
			if d := tr.MeanLatency*1e3 - *c.MeanLatency; math.Abs(d) > 0.3 {
				t.Errorf("%s: mean latency off by %.3f ms", c.File, d)
			}
		case "rns":
			tr, err := RNSFile(path, nil)
			if err != nil {
				t.Fatalf("%s: %v", c.File, err)
			}
			if d := tr.DecrementPct - c.Decrement; math.Abs(d) > 1.5 {
				t.Errorf("%s: decrement %.2f %%, want %.2f %%", c.File, tr.DecrementPct, c.Decrement)
			}
		}
	}
}
