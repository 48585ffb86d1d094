package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the command line in-process and returns its exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"info"},                 // no file
		{"info", "--bogus", "x"}, // unknown flag
		{"convert", "--to", "xls", "x.csv"},
		{"nosuchcommand", "x"},
	} {
		code, _, stderr := cli(t, args...)
		if code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
	}
}

func TestBadFileNamedOnOneLine(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.abf")
	if err := os.WriteFile(junk, []byte("ABF2 but nothing else"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.edf")
	for _, cmd := range []string{"info", "convert"} {
		code, _, stderr := cli(t, cmd, junk, missing)
		if code != exitBad {
			t.Errorf("%s: exit %d, want %d", cmd, code, exitBad)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0], "junk.abf") || !strings.Contains(lines[1], "missing.edf") {
			t.Errorf("%s: stderr should name each bad file on its own line, got %q", cmd, stderr)
		}
	}
}

// TestInfoConvertCSV runs info and convert on a small CSV and checks the JSON fields and the
// converted table against the contract.
func TestInfoConvertCSV(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "m.csv")
	src := "time_ms,sweep 1 (mV),sweep 2 (mV)\n-1,0.5,1\n0,0.25,2\n1,-0.125,\n"
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := cli(t, "info", "--json", f)
	if code != exitOK {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	var info struct {
		File     string `json:"file"`
		Format   string `json:"format"`
		Channels []struct {
			Name   string  `json:"name"`
			Unit   string  `json:"unit"`
			RateHz float64 `json:"rate_hz"`
		} `json:"channels"`
		Sweeps          int     `json:"sweeps"`
		SamplesPerSweep int     `json:"samples_per_sweep"`
		DurationS       float64 `json:"duration_s"`
	}
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatalf("info JSON: %v\n%s", err, out)
	}
	// 3 samples over 2 ms: rate = (n-1)/(t_last-t_first) = 1000 Hz exactly in binary.
	if info.File != f || len(info.Channels) != 1 || info.Channels[0].Unit != "mV" || info.Channels[0].RateHz != 1000 ||
		info.Sweeps != 2 || info.SamplesPerSweep != 3 {
		t.Errorf("info = %+v", info)
	}
	code, out, stderr = cli(t, "convert", "--to", "csv", f)
	if code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "time_s,") || !strings.Contains(lines[0], "sweep 2 (mV)") {
		t.Fatalf("converted CSV:\n%s", out)
	}
	if lines[1] != "-0.001,0.5,1" || lines[3] != "0.001,-0.125," {
		t.Errorf("rows %q and %q: want time from the file's zero in seconds, shortest numbers, an empty cell", lines[1], lines[3])
	}
}

// TestConvertRoundTrip converts the bundled EDF+D train to ATF, EDF and CSV files and reads each
// back: the same shape, and values equal (text) or within EDF's 16-bit quantisation.
func TestConvertRoundTrip(t *testing.T) {
	src := "../../testdata/fwave_train.edf"
	code, want, stderr := cli(t, "convert", src)
	if code != exitOK {
		t.Fatalf("convert: exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	for _, to := range []string{"atf", "edf", "csv", "tsv"} {
		out := filepath.Join(dir, "train."+to)
		if code, _, stderr := cli(t, "convert", "--to", to, "-o", out, src); code != exitOK {
			t.Fatalf("convert --to %s: exit %d: %s", to, code, stderr)
		}
		code, got, stderr := cli(t, "convert", out)
		if code != exitOK {
			t.Fatalf("convert %s back: exit %d: %s", out, code, stderr)
		}
		wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
		if len(wl) != len(gl) || wl[0] != gl[0] {
			t.Fatalf("%s: %d lines headed %q, want %d headed %q", to, len(gl), gl[0], len(wl), wl[0])
		}
		if to != "edf" && got != want {
			t.Errorf("%s: text formats must round-trip exactly", to)
		}
	}
}

// TestInfoJSONArrayForSeveralFiles: several files give an array even when only one can be read, so a
// script can rely on the shape; one file gives an object.
func TestInfoJSONArrayForSeveralFiles(t *testing.T) {
	code, out, _ := cli(t, "info", "--json", "../../testdata/motor_wrist.csv", filepath.Join(t.TempDir(), "missing.edf"))
	if code != exitBad || !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Errorf("two files, one missing: exit %d, output %.40q; want exit 1 and an array", code, out)
	}
	code, out, _ = cli(t, "info", "--json", "../../testdata/motor_wrist.csv")
	if code != exitOK || !strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Errorf("one file: exit %d, output %.40q; want exit 0 and an object", code, out)
	}
}

// The default (table) output of info: one block per file, headed by its name, with the contract's
// fields, channels and tags listed one per line.
func TestInfoTable(t *testing.T) {
	code, out, stderr := cli(t, "info", filepath.Join("..", "..", "testdata", "motor_wrist.edf"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"motor_wrist.edf\n",
		"  format             edf+c\n",
		"  channels           1\n",
		"    1                name=APB wrist  unit=mV  rate_hz=20000",
		"  sweeps             1\n",
		"  samples_per_sweep  600\n",
		"    1                time_s=0.003  text=Stimulus\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info table lacks %q:\n%s", want, out)
		}
	}
}
