package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// simulate runs "endplate simulate" into dir and returns the recording's path and its truth.
func simulate(t *testing.T, dir, name string, args ...string) (string, map[string]any) {
	t.Helper()
	out := filepath.Join(dir, name)
	code, _, stderr := cli(t, append(append([]string{"simulate"}, args...), "-o", out)...)
	if code != exitOK {
		t.Fatalf("simulate %v: exit %d: %s", args, code, stderr)
	}
	b, err := os.ReadFile(truthPath(out))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]any
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	return out, truth
}

// jsonOf runs a command with --json and decodes its object.
func jsonOf(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, stderr := cli(t, append([]string{args[0], "--json"}, args[1:]...)...)
	if code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return v
}

func near(t *testing.T, what string, got any, want any, tol float64) {
	t.Helper()
	g, ok1 := got.(float64)
	w, ok2 := want.(float64)
	if !ok1 || !ok2 || math.Abs(g-w) > tol {
		t.Errorf("%s: got %v, want %v ± %g", what, got, want, tol)
	}
}

// The NCS commands on the simulators' recordings, through the command line: each measures what the
// simulator's truth says, to the limits for a clean ordinary recording (onset 0.05 ms,
// amplitude 1 %, velocity 2 %, F latency 0.3 ms, decrement 1.5 points).
func TestNCSCommandsOnSimulations(t *testing.T) {
	dir := t.TempDir()
	f, tr := simulate(t, dir, "motor.edf", "motor", "--seed", "5")
	c := jsonOf(t, "cmap", f)
	s := c["sweeps"].([]any)[0].(map[string]any)
	near(t, "cmap onset_ms", s["onset_ms"], tr["distal"].(map[string]any)["onset_ms"], 0.05)
	amp := tr["distal"].(map[string]any)["amplitude_mv"].(float64)
	near(t, "cmap amplitude_mv", s["amplitude_mv"], amp, 0.01*amp)
	m := jsonOf(t, "motor", "--distal", f, "--proximal", filepath.Join(dir, "motor_elbow.edf"), "--distance-mm", "230")
	cv := tr["cv_m_s"].(float64)
	near(t, "motor cv_m_s", m["cv_m_s"], cv, 0.02*cv)
	if b := m["block"].(map[string]any); b["criteria"] == "" || b["verdict"] != "none" {
		t.Errorf("motor block %v: want a named criteria set and no block on an unblocked nerve", b)
	}

	f, tr = simulate(t, dir, "f.csv", "fwave", "--seed", "2")
	fw := jsonOf(t, "fwave", f)
	near(t, "fwave persistence_pct", fw["persistence_pct"], tr["persistence_pct"], 5+1e-9)
	near(t, "fwave min_latency_ms", fw["min_latency_ms"], tr["min_latency_ms"], 0.3)
	near(t, "fwave mean_latency_ms", fw["mean_latency_ms"], tr["mean_latency_ms"], 0.3)

	f, tr = simulate(t, dir, "r.edf", "rns", "--decrement-pct", "12", "--seed", "3")
	near(t, "rns decrement_pct", jsonOf(t, "rns", f)["decrement_pct"], tr["decrement_pct"], 1.5)

	f, tr = simulate(t, dir, "s.edf", "snap", "--seed", "4", "--noise-uv", "0.5")
	sn := jsonOf(t, "snap", "--distance-mm", "140", f)["sweeps"].([]any)[0].(map[string]any)
	near(t, "snap peak_ms", sn["peak_ms"], tr["peak_ms"], 0.02)
	near(t, "snap amplitude_uv", sn["amplitude_uv"], tr["amplitude_uv"], 0.05*tr["amplitude_uv"].(float64))
}

// Wrong usage of the NCS commands exits 2; a file without a response exits 1 naming it.
func TestNCSUsageAndBadFiles(t *testing.T) {
	for _, args := range [][]string{
		{"cmap"}, {"cmap", "--channel", "0", "x.edf"}, {"cmap", "--polarity", "sideways", "x.edf"},
		{"motor", "--distal", "a.edf"}, {"motor", "--distal", "a", "--proximal", "b", "--distance-mm", "-3"},
		{"fwave", "--to-ms", "5", "--from-ms", "10", "x.edf"}, {"fwave", "--to-ms", "Inf", "x.edf"},
		{"fwave", "--from-ms", "NaN", "x.edf"}, {"fwave", "--min-uv", "NaN", "x.edf"},
		{"cmap", "--stim-ms", "NaN", "x.edf"}, {"cmap", "--stim-ms", "+Inf", "x.edf"},
		{"snap", "--distance-mm", "0", "x.edf"}, {"simulate", "cmap", "--rate-hz", "10"},
	} {
		if code, _, stderr := cli(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
	dir := t.TempDir()
	flat := filepath.Join(dir, "flat.csv")
	if err := os.WriteFile(flat, []byte("time_ms,APB (mV)\n-1,0\n0,0\n1,0\n2,0\n3,0\n4,0\n5,0\n6,0\n7,0\n8,0\n9,0\n10,0\n11,0\n12,0\n13,0\n14,0\n15,0\n16,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"cmap", "rns", "fwave", "snap"} {
		code, _, stderr := cli(t, cmd, flat)
		if code != exitBad || !contains(stderr, "flat.csv") {
			t.Errorf("%s on a flat trace: exit %d, stderr %q; want 1 naming the file", cmd, code, stderr)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
