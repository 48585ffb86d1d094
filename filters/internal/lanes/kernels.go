package lanes

type namedKernel struct {
	name string
	w    int
	k    kernel
	// exact: the kernel does the reference's arithmetic operation for operation, so that where the
	// compiler does not fuse multiply-adds in the reference (see refUnfused) the two agree bit for bit.
	exact bool
}
