package ephys

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// smallReads returns what the file holds, for reads inside a block, across blocks, at the end and
// past it.
func TestSmallReads(t *testing.T) {
	data := make([]byte, 3*smallReadBlock+123)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	c := newSmallReads(bytes.NewReader(data), int64(len(data)))
	for range 20000 {
		n := rng.IntN(300)
		if rng.IntN(50) == 0 {
			n = smallReadBlock + rng.IntN(10)
		}
		off := int64(rng.IntN(len(data) + 10))
		p := make([]byte, n)
		m, err := c.ReadAt(p, off)
		want := max(0, min(n, len(data)-int(off)))
		if m != want || !bytes.Equal(p[:m], data[min(int(off), len(data)):][:m]) {
			t.Fatalf("ReadAt(%d bytes, %d): %d bytes, %v; want %d", n, off, m, err, want)
		}
		if m < n && err == nil {
			t.Fatalf("ReadAt(%d bytes, %d): short read without an error", n, off)
		}
	}
}
