package ncs

import "math"

// NeurophysiologicalIndex is de Carvalho and Swash's index of lower motor neuron loss in ALS
// (Muscle Nerve 2000;23:344): the distal CMAP amplitude divided by the distal motor latency, times
// the F-wave persistence as a fraction — (amplitudeMV / distalLatencyMS) × (fPersistencePct / 100).
// It falls early in ALS, before the CMAP itself. NaN when the latency is not positive or an input is
// not a finite measure (a value that cannot be measured stays unmeasured).
func NeurophysiologicalIndex(amplitudeMV, distalLatencyMS, fPersistencePct float64) float64 {
	if !(distalLatencyMS > 0) || !isFinite(amplitudeMV) || !isFinite(distalLatencyMS) || !isFinite(fPersistencePct) {
		return math.NaN()
	}
	return amplitudeMV / distalLatencyMS * fPersistencePct / 100
}

// SplitHandIndex is Menon, Kiernan and Vucic's split-hand index (Clin Neurophysiol 2013;124:410; the
// "split hand" of ALS: APB and FDI waste before ADM): CMAP amplitudes of abductor pollicis brevis times first dorsal
// interosseous divided by abductor digiti minimi, apbMV × fdiMV / admMV, in mV. NaN when the ADM
// amplitude is not positive or an input is not finite.
func SplitHandIndex(apbMV, fdiMV, admMV float64) float64 {
	if !(admMV > 0) || !isFinite(apbMV) || !isFinite(fdiMV) || !isFinite(admMV) {
		return math.NaN()
	}
	return apbMV * fdiMV / admMV
}

// isFinite reports whether x is neither NaN nor infinite.
func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
