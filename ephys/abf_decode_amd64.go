//go:build amd64 && !noasm

package ephys

import "golang.org/x/sys/cpu"

// abfAVX2 selects the AVX2 kernel once, from the CPU's features; -tags noasm forces the Go loop.
var abfAVX2 = cpu.X86.HasAVX2

// abfAVX512 selects the 16-sample AVX-512 kernel for contiguous int16 data.
var abfAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW

// decodeI16AVX2 converts len(dst) &^ 7 contiguous int16 samples of src (which holds at least
// 2·len(dst) bytes) to float64(v·gain) + shift, eight per step: sign-extend to int32, convert to
// float64, multiply, add (no fused multiply-add, so the result is bit for bit the Go loop's).
//
//go:noescape
func decodeI16AVX2(dst []float64, src []byte, gain, shift float64)

// decodeI16Fast runs the vector kernel over whole steps of eight and returns how many samples it
// converted.
func decodeI16Fast(dst []float64, src []byte, gain, shift float64) int {
	if !abfAVX2 || len(dst) < 8 {
		return 0
	}
	n := min(len(dst), len(src)/2)
	k := 0
	if abfAVX512 && n >= 16 {
		k = n &^ 15
		decodeI16AVX512(dst[:k], src[:2*k], gain, shift)
	}
	if m := (n - k) &^ 7; m > 0 {
		decodeI16AVX2(dst[k:k+m], src[2*k:2*(k+m)], gain, shift)
		k += m
	}
	return k
}

// decodeI16AVX512 is decodeI16AVX2 sixteen samples per step: len(dst) &^ 15 samples.
//
//go:noescape
func decodeI16AVX512(dst []float64, src []byte, gain, shift float64)

// decodeI16x2AVX2 converts len(dst) &^ 7 int16 samples 4 bytes apart (one channel of two
// interleaved), sample i at byte 4i of src, which holds at least 4·len(dst) bytes — so the last
// sample's partner bytes must be readable too; decodeI16StrideFast keeps to that.
//
//go:noescape
func decodeI16x2AVX2(dst []float64, src []byte, gain, shift float64)

// decodeI16StrideFast runs a vector kernel for two interleaved channels (step 4) over whole steps of
// eight and returns how many samples it converted; other steps are left to the Go loop.
func decodeI16StrideFast(dst []float64, src []byte, step int, gain, shift float64) int {
	if !abfAVX2 || step != 4 || len(dst) < 8 {
		return 0
	}
	n := min(len(dst), len(src)/4) &^ 7
	decodeI16x2AVX2(dst[:n], src[:4*n], gain, shift)
	return n
}
