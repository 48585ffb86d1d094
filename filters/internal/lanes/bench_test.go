package lanes

import (
	"fmt"
	"testing"
)

// BenchmarkKernel runs each kernel over 64, 256 and 4096 frames with the perf issue's 4-section band-pass;
// ns/lane-sample is the time per sample of one lane through all four sections. "scalar" is the plain
// one-channel cascade, the naive loop.
func BenchmarkKernel(b *testing.B) {
	sos := designs["butter4bp"]
	for _, n := range []int{64, 256, 4096} {
		b.Run(fmt.Sprint("scalar/n=", n), func(b *testing.B) {
			x := signal(1, n)
			z := make([][2]float64, len(sos))
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for b.Loop() {
				cascadeScalar(sos, z, x, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/lane-sample")
		})
		for _, nk := range kernels() {
			b.Run(fmt.Sprintf("%s/n=%d", nk.name, n), func(b *testing.B) {
				p := newPlan(sos, nk.w, nk.k)
				buf := alignedFloats(nk.w * n)
				copy(buf, signal(1, len(buf)))
				z := make([]float64, p.StateLen())
				b.SetBytes(int64(8 * len(buf)))
				b.ReportAllocs()
				for b.Loop() {
					p.Cascade(z, buf, false)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(buf)), "ns/lane-sample")
			})
		}
	}
}

// BenchmarkBatch is the perf issue's batch: 256 sweeps of 2,000 samples, 4-section band-pass.
func BenchmarkBatch(b *testing.B) {
	sos := designs["butter4bp"]
	const rows, n = 256, 2000
	for _, nk := range kernels() {
		b.Run(nk.name, func(b *testing.B) {
			p := newPlan(sos, nk.w, nk.k)
			bt := NewBatch(p, sosZI(sos), padLen(sos))
			x := make([][]float64, rows)
			dst := make([][]float64, rows)
			for i := range x {
				x[i] = signal(uint64(i), n)
				dst[i] = make([]float64, n)
			}
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				bt.FiltFilt(dst, x)
			}
		})
	}
}

// BenchmarkLong is the perf issue's long channel: 10 M samples, Filter (sosfilt) and FiltFilt, beside
// the scalar cascade.
func BenchmarkLong(b *testing.B) {
	if testing.Short() {
		b.Skip("10 M samples")
	}
	sos := designs["butter4bp"]
	const n = 10_000_000
	x := signal(1, n)
	y := make([]float64, n)
	b.Run("scalar/Filter", func(b *testing.B) {
		b.SetBytes(8 * n)
		b.ReportAllocs()
		for b.Loop() {
			cascadeScalar(sos, make([][2]float64, len(sos)), y, x)
		}
	})
	for _, nk := range kernels() {
		p := newPlan(sos, nk.w, nk.k)
		b.Run(nk.name+"/Filter", func(b *testing.B) {
			b.SetBytes(8 * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				p.Filter(y, x, 1)
			}
		})
		b.Run(nk.name+"/FiltFilt", func(b *testing.B) {
			zi, pad := sosZI(sos), padLen(sos)
			b.SetBytes(8 * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				p.FiltFilt(y, x, zi, pad, 1)
			}
		})
	}
}

// BenchmarkRowKernels runs the row kernels of the 16-lane plan (reading from or writing to 16 rows)
// beside its frame kernel over the same number of frames, with the 4-section band-pass; the
// difference is the cost of the transposes in registers.
func BenchmarkRowKernels(b *testing.B) {
	sos := designs["butter4bp"]
	p := NewPlan(sos)
	if p.rows == nil {
		b.Skip("no row kernels on this CPU or build")
	}
	const w = 16
	for _, n := range []int{256, 2048} {
		buf := alignedFloats(w * n)
		copy(buf, signal(1, len(buf)))
		var ptr [w]*float64
		for l := range ptr {
			ptr[l] = &signal(uint64(l), n)[0]
		}
		z := make([]float64, p.StateLen())
		run := func(name string, f func()) {
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				b.SetBytes(int64(8 * len(buf)))
				for b.Loop() {
					f()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(buf)), "ns/lane-sample")
			})
		}
		run("frames", func() { p.kern(&p.coefs[0], &z[0], &buf[0], n, 8*w, len(sos)) })
		run("in", func() { p.rows.in(&p.coefs[0], &z[0], &buf[0], &ptr, n, len(sos)) })
		run("out", func() { p.rows.out(&p.coefs[0], &z[0], &buf[0], &ptr, n, len(sos)) })
	}
}
