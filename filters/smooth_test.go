package filters

import (
	"fmt"
	"testing"
)

// movingAverageNaive is MovingAverage's reference: each mean summed afresh.
func movingAverageNaive(x []float64, n int) []float64 {
	y := make([]float64, len(x))
	for i := range y {
		var s float64
		for j := i - n/2; j < i-n/2+n; j++ {
			k := j
			if k < 0 || k >= len(x) {
				k = reflectIndex(k, len(x))
			}
			s += x[k]
		}
		y[i] = s / float64(n)
	}
	return y
}

// The compensated running sum agrees with fresh sums to a few ulps whatever
// the length; 1e-14 of the peak, with an offset of 1000 to make plain running
// sums drift.
func TestMovingAverage(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 10, 51, 300} {
		for _, nx := range []int{1, 2, 5, 100, 20000} {
			x := benchInput(nx)
			for i := range x {
				x[i] += 1000
			}
			want := movingAverageNaive(x, n)
			if e := peakRelErr(MovingAverage(nil, x, n), want); e > 1e-14 {
				t.Errorf("n=%d len=%d: rel err %.3g", n, nx, e)
			}
			MovingAverage(x, x, n)
			if e := peakRelErr(x, want); e > 1e-14 {
				t.Errorf("n=%d len=%d in place: rel err %.3g", n, nx, e)
			}
		}
	}
	if !panics(func() { MovingAverage(nil, []float64{1}, 0) }) {
		t.Error("n=0: no panic")
	}
}

func TestReflectIndex(t *testing.T) {
	// scipy.ndimage "reflect" on n=3: … 2 1 0 | 0 1 2 | 2 1 0 | 0 1 …
	want := map[int]int{-7: 0, -6: 0, -4: 2, -3: 2, -2: 1, -1: 0, 3: 2, 4: 1, 5: 0, 6: 0, 7: 1}
	for j, w := range want {
		if got := reflectIndex(j, 3); got != w {
			t.Errorf("reflectIndex(%d, 3) = %d, want %d", j, got, w)
		}
	}
}

func BenchmarkMovingAverage(b *testing.B) {
	const nx = 100000
	x := benchInput(nx)
	y := make([]float64, nx)
	for _, n := range []int{5, 501} {
		b.Run(fmt.Sprintf("n=%d/running-sum", n), func(b *testing.B) {
			b.SetBytes(8 * nx)
			b.ReportAllocs()
			for b.Loop() {
				MovingAverage(y, x, n)
			}
		})
		b.Run(fmt.Sprintf("n=%d/naive", n), func(b *testing.B) {
			b.SetBytes(8 * nx)
			b.ReportAllocs()
			for b.Loop() {
				movingAverageNaive(x, n)
			}
		})
	}
}
