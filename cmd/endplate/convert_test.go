package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// csvRecording writes a small two-sweep CSV recording to dir/name and returns its path.
func csvRecording(t *testing.T, dir, name string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	src := "time_ms,a sweep 1 (mV),a sweep 2 (mV)\n-1,0.5,1\n0,0.25,2\n1,-0.125,3\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// Convert never replaces one of its inputs, whatever the output is called: the same name, another
// name for the same file (a hard or symbolic link), or a file an input in -o DIR would land on.
func TestConvertRefusesItsInput(t *testing.T) {
	dir := t.TempDir()
	in := csvRecording(t, dir, "rec.csv")
	orig, _ := os.ReadFile(in)
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	soft := filepath.Join(dir, "soft.csv")
	if err := os.Symlink("rec.csv", soft); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "rec.edf")
	if code, _, stderr := cli(t, "convert", "-o", other, in); code != exitOK {
		t.Fatalf("convert to EDF: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{
		{"convert", "--to", "tsv", "-o", in, in},
		{"convert", "--to", "csv", "-o", hard, in},
		{"convert", "--to", "csv", "-o", soft, in},
		{"convert", "--to", "csv", "-o", filepath.Join(dir, ".", "..", filepath.Base(dir), "rec.csv"), in},
		{"convert", "--to", "csv", "-o", dir, in},        // dir/rec.csv is the input
		{"convert", "--to", "csv", "-o", dir, other, in}, // rec.edf's output would replace rec.csv
	} {
		code, _, stderr := cli(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "is the input") {
			t.Errorf("%q: exit %d, stderr %q; want %d refusing", args[1:], code, stderr, exitUsage)
		}
		if got, _ := os.ReadFile(in); !bytes.Equal(got, orig) {
			t.Fatalf("%q changed the input", args[1:])
		}
	}
}

// Two inputs that would land on one output are refused, and nothing is written.
func TestConvertRefusesCollisions(t *testing.T) {
	dir := t.TempDir()
	a := csvRecording(t, filepath.Join(dir, "a"), "rec.csv")
	b := csvRecording(t, filepath.Join(dir, "b"), "rec.csv")
	c := csvRecording(t, filepath.Join(dir, "b"), "rec.atf.csv")
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	for _, args := range [][]string{
		{"convert", "--to", "tsv", "-o", out, a, b},
		{"convert", "--to", "tsv", "-o", out, a, a},
		{"convert", "--to", "tsv", "-o", out + "/", c, b, a},
	} {
		code, _, stderr := cli(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "would both be written") {
			t.Errorf("%q: exit %d, stderr %q", args[1:], code, stderr)
		}
		if names := files(t, out); len(names) != 0 {
			t.Errorf("%q wrote %v", args[1:], names)
		}
	}
	// Different names go through, one file each.
	if code, _, stderr := cli(t, "convert", "--to", "tsv", "-o", out, a, c); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if names := files(t, out); strings.Join(names, " ") != "rec.atf.tsv rec.tsv" {
		t.Errorf("wrote %v", names)
	}
}

// Without --to the output's extension decides the format; --to overrides it.
func TestConvertFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	in := csvRecording(t, dir, "rec.csv")
	for _, c := range []struct {
		args []string
		out  string
		head string
	}{
		{[]string{}, "x.edf", "0       "},
		{[]string{}, "x.ATF", "ATF\t1.0\n"},
		{[]string{}, "x.tsv", "time_s\t"},
		{[]string{}, "x.dat", "time_s,"},
		{[]string{"--to", "csv"}, "y.edf", "time_s,"},
	} {
		out := filepath.Join(dir, c.out)
		if code, _, stderr := cli(t, append(append([]string{"convert"}, c.args...), "-o", out, in)...); code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.out, code, stderr)
		}
		got, _ := os.ReadFile(out)
		if !strings.HasPrefix(string(got), c.head) {
			t.Errorf("%q -o %s wrote %.20q, want it to begin %q", c.args, c.out, got, c.head)
		}
	}
}

// What convert writes with exit 0, info reads back as the same recording; what a format cannot hold
// is refused (exit 1, naming the input) and nothing is written.
func TestConvertReadBackOrRefuse(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var ghz strings.Builder
	ghz.WriteString("time_s,a (mV)\n")
	for i := range 50 {
		fmt.Fprintf(&ghz, "%de-9,%d\n", i, i%5)
	}
	refused := []struct{ in, to, want string }{
		{write("ghz.csv", ghz.String()), "edf", "duration field cannot state"},
		{write("nan_start.atf", "ATF\t1.0\n2\t2\n\"SweepStartTimesMS=NaN\"\n\"Signals=\"\t\"a\"\n\"Time (s)\"\t\"Trace #1 (mV)\"\n0\t1\n0.01\t2\n"),
			"edf", "sweep 1's start is NaN"},
	}
	for _, c := range refused {
		out := filepath.Join(dir, "out."+c.to)
		code, _, stderr := cli(t, "convert", "--to", c.to, "-o", out, c.in)
		if code != exitBad || !strings.Contains(stderr, filepath.Base(c.in)) || !strings.Contains(stderr, c.want) {
			t.Errorf("%s → %s: exit %d, stderr %q; want 1 naming the file and saying %q", filepath.Base(c.in), c.to, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s → %s: refused, yet %s was written", filepath.Base(c.in), c.to, out)
		}
	}

	// Names that would merge or be re-read as sweeps come back as distinct channels.
	tricky := write("tricky.csv", "time_ms,EMG sweep 3 sweep 1 (mV),abductor pollicis brevis L (mV),abductor pollicis brevis R (mV)\n0,1,2,3\n1,4,5,6\n")
	for _, to := range []string{"csv", "tsv", "atf", "edf"} {
		out := filepath.Join(dir, "back."+to)
		if code, _, stderr := cli(t, "convert", "-o", out, tricky); code != exitOK {
			t.Fatalf("→ %s: exit %d: %s", to, code, stderr)
		}
		code, js, stderr := cli(t, "info", "--json", out)
		if code != exitOK {
			t.Fatalf("info %s: exit %d: %s", out, code, stderr)
		}
		var info recordingInfo
		if err := json.Unmarshal([]byte(js), &info); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range info.Channels {
			names = append(names, c.Name)
		}
		if info.Sweeps != 1 || len(names) != 3 || names[0] != "EMG sweep 3" || names[1] == names[2] {
			t.Errorf("→ %s: %d sweeps, channels %q; want 1 sweep and 3 distinct channels, the first \"EMG sweep 3\"", to, info.Sweeps, names)
		}
	}
}

// "-o -" is standard output, as no -o is.
func TestConvertDashIsStdout(t *testing.T) {
	in := csvRecording(t, t.TempDir(), "rec.csv")
	code, out, stderr := cli(t, "convert", "-o", "-", in)
	_, want, _ := cli(t, "convert", in)
	if code != exitOK || out != want || !strings.HasPrefix(out, "time_s,") {
		t.Errorf("exit %d, stdout %.40q, stderr %q", code, out, stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was written`)
	}
}
