//go:build unix

package ephys

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// mapMax bounds the region mapData maps; larger data sections are read with ReadAt.
const mapMax = 1 << 30

// mapData maps n bytes of ra from offset off read-only, when ra is an open file (anything with a
// file descriptor). It returns nil when the region cannot be mapped: the caller then reads with
// ReadAt. Samples are decoded straight from the page cache, as Neo does with numpy.memmap, with no
// copy into a buffer.
func mapData(ra io.ReaderAt, off, n int64) (b []byte, unmap func() error) {
	f, ok := ra.(interface{ Fd() uintptr })
	if !ok || off < 0 || n <= 0 || n > mapMax {
		return nil, nil
	}
	page := int64(os.Getpagesize())
	start := off &^ (page - 1)
	m, err := unix.Mmap(int(f.Fd()), start, int(off-start+n), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil
	}
	return m[off-start:], func() error { return unix.Munmap(m) }
}
