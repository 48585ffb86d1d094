// Package lanes holds the vector kernels behind package filters' cascades of second-order sections:
// several independent recursions run side by side in the lanes of one SIMD register, so that each
// waits on its own latency while the others fill the pipeline.
//
// # Layout
//
// Sections are rows b0 b1 b2 a0 a1 a2 with a0 == 1 (SciPy's sos), run in transposed direct form II
// in SciPy's sosfilt order:
//
//	y  = b0·x + z0
//	z0 = b1·x − a1·y + z1
//	z1 = b2·x − a2·y
//
// Lane data are interleaved frames: frame i holds sample i of each of Width lanes, buf[i·W + l]. A
// state vector holds, per section k, the W lanes' z0 then their z1: z[(2k+j)·W + l].
//
// # Kernels and dispatch
//
// The kernel is chosen once, when the package is initialised, from the CPU's features: eight lanes
// with AVX-512F (one ZMM register per quantity; sixteen lanes in two independent groups for Cascade
// and Batch, whose recursions then hide each other's latency) where the CPU has it, else four lanes
// with AVX (YMM),
// else the pure-Go reference cascadeRef with four lanes. Building with -tags noasm, or for another
// architecture, always uses the reference. The assembly kernels hold the states of up to four
// sections in registers and read the coefficients, broadcast once into a Plan, as memory operands;
// longer cascades run in groups of four sections, one pass per group.
//
// NewPlan's kernels multiply and add separately in SciPy's order and so agree with the reference bit
// for bit. NewPlanFused's kernels (AVX-512F, or AVX2 with FMA) fuse the multiply-adds: about a tenth
// faster on this code, but rounded once where the reference rounds twice, so their results differ in
// the last bits; the tests bound the difference.
//
// # Building blocks
//
// Batch filters sweeps of equal length forward and backward (SciPy's sosfiltfilt) W at a time. With
// AVX-512 its first group of sections reads the sweeps and its last writes the results through row
// kernels, which transpose in registers; elsewhere it gathers the sweeps into frames and scatters them
// back in separate passes.
// Filter, FilterState and FiltFilt filter one long channel by the block-parallel method: the channel
// is cut into W segments filtered at once in the lanes from zero state, and each segment after the
// first is then corrected exactly by the zero-input response of the cascade started from the true
// final state of the segment before it.
//
// Nothing here starts goroutines unless a caller passes workers > 1. A Plan is read-only after
// NewPlan and safe for concurrent use; scratch values (Batch) are not.
package lanes
