//go:build linux

package biquad

import (
	"runtime"
	"syscall"
	"testing"
)

// cpuClock reports the CPU time of the benchmark's thread per operation (metric cpu-ns/op) beside the
// wall time: on a shared machine the wall time also counts the time other processes held the core.
func cpuClock(b *testing.B) func() {
	runtime.LockOSThread()
	t0 := threadCPU()
	return func() {
		b.ReportMetric(float64(threadCPU()-t0)/float64(b.N), "cpu-ns/op")
		runtime.UnlockOSThread()
	}
}

func threadCPU() int64 {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
