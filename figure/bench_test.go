package figure

import (
	"io"
	"testing"

	"github.com/endplate/endplate/trial"
)

// BenchmarkSampleTrialFigures renders every figure of the sample trial's report (paired plots and one
// recording of each kind) as PNG and as SVG, on one goroutine.
func BenchmarkSampleTrialFigures(b *testing.B) {
	m, err := trial.ReadManifest("../testdata/trial/manifest.csv")
	if err != nil {
		b.Skip(err)
	}
	tr, err := trial.FromManifest(m, nil)
	if err != nil {
		b.Fatal(err)
	}
	recs, _ := RecordingFigures(m)
	figs := append(PairedFigures(tr), recs...)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range figs {
			if err := f.WriteTo(io.Discard, "png"); err != nil {
				b.Fatal(err)
			}
			if err := f.WriteTo(io.Discard, "svg"); err != nil {
				b.Fatal(err)
			}
		}
	}
}
