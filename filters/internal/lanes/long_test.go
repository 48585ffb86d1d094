package lanes

import (
	"fmt"
	"math"
	"testing"
)

// TestFilterDir holds the block-parallel cascade against the scalar cascade over the whole channel,
// from given states, in both directions, with one to three groups of segments (workers) and segments
// short enough (minSeg 50) that most corrections run to the segment's end, and long enough (minSeg
// 6000) that the fast designs' corrections stop early.
func TestFilterDir(t *testing.T) {
	worst := 0.0
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			p := newPlan(sos, nk.w, nk.k)
			tol := kernelTol(sos)
			for _, c := range []struct{ n, minSeg int }{{0, 50}, {1, 50}, {7*nk.w*50 + 5, 50}, {nk.w*6000*2 + 3, 6000}} {
				for _, rev := range []bool{false, true} {
					var first []float64 // workers = 1's output: the others must give its bits
					for _, workers := range []int{1, 2, 3} {
						if c.n > 50000 && workers > 1 && nk.name[:3] == "ref" {
							continue // keeps -race quick; the reference kernels need no second look
						}
						x := signal(uint64(c.n), c.n)
						z0 := sosZI(sos)
						for k := range z0 {
							z0[k][0] *= 0.7
							z0[k][1] *= 0.7
						}
						z := append([][2]float64(nil), z0...)
						got := make([]float64, c.n)
						p.filterDir(got, x, z, rev, workers, c.minSeg)
						if workers == 1 {
							first = got
						} else if i := firstDiff(got, first); i >= 0 {
							t.Errorf("%s %s n=%d reverse=%v: %d workers give sample %d = %v, one worker %v",
								nk.name, name, c.n, rev, workers, i, got[i], first[i])
						}
						want := append([]float64(nil), x...)
						if rev {
							reverse(want)
						}
						cascadeScalar(sos, z0, want, want)
						if rev {
							reverse(want)
						}
						var gz, wz []float64
						for k := range z {
							gz = append(gz, z[k][0], z[k][1])
							wz = append(wz, z0[k][0], z0[k][1])
						}
						d := max(maxDev(got, want), maxDev(gz, wz))
						worst = max(worst, d/tol)
						if d > tol {
							t.Errorf("%s %s n=%d reverse=%v workers=%d: deviation %.3g of the peak (bound %.3g)",
								nk.name, name, c.n, rev, workers, d, tol)
						}
					}
				}
			}
		}
	}
	t.Logf("largest deviation from the scalar cascade: %.3g of its bound", worst)
}

// firstDiff returns the first index where a and b differ in their bits, or −1.
func firstDiff(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}

// TestFiltFiltLong holds the long-channel FiltFilt against filtFiltRef, also in place.
func TestFiltFiltLong(t *testing.T) {
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			p := newPlan(sos, nk.w, nk.k)
			zi, pad, tol := sosZI(sos), padLen(sos), kernelTol(sos)
			for _, n := range []int{0, 1, 2, pad, 4*nk.w*100 + 1} {
				t.Run(fmt.Sprint(nk.name, name, n), func(t *testing.T) {
					x := signal(uint64(n+1), n)
					want := filtFiltRef(sos, zi, pad, x)
					x0 := append([]float64(nil), x...)
					got := make([]float64, n)
					p.filtFilt(got, x, zi, pad, 1, 100)
					p.filtFilt(x, x, zi, pad, 2, 100)
					if d := max(maxDevFloor(got, want, x0), maxDevFloor(x, want, x0)); d > tol {
						t.Errorf("deviation %.3g of the peak (bound %.3g)", d, tol)
					}
				})
			}
		}
	}
}
