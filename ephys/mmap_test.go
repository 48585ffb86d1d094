package ephys

import (
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
