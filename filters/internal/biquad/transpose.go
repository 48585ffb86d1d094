package biquad

// gather writes m samples of each lane's row into frames: buf[i·w + l] = rows[l][i] for i < m, where
// w = len(rows) and buf holds exactly m frames. Rows of lanes without data are a slice of zeros.
func gather(buf []float64, rows [][]float64, m int) { gatherPrefetch(buf, rows, m, 0) }

// scatter is gather's inverse: rows[l][i] = buf[i·w + l] for i < m.
func scatter(rows [][]float64, buf []float64, m int) { scatterPrefetch(rows, buf, m, 0) }

// gatherPrefetch is gather that also asks for the rows' cache lines dist bytes ahead (negative: behind)
// of those it reads, where the assembly transposes run; the addresses need not be valid.
func gatherPrefetch(buf []float64, rows [][]float64, m, dist int) {
	if d := gatherFast(buf, rows, m, dist); d > 0 {
		gatherRef(buf[d*len(rows):], rows, d, m)
		return
	}
	gatherRef(buf, rows, 0, m)
}

// scatterPrefetch is scatter with gatherPrefetch's prefetching of the rows for writing.
func scatterPrefetch(rows [][]float64, buf []float64, m, dist int) {
	if d := scatterFast(rows, buf, m, dist); d > 0 {
		scatterRef(rows, buf[d*len(rows):], d, m)
		return
	}
	scatterRef(rows, buf, 0, m)
}

// window returns the rows cut to their samples [lo, m), in sub when there are at most 16 of them (no
// allocation on the kernels' widths).
func window(sub *[16][]float64, rows [][]float64, lo, m int) [][]float64 {
	var w [][]float64
	if len(rows) <= len(sub) {
		w = sub[:len(rows)]
	} else {
		w = make([][]float64, len(rows))
	}
	for l, r := range rows {
		w[l] = r[lo:m]
	}
	return w
}

// gatherRef is gather in Go for the samples [lo, m) of the rows, into buf from its start; it is the
// reference the assembly transposes are tested against.
func gatherRef(buf []float64, rows [][]float64, lo, m int) {
	if lo > 0 {
		var sub [16][]float64
		rows, m = window(&sub, rows, lo, m), m-lo
	}
	switch len(rows) {
	case 4:
		gather4(buf, (*[4][]float64)(rows), m)
	case 8:
		gather8(buf, (*[8][]float64)(rows), m)
	default:
		w := len(rows)
		for l, r := range rows {
			for i, v := range r[:m] {
				buf[i*w+l] = v
			}
		}
	}
}

// scatterRef is scatter in Go for the samples [lo, m), from buf's start.
func scatterRef(rows [][]float64, buf []float64, lo, m int) {
	if lo > 0 {
		var sub [16][]float64
		rows, m = window(&sub, rows, lo, m), m-lo
	}
	switch len(rows) {
	case 4:
		scatter4((*[4][]float64)(rows), buf, m)
	case 8:
		scatter8((*[8][]float64)(rows), buf, m)
	default:
		w := len(rows)
		for l, r := range rows {
			r = r[:m]
			for i := range r {
				r[i] = buf[i*w+l]
			}
		}
	}
}

func gather4(buf []float64, rows *[4][]float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	buf = buf[:4*m]
	for i := 0; i < len(r0) && len(buf) >= 4; i++ { // both hold together; the second frees f of checks
		f := buf[:4:4]
		buf = buf[4:]
		f[0], f[1], f[2], f[3] = r0[i], r1[i], r2[i], r3[i]
	}
}

func scatter4(rows *[4][]float64, buf []float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	buf = buf[:4*m]
	for i := 0; i < len(r0) && len(buf) >= 4; i++ { // both hold together; the second frees f of checks
		f := buf[:4:4]
		buf = buf[4:]
		r0[i], r1[i], r2[i], r3[i] = f[0], f[1], f[2], f[3]
	}
}

func gather8(buf []float64, rows *[8][]float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	r4, r5, r6, r7 := rows[4][:m], rows[5][:m], rows[6][:m], rows[7][:m]
	buf = buf[:8*m]
	for i := 0; i < len(r0) && len(buf) >= 8; i++ { // both hold together; the second frees f of checks
		f := buf[:8:8]
		buf = buf[8:]
		f[0], f[1], f[2], f[3] = r0[i], r1[i], r2[i], r3[i]
		f[4], f[5], f[6], f[7] = r4[i], r5[i], r6[i], r7[i]
	}
}

func scatter8(rows *[8][]float64, buf []float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	r4, r5, r6, r7 := rows[4][:m], rows[5][:m], rows[6][:m], rows[7][:m]
	buf = buf[:8*m]
	for i := 0; i < len(r0) && len(buf) >= 8; i++ { // both hold together; the second frees f of checks
		f := buf[:8:8]
		buf = buf[8:]
		r0[i], r1[i], r2[i], r3[i] = f[0], f[1], f[2], f[3]
		r4[i], r5[i], r6[i], r7[i] = f[4], f[5], f[6], f[7]
	}
}
