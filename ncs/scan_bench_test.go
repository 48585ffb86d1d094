package ncs

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkScan analyses a 500-point CMAP scan (450 graded stimuli between 25 supramaximal and 25
// subthreshold ones, 100 units): every measure, MUNE included, with a reused analyzer.
func BenchmarkScan(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 5))
	pts := SimulateScan(simulated(rng, 100, 9, 0.12, 0.5, 8), ScanStimuli(16, 4, 25, 450, 25), 0.01, rng)
	an := NewScanAnalyzer(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := an.Analyze(pts); err != nil {
			b.Fatal(err)
		}
	}
}
