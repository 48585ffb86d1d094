package lanes

import "testing"

// TestBatch holds Batch.FiltFilt against filtFiltRef sweep by sweep for every kernel: groups of Width,
// a remainder group (bit for bit with the exact kernels), sweeps shorter than the extension (edge = n − 1) and of one sample, and in place.
func TestBatch(t *testing.T) {
	worst := 0.0
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			p := newPlan(sos, nk.w, nk.k)
			zi, pad := sosZI(sos), padLen(sos)
			tol := kernelTol(sos)
			b := NewBatch(p, zi, pad)
			for _, rows := range []int{0, 1, 3, nk.w, nk.w + 1, 2*nk.w + 3} {
				for _, n := range []int{1, 2, 5, pad, pad + 1, 300} {
					x := make([][]float64, rows)
					dst := make([][]float64, rows)
					for i := range x {
						x[i] = signal(uint64(1000*rows+10*n+i), n)
						dst[i] = make([]float64, n)
					}
					b.FiltFilt(dst, x)
					in := make([][]float64, rows) // in place, on copies
					for i := range in {
						in[i] = append([]float64(nil), x[i]...)
					}
					b.FiltFilt(in, in)
					for i := range x {
						want := filtFiltRef(sos, zi, pad, x[i])
						if nk.exact && refUnfused && (!equal(dst[i], want) || !equal(in[i], want)) {
							t.Errorf("%s %s rows=%d n=%d row %d: not bit for bit filtFiltRef", nk.name, name, rows, n, i)
						}
						d := max(maxDevFloor(dst[i], want, x[i]), maxDevFloor(in[i], want, x[i]))
						worst = max(worst, d/tol)
						if d > tol {
							t.Errorf("%s %s rows=%d n=%d row %d: deviation %.3g of the peak (bound %.3g)", nk.name, name, rows, n, i, d, tol)
						}
					}
				}
			}
		}
	}
	t.Logf("largest deviation from filtFiltRef: %.3g of its bound", worst)
}
