package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/spf13/cobra"
)

func newConvert(a *app) *cobra.Command {
	var to, out string
	c := &cobra.Command{
		Use:   "convert [--to csv|tsv|atf|edf] [-o OUT] FILE...",
		Short: "Write recordings in another format (CSV by default)",
		Long: `convert writes each recording in another format, to standard output without -o.

CSV: column 1 time_s (seconds on the sweep's own time axis: from the stimulus where the recording
marks one, else from the sweep start), then one column per channel and sweep, channel-major, named
"<channel> (<unit>)" for one sweep and "<channel> sweep <k> (<unit>)" otherwise; numbers in the
shortest form that reads back to the same float64; shorter sweeps leave empty cells.
EDF: EDF+C for one sweep, EDF+D (one data record per sweep) for several, 16-bit samples.
A Qtrac MEM file converts to its CMAP-scan points, one row per stimulus.

With several files, -o names a directory and each file is written there under its own name
with the new extension. Output files are written to a temporary name and renamed when complete.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			f, ext, err := outFormat(to)
			if err != nil {
				return err
			}
			dir := ""
			if len(files) > 1 && out != "" {
				st, err := os.Stat(out)
				if err != nil || !st.IsDir() {
					return usagef("with several files, -o must name an existing directory")
				}
				dir = out
			}
			a.each(files, func(file string) error {
				dst := out
				if dir != "" {
					dst = filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+ext)
				}
				return convertOne(a, file, dst, f)
			})
			return a.result()
		},
	}
	c.Flags().StringVar(&to, "to", "csv", "output format: csv, tsv, atf or edf")
	c.Flags().StringVarP(&out, "output", "o", "", "output file (directory with several inputs); standard output when empty")
	return c
}

func outFormat(to string) (ephys.Format, string, error) {
	switch strings.ToLower(to) {
	case "csv":
		return ephys.FormatCSV, ".csv", nil
	case "tsv":
		return ephys.FormatTSV, ".tsv", nil
	case "atf":
		return ephys.FormatATF, ".atf", nil
	case "edf", "edf+":
		return ephys.FormatEDF, ".edf", nil
	}
	return "", "", usagef("unknown output format %q (want csv, tsv, atf or edf)", to)
}

func convertOne(a *app, file, dst string, f ephys.Format) error {
	r, err := ephys.Open(file)
	if err != nil {
		return err
	}
	defer r.Close()
	if r.Scan != nil && f != ephys.FormatCSV && f != ephys.FormatTSV {
		return fmt.Errorf("%s: a Qtrac MEM scan converts to CSV or TSV only", file)
	}
	if dst == "" {
		err = ephys.Write(a.stdout, r, f)
	} else {
		err = ephys.WriteFile(dst, r, f)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
