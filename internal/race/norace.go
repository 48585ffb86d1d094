//go:build !race

// Package race reports whether the race detector is built in, so that a
// long single-goroutine property test can skip under -race, where it finds
// nothing to detect and runs ten times slower (the standard library's
// tests do the same with its own internal/race).
package race

// Enabled is true when the binary is built with -race.
const Enabled = false
