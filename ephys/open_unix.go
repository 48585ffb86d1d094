//go:build unix

package ephys

import "golang.org/x/sys/unix"

// openFlags are added to O_RDONLY when Open opens a file: O_NONBLOCK, so that a path swapped for a
// FIFO between Open's stat and its open cannot block (for a regular file the flag changes nothing).
const openFlags = unix.O_NONBLOCK
