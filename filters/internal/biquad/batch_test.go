package biquad

import "testing"

// TestBatch holds FiltFiltBatch against FiltFiltRef sweep by sweep for every lane kernel and the scalar
// path: groups of Width, a remainder group, sweeps shorter than the extension (edge = n − 1) and of
// one sample, apart and in place, bit for bit.
func TestBatch(t *testing.T) {
	worst := 0.0
	type path struct {
		name string
		c    func(sos [][6]float64) *Cascade
	}
	paths := []path{{"scalar", func(sos [][6]float64) *Cascade {
		c, err := New(sos, PadLen(sos))
		if err != nil {
			t.Fatal(err)
		}
		c.planned = true // no lane plans
		return c
	}}}
	for _, nk := range kernels() {
		paths = append(paths, path{nk.name, func(sos [][6]float64) *Cascade { return testCascade(t, sos, nk.w, nk.k, nil, minSegment) }})
	}
	for _, pt := range paths {
		for _, name := range designNames() {
			sos := designs[name]
			c := pt.c(sos)
			zi, pad := ziOf(sos), PadLen(sos)
			tol := kernelTol(sos)
			for _, rows := range []int{0, 1, 3, 4, 5, 8, 9, 16, 19} {
				for _, n := range []int{1, 2, 5, pad, pad + 1, 300} {
					x := make([][]float64, rows)
					dst := make([][]float64, rows)
					for i := range x {
						x[i] = signal(uint64(1000*rows+10*n+i), n)
						dst[i] = make([]float64, n)
					}
					c.FiltFiltBatch(dst, x, 1)
					in := make([][]float64, rows) // in place, on copies
					for i := range in {
						in[i] = append([]float64(nil), x[i]...)
					}
					c.FiltFiltBatch(in, in, 1)
					for i := range x {
						want := FiltFiltRef(sos, zi, pad, x[i])
						if !equal(dst[i], want) || !equal(in[i], want) {
							t.Errorf("%s %s rows=%d n=%d row %d: not bit for bit FiltFiltRef", pt.name, name, rows, n, i)
						}
						d := max(maxDevFloor(dst[i], want, x[i]), maxDevFloor(in[i], want, x[i]))
						worst = max(worst, d/tol)
						if d > tol {
							t.Errorf("%s %s rows=%d n=%d row %d: deviation %.3g of the peak (bound %.3g)", pt.name, name, rows, n, i, d, tol)
						}
					}
				}
			}
		}
	}
	t.Logf("largest deviation from FiltFiltRef: %.3g of its bound", worst)
}

// TestBatchShared: a batch large enough to be shared among goroutines gives each row the bits of one
// goroutine's run.
func TestBatchShared(t *testing.T) {
	sos := designs["butter4bp"]
	c, err := New(sos, PadLen(sos))
	if err != nil {
		t.Fatal(err)
	}
	const rows, n = 91, 3001
	if w := float64(rows) * float64(n+2*c.pad) * float64(len(sos)) / batchWorkMin; w < 2 {
		t.Fatalf("%d rows are %.2f units of batchWorkMin: too few to be shared", rows, w)
	}
	x := make([][]float64, rows)
	one := make([][]float64, rows)
	three := make([][]float64, rows)
	for i := range x {
		x[i] = signal(uint64(7*rows+i), n)
		one[i] = make([]float64, n)
		three[i] = make([]float64, n)
	}
	c.FiltFiltBatch(one, x, 1)
	c.FiltFiltBatch(three, x, 3)
	for i := range x {
		if !equal(one[i], three[i]) {
			t.Fatalf("row %d: three workers differ from one", i)
		}
	}
}
