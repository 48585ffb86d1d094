package ephys_test

import (
	"fmt"
	"log"
	"os"

	"github.com/endplate/endplate/ephys"
)

// Open detects the format from the content; Trace reads one channel of one sweep in its unit, on
// the sweep's own time axis (here from the EDF+ Stimulus annotation, 3 ms into the record).
func ExampleOpen() {
	r, err := ephys.Open("../testdata/motor_wrist.edf")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println(r.Format, r.NumChannels(), "channel,", r.NumSweeps(), "sweep")
	c := r.Channels[0]
	fmt.Printf("%s in %s at %g Hz\n", c.Name, c.Unit, c.Rate)
	tr, err := r.Trace(0, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d samples from %.1f ms to %.1f ms\n", tr.Len(), 1e3*tr.Start, 1e3*tr.End())
	// Output:
	// edf+c 1 channel, 1 sweep
	// APB wrist in mV at 20000 Hz
	// 600 samples from -3.0 ms to 27.0 ms
}

// ReadSamples reads a window of a long recording into a buffer the caller reuses: memory stays
// bounded however long the file is.
func ExampleRecording_ReadSamples() {
	r, err := ephys.Open("../testdata/ach_current.atf")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	buf := make([]float64, 500) // 5 s at 100 Hz
	n := r.SweepLen(0, 0)
	for off := 0; off+len(buf) <= n; off += len(buf) {
		w, err := r.ReadSamples(buf, 0, 0, off)
		if err != nil {
			log.Fatal(err)
		}
		lo := w.Data[0]
		for _, v := range w.Data {
			lo = min(lo, v)
		}
		fmt.Printf("%4.0f–%2.0f s: min %6.0f %s\n", w.Start, w.End(), lo, w.Unit)
	}
	// Output:
	//    0– 5 s: min    -12 nA
	//    5–10 s: min   -736 nA
	//   10–15 s: min    -97 nA
	//   15–20 s: min    -55 nA
	//   20–25 s: min    -53 nA
	//   25–30 s: min    -12 nA
}

// Write converts a recording: CSV has time_s on the sweep's own axis, then one column per channel
// and sweep.
func ExampleWrite() {
	r := ephys.NewRecording(
		[]ephys.Channel{{Name: "APB", Unit: "mV", Rate: 1000}},
		[]ephys.Sweep{{Zero: 0.001}, {Start: 1, Zero: 0.001}},
		[][][]float64{{{0, -1.5, 0.25}, {0, -2, 0.5}}},
	)
	if err := ephys.Write(os.Stdout, r, ephys.FormatCSV); err != nil {
		log.Fatal(err)
	}
	// Output:
	// time_s,APB sweep 1 (mV),APB sweep 2 (mV)
	// -0.001,0,0
	// 0,-1.5,-2
	// 0.001,0.25,0.5
}
