package ncs

import (
	"math/rand/v2"
	"testing"
)

// benchSweep is one simulated wrist CMAP sampled at rate Hz, 5 + 50 ms, with the trial's nuisances.
func benchSweep(b *testing.B, rate float64) Sweep {
	s := SimulateMotor(rand.New(rand.NewPCG(1, 2)), &MotorSimOptions{
		Nuisance: Nuisance{NoiseMV: 0.008, HumMV: 0.015, MainsHz: 50, DriftMV: 0.05, ArtifactMV: 15},
		Layout:   Layout{RateHz: rate, PreS: 5e-3, PostS: 50e-3}})
	sw, err := Sweeps(s.Distal, nil)
	if err != nil {
		b.Fatal(err)
	}
	return sw[0]
}

// BenchmarkCMAP measures one sweep with a reusable Analyzer (the issue: ≤ 100 µs on one core,
// O(1) allocations after the first call).
func BenchmarkCMAP(b *testing.B) {
	for _, rate := range []float64{10000, 20000, 48000} {
		b.Run(map[float64]string{10000: "10kHz", 20000: "20kHz", 48000: "48kHz"}[rate], func(b *testing.B) {
			s := benchSweep(b, rate)
			a := NewAnalyzer(nil)
			b.ReportAllocs()
			b.SetBytes(int64(8 * len(s.Trace.Data)))
			c0 := cpuTime()
			for b.Loop() {
				if _, err := a.CMAP(s.Trace); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkFWaveTrain analyses a 20-sweep F-wave train at 20 kHz (the issue: ≤ 2 ms on one core).
func BenchmarkFWaveTrain(b *testing.B) {
	s := SimulateFWave(rand.New(rand.NewPCG(3, 4)), &FWaveSimOptions{Sweeps: 20,
		Nuisance: Nuisance{NoiseMV: 0.008, HumMV: 0.015, MainsHz: 50, DriftMV: 0.05, ArtifactMV: 15}})
	sw, err := Sweeps(s.Recording, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := FWaveSweeps(sw, nil); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// reportCPU reports the CPU time per operation since c0 (run with GOMAXPROCS=1 so that it is one
// core's), beside the wall time that a loaded machine inflates.
func reportCPU(b *testing.B, c0 int64) {
	if c1 := cpuTime(); c0 >= 0 && c1 >= 0 && b.N > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}
