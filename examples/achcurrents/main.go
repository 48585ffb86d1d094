// Achcurrents measures every ACh application in a voltage-clamp recording with patch.AnalyzeFile —
// what `endplate ach` prints — and the rundown over them.
//
//	go run ./examples/achcurrents [FILE]
//
// FILE defaults to testdata/ach_current.atf (one application, simulated by patch.Simulate; its
// truth is in testdata/manifest.json).
package main

import (
	"fmt"
	"io"
	"log"
	"os"

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
	// nil options: the first channel recorded in amperes, applications found from the file's
	// tags or the current itself, mono- or bi-exponential decay.
	a, err := patch.AnalyzeFile(path, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d application(s), channel %d (%s, measured in nA)\n", path, len(a.Responses), a.Channel+1, a.Unit)
	for i, r := range a.Responses {
		fmt.Fprintf(w, "%d. sweep %d, %.2f–%.2f s: peak %.1f nA at %.3f s (rise %.3f s), T0.5 %.3f s, steady/peak %.3f\n",
			i+1, r.Sweep+1, r.Onset, r.Offset, r.Peak, r.PeakTime, r.Rise1090, r.THalf, r.SteadyToPeak)
		if d := r.Decay; d != nil {
			for k, tau := range d.Tau {
				fmt.Fprintf(w, "   τ%d = %.4g s (95 %% CI %.4g–%.4g), amplitude %.1f nA at %.2f s\n",
					k+1, tau, d.TauCI[k][0], d.TauCI[k][1], d.Amp[k], d.From)
			}
			fmt.Fprintf(w, "   %s-exponential decay fitted %.2f–%.2f s, R² %.5f\n", d.Model(), d.From, d.To, d.R2)
		} else {
			fmt.Fprintf(w, "   no decay fit: %v\n", r.DecayErr)
		}
		if r.Flags != 0 {
			fmt.Fprintf(w, "   flags: %s\n", r.Flags)
		}
	}
	if rd := a.Rundown(); len(rd.Amplitudes) > 1 {
		fmt.Fprintf(w, "rundown %.1f %% over %d applications\n", rd.RundownPct, len(rd.Amplitudes))
	}
	return nil
}
