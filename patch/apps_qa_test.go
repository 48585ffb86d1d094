package patch

import (
	"errors"
	"strings"
	"testing"
)

// Applications given (--apps) that all lie outside the recording are reported as such, not as
// "no stretch of the current reaches 10 SD of its noise", which is about automatic detection.
func TestGivenAppsOutsideRecording(t *testing.T) {
	rec := recOf(100, make([]float64, 5000)) // 50 s
	_, err := Analyze(rec, &Options{Apps: []Window{{Onset: 1000, Offset: 1010}}})
	if err == nil || !errors.Is(err, ErrNoResponse) || strings.Contains(err.Error(), "10 SD") ||
		!strings.Contains(err.Error(), "1000") {
		t.Errorf("an application at 1000–1010 s in a 50 s recording: %v", err)
	}
}
