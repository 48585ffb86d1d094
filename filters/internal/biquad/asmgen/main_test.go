package main

import (
	"bytes"
	"os"
	"testing"
)

// TestAsmUpToDate holds the package's cascade_amd64.s to what the generator writes now.
func TestAsmUpToDate(t *testing.T) {
	got, err := os.ReadFile("../cascade_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Generate()) {
		t.Error("filters/internal/biquad/cascade_amd64.s differs from what asmgen writes (run go generate ./filters/internal/biquad)")
	}
}
