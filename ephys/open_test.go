package ephys

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedDir is ../shared/data seen from the package directory (see DESIGN.md).
const sharedDir = "../../shared/data"

// sharedFiles returns the files of ../shared/data/<sub> matching pattern, or skips the test.
func sharedFiles(t testing.TB, sub, pattern string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(sharedDir, sub, pattern))
	if len(m) == 0 {
		t.Skipf("no %s files in %s: the shared validation data is not present", pattern, filepath.Join(sharedDir, sub))
	}
	return m
}

// memRecording opens b as a file with extension ext through OpenReader.
func memRecording(t testing.TB, b []byte, ext string) *Recording {
	t.Helper()
	r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ext)
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	return r
}

// encode writes r in format f.
func encode(t testing.TB, r *Recording, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, f); err != nil {
		t.Fatalf("Write %s: %v", f, err)
	}
	return buf.Bytes()
}

// synthRecording builds a recording of nch channels × nsw sweeps of n samples at rate Hz: a damped
// oscillation whose phase depends on channel and sweep, units and names set, stimulus 2 ms in.
func synthRecording(nch, nsw, n int, rate float64) *Recording {
	chans := make([]Channel, nch)
	data := make([][][]float64, nch)
	for c := range chans {
		chans[c] = Channel{Name: "ch" + string(rune('A'+c)), Unit: []string{"mV", "nA", "µV"}[c%3], Rate: rate}
		data[c] = make([][]float64, nsw)
		for s := range nsw {
			x := make([]float64, n)
			for i := range x {
				t := float64(i) / rate
				x[i] = 3*math.Exp(-t*50)*math.Sin(2*math.Pi*(80*t+0.1*float64(s+c))) + 0.01*float64(c)
			}
			data[c][s] = x
		}
	}
	sweeps := make([]Sweep, nsw)
	for s := range sweeps {
		sweeps[s] = Sweep{Start: float64(s), Zero: 0.002}
	}
	return NewRecording(chans, sweeps, data)
}

// traces returns every trace of r as [channel][sweep].
func traces(t testing.TB, r *Recording) [][]Trace {
	t.Helper()
	out := make([][]Trace, r.NumChannels())
	for c := range out {
		for s := range r.NumSweeps() {
			tr, err := r.Trace(c, s)
			if err != nil {
				t.Fatalf("Trace(%d, %d): %v", c, s, err)
			}
			out[c] = append(out[c], tr)
		}
	}
	return out
}

func TestOpenReaderDetectsWrittenFormats(t *testing.T) {
	r := synthRecording(2, 3, 200, 10000)
	for _, f := range []Format{FormatCSV, FormatTSV, FormatATF, FormatEDF} {
		b := encode(t, r, f)
		// The extension lies: detection goes by content.
		got := memRecording(t, b, ".dat")
		want := f
		if f == FormatEDF {
			want = FormatEDFD
		}
		if got.Format != want {
			t.Errorf("%s written, %s detected", f, got.Format)
		}
		if got.NumChannels() != 2 || got.NumSweeps() != 3 {
			t.Errorf("%s: %d channels × %d sweeps, want 2 × 3", f, got.NumChannels(), got.NumSweeps())
		}
	}
}

func TestOpenErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty.csv":    nil,
		"binary.csv":   {0, 1, 2, 3, 0xff, 0xfe},
		"trunc.edf":    []byte("0       short"),
		"bad.atf":      []byte("ATF\t1.0\n999999999\t2\n"),
		"cols.atf":     []byte("ATF\t1.0\n0\t99999\n\"Time (s)\"\t\"x (mV)\"\n0\t1\n0.1\t2\n"),
		"bad.MEM":      []byte("File:   x\nM-SCAN DATA\nMS.1   abc   def\nMS.2\n"),
		"nan.csv":      []byte("time_ms,x (mV)\n0,NaN\n0.05,Inf\n0.1,abc\n"),
		"back.csv":     []byte("time_s,a (mV)\n0.2,1\n0.1,2\n0.0,3\n"),
		"ragged.csv":   []byte("time_ms,a (mV),b (mV)\n0,1\n0.05,1,2,3\n"),
		"headonly.csv": []byte("time_s,a (mV)\n"),
	}
	for name, b := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(p)
		if err == nil {
			r.Close()
			t.Errorf("%s: no error", name)
			continue
		}
		if !bytes.Contains([]byte(err.Error()), []byte(name)) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
		if strings.Contains(err.Error(), "  ") { // "invalid  file": a format without a name
			t.Errorf("%s: error %q has a gap where a format name is missing", name, err)
		}
		var fe *FormatError
		var ue *UnsupportedError
		if !errors.As(err, &fe) && !errors.As(err, &ue) {
			t.Errorf("%s: error %v is neither a FormatError nor an UnsupportedError", name, err)
		}
	}
}

// The repository's own sample files (testdata/, made by internal/gentestdata) read back to what their
// JSON says.
func TestRepoTestdata(t *testing.T) {
	manifest, err := os.ReadFile("../testdata/manifest.json")
	if err != nil {
		t.Fatalf("testdata manifest: %v (run go generate ./internal/gentestdata)", err)
	}
	var files []struct {
		File     string  `json:"file"`
		Format   string  `json:"format"`
		Channels int     `json:"channels"`
		Sweeps   int     `json:"sweeps"`
		Samples  int     `json:"samples_per_sweep"`
		RateHz   float64 `json:"rate_hz"`
		Unit     string  `json:"unit"`
		StimS    float64 `json:"stimulus_s"`
		PeakTime float64 `json:"peak_time_s"`
		Peak     float64 `json:"peak"`
		PeakTol  float64 `json:"peak_tol"`
	}
	if err := json.Unmarshal(manifest, &files); err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 {
		t.Fatalf("manifest lists %d files, want at least 4", len(files))
	}
	for _, f := range files {
		r, err := Open(filepath.Join("../testdata", f.File))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if string(r.Format) != f.Format || r.NumChannels() != f.Channels || r.NumSweeps() != f.Sweeps {
			t.Errorf("%s: %s %d×%d, manifest %s %d×%d", f.File, r.Format, r.NumChannels(), r.NumSweeps(), f.Format, f.Channels, f.Sweeps)
		}
		for s := range r.NumSweeps() {
			tr, err := r.Trace(0, s)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Len() != f.Samples || math.Abs(tr.Rate-f.RateHz) > 1e-9*f.RateHz || tr.Unit != f.Unit {
				t.Errorf("%s sweep %d: %d samples at %v Hz in %s, manifest %d at %v in %s", f.File, s+1, tr.Len(), tr.Rate, tr.Unit, f.Samples, f.RateHz, f.Unit)
			}
			if math.Abs(-tr.Start-f.StimS) > 1e-9 {
				t.Errorf("%s sweep %d: stimulus %v s after the first sample, manifest %v", f.File, s+1, -tr.Start, f.StimS)
			}
			// The extreme sample (largest magnitude) lies at the manifest's peak.
			k := 0
			for i, v := range tr.Data {
				if math.Abs(v) > math.Abs(tr.Data[k]) {
					k = i
				}
			}
			if math.Abs(tr.Time(k)-f.PeakTime) > 2/tr.Rate || math.Abs(tr.Data[k]-f.Peak) > f.PeakTol {
				t.Errorf("%s sweep %d: peak %v at %v s, manifest %v±%v at %v s", f.File, s+1, tr.Data[k], tr.Time(k), f.Peak, f.PeakTol, f.PeakTime)
			}
		}
		r.Close()
	}
}

// Open refuses what is not a regular file before reading it: a FIFO would block until a writer came
// (issue 16: it hung), a directory is no recording.
func TestOpenRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := mkfifo(fifo); err != nil {
		t.Logf("no FIFO on this platform: %v", err)
	} else {
		done := make(chan error, 1)
		go func() {
			r, err := Open(fifo)
			if err == nil {
				r.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "pipe.csv") || !strings.Contains(err.Error(), "FIFO") {
				t.Errorf("Open(FIFO) = %v, want an error naming the file and saying FIFO", err)
			}
		case <-time.After(10 * time.Second): // not a timing assertion: a hang would otherwise block the suite
			t.Fatal("Open(FIFO) blocked")
		}
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Open(directory) = %v, want \"is a directory\"", err)
	}
}
