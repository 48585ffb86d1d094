package trial

import (
	"math"

	"github.com/endplate/endplate/trial/stats"
)

// ChangeVisit is the Visit of a comparison of the change from the first visit to the last.
const ChangeVisit = "change"

// Arm is one patient's arm (side) at one visit, with its measures.
type Arm struct {
	Patient   string
	Side      string
	Treatment Treatment
	Visit     string
	// Measures maps a measure name (DMLms, AChTHalfS, …, or any name of a trial built in Go) to its value:
	// the mean over the arm's files of that kind; NaN where the files were analysed but the measure
	// could not be made. A measure without data is absent.
	Measures map[string]float64
	// Files lists the recordings behind the measures by manifest kind (KindMotorWrist, …), in manifest
	// order, those that could not be read or analysed left out (set by FromManifest).
	Files map[string][]string
}

// Trial is the per-patient table of a trial, from a manifest (FromManifest) or built from Go values.
// Its methods compute the paired real-vs-sham tables from Arms.
type Trial struct {
	// Visits orders the visits; nil means the order in which they first appear in Arms.
	Visits []string
	Arms   []Arm
	// Provenance and Problems are set by FromManifest: how the numbers were made, and the rows or files
	// that could not be used (one error each, naming the file or manifest line).
	Provenance *Provenance
	Problems   []error
}

// VisitOrder returns t.Visits, or the visits in order of first appearance in Arms.
func (t *Trial) VisitOrder() []string {
	if t.Visits != nil {
		return t.Visits
	}
	var v []string
	seen := map[string]bool{}
	for _, a := range t.Arms {
		if !seen[a.Visit] {
			seen[a.Visit] = true
			v = append(v, a.Visit)
		}
	}
	return v
}

// MeasureNames lists every measure some arm has, in table order.
func (t *Trial) MeasureNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, a := range t.Arms {
		for m := range a.Measures {
			if !seen[m] {
				seen[m] = true
				names = append(names, m)
			}
		}
	}
	sortMeasures(names)
	return names
}

// Comparison is the paired real − sham comparison of one measure at one visit (or of its change).
type Comparison struct {
	Measure string
	Visit   string // a visit, or ChangeVisit: last visit − first, per patient and arm
	// Patients, Real and Sham are the pairs compared, patients in order of first appearance.
	Patients   []string
	Real, Sham []float64
	N          int
	RealMean   float64
	ShamMean   float64
	MeanDiff   float64    // mean of real − sham
	CI95       [2]float64 // t-based 95 % confidence interval of MeanDiff
	PairedTP   float64    // two-sided paired t test
	WilcoxonP  float64    // two-sided Wilcoxon signed-rank test (stats.Wilcoxon); NaN when every difference is 0
}

// index maps patient, treatment and visit to the arm's measures.
func (t *Trial) index() map[[3]string]map[string]float64 {
	idx := map[[3]string]map[string]float64{}
	for _, a := range t.Arms {
		idx[[3]string{a.Patient, string(a.Treatment), a.Visit}] = a.Measures
	}
	return idx
}

func (t *Trial) patients() []string {
	var p []string
	seen := map[string]bool{}
	for _, a := range t.Arms {
		if !seen[a.Patient] {
			seen[a.Patient] = true
			p = append(p, a.Patient)
		}
	}
	return p
}

func lookup(idx map[[3]string]map[string]float64, p string, tr Treatment, visit, m string) (float64, bool) {
	v, ok := idx[[3]string{p, string(tr), visit}][m]
	return v, ok && !math.IsNaN(v)
}

// Pairs returns the real and sham values of measure m at visit (or ChangeVisit) over the patients that
// have both, in order of first appearance.
func (t *Trial) Pairs(m, visit string) (patients []string, real, sham []float64) {
	return pairs(t.index(), t.patients(), t.VisitOrder(), m, visit)
}

func pairs(idx map[[3]string]map[string]float64, pats, visits []string, m, visit string) (patients []string, real, sham []float64) {
	for _, p := range pats {
		var r, s float64
		if visit == ChangeVisit {
			if len(visits) < 2 {
				return nil, nil, nil
			}
			first, last := visits[0], visits[len(visits)-1]
			r1, ok1 := lookup(idx, p, Real, first, m)
			r2, ok2 := lookup(idx, p, Real, last, m)
			s1, ok3 := lookup(idx, p, Sham, first, m)
			s2, ok4 := lookup(idx, p, Sham, last, m)
			if !(ok1 && ok2 && ok3 && ok4) {
				continue
			}
			r, s = r2-r1, s2-s1
		} else {
			var ok1, ok2 bool
			r, ok1 = lookup(idx, p, Real, visit, m)
			s, ok2 = lookup(idx, p, Sham, visit, m)
			if !ok1 || !ok2 {
				continue
			}
		}
		patients = append(patients, p)
		real = append(real, r)
		sham = append(sham, s)
	}
	return patients, real, sham
}

// Compare returns the paired comparison of real and sham values.
func Compare(measure, visit string, real, sham []float64) Comparison {
	tt := stats.PairedT(real, sham)
	w := stats.Wilcoxon(real, sham)
	return Comparison{Measure: measure, Visit: visit, Real: real, Sham: sham, N: len(real),
		RealMean: tt.MeanA, ShamMean: tt.MeanB, MeanDiff: tt.MeanDiff, CI95: tt.CI95, PairedTP: tt.P, WilcoxonP: w.P}
}

// Comparisons returns the paired real − sham comparisons: per measure, at each visit and, with two or
// more visits, of the change from the first visit to the last. Pairs with a NaN on either side are
// dropped; a comparison with fewer than two pairs is left out.
func (t *Trial) Comparisons() []Comparison {
	visits := t.VisitOrder()
	cv := visits
	if len(visits) >= 2 {
		cv = append(visits[:len(visits):len(visits)], ChangeVisit)
	}
	idx, pats := t.index(), t.patients()
	var out []Comparison
	for _, m := range t.MeasureNames() {
		for _, v := range cv {
			p, r, s := pairs(idx, pats, visits, m, v)
			if len(r) < 2 {
				continue
			}
			c := Compare(m, v, r, s)
			c.Patients = p
			out = append(out, c)
		}
	}
	return out
}

// ANOVA is the one-way repeated-measures ANOVA of one measure over the treatment × visit cells.
type ANOVA struct {
	Measure   string
	Cells     []string // "real/<visit>" …, then "sham/<visit>" …
	Patients  []string // the patients with every cell
	F         float64
	DF1, DF2  float64
	P         float64
	GGEpsilon float64 // Greenhouse–Geisser ε̂
	PGG       float64 // p with both degrees of freedom multiplied by ε̂
}

// ANOVAs returns, with two or more visits, per measure the one-way repeated-measures ANOVA over the
// treatment × visit cells on the patients that have every cell, with the Greenhouse–Geisser correction.
// A measure with fewer than two such patients is left out.
func (t *Trial) ANOVAs() []ANOVA {
	visits := t.VisitOrder()
	if len(visits) < 2 {
		return nil
	}
	idx := t.index()
	var cells []string
	for _, tr := range []Treatment{Real, Sham} {
		for _, v := range visits {
			cells = append(cells, string(tr)+"/"+v)
		}
	}
	var out []ANOVA
	patients := t.patients()
	for _, m := range t.MeasureNames() {
		var y [][]float64
		var pats []string
	patient:
		for _, p := range patients {
			row := make([]float64, 0, len(cells))
			for _, tr := range []Treatment{Real, Sham} {
				for _, v := range visits {
					x, ok := lookup(idx, p, tr, v, m)
					if !ok {
						continue patient
					}
					row = append(row, x)
				}
			}
			y = append(y, row)
			pats = append(pats, p)
		}
		if len(y) < 2 {
			continue
		}
		r := stats.RepeatedMeasuresANOVA(y)
		out = append(out, ANOVA{Measure: m, Cells: cells, Patients: pats, F: r.F, DF1: r.DF1, DF2: r.DF2,
			P: r.P, GGEpsilon: r.GGEpsilon, PGG: r.PGG})
	}
	return out
}
