package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/endplate/endplate/ncs"
)

// writeMEM writes a simulated CMAP scan as a Qtrac MEM file (header, column titles, MS.<i> rows).
func writeMEM(t *testing.T, path string, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	units := make([]ncs.ScanUnit, 40)
	for i := range units {
		units[i] = ncs.ScanUnit{ThresholdMA: 8 + 2*rng.Float64(), AmplitudeMV: 0.2}
	}
	var b strings.Builder
	b.WriteString("File:              \tsim.QZD\nProtocol:          \tMSCAN-R2\nM-SCAN DATA (7.1-2m)\nStim. (mA)     \tAmp. (mV)\n")
	for _, p := range ncs.SimulateScan(units, ncs.ScanStimuli(14, 5, 20, 300, 20), 0.005, rng) {
		fmt.Fprintf(&b, "MS.%d\t%.3f\t%.3f\n", p.Index, p.StimulusMA, p.ResponseMV)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCmapscanJSON checks the contract's fields, in its order, and the exit codes.
func TestCmapscanJSON(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "scan.MEM")
	writeMEM(t, f, 1)
	code, out, stderr := cli(t, "cmapscan", "--json", f)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"file", "peak_mv", "s5_ma", "s50_ma", "s95_ma", "d50", "steps", "step_max_pct", "mune", "mean_unit_uv"}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	sorted := slices.Clone(want)
	slices.Sort(sorted)
	if !slices.Equal(keys, sorted) {
		t.Errorf("fields %v, want %v", keys, want)
	}
	for i := 1; i < len(want); i++ {
		if strings.Index(out, `"`+want[i-1]+`"`) > strings.Index(out, `"`+want[i]+`"`) {
			t.Errorf("field %q printed after %q", want[i-1], want[i])
		}
	}
	// 40 units of 0.2 mV: a maximal CMAP of 8 mV to the noise of 20 + 20 responses (5 µV each).
	if p, _ := got["peak_mv"].(float64); p < 7.95 || p > 8.05 {
		t.Errorf("peak_mv %v, want 8 ± 0.05", got["peak_mv"])
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("time_s,a (mV)\n0,1\n1,2\n"), 0o644)
	code, _, stderr = cli(t, "cmapscan", bad, f)
	if code != exitBad || !strings.Contains(stderr, "bad.csv") || !strings.Contains(stderr, "not a CMAP scan") {
		t.Errorf("a CSV file: exit %d, stderr %q; want exit 1 naming the file", code, stderr)
	}
}
