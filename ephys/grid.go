package ephys

import (
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
		t = append(t, tv)
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
	span := (t[n-1] - t[0]) * g.timeScale
	rate := float64(n-1) / span
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, formatErr(g.f, -1, "time column spans %v s: no sample rate", span)
	}
	rate = snapRate(rate)
	// The printed times are rounded; they must still lie on an even grid (half a sample).
	t0 := t[0] * g.timeScale
	for i, v := range t {
		if math.Abs(v*g.timeScale-(t0+float64(i)/rate)) > 0.5/rate {
			return nil, formatErr(g.f, -1, "time column is not evenly spaced: row %d is at %v, the grid of %g Hz puts it at %v", i+1, v, rate, (t0+float64(i)/rate)/g.timeScale)
		}
	}
	return groupColumns(g.f, g.specs, cols, rate, 0-t0) // 0−t0: no −0
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
