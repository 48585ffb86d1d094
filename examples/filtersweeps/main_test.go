package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b, "../../testdata/fwave_train.edf"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	// A heading, the column titles and one line per sweep of the 10-sweep train.
	if len(lines) != 12 {
		t.Fatalf("got %d lines, want 12:\n%s", len(lines), b.String())
	}
}
