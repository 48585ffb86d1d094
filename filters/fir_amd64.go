//go:build amd64 && !noasm

package filters

import "golang.org/x/sys/cpu"

// firFMA selects the vector kernel of the direct convolution once, from the CPU's features;
// -tags noasm forces the Go loop.
var firFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// firBlocksFMA computes, for b = blocks−1 down to 0 and j < 32,
// y[32b+j] = Σ_{k<m} r[k]·x[32b+j+k] (r the reversed taps, m ≥ 1), with fused multiply-adds in k
// order. Its reference is FIR.convolveDirectRef (dotProduct, four partial sums), which rounds
// differently; the tests hold the two to rounding.
//
//go:noescape
func firBlocksFMA(y, x, r *float64, blocks, m int)
