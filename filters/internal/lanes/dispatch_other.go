//go:build noasm || !amd64

package lanes

const (
	defaultWidth  = 4
	segWidth      = 4
	defaultVector = false
	fusedWidth    = 4
	fusedVector   = false
)

var (
	defaultKernel kernel = cascadeRef
	segKernel     kernel = cascadeRef
	fusedKernel   kernel = cascadeRef
	defaultRows   *rowKernels
)

// kernels lists every kernel this build can run, for the tests and benchmarks.
func kernels() []namedKernel {
	return []namedKernel{{"ref4", 4, cascadeRef, true}, {"ref8", 8, cascadeRef, true}}
}

func gatherFast(buf []float64, rows [][]float64, m, dist int) int  { return 0 }
func scatterFast(rows [][]float64, buf []float64, m, dist int) int { return 0 }
