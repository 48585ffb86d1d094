//go:build !amd64 || amd64.v3

package biquad

// refUnfused: with GOAMD64=v3 and on other architectures the compiler may fuse the reference's
// multiply-adds, so kernels and the reference are held to kernelTol only.
const refUnfused = false
