package ephys

import (
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestNewRecordingTrace(t *testing.T) {
	chans := []Channel{{Name: "APB", Unit: "mV", Rate: 1000}, {Name: "stim", Unit: "V", Rate: 1000}}
	data := [][][]float64{
		{{1, 2, 3, 4}, {5, 6}},
		{{0, 0, 1, 0}, {0, 1}},
	}
	r := NewRecording(chans, nil, data)
	if r.NumChannels() != 2 || r.NumSweeps() != 2 {
		t.Fatalf("got %d channels × %d sweeps, want 2 × 2", r.NumChannels(), r.NumSweeps())
	}
	// Default placement: sweeps back to back on the recording clock.
	if want := []Sweep{{Start: 0}, {Start: 0.004}}; !cmp.Equal(r.Sweeps, want, cmpopts.EquateApprox(0, 1e-15)) {
		t.Errorf("sweeps %v, want %v", r.Sweeps, want)
	}
	if got, want := r.Duration(), 0.006; got != want {
		t.Errorf("Duration %v, want %v", got, want)
	}
	if got := r.MaxSweepLen(); got != 4 {
		t.Errorf("MaxSweepLen %d, want 4", got)
	}
	tr, err := r.Trace(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(tr.Data, []float64{5, 6}) || tr.Unit != "mV" || tr.Rate != 1000 || tr.Sweep != 1 {
		t.Errorf("Trace(0, 1) = %+v", tr)
	}
	if _, err := r.Trace(2, 0); err == nil {
		t.Error("Trace(2, 0): no error for a channel out of range")
	}
	if _, err := r.Trace(0, -1); err == nil {
		t.Error("Trace(0, -1): no error for a sweep out of range")
	}
	buf := make([]float64, 2)
	w, err := r.ReadSamples(buf, 0, 0, 1)
	if err != nil || !cmp.Equal(w.Data, []float64{2, 3}) || w.Start != 0.001 {
		t.Errorf("ReadSamples window = %+v, %v", w, err)
	}
	if _, err := r.ReadSamples(make([]float64, 4), 0, 0, 1); err == nil {
		t.Error("ReadSamples past the end: no error")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Trace(0, 0); !errors.Is(err, ErrClosed) {
		t.Errorf("Trace after Close: %v, want ErrClosed", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestTraceTime(t *testing.T) {
	tr := Trace{Data: make([]float64, 11), Rate: 10000, Start: -0.0003}
	if got := tr.Time(3); got != 0 {
		t.Errorf("Time(3) = %v, want 0", got)
	}
	for _, c := range []struct {
		s    float64
		want int
	}{{-1, 0}, {0, 3}, {0.00012, 4}, {1, 10}} {
		if got := tr.Index(c.s); got != c.want {
			t.Errorf("Index(%v) = %d, want %d", c.s, got, c.want)
		}
	}
	w := tr.Window(0, 0.0002)
	if w.Len() != 3 || w.Time(0) != 0 {
		t.Errorf("Window(0, 0.2 ms): %d samples from %v, want 3 from 0", w.Len(), w.Time(0))
	}
	u, err := Trace{Data: []float64{1, -2}, Unit: "mV", Rate: 1}.In("µV")
	if err != nil || !cmp.Equal(u.Data, []float64{1000, -2000}) || u.Unit != "µV" {
		t.Errorf("In(µV) = %+v, %v", u, err)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		head string
		ext  string
		want Format
	}{
		{"ABF2\x00\x00", ".abf", FormatABF2},
		{"ABF \x00\x00", "", FormatABF1},
		{"0       X X X X", ".edf", FormatEDF},
		{"ATF\t1.0\n0\t2\n", ".txt", FormatATF},
		{"time_s,I (nA)\n0,1\n", ".txt", FormatCSV},
		{"time_s\tI (nA)\n0\t1\n", ".csv", FormatTSV},
		{"\x00\x01\x02binary,stuff", ".csv", ""},
		{"", ".csv", ""},
	} {
		if got := Detect([]byte(c.head), c.ext); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.head, c.ext, got, c.want)
		}
	}
}

// TestSourcesFillEverySample holds every reader to the contract ReadSamples relies on when it hands a
// read the caller's buffer: a read writes every sample of dst or fails. Each
// trace of the bundled and shared recordings is read into a buffer poisoned with a NaN no decoder
// produces, whole and as a window at an odd offset.
func TestSourcesFillEverySample(t *testing.T) {
	const poison = 0x7ff4_dead_beef_0bad
	files, _ := filepath.Glob("../testdata/*.*")
	for _, dir := range []string{"abf", "ncs", "ach"} {
		m, _ := filepath.Glob(filepath.Join(sharedDir, dir, "*.*"))
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d recordings found", len(files))
	}
	read := 0
	for _, name := range files {
		r, err := Open(name)
		if err != nil {
			continue // not a recording (manifest, reference JSON)
		}
		for c := range r.Channels {
			for sw := range r.Sweeps {
				n := r.src.len(c, sw)
				for _, off := range []int{0, n / 3} {
					dst := make([]float64, n-off)
					for i := range dst {
						dst[i] = math.Float64frombits(poison)
					}
					if err := r.src.read(dst, c, sw, off); err != nil {
						t.Fatalf("%s channel %d sweep %d: %v", name, c, sw, err)
					}
					for i, v := range dst {
						if math.Float64bits(v) == poison {
							t.Fatalf("%s channel %d sweep %d from %d: sample %d left unwritten", name, c, sw, off, off+i)
						}
					}
				}
			}
		}
		read++
		r.Close()
	}
	t.Logf("%d recordings read", read)
}

// Short traces share a block (Recording.samples); each must still behave as a slice of its own.
func TestTracesShareBlockSafely(t *testing.T) {
	data := [][][]float64{{{1, 2, 3}, {4, 5, 6, 7}, {8}}}
	r := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, data)
	var got [][]float64
	for sw := range data[0] {
		tr, err := r.Trace(0, sw)
		if err != nil {
			t.Fatal(err)
		}
		if cap(tr.Data) != len(tr.Data) {
			t.Errorf("sweep %d: cap %d, len %d: an append would write into the next trace", sw, cap(tr.Data), len(tr.Data))
		}
		got = append(got, tr.Data)
	}
	got[0] = append(got[0], -1)
	got[0][0] = -2
	if diff := cmp.Diff(data[0][1:], got[1:]); diff != "" {
		t.Errorf("traces changed by writing to another (-want +got):\n%s", diff)
	}
	if data[0][0][0] != 1 {
		t.Error("a trace shares memory with the recording's own samples")
	}
}

// A user may change a Recording's exported slices; its methods then check indices against the
// samples it really holds and return errors instead of panicking (issue 16).
func TestRecordingExportedSlicesChanged(t *testing.T) {
	open := map[string]func() *Recording{
		"memory": func() *Recording {
			data := [][][]float64{{{1, 2, 3}, {4, 5}}}
			r := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, data)
			data[0] = data[0][:1] // the caller's outer slices no longer shape the recording
			return r
		},
		"edf": func() *Recording {
			return memRecording(t, encode(t, synthRecording(1, 2, 50, 1000), FormatEDFD), ".edf")
		},
		"abf": func() *Recording { return memRecording(t, synthABF2(64), ".abf") },
	}
	for name, mk := range open {
		r := mk()
		nch, nsw := r.NumChannels(), r.NumSweeps()
		if _, err := r.Trace(0, nsw-1); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r.Channels = append(r.Channels, Channel{Name: "added", Unit: "mV", Rate: 1000})
		r.Sweeps = append(r.Sweeps, Sweep{Start: 99})
		for _, idx := range [][2]int{{nch, 0}, {0, nsw}, {nch, nsw}} {
			if _, err := r.Trace(idx[0], idx[1]); err == nil {
				t.Errorf("%s: Trace(%d, %d) of an added channel or sweep: no error", name, idx[0], idx[1])
			}
			if _, err := r.ReadSamples(make([]float64, 1), idx[0], idx[1], 0); err == nil {
				t.Errorf("%s: ReadSamples(%d, %d) of an added channel or sweep: no error", name, idx[0], idx[1])
			}
			if n := r.SweepLen(idx[0], idx[1]); n != 0 {
				t.Errorf("%s: SweepLen(%d, %d) = %d, want 0", name, idx[0], idx[1], n)
			}
		}
		_ = r.Duration()
		_ = r.MaxSweepLen()
		r.Channels, r.Sweeps = r.Channels[:0], nil
		if _, err := r.Trace(0, 0); err == nil {
			t.Errorf("%s: Trace after Channels and Sweeps were emptied: no error", name)
		}
		_ = r.Duration()
		_ = r.MaxSweepLen()
		r.Close()
	}
}

// Sweeps placed back to back by NewRecording start at samples/rate, not at a sum of durations:
// thirteen 50-sample sweeps at 1 kHz put the fourteenth at exactly 0.65 s, as written.
func TestNewRecordingSweepStartsExact(t *testing.T) {
	data := [][][]float64{make([][]float64, 14)}
	for k := range data[0] {
		data[0][k] = make([]float64, 50)
	}
	r := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, data)
	if got := r.Sweeps[13].Start; got != 0.65 {
		t.Errorf("sweep 14 starts at %v s, want 0.65", got)
	}
}
