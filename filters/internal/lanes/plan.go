package lanes

import "unsafe"

// maxGroup is the number of sections a kernel holds in registers in one pass.
const maxGroup = 4

// A Plan is a cascade of second-order sections prepared for one lane kernel: its coefficients
// broadcast across the lanes, in groups of at most four sections. It is read-only after NewPlan and
// safe for concurrent use.
type Plan struct {
	sos    [][6]float64
	w      int       // lanes
	coefs  []float64 // per section: b0, b1, b2, a1, a2, each repeated w times; 64-byte aligned
	kern   kernel
	vector bool        // kern is an assembly kernel
	seg    *Plan       // for Filter, FilterState and FiltFilt, when not p itself
	rows   *rowKernels // kern reading from and writing to rows, for Batch; nil if there are none
}

// kernel runs nsec ≤ 4 sections over n frames of the plan's lanes, starting at frame p and moving
// step bytes (±8·w) per frame, in place; c points at the group's broadcast coefficients and z at its
// states, which are updated.
type kernel func(c, z, p *float64, n, step, nsec int)

// NewPlan prepares sos (rows b0 b1 b2 a0 a1 a2, a0 == 1; it is copied) for the kernel chosen for this
// CPU, one that multiplies and adds separately in SciPy's order: every lane is bit for bit the scalar
// recursion (as Go compiles it for amd64 without fused multiply-adds). It panics if a row has a0 != 1.
func NewPlan(sos [][6]float64) *Plan {
	p := newPlan(sos, defaultWidth, defaultKernel)
	p.vector = defaultVector
	p.rows = defaultRows
	if segWidth != defaultWidth {
		p.seg = newPlan(sos, segWidth, segKernel)
		p.seg.vector = defaultVector
	}
	return p
}

// segPlan is the plan the long-channel methods run: more segments cost more corrections and more
// memory streams, so where the batch kernel is wider than eight lanes they run an eight-lane one.
func (p *Plan) segPlan() *Plan {
	if p.seg != nil {
		return p.seg
	}
	return p
}

// NewPlanFused is NewPlan with kernels that fuse multiply-adds (AVX2+FMA, AVX-512F): about a tenth
// faster, and rounded once where SciPy rounds twice, so the results differ from the scalar recursion
// in the last bits (see kernelTol in the tests for the bound).
func NewPlanFused(sos [][6]float64) *Plan {
	p := newPlan(sos, fusedWidth, fusedKernel)
	p.vector = fusedVector
	return p
}

func newPlan(sos [][6]float64, w int, k kernel) *Plan {
	for _, c := range sos {
		if c[3] != 1 {
			panic("lanes: section with a0 != 1")
		}
	}
	p := &Plan{sos: append([][6]float64(nil), sos...), w: w, kern: k}
	p.coefs = alignedFloats(5 * w * len(sos))
	for k, c := range sos {
		for j, v := range [5]float64{c[0], c[1], c[2], c[4], c[5]} {
			row := p.coefs[(5*k+j)*w : (5*k+j+1)*w]
			for l := range row {
				row[l] = v
			}
		}
	}
	return p
}

// Width is the number of lanes the plan's kernel runs side by side.
func (p *Plan) Width() int { return p.w }

// Vector reports whether the plan runs an assembly kernel. Where it does not (-tags noasm, another
// architecture, a CPU without AVX2 and FMA), the lanes run the pure-Go reference, which is no faster
// than a plain scalar loop, and callers do better with their own.
func (p *Plan) Vector() bool { return p.vector }

// MinLen is the shortest channel that Filter, FilterState and FiltFilt cut into segments; shorter
// ones run the scalar cascade.
func (p *Plan) MinLen() int { return p.segPlan().w * minSegment }

// Sections is the number of sections of the cascade.
func (p *Plan) Sections() int { return len(p.sos) }

// StateLen is the length of a state vector for the plan: 2·Sections·Width.
func (p *Plan) StateLen() int { return 2 * len(p.sos) * p.w }

// Cascade runs the cascade in place over buf, whole frames of Width lanes (len(buf) must be a multiple
// of Width), with the states z (StateLen long) updated; reverse runs the frames from last to first.
// Longer cascades run four sections at a time over all of buf, so callers pass blocks that stay in the
// cache.
func (p *Plan) Cascade(z, buf []float64, reverse bool) {
	w := p.w
	if len(buf)%w != 0 {
		panic("lanes: buffer is not whole frames")
	}
	if len(z) != p.StateLen() {
		panic("lanes: state length mismatch")
	}
	n := len(buf) / w
	if n == 0 || len(p.sos) == 0 {
		return
	}
	start, step := 0, 8*w
	if reverse {
		start, step = (n-1)*w, -8*w
	}
	for g := 0; g < len(p.sos); g += maxGroup {
		ns := min(maxGroup, len(p.sos)-g)
		p.kern(&p.coefs[5*w*g], &z[2*w*g], &buf[start], n, step, ns)
	}
}

// alignedFloats returns n zeroed float64s starting on a 64-byte boundary, so that no vector of a frame
// or a broadcast coefficient straddles a cache line.
func alignedFloats(n int) []float64 {
	s := make([]float64, n+8)
	off := int(uintptr(unsafe.Pointer(&s[0]))%64) / 8
	if off != 0 {
		off = 8 - off
	}
	return s[off : off+n : off+n]
}
