//go:build amd64 && !amd64.v3

package biquad

// refUnfused: Go compiles the reference's a*b + c as a multiply and an add on amd64 below GOAMD64=v3,
// so every kernel must match it bit for bit.
const refUnfused = true
