package patch

import (
	"strings"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// A Qtrac MEM file opens as a recording without channels (a CMAP scan);
// ach, rundown and iv once said "channel 1 does not exist: the recording
// has 0" (QA item 6). They must say what the file is and what reads it.
func TestScanFileHoldsNoTrace(t *testing.T) {
	rec := ephys.NewRecording(nil, nil, nil)
	rec.Scan = &ephys.Scan{}
	_, err := Analyze(rec, nil)
	_, err2 := IVRecording(rec, nil)
	for _, e := range []error{err, err2} {
		if e == nil || !strings.Contains(e.Error(), "CMAP scan") || !strings.Contains(e.Error(), "cmapscan") {
			t.Errorf("a CMAP scan: %v", e)
		}
	}
	rec.Scan = nil
	if _, err := Analyze(rec, nil); err == nil || !strings.Contains(err.Error(), "no channel") {
		t.Errorf("no channel: %v", err)
	}
}
