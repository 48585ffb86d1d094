package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/endplate/endplate/trial"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newTrial(a *app) *cobra.Command {
	var o trialFlags
	c := &cobra.Command{
		Use:   "trial [--json|--csv] [--key KEY.csv] [--jobs N] [--report DIR] [--plot DIR] MANIFEST.csv",
		Short: "Analyse a paired real-vs-sham trial from its manifest",
		Long: `trial analyses every recording a trial manifest names, with the same analyses as the single
commands (cmap, motor, fwave, rns, ach, cmapscan), and prints per patient and arm the measures and the
paired real-vs-sham comparison: mean difference with its t-based 95 % CI, paired t test, Wilcoxon
signed-rank test, per visit and for the change from the first visit to the last; with two or more
visits also the repeated-measures ANOVA over the treatment × visit cells with the Greenhouse–Geisser
correction.

The manifest is a CSV with header patient,side,treatment,visit,kind,file,distance_mm,value; kind is
motor_wrist, motor_elbow (distance_mm: elbow–wrist), fwave, rns, ach, cmapscan, or a clinical score
(handgrip_kg, mrc) whose number is in value; files are relative to the manifest. Coded treatment labels
are unblinded with --key, a CSV patient,side,treatment (real or sham).

A missing or bad file, or a row that cannot be used, is reported on one line and left out; the rest is
analysed and the exit status is 1.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("trial needs exactly one manifest, got %d arguments", len(args))
			}
			if o.json && o.csv {
				return usagef("--json and --csv exclude each other")
			}
			if o.jobs < 0 {
				return usagef("--jobs must be positive")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			return runTrial(a, args[0], o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	c.Flags().BoolVar(&o.csv, "csv", false, "print CSV: the per-patient, comparison and ANOVA tables, a blank line between them")
	c.Flags().StringVar(&o.key, "key", "", "allocation `KEY.csv` (patient,side,treatment) that unblinds coded treatment labels")
	c.Flags().IntVar(&o.jobs, "jobs", 0, "files analysed at once (default: every core)")
	c.Flags().StringVar(&o.report, "report", "", "write the figures and a self-contained report.html into `DIR`")
	c.Flags().StringVar(&o.plot, "plot", "", "write the figures (PNG and SVG) into `DIR`")
	return c
}

type trialFlags struct {
	json, csv bool
	key       string
	jobs      int
	report    string // --report DIR
	plot      string // --plot DIR
}

func runTrial(a *app, manifest string, o trialFlags) error {
	m, t, err := analyseTrial(a, manifest, o)
	if err != nil {
		return err
	}
	if err := trialFigures(a, m, t, o); err != nil {
		return err
	}
	rep := newTrialReport(t, o)
	if o.csv {
		err = rep.writeCSV(a.stdout)
	} else {
		err = emit(a, o.json, rep)
	}
	if err != nil {
		return err
	}
	return a.result()
}

// analyseTrial reads the manifest (and key) and analyses the trial, reporting each problem on one line
// of stderr, with a progress bar when stderr is a terminal.
func analyseTrial(a *app, manifest string, o trialFlags) (*trial.Manifest, *trial.Trial, error) {
	m, err := trial.ReadManifest(manifest)
	if err != nil {
		a.fail(manifest, err)
		return nil, nil, errBadInput
	}
	opt := &trial.Options{Jobs: o.jobs}
	if o.key != "" {
		if opt.Key, err = trial.ReadKey(o.key); err != nil {
			a.fail(o.key, err)
			return nil, nil, errBadInput
		}
	}
	var bar *progressLine
	if f, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = &progressLine{w: f, label: "analysing"}
		opt.Progress = bar.set
	}
	t, err := trial.FromManifest(m, opt)
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		a.fail(manifest, err)
		return nil, nil, errBadInput
	}
	if o.key != "" {
		if s, err := trial.FileSHA256(o.key); err == nil {
			t.Provenance.Inputs = append(t.Provenance.Inputs[:1:1], append([]trial.Input{{File: o.key, SHA256: s}}, t.Provenance.Inputs[1:]...)...)
		}
	}
	for _, p := range t.Problems {
		a.failed = true
		fmt.Fprintf(a.stderr, "endplate: %s\n", strings.ReplaceAll(p.Error(), "\n", " "))
	}
	return m, t, nil
}

// trialReport is the JSON of `endplate trial` and of the demo's report.
type trialReport struct {
	Patients    []patientJSON    `json:"patients"`
	Comparisons []comparisonJSON `json:"comparisons"`
	ANOVA       []anovaJSON      `json:"anova"`
	Provenance  *provenanceJSON  `json:"provenance,omitempty"`

	measures []string // every measure, in table order
}

type patientJSON struct {
	Patient   string   `json:"patient"`
	Side      string   `json:"side"`
	Treatment string   `json:"treatment"`
	Visit     string   `json:"visit"`
	Measures  measures `json:"measures"`
}

// measures is an arm's measures as one JSON object, in table order; NaN prints as null.
type measures struct {
	names []string
	vals  []num
}

func (m measures) get(name string) (num, bool) {
	for i, n := range m.names {
		if n == name {
			return m.vals[i], true
		}
	}
	return 0, false
}

func (m measures) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, n := range m.names {
		if i > 0 {
			b = append(b, ',')
		}
		k, err := json.Marshal(n)
		if err != nil {
			return nil, err
		}
		v, err := m.vals[i].MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

type comparisonJSON struct {
	Measure   string `json:"measure"`
	Visit     string `json:"visit"`
	N         int    `json:"n"`
	RealMean  num    `json:"real_mean"`
	ShamMean  num    `json:"sham_mean"`
	MeanDiff  num    `json:"mean_diff"`
	CI95      [2]num `json:"ci95"`
	PairedTP  num    `json:"paired_t_p"`
	WilcoxonP num    `json:"wilcoxon_p"`
}

type anovaJSON struct {
	Measure   string `json:"measure"`
	N         int    `json:"n"`
	F         num    `json:"f"`
	DF1       num    `json:"df1"`
	DF2       num    `json:"df2"`
	P         num    `json:"p"`
	GGEpsilon num    `json:"gg_epsilon"`
	PGG       num    `json:"p_gg"`
}

type provenanceJSON struct {
	Version string        `json:"version"`
	Options trialOptions  `json:"options"`
	Inputs  []trial.Input `json:"inputs"`
}

type trialOptions struct {
	Manifest string `json:"manifest"`
	Key      string `json:"key,omitempty"`
	Jobs     int    `json:"jobs"`
}

func newTrialReport(t *trial.Trial, o trialFlags) *trialReport {
	r := &trialReport{Patients: []patientJSON{}, Comparisons: []comparisonJSON{}, ANOVA: []anovaJSON{},
		measures: t.MeasureNames()}
	for _, arm := range t.Arms {
		var m measures
		for _, name := range r.measures {
			if v, ok := arm.Measures[name]; ok {
				m.names = append(m.names, name)
				m.vals = append(m.vals, num(v))
			}
		}
		r.Patients = append(r.Patients, patientJSON{arm.Patient, arm.Side, string(arm.Treatment), arm.Visit, m})
	}
	for _, c := range t.Comparisons() {
		r.Comparisons = append(r.Comparisons, comparisonJSON{c.Measure, c.Visit, c.N, num(c.RealMean), num(c.ShamMean),
			num(c.MeanDiff), [2]num{num(c.CI95[0]), num(c.CI95[1])}, num(c.PairedTP), num(c.WilcoxonP)})
	}
	for _, v := range t.ANOVAs() {
		r.ANOVA = append(r.ANOVA, anovaJSON{v.Measure, len(v.Patients), num(v.F), num(v.DF1), num(v.DF2), num(v.P),
			num(v.GGEpsilon), num(v.PGG)})
	}
	if p := t.Provenance; p != nil {
		r.Provenance = &provenanceJSON{Version: p.Version, Options: trialOptions{p.Manifest, o.key, p.Jobs}, Inputs: p.Inputs}
	}
	return r
}

// csvNum is the shortest round-trip form of v, empty for NaN.
func csvNum(v num) string {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// tables returns the report's three tables (per patient, comparisons, ANOVA) as rows of cells, numbers
// formatted by f.
func (r *trialReport) tables(f func(num) string) [3][][]string {
	var t [3][][]string
	t[0] = append(t[0], append([]string{"patient", "side", "treatment", "visit"}, r.measures...))
	for _, p := range r.Patients {
		row := []string{p.Patient, p.Side, p.Treatment, p.Visit}
		for _, m := range r.measures {
			cell := ""
			if v, ok := p.Measures.get(m); ok {
				cell = f(v)
			}
			row = append(row, cell)
		}
		t[0] = append(t[0], row)
	}
	t[1] = append(t[1], []string{"measure", "visit", "n", "real_mean", "sham_mean", "mean_diff", "ci95_lo", "ci95_hi", "paired_t_p", "wilcoxon_p"})
	for _, c := range r.Comparisons {
		t[1] = append(t[1], []string{c.Measure, c.Visit, strconv.Itoa(c.N), f(c.RealMean), f(c.ShamMean), f(c.MeanDiff),
			f(c.CI95[0]), f(c.CI95[1]), f(c.PairedTP), f(c.WilcoxonP)})
	}
	t[2] = append(t[2], []string{"measure", "n", "f", "df1", "df2", "p", "gg_epsilon", "p_gg"})
	for _, v := range r.ANOVA {
		t[2] = append(t[2], []string{v.Measure, strconv.Itoa(v.N), f(v.F), f(v.DF1), f(v.DF2), f(v.P), f(v.GGEpsilon), f(v.PGG)})
	}
	return t
}

// writeCSV prints the three tables as CSV, numbers in full precision, a blank line between tables.
func (r *trialReport) writeCSV(w io.Writer) error {
	for i, tab := range r.tables(csvNum) {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := writeCSVTable(w, tab); err != nil {
			return err
		}
	}
	return nil
}

func writeCSVTable(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.WriteAll(rows)
	return cw.Error()
}

// text lays the report out for people: the per-patient table, the real-vs-sham comparisons and the
// ANOVAs, numbers to four significant digits (JSON and CSV keep full precision).
func (r *trialReport) text(p *printer) {
	f := func(v num) string { return sig(float64(v), 4) }
	t := r.tables(f)
	r.perPatientText(p, f)
	if len(r.Comparisons) > 0 {
		p.title("Real vs sham (paired, real − sham)")
		var rows [][]string
		for _, c := range r.Comparisons {
			rows = append(rows, []string{c.Measure, c.Visit, strconv.Itoa(c.N), f(c.RealMean), f(c.ShamMean), f(c.MeanDiff),
				"[" + f(c.CI95[0]) + ", " + f(c.CI95[1]) + "]", sig(float64(c.PairedTP), 3), sig(float64(c.WilcoxonP), 3)})
		}
		p.table([]string{"measure", "visit", "n", "real", "sham", "real−sham", "95% CI", "paired t p", "Wilcoxon p"}, rows)
	} else {
		p.title("Real vs sham: no measure has two patients with both arms")
	}
	if len(t[2]) > 1 {
		p.title("Repeated-measures ANOVA over treatment × visit, Greenhouse–Geisser corrected")
		p.table(t[2][0], t[2][1:])
	}
}

// measureGroups split the per-patient table for people into tables that fit a terminal (measureGroup
// says which a measure is in); measures of a trial built in Go go with the motor conduction.
var measureGroups = []string{"motor conduction and others", "F-waves", "repetitive stimulation", "ACh-evoked currents",
	"CMAP scan", "clinical scores"}

func measureGroup(m string) int {
	switch {
	case strings.HasPrefix(m, "fwave_"):
		return 1
	case strings.HasPrefix(m, "rns_"):
		return 2
	case strings.HasPrefix(m, "ach_"):
		return 3
	case strings.HasPrefix(m, "cmapscan_"):
		return 4
	case m == trial.HandgripKg || m == trial.MRC:
		return 5
	}
	return 0
}

// perPatientText prints the per-patient measures as one table per group of measures, each with the
// arms that have a value in it.
func (r *trialReport) perPatientText(p *printer, f func(num) string) {
	for g, title := range measureGroups {
		var cols []string
		for _, m := range r.measures {
			if measureGroup(m) == g {
				cols = append(cols, m)
			}
		}
		if len(cols) == 0 {
			continue
		}
		var rows [][]string
		for _, pt := range r.Patients {
			row := []string{pt.Patient, pt.Side, pt.Treatment, pt.Visit}
			has := false
			for _, m := range cols {
				cell := ""
				if v, ok := pt.Measures.get(m); ok {
					cell, has = f(v), true
				}
				row = append(row, cell)
			}
			if has {
				rows = append(rows, row)
			}
		}
		p.title("Per patient and arm: " + title)
		p.table(append([]string{"patient", "side", "treatment", "visit"}, cols...), rows)
	}
}

func countPatients(arms []trial.Arm) int {
	seen := map[string]bool{}
	for _, a := range arms {
		seen[a.Patient] = true
	}
	return len(seen)
}

// progressWidth is the width of the progress bar in characters.
const progressWidth = 30

// progressLine is a one-line progress bar on a terminal, redrawn in place at most every 100 ms and
// cleared at the end. (schollz/progressbar would pull net/http and crypto/tls into the build for a
// line of text.)
type progressLine struct {
	w     io.Writer
	label string
	last  time.Time
	drawn bool
}

func (p *progressLine) set(done, total int) {
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	fill := 0
	if total > 0 {
		fill = progressWidth * done / total
	}
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("=", fill), strings.Repeat(" ", progressWidth-fill), done, total)
	p.drawn = true
}

func (p *progressLine) clear() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", len(p.label)+progressWidth+24))
	}
}
