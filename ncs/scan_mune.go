package ncs

import (
	"math"
	"slices"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/internal/order"
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
//   - Δm is the bin's slope of response against ln S (least squares) times its extent;
//   - σ² is from the baseline responses (median of squared successive differences, robust to the odd
//     stray response);
//   - no unit is smaller than SmallestUnitPct of the maximal CMAP (MScanFit's size limit), so a bin
//     counts at most Δm/(smallest unit) units — also where its scatter does not rise above the noise.
//
// Dividing by an estimate inflates: E[1/X] ≈ (1 + Var X/X²)/X. A bin of a scan with few units holds
// only a few switches of each (a unit alternates on ~8 neighbour pairs of a 500-point scan), so its
// Σ a² is known to ±35 % and its count would come out 10–30 % high. Consecutive bins are therefore
// merged into windows until the relative variance of Σ a² is at most maxRelVar, and that first-order
// inflation is divided out; the variance comes from the pairs themselves.
//
// The bins' placement is arbitrary; the estimate is the mean over scanPhases placements shifted by a
// fraction of a bin. Nothing in it is fitted to a reference's answers: RS and the size limit are
// MScanFit's, the bin width one unit's transition, the precision bound a statistical choice.
//
// Units of different sizes within one window count as fewer units of their size-weighted mean size
// (Δm²/Σa² = N/(1 + CV²) there): like MScanFit, the estimate cannot resolve units whose transitions
// overlap entirely. On scans simulated from the model (TestScanMUNESimulated) it finds 0.92–1.07 N
// with units of one size (5 to 160 units), N with few units of different sizes (up to 20, where
// their transitions seldom overlap), and towards N/(1 + CV²) with many units of log-normal sizes of
// coefficient of variation CV.

// scanPhases placements of the bins are averaged.
const scanPhases = 4

type muneScratch struct {
	idx            []int
	diffs          []float64
	x, ym, q, r, v []float64 // per neighbour pair
}

// baselineNoise is the rms noise of one response, from the successive differences (in recorded order)
// of the baseline responses idx (indices into pts): σ² = median(d²) / (2 · 0.45494), 0.45494 being
// the median of χ²₁ (the median ignores the odd stray response).
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
	med := order.Median(sc.diffs)
	if med == 0 {
		// Responses printed more coarsely than their noise (most baseline neighbours equal): the
		// noise is the quantisation's, the mean square of the differences.
		return math.Sqrt(scanMean(sc.diffs) / 2)
	}
	return math.Sqrt(med / (2 * 0.45494))
}

// estimateUnits returns the number of units of the scan (s ascending, y the responses in that order),
// as the package's MUNE comment explains; 0 when the scan has no rise to count.
func estimateUnits(s, y []float64, peak, noise float64, o ScanOptions, sc *muneScratch) float64 {
	n := len(s)
	if n < 4 {
		return 0
	}
	rs := o.RelativeSpread
	width := o.BinSpreads * rs
	smallest := o.SmallestUnitPct / 100 * peak
	sig2 := noise * noise
	scale := math.Sqrt(math.Pi) / rs

	// Per neighbour pair j: ln of its mid-stimulus, its mean response, and its share of Σ a² —
	// √π/RS · (d²/2 − σ²) · ΔS/S, ΔS the spacing of the pair midpoints (one-sided at the ends) — and
	// the same without the noise subtracted, for the scatter of the sum.
	m := n - 1
	sc.x, sc.ym = grow(sc.x, m), grow(sc.ym, m)
	sc.q, sc.r = grow(sc.q, m), grow(sc.r, m)
	for j := range m {
		sm := (s[j] + s[j+1]) / 2
		var w float64
		switch {
		case j == 0:
			w = (s[2] - s[0]) / 2
		case j == m-1:
			w = (s[n-1] - s[n-3]) / 2
		default:
			w = (s[j+1] + s[j+2] - s[j-1] - s[j]) / 4
		}
		d := y[j+1] - y[j]
		c := w / sm * scale
		sc.x[j] = math.Log(sm)
		sc.ym[j] = (y[j] + y[j+1]) / 2
		sc.q[j] = (d*d/2 - sig2) * c
		sc.r[j] = d * d / 2 * c
	}
	// The variance of a sum of the r_j: each term's variance and its covariance with the next pair
	// (they share a point), E[r_j²] + 2E[r_j r_{j+1}] − 3(E r_j)², the squared mean taken from
	// r_j·r_{j+2}, a product of independent pairs. Local, so a window whose scatter changes along it
	// is not taken for a noisy one.
	sc.v = grow(sc.v, m)
	for j := range m {
		r := sc.r[j]
		r1, r2 := r, r
		if j+1 < m {
			r1 = sc.r[j+1]
		}
		if j+2 < m {
			r2 = sc.r[j+2]
		}
		sc.v[j] = r*r + 2*r*r1 - 3*r*r2
	}

	total := 0.0
	for ph := range scanPhases {
		start := sc.x[0] - width*float64(ph)/scanPhases
		var b scanBin
		var win scanWindow
		bin := math.MinInt
		for j := range m {
			x := sc.x[j] - start // from the grid's start: keeps the bin's sums well conditioned
			if k := int(math.Floor(x / width)); k != bin {
				win.add(&b, smallest)
				b = scanBin{}
				bin = k
			}
			b.add(x, sc.ym[j], sc.q[j], sc.v[j])
		}
		win.add(&b, smallest)
		total += win.close(smallest)
	}
	return total / scanPhases
}

// maxRelVar bounds the relative variance of a window's Σ a² estimate: consecutive bins are merged
// until it is reached, and the first-order inflation of dividing by the estimate, E[1/X] ≈
// (1 + Var X/X²)/X, is divided out. What is left is of order (Var X/X²)², at most 4 %, while windows
// stay as narrow as they can so that units of different sizes are counted with their own sizes.
// Where many units overlap a single bin is already that precise; in a scan of few units a bin holds
// only a few switches of one unit and is merged with its neighbours.
const maxRelVar = 0.2

// scanBin accumulates the pairs of one bin: least squares of response on ln S, Σ a², and Σ r² for the
// scatter of Σ a².
type scanBin struct {
	n                  int
	sx, sy, sxx, sxy   float64
	xmin, xmax, sumSq2 float64
	sumV               float64 // estimated variance of sumSq2
}

func (b *scanBin) add(x, y, q, v float64) {
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
	b.sumV += v
}

// rise is the bin's Δm: its least-squares slope of response on ln S times its span; 0 for a bin of
// fewer than 3 pairs or a falling slope.
func (b *scanBin) rise() float64 {
	if b.n < 3 {
		return 0
	}
	nf := float64(b.n)
	mx, my := b.sx/nf, b.sy/nf
	sxx := b.sxx - nf*mx*mx
	if !(sxx > 0) {
		return 0
	}
	// The bin's n pairs, δ apart, cover nδ of ln S, not the (n − 1)δ between its first and last:
	// without the last gap the rises of the bins would not add up to the whole rise.
	dm := (b.sxy - nf*mx*my) / sxx * (b.xmax - b.xmin) * nf / (nf - 1)
	return max(dm, 0)
}

// scanWindow merges consecutive bins until their Σ a² is known well enough (maxRelVar) and sums the
// windows' counts.
type scanWindow struct {
	dm, sumSq2, sumV float64
	units            float64
}

// varSumSq2 is the variance of the window's Σ a² estimate.
func (w *scanWindow) varSumSq2() float64 { return max(w.sumV, 0) }

func (w *scanWindow) reset() { w.dm, w.sumSq2, w.sumV = 0, 0, 0 }

func (w *scanWindow) add(b *scanBin, smallest float64) {
	if b.n == 0 {
		return
	}
	w.dm += b.rise()
	w.sumSq2 += b.sumSq2
	w.sumV += b.sumV
	if w.sumSq2 > 0 && w.varSumSq2() <= maxRelVar*w.sumSq2*w.sumSq2 {
		w.units += w.count(smallest)
		w.reset()
	}
}

// close counts what is left (a last window short of the precision wanted) and returns the total.
func (w *scanWindow) close(smallest float64) float64 {
	w.units += w.count(smallest)
	w.reset()
	return w.units
}

// count is the window's Δm²/Σa², Σa² enlarged by its relative variance (the first-order bias of
// dividing by an estimate), and at most Δm/smallest.
func (w *scanWindow) count(smallest float64) float64 {
	if !(w.dm > 0) {
		return 0
	}
	limit := w.dm / smallest
	if w.sumSq2 <= 0 {
		return limit
	}
	s2 := w.sumSq2 + w.varSumSq2()/w.sumSq2
	return min(w.dm*w.dm/s2, limit)
}
