package ncs

import (
	"fmt"
	"math"
	"strings"
)

// BlockCriteria is a published set of criteria for partial motor conduction block and abnormal
// temporal dispersion between a distal and a proximal stimulation site, kept as data: the thresholds
// as the publication states them for an upper-limb nerve (median, ulnar) over a long forearm segment.
type BlockCriteria struct {
	ID     string // short name used on the command line, e.g. "efns-pns-2010"
	Name   string // as a report names it
	Source string // the publication

	// Measure is what the drop is taken on: "amplitude" (negative-peak amplitude) or "area"
	// (negative-phase area).
	Measure string

	// Definite and Probable are the smallest drops, in percent of the distal value, for those
	// verdicts; 0 when the criteria have no such grade.
	Definite, Probable float64

	// MaxDurationIncreasePct: a block verdict needs the negative-phase duration to increase by no
	// more than this (percent; beyond it the drop may be dispersion). 0: no such condition.
	// ProbableIfDispersed lowers a definite-size drop to probable when the duration increase is
	// larger (AAEM 2003).
	MaxDurationIncreasePct float64
	ProbableIfDispersed    bool

	// MinDistalPctLLN and MinDistalMV: the distal CMAP must reach this percentage of the lower
	// limit of normal (ReferenceLimits) and this many mV, or the verdict is "not assessable".
	MinDistalPctLLN, MinDistalMV float64

	// DispersionPct: a negative-phase duration increase beyond this is abnormal temporal dispersion
	// (0: the criteria do not define it).
	DispersionPct float64
}

// Verdicts of a conduction-block assessment.
const (
	VerdictDefinite      = "definite"
	VerdictProbable      = "probable"
	VerdictNone          = "none"
	VerdictNotAssessable = "not assessable"
	VerdictDispersion    = "abnormal temporal dispersion"
)

// Criteria sets, versioned by publication year. The thresholds are for median and ulnar nerves over
// a forearm segment (elbow–wrist).
var (
	// EFNSPNS2010: European Federation of Neurological Societies / Peripheral Nerve Society guideline
	// on CIDP, first revision. Definite motor conduction block: ≥ 50 % drop of the negative-peak
	// amplitude proximal vs distal with the distal CMAP ≥ 20 % of the lower limit of normal; probable:
	// ≥ 30 %; abnormal temporal dispersion: > 30 % increase of the negative-peak duration.
	EFNSPNS2010 = BlockCriteria{
		ID: "efns-pns-2010", Name: "EFNS/PNS 2010",
		Source:  "Van den Bergh PYK et al. EFNS/PNS guideline on CIDP, first revision. Eur J Neurol 2010;17:356-363",
		Measure: "amplitude", Definite: 50, Probable: 30, MinDistalPctLLN: 20, DispersionPct: 30,
	}
	// AAEM2003: the consensus criteria for partial conduction block (American Association of
	// Electrodiagnostic Medicine, now AANEM). Long segment of a median or ulnar nerve: definite block
	// with a ≥ 50 % drop of the negative-phase area and a duration increase ≤ 30 %; probable with a
	// ≥ 40 % area drop and duration increase ≤ 30 %, or a ≥ 50 % drop with a larger increase; the
	// distal CMAP must reach 20 % of the lower limit of normal and 1 mV.
	AAEM2003 = BlockCriteria{
		ID: "aaem-2003", Name: "AAEM 2003 (Olney)",
		Source:  "Olney RK. Consensus criteria for the diagnosis of partial conduction block. Muscle Nerve 2003;27:117-121",
		Measure: "area", Definite: 50, Probable: 40, MaxDurationIncreasePct: 30, ProbableIfDispersed: true,
		MinDistalPctLLN: 20, MinDistalMV: 1,
	}
)

// AllBlockCriteria lists the criteria sets endplate knows; the first is the default.
var AllBlockCriteria = []BlockCriteria{EFNSPNS2010, AAEM2003}

// LookupBlockCriteria finds a criteria set by ID (case-insensitive); "" gives the default.
func LookupBlockCriteria(id string) (BlockCriteria, error) {
	if id == "" {
		return AllBlockCriteria[0], nil
	}
	var ids []string
	for _, c := range AllBlockCriteria {
		if strings.EqualFold(c.ID, id) {
			return c, nil
		}
		ids = append(ids, c.ID)
	}
	return BlockCriteria{}, fmt.Errorf("ncs: unknown conduction-block criteria %q (known: %s)", id, strings.Join(ids, ", "))
}

// Verdict is one assessment under a named criteria set.
type Verdict struct {
	Criteria string // the criteria's Name
	Verdict  string // VerdictDefinite, …
	Reason   string // the figures it rests on
}

// Block assesses conduction block between distal and proximal CMAPs (mV, mV·s, s) whose lower limit
// of normal distal amplitude is llnMV (NaN: unknown, the condition is skipped).
func (bc BlockCriteria) Block(distal, proximal CMAP, llnMV float64) Verdict {
	v := Verdict{Criteria: bc.Name}
	d, p := distal.Amplitude, proximal.Amplitude
	if bc.Measure == "area" {
		d, p = distal.NegArea, proximal.NegArea
	}
	durInc := pctChange(distal.NegDuration, proximal.NegDuration)
	drop := -pctChange(d, p)
	if math.IsNaN(drop) {
		v.Verdict, v.Reason = VerdictNotAssessable, "the "+bc.Measure+" could not be measured at both sites"
		return v
	}
	if bc.MinDistalMV > 0 && !(distal.Amplitude >= bc.MinDistalMV) {
		v.Verdict, v.Reason = VerdictNotAssessable, fmt.Sprintf("distal amplitude %.2f mV below %.1f mV", distal.Amplitude, bc.MinDistalMV)
		return v
	}
	if bc.MinDistalPctLLN > 0 && llnMV > 0 && !(distal.Amplitude >= bc.MinDistalPctLLN/100*llnMV) {
		v.Verdict, v.Reason = VerdictNotAssessable, fmt.Sprintf("distal amplitude %.2f mV below %.0f %% of the lower limit %.1f mV",
			distal.Amplitude, bc.MinDistalPctLLN, llnMV)
		return v
	}
	dispersed := bc.MaxDurationIncreasePct > 0 && !(durInc <= bc.MaxDurationIncreasePct)
	v.Reason = fmt.Sprintf("%s drop %.1f %%, negative duration %+.1f %%", bc.Measure, drop, durInc)
	switch {
	case bc.Definite > 0 && drop >= bc.Definite && !dispersed:
		v.Verdict = VerdictDefinite
	case bc.Definite > 0 && drop >= bc.Definite && bc.ProbableIfDispersed:
		v.Verdict = VerdictProbable
	case bc.Probable > 0 && drop >= bc.Probable && !dispersed:
		v.Verdict = VerdictProbable
	default:
		v.Verdict = VerdictNone
	}
	return v
}

// Dispersion assesses abnormal temporal dispersion; the verdict is VerdictDispersion, VerdictNone or
// VerdictNotAssessable (also when the criteria define none).
func (bc BlockCriteria) Dispersion(distal, proximal CMAP) Verdict {
	v := Verdict{Criteria: bc.Name}
	inc := pctChange(distal.NegDuration, proximal.NegDuration)
	switch {
	case bc.DispersionPct <= 0:
		v.Verdict, v.Reason = VerdictNotAssessable, "the criteria define no temporal dispersion"
	case math.IsNaN(inc):
		v.Verdict, v.Reason = VerdictNotAssessable, "negative duration not measured at both sites"
	case inc > bc.DispersionPct:
		v.Verdict, v.Reason = VerdictDispersion, fmt.Sprintf("negative duration %+.1f %% (> %.0f %%)", inc, bc.DispersionPct)
	default:
		v.Verdict, v.Reason = VerdictNone, fmt.Sprintf("negative duration %+.1f %% (≤ %.0f %%)", inc, bc.DispersionPct)
	}
	return v
}

// pctChange is (b − a)/a × 100, NaN when a is not positive.
func pctChange(a, b float64) float64 {
	if !(a > 0) {
		return math.NaN()
	}
	return (b - a) / a * 100
}
