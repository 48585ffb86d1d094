package main

import (
	"bytes"
	"strings"
	"testing"
)

// The bundled current has one application whose truth (testdata/manifest.json) is a 725.9 nA peak
// and a single time constant of 1.766 s; the output must say so to the printed precision.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b, "../../testdata/ach_current.atf"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"1 application(s)", "peak -726", "τ1 = 1.76", "mono-exponential"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
