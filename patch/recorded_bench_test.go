package patch_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/patch"
)

// decayWindow is one recorded ACh decay to fit: the samples from the end of the agonist exchange to
// the washout, and the number of exponential components the recording was made with.
type decayWindow struct {
	name string
	t, y []float64
	n    int
}

// recordedDecays reads the single-application currents of ../shared/data/ach (decay_from_s to
// off_s from cases.json) and the bundled testdata current (7–19.5 s, one component).
func recordedDecays(b *testing.B) []decayWindow {
	wins := []decayWindow{window(b, "../testdata/ach_current.atf", 7, 19.5, 1)}
	raw, err := os.ReadFile("../../shared/data/ach/cases.json")
	if err != nil {
		b.Log("../shared/data/ach not found: only the bundled current is fitted")
		return wins
	}
	var cases []struct {
		Kind      string    `json:"kind"`
		File      string    `json:"file"`
		DecayFrom float64   `json:"decay_from_s"`
		Off       float64   `json:"off_s"`
		Taus      []float64 `json:"taus_s"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		if c.Kind == "single" {
			wins = append(wins, window(b, filepath.Join("../../shared/data/ach", c.File), c.DecayFrom, c.Off, len(c.Taus)))
		}
	}
	return wins
}

func window(b *testing.B, path string, from, to float64, n int) decayWindow {
	r, err := ephys.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	tr, err := r.Trace(0, 0)
	if err != nil {
		b.Fatal(err)
	}
	w := tr.Window(from, to)
	t := make([]float64, w.Len())
	for i := range t {
		t[i] = w.Time(i) - w.Time(0)
	}
	return decayWindow{name: fmt.Sprintf("%s/n=%d/%d", filepath.Base(path), n, len(t)), t: t, y: w.Data, n: n}
}

// BenchmarkRecordedFitExp fits the decays of recorded (simulated, with noise, hum and drift) ACh
// currents with FitExp.
func BenchmarkRecordedFitExp(b *testing.B) {
	for _, w := range recordedDecays(b) {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := patch.FitExp(w.t, w.y, w.n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
