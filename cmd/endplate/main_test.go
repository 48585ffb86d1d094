package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
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
		{"info", "-j", "x"},      // unknown shorthand
		{"info", "--json=maybe", "x"},
		{"convert", "--to", "xls", "x.csv"},
		{"convert", "-o"}, // flag without its value
		{"nosuchcommand", "x"},
		{"help", "info", "--bogus"},
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
	for _, cmd := range [][]string{{"info"}, {"convert", "-o", dir}} {
		code, _, stderr := cli(t, append(cmd, junk, missing)...)
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

// TestConvertRoundTrip converts every bundled recording to ATF, EDF, CSV and TSV files and reads each
// back: the same CSV shape and header, and the same values (text formats exactly; EDF within its
// 16-bit steps, so only the shape is compared), and info's channels, sweeps and lengths.
func TestConvertRoundTrip(t *testing.T) {
	srcs, _ := filepath.Glob("../../testdata/*.edf")
	more, _ := filepath.Glob("../../testdata/*.csv")
	atfs, _ := filepath.Glob("../../testdata/*.atf")
	srcs = append(append(srcs, more...), atfs...)
	if len(srcs) < 3 {
		t.Fatalf("bundled recordings: %v", srcs)
	}
	dir := t.TempDir()
	for _, src := range srcs {
		code, want, stderr := cli(t, "convert", src)
		if code != exitOK {
			t.Fatalf("convert %s: exit %d: %s", src, code, stderr)
		}
		_, wantInfo, _ := cli(t, "info", "--json", src)
		for _, to := range []string{"atf", "edf", "csv", "tsv"} {
			out := filepath.Join(dir, "back."+to)
			if code, _, stderr := cli(t, "convert", "--to", to, "-o", out, src); code != exitOK {
				t.Fatalf("convert --to %s %s: exit %d: %s", to, src, code, stderr)
			}
			code, got, stderr := cli(t, "convert", out)
			if code != exitOK {
				t.Fatalf("convert %s back: exit %d: %s", out, code, stderr)
			}
			wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
			if len(wl) != len(gl) || wl[0] != gl[0] {
				t.Fatalf("%s → %s: %d lines headed %q, want %d headed %q", src, to, len(gl), gl[0], len(wl), wl[0])
			}
			if to != "edf" && got != want {
				t.Errorf("%s → %s: text formats must round-trip exactly", src, to)
			}
			_, gotInfo, _ := cli(t, "info", "--json", out)
			var a, b recordingInfo
			if json.Unmarshal([]byte(wantInfo), &a) != nil || json.Unmarshal([]byte(gotInfo), &b) != nil ||
				len(a.Channels) != len(b.Channels) || a.Sweeps != b.Sweeps || a.SamplesPerSweep != b.SamplesPerSweep {
				t.Errorf("%s → %s: info %.200s, want %.200s", src, to, gotInfo, wantInfo)
			}
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
// fields, channels and tags in aligned tables, numbers rounded for people.
func TestInfoTable(t *testing.T) {
	code, out, stderr := cli(t, "info", filepath.Join("..", "..", "testdata", "motor_wrist.edf"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"motor_wrist.edf\n",
		"  format             edf+c\n",
		"  channels           1\n",
		"    #  name       unit  rate (Hz)  low-pass (Hz)  high-pass (Hz)\n",
		"    1  APB wrist  mV        20000          10000               2\n",
		"  sweeps             1\n",
		"  samples per sweep  600\n",
		"  duration           0.03 s\n",
		"    1     0.003  Stimulus\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, " \n") {
		t.Errorf("info table has trailing blanks:\n%q", out)
	}
}

// Several files that all fail still give a JSON array (empty), so that a script reading the output
// always finds the shape it asked for; one failing file prints nothing.
func TestInfoJSONAllBad(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := cli(t, "info", "--json", filepath.Join(dir, "bad1.edf"), filepath.Join(dir, "bad2.abf"))
	if code != exitBad || strings.TrimSpace(out) != "[]" {
		t.Errorf("two missing files: exit %d, output %q; want 1 and []", code, out)
	}
	code, out, _ = cli(t, "info", "--json", filepath.Join(dir, "bad1.edf"))
	if code != exitBad || out != "" {
		t.Errorf("one missing file: exit %d, output %q; want 1 and nothing", code, out)
	}
}

// A Qtrac MEM file's table lists its columns as text, not as a Go slice.
func TestInfoMEMTable(t *testing.T) {
	f := filepath.Join(t.TempDir(), "scan.MEM")
	mem := "File:  \tx.QZD\r\nM-SCAN DATA (1-2m)\r\nStim. (mA)\tAmp. (mV)\r\nMS.1\t14\t6.7\r\nMS.2\t13\t6.1\r\n"
	if err := os.WriteFile(f, []byte(mem), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := cli(t, "info", f)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "Stim. (mA), Amp. (mV)\n") || strings.Contains(out, "[") || !strings.Contains(out, "points ") {
		t.Errorf("MEM table:\n%s", out)
	}
}

// An unknown format reads "invalid file", not "invalid  file" with an empty format name.
func TestUnknownFormatMessage(t *testing.T) {
	f := filepath.Join(t.TempDir(), "x.dat")
	if err := os.WriteFile(f, []byte("\x00\x01\x02\x03 no recording here"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := cli(t, "info", f)
	if code != exitBad || !strings.Contains(stderr, "x.dat: invalid file: ") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestRounding(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{sig(199.99999999999997, 6), "200"},
		{sig(403.2258064516129, 6), "403.226"},
		{sig(20000, 6), "20000"},
		{sig(-0.000123456789, 3), "-0.000123"},
		{sig(1.5e-7, 3), "1.5e-07"},
		{sig(math.NaN(), 3), none},
		{fixed(-0.0001, 2), "0.00"},
		{fixed(2.345, 1), "2.3"},
		{fixed(math.Inf(1), 2), none},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Errors cobra raises before a command runs are usage errors whatever their wording; an error a
// command returns is not.
func TestUsageRecognisedByOrigin(t *testing.T) {
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb}
	root := newRoot(a)
	var ran bool
	root.AddCommand(&cobra.Command{Use: "needs", Args: cobra.ExactArgs(2), RunE: func(*cobra.Command, []string) error {
		ran = true
		return errors.New("needs: a file could not be read")
	}})
	req := &cobra.Command{Use: "req", RunE: func(*cobra.Command, []string) error { return nil }}
	req.Flags().String("distance-mm", "", "")
	req.MarkFlagRequired("distance-mm")
	root.AddCommand(req)
	markRunErrors(root)
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"needs", "x"}, exitUsage},    // cobra's argument count
		{[]string{"req"}, exitUsage},           // cobra's required flag
		{[]string{"needs", "x", "y"}, exitBad}, // the command's own error
		{[]string{"req", "--distance-mm", "1"}, exitOK},
	} {
		root.SetArgs(c.args)
		err := root.Execute()
		if got := exitCode(err, &errb); got != c.want {
			t.Errorf("%q: exit %d, want %d (%v)", c.args, got, c.want, err)
		}
	}
	if !ran {
		t.Error("the command never ran")
	}
}

// A panic is a bug: it is reported with its stack, the other files still go through, and the exit
// code is neither success nor "bad input".
func TestPanicIsABug(t *testing.T) {
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb}
	var seen []string
	a.each([]string{"a.abf", "b.abf"}, func(f string) error {
		seen = append(seen, f)
		if f == "a.abf" {
			panic("a bug") // as an index out of range or a nil map write would
		}
		return nil
	})
	if len(seen) != 2 || !errors.Is(a.result(), errBug) || !strings.Contains(errb.String(), "a.abf: internal error") {
		t.Errorf("seen %v, result %v, stderr %q", seen, a.result(), errb.String())
	}
}

// Header fields print as one JSON object in the file's order; a repeated key is numbered, not lost.
func TestFieldsJSON(t *testing.T) {
	b, err := json.Marshal(fields{{Key: "File", Value: "x"}, {Key: "Comment", Value: "a"}, {Key: "Comment", Value: "b"}})
	if err != nil || string(b) != `{"File":"x","Comment":"a","Comment #2":"b"}` {
		t.Errorf("%s, %v", b, err)
	}
}
