//go:build !unix

package ncs

func cpuTime() int64 { return -1 }
