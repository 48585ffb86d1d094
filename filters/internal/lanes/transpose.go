package lanes

// gather writes m samples of each lane's row into frames: buf[i·w + l] = rows[l][i] for i < m, where
// w = len(rows) and buf holds exactly m frames. Rows of lanes without data are a slice of zeros.
func gather(buf []float64, rows [][]float64, m int) {
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

// scatter is gather's inverse: rows[l][i] = buf[i·w + l] for i < m.
func scatter(rows [][]float64, buf []float64, m int) {
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
	for i := range r0 {
		f := buf[4*i : 4*i+4 : 4*i+4]
		f[0], f[1], f[2], f[3] = r0[i], r1[i], r2[i], r3[i]
	}
}

func scatter4(rows *[4][]float64, buf []float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	buf = buf[:4*m]
	for i := range r0 {
		f := buf[4*i : 4*i+4 : 4*i+4]
		r0[i], r1[i], r2[i], r3[i] = f[0], f[1], f[2], f[3]
	}
}

func gather8(buf []float64, rows *[8][]float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	r4, r5, r6, r7 := rows[4][:m], rows[5][:m], rows[6][:m], rows[7][:m]
	buf = buf[:8*m]
	for i := range r0 {
		f := buf[8*i : 8*i+8 : 8*i+8]
		f[0], f[1], f[2], f[3] = r0[i], r1[i], r2[i], r3[i]
		f[4], f[5], f[6], f[7] = r4[i], r5[i], r6[i], r7[i]
	}
}

func scatter8(rows *[8][]float64, buf []float64, m int) {
	r0, r1, r2, r3 := rows[0][:m], rows[1][:m], rows[2][:m], rows[3][:m]
	r4, r5, r6, r7 := rows[4][:m], rows[5][:m], rows[6][:m], rows[7][:m]
	buf = buf[:8*m]
	for i := range r0 {
		f := buf[8*i : 8*i+8 : 8*i+8]
		r0[i], r1[i], r2[i], r3[i] = f[0], f[1], f[2], f[3]
		r4[i], r5[i], r6[i], r7[i] = f[4], f[5], f[6], f[7]
	}
}
