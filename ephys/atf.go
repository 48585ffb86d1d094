package ephys

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Axon Text File (ATF), as Clampfit writes it:
//
//	ATF	1.0
//	4	2                             optional header records, columns
//	"AcquisitionMode=Gap Free"      header records "Key=Value"
//	"Comment="
//	"SignalsExported=I_M"
//	"Signals="	"I_M"
//	"Time (s)"	"Trace #1 (nA)"    column titles
//	0.000000	-9.7597               data, tab-separated
//
// The first column is time ("Time (s)" or "Time (ms)"). Clampfit's "Trace #k (unit)" columns are the
// sweeps of a signal; the signal's name comes from "Signals=" (one entry per data column, or one per
// signal repeated for every trace) or "SignalsExported=". Other titles read as in a CSV table
// ("<name> (<unit>)" is a channel of its own). The sample rate is (n − 1) / (t_last − t_first) over the
// whole time column and time zero is the time column's zero (Sweep.Zero = −t[0]).
// "SweepStartTimesMS=" places the sweeps on the recording's clock when it lists one time per sweep.

// readATF reads an ATF file held in b.
func readATF(b []byte) (*Recording, error) { return parseText(textLines(FormatATF, b), parseATF) }

// maxATFHeaderBytes bounds the optional header records kept as Fields (Clampfit writes a few hundred
// bytes of them).
const maxATFHeaderBytes = 4 << 20

func parseATF(lr *lineReader) (*Recording, error) {
	l1, _ := lr.next()
	version := strings.Trim(strings.TrimSpace(textString(l1[min(3, len(l1)):])), `"`)
	l2, ok := lr.next()
	if !ok {
		return nil, &FormatError{Format: FormatATF, Offset: lr.size, Msg: "file ends before line 2 (header records and columns)", Err: io.ErrUnexpectedEOF}
	}
	nums := strings.Fields(strings.ReplaceAll(textString(l2), ",", " "))
	if len(nums) < 2 {
		return nil, formatErr(FormatATF, lr.off, "line 2 is %q, not the number of header records and of columns", clip(l2))
	}
	nopt, err1 := strconv.Atoi(nums[0])
	ncol, err2 := strconv.Atoi(nums[1])
	switch {
	case err1 != nil || err2 != nil:
		return nil, formatErr(FormatATF, lr.off, "line 2 is %q, not two integers", clip(l2))
	case nopt < 0:
		return nil, formatErr(FormatATF, lr.off, "line 2 gives %d header records", nopt)
	case ncol < 2:
		return nil, formatErr(FormatATF, lr.off, "line 2 gives %d columns: a time column and data are needed", ncol)
	case ncol > maxTableColumns+1:
		return nil, &UnsupportedError{Format: FormatATF, Msg: fmt.Sprintf("%d columns, more than %d", ncol, maxTableColumns+1)}
	}
	var header []Field
	var signals, exported []string
	var sweepStarts []float64
	var cells [][]byte
	kept := 0 // bytes of header text kept in Fields
	for i := range nopt {
		l, ok := lr.next()
		if !ok {
			return nil, &FormatError{Format: FormatATF, Offset: lr.size,
				Msg: fmt.Sprintf("file ends after %d of the %d header records line 2 announces", i, nopt), Err: io.ErrUnexpectedEOF}
		}
		if kept += len(l); kept > maxATFHeaderBytes {
			return nil, &UnsupportedError{Format: FormatATF, Msg: fmt.Sprintf("header records longer than %d bytes in all", maxATFHeaderBytes)}
		}
		sep := byte('\t')
		if !strings.Contains(string(l), "\t") {
			sep = ','
		}
		cells, _ = splitCells(cells[:0], l, sep, maxTableColumns+2)
		if len(cells) == 0 {
			continue
		}
		first := textString(cells[0])
		key, val, _ := strings.Cut(first, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		var extra []string
		for _, c := range cells[1:] {
			extra = append(extra, textString(c))
		}
		full := val
		if len(extra) > 0 {
			full = strings.TrimSpace(strings.Join(append([]string{val}, extra...), "\t"))
		}
		header = append(header, Field{Key: key, Value: full})
		switch strings.ToLower(key) {
		case "signals":
			if val != "" {
				signals = append(signals, val)
			}
			signals = append(signals, extra...)
		case "signalsexported":
			for _, s := range strings.Split(val, ",") {
				if s = strings.TrimSpace(s); s != "" {
					exported = append(exported, s)
				}
			}
		case "sweepstarttimesms":
			sweepStarts = sweepStarts[:0]
			for _, s := range strings.Split(val, ",") {
				v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
				if err != nil {
					sweepStarts = nil
					break
				}
				if len(sweepStarts) < maxTableColumns {
					sweepStarts = append(sweepStarts, v/1000)
				}
			}
		}
	}
	var titleLine []byte
	for {
		l, ok := lr.next()
		if !ok {
			return nil, &FormatError{Format: FormatATF, Offset: lr.size, Msg: "file ends before the column titles", Err: io.ErrUnexpectedEOF}
		}
		if !blank(l) {
			titleLine = l
			break
		}
	}
	sep := byte('\t')
	if !strings.Contains(string(titleLine), "\t") && strings.Contains(string(titleLine), ",") {
		sep = ','
	}
	titles, ok := splitCells(nil, titleLine, sep, ncol+1)
	if !ok || len(titles) != ncol {
		return nil, formatErr(FormatATF, lr.off, "line %d has %d column titles, line 2 announces %d", lr.line, len(titles), ncol)
	}
	ts := timeScale(textString(titles[0]))
	if ts == 0 {
		return nil, formatErr(FormatATF, lr.off, "the first column is %q, not \"Time (s)\" or \"Time (ms)\"", clip(titles[0]))
	}
	specs := make([]colSpec, ncol-1)
	for k, t := range titles[1:] {
		s := parseDataTitle(textString(t))
		if s.swept && s.name == "" {
			switch {
			case len(signals) == ncol-1:
				s.name = signals[k]
			case len(exported) == 1:
				s.name = exported[0]
			case len(signals) > 0 && (ncol-1)%len(signals) == 0:
				s.name = signals[k%len(signals)]
			}
		}
		specs[k] = s
	}
	g := &gridReader{f: FormatATF, sep: sep, timeScale: ts, specs: specs}
	r, err := g.read(lr)
	if err != nil {
		return nil, err
	}
	r.Version = version
	r.Header = header
	if len(sweepStarts) == len(r.Sweeps) {
		for k := range r.Sweeps {
			r.Sweeps[k].Start = sweepStarts[k]
		}
	}
	for _, h := range header {
		if strings.EqualFold(h.Key, "AcquisitionMode") && h.Value != "" {
			r.Mode = h.Value
		}
	}
	return r, nil
}
