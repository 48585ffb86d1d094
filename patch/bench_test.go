package patch

import (
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	"github.com/endplate/endplate/ephys"
)

var benchLong = sync.OnceValue(func() *SimResult {
	// A 10-minute recording at 2 kHz with ten applications of 20 s every
	// minute: two desensitisation pools, rundown, drift, hum and noise.
	rng := rand.New(rand.NewPCG(10, 60))
	p := SimParams{Rate: 2000, Duration: 600, ImaxNA: 500, ExchangeS: 0.3, Rundown: 0.03,
		Pools:  []SimPool{{OnPerS: 0.6, OffPerS: 0.05}, {OnPerS: 0.2, OffPerS: 0.1}},
		HoldNA: -20, DriftNAPerS: 0.02, HumNA: 0.5, NoiseNA: 3, Seed: rng.Uint64()}
	for k := range 10 {
		on := 10 + 60*float64(k)
		p.Apps = append(p.Apps, SimApp{Onset: on, Offset: on + 20, Conc: 300})
	}
	r, err := Simulate(p)
	if err != nil {
		panic(err)
	}
	return r
})

// BenchmarkAnalyzeLong analyses a 10-minute, 2 kHz recording (1.2 million
// samples) with ten applications end to end from memory: detection,
// baselines, peaks, decay fits.
func BenchmarkAnalyzeLong(b *testing.B) {
	sr := benchLong()
	rec := simRecording(sr)
	b.SetBytes(int64(8 * len(sr.Current)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := Analyze(rec, nil)
		if err != nil || len(a.Responses) != 10 {
			b.Fatalf("%v, %d responses", err, len(a.Responses))
		}
	}
}

// BenchmarkAnalyzeLongEDF is BenchmarkAnalyzeLong from a file: the same
// recording written as EDF+ (16-bit), opened, read and analysed.
func BenchmarkAnalyzeLongEDF(b *testing.B) {
	sr := benchLong()
	path := filepath.Join(b.TempDir(), "long.edf")
	if err := ephys.WriteFile(path, simRecording(sr), ephys.FormatEDF); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(8 * len(sr.Current)))
	b.ReportAllocs()
	for b.Loop() {
		a, err := AnalyzeFile(path, nil)
		if err != nil || len(a.Responses) != 10 {
			b.Fatalf("%v, %d responses", err, len(a.Responses))
		}
	}
}
