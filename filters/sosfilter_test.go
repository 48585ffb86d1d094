package filters

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/endplate/endplate/filters/internal/biquad"
)

// TestSOSFilterBadRows: a row with a0 ≠ 1 used to give a wrong result on short inputs and a panic
// from package lanes on long ones. NewSOSFilter refuses it, naming the section; the one-off methods
// panic with the package's message whatever the length.
func TestSOSFilterBadRows(t *testing.T) {
	good, _ := Butterworth(2, Lowpass, 1000, 100)
	for name, row := range map[string][6]float64{
		"a0 = 2":      {1, 0, 0, 2, 0.5, 0},
		"NaN b1":      {1, math.NaN(), 0, 1, 0, 0},
		"Inf a2":      {1, 0, 0, 1, 0, math.Inf(-1)},
		"pole at z=1": {1, 0, 0, 1, -1, 0},
	} {
		s := append(append(SOS(nil), good...), row)
		_, err := NewSOSFilter(s, nil)
		var de *DesignError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "section 1") {
			t.Errorf("%s: NewSOSFilter error %v, want a *DesignError naming section 1", name, err)
		}
		for _, n := range []int{10, 1 << 17} {
			x := make([]float64, n)
			for m, f := range map[string]func(){
				"Filter":        func() { s.Filter(nil, x) },
				"FiltFilt":      func() { s.FiltFilt(nil, x) },
				"FiltFiltBatch": func() { s.FiltFiltBatch([][]float64{x}, [][]float64{x}) },
			} {
				msg := panicMessage(f)
				if !strings.HasPrefix(msg, "filters: ") {
					t.Errorf("%s, %s of %d samples: panic %q, want the package's", name, m, n, msg)
				}
			}
		}
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestSOSFilterMatchesSOS: the reusable filter gives the one-off methods' bits on short and long
// channels and batches, for any number of workers.
func TestSOSFilterMatchesSOS(t *testing.T) {
	s, _ := Butterworth(4, Bandpass, 20000, 10, 5000)
	f, err := NewSOSFilter(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 30, 2000, 300_000} {
		x := noise(n, uint64(n))
		wantF, wantFF := s.Filter(nil, x), s.FiltFilt(nil, x)
		for _, w := range []int{0, 1, 3} {
			if d := differ(wantF, f.Filter(nil, x, w), 0); d != "" {
				t.Errorf("n=%d workers=%d: Filter %s", n, w, d)
			}
			if d := differ(wantFF, f.FiltFilt(nil, x, w), 0); d != "" {
				t.Errorf("n=%d workers=%d: FiltFilt %s", n, w, d)
			}
		}
	}
	x := benchSweeps(200, 3000)
	want := make([][]float64, len(x))
	got := make([][]float64, len(x))
	for i := range x {
		want[i], got[i] = s.FiltFilt(nil, x[i]), make([]float64, len(x[i]))
	}
	for _, w := range []int{1, 2, 3} {
		f.FiltFiltBatch(got, x, w)
		if d := differRows(want, got, 0); d != "" {
			t.Errorf("batch workers=%d: %s", w, d)
		}
	}
}

// TestSOSFilterPadLen: the PadLen option sets the extension (negative: none), as sosfiltfilt's padlen.
// A padding longer than the sweep pads by len(x) − 1 and allocates no more than that, however long.
func TestSOSFilterPadLen(t *testing.T) {
	s, _ := Butterworth(3, Highpass, 1000, 20)
	x := noise(500, 4)
	for _, c := range []struct{ opt, pad int }{{0, s.PadLen()}, {-1, 0}, {40, 40}, {600, 600}, {math.MaxInt, math.MaxInt}} {
		f, err := NewSOSFilter(s, &SOSOptions{PadLen: c.opt})
		if err != nil {
			t.Fatal(err)
		}
		want := biquad.FiltFiltRef(s, s.ZI(nil), c.pad, x)
		var got []float64
		if b := allocated(func() { got = f.FiltFilt(nil, x, 1) }); b > 64<<10 {
			t.Errorf("PadLen %d: FiltFilt of %d samples allocated %d bytes", c.opt, len(x), b)
		}
		if d := differ(want, got, sameArithmetic); d != "" {
			t.Errorf("PadLen %d: %s", c.opt, d)
		}
	}
}

// TestSOSFilterAllocations: once an SOSFilter has run at a size it allocates nothing on one
// goroutine; the one-off FiltFiltBatch (which allocated 123 times and 304 KB per call of 256 sweeps
// of 2000 samples) allocates its cascade and one group's scratch.
func TestSOSFilterAllocations(t *testing.T) {
	s, _ := Butterworth(4, Bandpass, 20000, 10, 5000)
	f, err := NewSOSFilter(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	short, long := noise(2000, 1), noise(300_000, 2)
	rows := benchSweeps(256, 2000)
	for name, fn := range map[string]func(){
		"Filter short":   func() { f.Filter(short, short, 1) },
		"FiltFilt short": func() { f.FiltFilt(short, short, 1) },
		"Filter long":    func() { f.Filter(long, long, 1) },
		"FiltFilt long":  func() { f.FiltFilt(long, long, 1) },
		"FiltFiltBatch":  func() { f.FiltFiltBatch(rows, rows, 1) },
		"batch and long in turn": func() { // their lane plans differ in width with AVX-512
			f.FiltFiltBatch(rows, rows, 1)
			f.FiltFilt(long, long, 1)
		},
	} {
		fn()
		if a := testing.AllocsPerRun(3, fn); a != 0 {
			t.Errorf("%s: %v allocations per call", name, a)
		}
	}
	// More workers start goroutines, whose closures and wait group take a few small allocations per
	// call (6 for a batch on two, 12 for a long FiltFilt, whose two passes each share): at most 16,
	// whatever the size.
	for name, fn := range map[string]func(){
		"FiltFiltBatch on 3": func() { f.FiltFiltBatch(rows, rows, 3) },
		"FiltFilt long on 2": func() { f.FiltFilt(long, long, 2) },
	} {
		fn()
		if a := testing.AllocsPerRun(3, fn); a > 16 {
			t.Errorf("%s: %v allocations per call", name, a)
		}
	}
	a := testing.AllocsPerRun(3, func() { s.FiltFiltBatch(rows, rows) })
	t.Logf("one-off FiltFiltBatch of 256×2000: %v allocations per call", a)
}
