package lanes

import "unsafe"

// cascadeRef is the reference lane kernel, the statement every assembly kernel is tested against: for
// each of n frames of w lanes from p (step bytes apart), each section in turn, SciPy's sosfilt
// arithmetic lane by lane. It has the kernel signature so that it can stand in for one; w is implied
// by step.
func cascadeRef(c, z, p *float64, n, step, nsec int) {
	w := step / 8
	if w < 0 {
		w = -w
	}
	cs := unsafe.Slice(c, 5*w*nsec)
	zs := unsafe.Slice(z, 2*w*nsec)
	for i := range n {
		f := unsafe.Slice((*float64)(unsafe.Add(unsafe.Pointer(p), i*step)), w)
		for l := range f {
			v := f[l]
			for k := range nsec {
				b0, b1, b2 := cs[(5*k)*w+l], cs[(5*k+1)*w+l], cs[(5*k+2)*w+l]
				a1, a2 := cs[(5*k+3)*w+l], cs[(5*k+4)*w+l]
				z0, z1 := &zs[(2*k)*w+l], &zs[(2*k+1)*w+l]
				y := b0*v + *z0
				*z0 = b1*v - a1*y + *z1
				*z1 = b2*v - a2*y
				v = y
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
