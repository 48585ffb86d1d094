package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endplate plot writes the figure where -o says, in the format its extension names, and refuses what
// it cannot draw; --plot DIR on an analysis command writes PNG and SVG beside its normal output.
func TestPlotCommand(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "cmap.svg")
	if code, _, stderr := cli(t, "plot", "-o", svg, "cmap", "../../testdata/motor_wrist.edf"); code != exitOK {
		t.Fatalf("plot cmap: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(svg); err != nil || !strings.Contains(string(b), "<svg") || !strings.Contains(string(b), "onset") {
		t.Errorf("plot -o cmap.svg: %v", err)
	}
	if code, stdout, stderr := cli(t, "plot", "-o", dir, "ach", "../../testdata/ach_current.atf"); code != exitOK ||
		!strings.Contains(stdout, "ach_current-ach-app1.png") {
		t.Errorf("plot -o DIR ach: exit %d: %s %s", code, stdout, stderr)
	}
	for _, args := range [][]string{
		{"plot", "bogus", "x.edf"},
		{"plot", "cmap"},
		{"plot", "motor", "a.edf"},
		{"plot", "-o", filepath.Join(dir, "x.gif"), "cmap", "../../testdata/motor_wrist.edf"},
		// A bad -o is wrong usage even when no file could be drawn (it is checked first).
		{"plot", "-o", filepath.Join(dir, "x.gif"), "cmap", filepath.Join(dir, "missing.edf")},
		{"plot", "--polarity", "sideways", "cmap", "../../testdata/motor_wrist.edf"},
	} {
		if code, _, _ := cli(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, stderr := cli(t, "plot", "cmap", filepath.Join(dir, "missing.edf")); code != exitBad || !strings.Contains(stderr, "missing.edf") {
		t.Errorf("missing file: exit %d: %s", code, stderr)
	}

	pd := filepath.Join(dir, "plots")
	if code, _, stderr := cli(t, "fwave", "--plot", pd, "../../testdata/fwave_train.edf"); code != exitOK {
		t.Fatalf("fwave --plot: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"fwave_train-fwave.png", "fwave_train-fwave.svg"} {
		if st, err := os.Stat(filepath.Join(pd, f)); err != nil || st.Size() < 1000 {
			t.Errorf("fwave --plot: %s: %v", f, err)
		}
	}
}
