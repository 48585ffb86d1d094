// Filtersweeps band-passes every sweep of a recording at once and prints each sweep's negative peak
// before and after filtering.
//
//	go run ./examples/filtersweeps [FILE]
//
// FILE defaults to testdata/fwave_train.edf, a train of 10 CMAP sweeps. The filter is a 4th-order
// Butterworth band-pass 2 Hz–2 kHz (a common motor-conduction setting), applied with zero phase so
// latencies do not move.
package main

import (
	"fmt"
	"io"
	"log"
	"math"
	"os"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/filters"
)

func main() {
	path := "testdata/fwave_train.edf"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := run(os.Stdout, path); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, path string) error {
	r, err := ephys.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	if r.NumChannels() == 0 {
		return fmt.Errorf("%s: no channels", path)
	}
	const ch = 0
	// Sweeps of equal length go through the batch filter together.
	n := r.SweepLen(ch, 0)
	raw := make([][]float64, r.NumSweeps())
	traces := make([]ephys.Trace, r.NumSweeps())
	for k := range raw {
		tr, err := r.Trace(ch, k)
		if err != nil {
			return err
		}
		if tr.Len() != n {
			return fmt.Errorf("%s: sweep %d has %d samples, sweep 1 has %d", path, k+1, tr.Len(), n)
		}
		traces[k], raw[k] = tr, tr.Data
	}
	fs := r.Channels[ch].Rate
	sos, err := filters.Butterworth(4, filters.Bandpass, fs, 2, min(2000, 0.45*fs))
	if err != nil {
		return err
	}
	out := make([][]float64, len(raw))
	for k := range out {
		out[k] = make([]float64, n)
	}
	sos.FiltFiltBatch(out, raw)

	unit := r.Channels[ch].Unit
	fmt.Fprintf(w, "%s: %d sweeps × %d samples at %g Hz, band-pass 2–%g Hz\n", path, len(raw), n, fs, min(2000, 0.45*fs))
	fmt.Fprintf(w, "sweep  neg peak raw (%s)  at (ms)  neg peak filtered (%s)  at (ms)\n", unit, unit)
	for k := range raw {
		i, v := argmin(raw[k])
		j, u := argmin(out[k])
		fmt.Fprintf(w, "%5d  %18.4f  %7.2f  %23.4f  %7.2f\n", k+1, v, 1e3*traces[k].Time(i), u, 1e3*traces[k].Time(j))
	}
	return nil
}

func argmin(x []float64) (int, float64) {
	k, m := -1, math.Inf(1)
	for i, v := range x {
		if v < m {
			k, m = i, v
		}
	}
	return k, m
}
