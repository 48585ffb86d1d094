package trial

import (
	"fmt"
	"sort"
)

// resolved is a manifest row with its treatment decided.
type resolved struct {
	Row
	treatment Treatment
}

// resolveTreatments gives every row its treatment, from the key when there is one, and drops (as
// problems) rows whose treatment is unknown or contradicts an earlier row: a side keeps one treatment at
// every visit, and a patient's real and sham arms are different sides.
func resolveTreatments(m *Manifest, key Key, probs *problems) []resolved {
	sideTr := map[PatientSide]Treatment{}
	trSide := map[[2]string]string{}
	var out []resolved
	unkeyed := map[PatientSide]int{}
	for _, r := range m.Rows {
		if _, ok := key[PatientSide{r.Patient, r.Side}]; key != nil && !ok {
			unkeyed[PatientSide{r.Patient, r.Side}]++
		}
	}
	for _, r := range m.Rows {
		var tr Treatment
		if key != nil {
			ps := PatientSide{r.Patient, r.Side}
			t, ok := key[ps]
			if !ok {
				if n := unkeyed[ps]; n > 0 { // one line per arm, not per row
					probs.add(r.Line, fmt.Errorf("%s: patient %s side %s is not in the allocation key (%d rows left out)", where(m, r.Line), r.Patient, r.Side, n))
					unkeyed[ps] = 0
				}
				continue
			}
			tr = t
		} else {
			t, ok := parseTreatment(r.Treatment)
			if !ok {
				probs.add(r.Line, fmt.Errorf("%s: treatment %q is neither real nor sham (coded labels need --key)", where(m, r.Line), r.Treatment))
				continue
			}
			tr = t
		}
		ps := PatientSide{r.Patient, r.Side}
		if old, ok := sideTr[ps]; ok && old != tr {
			probs.add(r.Line, fmt.Errorf("%s: patient %s side %s is %s here but %s on an earlier row", where(m, r.Line), r.Patient, r.Side, tr, old))
			continue
		}
		pt := [2]string{r.Patient, string(tr)}
		if old, ok := trSide[pt]; ok && old != r.Side {
			probs.add(r.Line, fmt.Errorf("%s: patient %s has %s on both sides (%s and %s)", where(m, r.Line), r.Patient, tr, old, r.Side))
			continue
		}
		sideTr[ps], trSide[pt] = tr, r.Side
		out = append(out, resolved{r, tr})
	}
	return out
}

// visitOrder lists the visits as they first appear.
func visitOrder(rows []resolved) []string {
	var v []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.Visit] {
			seen[r.Visit] = true
			v = append(v, r.Visit)
		}
	}
	return v
}

// cell is one patient's arm at one visit with its rows by kind, in manifest order.
type cell struct {
	patient, side, visit string
	treatment            Treatment
	rows                 map[string][]resolved
	bad                  map[int]bool // lines whose file is missing or unreadable
}

func groupCells(rows []resolved, badFile map[string]bool) []*cell {
	var cells []*cell
	index := map[[3]string]*cell{}
	for _, r := range rows {
		k := [3]string{r.Patient, string(r.treatment), r.Visit}
		c := index[k]
		if c == nil {
			c = &cell{patient: r.Patient, side: r.Side, visit: r.Visit, treatment: r.treatment,
				rows: map[string][]resolved{}, bad: map[int]bool{}}
			index[k] = c
			cells = append(cells, c)
		}
		c.rows[r.Kind] = append(c.rows[r.Kind], r)
		if r.File != "" && badFile[r.File] {
			c.bad[r.Line] = true
		}
	}
	return cells
}

// cellJobs lists a cell's jobs: each wrist CMAP, the k-th wrist with the k-th elbow, each other
// recording. Rows whose file is bad are skipped without shifting the wrist–elbow pairing.
func (c *cell) jobs() (jobs []Job, lines []int) {
	add := func(j Job, line int) { jobs = append(jobs, j); lines = append(lines, line) }
	wr, el := c.rows[KindMotorWrist], c.rows[KindMotorElbow]
	for _, r := range wr {
		if !c.bad[r.Line] {
			add(Job{Kind: KindMotorWrist, Files: []string{r.File}}, r.Line)
		}
	}
	for k := 0; k < min(len(wr), len(el)); k++ {
		if !c.bad[wr[k].Line] && !c.bad[el[k].Line] {
			add(Job{Kind: JobMotor, Files: []string{wr[k].File, el[k].File}, DistanceMM: el[k].DistanceMM}, el[k].Line)
		}
	}
	for _, kind := range []string{KindFWave, KindRNS, KindACh, KindCMAPScan} {
		for _, r := range c.rows[kind] {
			if !c.bad[r.Line] {
				add(Job{Kind: kind, Files: []string{r.File}}, r.Line)
			}
		}
	}
	return jobs, lines
}

// plan lists the distinct jobs of all cells (a file named twice is analysed once), with the manifest
// line of each job's first row.
func plan(cells []*cell) (jobs []Job, lines []int) {
	seen := map[string]bool{}
	for _, c := range cells {
		js, ls := c.jobs()
		for i, j := range js {
			if k := j.key(); !seen[k] {
				seen[k] = true
				jobs = append(jobs, j)
				lines = append(lines, ls[i])
			}
		}
	}
	return jobs, lines
}

// assemble turns cells and job results into arms: each measure the mean over the cell's files (or
// wrist–elbow pairs) of a kind; a kind whose files all failed leaves its measures out.
func assemble(cells []*cell, res map[string]Values) []Arm {
	var arms []Arm
	for _, c := range cells {
		a := Arm{Patient: c.patient, Side: c.side, Treatment: c.treatment, Visit: c.visit, Measures: map[string]float64{},
			Files: map[string][]string{}}
		js, _ := c.jobs()
		byKind := map[string]*accumulator{}
		for _, j := range js {
			v, ok := res[j.key()]
			if !ok {
				continue
			}
			if j.Kind != JobMotor {
				a.Files[j.Kind] = append(a.Files[j.Kind], j.Files[0])
			} else {
				a.Files[KindMotorElbow] = append(a.Files[KindMotorElbow], j.Files[1])
			}
			if byKind[j.Kind] == nil {
				byKind[j.Kind] = &accumulator{}
			}
			byKind[j.Kind].add(v)
		}
		for _, kind := range clinicalKinds {
			for _, r := range c.rows[kind] {
				if byKind[kind] == nil {
					byKind[kind] = &accumulator{}
				}
				byKind[kind].add(Values{kind: r.Value})
			}
		}
		for _, acc := range byKind {
			acc.into(a.Measures)
		}
		arms = append(arms, a)
	}
	return arms
}

// sortArms orders arms by the patient's first appearance, the visit (in visits' order, else first
// appearance) and real before sham.
func sortArms(arms []Arm, visits []string) {
	pRank, vRank := map[string]int{}, map[string]int{}
	for _, v := range visits {
		vRank[v] = len(vRank)
	}
	for _, a := range arms {
		if _, ok := pRank[a.Patient]; !ok {
			pRank[a.Patient] = len(pRank)
		}
		if _, ok := vRank[a.Visit]; !ok {
			vRank[a.Visit] = len(vRank)
		}
	}
	sort.SliceStable(arms, func(i, j int) bool {
		a, b := arms[i], arms[j]
		if pRank[a.Patient] != pRank[b.Patient] {
			return pRank[a.Patient] < pRank[b.Patient]
		}
		if vRank[a.Visit] != vRank[b.Visit] {
			return vRank[a.Visit] < vRank[b.Visit]
		}
		return a.Treatment == Real && b.Treatment != Real
	})
}
