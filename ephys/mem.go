package ephys

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Qtrac MEM files (CMAP scans, Qtrac's text export):
//
//	File:              	C:\Qtrac\Data\MSCC00128A.QZD     header "Key: value" lines
//	Protocol:          	MSCAN-R2
//	…
//	M-SCAN DATA (7.1-2m)
//	Scanpts: 99, 102, 548, 551
//	Stim. (mA)     	Amp. (mV)                             column titles
//	MS.1           	14             	6.733                scan points
//	…
//	DERIVED EXCITABILITY VARIABLES                        sections: "Key = value" and other lines
//	EXTRA VARIABLES
//	MScPeak(mV) = 6.62
//
// A MEM Recording has no channels and no sweeps: the header fields (in order, up to and including
// "M-SCAN DATA" and "Scanpts") are Recording.Header, the points Recording.Scan (stimulus in mA,
// response in mV, converted when the titles name other prefixes; a column in a unit that is no
// current or voltage, such as "Stim. (%)", is kept as it is and its unit named in Scan.StimulusUnit
// or ResponseUnit; further columns in Extra) and every
// later section, Qtrac's own results among them, Scan.Sections. A file cut anywhere after the points
// (as at "DERIVED EXCITABILITY VARIABLES") reads the same, without those sections.

// Section is a titled part of a text file after its data, e.g. a Qtrac MEM file's "EXTRA VARIABLES".
type Section struct {
	Title  string
	Fields []Field  // its "Key = value" lines, in order
	Lines  []string // its other non-blank lines, as text
}

// maxMEMFields bounds the header fields and section lines of a MEM file, and maxMEMSize the file: a
// Qtrac scan file is a few tens of kilobytes, and all of its text is kept.
const (
	maxMEMFields = 1 << 20
	maxMEMSize   = 64 << 20
)

// sniffMEM reports whether head is the start of a Qtrac MEM file: a line that begins with "M-SCAN"
// (its data title) or with the first scan point "MS.1" and a blank. Only the start of a line counts: a
// CSV whose title or comment mentions M-SCAN is not a scan.
func sniffMEM(head []byte) bool {
	for l := range bytes.Lines(head) {
		l = bytes.TrimLeft(l, " \t")
		if bytes.HasPrefix(l, []byte("M-SCAN")) || bytes.HasPrefix(l, []byte("MS.1 ")) || bytes.HasPrefix(l, []byte("MS.1\t")) {
			return true
		}
	}
	return false
}

// memTitle reports whether l is a section title: capitals and blanks only.
func memTitle(l string) bool {
	letter := false
	for _, c := range l {
		switch {
		case c >= 'A' && c <= 'Z':
			letter = true
		case c == ' ' || c == '-' || c == '/' || (c >= '0' && c <= '9'):
		default:
			return false
		}
	}
	return letter
}

// readMEM reads a Qtrac MEM file held in b.
func readMEM(b []byte) (*Recording, error) { return parseText(textLines(FormatMEM, b), parseMEM) }

func parseMEM(lr *lineReader) (*Recording, error) {
	r := &Recording{Format: FormatMEM, Mode: "cmap-scan"}
	sc := &Scan{}
	const (
		inHeader = iota
		inScan
		inSections
	)
	state := inHeader
	var sec *Section
	lines := 0
	unit := [2]float64{1, 1}
	for {
		raw, ok := lr.next()
		if !ok {
			break
		}
		if blank(raw) {
			continue
		}
		if lines++; lines > maxMEMFields {
			return nil, &UnsupportedError{Format: FormatMEM, Msg: fmt.Sprintf("more than %d lines", maxMEMFields)}
		}
		l := strings.TrimSpace(textString(raw))
		isPoint := strings.HasPrefix(l, "MS.") && len(l) > 3 && l[3] >= '0' && l[3] <= '9'
		switch {
		case isPoint && state != inSections:
			state = inScan
			p, err := memPoint(l, unit)
			if err != nil {
				return nil, formatErr(FormatMEM, lr.off, "line %d: %v", lr.line, err)
			}
			sc.Points = append(sc.Points, p)
		case state == inHeader && strings.HasPrefix(strings.ToUpper(l), "M-SCAN"):
			title, rest := l, ""
			if i := strings.IndexAny(l, " \t"); i >= 0 {
				title, rest = l[:i], strings.TrimSpace(l[i:])
				if strings.HasPrefix(strings.ToUpper(rest), "DATA") {
					title, rest = title+" DATA", strings.TrimSpace(rest[4:])
				}
			}
			r.Header = append(r.Header, Field{Key: title, Value: rest})
		case state == inHeader && sc.Columns == nil && strings.Contains(l, "(") && !memKeyLine(l):
			// Column titles: tab-separated, or separated by runs of blanks.
			var cols []string
			if strings.Contains(l, "\t") {
				cols = strings.Split(l, "\t")
			} else {
				cols = splitRuns(l)
			}
			for _, c := range cols {
				if c = strings.TrimSpace(c); c != "" {
					sc.Columns = append(sc.Columns, c)
				}
			}
			if len(sc.Columns) > maxTableColumns {
				return nil, &UnsupportedError{Format: FormatMEM, Msg: "too many scan columns"}
			}
			units := [2]*string{&sc.StimulusUnit, &sc.ResponseUnit}
			for k := range min(2, len(sc.Columns)) {
				want := [2]string{"mA", "mV"}[k]
				if u := parseDataTitle(sc.Columns[k]).unit; u != "" {
					if f, err := Scale(u, want); err == nil {
						unit[k] = f
					} else {
						*units[k] = u // not a current (voltage): kept as it is, in its own unit
					}
				}
			}
		case state == inHeader:
			key, val, _ := strings.Cut(l, ":")
			r.Header = append(r.Header, Field{Key: strings.TrimSpace(key), Value: strings.TrimSpace(val)})
			if strings.EqualFold(strings.TrimSpace(key), "Protocol") {
				r.Protocol = strings.TrimSpace(val)
			}
		default:
			if memTitle(l) || sec == nil {
				state = inSections
				sc.Sections = append(sc.Sections, Section{})
				sec = &sc.Sections[len(sc.Sections)-1]
				if memTitle(l) {
					sec.Title = l
					continue
				}
			}
			if key, val, ok := strings.Cut(l, "="); ok && !strings.ContainsAny(key, "\t") {
				sec.Fields = append(sec.Fields, Field{Key: strings.TrimSpace(key), Value: strings.TrimSpace(val)})
			} else {
				sec.Lines = append(sec.Lines, l)
			}
		}
	}
	if len(sc.Points) == 0 {
		return nil, formatErr(FormatMEM, -1, "no scan points (MS.<i> rows)")
	}
	if sc.StimulusUnit == "" {
		sc.StimulusUnit = "mA"
	}
	if sc.ResponseUnit == "" {
		sc.ResponseUnit = "mV"
	}
	r.Scan = sc
	return r, nil
}

// memKeyLine reports whether l is a "Key: value" line whose key has no parenthesis.
func memKeyLine(l string) bool {
	key, _, ok := strings.Cut(l, ":")
	return ok && !strings.Contains(key, "(")
}

// splitRuns splits s at runs of two or more blanks.
func splitRuns(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "  ")
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = strings.TrimLeft(s[i:], " ")
	}
}

// memPoint parses "MS.<i>  stim  amp …".
func memPoint(l string, unit [2]float64) (ScanPoint, error) {
	f := strings.Fields(l)
	idx, err := strconv.Atoi(strings.TrimPrefix(f[0], "MS."))
	if err != nil {
		return ScanPoint{}, fmt.Errorf("%q is not MS.<number>", f[0])
	}
	if len(f) < 3 {
		return ScanPoint{}, fmt.Errorf("scan point %s has %d values, stimulus and response are needed", f[0], len(f)-1)
	}
	vals := make([]float64, len(f)-1)
	for k, s := range f[1:] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v != v || v-v != 0 {
			return ScanPoint{}, fmt.Errorf("scan point %s, column %d: %q is not a finite number", f[0], k+1, clipString(s))
		}
		vals[k] = v
	}
	conv := func(v, f float64) float64 {
		if f < 1 { // divide by the integer power of ten: 6733 µV is 6.733 mV, not 6.7330000000000005
			return v / math.Round(1/f)
		}
		return v * f
	}
	p := ScanPoint{Index: idx, StimulusMA: conv(vals[0], unit[0]), ResponseMV: conv(vals[1], unit[1])}
	if len(vals) > 2 {
		p.Extra = vals[2:]
	}
	return p, nil
}
