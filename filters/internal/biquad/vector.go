package biquad

import "unsafe"

// maxGroup is the number of sections a lane kernel holds in registers in one pass.
const maxGroup = 4

// A vecPlan is a cascade prepared for one lane kernel: its coefficients broadcast across the w lanes,
// in groups of at most four sections. It is read-only once made.
type vecPlan struct {
	nsec  int
	w     int       // lanes
	coefs []float64 // per section: b0, b1, b2, a1, a2, each repeated w times; 64-byte aligned
	kern  kernel
	rows  *rowKernels // kern reading from and writing to rows, for the batch; nil if there are none
}

// kernel runs nsec ≤ 4 sections over n frames of the plan's lanes, starting at frame p and moving
// step bytes (±8·w) per frame, in place; c points at the group's broadcast coefficients and z at its
// states, which are updated.
type kernel func(c, z, p *float64, n, step, nsec int)

func newVecPlan(sos [][6]float64, w int, k kernel) *vecPlan {
	p := &vecPlan{nsec: len(sos), w: w, kern: k}
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

// stateLen is the length of a lane state vector: per section k, the w lanes' z0 then their z1,
// z[(2k+j)·w + l].
func (p *vecPlan) stateLen() int { return 2 * p.nsec * p.w }

// run runs the cascade in place over buf, whole frames of w lanes (frame i holds sample i of each
// lane, buf[i·w + l]), with the states z updated; reverse runs the frames from last to first. Longer
// cascades run four sections at a time over all of buf, so callers pass blocks that stay in the cache.
func (p *vecPlan) run(z, buf []float64, reverse bool) {
	w := p.w
	if len(buf)%w != 0 || len(z) != p.stateLen() {
		panic("biquad: lane buffer or state of the wrong size")
	}
	n := len(buf) / w
	if n == 0 || p.nsec == 0 {
		return
	}
	start, step := 0, 8*w
	if reverse {
		start, step = (n-1)*w, -8*w
	}
	for g := 0; g < p.nsec; g += maxGroup {
		ns := min(maxGroup, p.nsec-g)
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
