package biquad

import (
	"math/rand/v2"
	"testing"
)

// rowKernelSets lists the row kernels to test: the pure-Go references (rowInRef, rowOutRef over
// cascadeRef) everywhere, and the assembly ones where this CPU and build have them.
func rowKernelSets() []struct {
	name string
	k    kernel
	rows *rowKernels
} {
	sets := []struct {
		name string
		k    kernel
		rows *rowKernels
	}{{"ref", cascadeRef, &rowKernels{rowInRef, rowOutRef}}}
	if batchRows != nil {
		sets = append(sets, struct {
			name string
			k    kernel
			rows *rowKernels
		}{"asm", batchKernel, batchRows})
	}
	return sets
}

// TestRowKernels holds the assembly row kernels against rowInRef and rowOutRef bit for bit (both
// multiply and add separately in the same order), from random states, for 1 to 4 sections, and checks
// that out leaves its frames alone and in leaves its rows alone.
func TestRowKernels(t *testing.T) {
	if batchRows == nil {
		t.Skip("no row kernels on this CPU or build")
	}
	const w = 16
	sos := designs["seven"]
	p := newVecPlan(sos, w, batchKernel)
	for nsec := 1; nsec <= 4; nsec++ {
		for _, n := range []int{0, 4, 8, 12, 64, 2000} {
			rng := rand.New(rand.NewPCG(uint64(n), uint64(nsec)))
			z := make([]float64, 2*w*nsec)
			for i := range z {
				z[i] = rng.NormFloat64()
			}
			rows := make([][]float64, w)
			var ptr, ptrRef [w]*float64
			rowsRef := make([][]float64, w)
			for l := range rows {
				rows[l] = signal(uint64(1000*n+l), n+1) // one sample more: not to be touched
				rowsRef[l] = append([]float64(nil), rows[l]...)
				ptr[l], ptrRef[l] = &rows[l][0], &rowsRef[l][0]
			}
			q, qRef := make([]float64, w*n+1), make([]float64, w*n+1)
			zg, zr := append([]float64(nil), z...), append([]float64(nil), z...)
			batchRows.in(&p.coefs[0], &zg[0], &q[0], &ptr, n, nsec)
			rowInRef(&p.coefs[0], &zr[0], &qRef[0], &ptrRef, n, nsec)
			if !equal(q, qRef) || !equal(zg, zr) || !equalRows(rows, rowsRef) {
				t.Errorf("in nsec=%d n=%d: not bit for bit rowInRef", nsec, n)
			}
			qSaved := append([]float64(nil), q...)
			batchRows.out(&p.coefs[0], &zg[0], &q[0], &ptr, n, nsec)
			rowOutRef(&p.coefs[0], &zr[0], &qRef[0], &ptrRef, n, nsec)
			if !equalRows(rows, rowsRef) || !equal(zg, zr) || !equal(q, qSaved) {
				t.Errorf("out nsec=%d n=%d: not bit for bit rowOutRef", nsec, n)
			}
		}
	}
}

func equalRows(a, b [][]float64) bool {
	for i := range a {
		if len(a[i]) != len(b[i]) || !equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestBatchRows holds Batch with row kernels (the references, and the assembly ones where present)
// against FiltFiltRef sweep by sweep, bit for bit: 1 to 33 rows
// (remainder groups), rows of 1, 2, 3 samples, shorter than the extension, odd, and 2,000 samples,
// into new rows and in place, for every design (up to seven sections: two groups of sections).
func TestBatchRows(t *testing.T) {
	const w = 16
	for _, set := range rowKernelSets() {
		for _, name := range designNames() {
			sos := designs[name]
			c := testCascade(t, sos, w, set.k, set.rows, minSegment)
			zi, pad := ziOf(sos), PadLen(sos)
			tol := kernelTol(sos)
			for _, n := range []int{1, 2, 3, 5, pad, pad + 1, 301, 2000} {
				for _, rows := range []int{1, 2, 3, 7, 15, 16, 17, 30, 33} { // remainder groups of every kind
					if n == 2000 && rows%8 != 1 && rows != 16 { // keep the test short: 1, 16, 17, 33
						continue
					}
					x := make([][]float64, rows)
					dst := make([][]float64, rows)
					in := make([][]float64, rows)
					for i := range x {
						x[i] = signal(uint64(1000*rows+10*n+i), n)
						dst[i] = make([]float64, n)
						in[i] = append([]float64(nil), x[i]...)
					}
					c.FiltFiltBatch(dst, x, 1)
					c.FiltFiltBatch(in, in, 1)
					for i := range x {
						want := FiltFiltRef(sos, zi, pad, x[i])
						if !equal(dst[i], want) || !equal(in[i], want) {
							t.Fatalf("%s %s rows=%d n=%d row %d: not bit for bit FiltFiltRef", set.name, name, rows, n, i)
						}
						if d := max(maxDevFloor(dst[i], want, x[i]), maxDevFloor(in[i], want, x[i])); d > tol {
							t.Fatalf("%s %s rows=%d n=%d row %d: deviation %.3g of the peak (bound %.3g)", set.name, name, rows, n, i, d, tol)
						}
					}
				}
			}
		}
	}
}
