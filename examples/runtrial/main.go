// Runtrial runs a trial manifest from Go: every recording analysed as the single commands do, then the
// paired real-vs-sham comparisons and the repeated-measures ANOVAs, printed as a short table.
//
//	go run ./examples/runtrial [MANIFEST.csv]
//
// MANIFEST defaults to the bundled sample trial, testdata/trial/manifest.csv (six patients, two
// visits, a known effect of real stimulation at week2 on CMAP and ACh amplitude, handgrip and MRC).
package main

import (
	"fmt"
	"io"
	"log"
	"os"

	"github.com/endplate/endplate/trial"
)

func main() {
	path := "testdata/trial/manifest.csv"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := run(os.Stdout, os.Stderr, path); err != nil {
		log.Fatal(err)
	}
}

func run(w, errw io.Writer, path string) error {
	m, err := trial.ReadManifest(path)
	if err != nil {
		return err
	}
	t, err := trial.FromManifest(m, nil) // nil: the library pipelines, every core
	if err != nil {
		return err
	}
	for _, p := range t.Problems { // a bad file is left out; the rest is analysed
		fmt.Fprintln(errw, "skipped:", p)
	}
	fmt.Fprintf(w, "%d arms, visits %v\n", len(t.Arms), t.VisitOrder())
	fmt.Fprintf(w, "%-20s %-9s %2s %10s %10s %10s  %-24s %8s %8s\n", "measure", "visit", "n", "real", "sham", "real−sham", "95% CI", "t p", "W p")
	for _, c := range t.Comparisons() {
		fmt.Fprintf(w, "%-20s %-9s %2d %10.4g %10.4g %10.4g  [%10.4g, %10.4g] %8.3g %8.3g\n", c.Measure, c.Visit, c.N,
			c.RealMean, c.ShamMean, c.MeanDiff, c.CI95[0], c.CI95[1], c.PairedTP, c.WilcoxonP)
	}
	for _, a := range t.ANOVAs() {
		fmt.Fprintf(w, "ANOVA %s: F(%g, %g) = %.3f, p = %.3g; Greenhouse–Geisser ε = %.3f, p = %.3g\n",
			a.Measure, a.DF1, a.DF2, a.F, a.P, a.GGEpsilon, a.PGG)
	}
	return nil
}
