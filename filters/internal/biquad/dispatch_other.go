//go:build noasm || !amd64

package biquad

const (
	batchWidth = 4
	segWidth   = 4
	hasVector  = false
)

var (
	batchKernel kernel = cascadeRef
	segKernel   kernel = cascadeRef
	batchRows   *rowKernels
)

// kernels lists every kernel this build can run, for the tests and benchmarks.
func kernels() []namedKernel {
	return []namedKernel{{"ref4", 4, cascadeRef}, {"ref8", 8, cascadeRef}}
}

func gatherFast(buf []float64, rows [][]float64, m, dist int) int  { return 0 }
func scatterFast(rows [][]float64, buf []float64, m, dist int) int { return 0 }
