package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/spf13/cobra"
)

func newInfo(a *app) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "info [--json] FILE...",
		Short: "Describe recordings: format, channels, sweeps, duration, tags",
		Long: `info reads each file's header and prints its format, channels (name, unit, sample rate),
number of sweeps, samples per sweep (the longest sweep when they differ), duration and the file's
own markers (ABF tags, EDF+ annotations) in seconds from the start of the recording. For a Qtrac
MEM file it prints the header fields and the number of CMAP-scan points.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			return perFile(a, files, asJSON, infoOf)
		},
	}
	jsonFlag(c, &asJSON)
	return c
}

// recordingInfo is what info prints for a recording.
type recordingInfo struct {
	File            string        `json:"file"`
	Format          string        `json:"format"`
	Channels        []channelInfo `json:"channels"`
	Sweeps          int           `json:"sweeps"`
	SamplesPerSweep int           `json:"samples_per_sweep"`
	DurationS       num           `json:"duration_s"`
	Tags            []tagInfo     `json:"tags"`
	Version         string        `json:"version,omitempty"`
	Mode            string        `json:"mode,omitempty"`
	Protocol        string        `json:"protocol,omitempty"`
	// What the file says about its stimulus protocol: the command channels with their holding
	// levels, and the epoch table (first sweep; times from the sweep start).
	DACs   []dacInfo   `json:"dacs,omitempty"`
	Epochs []epochInfo `json:"epochs,omitempty"`
}

type channelInfo struct {
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	RateHz     num    `json:"rate_hz"`
	LowpassHz  num    `json:"lowpass_hz,omitempty"`
	HighpassHz num    `json:"highpass_hz,omitempty"`
}

type tagInfo struct {
	TimeS num    `json:"time_s"`
	Text  string `json:"text"`
}

type dacInfo struct {
	Name    string `json:"name"`
	Unit    string `json:"unit"`
	Holding num    `json:"holding"`
}

type epochInfo struct {
	DAC       int    `json:"dac"` // from 1
	Name      string `json:"name"`
	Type      string `json:"type"`
	StartS    num    `json:"start_s"`
	DurationS num    `json:"duration_s"`
	Level     num    `json:"level"`
	LevelInc  num    `json:"level_inc"`
	Unit      string `json:"unit"`
}

// scanInfo is what info prints for a Qtrac MEM file (a CMAP scan).
type scanInfo struct {
	File    string   `json:"file"`
	Format  string   `json:"format"`
	Header  fields   `json:"header"`
	Columns []string `json:"columns"`
	Points  int      `json:"points"`
}

// channelName is the channel's own name, or ch<k> (k from 1) when the file gives none.
func channelName(c ephys.Channel, k int) string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	return "ch" + strconv.Itoa(k+1)
}

func infoOf(file string) (report, error) {
	r, err := ephys.Open(file)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if r.Scan != nil {
		return &scanInfo{File: file, Format: string(r.Format), Header: fields(r.Header),
			Columns: append([]string{}, r.Scan.Columns...), Points: len(r.Scan.Points)}, nil
	}
	o := &recordingInfo{
		File: file, Format: string(r.Format),
		Channels: make([]channelInfo, len(r.Channels)),
		Sweeps:   r.NumSweeps(), SamplesPerSweep: r.MaxSweepLen(), DurationS: num(r.Duration()),
		Tags:    make([]tagInfo, len(r.Tags)),
		Version: r.Version, Mode: r.Mode, Protocol: r.Protocol,
	}
	for k, c := range r.Channels {
		o.Channels[k] = channelInfo{Name: channelName(c, k), Unit: c.Unit, RateHz: num(c.Rate),
			LowpassHz: num(c.LowpassHz), HighpassHz: num(c.HighpassHz)}
	}
	for k, t := range r.Tags {
		o.Tags[k] = tagInfo{TimeS: num(t.Time), Text: t.Text}
	}
	for _, d := range r.DACs {
		o.DACs = append(o.DACs, dacInfo{Name: d.Name, Unit: d.Unit, Holding: num(d.Holding)})
	}
	for _, e := range r.Epochs {
		o.Epochs = append(o.Epochs, epochInfo{DAC: e.DAC + 1, Name: e.Name, Type: e.Type,
			StartS: num(e.Start), DurationS: num(e.Duration), Level: num(e.Level), LevelInc: num(e.LevelInc), Unit: e.Unit})
	}
	return o, nil
}

// maxTextTags is how many tags the text output lists; --json lists them all.
const maxTextTags = 50

func (o *recordingInfo) text(p *printer) {
	// Times are printed to the sample interval of the fastest channel: finer digits say nothing.
	rate := 0.0
	for _, c := range o.Channels {
		rate = max(rate, float64(c.RateHz))
	}
	dec := 6
	if rate > 0 && !math.IsInf(rate, 0) {
		dec = min(max(int(math.Ceil(math.Log10(rate))), 0), 9)
	}
	seconds := func(v num) string { return trimZeros(fixed(float64(v), dec)) }

	p.title(base(o.File))
	p.field("format", o.Format)
	for _, f := range [][2]string{{"version", o.Version}, {"mode", o.Mode}, {"protocol", o.Protocol}} {
		if f[1] != "" {
			p.field(f[0], f[1])
		}
	}
	p.field("sweeps", strconv.Itoa(o.Sweeps))
	p.field("samples per sweep", strconv.Itoa(o.SamplesPerSweep))
	p.field("duration", seconds(o.DurationS)+" s")
	p.field("channels", strconv.Itoa(len(o.Channels)))
	rows := make([][]string, len(o.Channels))
	for k, c := range o.Channels {
		rows[k] = []string{strconv.Itoa(k + 1), c.Name, c.Unit, sig(float64(c.RateHz), 6), hz(c.LowpassHz), hz(c.HighpassHz)}
	}
	p.table([]string{"#", "name", "unit", "rate (Hz)", "low-pass (Hz)", "high-pass (Hz)"}, rows)
	if len(o.DACs) > 0 {
		p.field("command channels", strconv.Itoa(len(o.DACs)))
		rows = rows[:0]
		for k, d := range o.DACs {
			rows = append(rows, []string{strconv.Itoa(k + 1), d.Name, d.Unit, sig(float64(d.Holding), 6)})
		}
		p.table([]string{"#", "name", "unit", "holding"}, rows)
	}
	if len(o.Epochs) > 0 {
		p.field("epochs (first sweep)", strconv.Itoa(len(o.Epochs)))
		rows = rows[:0]
		for _, e := range o.Epochs {
			rows = append(rows, []string{strconv.Itoa(e.DAC), e.Name, e.Type, seconds(e.StartS), seconds(e.DurationS),
				sig(float64(e.Level), 6), sig(float64(e.LevelInc), 6), e.Unit})
		}
		p.table([]string{"DAC", "epoch", "type", "start (s)", "duration (s)", "level", "increment", "unit"}, rows)
	}
	p.field("tags", strconv.Itoa(len(o.Tags)))
	if len(o.Tags) > 0 {
		rows = rows[:0]
		for k, t := range o.Tags[:min(len(o.Tags), maxTextTags)] {
			rows = append(rows, []string{strconv.Itoa(k + 1), seconds(t.TimeS), t.Text})
		}
		if n := len(o.Tags) - maxTextTags; n > 0 {
			rows = append(rows, []string{"…", "", fmt.Sprintf("%d more (--json lists them all)", n)})
		}
		p.table([]string{"#", "time (s)", "text"}, rows)
	}
}

func (o *scanInfo) text(p *printer) {
	p.title(base(o.File))
	p.field("format", o.Format)
	for _, f := range o.Header {
		p.field(f.Key, f.Value)
	}
	p.field("columns", strings.Join(o.Columns, ", "))
	p.field("points", strconv.Itoa(o.Points))
}

// hz prints a filter cutoff, blank when the file gives none.
func hz(v num) string {
	if v == 0 {
		return ""
	}
	return sig(float64(v), 6)
}

// trimZeros drops trailing zeros after a decimal point: 0.00300 → 0.003.
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
