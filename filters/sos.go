package filters

import (
	"runtime"

	"github.com/endplate/endplate/filters/internal/lanes"
)

// lanesMinLen is the length from which Filter and FiltFilt hand a channel to package lanes'
// block-parallel cascade (which also needs lanes.Plan.MinLen samples and an assembly kernel).
const lanesMinLen = 1 << 16

// This file holds the causal cascade (Filter), its steady-state initial conditions (ZI) and the
// zero-phase filter of one sweep (FiltFilt). The recursion of each section is SciPy's transposed
// direct form II, operation for operation:
//
//	y  = b0·x + z0
//	z0 = b1·x − a1·y + z1
//	z1 = b2·x − a2·y

// sectionsRef runs the cascade s over x into dst, sample by sample and section by section, with the
// states z (one pair per section) updated in place. It is the reference the fast kernels are tested
// against; dst may alias x.
func sectionsRef(s SOS, z [][2]float64, dst, x []float64) {
	for n, v := range x {
		for k := range s {
			c := &s[k]
			y := c[0]*v + z[k][0]
			z[k][0] = c[1]*v - c[4]*y + z[k][1]
			z[k][1] = c[2]*v - c[5]*y
			v = y
		}
		dst[n] = v
	}
}

// cascade runs the cascade s over x into dst with the states z updated in place, as sectionsRef with
// the same arithmetic. Up to four sections run sample by sample with their states in registers, so
// the recursions of successive sections overlap; longer cascades run four sections at a time over
// blocks that stay in the L1 cache. dst may alias x; len(dst) must be len(x).
func cascade(s SOS, z [][2]float64, dst, x []float64) {
	if len(s) <= 4 {
		cascade4(s, z, dst, x)
		return
	}
	const block = 1024
	for lo := 0; lo < len(x); lo += block {
		hi := min(lo+block, len(x))
		cascade4(s[:4], z[:4], dst[lo:hi], x[lo:hi])
		for k := 4; k < len(s); k += 4 {
			e := min(k+4, len(s))
			cascade4(s[k:e], z[k:e], dst[lo:hi], dst[lo:hi])
		}
	}
}

// cascadeBack runs the cascade s in place over b from its last sample to its first, as cascade over
// the reversed b.
func cascadeBack(s SOS, z [][2]float64, b []float64) {
	if len(s) <= 4 {
		cascade4Back(s, z, b)
		return
	}
	const block = 1024
	for hi := len(b); hi > 0; hi -= block {
		lo := max(0, hi-block)
		for k := 0; k < len(s); k += 4 {
			e := min(k+4, len(s))
			cascade4Back(s[k:e], z[k:e], b[lo:hi])
		}
	}
}

// cascade4 runs one to four sections sample-major with states in locals.
func cascade4(s SOS, z [][2]float64, dst, x []float64) {
	dst = dst[:len(x)]
	switch len(s) {
	case 1:
		c := s[0]
		z0, z1 := z[0][0], z[0][1]
		for i, v := range x {
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			dst[i] = y
		}
		z[0] = [2]float64{z0, z1}
	case 2:
		c, d := s[0], s[1]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		for i, v := range x {
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			dst[i] = u
		}
		z[0], z[1] = [2]float64{z0, z1}, [2]float64{w0, w1}
	case 3:
		c, d, e := s[0], s[1], s[2]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		v0, v1 := z[2][0], z[2][1]
		for i, v := range x {
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			t := e[0]*u + v0
			v0 = e[1]*u - e[4]*t + v1
			v1 = e[2]*u - e[5]*t
			dst[i] = t
		}
		z[0], z[1], z[2] = [2]float64{z0, z1}, [2]float64{w0, w1}, [2]float64{v0, v1}
	case 4:
		c, d, e, f := s[0], s[1], s[2], s[3]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		v0, v1 := z[2][0], z[2][1]
		r0, r1 := z[3][0], z[3][1]
		for i, v := range x {
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			t := e[0]*u + v0
			v0 = e[1]*u - e[4]*t + v1
			v1 = e[2]*u - e[5]*t
			q := f[0]*t + r0
			r0 = f[1]*t - f[4]*q + r1
			r1 = f[2]*t - f[5]*q
			dst[i] = q
		}
		z[0], z[1], z[2], z[3] = [2]float64{z0, z1}, [2]float64{w0, w1}, [2]float64{v0, v1}, [2]float64{r0, r1}
	default:
		sectionsRef(s, z, dst, x)
	}
}

// cascade4Back is cascade4 run in place from the last sample of b to the first: the backward pass
// of FiltFilt without reversing the data.
func cascade4Back(s SOS, z [][2]float64, b []float64) {
	switch len(s) {
	case 1:
		c := s[0]
		z0, z1 := z[0][0], z[0][1]
		for i := len(b) - 1; i >= 0; i-- {
			v := b[i]
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			b[i] = y
		}
		z[0] = [2]float64{z0, z1}
	case 2:
		c, d := s[0], s[1]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		for i := len(b) - 1; i >= 0; i-- {
			v := b[i]
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			b[i] = u
		}
		z[0], z[1] = [2]float64{z0, z1}, [2]float64{w0, w1}
	case 3:
		c, d, e := s[0], s[1], s[2]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		v0, v1 := z[2][0], z[2][1]
		for i := len(b) - 1; i >= 0; i-- {
			v := b[i]
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			t := e[0]*u + v0
			v0 = e[1]*u - e[4]*t + v1
			v1 = e[2]*u - e[5]*t
			b[i] = t
		}
		z[0], z[1], z[2] = [2]float64{z0, z1}, [2]float64{w0, w1}, [2]float64{v0, v1}
	case 4:
		c, d, e, f := s[0], s[1], s[2], s[3]
		z0, z1 := z[0][0], z[0][1]
		w0, w1 := z[1][0], z[1][1]
		v0, v1 := z[2][0], z[2][1]
		r0, r1 := z[3][0], z[3][1]
		for i := len(b) - 1; i >= 0; i-- {
			v := b[i]
			y := c[0]*v + z0
			z0 = c[1]*v - c[4]*y + z1
			z1 = c[2]*v - c[5]*y
			u := d[0]*y + w0
			w0 = d[1]*y - d[4]*u + w1
			w1 = d[2]*y - d[5]*u
			t := e[0]*u + v0
			v0 = e[1]*u - e[4]*t + v1
			v1 = e[2]*u - e[5]*t
			q := f[0]*t + r0
			r0 = f[1]*t - f[4]*q + r1
			r1 = f[2]*t - f[5]*q
			b[i] = q
		}
		z[0], z[1], z[2], z[3] = [2]float64{z0, z1}, [2]float64{w0, w1}, [2]float64{v0, v1}, [2]float64{r0, r1}
	default:
		iirReverse(b)
		sectionsRef(s, z, b, b)
		iirReverse(b)
	}
}

// Filter applies the cascade causally to x with zero initial state, as SciPy's sosfilt(s, x), and
// returns the output in dst. dst nil allocates; otherwise len(dst) must equal len(x) (it panics
// otherwise). dst may be x itself (filtering in place).
func (s SOS) Filter(dst, x []float64) []float64 {
	dst = dstOfLen(dst, len(x))
	// Long channels, where a SIMD kernel exists: package lanes' block-parallel cascade (segments
	// filtered side by side in the lanes of one register, then corrected exactly; its groups of
	// segments on up to GOMAXPROCS goroutines, with the same result however many run).
	if len(x) >= lanesMinLen && len(s) > 0 {
		if p := lanes.NewPlan(s); p.Vector() && len(x) >= p.MinLen() {
			return p.Filter(dst, x, runtime.GOMAXPROCS(0))
		}
	}
	z := make([][2]float64, len(s))
	cascade(s, z, dst, x)
	return dst
}

// lfilterZI is SciPy's lfilter_zi for one section b, a (a0 == 1): the state z with which the section's
// step response starts in its steady state, the solution of (I − Aᵀ)·z = b[1:] − a[1:]·b0. The 2×2 system
// is solved as LAPACK's LU with partial pivoting would, so the rounding follows SciPy's.
func lfilterZI(c *[6]float64) [2]float64 {
	// I − companion(a)ᵀ = [[1 + a1, −1], [a2, 1]]
	m00, m01, m10, m11 := 1+c[4], -1.0, c[5], 1.0
	r0, r1 := c[1]-c[4]*c[0], c[2]-c[5]*c[0]
	if iirAbs(m10) > iirAbs(m00) {
		m00, m01, m10, m11 = m10, m11, m00, m01
		r0, r1 = r1, r0
	}
	l := m10 * (1 / m00)
	u11 := m11 - l*m01
	y1 := r1 - l*r0
	x1 := y1 / u11
	x0 := (r0 - m01*x1) / m00
	return [2]float64{x0, x1}
}

func iirAbs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// ZI returns the initial states that put the cascade in the steady state of a unit step, as SciPy's
// sosfilt_zi(s): each section's lfilter_zi scaled by the DC gain of the sections before it. Scaled by
// the first input sample, they start a filter without the transient of a jump from zero. dst nil
// allocates; otherwise it must have len(s) rows.
func (s SOS) ZI(dst [][2]float64) [][2]float64 {
	if dst == nil {
		dst = make([][2]float64, len(s))
	}
	if len(dst) != len(s) {
		panic("filters: dst length mismatch")
	}
	scale := 1.0
	for k := range s {
		c := &s[k]
		zi := lfilterZI(c)
		dst[k] = [2]float64{scale * zi[0], scale * zi[1]}
		scale *= ((c[0] + c[1]) + c[2]) / ((c[3] + c[4]) + c[5])
	}
	return dst
}

// PadLen is the length of the odd extension FiltFilt adds at each end of a sweep, as SciPy's
// sosfiltfilt default: 3·(2·len(s) + 1 − min(#sections with b2 = 0, #sections with a2 = 0)). A sweep
// of at most PadLen samples is padded by len(x) − 1 instead.
func (s SOS) PadLen() int {
	nb, na := 0, 0
	for _, c := range s {
		if c[2] == 0 {
			nb++
		}
		if c[5] == 0 {
			na++
		}
	}
	return 3 * (2*len(s) + 1 - min(nb, na))
}

// FiltFilt applies the cascade forward and backward, so the output has no phase shift and the
// magnitude response squared, as SciPy's sosfiltfilt(s, x) with its defaults: x is extended at each
// end by an odd reflection of PadLen samples (2·x[0] − x[k], 2·x[n−1] − x[n−1−k]), each pass starts
// from ZI scaled by its first sample, and the extension is cut off again.
//
// SciPy refuses sweeps of PadLen samples or fewer; FiltFilt pads them by len(x) − 1 samples instead
// (no padding for a single sample), the longest odd extension there is, so short sweeps are filtered
// the way long ones are rather than failing.
//
// dst nil allocates; otherwise len(dst) must equal len(x) (it panics otherwise). dst may be x itself.
// Besides dst, FiltFilt allocates O(PadLen) scratch, not O(len(x)).
func (s SOS) FiltFilt(dst, x []float64) []float64 {
	dst = dstOfLen(dst, len(x))
	if len(x) == 0 {
		return dst
	}
	if len(x) >= lanesMinLen && len(s) > 0 {
		if p := lanes.NewPlan(s); p.Vector() && len(x) >= p.MinLen() {
			return p.FiltFilt(dst, x, s.ZI(nil), s.PadLen(), runtime.GOMAXPROCS(0))
		}
	}
	var w ffScratch
	w.init(s, s.PadLen())
	w.run(s, dst, x)
	return dst
}

// ffScratch is the scratch of one zero-phase pass: the steady states, the running states and the
// odd extensions at both ends.
type ffScratch struct {
	zi, z      [][2]float64
	head, tail []float64 // odd extensions; tail keeps the forward outputs of the right extension
	save       []float64 // the last samples of x, kept when dst aliases x
}

func (w *ffScratch) init(s SOS, pad int) {
	w.zi = s.ZI(nil)
	w.z = make([][2]float64, len(s))
	w.head = make([]float64, pad)
	w.tail = make([]float64, pad)
	w.save = make([]float64, pad+1)
}

// run filters one sweep x into dst (len(dst) == len(x) > 0), forward then backward in place.
func (w *ffScratch) run(s SOS, dst, x []float64) {
	n := len(x)
	edge := min(len(w.head), n-1)
	head, tail, save := w.head[:edge], w.tail[:edge], w.save[:edge+1]
	// Both extensions are built before dst is written, as dst may be x.
	x0, xl := x[0], x[n-1]
	for i := range head {
		head[i] = 2*x0 - x[edge-i]
	}
	copy(save, x[n-1-edge:])
	for i := range tail {
		tail[i] = 2*xl - save[edge-1-i] // x[n−2−i]
	}
	// Forward, from the steady state of the extension's first sample.
	e0 := x0
	if edge > 0 {
		e0 = head[0]
	}
	for k := range w.z {
		w.z[k] = [2]float64{w.zi[k][0] * e0, w.zi[k][1] * e0}
	}
	cascade(s, w.z, head, head)
	cascade(s, w.z, dst, x)
	cascade(s, w.z, tail, tail)
	// Backward, from the steady state of the last forward output, through the right extension (whose
	// outputs are cut off) and then dst in place.
	yl := dst[n-1]
	if edge > 0 {
		yl = tail[edge-1]
	}
	for k := range w.z {
		w.z[k] = [2]float64{w.zi[k][0] * yl, w.zi[k][1] * yl}
	}
	cascadeBack(s, w.z, tail)
	cascadeBack(s, w.z, dst)
}

func iirReverse(v []float64) {
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
}

// filtFiltRef is the plain statement of FiltFilt that the fast paths are tested against: the odd
// extension built in full, sectionsRef forward and backward, the middle cut out.
func filtFiltRef(s SOS, x []float64) []float64 {
	n := len(x)
	if n == 0 {
		return []float64{}
	}
	edge := min(s.PadLen(), n-1)
	ext := make([]float64, 0, n+2*edge)
	for i := edge; i >= 1; i-- {
		ext = append(ext, 2*x[0]-x[i])
	}
	ext = append(ext, x...)
	for i := 1; i <= edge; i++ {
		ext = append(ext, 2*x[n-1]-x[n-1-i])
	}
	zi := s.ZI(nil)
	z := make([][2]float64, len(s))
	for k := range z {
		z[k] = [2]float64{zi[k][0] * ext[0], zi[k][1] * ext[0]}
	}
	sectionsRef(s, z, ext, ext)
	iirReverse(ext)
	for k := range z {
		z[k] = [2]float64{zi[k][0] * ext[0], zi[k][1] * ext[0]}
	}
	sectionsRef(s, z, ext, ext)
	iirReverse(ext)
	return ext[edge : edge+n]
}
