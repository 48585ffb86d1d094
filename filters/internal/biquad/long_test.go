package biquad

import (
	"fmt"
	"math"
	"testing"
)

// TestFilterLong holds the block-parallel cascade against Ref over the whole channel, from given
// states, in both directions, with one to three workers and segments short enough (minSeg 50) that
// most corrections run to the segment's end, and long enough (minSeg 3000) that the fast designs'
// corrections stop early. Every worker count gives one worker's bits.
func TestFilterLong(t *testing.T) {
	worst := 0.0
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			tol := kernelTol(sos)
			for _, cs := range []struct{ n, minSeg int }{{0, 50}, {1, 50}, {7*nk.w*50 + 5, 50}, {nk.w*3000*2 + 3, 3000}} {
				c := testCascade(t, sos, nk.w, nk.k, nil, cs.minSeg)
				for _, rev := range []bool{false, true} {
					var first []float64 // one worker's output: the others must give its bits
					for _, workers := range []int{1, 2, 3} {
						if cs.n > 50000 && (nk.name[:3] == "ref" || workers == 3) {
							continue // keeps -race quick: the shorter channels cover the reference kernels and three workers
						}
						x := signal(uint64(cs.n), cs.n)
						z0 := ziOf(sos)
						for k := range z0 {
							z0[k][0] *= 0.7
							z0[k][1] *= 0.7
						}
						z := make([][2]float64, 4*len(c.groups))
						copy(z, z0)
						got := make([]float64, cs.n)
						c.filterLong(c.seg, got, x, z, rev, workers)
						if workers == 1 {
							first = got
						} else if i := firstDiff(got, first); i >= 0 {
							t.Errorf("%s %s n=%d reverse=%v: %d workers give sample %d = %v, one worker %v",
								nk.name, name, cs.n, rev, workers, i, got[i], first[i])
						}
						want := append([]float64(nil), x...)
						refDir(sos, z0, want, rev)
						var gz, wz []float64
						for k := range sos {
							gz = append(gz, z[k][0], z[k][1])
							wz = append(wz, z0[k][0], z0[k][1])
						}
						d := max(maxDev(got, want), maxDev(gz, wz))
						worst = max(worst, d/tol)
						if d > tol {
							t.Errorf("%s %s n=%d reverse=%v workers=%d: deviation %.3g of the peak (bound %.3g)",
								nk.name, name, cs.n, rev, workers, d, tol)
						}
					}
				}
			}
		}
	}
	t.Logf("largest deviation from Ref: %.3g of its bound", worst)
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

// TestFiltFiltLong holds the long-channel FiltFilt against FiltFiltRef, also in place.
func TestFiltFiltLong(t *testing.T) {
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			c := testCascade(t, sos, nk.w, nk.k, nil, 100)
			zi, pad, tol := ziOf(sos), PadLen(sos), kernelTol(sos)
			for _, n := range []int{1, 2, pad, 4*nk.w*100 + 1} {
				t.Run(fmt.Sprint(nk.name, name, n), func(t *testing.T) {
					x := signal(uint64(n+1), n)
					want := FiltFiltRef(sos, zi, pad, x)
					x0 := append([]float64(nil), x...)
					got := make([]float64, n)
					c.filtFiltLong(c.seg, c.scratchFor(1)[0], got, x, 1)
					c.filtFiltLong(c.seg, c.scratchFor(1)[0], x, x, 2)
					if d := max(maxDevFloor(got, want, x0), maxDevFloor(x, want, x0)); d > tol {
						t.Errorf("deviation %.3g of the peak (bound %.3g)", d, tol)
					}
				})
			}
		}
	}
}

// TestSteadyStateAllocations: once a Cascade has run at a size, filtering allocates nothing on one
// worker — short and long channels, zero phase, and batches.
func TestSteadyStateAllocations(t *testing.T) {
	sos := designs["butter4bp"]
	c, err := New(sos, PadLen(sos))
	if err != nil {
		t.Fatal(err)
	}
	short, long := signal(1, 2000), signal(2, 300_000)
	rows := make([][]float64, 40)
	for i := range rows {
		rows[i] = signal(uint64(i), 1000)
	}
	for name, f := range map[string]func(){
		"Filter short":   func() { c.Filter(short, short, 1) },
		"FiltFilt short": func() { c.FiltFilt(short, short, 1) },
		"Filter long":    func() { c.Filter(long, long, 1) },
		"FiltFilt long":  func() { c.FiltFilt(long, long, 1) },
		"FiltFiltBatch":  func() { c.FiltFiltBatch(rows, rows, 1) },
	} {
		f()
		if a := testing.AllocsPerRun(3, f); a != 0 {
			t.Errorf("%s: %v allocations per call", name, a)
		}
	}
}
