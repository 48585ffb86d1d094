package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The files in testdata/ are what the generator writes: regenerate them with go generate when this
// fails after a deliberate change.
func TestTestdataUpToDate(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../../testdata", name))
		if err != nil {
			t.Errorf("%v (run go generate ./internal/gentestdata)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/%s differs from what the generator writes (run go generate ./internal/gentestdata)", name)
		}
	}
}
