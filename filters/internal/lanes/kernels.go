package lanes

type namedKernel struct {
	name string
	w    int
	k    kernel
}
