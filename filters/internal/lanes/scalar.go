package lanes

// cascadeScalar runs the cascade sos over x into dst (dst may be x) with the states z updated, one
// sample at a time: SciPy's sosfilt. It serves the short pieces around the lane kernels (extensions,
// remainders) and is the reference for the long-channel tests.
func cascadeScalar(sos [][6]float64, z [][2]float64, dst, x []float64) {
	dst = dst[:len(x)]
	z = z[:len(sos)]
	for n, v := range x {
		for k := range sos {
			v = section(&sos[k], &z[k], v)
		}
		dst[n] = v
	}
}

// section runs one sample v through one second-order section (transposed direct form II, SciPy's
// order of operations), updating its state s, and returns the output.
func section(c *[6]float64, s *[2]float64, v float64) float64 {
	y := c[0]*v + s[0]
	s[0] = c[1]*v - c[4]*y + s[1]
	s[1] = c[2]*v - c[5]*y
	return y
}
