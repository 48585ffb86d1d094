package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// demoOnce holds the one run of `endplate demo` that TestDemo and TestDemoReportRendered both check:
// the demo analyses the sample trial and draws every figure, the costliest run in this package's
// tests (under -race above all), so it is made once. TestMain removes its folder.
var demoOnce struct {
	sync.Once
	dir            string
	code           int
	stdout, stderr string
	err            error
}

// runDemoOnce returns the shared demo run's output folder, exit code, stdout and stderr.
func runDemoOnce(t *testing.T) (string, int, string, string) {
	t.Helper()
	demoOnce.Do(func() {
		demoOnce.dir, demoOnce.err = os.MkdirTemp("", "endplate-demo-test-")
		if demoOnce.err == nil {
			demoOnce.code, demoOnce.stdout, demoOnce.stderr = cli(t, "demo", "-o", demoOnce.dir)
		}
	})
	if demoOnce.err != nil {
		t.Fatal(demoOnce.err)
	}
	return demoOnce.dir, demoOnce.code, demoOnce.stdout, demoOnce.stderr
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoOnce.dir != "" {
		os.RemoveAll(demoOnce.dir)
	}
	os.Exit(code)
}

// TestDemo runs the demo on the bundled sample trial (found from this package's folder by walking up
// to the repository root) and checks that it prints the real-vs-sham table and writes the report.
func TestDemo(t *testing.T) {
	out, code, stdout, stderr := runDemoOnce(t)
	if code != exitOK {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "Real vs sham") || !strings.Contains(stdout, "cmap_amplitude_mv") {
		t.Errorf("no real-vs-sham table:\n%s", stdout)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Patients    []json.RawMessage
		Comparisons []struct{ Measure, Visit string }
		ANOVA       []json.RawMessage
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	// 6 patients × 2 arms × 2 visits.
	if len(rep.Patients) != 24 || len(rep.Comparisons) == 0 || len(rep.ANOVA) == 0 {
		t.Errorf("report: %d arms, %d comparisons, %d ANOVAs", len(rep.Patients), len(rep.Comparisons), len(rep.ANOVA))
	}
	for _, f := range []string{"patients.csv", "comparisons.csv", "anova.csv"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
