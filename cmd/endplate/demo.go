package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/endplate/endplate/trial/sample"
	"github.com/spf13/cobra"
)

// sampleManifest is the bundled sample trial, relative to the repository root.
var sampleManifest = filepath.Join("testdata", "trial", "manifest.csv")

func newDemo(a *app) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "demo [-o DIR]",
		Short: "Analyse the bundled sample trial end to end and write its report",
		Long: `demo runs the whole pipeline on the bundled sample trial (testdata/trial: six patients, real
stimulation on one arm and sham on the other, two visits; motor CMAPs at wrist and elbow, F-waves,
ACh-evoked currents, handgrip and MRC, with a known treatment effect): it prints the per-patient and
real-vs-sham tables as "endplate trial" does and writes the report into DIR (default endplate-demo/):
report.json (as trial --json), patients.csv, comparisons.csv and anova.csv.

Run from the repository it uses testdata/trial; elsewhere it generates the same sample trial into
DIR/sample-trial first.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("demo takes no arguments (the output folder is -o DIR)")
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error { return runDemo(a, out) },
	}
	c.Flags().StringVarP(&out, "output", "o", "endplate-demo", "folder to write the report into")
	return c
}

func runDemo(a *app, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	manifest, ok := findUp(sampleManifest)
	if !ok {
		dir := filepath.Join(out, "sample-trial")
		if err := sample.WriteDir(dir); err != nil {
			return fmt.Errorf("generating the sample trial: %w", err)
		}
		manifest = filepath.Join(dir, "manifest.csv")
	}
	start := time.Now()
	m, t, err := analyseTrial(a, manifest, trialFlags{})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	rep := newTrialReport(t, trialFlags{})
	if err := writeText(a.stdout, rep); err != nil {
		return err
	}
	files := map[string]func(*os.File) error{
		"report.json":     func(f *os.File) error { return writeJSON(f, rep) },
		"patients.csv":    func(f *os.File) error { return writeCSVTable(f, rep.tables(csvNum)[0]) },
		"comparisons.csv": func(f *os.File) error { return writeCSVTable(f, rep.tables(csvNum)[1]) },
		"anova.csv":       func(f *os.File) error { return writeCSVTable(f, rep.tables(csvNum)[2]) },
	}
	for _, name := range []string{"report.json", "patients.csv", "comparisons.csv", "anova.csv"} {
		if err := writeFile(filepath.Join(out, name), files[name]); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.stdout, "%d recordings of %d patients analysed in %.2f s (%s); report written to %s\n",
		len(t.Provenance.Inputs)-1, countPatients(t.Arms), elapsed.Seconds(), manifest, out)
	if err := writeReport(a, out, m, t, "", true); err != nil {
		return err
	}
	return a.result()
}

// findUp looks for rel in the working directory and its parents (the repository root when demo runs
// from inside a clone).
func findUp(rel string) (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func writeFile(path string, fill func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
