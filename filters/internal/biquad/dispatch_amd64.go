//go:build !noasm && amd64

package biquad

import "golang.org/x/sys/cpu"

//go:generate go run ./asmgen -o cascade_amd64.s

// The assembly kernels (cascade_amd64.s, written by asmgen) multiply and add separately, in step's
// order, and agree with the Go recursion bit for bit.

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

var (
	batchWidth, batchKernel, hasVector = pick()
	segWidth, segKernel                = pickSeg()
	batchRows                          = pickRows()
)

// pick chooses the batch kernel: sixteen lanes (two ZMM registers per quantity) with AVX-512F, else
// four with AVX; without either there is none (hasVector false), and the scalar path serves.
func pick() (int, kernel, bool) {
	switch {
	case cpu.X86.HasAVX512F:
		return 16, cascadeAVX512x2, true
	case cpu.X86.HasAVX:
		return 4, cascadeAVX, true
	}
	return 4, cascadeRef, false
}

// pickRows chooses the batch's row kernels: those of cascadeAVX512x2 where pick chose it, else none
// (the batch then transposes in separate passes).
func pickRows() *rowKernels {
	if cpu.X86.HasAVX512F {
		return &rowKernels{cascadeAVX512x2In, cascadeAVX512x2Out}
	}
	return nil
}

// pickSeg chooses the long-channel kernel: more segments cost more corrections and more memory
// streams, so it runs at most eight lanes.
func pickSeg() (int, kernel) {
	if cpu.X86.HasAVX512F {
		return 8, cascadeAVX512
	}
	return batchWidth, batchKernel
}

// kernels lists every kernel this CPU can run, for the tests and benchmarks.
func kernels() []namedKernel {
	ks := []namedKernel{{"ref4", 4, cascadeRef}, {"ref8", 8, cascadeRef}}
	if cpu.X86.HasAVX {
		ks = append(ks, namedKernel{"avx", 4, cascadeAVX})
	}
	if cpu.X86.HasAVX512F {
		ks = append(ks, namedKernel{"avx512", 8, cascadeAVX512}, namedKernel{"avx512x2", 16, cascadeAVX512x2})
	}
	return ks
}
