package figure

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/trial"
)

// Report is one self-contained HTML page: a trial's tables, figures, the methods with each
// criterion's source, and provenance. The page loads nothing from outside itself (figures are inline
// SVG, the style sheet is in the page, there are no scripts) and is laid out to print on A4 or Letter.
type Report struct {
	Title string
	Intro string       // a paragraph under the title
	Trial *trial.Trial // its per-patient, real-vs-sham and ANOVA tables, problems and provenance; nil for none
	// Key is the allocation file that unblinded the trial, if any (for the provenance).
	Key      string
	Sections []Section // figures, in order
	Methods  []Method  // nil: Methods()
}

// Section is a heading with figures under it.
type Section struct {
	Heading string
	Text    string
	Figures []*Figure
}

// Method is one criterion a measure rests on, with its source.
type Method struct {
	Measure    string
	Definition string
	Source     string
}

// Methods returns the criteria behind endplate's measures, each with its source: the definitions
// DESIGN.md fixes and the publications the analyses cite.
func Methods() []Method {
	crit := ncs.AllBlockCriteria[0]
	return []Method{
		{"CMAP baseline", "Offset + linear drift + mains hum (50/150 or 60/180 Hz) fitted robustly (Tukey biweight) to the pre-stimulus samples and the last 15 ms of the sweep (≥ 20 ms after the negative peak); every amplitude and area is measured from it.",
			"endplate DESIGN.md; a few ms of pre-stimulus are shorter than one mains period, so their mean alone leaves the hum's phase in the baseline"},
		{"CMAP onset latency", "First deflection: where the noise-free CMAP departs from its baseline by 1 % of the negative-peak amplitude, from a take-off fit extrapolated below the noise (not a threshold at k × noise SD, which moves with the noise).",
			"endplate DESIGN.md; distal motor latency as in Preston & Shapiro, Electromyography and Neuromuscular Disorders, 3rd ed. 2013"},
		{"CMAP amplitude, area, duration", "Baseline to negative peak (local cubic fit); negative-phase area and duration from the onset to the first return to baseline (trapezoids, interpolated ends).",
			"Preston & Shapiro 2013; endplate DESIGN.md"},
		{"Conduction velocity", "Elbow–wrist distance / (proximal − distal onset latency).", "Preston & Shapiro 2013"},
		{"Conduction block", fmt.Sprintf("%s: definite ≥ %g %% %s drop, probable ≥ %g %%; abnormal temporal dispersion > %g %% duration increase.",
			crit.Name, crit.Definite, crit.Measure, crit.Probable, crit.DispersionPct), crit.Source},
		{"F-waves", "A sweep holds an F-wave when the late response (M response subtracted) reaches 40 µV peak-to-peak (or 10 × the smoothed noise SD); latency is the F potential's first deflection; persistence = % of sweeps with an F-wave; chronodispersion = max − min latency.",
			"Fisher MA. AAEM minimonograph 13: H reflexes and F waves. Muscle Nerve 1992;15:1210"},
		{"Repetitive nerve stimulation", "Decrement = (1st − 4th)/1st × 100 of the negative-peak amplitude (and of the negative area).", "endplate DESIGN.md; AANEM practice (3 Hz train)"},
		{"CMAP scan", "D50: the fewest largest steps between neighbouring sorted amplitudes that make up half of max − min; steps ≥ 2 % of the maximal CMAP; S5/S50/S95 by rank; MUNE under MScanFit's model.",
			"Sleutjes BTHM et al. Clin Neurophysiol 2014 (D50); Bostock H. Muscle Nerve 2016 (MScanFit)"},
		{"ACh current: peak, rise, T0.5", "Peak from a local cubic fit, baseline a line through the current before the onset and after the washout; 10–90 % rise interpolated; T0.5 = time from the peak until the current, still in agonist, has fallen to half the peak amplitude.",
			"endplate DESIGN.md"},
		{"ACh decay", "One or two exponentials plus an offset fitted from the end of the agonist exchange (peak + three 10–90 % rise times) to the offset; the number of components by F test and AICc; 95 % intervals allow for correlated noise.",
			"endplate DESIGN.md; package fit (variable projection, Levenberg–Marquardt)"},
		{"Rundown", "(1 − last/first) × 100 of the amplitudes of repeated applications.", "endplate DESIGN.md"},
		{"Dose–response", "Hill equation I = Imax / (1 + (EC50/c)^nH) fitted on log concentration; EC50 interval from the log-EC50 interval.", "Hill AV. J Physiol 1910;40:iv–vii"},
		{"Paired comparison", "Real − sham per patient: mean difference with its t-based 95 % interval, two-sided paired t test; Wilcoxon signed-rank test, exact without ties or zeros (n ≤ 50), else the tie-corrected normal approximation with zeros dropped.",
			"Student 1908; Wilcoxon F. Biometrics Bull 1945;1:80–83"},
		{"Repeated-measures ANOVA", "One-way over the treatment × visit cells on the patients with every cell, with the Greenhouse–Geisser correction of both degrees of freedom.",
			"Greenhouse SW, Geisser S. Psychometrika 1959;24:95–112"},
	}
}

// measureLabels name the trial's measures with their units, for tables and axes.
var measureLabels = map[string]string{
	trial.DMLms:               "Distal motor latency (ms)",
	trial.CMAPAmplitudeMV:     "CMAP amplitude (mV)",
	trial.CMAPNegAreaMVms:     "CMAP negative area (mV·ms)",
	trial.CMAPNegDurationMs:   "CMAP negative duration (ms)",
	trial.CVms:                "Conduction velocity (m/s)",
	trial.AmplitudeDropPct:    "Elbow vs wrist amplitude drop (%)",
	trial.FMinLatencyMs:       "F-wave minimal latency (ms)",
	trial.FMeanLatencyMs:      "F-wave mean latency (ms)",
	trial.FPersistencePct:     "F-wave persistence (%)",
	trial.FChronodispersionMs: "F-wave chronodispersion (ms)",
	trial.RNSDecrementPct:     "RNS decrement (%)",
	trial.AChAmplitudeNA:      "ACh current amplitude (nA)",
	trial.AChTHalfS:           "ACh current T0.5 (s)",
	trial.AChRiseS:            "ACh current 10–90 % rise (s)",
	trial.AChWeightedTauS:     "ACh decay weighted τ (s)",
	trial.ScanMUNE:            "MUNE (units)",
	trial.ScanD50:             "D50",
	trial.HandgripKg:          "Handgrip (kg)",
	trial.MRC:                 "MRC sum score",
}

// MeasureLabel names a trial measure with its unit ("cmap_amplitude_mv" → "CMAP amplitude (mV)"); an
// unknown name is returned as it is.
func MeasureLabel(m string) string {
	if l, ok := measureLabels[m]; ok {
		return l
	}
	return m
}

// PairedFigures draws one paired real-vs-sham figure per measure of t (Paired), in table order.
func PairedFigures(t *trial.Trial) []*Figure {
	var figs []*Figure
	byMeasure := map[string][]trial.Comparison{}
	var order []string
	for _, c := range t.Comparisons() {
		if _, ok := byMeasure[c.Measure]; !ok {
			order = append(order, c.Measure)
		}
		byMeasure[c.Measure] = append(byMeasure[c.Measure], c)
	}
	for _, m := range order {
		f := Paired(MeasureLabel(m), byMeasure[m])
		f.Name = "paired-" + m
		figs = append(figs, f)
	}
	return figs
}

// RecordingFigures draws one example of each kind of recording in the manifest — the first row of the
// kind in manifest order — with the same analysis as the trial (and the single command) made: the
// wrist CMAP, the wrist–elbow motor study, the F-waves, the RNS train, the ACh response (and its
// rundown with several applications) and the CMAP scan. A recording that cannot be drawn is an error
// in the list returned, and the rest are still drawn.
func RecordingFigures(m *trial.Manifest) ([]*Figure, []error) {
	var figs []*Figure
	var errs []error
	done := map[string]bool{}
	add := func(f []*Figure, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		figs = append(figs, f...)
	}
	one := func(f *Figure, err error) ([]*Figure, error) {
		if err != nil {
			return nil, err
		}
		return []*Figure{f}, nil
	}
	for _, r := range m.Rows {
		if r.File == "" || done[r.Kind] {
			continue
		}
		switch r.Kind {
		case trial.KindMotorWrist:
			done[r.Kind] = true
			add(CMAPFile(r.File, nil))
			// The motor study: the first elbow row of the same patient, side and visit.
			for _, e := range m.Rows {
				if e.Kind == trial.KindMotorElbow && e.Patient == r.Patient && e.Side == r.Side && e.Visit == r.Visit && e.File != "" {
					add(one(MotorFiles(r.File, e.File, e.DistanceMM, nil)))
					break
				}
			}
		case trial.KindFWave:
			done[r.Kind] = true
			add(one(FWaveFile(r.File, nil)))
		case trial.KindRNS:
			done[r.Kind] = true
			add(one(RNSFile(r.File, nil)))
		case trial.KindACh:
			done[r.Kind] = true
			add(AChFile(r.File, nil))
		case trial.KindCMAPScan:
			done[r.Kind] = true
			add(one(ScanFile(r.File, nil)))
		}
	}
	return figs, errs
}

// SavePNG writes each figure as dir/<Name>.png (and .svg with svg) and returns the paths. Figures are
// rendered on up to GOMAXPROCS goroutines (each figure by one).
func SavePNG(dir string, figs []*Figure, svg bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	exts := []string{".png"}
	if svg {
		exts = append(exts, ".svg")
	}
	paths := make([]string, 0, len(figs)*len(exts))
	for _, f := range figs {
		for _, ext := range exts {
			paths = append(paths, filepath.Join(dir, f.Name+ext))
		}
	}
	err := parallel(len(figs), func(i int) error {
		for k := range exts {
			if err := figs[i].Save(paths[i*len(exts)+k]); err != nil {
				return err
			}
		}
		return nil
	})
	return paths, err
}

// parallel calls fn(0) … fn(n−1) on up to GOMAXPROCS goroutines and returns the first error (by
// index).
func parallel(n int, fn func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// svgHead is what an SVG document has before its <svg> element (XML declaration, comments).
var svgHead = regexp.MustCompile(`(?s)^.*?<svg `)

// inlineSVG renders f as an <svg> element to embed in HTML: without the XML declaration, scaled to the
// page's width, with a title for screen readers.
func inlineSVG(f *Figure) (template.HTML, error) {
	b, err := f.SVG()
	if err != nil {
		return "", err
	}
	s := svgHead.ReplaceAllLiteralString(string(b), `<svg role="img" aria-label="`+template.HTMLEscapeString(f.Title)+`" class="fig" `)
	return template.HTML(s), nil
}

// WriteHTML writes the report page. Its figures are rendered on up to GOMAXPROCS goroutines (each
// figure by one).
func (r *Report) WriteHTML(w io.Writer) error {
	type fig struct {
		Title, Caption, Name string
		SVG                  template.HTML
	}
	type section struct {
		Heading, Text string
		Figures       []fig
	}
	type table struct {
		Head []string
		Rows [][]string
	}
	d := struct {
		Title, Intro                     string
		Comparisons, Patients, ANOVA     table
		Problems                         []string
		Sections                         []section
		Methods                          []Method
		Version, Manifest, Key           string
		Jobs                             int
		Inputs                           [][2]string
		HasTrial, HasANOVA, HasProvenace bool
	}{Title: r.Title, Intro: r.Intro, Methods: r.Methods, Key: r.Key}
	if d.Methods == nil {
		d.Methods = Methods()
	}
	if t := r.Trial; t != nil {
		d.HasTrial = true
		d.Comparisons.Head = []string{"measure", "visit", "n", "real mean", "sham mean", "real − sham", "95 % CI", "paired t p", "Wilcoxon p"}
		for _, c := range t.Comparisons() {
			d.Comparisons.Rows = append(d.Comparisons.Rows, []string{MeasureLabel(c.Measure), c.Visit, fmt.Sprint(c.N),
				num(c.RealMean, 4), num(c.ShamMean, 4), num(c.MeanDiff, 3),
				num(c.CI95[0], 3) + " to " + num(c.CI95[1], 3), pval(c.PairedTP), pval(c.WilcoxonP)})
		}
		names := t.MeasureNames()
		d.Patients.Head = []string{"patient", "side", "treatment", "visit"}
		for _, m := range names {
			d.Patients.Head = append(d.Patients.Head, MeasureLabel(m))
		}
		// Arms by patient (in order of first appearance), visit (in visit order), then real before sham.
		arms := slices.Clone(t.Arms)
		first := map[string]int{}
		for i, a := range t.Arms {
			if _, ok := first[a.Patient]; !ok {
				first[a.Patient] = i
			}
		}
		visit := map[string]int{}
		for i, v := range t.VisitOrder() {
			visit[v] = i
		}
		slices.SortStableFunc(arms, func(x, y trial.Arm) int {
			return cmp.Or(cmp.Compare(first[x.Patient], first[y.Patient]), cmp.Compare(visit[x.Visit], visit[y.Visit]),
				strings.Compare(string(x.Treatment), string(y.Treatment)))
		})
		for _, a := range arms {
			row := []string{a.Patient, a.Side, string(a.Treatment), a.Visit}
			for _, m := range names {
				cell := ""
				if v, ok := a.Measures[m]; ok {
					cell = num(v, 4)
				}
				row = append(row, cell)
			}
			d.Patients.Rows = append(d.Patients.Rows, row)
		}
		d.ANOVA.Head = []string{"measure", "patients", "F", "df", "p", "Greenhouse–Geisser ε", "p (GG)"}
		for _, a := range t.ANOVAs() {
			d.HasANOVA = true
			d.ANOVA.Rows = append(d.ANOVA.Rows, []string{MeasureLabel(a.Measure), fmt.Sprint(len(a.Patients)), num(a.F, 4),
				num(a.DF1, 3) + ", " + num(a.DF2, 3), pval(a.P), num(a.GGEpsilon, 3), pval(a.PGG)})
		}
		for _, p := range t.Problems {
			d.Problems = append(d.Problems, p.Error())
		}
		if p := t.Provenance; p != nil {
			d.HasProvenace = true
			d.Version, d.Manifest, d.Jobs = p.Version, p.Manifest, p.Jobs
			for _, in := range p.Inputs {
				d.Inputs = append(d.Inputs, [2]string{in.File, in.SHA256})
			}
		}
	}
	var all []*Figure
	for _, s := range r.Sections {
		all = append(all, s.Figures...)
	}
	svgs := make([]template.HTML, len(all))
	if err := parallel(len(all), func(i int) (err error) {
		if svgs[i], err = inlineSVG(all[i]); err != nil {
			err = fmt.Errorf("figure %s: %w", all[i].Name, err)
		}
		return err
	}); err != nil {
		return err
	}
	for _, s := range r.Sections {
		sec := section{Heading: s.Heading, Text: s.Text}
		for _, f := range s.Figures {
			sec.Figures = append(sec.Figures, fig{f.Title, f.Caption, f.Name, svgs[0]})
			svgs = svgs[1:]
		}
		d.Sections = append(d.Sections, sec)
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, d); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// pval prints a p value: three significant digits, "< 0.0001" below that.
func pval(p float64) string {
	if finite(p) && p < 1e-4 {
		return "< 0.0001"
	}
	return num(p, 3)
}

// WriteFile writes the report page to path.
func (r *Report) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// TrialReport is the report of a trial analysed from manifest m: the tables, one paired figure per
// measure, one example figure of each kind of recording, plus the extra sections given. The figures
// are also written as PNG into dir/figures (the page itself inlines them as SVG) and the page as
// dir/report.html.
// Recordings that could not be drawn are returned as errors; the report is still written.
func TrialReport(dir string, m *trial.Manifest, t *trial.Trial, key string, extra []Section) ([]error, error) {
	paired := PairedFigures(t)
	recs, errs := RecordingFigures(m)
	r := &Report{
		Title: "endplate trial report",
		Intro: fmt.Sprintf("%d arms of %d patients at %d visit(s), real vs sham stimulation, analysed from %s.",
			len(t.Arms), countPatients(t), len(t.VisitOrder()), filepath.Base(m.Path)),
		Trial: t,
		Key:   key,
		Sections: append([]Section{
			{Heading: "Real vs sham, per measure", Text: "Each line is one patient: the sham arm on the left, the real arm on the right; the thick line joins the means.", Figures: paired},
			{Heading: "Recordings", Text: "One recording of each kind, drawn with the markers its measures were taken from.", Figures: recs},
		}, extra...),
	}
	all := append(append([]*Figure{}, paired...), recs...)
	for _, s := range extra {
		all = append(all, s.Figures...)
	}
	if _, err := SavePNG(filepath.Join(dir, "figures"), all, false); err != nil {
		return errs, err
	}
	return errs, r.WriteFile(filepath.Join(dir, "report.html"))
}

func countPatients(t *trial.Trial) int {
	seen := map[string]bool{}
	for _, a := range t.Arms {
		seen[a.Patient] = true
	}
	return len(seen)
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Serif", "Times New Roman", serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #111; line-height: 1.35; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.85rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.45rem; text-align: right; vertical-align: top; }
th { background: #eee; }
td:first-child, th:first-child { text-align: left; }
.wide { overflow-x: auto; }
figure { margin: 1.2rem 0; break-inside: avoid; page-break-inside: avoid; }
svg.fig { width: 100%; height: auto; max-width: 48rem; display: block; }
figcaption { font-size: 0.85rem; color: #333; max-width: 48rem; }
dl dt { font-weight: bold; margin-top: 0.5rem; }
dl dd { margin-left: 1.2rem; }
.source { color: #444; font-style: italic; }
.mono { font-family: "Liberation Mono", monospace; font-size: 0.75rem; word-break: break-all; }
.problems li { color: #8a1c00; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  .wide { overflow: visible; }
  table.patients { font-size: 6.5pt; }
  table.patients th, table.patients td { padding: 0.05rem 0.15rem; }
  svg.fig { max-width: 100%; }
}
@page { margin: 15mm; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Intro}}<p>{{.Intro}}</p>{{end}}
{{if .HasTrial}}
<h2 id="comparisons">Real vs sham</h2>
<div class="wide"><table class="comparisons">
<thead><tr>{{range .Comparisons.Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Comparisons.Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{if .HasANOVA}}
<h2 id="anova">Repeated-measures ANOVA (treatment × visit)</h2>
<div class="wide"><table class="anova">
<thead><tr>{{range .ANOVA.Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .ANOVA.Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{end}}
<h2 id="patients">Per patient and arm</h2>
<div class="wide"><table class="patients">
<thead><tr>{{range .Patients.Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Patients.Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{if .Problems}}<h2 id="problems">Problems</h2>
<ul class="problems">{{range .Problems}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{end}}
{{range .Sections}}
<h2>{{.Heading}}</h2>
{{if .Text}}<p>{{.Text}}</p>{{end}}
{{range .Figures}}<figure id="{{.Name}}">
{{.SVG}}
<figcaption><b>{{.Title}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}{{end}}
<h2 id="methods">Methods</h2>
<dl>{{range .Methods}}<dt>{{.Measure}}</dt><dd>{{.Definition}} <span class="source">Source: {{.Source}}.</span></dd>
{{end}}</dl>
<h2 id="provenance">Provenance</h2>
{{if .HasProvenace}}<p>endplate {{.Version}}; manifest {{.Manifest}}{{if .Key}}; allocation key {{.Key}}{{end}}; {{.Jobs}} files analysed at once.</p>
<div class="wide"><table class="inputs"><thead><tr><th>input</th><th>SHA-256</th></tr></thead>
<tbody>{{range .Inputs}}<tr><td>{{index . 0}}</td><td class="mono">{{index . 1}}</td></tr>
{{end}}</tbody></table></div>{{else}}<p>No provenance recorded.</p>{{end}}
</body>
</html>
`))
