package filters

// MovingAverage smooths x with a centred boxcar of n samples, as
// scipy.ndimage.uniform_filter1d(x, n, mode="reflect"): output i is the mean
// of x[i−n/2 … i−n/2+n−1] (for even n the window reaches one sample further
// back than forward), the signal extended beyond its ends by reflection about
// the edge (x[−1] = x[0], x[−2] = x[1], …; repeatedly when n > len(x)).
//
// The running sum is compensated (two-sums), so its error does not grow with
// len(x); scipy's is not, and is a little faster for it (BENCHMARKS.md). If dst
// is nil it is allocated; a dst of another length panics with
// "filters: dst length mismatch". dst may be x itself (x is then copied
// first) but must not otherwise overlap it. MovingAverage panics if n < 1.
// A window longer than the signal's reflection period 2·len(x) costs no more
// than one of 2·len(x) samples: its whole periods are summed once.
func MovingAverage(dst, x []float64, n int) []float64 {
	if n < 1 {
		panic("filters: MovingAverage n < 1")
	}
	dst = dstOfLen(dst, len(x))
	if len(x) == 0 {
		return dst
	}
	x = copyIfSame(dst, x)
	nx := len(x)
	if p := 2 * nx; n > p {
		// The reflected signal has period p = 2·len(x), each period summing to 2·Σx: a window of
		// n = k·p + r samples holds k whole periods and r samples from where it starts, so the work
		// and the index range stay those of a window shorter than p however long n is.
		var total, c float64
		for _, v := range x {
			var e float64
			total, e = twoSum(total, v)
			c += e
		}
		whole := float64(n/p) * (2 * (total + c))
		boxcar(dst, x, n%p, (n/2)%p, whole, 1/float64(n))
		return dst
	}
	boxcar(dst, x, n, n/2, 0, 1/float64(n))
	return dst
}

// boxcar sets dst[i] = (base + Σ_{j=0}^{width−1} ext(i−left+j))·scale, ext the reflected x (see
// reflectIndex), for 0 ≤ left < 2·len(x) and 0 ≤ width ≤ 2·len(x); dst must not overlap x.
func boxcar(dst, x []float64, width, left int, base, scale float64) {
	nx := len(x)
	at := func(j int) float64 {
		if j >= 0 && j < nx {
			return x[j]
		}
		return x[reflectIndex(j, nx)]
	}
	var s, c float64 // running sum s + c, compensated with two-sums
	add := func(v float64) {
		var e float64
		s, e = twoSum(s, v)
		c += e
	}
	add(base)
	for j := -left; j < width-left; j++ {
		add(at(j))
	}
	// Outputs whose update reads only inside x (i−left ≥ 0 and i−left+width < len(x)) take the loop
	// without index reflection.
	lo, hi := min(left, nx), min(nx, nx-width+left)
	if hi <= lo {
		lo, hi = nx, nx // no such outputs: the loop below reflects every index
	}
	for i := 0; i < lo; i++ {
		dst[i] = (s + c) * scale
		add(at(i - left + width))
		add(-at(i - left))
	}
	var in, out []float64 // the samples entering and leaving the window at outputs lo … hi−1
	if hi > lo {
		in, out = x[lo-left+width:hi-left+width], x[lo-left:hi-left]
	}
	for i := range out {
		dst[lo+i] = (s + c) * scale
		add(in[i])
		add(-out[i])
	}
	for i := hi; i < len(dst); i++ {
		dst[i] = (s + c) * scale
		add(at(i - left + width))
		add(-at(i - left))
	}
}

// twoSum returns t = fl(a + b) and the rounding error e, a + b = t + e exactly (Knuth). It has no
// branch: Neumaier's compensated add branches on which operand is larger, and that branch
// mispredicts on signals that cross zero.
func twoSum(a, b float64) (t, e float64) {
	t = a + b
	bp := t - a
	return t, (a - (t - bp)) + (b - bp)
}

// reflectIndex maps an index outside [0, n) into it by scipy.ndimage's
// "reflect" (half-sample symmetric) extension, d c b a | a b c d | d c b a,
// which has period 2n.
func reflectIndex(j, n int) int {
	p := 2 * n
	j %= p
	if j < 0 {
		j += p
	}
	if j >= n {
		j = p - 1 - j
	}
	return j
}

// copyIfSame returns a copy of x when dst and x are the same slice (so a
// filter can read x while writing dst), else x.
func copyIfSame(dst, x []float64) []float64 {
	if len(x) > 0 && len(dst) > 0 && &dst[0] == &x[0] {
		return append([]float64(nil), x...)
	}
	return x
}
