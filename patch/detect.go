package patch

import (
	"math"

	"github.com/endplate/endplate/filters"
	"github.com/endplate/endplate/internal/order"
)

// Detection works on a copy of the current smoothed by a centred boxcar of
// SmoothS seconds. 100 ms holds whole periods of 50 Hz and of 60 Hz mains
// hum (5 and 6), so hum averages out of the smoothed trace, and it is short
// against a perfusion exchange (0.1–0.5 s) and against the onset tolerance
// a user reads onsets with.
const smoothS = 0.1

// noiseLevel describes the noise of one trace: SD of the raw samples and
// of the smoothed trace, both estimated robustly so that responses, which
// are slow, barely move them.
type noiseLevel struct {
	sd       float64 // raw samples: MAD of lag-w differences / (0.6745·√2)
	sdSmooth float64 // smoothed trace: MAD of lag-w differences / (0.6745·√2)
}

// madScale converts a median absolute deviation into a Gaussian SD.
const madScale = 1 / 0.6744897501960817

// estimateNoise measures the noise of y (raw) and of the detection trace s
// (smoothed over w of its own points).
// Differences remove the level and the drift; the median ignores the few
// differences that straddle a fast part of a response. Differences of s at
// lag w compare independent windows, so their spread is √2 times the SD of
// the smoothed noise whatever its spectrum (hum, low-pass filtering).
//
// A long trace is sampled: noiseBlocks stretches of noiseBlock consecutive
// differences spread evenly over it (each stretch long against a hum period
// and a smoothing width, so every phase of the hum is represented), which
// pins the median down to well under 1 % at a fixed cost.
func estimateNoise(y, s []float64, w int, scratch []float64) noiseLevel {
	var nl noiseLevel
	n := len(y)
	if n < 3 {
		return nl
	}
	// Raw samples: differences at the lag of the smoothing width (100 ms,
	// whole periods of 50 and 60 Hz) rather than first differences, which
	// see only the fast part of low-pass-filtered (correlated) noise and
	// would put the SD several times too low.
	lag := max(1, (n-1)/max(1, len(s)-1)*w) // the smoothing width in raw samples
	if lag >= n {
		lag = 1
	}
	d := scratch[:0]
	eachBlock(n-lag, func(i int) { d = append(d, math.Abs(y[i+lag]-y[i])) })
	nl.sd = order.Median(d) * madScale / math.Sqrt2
	d = d[:0]
	if len(s) > w {
		eachBlock(len(s)-w, func(i int) { d = append(d, math.Abs(s[i+w]-s[i])) })
	}
	if len(d) > 0 {
		nl.sdSmooth = order.Median(d) * madScale / math.Sqrt2
	}
	if !(nl.sdSmooth > 0) {
		nl.sdSmooth = nl.sd / math.Sqrt(float64(w))
	}
	return nl
}

const noiseBlocks, noiseBlock = 64, 1024

// eachBlock calls fn for every index below n, or for the indices of
// noiseBlocks evenly spaced blocks of noiseBlock when n is larger.
func eachBlock(n int, fn func(i int)) {
	if n <= noiseBlocks*noiseBlock {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	for b := 0; b < noiseBlocks; b++ {
		start := int(int64(b) * int64(n-noiseBlock) / (noiseBlocks - 1))
		for i := start; i < start+noiseBlock; i++ {
			fn(i)
		}
	}
}

// core is the part of a trace where the smoothed current lies far from the
// baseline: the middle of one response.
type core struct {
	start, end int     // samples [start, end)
	extreme    int     // index of the largest deviation
	amp        float64 // its size (positive), in the trace's unit
	sign       float64 // −1 inward (negative) response, +1 outward
}

// Thresholds of the detection, from DESIGN.md: a response found from the
// current itself must reach 10× the baseline noise SD (and 5 % of the
// file's largest response, applied across sweeps by the caller).
const (
	detectSD   = 10
	returnSD   = 5   // hysteresis: a core ends when the current is back within 5 SD …
	quietS     = 0.5 // … for 0.5 s (several exchange times) …
	baselineS  = 10  // drift is followed by a line through the last 10 s of quiet samples
	boundarySD = 4   // onset/return: where the smoothed trace leaves the baseline by 4 SD of its noise
)

// findCores scans the smoothed trace s (rate fs) for stretches that leave a
// tracked baseline by more than detectSD·sd. The baseline is a line through
// the quiet samples of the last baselineS seconds, so slow drift is
// followed between responses and extrapolated across them.
func findCores(s []float64, fs float64, nl noiseLevel) []core {
	n := len(s)
	if n == 0 || !(nl.sd > 0) {
		return nil
	}
	hi, lo := detectSD*nl.sd, returnSD*nl.sd
	quiet := max(1, int(quietS*fs))
	win := max(2, int(baselineS*fs))
	var cores []core
	// Quiet-sample line: running sums over the samples since quietFrom
	// (at most win of them, restarted when longer).
	var reg lineSums
	quietFrom := 0
	// The line's slope counts once it rests on 2 s of quiet samples; before
	// that the baseline is their mean (a slope from a short stretch would
	// be mostly noise, extrapolated).
	minSpan := 2 * fs
	base := func(i int) float64 {
		if reg.n < minSpan {
			return reg.sy / reg.n
		}
		return reg.at(float64(i))
	}
	// The first 0.2 s (at least two smoothing widths) start the baseline:
	// agonist is applied after a stretch of baseline.
	i0 := min(n, max(2*int(smoothS*fs), int(0.2*fs), 2))
	for i := 0; i < i0; i++ {
		reg.add(float64(i), s[i])
	}
	i := i0
	for i < n {
		d := s[i] - base(i)
		if math.Abs(d) <= hi {
			if i-quietFrom >= 2*win { // keep the line local: restart from the last win samples
				reg = lineSums{}
				quietFrom = i - win
				for k := quietFrom; k <= i; k++ {
					reg.add(float64(k), s[k])
				}
			} else {
				reg.add(float64(i), s[i])
			}
			i++
			continue
		}
		c := core{start: i, extreme: i, amp: math.Abs(d), sign: math.Copysign(1, d)}
		run := 0
		j := i
		for ; j < n; j++ {
			dj := (s[j] - base(j)) * c.sign
			if dj > c.amp {
				c.amp, c.extreme = dj, j
			}
			if dj < -lo {
				break // swung to the other side: this core is over, another begins
			}
			if dj < lo {
				run++
				if run >= quiet {
					j++
					break
				}
			} else {
				run = 0
			}
		}
		c.end = j - run
		cores = append(cores, c)
		// Restart the baseline after the core.
		reg = lineSums{}
		quietFrom = c.end
		for k := c.end; k < j && k < n; k++ {
			reg.add(float64(k), s[k])
		}
		i = j
	}
	return cores
}

// lineSums accumulates a least-squares line y = a + b·x. at solves for the
// line once per lineRefresh added points (the line through thousands of
// quiet samples moves by much less than the noise in between), so that
// following a baseline sample by sample costs an add and a multiply.
type lineSums struct {
	n, sx, sy, sxx, sxy float64
	a, b                float64 // the line as of solvedAt points
	solvedAt            float64
}

const lineRefresh = 64

func (l *lineSums) add(x, y float64) {
	l.n++
	l.sx += x
	l.sy += y
	l.sxx += x * x
	l.sxy += x * y
}

// addRange adds the points (x0 + k·dx, y[k]): Σx and Σx² in closed form,
// Σy and Σk·y in one pass.
func (l *lineSums) addRange(y []float64, x0, dx float64) {
	m := float64(len(y))
	if m == 0 {
		return
	}
	var sy, sky float64
	for k, v := range y {
		sy += v
		sky += float64(k) * v
	}
	sk := m * (m - 1) / 2
	skk := (m - 1) * m * (2*m - 1) / 6
	l.n += m
	l.sx += m*x0 + dx*sk
	l.sxx += m*x0*x0 + 2*x0*dx*sk + dx*dx*skk
	l.sy += sy
	l.sxy += x0*sy + dx*sky
}

// coef returns the line's intercept and slope; with fewer than three
// points (or no spread in x) the slope is 0.
func (l *lineSums) coef() (a, b float64) {
	if l.n == 0 {
		return math.NaN(), 0
	}
	mx, my := l.sx/l.n, l.sy/l.n
	vxx := l.sxx/l.n - mx*mx
	if l.n < 3 || !(vxx > 0) {
		return my, 0
	}
	b = (l.sxy/l.n - mx*my) / vxx
	return my - b*mx, b
}

// at returns the line at x, solved afresh when lineRefresh points have
// been added since the last solution (or it has none).
func (l *lineSums) at(x float64) float64 {
	if l.solvedAt == 0 || l.n < l.solvedAt || l.n-l.solvedAt >= lineRefresh || l.n < 2*lineRefresh {
		l.a, l.b = l.coef()
		l.solvedAt = l.n
	}
	return l.a + l.b*x
}

// onsetBefore walks back from the start of a core to where the smoothed
// trace comes back within boundarySD·sdSmooth of the level just before it
// (the median of the second before the rising edge). lim is the earliest
// index it may return.
func onsetBefore(s []float64, c core, fs float64, nl noiseLevel, lim int, scratch []float64) int {
	edge := c.start
	// The rising edge below the detection threshold is at most one exchange
	// long; look for the level before it, 0.5 s back, over 1 s.
	gap := max(1, int(0.5*fs))
	a, b := max(lim, edge-gap-int(fs)), max(lim, edge-gap)
	if b-a < max(3, int(0.2*fs)) {
		a, b = lim, max(lim+1, min(edge, lim+int(fs)))
	}
	level := order.Median(append(scratch[:0], s[a:b]...))
	thr := boundarySD * nl.sdSmooth
	i := edge
	for i > lim && (s[i-1]-level)*c.sign > thr {
		i--
	}
	return i
}

// returnAfter finds where a response is over: scanning backwards from hi
// (the next onset, or the end of the trace) towards the core's end, it
// follows the baseline by a line fitted to every sample seen so far and
// stops where the smoothed trace has left that line by more than
// boundarySD·sdSmooth for one smoothing width in a row. It returns the first
// index after the response, or hi when the trace never comes back.
func returnAfter(s []float64, c core, hi int, w int, nl noiseLevel) int {
	if hi <= c.end {
		return hi
	}
	thr := boundarySD * nl.sdSmooth
	var reg lineSums
	// Seed the line with the last smoothing width (or what there is).
	j := hi
	for k := 0; k < w && j > c.end; k++ {
		j--
		reg.add(float64(j), s[j])
	}
	run := 0
	for j > c.end {
		k := j - 1
		if math.Abs(s[k]-reg.at(float64(k))) > thr {
			run++
			if run >= w {
				return k + run
			}
		} else {
			// Samples of a short excursion join the line once it is over.
			for m := k + run; m >= k; m-- {
				reg.add(float64(m), s[m])
			}
			run = 0
		}
		j = k
	}
	return c.end
}

// smooth returns the trace smoothed for detection (dst reused).
func smooth(dst, y []float64, w int) []float64 {
	if cap(dst) < len(y) {
		dst = make([]float64, len(y))
	}
	return filters.MovingAverage(dst[:len(y)], y, w)
}
