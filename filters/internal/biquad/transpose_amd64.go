//go:build !noasm && amd64

package biquad

import "golang.org/x/sys/cpu"

// transposeIn4 writes samples [0, m&^3) of the rows p0…p3 into frames from q, stride bytes apart, as
// lanes 0…3 of each frame, prefetching the rows dist bytes ahead. transposeOut4 is its inverse. Both
// need AVX.
//
//go:noescape
func transposeIn4(q *float64, stride int, p0, p1, p2, p3 *float64, m, dist int)

//go:noescape
func transposeOut4(q *float64, stride int, p0, p1, p2, p3 *float64, m, dist int)

var hasAVX = cpu.X86.HasAVX

// gatherFast does what gather does for widths that are multiples of 4 with the AVX transposes, for the samples up to a
// multiple of 4, and reports how many samples it did.
func gatherFast(buf []float64, rows [][]float64, m, dist int) int {
	return transposeFast(buf, rows, m, dist, transposeIn4)
}

// scatterFast is gatherFast's inverse for scatter.
func scatterFast(rows [][]float64, buf []float64, m, dist int) int {
	return transposeFast(buf, rows, m, dist, transposeOut4)
}

// transposeFast runs kernel (transposeIn4 or transposeOut4) over groups of four rows.
func transposeFast(buf []float64, rows [][]float64, m, dist int, kernel func(q *float64, stride int, p0, p1, p2, p3 *float64, m, dist int)) int {
	w := len(rows)
	m4 := m &^ 3
	if !hasAVX || w%4 != 0 || m4 == 0 {
		return 0
	}
	_ = buf[w*m-1]
	for g := 0; g < w; g += 4 {
		r := rows[g : g+4 : g+4]
		_, _, _, _ = r[0][m-1], r[1][m-1], r[2][m-1], r[3][m-1]
		kernel(&buf[g], 8*w, &r[0][0], &r[1][0], &r[2][0], &r[3][0], m4, dist)
	}
	return m4
}
