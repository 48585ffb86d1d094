package biquad

// namedKernel is a lane kernel with its width, for the tests and benchmarks.
type namedKernel struct {
	name string
	w    int
	k    kernel
}

// A rowKernel is a 16-lane kernel whose frames live in rows rather than in a frame buffer: in runs
// frames 0 … n−1, frame i being sample i of rows[0] … rows[15], and stores the output frames from q
// on (interleaved, 128 bytes apart); out runs the frames stored from q on from the last to the first
// and writes output frame i as sample i of the rows, leaving q as it was. n is a multiple of 4; c, z
// and nsec are as for kernel. rowInRef and rowOutRef state them.
type rowKernel func(c, z, q *float64, rows *[16]*float64, n, nsec int)

// rowKernels are the row kernels of a 16-lane kernel, which the batch uses in place of separate
// transposes.
type rowKernels struct{ in, out rowKernel }
