package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
	"github.com/spf13/cobra"
)

// plotFlag adds --plot DIR to an analysis command: the figures of what it measured, PNG and SVG.
func plotFlag(c *cobra.Command, dir *string) {
	c.Flags().StringVar(dir, "plot", "", "also draw what was measured: PNG and SVG figures into `DIR`")
}

// plotIf draws a file's figures into dir (PNG and SVG) when dir is set and the file was measured
// (err == nil). draw makes the same library call the command made. A figure that cannot be drawn or
// written is reported like a bad file.
func plotIf(a *app, dir, file string, err error, draw func() ([]*figure.Figure, error)) {
	if dir == "" || err != nil {
		return
	}
	figs, err := draw()
	if err == nil {
		_, err = figure.SavePNG(dir, figs, true)
	}
	if err != nil {
		a.fail(file, fmt.Errorf("drawing: %w", err))
	}
}

// ivFigure draws an I–V curve measured (and leak-subtracted) by `endplate iv`, named after its file.
func ivFigure(file string, cv *patch.IVCurve) []*figure.Figure {
	f := figure.IV(cv)
	f.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)) + "-iv"
	f.Title += " — " + filepath.Base(file)
	return []*figure.Figure{f}
}

// one adapts a single-figure call to plotIf.
func one(f *figure.Figure, err error) ([]*figure.Figure, error) {
	if err != nil {
		return nil, err
	}
	return []*figure.Figure{f}, nil
}

type plotFlags struct {
	out        string
	ncs        ncsFlags // --channel, --stim-ms, --polarity, --mains-hz, read as the NCS commands read them
	distanceMM float64
	conc       string
	concUnit   string
	apps       string
}

func newPlot(a *app) *cobra.Command {
	var f plotFlags
	c := &cobra.Command{
		Use:   "plot [-o FIG.png|FIG.svg|DIR] COMMAND FILE...",
		Short: "Draw a recording with what a command measures on it (PNG or SVG)",
		Long: `plot runs COMMAND's analysis on FILE exactly as the command does and draws the recording
with the measured markers and fits: cmap (sweep, baseline, onset, negative peak, shaded negative
area), snap (sweep, onset, peak), motor DISTAL PROXIMAL --distance-mm D (both CMAPs, onsets, velocity), fwave (raster, F
onsets), rns (train, decrement), cmapscan (scan, S50, D50 steps), ach (each response: baseline,
peak, T0.5, fitted decay, residuals; and the rundown with several applications), rundown, dose
--conc C1,C2,… (responses, Hill fit, EC50 and its interval), iv (points, reversal, slope
conductance; without leak subtraction: use iv --plot DIR for a subtracted curve).

-o FIG.png or FIG.svg writes the first figure there and any further ones as FIG-2.png, …; -o DIR
(an existing folder) or no -o writes each figure as <file>-<kind>.png into DIR or the current
folder. Axes are in physical units; markers are told apart by dash and glyph as well as colour,
so the figures print in grey.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("plot needs a command and a file, e.g. endplate plot cmap wrist.edf")
			}
			switch args[0] {
			case "cmap", "snap", "fwave", "rns", "cmapscan", "ach", "rundown", "dose", "iv":
			case "motor":
				if len(args) != 3 {
					return usagef("plot motor needs the distal and the proximal recording")
				}
			default:
				return usagef("plot cannot draw %q: cmap, snap, motor, fwave, rns, cmapscan, ach, rundown, dose or iv", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return runPlot(a, c, f, args[0], args[1:]) },
	}
	c.Flags().StringVarP(&f.out, "output", "o", "", "where to write: FIG.png, FIG.svg or a folder (default: the current folder, PNG)")
	c.Flags().IntVar(&f.ncs.channel, "channel", 0, "channel to analyse, from 1 (default: as the command)")
	f.ncs.addSignal(c, true)
	c.Flags().Float64Var(&f.distanceMM, "distance-mm", 0, "motor: distance between the stimulation sites in mm")
	c.Flags().StringVar(&f.conc, "conc", "", "dose: concentrations, one per application or file, comma-separated")
	c.Flags().StringVar(&f.concUnit, "conc-unit", "µM", "dose: unit of the concentrations, for the axis")
	c.Flags().StringVar(&f.apps, "apps", "", "ach, rundown, dose: applications as ON,OFF,… pairs in seconds")
	return c
}

func runPlot(a *app, c *cobra.Command, f plotFlags, cmd string, files []string) error {
	if err := checkFigureOut(f.out); err != nil {
		return err
	}
	fo, err := f.ncs.options(c)
	if err != nil {
		return err
	}
	po := &patch.Options{}
	if fo.ChannelSet {
		po.Channel = fo.Channel
	}
	if f.apps != "" {
		v, err := parseFloats(f.apps)
		if err != nil || len(v)%2 != 0 {
			return usagef("--apps needs ON,OFF pairs in seconds")
		}
		for i := 0; i < len(v); i += 2 {
			po.Apps = append(po.Apps, patch.Window{Onset: v[i], Offset: v[i+1]})
		}
	}
	var figs []*figure.Figure
	bad := files[0]
	switch cmd {
	case "cmap":
		a.each(files, func(file string) error {
			fs, err := figure.CMAPFile(file, fo)
			figs = append(figs, fs...)
			return err
		})
	case "snap":
		a.each(files, func(file string) error {
			fs, err := figure.SNAPFile(file, &ncs.SNAPOptions{FileOptions: *fo, DistanceMM: f.distanceMM})
			figs = append(figs, fs...)
			return err
		})
	case "iv":
		a.each(files, func(file string) error {
			fs, err := one(figure.IVFile(file, &patch.IVOptions{Channel: po.Channel}))
			figs = append(figs, fs...)
			return err
		})
	case "motor":
		if !(f.distanceMM > 0) || math.IsInf(f.distanceMM, 0) {
			return usagef("plot motor needs --distance-mm D (> 0)")
		}
		figs, err = one(figure.MotorFiles(files[0], files[1], f.distanceMM, &ncs.MotorOptions{FileOptions: *fo}))
		if err != nil && strings.Contains(err.Error(), files[1]) {
			bad = files[1]
		}
	case "fwave":
		a.each(files, func(file string) error {
			fs, err := one(figure.FWaveFile(file, &ncs.FWaveOptions{FileOptions: *fo}))
			figs = append(figs, fs...)
			return err
		})
	case "rns":
		a.each(files, func(file string) error {
			fs, err := one(figure.RNSFile(file, fo))
			figs = append(figs, fs...)
			return err
		})
	case "cmapscan":
		a.each(files, func(file string) error {
			fs, err := one(figure.ScanFile(file, nil))
			figs = append(figs, fs...)
			return err
		})
	case "ach", "rundown":
		a.each(files, func(file string) error {
			fs, err := figure.AChFile(file, po)
			if cmd == "rundown" && err == nil {
				fs = fs[len(fs)-1:]
				if len(fs) == 0 || !strings.HasSuffix(fs[0].Name, "rundown") {
					return fmt.Errorf("fewer than two applications: no rundown to draw")
				}
			}
			figs = append(figs, fs...)
			return err
		})
	case "dose":
		cs, perr := parseFloats(f.conc)
		if perr != nil || len(cs) < 2 {
			return usagef("plot dose needs --conc with at least two concentrations")
		}
		figs, err = one(figure.DoseFiles(files, cs, f.concUnit, po))
		if len(files) > 1 {
			bad = "dose series"
		}
	}
	if err != nil {
		a.fail(bad, err)
	}
	if err := writeFigures(a, f.out, figs); err != nil {
		return err
	}
	return a.result()
}

// checkFigureOut refuses an -o that writeFigures cannot write to, before anything is analysed.
func checkFigureOut(out string) error {
	if out == "" {
		return nil
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return nil
	}
	if ext := strings.ToLower(filepath.Ext(out)); ext != ".png" && ext != ".svg" {
		return usagef("-o %s: give FIG.png, FIG.svg or an existing folder", out)
	}
	return nil
}

// writeFigures writes figs as -o says: one file (FIG.png/.svg, further figures numbered), or
// <name>.png in a folder (the current one without -o), and prints each path.
func writeFigures(a *app, out string, figs []*figure.Figure) error {
	ext := strings.ToLower(filepath.Ext(out))
	st, statErr := os.Stat(out)
	isDir := out != "" && statErr == nil && st.IsDir()
	for k, f := range figs {
		var path string
		switch {
		case out == "":
			path = f.Name + ".png"
		case isDir:
			path = filepath.Join(out, f.Name+".png")
		case ext == ".png" || ext == ".svg":
			path = out
			if k > 0 {
				path = strings.TrimSuffix(out, filepath.Ext(out)) + "-" + strconv.Itoa(k+1) + filepath.Ext(out)
			}
		default:
			return usagef("-o %s: give FIG.png, FIG.svg or an existing folder", out)
		}
		if err := f.Save(path); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, path)
	}
	return nil
}
