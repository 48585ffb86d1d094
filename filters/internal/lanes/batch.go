package lanes

import "sync"

// framePool keeps the interleaved scratch of finished Batch.FiltFilt calls, so that a caller making
// a new Batch per call (as filters.SOS.FiltFiltBatch does) does not allocate and fault in a fresh
// quarter megabyte each time. It holds only scratch, no results.
var framePool sync.Pool // of *[]float64

// A Batch filters sweeps of equal length forward and backward, SciPy's sosfiltfilt, Width sweeps at a
// time in the lanes of its Plan. Its scratch (one interleaved copy of Width padded sweeps) is kept
// between calls; a Batch is not safe for concurrent use.
type Batch struct {
	p     *Plan
	zi    [][2]float64
	pad   int
	z     []float64
	buf   []float64
	zeros []float64    // the row of lanes without a sweep
	rows  [][]float64  // Width rows of the current group
	ptr   [16]*float64 // their first samples, for the row kernels
	first [16]float64  // the first frame of the extended rows, for the row kernels
}

// NewBatch returns a Batch for p with steady-state initial conditions zi (SciPy's sosfilt_zi, one pair
// per section) and odd extensions of padlen samples at each end.
func NewBatch(p *Plan, zi [][2]float64, padlen int) *Batch {
	if len(zi) != p.Sections() {
		panic("lanes: zi length mismatch")
	}
	if padlen < 0 {
		panic("lanes: negative padlen")
	}
	return &Batch{p: p, zi: append([][2]float64(nil), zi...), pad: padlen, z: make([]float64, p.StateLen()),
		rows: make([][]float64, p.w)}
}

// FiltFilt filters every row of x into the same row of dst, as filtFilt below for each row: the row is
// extended at each end by an odd reflection of edge = min(padlen, n−1) samples (2·x[0] − x[edge−i] on
// the left, 2·x[n−1] − x[n−2−i] on the right), filtered forward from zi scaled by its first sample,
// backward from zi scaled by the last forward output, and the extensions are cut off. All rows must
// have one length n; dst[i] may be x[i] but must not overlap another row.
func (b *Batch) FiltFilt(dst, x [][]float64) {
	if len(dst) != len(x) {
		panic("lanes: dst length mismatch")
	}
	if len(x) == 0 {
		return
	}
	n := len(x[0])
	for i := range x {
		if len(x[i]) != n || len(dst[i]) != n {
			panic("lanes: rows differ in length")
		}
	}
	if n == 0 {
		return
	}
	w := b.p.w
	edge := min(b.pad, n-1)
	m := n + 2*edge
	if cap(b.buf) < w*m {
		if v, ok := framePool.Get().(*[]float64); ok && cap(*v) >= w*m {
			b.buf = *v
		} else {
			b.buf = alignedFloats(w * m)
		}
	}
	defer func() { // back to the pool for the next Batch; this one takes it again if it is free
		v := b.buf
		b.buf = nil
		framePool.Put(&v)
	}()
	if len(b.zeros) < n {
		b.zeros = make([]float64, n)
	}
	buf := b.buf[:w*m]
	for g := 0; g < len(x); g += w {
		b.group(dst[g:min(g+w, len(x))], x[g:min(g+w, len(x))], buf, n, edge)
	}
}

// group filters up to Width rows; lanes without a row filter zeros.
func (b *Batch) group(dst, x [][]float64, buf []float64, n, edge int) {
	if b.p.rows != nil && len(b.p.sos) > 0 {
		b.groupRows(dst, x, buf, n, edge)
		return
	}
	w := b.p.w
	rows := b.rows
	for l := range rows {
		rows[l] = b.zeros[:n]
		if l < len(x) {
			rows[l] = x[l]
		}
	}
	gather(buf[w*edge:w*(edge+n)], rows, n)
	for l := range rows {
		r := rows[l]
		x0, xl := r[0], r[n-1]
		for i := range edge {
			buf[w*i+l] = 2*x0 - r[edge-i]
			buf[w*(edge+n+i)+l] = 2*xl - r[n-2-i]
		}
	}
	b.setState(buf[:w])
	b.p.Cascade(b.z, buf, false)
	b.setState(buf[len(buf)-w:])
	b.p.Cascade(b.z, buf, true)
	for l := range rows {
		rows[l] = b.zeros[:n] // lanes without a row write into zeros, which are restored below
		if l < len(dst) {
			rows[l] = dst[l]
		}
	}
	scatter(rows, buf[w*edge:w*(edge+n)], n)
	if len(dst) < w {
		clear(b.zeros[:n])
	}
}

// groupRows is group with the plan's row kernels, which read the rows and write dst in place of
// gather and scatter: the first group of sections runs forward over the odd extension on the left
// (in buf), then reads the first n&^3 samples from the rows, then runs over the last n%4 samples and
// the extension on the right, gathered into buf; the outputs all go to buf. Backward, the last group
// of sections runs over the right end in buf, then writes the outputs of the first n&^3 frames
// straight into dst. The extension on the left is not run backward at all: its outputs are cut off,
// and no later frame depends on them. Frame by frame the arithmetic is group's.
func (b *Batch) groupRows(dst, x [][]float64, buf []float64, n, edge int) {
	const w = 16
	p := b.p
	rows := b.rows[:w]
	for l := range rows {
		rows[l] = b.zeros[:n]
		if l < len(x) {
			rows[l] = x[l]
		}
	}
	m, n4 := n+2*edge, n&^3
	f0 := &b.first
	for l, r := range rows {
		x0, xl := r[0], r[n-1]
		f0[l] = x0
		for i := range edge {
			buf[w*i+l] = 2*x0 - r[edge-i]
			buf[w*(edge+n+i)+l] = 2*xl - r[n-2-i]
		}
		if edge > 0 {
			f0[l] = buf[l]
		}
	}
	gatherRef(buf[w*(edge+n4):w*(edge+n)], rows, n4, n)
	ptr := &b.ptr
	for l, r := range rows {
		ptr[l] = &r[0]
	}
	ns := len(p.sos)
	b.setState(f0[:])
	for g := 0; g < ns; g += maxGroup {
		c, z, k := &p.coefs[5*w*g], &b.z[2*w*g], min(maxGroup, ns-g)
		if g > 0 {
			p.kern(c, z, &buf[0], m, 8*w, k)
			continue
		}
		if edge > 0 {
			p.kern(c, z, &buf[0], edge, 8*w, k)
		}
		if n4 > 0 {
			p.rows.in(c, z, &buf[w*edge], ptr, n4, k)
		}
		if r := m - edge - n4; r > 0 {
			p.kern(c, z, &buf[w*(edge+n4)], r, 8*w, k)
		}
	}
	b.setState(buf[len(buf)-w:])
	for l := range rows {
		rows[l] = b.zeros[:n] // lanes without a row write into zeros, which are restored below
		if l < len(dst) {
			rows[l] = dst[l]
		}
		ptr[l] = &rows[l][0]
	}
	last := (ns - 1) / maxGroup * maxGroup
	for g := 0; g < ns; g += maxGroup {
		c, z, k := &p.coefs[5*w*g], &b.z[2*w*g], min(maxGroup, ns-g)
		if g < last {
			p.kern(c, z, &buf[w*(m-1)], m-edge, -8*w, k)
			continue
		}
		if r := m - edge - n4; r > 0 {
			p.kern(c, z, &buf[w*(m-1)], r, -8*w, k)
		}
		if n4 > 0 {
			p.rows.out(c, z, &buf[w*edge], ptr, n4, k)
		}
	}
	scatterRef(rows, buf[w*(edge+n4):w*(edge+n)], n4, n)
	if len(dst) < w {
		clear(b.zeros[:n])
	}
}

// setState starts each section of each lane l in the steady state of the level f[l].
func (b *Batch) setState(f []float64) {
	w := b.p.w
	for k, zi := range b.zi {
		z0, z1 := b.z[2*k*w:(2*k+1)*w], b.z[(2*k+1)*w:(2*k+2)*w]
		for l, v := range f[:w] {
			z0[l] = zi[0] * v
			z1[l] = zi[1] * v
		}
	}
}
