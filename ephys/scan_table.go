package ephys

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A CMAP scan as a table: what writeScanTable writes for a Qtrac MEM file, read back as a scan.
//
//	point,Stim. (mA),Amp. (mV)[,more columns]
//	1,14,6.7
//
// The first title is "point"; the stimulus and response columns are converted to mA and mV from the
// units their titles give, as in a MEM file; further columns are each point's Extra values (a point
// may have fewer of them than there are titles).

// isScanTable reports whether a table's first column title marks a CMAP-scan table.
func isScanTable(title string) bool { return strings.EqualFold(strings.TrimSpace(title), "point") }

// parseScanTable reads the rows of a CMAP-scan table whose header row gave titles.
func parseScanTable(lr *lineReader, f Format, sep byte, titles [][]byte) (*Recording, error) {
	if len(titles) < 3 {
		return nil, formatErr(f, lr.off, "a scan table needs point, stimulus and response columns; the header has %d", len(titles))
	}
	sc := &Scan{}
	for _, t := range titles[1:] {
		sc.Columns = append(sc.Columns, strings.TrimSpace(textString(t)))
	}
	unit := [2]float64{1, 1}
	for k, want := range [2]string{"mA", "mV"} {
		if u := parseDataTitle(sc.Columns[k]).unit; u != "" {
			s, err := Scale(u, want)
			if err != nil {
				return nil, formatErr(f, lr.off, "scan column %q: unit %q is not %s", sc.Columns[k], u, want)
			}
			unit[k] = s
		}
	}
	maxPoints := MaxTextValues / len(titles)
	var cells [][]byte
	for {
		l, ok := lr.next()
		if !ok {
			break
		}
		if blank(l) {
			continue
		}
		var fit bool
		cells, fit = splitCells(cells[:0], l, sep, len(titles)+8)
		for len(cells) > 3 && len(cells[len(cells)-1]) == 0 { // empty cells after a point's last value
			cells = cells[:len(cells)-1]
		}
		switch {
		case !fit || len(cells) > len(titles):
			return nil, formatErr(f, lr.off, "line %d has more than the header's %d columns", lr.line, len(titles))
		case len(cells) < 3:
			return nil, formatErr(f, lr.off, "line %d: a scan point needs its number, stimulus and response", lr.line)
		case len(sc.Points) == maxPoints:
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("more than %d scan points", maxPoints)}
		}
		idx, err := strconv.Atoi(string(cells[0]))
		if err != nil {
			return nil, formatErr(f, lr.off, "line %d: point %q is not a whole number", lr.line, clip(cells[0]))
		}
		vals := make([]float64, len(cells)-1)
		for k, c := range cells[1:] {
			v, err := parseNumber(c)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, formatErr(f, lr.off, "line %d, column %d: %q is not a finite number", lr.line, k+2, clip(c))
			}
			vals[k] = v
		}
		p := ScanPoint{Index: idx, StimulusMA: vals[0] * unit[0], ResponseMV: vals[1] * unit[1]}
		if len(vals) > 2 {
			p.Extra = vals[2:]
		}
		sc.Points = append(sc.Points, p)
	}
	if len(sc.Points) == 0 {
		return nil, formatErr(f, -1, "a scan table without points")
	}
	return &Recording{Format: f, Mode: "cmap-scan", Scan: sc}, nil
}
