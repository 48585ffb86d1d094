package biquad

import (
	"fmt"
	"testing"
)

// BenchmarkKernel runs each lane kernel over 64, 256 and 4096 frames with the perf check's 4-section
// band-pass; ns/lane-sample is the time per sample of one lane through all four sections. "scalar" is
// the scalar kernel on one channel and "ref" the plain reference, the naive loop.
func BenchmarkKernel(b *testing.B) {
	sos := designs["butter4bp"]
	for _, n := range []int{64, 256, 4096} {
		x := signal(1, n)
		b.Run(fmt.Sprint("ref/n=", n), func(b *testing.B) {
			z := make([][2]float64, len(sos))
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				Ref(sos, z, x, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/lane-sample")
		})
		b.Run(fmt.Sprint("scalar/n=", n), func(b *testing.B) {
			g := groupSections(sos)
			z := make([][2]float64, 4*len(g))
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				runScalar(g, z, x, x, false)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/lane-sample")
		})
		for _, nk := range kernels() {
			b.Run(fmt.Sprintf("%s/n=%d", nk.name, n), func(b *testing.B) {
				p := newVecPlan(sos, nk.w, nk.k)
				buf := alignedFloats(nk.w * n)
				copy(buf, signal(1, len(buf)))
				z := make([]float64, p.stateLen())
				b.SetBytes(int64(8 * len(buf)))
				b.ReportAllocs()
				defer cpuClock(b)()
				for b.Loop() {
					p.run(z, buf, false)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(buf)), "ns/lane-sample")
			})
		}
	}
}

// BenchmarkScalarSections runs the scalar kernel over 4096 samples with cascades of one to four
// sections (the shorter ones padded with identity sections to a group of four) beside Ref.
func BenchmarkScalarSections(b *testing.B) {
	const n = 4096
	x := signal(1, n)
	for ns := 1; ns <= 4; ns++ {
		sos := designs["butter4bp"][:ns]
		b.Run(fmt.Sprintf("scalar/sections=%d", ns), func(b *testing.B) {
			g := groupSections(sos)
			z := make([][2]float64, 4*len(g))
			b.SetBytes(8 * n)
			for b.Loop() {
				runScalar(g, z, x, x, false)
			}
		})
		b.Run(fmt.Sprintf("ref/sections=%d", ns), func(b *testing.B) {
			z := make([][2]float64, ns)
			b.SetBytes(8 * n)
			for b.Loop() {
				Ref(sos, z, x, x)
			}
		})
	}
}

// BenchmarkBatch is the perf check's batch: 256 sweeps of 2,000 samples, 4-section band-pass, on one
// goroutine, for each lane kernel and the scalar path.
func BenchmarkBatch(b *testing.B) {
	sos := designs["butter4bp"]
	const rows, n = 256, 2000
	x := make([][]float64, rows)
	dst := make([][]float64, rows)
	for i := range x {
		x[i] = signal(uint64(i), n)
		dst[i] = make([]float64, n)
	}
	run := func(name string, c *Cascade) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(8 * rows * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				c.FiltFiltBatch(dst, x, 1)
			}
		})
	}
	c, err := New(sos, PadLen(sos))
	if err != nil {
		b.Fatal(err)
	}
	c.planned = true
	run("scalar", c)
	for _, nk := range kernels() {
		var rows *rowKernels
		if nk.w == 16 {
			rows = batchRows
		}
		run(nk.name, testCascade(b, sos, nk.w, nk.k, rows, minSegment))
	}
}

// BenchmarkLong is the perf check's long channel: 10 M samples, Filter (sosfilt) and FiltFilt on one
// goroutine, beside the scalar kernel.
func BenchmarkLong(b *testing.B) {
	if testing.Short() {
		b.Skip("10 M samples")
	}
	sos := designs["butter4bp"]
	const n = 10_000_000
	x := signal(1, n)
	y := make([]float64, n)
	b.Run("scalar/Filter", func(b *testing.B) {
		g := groupSections(sos)
		z := make([][2]float64, 4*len(g))
		b.SetBytes(8 * n)
		b.ReportAllocs()
		for b.Loop() {
			clear(z)
			runScalar(g, z, y, x, false)
		}
	})
	for _, nk := range kernels() {
		c := testCascade(b, sos, nk.w, nk.k, nil, minSegment)
		b.Run(nk.name+"/Filter", func(b *testing.B) {
			b.SetBytes(8 * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				c.Filter(y, x, 1)
			}
		})
		b.Run(nk.name+"/FiltFilt", func(b *testing.B) {
			b.SetBytes(8 * n)
			b.ReportAllocs()
			defer cpuClock(b)()
			for b.Loop() {
				c.FiltFilt(y, x, 1)
			}
		})
	}
}

// BenchmarkRowKernels runs the row kernels of the 16-lane plan (reading from or writing to 16 rows)
// beside its frame kernel over the same number of frames, with the 4-section band-pass; the
// difference is the cost of the transposes in registers.
func BenchmarkRowKernels(b *testing.B) {
	if batchRows == nil {
		b.Skip("no row kernels on this CPU or build")
	}
	sos := designs["butter4bp"]
	const w = 16
	p := newVecPlan(sos, w, batchKernel)
	p.rows = batchRows
	for _, n := range []int{256, 2048} {
		buf := alignedFloats(w * n)
		copy(buf, signal(1, len(buf)))
		var ptr [w]*float64
		for l := range ptr {
			ptr[l] = &signal(uint64(l), n)[0]
		}
		z := make([]float64, p.stateLen())
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
