package ephys

import (
	"bytes"
	"fmt"
	"strings"
)

// CSV/TSV tables.
//
// A table has a header row. Its first column is time and names its unit: "time_s", "time_ms",
// "time_us", "Time (s)", "t (ms)", "time [s]" and the like. Every other column is one sweep of one
// channel, titled "<name> (<unit>)" (a channel with one sweep) or "<name> sweep <k> (<unit>)"; columns
// with the same name and unit and a sweep number are the sweeps of one channel, in the order of the
// file. A sweep shorter than the time column leaves its last cells empty. The sample rate comes from
// the time column (timeGrid: its span, or whole hertz where that reproduces every printed stamp), which
// must be evenly sampled, and the time column's zero is each sweep's time reference (Sweep.Zero = −t_first). A UTF-8 byte-order mark, CRLF line ends, quoted titles,
// blank lines and "#" comment lines before the header are tolerated, and the header itself may stand
// behind a "#"; cells may be "NaN" but not infinite. Titles give units as "name (mV)", "name [mV]" or
// "name_mV"; the time column as "time_s", "time_ms", "Time (ms)", "Time [ms]", "t (ms)" and the like.

// readTable reads a CSV (sep ',') or TSV (sep '\t') table held in b.
func readTable(b []byte, sep byte) (*Recording, error) {
	return parseText(textLines(tableFormat(sep), b), tableParser(sep))
}

// tableParser returns parseTable for one separator.
func tableParser(sep byte) func(*lineReader) (*Recording, error) {
	return func(lr *lineReader) (*Recording, error) { return parseTable(lr, sep) }
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
		if blank(l) {
			continue
		}
		if l[0] == '#' {
			// A comment, unless it is the header behind a "#" ("# Time [ms], amp_mV", as some rigs
			// export it): a time title, then more columns.
			l = bytes.TrimLeft(l[1:], " \t#")
			if c, _ := splitCells(nil, l, sep, 2); len(c) < 2 || timeScale(textString(c[0])) == 0 {
				continue
			}
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
	if isScanTable(timeTitle) {
		return parseScanTable(lr, f, sep, titles)
	}
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
