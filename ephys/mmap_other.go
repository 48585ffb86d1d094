//go:build !unix

package ephys

import "io"

// mapData does not map files on this platform: the caller reads with ReadAt.
func mapData(ra io.ReaderAt, off, n int64) (b []byte, unmap func() error) { return nil, nil }
