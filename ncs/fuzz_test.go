package ncs

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// FuzzAnalyses feeds whatever ephys.OpenReader accepts through every nerve conduction analysis: each
// returns a result or an error, never a panic or a hang. Seeds are small CSV sweeps (a CMAP, a train
// of them, a flat and a clipped one); the fuzzer mutates their text.
func FuzzAnalyses(f *testing.F) {
	cmap := func(t, at, amp float64) float64 {
		return -amp * math.Exp(-(t-at)*(t-at)/2)
	}
	var one, train bytes.Buffer
	one.WriteString("time_ms,APB (mV)\n")
	train.WriteString("time_ms,ch1 sweep 1 (mV),ch1 sweep 2 (mV),ch1 sweep 3 (mV),ch1 sweep 4 (mV)\n")
	for i := range 300 {
		t := -2 + float64(i)*0.1
		fmt.Fprintf(&one, "%g,%g\n", t, cmap(t, 6, 5)+0.01*math.Sin(float64(i)))
		fmt.Fprintf(&train, "%g,%g,%g,%g,%g\n", t, cmap(t, 6, 5), cmap(t, 6, 4.5), cmap(t, 6, 4.2), cmap(t, 6, 4))
	}
	f.Add(one.Bytes())
	f.Add(train.Bytes())
	f.Add([]byte("time_ms,x (mV)\n-1,0\n0,0\n1,-3\n2,-3\n3,-3\n4,0\n5,0\n6,0\n7,0\n8,0\n9,0\n10,0\n11,0\n12,0\n13,0\n14,0\n15,0\n16,0\n"))
	f.Add([]byte("time_s,x (uV)\n0,0\n0.001,1e300\n0.002,-1e300\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ephys.OpenReader(bytes.NewReader(b), int64(len(b)), ".csv")
		if err != nil {
			return
		}
		defer r.Close()
		total := 0
		for c := range r.NumChannels() {
			for s := range r.NumSweeps() {
				total += r.SweepLen(c, s)
			}
		}
		if total > 1<<16 {
			return // bounded work per input; memory for long files is ephys's fuzz target's concern
		}
		_, _ = CMAPs(r, nil)
		_, _ = FWaves(r, nil)
		_, _ = RNS(r, nil)
		_, _ = SNAPs(r, nil)
		_, _ = AnalyzeScan(r, nil)
		_, _ = CMAPs(r, &FileOptions{Options: Options{Polarity: AutoPolarity}})
	})
}
