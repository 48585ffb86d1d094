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
	zeros []float64   // the row of lanes without a sweep
	rows  [][]float64 // Width rows of the current group
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
