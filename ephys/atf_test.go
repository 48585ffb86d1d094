package ephys

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestATFSharedData(t *testing.T) {
	for _, p := range sharedFiles(t, "ach", "*.atf") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// The test's own reading, as check_formats.py reads ATF: line 2 gives the optional header
		// records and the columns; "Trace #k" columns are sweeps of the exported signal.
		lines := strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n")
		f := strings.Split(lines[1], "\t")
		nopt, _ := strconv.Atoi(f[0])
		ncol, _ := strconv.Atoi(f[1])
		titles := strings.Split(lines[2+nopt], "\t")
		if len(titles) != ncol {
			t.Fatalf("%s: %d titles, line 2 says %d", p, len(titles), ncol)
		}
		var tcol []float64
		cols := make([][]float64, ncol-1)
		for _, l := range lines[3+nopt:] {
			if strings.TrimSpace(l) == "" {
				continue
			}
			cells := strings.Split(l, "\t")
			v, _ := strconv.ParseFloat(cells[0], 64)
			tcol = append(tcol, v)
			for k := range cols {
				x, err := strconv.ParseFloat(cells[k+1], 64)
				if err != nil {
					t.Fatal(err)
				}
				cols[k] = append(cols[k], x)
			}
		}
		scale := 1.0
		if strings.Contains(titles[0], "(ms)") {
			scale = 1e-3
		}
		n := len(tcol)
		rate := float64(n-1) / ((tcol[n-1] - tcol[0]) * scale)
		unit := regexp.MustCompile(`\(([^()]*)\)"?$`).FindStringSubmatch(titles[1])[1]

		r, err := Open(p)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		name := filepath.Base(p)
		if r.Format != FormatATF || r.NumChannels() != 1 || r.NumSweeps() != ncol-1 {
			t.Errorf("%s: %s %d × %d, want 1 × %d", name, r.Format, r.NumChannels(), r.NumSweeps(), ncol-1)
			continue
		}
		ch := r.Channels[0]
		// The rate may be snapped to 12 digits when the span only carries float noise.
		if ch.Unit != unit || math.Abs(ch.Rate-rate) > 1e-11*rate || ch.Name != "I_M" {
			t.Errorf("%s: %q %q %v Hz, want I_M %q %v", name, ch.Name, ch.Unit, ch.Rate, unit, rate)
		}
		for s := range cols {
			tr, err := r.Trace(0, s)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Start != tcol[0]*scale || len(tr.Data) != n {
				t.Errorf("%s sweep %d: %d samples from %v, want %d from %v", name, s, len(tr.Data), tr.Start, n, tcol[0]*scale)
			}
			for i, v := range cols[s] {
				if tr.Data[i] != v {
					t.Fatalf("%s sweep %d sample %d: %v, want %v", name, s, i, tr.Data[i], v)
				}
			}
		}
		r.Close()
	}
}

func TestATFRoundTrip(t *testing.T) {
	r := synthRecording(2, 3, 400, 5000)
	for s := range r.Sweeps {
		r.Sweeps[s].Start = 1.5 * float64(s)
	}
	got := memRecording(t, encode(t, r, FormatATF), ".atf")
	checkExactRoundTrip(t, "atf", r, got)
	for s := range r.Sweeps {
		if got.Sweeps[s].Start != r.Sweeps[s].Start {
			t.Errorf("sweep %d starts at %v, want %v", s, got.Sweeps[s].Start, r.Sweeps[s].Start)
		}
	}
}

// Clampfit's multi-signal export: "Signals=" names every column; the traces of two signals
// alternate.
func TestATFClampfitSignals(t *testing.T) {
	text := "ATF\t1.0\r\n" +
		"3\t5\r\n" +
		"\"AcquisitionMode=Episodic Stimulation\"\r\n" +
		"\"SignalsExported=IN 0,IN 1\"\r\n" +
		"\"Signals=\"\t\"IN 0\"\t\"IN 1\"\t\"IN 0\"\t\"IN 1\"\r\n" +
		"\"Time (ms)\"\t\"Trace #1 (pA)\"\t\"Trace #1 (mV)\"\t\"Trace #2 (pA)\"\t\"Trace #2 (mV)\"\r\n" +
		"0\t1\t-80\t2\t-70\r\n" +
		"0.1\t1.5\t-80\t2.5\t-70\r\n" +
		"0.2\t1.25\t-80\t2.25\t-70\r\n"
	r, err := readATF([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if r.NumChannels() != 2 || r.NumSweeps() != 2 || r.Channels[0].Name != "IN 0" || r.Channels[1].Unit != "mV" || r.Channels[0].Rate != 10000 {
		t.Fatalf("%+v, %d sweeps", r.Channels, r.NumSweeps())
	}
	tr, _ := r.Trace(0, 1)
	if tr.Data[2] != 2.25 || r.Mode != "Episodic Stimulation" {
		t.Errorf("IN 0 sweep 2: %v, mode %q", tr.Data, r.Mode)
	}
}

func TestATFErrors(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"huge header count": {"ATF\t1.0\n999999999\t2\n", "header records"},
		"columns":           {"ATF\t1.0\n0\t99999\n\"Time (s)\"\t\"x (mV)\"\n0\t1\n0.1\t2\n", "columns"},
		"line 2":            {"ATF\t1.0\nabc\n", "line 2"},
		"no time":           {"ATF\t1.0\n0\t2\n\"x\"\t\"y (mV)\"\n0\t1\n1\t2\n", "Time (s)"},
		"not a number":      {"ATF\t1.0\n0\t2\n\"Time (s)\"\t\"y (mV)\"\n0\t1\n1\tx\n", "line 5, column 2"},
		"end":               {"ATF\t1.0\n", "line 2"},
	} {
		_, err := readATF([]byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

func BenchmarkATFRead(b *testing.B) {
	r := synthRecording(1, 10, 10000, 10000)
	enc := encode(b, r, FormatATF)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readATF(enc); err != nil {
			b.Fatal(err)
		}
	}
}
