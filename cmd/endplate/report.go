package main

import (
	"fmt"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/internal/demodata"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
	"github.com/endplate/endplate/trial"
)

// writeReport writes a trial's figures (DIR/figures/*.png) and its self-contained DIR/report.html:
// the tables, one paired real-vs-sham figure per measure, one drawn recording of each kind, the
// methods and the provenance. examples adds the demo's simulated recordings of the kinds a trial
// manifest does not hold (RNS, CMAP scan, dose–response, rundown). A recording that cannot be drawn
// is reported on stderr (the trial's own analysis has already reported bad files); the report is
// still written.
func writeReport(a *app, dir string, m *trial.Manifest, t *trial.Trial, key string, examples bool) error {
	var extra []figure.Section
	if examples {
		sec, err := exampleSection()
		if err != nil {
			return fmt.Errorf("drawing the examples: %w", err)
		}
		extra = append(extra, sec)
	}
	errs, err := figure.TrialReport(dir, m, t, key, extra)
	for _, e := range errs {
		fmt.Fprintf(a.stderr, "endplate: figure not drawn: %v\n", e)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "figures and report.html written to %s\n", dir)
	return nil
}

// exampleSection draws the demo's simulated recordings (internal/demodata), each analysed with the
// same library call as its command: an RNS train with a 25 % decrement (endplate rns), a CMAP scan
// (endplate cmapscan), a dose–response series (endplate dose --apps) and six applications running
// down (endplate rundown --apps).
func exampleSection() (figure.Section, error) {
	s := figure.Section{Heading: "Other analyses (simulated examples)",
		Text: "Recordings the sample trial does not hold, simulated with endplate's own models (seeded, so the same on every run) and measured exactly as the single commands measure them."}
	rns, err := figure.RNSRecording(demodata.RNS().Recording, nil)
	if err != nil {
		return s, fmt.Errorf("RNS: %w", err)
	}
	rns.Name, rns.Title = "example-rns", rns.Title+" — simulated myasthenic train"
	pts := demodata.Scan()
	res, err := ncs.NewScanAnalyzer(nil).Analyze(pts)
	if err != nil {
		return s, fmt.Errorf("CMAP scan: %w", err)
	}
	scan := figure.Scan(res, pts)
	scan.Name, scan.Title = "example-cmapscan", scan.Title+" — simulated"
	rec, _, err := demodata.Dose()
	if err != nil {
		return s, err
	}
	an, err := patch.Analyze(rec, &patch.Options{Apps: demodata.Apps(len(demodata.DoseConcUM)), MeasureWeak: true})
	if err != nil {
		return s, fmt.Errorf("dose series: %w", err)
	}
	amps := make([]float64, len(an.Responses))
	for i, r := range an.Responses {
		amps[i] = r.Amplitude
	}
	d, err := patch.DoseResponse(demodata.DoseConcUM, amps)
	if err != nil {
		return s, fmt.Errorf("dose series: %w", err)
	}
	dose := figure.Dose(d, "µM")
	dose.Name, dose.Title = "example-dose", dose.Title+" — simulated series"
	rec, _, err = demodata.Rundown()
	if err != nil {
		return s, err
	}
	figs, _, err := figure.AChRecording(rec, &patch.Options{Apps: demodata.Apps(6)})
	if err != nil {
		return s, fmt.Errorf("rundown series: %w", err)
	}
	rd := figs[len(figs)-1] // the rundown, after one figure per application
	rd.Name, rd.Title = "example-rundown", rd.Title+" — simulated, 100 µM"
	s.Figures = []*figure.Figure{rns, scan, dose, rd}
	return s, nil
}

// trialFigures writes what --report and --plot ask of `endplate trial`: the report (figures and
// report.html) and the figures alone (PNG and SVG).
func trialFigures(a *app, m *trial.Manifest, t *trial.Trial, o trialFlags) error {
	if o.report != "" {
		if err := writeReport(a, o.report, m, t, o.key, false); err != nil {
			return err
		}
	}
	if o.plot == "" {
		return nil
	}
	figs, errs := figure.RecordingFigures(m)
	for _, e := range errs {
		fmt.Fprintf(a.stderr, "endplate: figure not drawn: %v\n", e)
	}
	_, err := figure.SavePNG(o.plot, append(figure.PairedFigures(t), figs...), true)
	return err
}
