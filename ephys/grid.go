package ephys

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// gridReader reads the numbers under a header: a time column and data columns as specs describe.
type gridReader struct {
	f         Format
	sep       byte
	timeScale float64 // time unit → s
	specs     []colSpec
	maxValues int // numbers kept at most, time column included; 0 means MaxTextValues
}

// read parses the rows that follow the header in lr and builds the recording.
func (g *gridReader) read(lr *lineReader) (*Recording, error) {
	ncol := len(g.specs) + 1
	// Preallocate only when a full table would fit the text (a filled cell takes at least 2 bytes).
	rows, err := lr.restLines()
	if err != nil {
		return nil, err
	}
	rest := lr.size - lr.pos
	maxValues := g.maxValues
	if maxValues == 0 {
		maxValues = MaxTextValues
	}
	maxRows := maxValues / ncol
	capRows := 0
	if int64(rows)*int64(ncol) <= rest/2+int64(ncol) {
		capRows = min(rows, maxRows)
	}
	t := make([]float64, 0, capRows)
	dec := make([]int8, 0, capRows) // decimals each time stamp is printed with
	var firstText []byte            // the first stamp as printed, for the time zero
	cols := make([][]float64, ncol-1)
	for k := range cols {
		cols[k] = make([]float64, 0, capRows)
	}
	ended := make([]bool, ncol-1)
	cells := make([][]byte, 0, ncol+8)
	for {
		l, ok := lr.next()
		if !ok {
			break
		}
		if blank(l) {
			continue
		}
		var fit bool
		cells, fit = splitCells(cells[:0], l, g.sep, ncol+8)
		for len(cells) > ncol && fit { // a trailing separator leaves empty cells: harmless
			if len(cells[len(cells)-1]) != 0 {
				fit = false
				break
			}
			cells = cells[:len(cells)-1]
		}
		if !fit {
			return nil, formatErr(g.f, lr.off, "line %d has more than the header's %d columns", lr.line, ncol)
		}
		if len(t) == maxRows {
			return nil, &UnsupportedError{Format: g.f, Msg: fmt.Sprintf("more than %d rows of %d columns: a text table holds at most %d numbers; keep long recordings in EDF or ABF", maxRows, ncol, maxValues)}
		}
		tv, err := parseNumber(cells[0])
		if err != nil || math.IsNaN(tv) || math.IsInf(tv, 0) {
			return nil, formatErr(g.f, lr.off, "line %d, column 1 (time): %q is not a finite number", lr.line, clip(cells[0]))
		}
		if n := len(t); n > 0 && !(tv > t[n-1]) {
			return nil, formatErr(g.f, lr.off, "line %d: time %v does not increase (previous %v)", lr.line, tv, t[n-1])
		}
		if len(t) == 0 {
			firstText = append([]byte(nil), cells[0]...)
		}
		t = append(t, tv)
		dec = append(dec, printedDecimals(cells[0]))
		for k := range cols {
			var c []byte
			if k+1 < len(cells) {
				c = cells[k+1]
			}
			if len(c) == 0 {
				ended[k] = true
				continue
			}
			if ended[k] {
				return nil, formatErr(g.f, lr.off, "line %d, column %d: a value after an empty cell (only the ends of shorter sweeps may be empty)", lr.line, k+2)
			}
			v, err := parseNumber(c)
			if err != nil || math.IsInf(v, 0) {
				return nil, formatErr(g.f, lr.off, "line %d, column %d: %q is not a number", lr.line, k+2, clip(c))
			}
			cols[k] = append(cols[k], v)
		}
	}
	n := len(t)
	if n < 2 {
		rows := "rows"
		if n == 1 {
			rows = "row"
		}
		return nil, formatErr(g.f, -1, "%d %s of data: at least 2 are needed for a sample rate", n, rows)
	}
	rate, err := timeGrid(g.f, t, dec, g.timeScale)
	if err != nil {
		return nil, err
	}
	return groupColumns(g.f, g.specs, cols, rate, 0-seconds(firstText, t[0], g.timeScale)) // 0−t0: no −0
}

// seconds converts a time stamp in the column's unit to seconds from its decimal text, rounded once:
// −2.1 ms is −0.0021 s, where −2.1 × 1e-3 in float64 is −0.0021000000000000003. Text the decimal
// reading does not cover (an exponent, more than 17 digits, minutes) is converted as v·scale.
func seconds(text []byte, v, scale float64) float64 {
	shift, ok := map[float64]int{1: 0, 1e-3: 3, 1e-6: 6}[scale]
	m, e, dok := decimalParts(text)
	if e += shift; ok && dok && e <= 22 && m > -(1<<53) && m < 1<<53 {
		return float64(m) / math.Pow10(e) // both exact: one correctly rounded division
	}
	return v * scale
}

// timeGrid finds the sample rate of a time column (t in the column's unit, scale to seconds, dec the
// decimals each stamp is printed with) and checks that the column is evenly sampled.
//
// The rate is (n − 1) / (t_last − t_first), or the nearest whole number of hertz where that rate
// reproduces every time stamp to the precision it is printed with (a 30 kHz export printed in
// 0.0333 ms steps spans a little less than n − 1 samples: 29999.87 Hz from the span, 30000 Hz
// reproduces every stamp to ±0.00005 ms), else the span's rate with its float noise removed
// (snapRate). Even sampling: every stamp within half a sample of the grid, and every step within
// half a sample of 1/rate — a row skipped or repeated is a step of two samples or none, however the
// stamps are rounded (a 1 kHz column printed in ms with row 500 missing spans 999 samples in 1 s,
// and 999 Hz reproduces every stamp to the millisecond, but one step is 2 ms).
func timeGrid(f Format, t []float64, dec []int8, scale float64) (float64, error) {
	n := len(t)
	span := (t[n-1] - t[0]) * scale
	rate := float64(n-1) / span
	if !(rate > 0) || math.IsInf(rate, 0) {
		return 0, formatErr(f, -1, "time column spans %v s: no sample rate", span)
	}
	if whole := math.Round(rate); whole >= 1 && reproduces(t, dec, scale, whole) {
		rate = whole
	} else {
		rate = snapRate(rate)
	}
	h := 1 / (rate * scale) // the step in the column's unit
	for i := 1; i < n; i++ {
		if step := t[i] - t[i-1]; !(math.Abs(step-h) < 0.5*h) {
			return 0, formatErr(f, -1, "time column is not evenly sampled: data row %d (time %v) is %.6g after the row before it, where the column's step is %.6g (%g Hz): a row missing or repeated", i+1, t[i], step, h, rate)
		}
	}
	for i, v := range t {
		if want := t[0] + float64(i)*h; !(math.Abs(v-want) <= 0.5*h) {
			return 0, formatErr(f, -1, "time column is not evenly sampled: data row %d is at %v, the grid of %g Hz puts it at %v", i+1, v, rate, want)
		}
	}
	return rate, nil
}

// reproduces reports whether an even grid of rate Hz, at some offset, lies within half a unit of the
// last printed digit of every stamp: the intersection over i of [t_i − i/rate ± p_i/2] is not empty.
// A few ulps of slack allow for the float64 arithmetic.
func reproduces(t []float64, dec []int8, scale, rate float64) bool {
	lo, hi := math.Inf(-1), math.Inf(1)
	for i, v := range t {
		e := float64(i) / (rate * scale)
		half := 0.5*math.Pow10(-int(dec[i])) + 8*ulp(max(math.Abs(v), math.Abs(e)))
		lo, hi = max(lo, v-e-half), min(hi, v-e+half)
		if lo > hi {
			return false
		}
	}
	return true
}

func ulp(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }

// printedDecimals returns the number of decimals a number is printed with: 3 for "0.125", 9 for
// "1e-09", −2 for "1.5e3" (clamped to ±100).
func printedDecimals(c []byte) int8 {
	d := 0
	mant, exp := c, []byte(nil)
	if i := bytes.IndexAny(c, "eE"); i >= 0 {
		mant, exp = c[:i], c[i+1:]
	}
	if i := bytes.IndexByte(mant, '.'); i >= 0 {
		d = len(mant) - i - 1
	}
	if len(exp) > 0 {
		e, err := strconv.Atoi(string(exp))
		if err != nil {
			e = 0
		}
		d -= max(min(e, 1000), -1000)
	}
	return int8(max(min(d, 100), -100))
}

// groupColumns turns data columns into channels × sweeps: columns titled with a sweep number and the
// same name and unit are one channel's sweeps; every other column is a channel of one sweep.
func groupColumns(f Format, specs []colSpec, cols [][]float64, rate, zero float64) (*Recording, error) {
	type group struct {
		spec   colSpec
		sweeps [][]float64
	}
	var groups []*group
	index := map[colSpec]*group{}
	for k, s := range specs {
		if s.swept {
			if g := index[s]; g != nil {
				g.sweeps = append(g.sweeps, cols[k])
				continue
			}
		}
		g := &group{spec: s, sweeps: [][]float64{cols[k]}}
		groups = append(groups, g)
		if s.swept {
			index[s] = g
		}
	}
	if len(groups) == 0 {
		return nil, formatErr(f, -1, "no data columns besides time")
	}
	nsw := len(groups[0].sweeps)
	channels := make([]Channel, len(groups))
	data := make([][][]float64, len(groups))
	for c, g := range groups {
		if len(g.sweeps) != nsw {
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("channels hold different numbers of sweeps (%q %d, %q %d)",
				groups[0].spec.name, nsw, g.spec.name, len(g.sweeps))}
		}
		channels[c] = Channel{Name: g.spec.name, Unit: g.spec.unit, Rate: rate}
		data[c] = g.sweeps
	}
	sweeps := make([]Sweep, nsw)
	before := 0 // samples of the sweeps before this one: one division, no sum of rounded durations
	for k := range sweeps {
		sweeps[k] = Sweep{Start: float64(before) / rate, Zero: zero}
		longest := 0
		for c := range data {
			longest = max(longest, len(data[c][k]))
		}
		before += longest
	}
	r := NewRecording(channels, sweeps, data)
	r.Format = f
	if nsw > 1 {
		r.Mode = "episodic"
	} else {
		r.Mode = "continuous"
	}
	return r, nil
}

// snapRate removes float noise from a rate computed over a printed time column (times in ms read
// in s, rounded digits): a rate within 1e-11 of a number of at most 9 significant digits is that
// number (20000, 44100), and so is 1/dt when the interval dt is such a number (0.00248 s gives
// 403.2258064516129 Hz, the rate an ABF file states for it). Anything else is kept as computed.
func snapRate(rate float64) float64 {
	short := func(v float64) (float64, bool) {
		s, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 9, 64), 64)
		return s, err == nil && math.Abs(s-v) <= 1e-11*math.Abs(v)
	}
	if r, ok := short(rate); ok {
		return r
	}
	if dt, ok := short(1 / rate); ok && math.Abs(1/dt-rate) <= 1e-11*rate {
		return 1 / dt
	}
	return rate
}
