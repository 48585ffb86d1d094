package lanes

// cascadeScalar runs the cascade sos over x into dst (dst may be x) with the states z updated, one
// sample at a time: SciPy's sosfilt. It serves the short pieces around the lane kernels (extensions,
// remainders) and is the reference for the long-channel tests.
func cascadeScalar(sos [][6]float64, z [][2]float64, dst, x []float64) {
	dst = dst[:len(x)]
	z = z[:len(sos)]
	for n, v := range x {
		for k := range sos {
			c := &sos[k]
			s := &z[k]
			y := c[0]*v + s[0]
			s[0] = c[1]*v - c[4]*y + s[1]
			s[1] = c[2]*v - c[5]*y
			v = y
		}
		dst[n] = v
	}
}
