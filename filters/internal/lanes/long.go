package lanes

import (
	"math"
	"sync"
	"sync/atomic"
)

const (
	// chunkSamples is the number of samples, over all lanes, moved into the lanes at a time: 16 KiB,
	// inside the L1 cache with room for the data streams (256 frames of eight lanes).
	chunkSamples = 2048
	// minSegment is the shortest segment worth the block-parallel method; shorter channels run the
	// scalar cascade. A segment's correction runs until the zero-input response has decayed (some
	// thousands of samples for a low corner at a thousandth of the sampling rate), so segments much
	// shorter than that would be corrected over their whole length.
	minSegment = 16384
	// decayRel: a correction stops when the largest state of its zero-input response is below decayRel
	// times the largest output magnitude of the segment so far. What is dropped then adds to each later
	// output at most G·2⁻⁶⁰·M, where G, the gain from state to output summed over time, is below 10⁴ for
	// stable designs of practical order (about 10² for the 4th-order Butterworth band-pass 10–5000 Hz at
	// 20 kHz): under 10⁻¹⁴ of the peak, the size of the recursion's own rounding.
	decayRel = 0x1p-60
	// decayAbs: below this the state is treated as decayed whatever the outputs are (and before the
	// recursion enters the slow subnormal range).
	decayAbs = 0x1p-1000
	// longGroups is the number of groups of Width segments a long channel is cut into (fewer when
	// segments would be shorter than minSegment); up to that many goroutines filter them at once.
	// Each group boundary adds corrections, which run one after another. Measured against sosfiltfilt
	// / sosfilt on 10 M samples, 4th-order band-pass 10–5000 Hz at 20 kHz, 8 AVX-512 lanes, 2 cores:
	// 1 group 6.0× / 4.9×; 2 groups 7.8× / 6.6× (5.1–5.6× / 4.2× with GOMAXPROCS=1); 4 groups 5.5× /
	// 4.9×; 8 groups 3.4× / 3.1×.
	longGroups = 2
)

// Share runs do(0) … do(jobs−1) on up to workers goroutines, the calling one among them, and returns
// when all are done. The goroutines take jobs from a counter, so one that gets no processor holds up
// none; with workers ≤ 1 the jobs run in order on the calling goroutine.
func Share(workers, jobs int, do func(job int)) {
	if workers = min(workers, jobs); workers <= 1 {
		for j := range jobs {
			do(j)
		}
		return
	}
	var next atomic.Int64
	work := func() {
		for j := int(next.Add(1)) - 1; j < jobs; j = int(next.Add(1)) - 1 {
			do(j)
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// Filter filters one channel causally from zero initial state, SciPy's sosfilt(sos, x), into dst and
// returns it. dst nil allocates; otherwise len(dst) must be len(x). dst may be x. workers > 1 filters
// the groups of segments (up to longGroups) on that many goroutines; otherwise everything runs on the
// calling goroutine. The result does not depend on workers. Scratch is O(chunkSamples +
// Width·Sections) per group, independent of len(x).
func (p *Plan) Filter(dst, x []float64, workers int) []float64 {
	dst = useDst(dst, len(x))
	z := make([][2]float64, len(p.sos))
	p.segPlan().filterDir(dst, x, z, false, workers, minSegment)
	return dst
}

// FilterState filters x into dst (len(dst) == len(x); dst may be x) from the initial states z, one
// pair per section, and leaves the final states in z; reverse runs from the last sample to the first
// (the states are then those of the reversed signal). workers as for Filter.
func (p *Plan) FilterState(dst, x []float64, z [][2]float64, reverse bool, workers int) {
	if len(dst) != len(x) {
		panic("lanes: dst length mismatch")
	}
	if len(z) != len(p.sos) {
		panic("lanes: state length mismatch")
	}
	p.segPlan().filterDir(dst, x, z, reverse, workers, minSegment)
}

// FiltFilt filters one channel forward and backward, SciPy's sosfiltfilt, with the extensions of
// Batch.FiltFilt (edge = min(padlen, n−1) samples, states zi scaled by the first sample of each pass).
// The forward pass writes dst, the backward pass runs over dst in place; besides dst only O(padlen)
// scratch and that of Filter is allocated. dst nil allocates; otherwise len(dst) must be len(x); dst
// may be x.
func (p *Plan) FiltFilt(dst, x []float64, zi [][2]float64, padlen, workers int) []float64 {
	dst = useDst(dst, len(x))
	p.segPlan().filtFilt(dst, x, zi, padlen, workers, minSegment)
	return dst
}

func (p *Plan) filtFilt(dst, x []float64, zi [][2]float64, padlen, workers, minSeg int) {
	if len(zi) != len(p.sos) {
		panic("lanes: zi length mismatch")
	}
	n := len(x)
	if n == 0 {
		return
	}
	edge := min(padlen, n-1)
	head, tail := make([]float64, edge), make([]float64, edge)
	x0, xl := x[0], x[n-1]
	for i := range edge {
		head[i] = 2*x0 - x[edge-i]
		tail[i] = 2*xl - x[n-2-i]
	}
	z := make([][2]float64, len(p.sos))
	start := func(v float64) {
		for k := range z {
			z[k] = [2]float64{zi[k][0] * v, zi[k][1] * v}
		}
	}
	if edge > 0 {
		start(head[0])
	} else {
		start(x0)
	}
	cascadeScalar(p.sos, z, head, head)
	p.filterDir(dst, x, z, false, workers, minSeg)
	cascadeScalar(p.sos, z, tail, tail)
	if edge > 0 {
		start(tail[edge-1])
	} else {
		start(dst[n-1])
	}
	for i, j := 0, edge-1; i < j; i, j = i+1, j-1 {
		tail[i], tail[j] = tail[j], tail[i]
	}
	cascadeScalar(p.sos, z, tail, tail)
	p.filterDir(dst, dst, z, true, workers, minSeg)
}

func useDst(dst []float64, n int) []float64 {
	if dst == nil {
		return make([]float64, n)
	}
	if len(dst) != n {
		panic("lanes: dst length mismatch")
	}
	return dst
}

// filterDir is the block-parallel cascade. In processing order (the samples from last to first when
// reverse), the channel is cut into S = Width·groups segments of L samples and a remainder of fewer
// than S samples. All segments are filtered in the lanes, segment 0 from the states z and the others
// from zero; then, for k = 1 … S−1 in turn, the zero-input response of the cascade started from the
// true final state of segment k−1 is added to segment k until it has decayed (see decayRel), and the
// true final state of segment k is its zero-state final state plus what is left of that response. By
// linearity the result is the serial recursion's, up to rounding. The remainder runs the scalar
// cascade from the last segment's true final state.
func (p *Plan) filterDir(dst, x []float64, z [][2]float64, reverse bool, workers, minSeg int) {
	n := len(x)
	w := p.w
	// The segmentation depends on the length alone, never on workers, so that the result (which
	// differs from the serial recursion's by rounding) is the same bits however many goroutines run.
	groups := longGroups
	for groups > 1 && n < groups*w*minSeg {
		groups--
	}
	if n < w*minSeg || len(p.sos) == 0 {
		p.scalarDir(dst, x, z, reverse)
		return
	}
	nseg := groups * w
	L := n / nseg
	// Zero-state final states of every segment, [segment][section][2].
	fin := make([][2]float64, nseg*len(p.sos))
	run := func(g int) {
		zl := make([]float64, p.StateLen())
		if g == 0 {
			for k := range p.sos {
				zl[2*k*w] = z[k][0]
				zl[(2*k+1)*w] = z[k][1]
			}
		}
		chunk := chunkSamples / w
		buf := alignedFloats(w * chunk)
		rows := make([][]float64, w)
		// cut points rows at processing positions [s+lo, s+lo+m) of each segment of the group in v; in
		// memory that is a forward range, or when reverse the mirrored range, whose frames then run
		// last to first.
		cut := func(v []float64, lo, m int) {
			for l := range rows {
				s := (g*w + l) * L
				a := s + lo
				if reverse {
					a = n - (s + lo + m)
				}
				rows[l] = v[a : a+m]
			}
		}
		for lo := 0; lo < L; lo += chunk {
			m := min(chunk, L-lo)
			dist := 8 * chunk // the same samples of the segment's next chunk, ahead or behind
			if reverse {
				dist = -dist
			}
			cut(x, lo, m)
			gatherPrefetch(buf[:w*m], rows, m, dist)
			p.Cascade(zl, buf[:w*m], reverse)
			cut(dst, lo, m)
			scatterPrefetch(rows, buf[:w*m], m, dist)
		}
		for l := range w {
			for k := range p.sos {
				fin[(g*w+l)*len(p.sos)+k] = [2]float64{zl[2*k*w+l], zl[(2*k+1)*w+l]}
			}
		}
	}
	Share(workers, groups, run)
	copy(z, fin[:len(p.sos)])
	r := make([][2]float64, len(p.sos))
	for s := 1; s < nseg; s++ {
		copy(r, z)
		decayed := p.correct(dst, n, s*L, (s+1)*L, r, reverse)
		f := fin[s*len(p.sos) : (s+1)*len(p.sos)]
		for k := range z {
			z[k] = f[k]
			if !decayed {
				z[k][0] += r[k][0]
				z[k][1] += r[k][1]
			}
		}
	}
	if rest := nseg * L; rest < n {
		if reverse {
			p.scalarDir(dst[:n-rest], x[:n-rest], z, true)
		} else {
			p.scalarDir(dst[rest:], x[rest:], z, false)
		}
	}
}

// correct adds to the outputs at processing positions [lo, hi) of dst (n samples, mirrored when
// reverse) the zero-input response of the cascade from the states r, which it advances. It reports
// whether the response decayed before hi; r is then to be treated as zero.
func (p *Plan) correct(dst []float64, n, lo, hi int, r [][2]float64, reverse bool) bool {
	sos := p.sos
	r = r[:len(sos)]
	j, d := lo, 1
	if reverse {
		j, d = n-1-lo, -1
	}
	peak := 0.0
	for i := lo; i < hi; i, j = i+1, j+d {
		if (i-lo)%16 == 0 {
			big := 0.0
			for _, s := range r {
				big = max(big, math.Abs(s[0]), math.Abs(s[1]))
			}
			if big < max(decayRel*peak, decayAbs) {
				return true
			}
		}
		v := 0.0 // the input is zero; each later section's input is the one before's output
		for k := range sos {
			v = section(&sos[k], &r[k], v)
		}
		o := dst[j] + v
		dst[j] = o
		peak = max(peak, math.Abs(o))
	}
	return false
}

// scalarDir runs the scalar cascade over x into dst from the states z, from the last sample to the
// first when reverse.
func (p *Plan) scalarDir(dst, x []float64, z [][2]float64, reverse bool) {
	if !reverse {
		cascadeScalar(p.sos, z, dst, x)
		return
	}
	dst = dst[:len(x)]
	z = z[:len(p.sos)]
	for i := len(x) - 1; i >= 0; i-- {
		v := x[i]
		for k := range p.sos {
			c := &p.sos[k]
			s := &z[k]
			y := c[0]*v + s[0]
			s[0] = c[1]*v - c[4]*y + s[1]
			s[1] = c[2]*v - c[5]*y
			v = y
		}
		dst[i] = v
	}
}
