// Command readme is the library example of README.md: open a recording, band-pass its first sweep
// and print its negative peak. Run it from the repository root, optionally on your own file:
//
//	go run ./examples/readme [FILE]
package main

import (
	"fmt"
	"log"
	"os"
	"slices"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/filters"
)

func main() {
	path := "testdata/fwave_train.edf"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	r, err := ephys.Open(path) // the format is detected from the content
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	tr, err := r.Trace(0, 0) // channel 0, sweep 0 (the Go API counts from 0); samples in tr.Unit
	if err != nil {
		log.Fatal(err)
	}
	sos, err := filters.Butterworth(4, filters.Bandpass, tr.Rate, 2, 2000)
	if err != nil {
		log.Fatal(err)
	}
	y := sos.FiltFilt(nil, tr.Data) // zero phase, as scipy.signal.sosfiltfilt
	fmt.Printf("%s: channels %d, sweeps %d, %g Hz\n", path, r.NumChannels(), r.NumSweeps(), tr.Rate)
	fmt.Printf("sweep 1, 2–2000 Hz band-pass: negative peak %.3f %s (raw %.3f %s)\n",
		slices.Min(y), tr.Unit, slices.Min(tr.Data), tr.Unit)
}
