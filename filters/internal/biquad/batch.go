package biquad

// batchLanes filters the rows of x into dst, p.w at a time in the lanes of p, with the scratch s: each
// row is extended at each end by an odd reflection of edge = min(pad, n−1) samples, filtered forward
// from the steady state of its first sample, backward from that of the last forward output, and the
// extensions are cut off (FiltFiltRef). Lanes without a row filter zeros.
func (c *Cascade) batchLanes(p *vecPlan, s *scratch, dst, x [][]float64) {
	n := len(x[0])
	w := p.w
	edge := min(c.pad, n-1)
	m := n + 2*edge
	if len(s.buf) < w*m {
		s.buf = frames(w * m)
	}
	if len(s.zeros) < n {
		s.zeros = make([]float64, n)
	}
	s.lanes(p)
	buf := s.buf[:w*m]
	for g := 0; g < len(x); g += w {
		d, r := dst[g:min(g+w, len(x))], x[g:min(g+w, len(x))]
		if p.rows != nil {
			c.groupRows(p, s, d, r, buf, n, edge)
		} else {
			c.group(p, s, d, r, buf, n, edge)
		}
	}
	s.forget()
}

// group filters up to Width rows, gathering them into frames and scattering the result.
func (c *Cascade) group(p *vecPlan, s *scratch, dst, x [][]float64, buf []float64, n, edge int) {
	w := p.w
	rows := s.rows
	for l := range rows {
		rows[l] = s.zeros[:n]
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
	c.setLanes(p, s.lz, buf[:w])
	p.run(s.lz, buf, false)
	c.setLanes(p, s.lz, buf[len(buf)-w:])
	p.run(s.lz, buf, true)
	for l := range rows {
		rows[l] = s.zeros[:n] // lanes without a row write into zeros, which are restored below
		if l < len(dst) {
			rows[l] = dst[l]
		}
	}
	scatter(rows, buf[w*edge:w*(edge+n)], n)
	if len(dst) < w {
		clear(s.zeros[:n])
	}
}

// groupRows is group with the plan's row kernels, which read the rows and write dst in place of
// gather and scatter: the first group of sections runs forward over the odd extension on the left
// (in buf), then reads the first n&^3 samples from the rows, then runs over the last n%4 samples and
// the extension on the right, gathered into buf; the outputs all go to buf. Backward, the last group
// of sections runs over the right end in buf, then writes the outputs of the first n&^3 frames
// straight into dst. The extension on the left is not run backward at all: its outputs are cut off,
// and no later frame depends on them. Frame by frame the arithmetic is group's.
func (c *Cascade) groupRows(p *vecPlan, s *scratch, dst, x [][]float64, buf []float64, n, edge int) {
	const w = 16
	rows := s.rows[:w]
	for l := range rows {
		rows[l] = s.zeros[:n]
		if l < len(x) {
			rows[l] = x[l]
		}
	}
	m, n4 := n+2*edge, n&^3
	f0 := &s.first
	for l, r := range rows {
		x0, xl := r[0], r[n-1]
		f0[l] = x0
		for i := range edge {
			buf[w*i+l] = 2*x0 - r[edge-i]
			buf[w*(edge+n+i)+l] = 2*xl - r[n-2-i]
		}
		if edge > 0 {
			f0[l] = buf[l]
		}
	}
	gatherRef(buf[w*(edge+n4):w*(edge+n)], rows, n4, n)
	ptr := &s.ptr
	for l, r := range rows {
		ptr[l] = &r[0]
	}
	ns := p.nsec
	c.setLanes(p, s.lz, f0[:])
	for g := 0; g < ns; g += maxGroup {
		cf, z, k := &p.coefs[5*w*g], &s.lz[2*w*g], min(maxGroup, ns-g)
		if g > 0 {
			p.kern(cf, z, &buf[0], m, 8*w, k)
			continue
		}
		if edge > 0 {
			p.kern(cf, z, &buf[0], edge, 8*w, k)
		}
		if n4 > 0 {
			p.rows.in(cf, z, &buf[w*edge], ptr, n4, k)
		}
		if r := m - edge - n4; r > 0 {
			p.kern(cf, z, &buf[w*(edge+n4)], r, 8*w, k)
		}
	}
	c.setLanes(p, s.lz, buf[len(buf)-w:])
	for l := range rows {
		rows[l] = s.zeros[:n] // lanes without a row write into zeros, which are restored below
		if l < len(dst) {
			rows[l] = dst[l]
		}
		ptr[l] = &rows[l][0]
	}
	last := (ns - 1) / maxGroup * maxGroup
	for g := 0; g < ns; g += maxGroup {
		cf, z, k := &p.coefs[5*w*g], &s.lz[2*w*g], min(maxGroup, ns-g)
		if g < last {
			p.kern(cf, z, &buf[w*(m-1)], m-edge, -8*w, k)
			continue
		}
		if r := m - edge - n4; r > 0 {
			p.kern(cf, z, &buf[w*(m-1)], r, -8*w, k)
		}
		if n4 > 0 {
			p.rows.out(cf, z, &buf[w*edge], ptr, n4, k)
		}
	}
	scatterRef(rows, buf[w*(edge+n4):w*(edge+n)], n4, n)
	if len(dst) < w {
		clear(s.zeros[:n])
	}
}

// setLanes starts each section of each lane l in the steady state of the level f[l].
func (c *Cascade) setLanes(p *vecPlan, z, f []float64) {
	w := p.w
	for k := range p.nsec {
		zi := c.zi[k]
		z0, z1 := z[2*k*w:(2*k+1)*w], z[(2*k+1)*w:(2*k+2)*w]
		for l, v := range f[:w] {
			z0[l] = zi[0] * v
			z1[l] = zi[1] * v
		}
	}
}
