//go:build !noasm && amd64

package lanes

import "golang.org/x/sys/cpu"

// The assembly kernels (cascade_amd64.s, written by go run ./_gen): cascadeAVX and cascadeAVX512
// multiply and add separately, in the reference's order, and agree with it bit for bit;
// cascadeAVX2FMA and cascadeAVX512FMA fuse the multiply-adds.

//go:noescape
func cascadeAVX(c, z, p *float64, n, step, nsec int)

//go:noescape
func cascadeAVX512(c, z, p *float64, n, step, nsec int)

//go:noescape
func cascadeAVX512x2(c, z, p *float64, n, step, nsec int)

// cascadeAVX512x2In and cascadeAVX512x2Out are cascadeAVX512x2 reading its frames from sixteen rows,
// or writing them to sixteen rows, transposing in registers (see rowKernel).
//
//go:noescape
func cascadeAVX512x2In(c, z, q *float64, rows *[16]*float64, n, nsec int)

//go:noescape
func cascadeAVX512x2Out(c, z, q *float64, rows *[16]*float64, n, nsec int)

//go:noescape
func cascadeAVX2FMA(c, z, p *float64, n, step, nsec int)

//go:noescape
func cascadeAVX512FMA(c, z, p *float64, n, step, nsec int)

var (
	defaultWidth, defaultKernel, defaultVector = pick()
	segWidth, segKernel                        = pickSeg()
	fusedWidth, fusedKernel, fusedVector       = pickFused()
	defaultRows                                = pickRows()
)

// pick chooses NewPlan's kernel: sixteen lanes (two ZMM registers per quantity) with AVX-512F, else
// four with AVX, else the reference.
func pick() (int, kernel, bool) {
	switch {
	case cpu.X86.HasAVX512F:
		return 16, cascadeAVX512x2, true
	case cpu.X86.HasAVX:
		return 4, cascadeAVX, true
	}
	return 4, cascadeRef, false
}

// pickRows chooses the row kernels of NewPlan's Batch: those of cascadeAVX512x2 where pick chose it,
// else none (Batch then transposes in separate passes).
func pickRows() *rowKernels {
	if cpu.X86.HasAVX512F {
		return &rowKernels{cascadeAVX512x2In, cascadeAVX512x2Out}
	}
	return nil
}

// pickSeg chooses the kernel of NewPlan's long-channel methods: at most eight lanes.
func pickSeg() (int, kernel) {
	if cpu.X86.HasAVX512F {
		return 8, cascadeAVX512
	}
	return defaultWidth, defaultKernel
}

// pickFused chooses NewPlanFused's kernel: eight lanes with AVX-512F, else four with AVX2 and FMA,
// else the reference.
func pickFused() (int, kernel, bool) {
	switch {
	case cpu.X86.HasAVX512F:
		return 8, cascadeAVX512FMA, true
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return 4, cascadeAVX2FMA, true
	}
	return 4, cascadeRef, false
}

// kernels lists every kernel this CPU can run, for the tests and benchmarks.
func kernels() []namedKernel {
	ks := []namedKernel{{"ref4", 4, cascadeRef, true}, {"ref8", 8, cascadeRef, true}}
	if cpu.X86.HasAVX {
		ks = append(ks, namedKernel{"avx", 4, cascadeAVX, true})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, namedKernel{"avx2fma", 4, cascadeAVX2FMA, false})
	}
	if cpu.X86.HasAVX512F {
		ks = append(ks, namedKernel{"avx512", 8, cascadeAVX512, true},
			namedKernel{"avx512x2", 16, cascadeAVX512x2, true},
			namedKernel{"avx512fma", 8, cascadeAVX512FMA, false})
	}
	return ks
}
