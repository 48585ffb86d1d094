package ephys

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// channelName is the name a channel is written under: its own, or ch<k> (k from 1).
func channelName(r *Recording, c int) string {
	if n := strings.TrimSpace(r.Channels[c].Name); n != "" {
		return n
	}
	return "ch" + strconv.Itoa(c+1)
}

// tableLayout checks that a recording can be written as one time column and read back as the same
// recording, and returns the common rate, the time of row 0 on the sweeps' axis and the row count.
// It refuses, before anything is written: channels at different rates; more columns, or more numbers,
// than the table readers accept (maxTableColumns, MaxTextValues); a time zero that is not finite, or
// so large beside the sample interval that the printed times could not tell samples apart.
func tableLayout(r *Recording, f Format) (rate, t0 float64, rows int, err error) {
	unsupported := func(format string, args ...any) error {
		return &UnsupportedError{Format: f, Msg: fmt.Sprintf(format, args...)}
	}
	nch, nsw := len(r.Channels), len(r.Sweeps)
	if nch == 0 || nsw == 0 {
		return 0, 0, 0, unsupported("the recording has no channels or no sweeps")
	}
	if ncol := int64(nch) * int64(nsw); ncol+1 > maxTableColumns {
		return 0, 0, 0, unsupported("%d channels × %d sweeps make %d columns, more than the %d a table may have; write EDF instead",
			nch, nsw, ncol, maxTableColumns-1)
	}
	rate = r.Channels[0].Rate
	if !(rate > 0) || math.IsInf(rate, 0) {
		return 0, 0, 0, unsupported("sample rate %v", rate)
	}
	for _, c := range r.Channels[1:] {
		if math.Abs(c.Rate-rate) > 1e-9*rate {
			return 0, 0, 0, unsupported("channels have different sample rates (%g and %g Hz); one time column cannot serve both", rate, c.Rate)
		}
	}
	// One time column: the sweeps' own axis when they share a time zero, else time from each
	// sweep's start.
	// Zeros that differ by float noise (a millionth of a sample) are one zero.
	zero := r.Sweeps[0].Zero
	for _, s := range r.Sweeps {
		if !(math.Abs(s.Zero-zero) <= 1e-6/rate) {
			zero = 0
			break
		}
	}
	for c := range r.Channels {
		for s := range r.Sweeps {
			rows = max(rows, r.SweepLen(c, s))
		}
	}
	if values := int64(rows) * (int64(nch)*int64(nsw) + 1); values > MaxTextValues {
		return 0, 0, 0, unsupported("%d rows of %d columns make %d numbers, more than the %d a text table may hold; write EDF instead",
			rows, nch*nsw+1, values, int64(MaxTextValues))
	}
	// The times are printed in full (shortest round-trip form), so they read back exactly; they must
	// still be distinct and evenly spaced, which a float64 affords while its rounding, |t|·2⁻⁵², stays
	// under a millionth of the sample interval.
	if math.IsNaN(zero) || math.IsInf(zero, 0) || (math.Abs(zero)+float64(rows)/rate)*0x1p-52 > 1e-6/rate {
		return 0, 0, 0, unsupported("time zero %v s at %g Hz: the time column could not tell the samples apart", zero, rate)
	}
	return rate, -zero, rows, nil
}

// columnTitle is the title of channel name's column for one sweep (sweep < 0 when the recording has
// one sweep): "<name> (<unit>)" or "<name> sweep <k> (<unit>)". A name the readers would take for a
// sweep title ("EMG sweep 3") gets an explicit "sweep 1" when there is one sweep, and a title that
// would still not read back as name, unit and sweep is refused.
func columnTitle(f Format, name, unit string, sweep int) (string, error) {
	title := func(k int) string {
		if k < 0 {
			return name + " (" + unit + ")"
		}
		return name + " sweep " + strconv.Itoa(k+1) + " (" + unit + ")"
	}
	want := colSpec{name: name, unit: unit, swept: sweep >= 0}
	t := title(sweep)
	if got := parseDataTitle(t); got != want {
		if sweep < 0 {
			t = title(0)
			want.swept = true
		}
		if got := parseDataTitle(t); got != want {
			return "", &UnsupportedError{Format: f, Msg: fmt.Sprintf("channel %q in %q: its column title would not read back", name, unit)}
		}
	}
	return t, nil
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
	names := channelNames(r, f)
	var titles []string
	for c, ch := range r.Channels {
		unit := writtenUnit(ch.Unit, f)
		for s := range r.Sweeps {
			k := s
			if len(r.Sweeps) == 1 {
				k = -1
			}
			t, err := columnTitle(f, names[c], unit, k)
			if err != nil {
				return err
			}
			titles = append(titles, t)
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
	return streamRows(w, r, f, sep, rate, t0, rows)
}

// streamRows writes rows of time and samples (channel-major columns) in chunks read through
// ReadSamples.
func streamRows(w io.Writer, r *Recording, f Format, sep byte, rate, t0 float64, rows int) error {
	ncol := len(r.Channels) * len(r.Sweeps)
	chunk := max(1, min(8192, (1<<21)/ncol))
	buf := make([][]float64, ncol)
	have := make([]int, ncol)
	for k := range buf {
		buf[k] = make([]float64, chunk)
	}
	k0, whole := sampleIndex(t0, rate)
	format, digits := byte('g'), -1 // times in their shortest form
	if rows <= timeCheckRows && !timeReadsBack(f, rate, t0, rows, 'g', -1) {
		// A short column whose shortest times are also those of a whole number of hertz (10 samples
		// at 1/0.00248 s read back as 403 Hz): all 17 digits tell the rate apart.
		if format, digits = 'e', 16; !timeReadsBack(f, rate, t0, rows, format, digits) {
			return &UnsupportedError{Format: f, Msg: fmt.Sprintf("a time column of %d rows at %g Hz would not read back at that rate", rows, rate)}
		}
	}
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
			for i, v := range buf[k][:have[k]] {
				if math.IsInf(v, 0) { // the readers take NaN for a missing value, but refuse ±Inf
					return &UnsupportedError{Format: f, Msg: fmt.Sprintf("channel %d sweep %d sample %d is %v, which a text table cannot hold", c+1, s+1, row0+i+1, v)}
				}
			}
		}
		for i := range m {
			line = strconv.AppendFloat(line[:0], rowTime(t0, rate, k0, whole, row0+i), format, digits, 64)
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

// timeCheckRows bounds the time columns timeReadsBack checks. The reader can take a whole number of
// hertz for a rate that is not one only while the column's drift between the two, (n − 1)·|1/r − 1/W|,
// stays within the printed digits, which takes a short column.
const timeCheckRows = 1 << 16

// timeReadsBack reports whether the time column of rows rows at rate, from t0, printed with
// strconv's format and digits, reads back at rate (to 1e-9) under the readers' own rule (timeGrid).
func timeReadsBack(f Format, rate, t0 float64, rows int, format byte, digits int) bool {
	if rows < 2 {
		return true // the reader refuses the table for want of rows, whatever its times
	}
	k0, whole := sampleIndex(t0, rate)
	t, dec := make([]float64, rows), make([]int8, rows)
	var b []byte
	for i := range t {
		b = strconv.AppendFloat(b[:0], rowTime(t0, rate, k0, whole, i), format, digits, 64)
		t[i], _ = strconv.ParseFloat(string(b), 64)
		dec[i] = printedDecimals(b)
	}
	got, err := timeGrid(f, t, dec, 1)
	return err == nil && math.Abs(got-rate) <= 1e-9*rate
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
	held := [2]string{sc.StimulusUnit, sc.ResponseUnit} // what the values are in
	for k, c := range sc.Columns {
		switch unit := parseDataTitle(c).unit; {
		case k < 2 && unit != held[k] && (held[k] == "mA" || held[k] == "mV" || held[k] == ""):
			// the reader converted the values to mA and mV: keep the default title
		case k+1 < len(titles):
			titles[k+1] = c // the file's own title, whose unit the values are in ("Stim. (%)")
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
