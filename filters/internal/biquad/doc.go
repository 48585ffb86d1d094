// Package biquad is the engine behind package filters' cascades of second-order sections: the one
// statement of the recursion (step) and its reference (Ref, FiltFiltRef), the steady states (ZI) and
// padding (PadLen) of zero-phase filtering, and the kernels that run them fast. Package filters holds
// the designs and the API; everything that runs a cascade is here.
//
// # Layout
//
// Sections are rows b0 b1 b2 a0 a1 a2 with a0 == 1 (SciPy's sos), run in transposed direct form II
// in SciPy's sosfilt order (see step).
//
// Lane data are interleaved frames: frame i holds sample i of each of w lanes, buf[i·w + l]. A lane
// state vector holds, per section k, the w lanes' z0 then their z1: z[(2k+j)·w + l].
//
// # Paths
//
// A Cascade (New) filters one channel causally (Filter) or with zero phase (FiltFilt), and batches of
// equal-length sweeps with zero phase (FiltFiltBatch):
//
//   - the scalar kernel runs one channel, four sections at a time with their states in registers
//     (scalar.go);
//   - the batch runs w sweeps side by side in the lanes of a vector register, with AVX-512F sixteen
//     lanes whose row kernels transpose in registers, with AVX four (batch.go);
//   - a long channel (from 64 Ki samples) is cut into w segments filtered at once in the lanes from
//     zero state, each segment after the first then corrected exactly by the zero-input response of
//     the cascade started from the true final state of the segment before it (long.go).
//
// # Kernels and dispatch
//
// The lane kernels are chosen once, when the package is initialised, from the CPU's features (gonum's
// internal/asm pattern): AVX-512F, else AVX, else none, and the scalar kernel serves batches and long
// channels too. Building with -tags noasm, or for another architecture, has none. The assembly
// (cascade_amd64.s, written by asmgen: go generate) holds the states of up to four sections in
// registers, reads the coefficients broadcast once into a vecPlan as memory operands, and does step's
// operations in step's order, so that every lane is bit for bit Ref; step rounds each product on its
// own, so no compiler fuses its multiply-adds on any platform, and every path but the long channel's
// corrections gives Ref's bits everywhere (tested on amd64, GOAMD64=v3 and 386). cascadeRef is the
// assembly's Go statement. The tests hold every path to Ref and FiltFiltRef, bit for bit, and the
// long channel to kernelTol.
//
// # Memory and goroutines
//
// A Cascade keeps its scratch per worker between calls: once it has run at a size it allocates
// nothing on one goroutine. Nothing here starts goroutines unless a caller passes workers > 1; the
// results do not depend on workers. A Cascade is not safe for concurrent use.
package biquad
