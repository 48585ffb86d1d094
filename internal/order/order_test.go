package order

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// Median and Select against sorting, on both of Median's paths (insertion
// sort up to shortLen values, selection above), with ties, odd and even
// lengths. Exact equality: both pick elements of x, and the even-length
// mean is formed the same way.
func TestMedianSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := 1; n < 3*shortLen; n++ {
		for range 20 {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(rng.IntN(7)) + rng.Float64()*float64(rng.IntN(2)) // ties
			}
			s := slices.Clone(x)
			slices.Sort(s)
			want := s[n/2]
			if n%2 == 0 {
				want = (s[n/2-1] + s[n/2]) / 2
			}
			if got := Median(slices.Clone(x)); got != want {
				t.Fatalf("n=%d: Median %v, want %v", n, got, want)
			}
			k := rng.IntN(n)
			y := slices.Clone(x)
			if got := Select(y, k); got != s[k] {
				t.Fatalf("n=%d k=%d: Select %v, want %v", n, k, got, s[k])
			}
			for i, v := range y {
				if i < k && v > s[k] || i > k && v < s[k] {
					t.Fatalf("n=%d k=%d: x[%d] = %v on the wrong side of %v", n, k, i, v, s[k])
				}
			}
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) is not NaN")
	}
}

func BenchmarkMedian(b *testing.B) {
	for _, n := range []int{16, 1024, 65536} {
		rng := rand.New(rand.NewPCG(2, 2))
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		y := make([]float64, n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				copy(y, x)
				Median(y)
			}
		})
	}
}
