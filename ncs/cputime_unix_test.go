//go:build unix

package ncs

import "syscall"

// cpuTime returns the process's user + system CPU time in nanoseconds, or −1. On a shared machine
// the wall time of a benchmark includes waiting for a core; the CPU time does not.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
