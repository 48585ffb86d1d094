package ncs

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// median against sorting, on both of its paths (insertion sort up to 24 values, selection above),
// with ties and odd and even lengths.
func TestMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := 1; n < 80; n++ {
		for range 20 {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(rng.IntN(7)) + rng.Float64()*float64(rng.IntN(2))
			}
			s := slices.Clone(x)
			slices.Sort(s)
			want := s[n/2]
			if n%2 == 0 {
				want = (s[n/2-1] + s[n/2]) / 2
			}
			if got := median(x); got != want {
				t.Fatalf("n=%d: median %v, want %v", n, got, want)
			}
		}
	}
}
