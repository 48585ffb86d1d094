package figure

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/endplate/endplate/trial"
)

// pairedTrial is a four-patient trial built from Go values, with a problem and provenance.
func pairedTrial() *trial.Trial {
	tr := &trial.Trial{Visits: []string{"baseline", "week2"}}
	for i, v := range [][4]float64{{5.1, 4.2, 5.0, 4.8}, {6.3, 5.0, 6.1, 5.9}, {4.4, 4.6, 4.5, 4.9}, {7.0, 5.5, 6.8, 6.2}} {
		p := string(rune('A' + i))
		for j, arm := range []struct {
			tr    trial.Treatment
			visit string
		}{{trial.Real, "week2"}, {trial.Sham, "week2"}, {trial.Real, "baseline"}, {trial.Sham, "baseline"}} {
			tr.Arms = append(tr.Arms, trial.Arm{Patient: p, Side: "left", Treatment: arm.tr, Visit: arm.visit,
				Measures: map[string]float64{trial.CMAPAmplitudeMV: v[j]}})
		}
	}
	tr.Problems = []error{errors.New("x.edf: <corrupt> & truncated")}
	tr.Provenance = &trial.Provenance{Version: "test", Manifest: "m.csv", Jobs: 2,
		Inputs: []trial.Input{{File: "m.csv", SHA256: strings.Repeat("ab", 32)}}}
	return tr
}

// The page holds the tables, one inline SVG per figure (no XML declaration inside the HTML), the
// methods with their sources and the provenance, escapes what it quotes, and loads nothing.
func TestReportHTML(t *testing.T) {
	tr := pairedTrial()
	figs := PairedFigures(tr)
	figs[0].Title = `amplitude <script>alert(1)</script>`
	r := &Report{Title: "test report", Trial: tr, Sections: []Section{{Heading: "Paired", Figures: figs}}}
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	tables := regexp.MustCompile(`(?s)<table\b.*?</table>`).FindAllString(html, -1)
	if len(tables) != 4 { // comparisons, ANOVA, patients, inputs
		t.Errorf("%d tables", len(tables))
	}
	if !strings.Contains(tables[0], "real mean") || !strings.Contains(tables[0], "sham mean") ||
		!strings.Contains(tables[0], "CMAP amplitude (mV)") || strings.Count(tables[0], "<tr>") != 1+3 {
		t.Errorf("comparison table:\n%s", tables[0])
	}
	if n := strings.Count(html, "<svg "); n != len(figs) {
		t.Errorf("%d inline SVGs for %d figures", n, len(figs))
	}
	for _, bad := range []string{"<?xml", "<script", "src=", "href=", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;corrupt&gt; &amp; truncated", "Greenhouse", "Source:", strings.Repeat("ab", 32), "@media print"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
