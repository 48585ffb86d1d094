// Measurecmap reads a recording and measures the CMAP of its first sweep: onset latency (the first
// deflection), negative-peak amplitude and latency, negative-phase duration and area — what
// `endplate cmap` prints, from the library.
//
//	go run ./examples/measurecmap [FILE]
//
// FILE defaults to testdata/motor_wrist.edf (EDF+ with a Stimulus annotation; the model's onset is
// 3.5 ms and its negative peak −8 mV). The stimulus comes from the file, or from the stimulus artifact
// when the file does not mark it.
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/endplate/endplate/ncs"
)

func main() {
	path := "testdata/motor_wrist.edf"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := run(os.Stdout, path); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, path string) error {
	sweeps, err := ncs.CMAPFile(path, nil) // nil: the first voltage channel, stimulus from the file, clinical defaults
	if err != nil {
		return err
	}
	s := sweeps[0]
	if s.Err != nil {
		return fmt.Errorf("%s: sweep 1: %w", path, s.Err)
	}
	c := s.CMAP // times in seconds from the stimulus, amplitudes in mV
	fmt.Fprintf(w, "%s: stimulus %.2f ms into the sweep (%s)\n", path, s.StimulusS*1e3, s.Source)
	fmt.Fprintf(w, "onset latency   %.3f ms\n", c.OnsetLatency*1e3)
	fmt.Fprintf(w, "negative peak   %.3f mV at %.3f ms\n", c.Amplitude, c.NegPeakLatency*1e3)
	fmt.Fprintf(w, "peak to peak    %.3f mV\n", c.PeakToPeak)
	fmt.Fprintf(w, "neg. duration   %.3f ms\n", c.NegDuration*1e3)
	fmt.Fprintf(w, "neg. area       %.3f mV·ms\n", c.NegArea*1e3)
	return nil
}
