//go:build !unix

package ephys

// openFlags are added to O_RDONLY when Open opens a file: none on this platform.
const openFlags = 0
