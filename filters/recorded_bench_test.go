package filters_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/filters"
)

// Benchmarks on recorded traces: the bundled testdata always, ../shared/data's recordings when
// present. They report bytes as float64 samples filtered per second.

// sweepTrains returns every sweep train found: the bundled EDF+D train and the F-wave trains of
// ../shared/data/ncs, each as equal-length rows with its sampling rate.
func sweepTrains(b *testing.B) (names []string, trains [][][]float64, rates []float64) {
	paths := []string{"../testdata/fwave_train.edf"}
	shared, _ := filepath.Glob("../../shared/data/ncs/fwave*")
	paths = append(paths, shared...)
	for _, p := range paths {
		r, err := ephys.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		rows := make([][]float64, r.NumSweeps())
		ok := true
		for k := range rows {
			tr, err := r.Trace(0, k)
			if err != nil {
				b.Fatal(err)
			}
			rows[k] = tr.Data
			ok = ok && len(tr.Data) == len(rows[0])
		}
		rate := r.Channels[0].Rate
		r.Close()
		if ok {
			names, trains, rates = append(names, filepath.Base(p)), append(trains, rows), append(rates, rate)
		}
	}
	return names, trains, rates
}

// BenchmarkRecordedTrain band-passes F-wave trains (2 Hz–2 kHz, 4th order, zero phase), all sweeps at
// once with FiltFiltBatch beside one FiltFilt per sweep.
func BenchmarkRecordedTrain(b *testing.B) {
	names, trains, rates := sweepTrains(b)
	if len(names) == 1 {
		b.Log("../shared/data/ncs not found: only the bundled train is measured")
	}
	for i, rows := range trains {
		sos, err := filters.Butterworth(4, filters.Bandpass, rates[i], 2, min(2000, 0.45*rates[i]))
		if err != nil {
			b.Fatal(err)
		}
		dst := make([][]float64, len(rows))
		for k := range dst {
			dst[k] = make([]float64, len(rows[k]))
		}
		bytes := int64(8 * len(rows) * len(rows[0]))
		b.Run(names[i]+"/batch", func(b *testing.B) {
			b.SetBytes(bytes)
			b.ReportAllocs()
			for b.Loop() {
				sos.FiltFiltBatch(dst, rows)
			}
		})
		b.Run(names[i]+"/per-sweep", func(b *testing.B) {
			b.SetBytes(bytes)
			b.ReportAllocs()
			for b.Loop() {
				for k := range rows {
					sos.FiltFilt(dst[k], rows[k])
				}
			}
		})
	}
}

// BenchmarkRecordedLong filters one long gap-free channel: File_axon_1.abf (1.9 M samples) when
// ../shared/data is present, else the bundled ATF current.
func BenchmarkRecordedLong(b *testing.B) {
	p := "../../shared/data/abf/File_axon_1.abf"
	if _, err := os.Stat(p); err != nil {
		b.Log("../shared/data/abf not found: the bundled 3000-sample current stands in")
		p = "../testdata/ach_current.atf"
	}
	r, err := ephys.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := r.Trace(0, 0)
	r.Close()
	if err != nil {
		b.Fatal(err)
	}
	// A low-pass at a fifth of the rate, as before measuring currents (Bessel, -3 dB at the cutoff).
	sos, err := filters.Bessel(4, filters.Lowpass, tr.Rate, tr.Rate/5)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, len(tr.Data))
	b.Run(filepath.Base(p)+"/Filter", func(b *testing.B) {
		b.SetBytes(int64(8 * len(dst)))
		b.ReportAllocs()
		for b.Loop() {
			sos.Filter(dst, tr.Data)
		}
	})
	b.Run(filepath.Base(p)+"/FiltFilt", func(b *testing.B) {
		b.SetBytes(int64(8 * len(dst)))
		b.ReportAllocs()
		for b.Loop() {
			sos.FiltFilt(dst, tr.Data)
		}
	})
}
