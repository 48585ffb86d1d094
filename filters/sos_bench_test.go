package filters

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/filters/internal/biquad"
)

// benchSweeps returns rows×n samples of unit-variance noise, row-major in one backing array.
func benchSweeps(rows, n int) [][]float64 {
	r := rand.New(rand.NewPCG(1, 2))
	flat := make([]float64, rows*n)
	for i := range flat {
		flat[i] = r.NormFloat64()
	}
	x := make([][]float64, rows)
	for i := range x {
		x[i] = flat[i*n : (i+1)*n : (i+1)*n]
	}
	return x
}

// benchSOS is the perf check's filter: 4th-order Butterworth band-pass 10 Hz–5 kHz at 20 kHz (4 sections).
func benchSOS(b *testing.B) SOS {
	s, err := Butterworth(4, Bandpass, 20000, 10, 5000)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkFilter(b *testing.B) {
	s := benchSOS(b)
	for _, n := range []int{2000, 10_000_000} {
		x := benchSweeps(1, n)[0]
		y := make([]float64, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				s.Filter(y, x)
			}
		})
		b.Run(fmt.Sprintf("ref/n=%d", n), func(b *testing.B) {
			z := make([][2]float64, len(s))
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				clear(z)
				biquad.Ref(s, z, y, x)
			}
		})
	}
}

func BenchmarkFiltFilt(b *testing.B) {
	s := benchSOS(b)
	for _, n := range []int{2000, 10_000_000} {
		x := benchSweeps(1, n)[0]
		y := make([]float64, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				s.FiltFilt(y, x)
			}
		})
	}
}

// BenchmarkFiltFiltBatch: 256 sweeps of 2000 samples (an NCS session) through cascades of 1, 2 and
// 4 sections: the one-off SOS method (a new cascade and scratch per call, up to GOMAXPROCS
// goroutines); a reusable SOSFilter on one goroutine (no allocation); FiltFilt row by row; the plain
// reference.
func BenchmarkFiltFiltBatch(b *testing.B) {
	const rows, n = 256, 2000
	x := benchSweeps(rows, n)
	y := benchSweeps(rows, n)
	lp2, _ := Butterworth(2, Lowpass, 20000, 3000)
	lp4, _ := Butterworth(4, Lowpass, 20000, 3000)
	for _, d := range []struct {
		name string
		s    SOS
	}{{"lp2", lp2}, {"lp4", lp4}, {"bp4", benchSOS(b)}} {
		s := d.s
		b.Run(d.name+"/batch", func(b *testing.B) {
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			for b.Loop() {
				s.FiltFiltBatch(y, x)
			}
		})
		b.Run(d.name+"/filter", func(b *testing.B) {
			f, err := NewSOSFilter(s, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			for b.Loop() {
				f.FiltFiltBatch(y, x, 1)
			}
		})
		b.Run(d.name+"/rows", func(b *testing.B) {
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			for b.Loop() {
				for i := range x {
					s.FiltFilt(y[i], x[i])
				}
			}
		})
		b.Run(d.name+"/ref", func(b *testing.B) {
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			for b.Loop() {
				filtFiltBatchRef(s, y, x)
			}
		})
	}
}
