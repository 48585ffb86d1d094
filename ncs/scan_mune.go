package ncs

import (
	"math"
	"slices"

	"github.com/endplate/endplate/ephys"
)

// MUNE from a CMAP scan under MScanFit's model (Bostock, Muscle Nerve 2016).
//
// The model: unit i, of amplitude a_i and threshold T_i, fires at stimulus S with probability
// p_i = Φ((S − T_i)/(RS·T_i)), independently from stimulus to stimulus; the response is the sum of
// the units that fire plus noise of variance σ². So the mean curve and the scatter about it are
//
//	m(S) = Σ a_i p_i(S),    v(S) = Σ a_i² p_i(1 − p_i) + σ².
//
// Over one unit's transition ∫ p(1 − p) dS = RS·T/√π (∫ Φ(z)(1 − Φ(z)) dz = 1/√π) while its rise is
// a_i, so over any stretch of the scan that holds whole transitions
//
//	Σ a_i² = √π/RS · ∫ (v(S) − σ²)/S dS,    Σ a_i = Δm,
//
// and the number of units of a stretch whose units are of one size is Δm²/Σ a_i². The estimate
// divides ln(S) into bins one transition wide (BinSpreads·RS: a unit goes from 2.3 % to 97.7 % firing
// probability within ±2 RS·T), so that units of different sizes at different thresholds are counted
// with their own size, and sums the bins. Within a bin:
//
//   - v(S) comes from neighbours in stimulus order, ½(y_{j+1} − y_j)², which needs no mean curve (the
//     mean's own change between neighbours, a few µV, is negligible against the scatter);
//   - Δm is the bin's slope of response against ln S (least squares) times its span;
//   - σ² is from the baseline responses (median of squared successive differences, robust to the odd
//     stray response);
//   - no unit is smaller than SmallestUnitPct of the maximal CMAP (MScanFit's size limit), so a bin
//     counts at most Δm/(smallest unit) units — also where its scatter does not rise above the noise.
//
// The bins' placement is arbitrary; the estimate is the mean over scanPhases placements shifted by a
// fraction of a bin. Nothing in it is fitted to a reference's answers: RS and the size limit are
// MScanFit's, the bin width one unit's transition.
//
// Units of different sizes within one bin count as fewer units of their size-weighted mean size
// (Δm²/Σa² = N/(1 + CV²) there): like MScanFit, the estimate cannot resolve units whose transitions
// overlap entirely.

// scanPhases placements of the bins are averaged.
const scanPhases = 4

type muneScratch struct {
	idx   []int
	diffs []float64
}

// baselineNoise is the rms noise of one response, from the successive differences (in recorded order)
// of the baseline responses idx (indices into pts): σ² = median(d²) / (2 · 0.45494), 0.45494 being
// the median of χ²₁.
func baselineNoise(pts []ephys.ScanPoint, idx []int, sc *muneScratch) float64 {
	sc.idx = append(sc.idx[:0], idx...)
	slices.Sort(sc.idx)
	sc.diffs = sc.diffs[:0]
	for k := 1; k < len(sc.idx); k++ {
		d := pts[sc.idx[k]].ResponseMV - pts[sc.idx[k-1]].ResponseMV
		sc.diffs = append(sc.diffs, d*d)
	}
	if len(sc.diffs) == 0 {
		return 0
	}
	slices.Sort(sc.diffs)
	m := len(sc.diffs)
	med := sc.diffs[m/2]
	if m%2 == 0 {
		med = (sc.diffs[m/2-1] + med) / 2
	}
	return math.Sqrt(med / (2 * 0.45494))
}

// estimateUnits returns the number of units of the scan (s ascending, y the responses in that order),
// as the package's MUNE comment explains; 0 when the scan has no rise to count.
func estimateUnits(s, y []float64, peak, noise float64, o ScanOptions, _ *muneScratch) float64 {
	n := len(s)
	if n < 3 {
		return 0
	}
	rs := o.RelativeSpread
	width := o.BinSpreads * rs
	smallest := o.SmallestUnitPct / 100 * peak
	sig2 := noise * noise
	scale := math.Sqrt(math.Pi) / rs
	x0 := math.Log((s[0] + s[1]) / 2)

	total := 0.0
	for ph := range scanPhases {
		start := x0 - width*float64(ph)/scanPhases
		var b scanBin
		bin := -1
		units := 0.0
		for j := 0; j+1 < n; j++ {
			sm := (s[j] + s[j+1]) / 2
			// spacing of the pair midpoints around j (one-sided at the ends)
			var w float64
			switch {
			case n == 2:
				w = 0
			case j == 0:
				w = (s[2] - s[0]) / 2
			case j+2 == n:
				w = (s[n-1] - s[n-3]) / 2
			default:
				w = (s[j+1] + s[j+2] - s[j-1] - s[j]) / 4
			}
			x := math.Log(sm) - start // from the grid's start: keeps the bin's sums well conditioned
			d := y[j+1] - y[j]
			q := (d*d/2 - sig2) * w / sm * scale
			k := int(math.Floor(x / width))
			if k != bin {
				units += b.units(smallest)
				b = scanBin{}
				bin = k
			}
			b.add(x, (y[j]+y[j+1])/2, q)
		}
		units += b.units(smallest)
		total += units
	}
	return total / scanPhases
}

// scanBin accumulates the pairs of one bin: least squares of response on ln S, and Σ a².
type scanBin struct {
	n                  int
	sx, sy, sxx, sxy   float64
	xmin, xmax, sumSq2 float64
}

func (b *scanBin) add(x, y, q float64) {
	if b.n == 0 {
		b.xmin, b.xmax = x, x
	}
	b.n++
	b.sx += x
	b.sy += y
	b.sxx += x * x
	b.sxy += x * y
	b.xmin = min(b.xmin, x)
	b.xmax = max(b.xmax, x)
	b.sumSq2 += q
}

// units is the bin's count: Δm²/Σa², at most Δm/smallest. A bin of fewer than 3 pairs has no slope.
func (b *scanBin) units(smallest float64) float64 {
	if b.n < 3 {
		return 0
	}
	nf := float64(b.n)
	mx, my := b.sx/nf, b.sy/nf
	sxx := b.sxx - nf*mx*mx
	if !(sxx > 0) {
		return 0
	}
	slope := (b.sxy - nf*mx*my) / sxx
	dm := slope * (b.xmax - b.xmin)
	if !(dm > 0) {
		return 0
	}
	limit := dm / smallest
	if b.sumSq2 <= 0 {
		return limit
	}
	return min(dm*dm/b.sumSq2, limit)
}
