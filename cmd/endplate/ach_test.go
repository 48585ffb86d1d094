package main

import (
	"encoding/json"
	"testing"
)

// TestAchJSON runs ach on the bundled current and checks the contract's
// fields: one application, sweep numbered from 1, peak signed and
// amplitude its magnitude, a fit with one interval per time constant.
func TestAchJSON(t *testing.T) {
	code, out, stderr := cli(t, "ach", "--json", "../../testdata/ach_current.atf")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		File         string
		Applications []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Applications) != 1 {
		t.Fatalf("%d applications, want 1", len(got.Applications))
	}
	a := got.Applications[0]
	for _, k := range []string{"sweep", "onset_s", "offset_s", "baseline_na", "peak_na", "amplitude_na", "time_to_peak_s",
		"rise_10_90_s", "t_half_s", "steady_to_peak", "charge_nc", "fit"} {
		if _, ok := a[k]; !ok {
			t.Errorf("field %q missing", k)
		}
	}
	if a["sweep"].(float64) != 1 || a["peak_na"].(float64) >= 0 || a["amplitude_na"].(float64) != -a["peak_na"].(float64) {
		t.Errorf("sweep %v peak %v amplitude %v", a["sweep"], a["peak_na"], a["amplitude_na"])
	}
	f := a["fit"].(map[string]any)
	if len(f["taus_s"].([]any)) != len(f["tau_ci_s"].([]any)) || len(f["taus_s"].([]any)) == 0 {
		t.Errorf("fit %v", f)
	}
}

func TestAchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"ach", "--apps", "1,2,3", "x.atf"},
		{"ach", "--apps", "2,1", "x.atf"},
		{"ach", "--channel", "0", "x.atf"},
		{"dose", "--conc", "1", "x.atf"},
		{"dose", "--conc", "1,2,3", "a.atf", "b.atf"},
		{"iv", "--window", "2,1", "x.abf"},
		{"iv", "--leak", "a.abf", "--leak-range", "-90,-80", "x.abf"},
		{"simulate", "ach", "-o", "x.edf"},
	} {
		if code, _, stderr := cli(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
}
