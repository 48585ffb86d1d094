//go:build !amd64 || amd64.v3

package lanes

// refUnfused: with GOAMD64=v3 and on other architectures the compiler may fuse the reference's
// multiply-adds, so the exact kernels are held to the tolerance only.
const refUnfused = false
