package ephys

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestABFFileCutWhileOpen cuts an ABF file short after Open has read its header: the mapped data
// pages then fault, and Trace must return an error, not crash the program.
func TestABFFileCutWhileOpen(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(abfData(t), "File_axon_1.abf"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cut.abf")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	full, err := r.Trace(0, 0) // maps the data section
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 8192); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Trace(0, 0); err == nil {
		t.Errorf("Trace of a file cut to 8 KiB after Open: no error (first read gave %d samples)", full.Len())
	} else {
		t.Logf("cut file: %v", err)
	}
}

// TestABFDecodeSplit decodes interleaved int16 and float32 data in 1 to 7 parts, as decodeMapped
// does on a machine with that many cores, and wants the bits of one serial reference decode — for
// lengths that do not divide evenly and for fewer samples than workers.
func TestABFDecodeSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, float := range []bool{false, true} {
		s := &abfSource{nch: 3, float: float, format: FormatABF2}
		ss := s.sampleSize()
		for _, n := range []int{1, 5, 100003, 3*abfMapBlock + 17} {
			src := make([]byte, n*s.nch*ss)
			for i := range src {
				src[i] = byte(rng.Uint32())
			}
			for ch := range s.nch {
				part := src[ch*ss : (n-1)*s.nch*ss+ch*ss+ss]
				want := make([]float64, n)
				abfDecodeRef(want, part, s.nch, float, 0.25, -3)
				for workers := 1; workers <= 7; workers++ {
					got := make([]float64, n)
					for i := range got {
						got[i] = math.Inf(1) // any sample left unwritten shows
					}
					if err := s.decodeMappedN(got, part, 0.25, -3, workers); err != nil {
						t.Fatal(err)
					}
					for i := range got {
						if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
							t.Fatalf("float %v n %d channel %d, %d workers: sample %d = %v, reference %v", float, n, ch, workers, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// decodeMappedPart turns only a fault on the mapped pages into an error; any other panic (here a
// slice out of range, as an index bug would give) is not the file's doing and must go on.
func TestABFDecodeRecoversOnlyFaults(t *testing.T) {
	s := &abfSource{nch: 2, format: FormatABF2}
	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("a short source buffer: no panic")
		}
		if _, ok := p.(interface{ Addr() uintptr }); ok {
			t.Fatalf("panic %v looks like a memory fault", p)
		}
	}()
	err := s.decodeMappedPart(make([]float64, 100), make([]byte, 10), 1, 0)
	t.Fatalf("a short source buffer: returned %v instead of panicking", err)
}
