package biquad

import "unsafe"

// cascadeRef is the reference lane kernel, the statement every assembly kernel is tested against: for
// each of n frames of w lanes from p (stride bytes apart), each section in turn, step lane by lane. It
// has the kernel signature so that it can stand in for one; w is implied by stride. The coefficients
// are read from lane 0 of their broadcast rows (a vecPlan holds the same value in every lane).
func cascadeRef(c, z, p *float64, n, stride, nsec int) {
	w := stride / 8
	if w < 0 {
		w = -w
	}
	cs := unsafe.Slice(c, 5*w*nsec)
	zs := unsafe.Slice(z, 2*w*nsec)
	var sec [maxGroup][6]float64
	for k := range nsec {
		sec[k] = [6]float64{cs[(5*k)*w], cs[(5*k+1)*w], cs[(5*k+2)*w], 1, cs[(5*k+3)*w], cs[(5*k+4)*w]}
	}
	for i := range n {
		f := unsafe.Slice((*float64)(unsafe.Add(unsafe.Pointer(p), i*stride)), w)
		for l := range f {
			v := f[l]
			for k := range nsec {
				z0, z1 := &zs[(2*k)*w+l], &zs[(2*k+1)*w+l]
				v, *z0, *z1 = step(&sec[k], *z0, *z1, v)
			}
			f[l] = v
		}
	}
}

// rowInRef is the reference of the rowKernel in: frame by frame, gather sample i of each row, run the
// cascade (cascadeRef), store the frame at q.
func rowInRef(c, z, q *float64, rows *[16]*float64, n, nsec int) {
	const w = 16
	qs := unsafe.Slice(q, w*n)
	var f [w]float64
	for i := range n {
		for l, r := range rows {
			f[l] = *(*float64)(unsafe.Add(unsafe.Pointer(r), 8*i))
		}
		cascadeRef(c, z, &f[0], 1, 8*w, nsec)
		copy(qs[i*w:], f[:])
	}
}

// rowOutRef is the reference of the rowKernel out: from the last frame at q to the first, run the
// cascade (cascadeRef) on a copy of the frame and scatter it into sample i of each row.
func rowOutRef(c, z, q *float64, rows *[16]*float64, n, nsec int) {
	const w = 16
	qs := unsafe.Slice(q, w*n)
	var f [w]float64
	for i := n - 1; i >= 0; i-- {
		copy(f[:], qs[i*w:])
		cascadeRef(c, z, &f[0], 1, 8*w, nsec)
		for l, r := range rows {
			*(*float64)(unsafe.Add(unsafe.Pointer(r), 8*i)) = f[l]
		}
	}
}
