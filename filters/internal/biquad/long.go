package biquad

import "math"

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
	// Each group boundary adds corrections, which run one after another, so more groups pay only
	// while there are processors for them; two did best on two cores (BENCHMARKS.md, "Where the
	// filters change paths").
	longGroups = 2
)

// filtFiltLong is FiltFilt by the block-parallel method: the extensions run on the scalar kernel,
// x itself forward into dst and dst backward in place through filterLong.
func (c *Cascade) filtFiltLong(p *vecPlan, s *scratch, dst, x []float64, workers int) {
	n := len(x)
	edge := min(c.pad, n-1)
	head, tail, z := s.extensions(edge)
	extend(head, tail, x)
	if edge > 0 {
		c.start(z, head[0])
	} else {
		c.start(z, x[0])
	}
	runScalar(c.groups, z, head, head, false)
	c.filterLong(p, dst, x, z, false, workers)
	runScalar(c.groups, z, tail, tail, false)
	if edge > 0 {
		c.start(z, tail[edge-1])
	} else {
		c.start(z, dst[n-1])
	}
	runScalar(c.groups, z, tail, tail, true)
	c.filterLong(p, dst, dst, z, true, workers)
}

// filterLong is the block-parallel cascade over x into dst (dst may be x) from the states z (four per
// group; those of padding sections stay zero), which it leaves as the final states. In processing
// order (the samples from last to first when reverse), the channel is cut into S = Width·groups
// segments of L samples and a remainder of fewer than S samples. All segments are filtered in the
// lanes, segment 0 from the states z and the others from zero; then, for k = 1 … S−1 in turn, the
// zero-input response of the cascade started from the true final state of segment k−1 is added to
// segment k until it has decayed (see decayRel), and the true final state of segment k is its
// zero-state final state plus what is left of that response. By linearity the result is the serial
// recursion's, up to rounding. The remainder runs the scalar cascade from the last segment's true
// final state. The groups of segments run on up to workers goroutines.
func (c *Cascade) filterLong(p *vecPlan, dst, x []float64, z [][2]float64, reverse bool, workers int) {
	n := len(x)
	w, ns := p.w, p.nsec
	// The segmentation depends on the length alone, never on workers, so that the result (which
	// differs from the serial recursion's by rounding) is the same bits however many goroutines run.
	groups := longGroups
	for groups > 1 && n < groups*w*c.minSeg {
		groups--
	}
	if n < w*c.minSeg || ns == 0 {
		runScalar(c.groups, z, dst, x, reverse)
		return
	}
	nseg := groups * w
	L := n / nseg
	if len(c.fin) < nseg*ns {
		c.fin = make([][2]float64, nseg*ns)
		c.r = make([][2]float64, ns)
	}
	fin := c.fin[:nseg*ns] // zero-state final states of every segment, [segment][section]
	workers = min(workers, groups)
	scr := c.scratchFor(max(workers, 1))
	if workers <= 1 {
		for g := range groups {
			c.segments(p, scr[0], g, L, dst, x, z, fin, reverse)
		}
	} else {
		share(workers, groups, func(wk, g int) { c.segments(p, scr[wk], g, L, dst, x, z, fin, reverse) })
	}
	copy(z, fin[:ns])
	r := c.r
	for s := 1; s < nseg; s++ {
		copy(r, z[:ns])
		decayed := c.correct(dst, n, s*L, (s+1)*L, r, reverse)
		f := fin[s*ns : (s+1)*ns]
		for k := range f {
			z[k] = f[k]
			if !decayed {
				z[k][0] += r[k][0]
				z[k][1] += r[k][1]
			}
		}
	}
	if rest := nseg * L; rest < n {
		if reverse {
			runScalar(c.groups, z, dst[:n-rest], x[:n-rest], true)
		} else {
			runScalar(c.groups, z, dst[rest:], x[rest:], false)
		}
	}
}

// segments filters the w segments of group g (of L samples each) in the lanes of p with the scratch
// s, group 0's first segment from the states z and the others from zero, and stores their final
// states in fin.
func (c *Cascade) segments(p *vecPlan, s *scratch, g, L int, dst, x []float64, z, fin [][2]float64, reverse bool) {
	n, w, ns := len(x), p.w, p.nsec
	const chunk = chunkSamples
	s.lanes(p)
	if len(s.buf) < chunk {
		s.buf = frames(chunk)
	}
	zl, rows := s.lz, s.rows
	clear(zl)
	if g == 0 {
		for k := range ns {
			zl[2*k*w] = z[k][0]
			zl[(2*k+1)*w] = z[k][1]
		}
	}
	frames := chunk / w
	// cut points rows at processing positions [s+lo, s+lo+m) of each segment of the group in v; in
	// memory that is a forward range, or when reverse the mirrored range, whose frames then run last
	// to first.
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
	for lo := 0; lo < L; lo += frames {
		m := min(frames, L-lo)
		dist := 8 * frames // the same samples of the segment's next chunk, ahead or behind
		if reverse {
			dist = -dist
		}
		cut(x, lo, m)
		gatherPrefetch(s.buf[:w*m], rows, m, dist)
		p.run(zl, s.buf[:w*m], reverse)
		cut(dst, lo, m)
		scatterPrefetch(rows, s.buf[:w*m], m, dist)
	}
	for l := range w {
		for k := range ns {
			fin[(g*w+l)*ns+k] = [2]float64{zl[2*k*w+l], zl[(2*k+1)*w+l]}
		}
	}
	s.forget()
}

// correct adds to the outputs at processing positions [lo, hi) of dst (n samples, mirrored when
// reverse) the zero-input response of the cascade from the states r, which it advances. It reports
// whether the response decayed before hi; r is then to be treated as zero.
func (c *Cascade) correct(dst []float64, n, lo, hi int, r [][2]float64, reverse bool) bool {
	sos := c.sos
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
			v, r[k][0], r[k][1] = step(&sos[k], r[k][0], r[k][1], v)
		}
		o := dst[j] + v
		dst[j] = o
		peak = max(peak, math.Abs(o))
	}
	return false
}
