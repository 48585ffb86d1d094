package ephys

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// CSV/TSV tables.
//
// A table has a header row. Its first column is time and names its unit: "time_s", "time_ms",
// "time_us", "Time (s)", "t (ms)", "time [s]" and the like. Every other column is one sweep of one
// channel, titled "<name> (<unit>)" (a channel with one sweep) or "<name> sweep <k> (<unit>)"; columns
// with the same name and unit and a sweep number are the sweeps of one channel, in the order of the
// file. A sweep shorter than the time column leaves its last cells empty. The sample rate is
// (n − 1) / (t_last − t_first) over the whole time column, and the time column's zero is each sweep's
// time reference (Sweep.Zero = −t_first). A UTF-8 byte-order mark, CRLF line ends, quoted titles,
// blank lines and "#" comment lines before the header are tolerated; cells may be "NaN" but not
// infinite.

// maxTableColumns bounds the columns of a text table (CSV, TSV, ATF).
const maxTableColumns = 1 << 16

// timeTitle matches a time column's title and captures its unit.
var timeTitle = regexp.MustCompile(`(?i)^(?:time|t)\s*(?:_|\(|\[|/|in)?\s*(s|sec|ms|us|µs|μs|min)\s*[)\]]?$`)

// dataTitle splits a data column's title into name, sweep (or trace) number and unit.
var dataTitle = regexp.MustCompile(`(?i)^(.*?)\s*(?:\b(?:sweep|trace)\s*#?\s*(\d+))?\s*(?:\(([^()]*)\))?$`)

// timeScale returns the factor from the time column's unit to seconds, 0 if title is not a time title.
func timeScale(title string) float64 {
	m := timeTitle.FindStringSubmatch(strings.TrimSpace(title))
	if m == nil {
		return 0
	}
	switch strings.ToLower(m[1]) {
	case "s", "sec":
		return 1
	case "ms":
		return 1e-3
	case "us", "µs", "μs":
		return 1e-6
	case "min":
		return 60
	}
	return 0
}

// colSpec describes one data column: the channel it belongs to and whether it is one of several
// sweeps of that channel.
type colSpec struct {
	name, unit string
	swept      bool // titled with a sweep/trace number: grouped with the same name and unit
}

func parseDataTitle(title string) colSpec {
	title = strings.TrimSpace(title)
	m := dataTitle.FindStringSubmatch(title)
	if m == nil { // cannot happen: every part of the pattern is optional
		return colSpec{name: title}
	}
	return colSpec{name: strings.TrimSpace(m[1]), unit: strings.TrimSpace(m[3]), swept: m[2] != ""}
}

// textString returns b as a UTF-8 string, reading it as Latin-1 when it is not valid UTF-8.
func textString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// lineReader walks the lines of a text file through a small buffer, tracking line numbers and byte
// offsets; the file is never held whole. A line is valid until the next call to next. A read error
// ends the lines and is kept in err, which the readers return in place of what they parsed.
type lineReader struct {
	f    Format
	ra   io.ReaderAt
	size int64
	r    *bufio.Reader
	long []byte // a line longer than r's buffer, assembled
	line int    // number (from 1) of the line last returned
	off  int64  // offset of the line last returned
	pos  int64  // offset of the next line
	err  error
}

const (
	lineBuffer = 64 << 10
	// maxLineBytes bounds one line: a row of maxTableColumns long numbers is under 100 KiB.
	maxLineBytes = 16 << 20
)

// newLineReader reads the size bytes of ra as text of format f, skipping a UTF-8 byte-order mark.
func newLineReader(f Format, ra io.ReaderAt, size int64) *lineReader {
	buf := int(min(lineBuffer, max(size, 16))) // a small file gets a small buffer
	lr := &lineReader{f: f, ra: ra, size: size, r: bufio.NewReaderSize(io.NewSectionReader(ra, 0, size), buf)}
	if b, _ := lr.r.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		lr.r.Discard(3)
		lr.pos = 3
	}
	return lr
}

// textLines is a lineReader over text already in memory.
func textLines(f Format, b []byte) *lineReader {
	return newLineReader(f, bytes.NewReader(b), int64(len(b)))
}

// next returns the next line without its line end, false at the end of the text or after an error.
func (lr *lineReader) next() ([]byte, bool) {
	if lr.err != nil {
		return nil, false
	}
	l, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], l...)
		for err == bufio.ErrBufferFull && len(lr.long) <= maxLineBytes {
			l, err = lr.r.ReadSlice('\n')
			lr.long = append(lr.long, l...)
		}
		if len(lr.long) > maxLineBytes {
			lr.err = formatErr(lr.f, lr.pos, "line %d is longer than %d bytes", lr.line+1, maxLineBytes)
			return nil, false
		}
		l = lr.long
	}
	if err != nil && err != io.EOF {
		lr.err = err
		return nil, false
	}
	if len(l) == 0 {
		return nil, false
	}
	lr.off = lr.pos
	lr.pos += int64(len(l))
	lr.line++
	if n := len(l); l[n-1] == '\n' {
		l = l[:n-1]
	}
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, true
}

// restLines counts the lines from the next one to the end of the text (a last line without a line end
// counts), reading ahead of the buffer without consuming anything. The extra pass over the file (from
// the page cache, a fraction of the parse's time) lets a table allocate its columns once at their
// final size: grown by append, a large table would briefly need half as much again.
func (lr *lineReader) restLines() (int, error) {
	buffered, _ := lr.r.Peek(lr.r.Buffered())
	n := bytes.Count(buffered, []byte{'\n'})
	last := byte('\n')
	if len(buffered) > 0 {
		last = buffered[len(buffered)-1]
	}
	start := lr.pos + int64(len(buffered))
	buf := make([]byte, min(lineBuffer, max(lr.size-start, 0)))
	for off := start; off < lr.size; {
		k, err := lr.ra.ReadAt(buf[:min(int64(len(buf)), lr.size-off)], off)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if k > 0 {
			last = buf[k-1]
		}
		off += int64(k)
		if err != nil && !(err == io.EOF && off == lr.size) {
			return 0, err
		}
		if k == 0 && err == nil {
			return 0, io.ErrNoProgress
		}
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

func blank(l []byte) bool { return len(bytes.TrimSpace(l)) == 0 }

// splitCells appends the cells of line l to dst, separated by sep, with CSV quoting ("a, b" and ""
// for a quote inside quotes). Unquoted cells are trimmed of blanks. It stops with ok = false when
// the line has more than max cells.
func splitCells(dst [][]byte, l []byte, sep byte, max int) (cells [][]byte, ok bool) {
	if bytes.IndexByte(l, '"') < 0 { // fast path
		for {
			if len(dst) >= max {
				return dst, false
			}
			i := bytes.IndexByte(l, sep)
			if i < 0 {
				return append(dst, bytes.TrimSpace(l)), true
			}
			dst = append(dst, bytes.TrimSpace(l[:i]))
			l = l[i+1:]
		}
	}
	for {
		if len(dst) >= max {
			return dst, false
		}
		t := bytes.TrimLeft(l, " ")
		if len(t) > 0 && t[0] == '"' {
			var cell []byte
			t = t[1:]
			for {
				q := bytes.IndexByte(t, '"')
				if q < 0 { // unterminated: take the rest
					cell = append(cell, t...)
					t = nil
					break
				}
				cell = append(cell, t[:q]...)
				t = t[q+1:]
				if len(t) > 0 && t[0] == '"' {
					cell = append(cell, '"')
					t = t[1:]
					continue
				}
				break
			}
			if cell == nil {
				cell = []byte{}
			}
			dst = append(dst, cell)
			i := bytes.IndexByte(t, sep)
			if i < 0 {
				return dst, true
			}
			l = t[i+1:]
			continue
		}
		i := bytes.IndexByte(l, sep)
		if i < 0 {
			return append(dst, bytes.TrimSpace(l)), true
		}
		dst = append(dst, bytes.TrimSpace(l[:i]))
		l = l[i+1:]
	}
}

// parseNumber parses a cell as a float64 without allocating.
func parseNumber(c []byte) (float64, error) {
	if len(c) == 0 {
		return 0, strconv.ErrSyntax
	}
	// The string shares c's memory only for the call; the error, if any, is not kept.
	v, err := strconv.ParseFloat(unsafe.String(&c[0], len(c)), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v, nil // ±Inf or a denormal: judged by the caller
		}
		return 0, strconv.ErrSyntax
	}
	return v, nil
}

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
		return nil, formatErr(g.f, -1, "%d rows of data: at least 2 are needed for a sample rate", n)
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
	start := 0.0
	for k := range sweeps {
		sweeps[k] = Sweep{Start: start, Zero: zero}
		longest := 0
		for c := range data {
			longest = max(longest, len(data[c][k]))
		}
		start += float64(longest) / rate
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

// clip shortens a cell for an error message.
func clip(c []byte) string {
	if len(c) > 40 {
		return textString(c[:40]) + "…"
	}
	return textString(c)
}

// readTable reads a CSV (sep ',') or TSV (sep '\t') table held in b.
func readTable(b []byte, sep byte) (*Recording, error) {
	return parseText(textLines(tableFormat(sep), b), tableParser(sep))
}

// tableParser returns parseTable for one separator.
func tableParser(sep byte) func(*lineReader) (*Recording, error) {
	return func(lr *lineReader) (*Recording, error) { return parseTable(lr, sep) }
}

// parseText runs parse over the lines of lr; a read error of lr takes the place of the result.
func parseText(lr *lineReader, parse func(*lineReader) (*Recording, error)) (*Recording, error) {
	r, err := parse(lr)
	if lr.err != nil {
		return nil, lr.err
	}
	return r, err
}

func tableFormat(sep byte) Format {
	if sep == '\t' {
		return FormatTSV
	}
	return FormatCSV
}

func parseTable(lr *lineReader, sep byte) (*Recording, error) {
	f := tableFormat(sep)
	var head []byte
	for {
		l, ok := lr.next()
		if !ok {
			return nil, formatErr(f, -1, "no header row")
		}
		if blank(l) || l[0] == '#' {
			continue
		}
		head = l
		break
	}
	titles, ok := splitCells(nil, head, sep, maxTableColumns)
	if !ok {
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("more than %d columns", maxTableColumns)}
	}
	if len(titles) < 2 {
		return nil, formatErr(f, lr.off, "header row has %d column: a time column and data columns are needed", len(titles))
	}
	timeTitle := textString(titles[0]) // the line's bytes are reused once the rows are read
	ts := timeScale(timeTitle)
	if ts == 0 {
		return nil, formatErr(f, lr.off, "no time column: the first column is %q, not time_s, time_ms, \"Time (s)\" or the like", clip(titles[0]))
	}
	specs := make([]colSpec, len(titles)-1)
	for k, t := range titles[1:] {
		specs[k] = parseDataTitle(textString(t))
	}
	g := &gridReader{f: f, sep: sep, timeScale: ts, specs: specs}
	r, err := g.read(lr)
	if err != nil {
		return nil, err
	}
	r.Header = []Field{{Key: "time column", Value: strings.TrimSpace(timeTitle)}}
	return r, nil
}

// channelName is the name a channel is written under: its own, or ch<k> (k from 1).
func channelName(r *Recording, c int) string {
	if n := strings.TrimSpace(r.Channels[c].Name); n != "" {
		return n
	}
	return "ch" + strconv.Itoa(c+1)
}

// tableLayout checks that a recording can be written as one time column and returns the common rate,
// the time of row 0 on the sweeps' axis and the row count.
func tableLayout(r *Recording, f Format) (rate, t0 float64, rows int, err error) {
	if len(r.Channels) == 0 || len(r.Sweeps) == 0 {
		return 0, 0, 0, &UnsupportedError{Format: f, Msg: "the recording has no channels or no sweeps"}
	}
	rate = r.Channels[0].Rate
	if !(rate > 0) || math.IsInf(rate, 0) {
		return 0, 0, 0, &UnsupportedError{Format: f, Msg: fmt.Sprintf("sample rate %v", rate)}
	}
	for _, c := range r.Channels[1:] {
		if math.Abs(c.Rate-rate) > 1e-9*rate {
			return 0, 0, 0, &UnsupportedError{Format: f, Msg: fmt.Sprintf("channels have different sample rates (%g and %g Hz); one time column cannot serve both", rate, c.Rate)}
		}
	}
	// One time column: the sweeps' own axis when they share a time zero, else time from each
	// sweep's start.
	zero := r.Sweeps[0].Zero
	for _, s := range r.Sweeps {
		if s.Zero != zero {
			zero = 0
			break
		}
	}
	for c := range r.Channels {
		for s := range r.Sweeps {
			rows = max(rows, r.SweepLen(c, s))
		}
	}
	return rate, -zero, rows, nil
}

// writeTable writes the recording as a table with columns time_s, then one column per channel and
// sweep, channel-major, titled "<channel> (<unit>)" with one sweep and "<channel> sweep <k> (<unit>)"
// with several. Numbers are in the shortest form that reads back to the same float64. All channels
// must share one sample rate. When the sweeps have different time zeros, time_s is the time from each
// sweep's start. A recording without channels that holds a CMAP scan (Qtrac MEM) is written as its
// scan points. Rows are streamed: memory stays bounded whatever the length.
func writeTable(w io.Writer, r *Recording, sep byte) error {
	f := FormatCSV
	if sep == '\t' {
		f = FormatTSV
	}
	if len(r.Channels) == 0 && r.Scan != nil {
		return writeScanTable(w, r.Scan, sep)
	}
	rate, t0, rows, err := tableLayout(r, f)
	if err != nil {
		return err
	}
	var titles []string
	for c, ch := range r.Channels {
		for s := range r.Sweeps {
			t := channelName(r, c)
			if len(r.Sweeps) > 1 {
				t += " sweep " + strconv.Itoa(s+1)
			}
			titles = append(titles, t+" ("+ch.Unit+")")
		}
	}
	line := []byte("time_s")
	for _, t := range titles {
		line = append(line, sep)
		line = appendCSVCell(line, t, sep)
	}
	line = append(line, '\n')
	if _, err := w.Write(line); err != nil {
		return err
	}
	return streamRows(w, r, sep, rate, t0, rows)
}

// streamRows writes rows of time and samples (channel-major columns) in chunks read through
// ReadSamples.
func streamRows(w io.Writer, r *Recording, sep byte, rate, t0 float64, rows int) error {
	ncol := len(r.Channels) * len(r.Sweeps)
	chunk := max(1, min(8192, (1<<21)/ncol))
	buf := make([][]float64, ncol)
	have := make([]int, ncol)
	for k := range buf {
		buf[k] = make([]float64, chunk)
	}
	k0, whole := sampleIndex(t0, rate)
	var line []byte
	for row0 := 0; row0 < rows; row0 += chunk {
		m := min(chunk, rows-row0)
		for k := range buf {
			c, s := k/len(r.Sweeps), k%len(r.Sweeps)
			have[k] = min(m, max(0, r.SweepLen(c, s)-row0))
			if have[k] == 0 {
				continue
			}
			if _, err := r.ReadSamples(buf[k][:have[k]], c, s, row0); err != nil {
				return err
			}
		}
		for i := range m {
			line = strconv.AppendFloat(line[:0], rowTime(t0, rate, k0, whole, row0+i), 'g', -1, 64)
			for k := range buf {
				line = append(line, sep)
				if i < have[k] {
					line = strconv.AppendFloat(line, buf[k][i], 'g', -1, 64)
				}
			}
			line = append(line, '\n')
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
	}
	return nil
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

// sampleIndex reports whether t0 lies on the sample grid, t0 = k0/rate to within 1e-6 of a sample,
// as it does when a file's time column starts at a whole number of samples from time zero.
func sampleIndex(t0, rate float64) (k0 int64, whole bool) {
	k := math.Round(t0 * rate)
	if math.Abs(t0*rate-k) > 1e-6 || math.Abs(k) > 1<<52 {
		return 0, false
	}
	return int64(k), true
}

// rowTime is the time of row i: (k0 + i)/rate on the sample grid, so that the column reads
// -0.00195 rather than -0.0019500000000000001 when t0 = -0.002 s at 20 kHz; t0 + i/rate otherwise.
func rowTime(t0, rate float64, k0 int64, whole bool, i int) float64 {
	if whole {
		return float64(k0+int64(i)) / rate
	}
	return t0 + float64(i)/rate
}

// appendCSVCell appends s, quoted when it holds the separator, a quote or a line end.
func appendCSVCell(dst []byte, s string, sep byte) []byte {
	if !strings.ContainsAny(s, string(sep)+"\"\r\n") {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	dst = append(dst, strings.ReplaceAll(s, `"`, `""`)...)
	return append(dst, '"')
}

// writeScanTable writes CMAP-scan points: the point number, then the file's columns with their units.
func writeScanTable(w io.Writer, sc *Scan, sep byte) error {
	titles := []string{"point", "Stim. (mA)", "Amp. (mV)"}
	for k, c := range sc.Columns {
		switch unit := parseDataTitle(c).unit; {
		case k == 0 && unit != "mA", k == 1 && unit != "mV":
			// the reader converted the values to mA and mV: keep the default title
		case k+1 < len(titles):
			titles[k+1] = c
		default:
			titles = append(titles, c)
		}
	}
	var line []byte
	for k, t := range titles {
		if k > 0 {
			line = append(line, sep)
		}
		line = appendCSVCell(line, t, sep)
	}
	line = append(line, '\n')
	for _, p := range sc.Points {
		line = strconv.AppendInt(line, int64(p.Index), 10)
		line = append(line, sep)
		line = strconv.AppendFloat(line, p.StimulusMA, 'g', -1, 64)
		line = append(line, sep)
		line = strconv.AppendFloat(line, p.ResponseMV, 'g', -1, 64)
		for _, v := range p.Extra {
			line = append(line, sep)
			line = strconv.AppendFloat(line, v, 'g', -1, 64)
		}
		line = append(line, '\n')
		if len(line) > 1<<16 {
			if _, err := w.Write(line); err != nil {
				return err
			}
			line = line[:0]
		}
	}
	_, err := w.Write(line)
	return err
}
