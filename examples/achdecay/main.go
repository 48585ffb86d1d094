// Achdecay fits the desensitisation of an ACh-evoked current with a single exponential and prints
// the time constant with its 95 % interval.
//
//	go run ./examples/achdecay [FILE]
//
// FILE defaults to testdata/ach_current.atf (one application from patch.Simulate; its decay τ is
// tau_s in testdata/manifest.json). patch.AnalyzeFile does all of this, and more carefully; this
// example shows the steps with the lower-level calls. The
// baseline is the median of the first 2 s; the decay is fitted from the peak plus three 10–90 % rise
// times (the end of the agonist exchange, as DESIGN.md defines it) to the last sample still in
// agonist, here the first point from which the current loses half its deflection within 0.5 s.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"slices"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/patch"
)

func main() {
	path := "testdata/ach_current.atf"
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
	tr, err := r.Trace(0, 0)
	if err != nil {
		return err
	}
	base := median(tr.Window(tr.Start, tr.Start+2).Data)
	// The inward (most negative) peak relative to baseline.
	ip := 0
	for i, v := range tr.Data {
		if v-base < tr.Data[ip]-base {
			ip = i
		}
	}
	peak := tr.Data[ip] - base
	// 10–90 % rise, from the last 10 % crossing before the peak.
	i10, i90 := ip, ip
	for i10 > 0 && tr.Data[i10-1]-base < 0.1*peak {
		i10--
	}
	for i90 > 0 && tr.Data[i90-1]-base < 0.9*peak {
		i90--
	}
	rise := float64(i90-i10) / tr.Rate
	from := tr.Index(tr.Time(ip) + 3*rise)
	// In agonist until the washout: the end is the first sample after from where the current, still
	// at least 5 % of the peak away from baseline, loses half its deflection within 0.5 s — far faster
	// than desensitisation, whose τ is seconds.
	to := len(tr.Data) - 1
	look := max(1, int(0.5*tr.Rate))
	for i := from; i+look < len(tr.Data); i++ {
		d := tr.Data[i] - base
		if d/peak > 0.05 && (tr.Data[i+look]-base)/d < 0.5 {
			to = i
			break
		}
	}
	t := make([]float64, to-from)
	for i := range t {
		t[i] = tr.Time(from+i) - tr.Time(from)
	}
	f, err := patch.FitExp(t, tr.Data[from:to], 1)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(w, "%s: peak %.1f %s at %.2f s, 10–90 %% rise %.3f s\n", path, peak, tr.Unit, tr.Time(ip), rise)
	fmt.Fprintf(w, "decay fitted %.2f–%.2f s (%d points): τ = %.3f s (95 %% CI %.3f–%.3f), R² = %.5f\n",
		tr.Time(from), tr.Time(to), len(t), f.Tau[0], f.TauCI[0][0], f.TauCI[0][1], f.R2)
	return nil
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}
