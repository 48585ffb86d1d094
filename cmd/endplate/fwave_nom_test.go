package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// QA item 12 through the command line: a sweep whose stimulation failed (noise only) prints
// "present": null with the reason, is listed in omitted_sweeps, and the text says it was left out.
func TestFWaveFailedSweepPrinted(t *testing.T) {
	dir := t.TempDir()
	f, _ := simulate(t, dir, "fwave.csv", "fwave", "--seed", "3")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	// Sweep 1 is the second column: replaced by 8 µV of noise.
	rng := rand.New(rand.NewPCG(1, 2))
	lines := strings.Split(string(b), "\n")
	header := true
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(l, ",")
		c[1] = strconv.FormatFloat(0.008*rng.NormFloat64(), 'f', 5, 64)
		lines[i] = strings.Join(c, ",")
	}
	bad := filepath.Join(dir, "failed.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	v := jsonOf(t, "fwave", bad)
	s0 := v["sweeps"].([]any)[0].(map[string]any)
	om := v["omitted_sweeps"].([]any)
	if s0["present"] != nil || s0["no_m_response"] == nil || len(om) != 1 || om[0] != 1.0 {
		t.Fatalf("failed sweep 1: %v, omitted %v; want present null with the reason, omitted [1]", s0, om)
	}
	code, out, stderr := cli(t, "fwave", bad)
	if code != exitOK || !strings.Contains(out, "left out: sweep 1") {
		t.Fatalf("text: exit %d, %s%s; want sweep 1 said left out", code, out, stderr)
	}
}

// QA item 8: motor with both files bad reported only the distal's error; each gets its line.
func TestMotorBothFilesBad(t *testing.T) {
	dir := t.TempDir()
	d, p := filepath.Join(dir, "wrist.csv"), filepath.Join(dir, "elbow.csv")
	for _, f := range []string{d, p} {
		if err := os.WriteFile(f, []byte("junk\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := cli(t, "motor", "--distal", d, "--proximal", p, "--distance-mm", "200")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 1 || len(lines) != 2 || !strings.Contains(lines[0], d) || !strings.Contains(lines[1], p) {
		t.Fatalf("both files bad: exit %d, stderr %q; want exit 1, one line naming each file", code, stderr)
	}
}

// fixncs left fwave's M-response clipping unprinted: a sweep whose M response saturates (clipped
// at half its amplitude) is m_clipped in JSON and named in the text.
func TestFWaveClippedMPrinted(t *testing.T) {
	dir := t.TempDir()
	f, _ := simulate(t, dir, "fwave.csv", "fwave", "--seed", "3")
	m := jsonOf(t, "fwave", f)["m_amplitude_mv"].(float64)
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	header := true
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(l, ",")
		if v, err := strconv.ParseFloat(c[2], 64); err == nil && v < -m/2 {
			c[2] = strconv.FormatFloat(-m/2, 'f', 5, 64) // sweep 2 saturates at −M/2
		}
		lines[i] = strings.Join(c, ",")
	}
	clip := filepath.Join(dir, "clipped.csv")
	if err := os.WriteFile(clip, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for k, s := range jsonOf(t, "fwave", clip)["sweeps"].([]any) {
		if got := s.(map[string]any)["m_clipped"]; got != (k == 1) {
			t.Errorf("sweep %d: m_clipped %v, want %v", k+1, got, k == 1)
		}
	}
	if code, out, _ := cli(t, "fwave", clip); code != exitOK || !strings.Contains(out, "[2]: the negative peak saturated") {
		t.Errorf("text: exit %d, %s; want sweep 2's M response said clipped", code, out)
	}
}
