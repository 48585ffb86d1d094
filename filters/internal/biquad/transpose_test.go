package biquad

import (
	"fmt"
	"testing"
)

// TestTranspose holds gather and scatter (with the assembly transposes where the CPU has them)
// against the definition buf[i·w + l] = rows[l][i], exactly, for widths 1 to 9, 12, 16 and 17, and lengths that are
// and are not multiples of four.
func TestTranspose(t *testing.T) {
	for _, w := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17} {
		for _, m := range []int{0, 1, 3, 4, 5, 8, 13, 64} {
			t.Run(fmt.Sprint(w, "x", m), func(t *testing.T) {
				rows := make([][]float64, w)
				for l := range rows {
					rows[l] = signal(uint64(10*w+l), m+1)[:m] // slack after the row must not be touched
				}
				buf := make([]float64, w*m+1)
				buf[w*m] = 42
				gather(buf[:w*m], rows, m)
				for i := range m {
					for l := range w {
						if buf[i*w+l] != rows[l][i] {
							t.Fatalf("gather: frame %d lane %d = %v, want %v", i, l, buf[i*w+l], rows[l][i])
						}
					}
				}
				if buf[w*m] != 42 {
					t.Fatal("gather wrote past its frames")
				}
				out := make([][]float64, w)
				for l := range out {
					out[l] = make([]float64, m)
				}
				scatter(out, buf[:w*m], m)
				for l := range w {
					for i := range m {
						if out[l][i] != rows[l][i] {
							t.Fatalf("scatter: row %d sample %d = %v, want %v", l, i, out[l][i], rows[l][i])
						}
					}
				}
			})
		}
	}
}
