package filters

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// medianNaive is Median's reference: each window copied and sorted.
func medianNaive(dst, x []float64, n int) []float64 {
	dst = dstOfLen(dst, len(x))
	x = copyIfSame(dst, x)
	h := n / 2
	win := make([]float64, n)
	for i := range dst {
		for j := range win {
			k := i - h + j
			win[j] = 0
			if k >= 0 && k < len(x) {
				win[j] = x[k]
			}
		}
		slices.SortFunc(win, cmpNaNLast)
		dst[i] = win[h]
	}
	return dst
}

func TestMedianAgainstNaive(t *testing.T) {
	for _, n := range []int{1, 3, 5, 11, 51} {
		for _, nx := range []int{1, 2, 7, 60, 1000} {
			x := benchInput(nx)
			for i := range x { // repeated values exercise the search for the one to remove
				if i%5 == 0 {
					x[i] = 0
				}
			}
			want := medianNaive(nil, x, n)
			got := Median(nil, x, n)
			for i := range want {
				if got[i] != want[i] { // a median is one of the inputs: exact
					t.Fatalf("n=%d len=%d: y[%d] = %v, want %v", n, nx, i, got[i], want[i])
				}
			}
			Median(x, x, n)
			for i := range want {
				if x[i] != want[i] {
					t.Fatalf("n=%d len=%d in place: y[%d] = %v, want %v", n, nx, i, x[i], want[i])
				}
			}
		}
	}
	// SciPy's medfilt on [2, 8, 1, 9, 3] with 3: zero padding at the ends.
	got := Median(nil, []float64{2, 8, 1, 9, 3}, 3)
	want := []float64{2, 2, 8, 3, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("medfilt example: %v, want %v", got, want)
			break
		}
	}
	// NaN sorts above +Inf and does not break the window.
	x := []float64{1, math.NaN(), 3, 2, math.NaN(), math.NaN(), 5, 4}
	if got, want := Median(nil, x, 3), medianNaive(nil, x, 3); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("with NaN: %v, want %v", got, want)
	}
	for _, n := range []int{0, 2, -3} {
		if !panics(func() { Median(nil, x, n) }) {
			t.Errorf("n=%d: no panic", n)
		}
	}
}

func BenchmarkMedian(b *testing.B) {
	const nx = 100000
	x := benchInput(nx)
	y := make([]float64, nx)
	for _, n := range []int{5, 51, 501} {
		b.Run(fmt.Sprintf("n=%d/sorted-window", n), func(b *testing.B) {
			b.SetBytes(8 * nx)
			b.ReportAllocs()
			for b.Loop() {
				Median(y, x, n)
			}
		})
		if n <= 51 {
			b.Run(fmt.Sprintf("n=%d/naive", n), func(b *testing.B) {
				b.SetBytes(8 * nx)
				b.ReportAllocs()
				for b.Loop() {
					medianNaive(y, x, n)
				}
			})
		}
	}
}
