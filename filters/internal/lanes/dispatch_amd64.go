//go:build !noasm && amd64

package lanes

import "golang.org/x/sys/cpu"

//go:noescape
func cascadeAVX2(c, z, p *float64, n, step, nsec int)

//go:noescape
func cascadeAVX512(c, z, p *float64, n, step, nsec int)

var defaultWidth, defaultKernel, defaultVector = pick()

func pick() (int, kernel, bool) {
	switch {
	case cpu.X86.HasAVX512F:
		return 8, cascadeAVX512, true
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return 4, cascadeAVX2, true
	}
	return 4, cascadeRef, false
}

// kernels lists every kernel this CPU can run, for the tests and benchmarks.
func kernels() []namedKernel {
	ks := []namedKernel{{"ref4", 4, cascadeRef}, {"ref8", 8, cascadeRef}}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, namedKernel{"avx2", 4, cascadeAVX2})
	}
	if cpu.X86.HasAVX512F {
		ks = append(ks, namedKernel{"avx512", 8, cascadeAVX512})
	}
	return ks
}
