package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(&out, &errb, "../../testdata/trial/manifest.csv"); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	// 6 patients × 2 arms × 2 visits; the comparisons and the ANOVA of the CMAP amplitude are there.
	for _, want := range []string{"24 arms, visits [baseline week2]", "cmap_amplitude_mv    week2", "ANOVA cmap_amplitude_mv: F(3, 15)"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}
