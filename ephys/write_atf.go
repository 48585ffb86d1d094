package ephys

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// writeATF writes the recording as an Axon Text File: "Time (s)", then one "Trace #k (<unit>)" column
// per channel and sweep, channel-major, with "Signals=" naming each column's channel and
// "SweepStartTimesMS=" the sweep starts. Numbers are in their shortest round-trip form. All channels
// must share one sample rate; as in a CSV table, sweeps with different time zeros are written on
// the time from their start. Sweep starts must be finite (within ±maxWriteTime); channel names are
// made distinct and safe as channelNames says.
func writeATF(w io.Writer, r *Recording) error {
	rate, t0, rows, err := tableLayout(r, FormatATF)
	if err != nil {
		return err
	}
	nch, nsw := len(r.Channels), len(r.Sweeps)
	for s, sw := range r.Sweeps {
		if err := finiteTime(FormatATF, fmt.Sprintf("sweep %d's start", s+1), sw.Start, maxWriteTime); err != nil {
			return err
		}
	}
	names := channelNames(r, FormatATF)
	mode := "Episodic Stimulation"
	if nsw == 1 {
		mode = "Gap Free"
	}
	var b []byte
	b = append(b, "ATF\t1.0\n"...)
	b = fmt.Appendf(b, "%d\t%d\n", 5, 1+nch*nsw)
	b = fmt.Appendf(b, "\"AcquisitionMode=%s\"\n", mode)
	b = append(b, "\"Comment=\"\n"...)
	b = append(b, "\"SweepStartTimesMS="...)
	for s, sw := range r.Sweeps {
		if s > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, sw.Start*1000, 'f', -1, 64)
	}
	b = append(b, "\"\n"...)
	b = fmt.Appendf(b, "\"SignalsExported=%s\"\n", strings.Join(names, ","))
	b = append(b, "\"Signals=\""...)
	for c := range nch {
		for range nsw {
			b = fmt.Appendf(b, "\t\"%s\"", names[c])
		}
	}
	b = append(b, "\n\"Time (s)\""...)
	for _, ch := range r.Channels {
		for s := range nsw {
			b = fmt.Appendf(b, "\t\"Trace #%d (%s)\"", s+1, writtenUnit(ch.Unit, FormatATF))
		}
	}
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return err
	}
	return streamRows(w, r, FormatATF, '\t', rate, t0, rows)
}

// atfText makes s safe inside an ATF quoted string: no quotes, tabs, commas or line ends.
func atfText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '"', '\t', '\r', '\n', ',':
			return ' '
		}
		return r
	}, s)
}
