package patch

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// median selects; the reference sorts.
func TestMedianSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 200; n++ {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(20)) // ties
		}
		ref := slices.Clone(x)
		slices.Sort(ref)
		want := ref[n/2]
		if n%2 == 0 {
			want = (ref[n/2-1] + ref[n/2]) / 2
		}
		if got := median(x); got != want {
			t.Fatalf("n=%d: median %v, want %v", n, got, want)
		}
	}
}
