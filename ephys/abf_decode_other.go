//go:build !amd64 || noasm

package ephys

// decodeI16Fast has no vector kernel on this platform (or with -tags noasm): the Go loop does all.
func decodeI16Fast(dst []float64, src []byte, gain, shift float64) int { return 0 }

// decodeI16StrideFast has no vector kernel here: the Go loop does all.
func decodeI16StrideFast(dst []float64, src []byte, step int, gain, shift float64) int { return 0 }
