//go:build amd64 || arm64 || loong64 || mips64 || mips64le || ppc64 || ppc64le || riscv64 || s390x || wasm

package ephys

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestABFLargeLazy makes a 6 GiB gap-free ABF2 file (sparse: File_axon_1.abf's header with the data
// section's entry count raised) and checks what lazy access promises: Open reads the header only, and
// a window at the very end of the one long sweep is read with memory bounded by the window, not the
// file.
func TestABFLargeLazy(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(abfData(t), "File_axon_1.abf"))
	if err != nil {
		t.Fatal(err)
	}
	const n = 3 << 30 // int16 samples: 6 GiB of data
	hdr := append([]byte(nil), src[:9*512]...)
	// ABF2 section table: entry 10 (data) at byte 76+16·10 holds block index, bytes per entry and
	// the number of entries.
	binary.LittleEndian.PutUint64(hdr[76+16*10+8:], n)
	p := filepath.Join(t.TempDir(), "large.abf")
	if err := os.WriteFile(p, hdr, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, int64(len(hdr))+2*n); err != nil {
		t.Skipf("cannot make a sparse 6 GiB file here: %v", err)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	opened := time.Since(start)
	if got := r.SweepLen(0, 0); got != n {
		t.Fatalf("sweep of %d samples, want %d", got, n)
	}
	buf := make([]float64, 1<<16)
	w, err := r.ReadSamples(buf, 0, 0, n-len(buf))
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// The sparse tail reads as zeros: every sample is the channel's offset.
	for i, v := range w.Data {
		if v != w.Data[0] {
			t.Fatalf("sample %d of the tail window = %v, sample 0 = %v", i, v, w.Data[0])
		}
	}
	if want := float64(n-len(buf)) / r.Channels[0].Rate; w.Start != want {
		t.Errorf("window starts at %v s, want %v s", w.Start, want)
	}
	// Bound: the window's 512 KiB plus the header and chunk buffers, far below the 48 GiB a whole
	// float64 trace would take. (Open's time is logged, not asserted: the suite holds no timed tests.)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Open and a 64 Ki-sample window allocated %d bytes", alloc)
	}
	t.Logf("6 GiB ABF: Open %v, %d bytes allocated for Open + window", opened, after.TotalAlloc-before.TotalAlloc)
}
