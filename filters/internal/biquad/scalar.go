package biquad

// The scalar path: one channel at a time, the cascade in groups of four sections whose states stay in
// registers while a sample runs through all four, so that their recursions overlap. A cascade whose
// length is not a multiple of four is padded with identity sections (b0 = a0 = 1, the rest 0), whose
// output is their input exactly and whose states stay zero, so that one loop serves every length.
// (Exactly but for two cases: −0 comes out as +0, and an infinite input turns a padding section's
// states to NaN, so that the sample after it may be NaN where Ref gives ±Inf; the cascade's output is
// not finite from an infinite input on in either case.)
// Padding a group of three to four costs nothing (the latencies of the sections overlap); padding one
// or two sections to four made them much slower (BenchmarkScalarSections: their loop is bound by the latency of one section,
// four are bound by the arithmetic), so a last group of one or two sections runs a two-section loop.

// identity is the section that passes its input unchanged.
var identity = [6]float64{1, 0, 0, 1, 0, 0}

// groupSections returns sos in groups of four, the last group padded with identity sections.
func groupSections(sos [][6]float64) [][4][6]float64 {
	g := make([][4][6]float64, (len(sos)+3)/4)
	for i := range g {
		for j := range 4 {
			g[i][j] = identity
			if k := 4*i + j; k < len(sos) {
				g[i][j] = sos[k]
			}
		}
	}
	return g
}

// scalarBlock is the number of samples each group of sections runs over before the next group takes
// them, when there are several: 8 KiB, which stays in the L1 cache between the groups.
const scalarBlock = 1024

// run4 runs the four sections g over x into dst (len(dst) == len(x); dst may be x), from the last
// sample to the first when reverse, from the states z, which it updates. One loop serves both
// directions at the price of one bounds check per sample (on x[i]; the index runs either way), which
// costs nothing measurable: the loop waits on the recursion's latency, not on its loads (the old
// per-direction loops without the check ran at the same speed, BENCHMARKS.md).
func run4(g *[4][6]float64, z *[4][2]float64, dst, x []float64, reverse bool) {
	c0, c1, c2, c3 := g[0], g[1], g[2], g[3]
	s0, t0 := z[0][0], z[0][1]
	s1, t1 := z[1][0], z[1][1]
	s2, t2 := z[2][0], z[2][1]
	s3, t3 := z[3][0], z[3][1]
	dst = dst[:len(x)]
	i, d := 0, 1
	if reverse {
		i, d = len(x)-1, -1
	}
	for range len(x) {
		v := x[i]
		v, s0, t0 = step(&c0, s0, t0, v)
		v, s1, t1 = step(&c1, s1, t1, v)
		v, s2, t2 = step(&c2, s2, t2, v)
		v, s3, t3 = step(&c3, s3, t3, v)
		dst[i] = v
		i += d
	}
	z[0], z[1], z[2], z[3] = [2]float64{s0, t0}, [2]float64{s1, t1}, [2]float64{s2, t2}, [2]float64{s3, t3}
}

// run2 is run4 for the first two sections of g alone (the others must be identity sections).
func run2(g *[4][6]float64, z *[4][2]float64, dst, x []float64, reverse bool) {
	c0, c1 := g[0], g[1]
	s0, t0 := z[0][0], z[0][1]
	s1, t1 := z[1][0], z[1][1]
	dst = dst[:len(x)]
	i, d := 0, 1
	if reverse {
		i, d = len(x)-1, -1
	}
	for range len(x) {
		v := x[i]
		v, s0, t0 = step(&c0, s0, t0, v)
		v, s1, t1 = step(&c1, s1, t1, v)
		dst[i] = v
		i += d
	}
	z[0], z[1] = [2]float64{s0, t0}, [2]float64{s1, t1}
}

// runGroup runs group k of g with run2 when it holds at most two sections, else run4.
func runGroup(g [][4][6]float64, k int, z [][2]float64, dst, x []float64, reverse bool) {
	zk := (*[4][2]float64)(z[4*k : 4*k+4])
	if g[k][2] == identity && g[k][3] == identity {
		run2(&g[k], zk, dst, x, reverse)
		return
	}
	run4(&g[k], zk, dst, x, reverse)
}

// runScalar runs the cascade of groups g over x into dst (dst may be x) from the states z (four
// pairs per group), backward when reverse. Several groups take blocks of scalarBlock samples in turn.
func runScalar(g [][4][6]float64, z [][2]float64, dst, x []float64, reverse bool) {
	if len(g) == 0 {
		copy(dst, x)
		return
	}
	if len(g) == 1 {
		runGroup(g, 0, z, dst, x, reverse)
		return
	}
	n := len(x)
	for b := 0; b < n; b += scalarBlock {
		lo, hi := b, min(b+scalarBlock, n)
		if reverse {
			lo, hi = max(0, n-b-scalarBlock), n-b
		}
		for k := range g {
			src := x[lo:hi]
			if k > 0 {
				src = dst[lo:hi]
			}
			runGroup(g, k, z, dst[lo:hi], src, reverse)
		}
	}
}
