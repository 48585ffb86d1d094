package ephys

import (
	"io"
	"sync"
)

// smallReads serves small ReadAt calls from one cached block of the file, so that reading a file of
// many tiny records sample by sample — an EDF+D of 10⁵ one-sample records read channel by channel
// and sweep by sweep, as the writers do — costs one system call per block rather than one per read.
// Reads of a block or more go straight to the file. It is safe for concurrent use.
type smallReads struct {
	ra   io.ReaderAt
	size int64 // the file's size: a block never reads past it

	mu  sync.Mutex
	off int64  // offset of the cached block
	buf []byte // the cached block; nil before the first small read
}

// smallBufs recycles the buffers of small reads: a file of tiny records is read in millions of calls,
// and a buffer allocated per call was a third of the time.
var smallBufs = sync.Pool{New: func() any { return new([smallBufSize]byte) }}

const smallBufSize = 4096

// smallBuffer returns a buffer of n bytes, from smallBufs when n is small; releaseSmall returns it.
func smallBuffer(n int64) []byte {
	if n <= smallBufSize {
		return smallBufs.Get().(*[smallBufSize]byte)[:n]
	}
	return make([]byte, n)
}

func releaseSmall(b []byte) {
	if b != nil && cap(b) == smallBufSize {
		smallBufs.Put((*[smallBufSize]byte)(b[:smallBufSize]))
	}
}

// smallReadBlock is the size of the cached block.
const smallReadBlock = 64 << 10

func newSmallReads(ra io.ReaderAt, size int64) *smallReads { return &smallReads{ra: ra, size: size} }

func (c *smallReads) ReadAt(p []byte, off int64) (int, error) {
	if len(p) >= smallReadBlock/4 || off < 0 || off+int64(len(p)) > c.size {
		return c.ra.ReadAt(p, off)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.buf == nil || off < c.off || off+int64(len(p)) > c.off+int64(len(c.buf)) {
		if cap(c.buf) < smallReadBlock {
			c.buf = make([]byte, smallReadBlock)
		}
		n := min(int64(smallReadBlock), c.size-off)
		m, err := c.ra.ReadAt(c.buf[:n], off)
		if int64(m) < n {
			c.buf = nil
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		c.off, c.buf = off, c.buf[:n]
	}
	return copy(p, c.buf[off-c.off:]), nil
}
