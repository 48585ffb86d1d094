package trial

import (
	"math"
	"sort"
)

// Measure names, each with its unit, as they appear in Arm.Measures and in the JSON.
const (
	DMLms               = "dml_ms"                    // distal motor latency: wrist CMAP onset, ms from the stimulus
	CMAPAmplitudeMV     = "cmap_amplitude_mv"         // wrist CMAP amplitude, baseline to negative peak
	CMAPNegAreaMVms     = "cmap_neg_area_mvms"        // wrist CMAP negative-phase area
	CMAPNegDurationMs   = "cmap_neg_duration_ms"      // wrist CMAP negative-phase duration
	CVms                = "cv_m_s"                    // forearm motor conduction velocity, elbow–wrist
	AmplitudeDropPct    = "amplitude_drop_pct"        // elbow vs wrist CMAP amplitude drop
	FMinLatencyMs       = "fwave_min_latency_ms"      // shortest F-wave latency (onset)
	FMeanLatencyMs      = "fwave_mean_latency_ms"     // mean F-wave latency
	FPersistencePct     = "fwave_persistence_pct"     // % of sweeps with an F-wave
	FChronodispersionMs = "fwave_chronodispersion_ms" // max − min F latency
	RNSDecrementPct     = "rns_decrement_pct"         // (1st − 4th)/1st × 100
	AChAmplitudeNA      = "ach_amplitude_na"          // first application: |peak| over baseline
	AChTHalfS           = "ach_t_half_s"              // first application: peak to half-amplitude in agonist
	AChRiseS            = "ach_rise_10_90_s"          // first application: 10–90 % rise time
	AChWeightedTauS     = "ach_weighted_tau_s"        // first application: amplitude-weighted decay τ of its fit, s
	ScanMUNE            = "cmapscan_mune"             // motor unit number estimate; NaN when the scan gives none
	ScanD50             = "cmapscan_d50"              // largest steps making up half of the scan's rise
	HandgripKg          = KindHandgrip
	MRC                 = KindMRC
)

// measureOrder is the order of measures in tables: conduction, F-waves, RNS, ACh currents, CMAP scan,
// clinical scores. Measures not listed (from a trial built in Go) follow in alphabetical order.
var measureOrder = []string{DMLms, CMAPAmplitudeMV, CMAPNegAreaMVms, CMAPNegDurationMs, CVms, AmplitudeDropPct,
	FMinLatencyMs, FMeanLatencyMs, FPersistencePct, FChronodispersionMs, RNSDecrementPct, AChAmplitudeNA, AChTHalfS, AChRiseS, AChWeightedTauS,
	ScanMUNE, ScanD50, HandgripKg, MRC}

// sortMeasures orders names as measureOrder does, unknown names last and alphabetically.
func sortMeasures(names []string) {
	rank := func(s string) int {
		for i, m := range measureOrder {
			if m == s {
				return i
			}
		}
		return len(measureOrder)
	}
	sort.SliceStable(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
}

// Values holds named measures of one file or pair of files; NaN where the analysis ran but the measure
// could not be made (the single command's null).
type Values map[string]float64

// accumulator averages values over several files of a kind, ignoring NaN: the mean of what was
// measured, NaN when nothing was.
type accumulator struct {
	sum map[string]float64
	n   map[string]int
}

func (a *accumulator) add(v Values) {
	if a.sum == nil {
		a.sum, a.n = map[string]float64{}, map[string]int{}
	}
	for k, x := range v {
		if _, ok := a.n[k]; !ok {
			a.n[k] = 0
		}
		if !math.IsNaN(x) {
			a.sum[k] += x
			a.n[k]++
		}
	}
}

func (a *accumulator) into(dst map[string]float64) {
	for k, n := range a.n {
		if n == 0 {
			dst[k] = math.NaN()
		} else {
			dst[k] = a.sum[k] / float64(n)
		}
	}
}

func nan() float64 { return math.NaN() }
