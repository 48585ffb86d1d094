package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

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
			var results []any
			a.each(files, func(file string) error {
				o, err := infoOf(file)
				if err != nil {
					return err
				}
				if asJSON {
					results = append(results, o)
					return nil
				}
				return printInfo(a, file, o)
			})
			if asJSON && len(results) > 0 {
				if err := writeJSON(a.stdout, results, len(files) > 1); err != nil {
					return err
				}
			}
			return a.result()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// channelName is the channel's own name, or ch<k> (k from 1) when the file gives none.
func channelName(c ephys.Channel, k int) string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	return fmt.Sprintf("ch%d", k+1)
}

func infoOf(file string) (*object, error) {
	r, err := ephys.Open(file)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	o := &object{}
	o.set("file", file).set("format", string(r.Format))
	if r.Scan != nil {
		hdr := &object{}
		for _, f := range r.Header {
			hdr.set(f.Key, f.Value)
		}
		o.set("header", hdr).set("columns", r.Scan.Columns).set("points", len(r.Scan.Points))
		return o, nil
	}
	chans := make([]any, len(r.Channels))
	for k, c := range r.Channels {
		o := (&object{}).set("name", channelName(c, k)).set("unit", c.Unit).set("rate_hz", num(c.Rate))
		if c.LowpassHz > 0 {
			o.set("lowpass_hz", num(c.LowpassHz))
		}
		if c.HighpassHz > 0 {
			o.set("highpass_hz", num(c.HighpassHz))
		}
		chans[k] = o
	}
	tags := make([]any, len(r.Tags))
	for k, t := range r.Tags {
		tags[k] = (&object{}).set("time_s", num(t.Time)).set("text", t.Text)
	}
	o.set("channels", chans).set("sweeps", r.NumSweeps()).set("samples_per_sweep", r.MaxSweepLen()).
		set("duration_s", num(r.Duration())).set("tags", tags)
	if r.Version != "" {
		o.set("version", r.Version)
	}
	if r.Mode != "" {
		o.set("mode", r.Mode)
	}
	if r.Protocol != "" {
		o.set("protocol", r.Protocol)
	}
	// What the file says about its stimulus protocol: command channels with their holding levels
	// and the epoch table (first sweep; times from the sweep start).
	if len(r.DACs) > 0 {
		dacs := make([]any, len(r.DACs))
		for k, d := range r.DACs {
			dacs[k] = (&object{}).set("name", d.Name).set("unit", d.Unit).set("holding", num(d.Holding))
		}
		o.set("dacs", dacs)
	}
	if len(r.Epochs) > 0 {
		eps := make([]any, len(r.Epochs))
		for k, e := range r.Epochs {
			eps[k] = (&object{}).set("dac", e.DAC+1).set("name", e.Name).set("type", e.Type).
				set("start_s", num(e.Start)).set("duration_s", num(e.Duration)).
				set("level", num(e.Level)).set("level_inc", num(e.LevelInc)).set("unit", e.Unit)
		}
		o.set("epochs", eps)
	}
	return o, nil
}

func printInfo(a *app, file string, o *object) error {
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "%s\n", filepath.Base(file))
	for i, k := range o.keys {
		switch v := o.vals[i].(type) {
		case []any:
			if len(v) == 0 {
				fmt.Fprintf(w, "  %s\tnone\n", k)
				continue
			}
			fmt.Fprintf(w, "  %s\t%d\n", k, len(v))
			for j, e := range v {
				fmt.Fprintf(w, "    %d\t%s\n", j+1, flat(e.(*object)))
			}
		case *object:
			for j, hk := range v.keys {
				fmt.Fprintf(w, "  %s\t%v\n", hk, v.vals[j])
			}
		default:
			fmt.Fprintf(w, "  %s\t%v\n", k, v)
		}
	}
	return w.Flush()
}

// flat prints an object's fields on one line.
func flat(o *object) string {
	var b strings.Builder
	for i, k := range o.keys {
		if i > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%s=%v", k, o.vals[i])
	}
	return b.String()
}
