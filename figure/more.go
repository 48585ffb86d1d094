package figure

import (
	"fmt"
	"path/filepath"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
)

// SNAP draws one sweep with its sensory nerve action potential as measured: the sweep in µV (ms from
// the stimulus), the onset and the negative peak. tr is the sweep as measured (ncs.Sweep.Trace, mV).
//
// Marks: "trace" (Line, µV), "onset", "peak" (VLine, ms).
func SNAP(tr ephys.Trace, s ncs.SNAP) *Figure {
	f := newFigure("snap", "SNAP")
	f.Caption = fmt.Sprintf("SNAP: onset %s ms, negative peak %s µV at %s ms", num(s.OnsetLatency*ms, 3),
		num(s.Amplitude*1e3, 3), num(s.PeakLatency*ms, 3))
	if finite(s.Velocity) {
		f.Caption += fmt.Sprintf(", velocity %s m/s (from the onset latency)", num(s.Velocity, 3))
	}
	f.Caption += "."
	p := f.Panels[0]
	p.Plot.X.Label.Text = "time from stimulus (ms)"
	p.Plot.Y.Label.Text = "SNAP (µV)"
	x, y := traceLine(tr, tr.Start, tr.End(), func(_, v float64) float64 { return v * 1e3 })
	p.line("trace", "", x, y, style{color: black, width: vg.Points(1)})
	p.vline("onset", "onset "+num(s.OnsetLatency*ms, 3)+" ms", s.OnsetLatency*ms, style{color: blue, width: vg.Points(1.2), dashes: dashed})
	p.vline("peak", "negative peak "+num(s.Amplitude*1e3, 3)+" µV", s.PeakLatency*ms, style{color: vermilion, width: vg.Points(1.2), dashes: dashDt})
	lo, hi := rangeAfter(x, y, finiteOr(s.OnsetLatency, 0)*ms) // the artifact tail before the onset would squash the SNAP
	yRange(p, lo, hi)
	return f
}

// SNAPFile measures every sweep of path exactly as `endplate snap` does (ncs.SNAPs) and draws each
// measured sweep.
func SNAPFile(path string, opt *ncs.SNAPOptions) ([]*Figure, error) {
	r, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ss, err := ncs.SNAPs(r, opt)
	if err != nil {
		return nil, err
	}
	var fo *ncs.FileOptions
	if opt != nil {
		fo = &opt.FileOptions
	}
	sw, err := ncs.Sweeps(r, fo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sweepFigures(path, "snap", len(ss), sw, func(k int) error { return ss[k].Err },
		func(k int) *Figure { return SNAP(sw[k].Trace, ss[k].SNAP) })
}

// IV draws a current–voltage relation: the points, the reversal potential and the slope conductance
// there as a line through it, and the zero-current level.
//
// Marks: "points" (Points, mV and nA), "curve" (Line through them), "zero" (HLine), "reversal"
// (VLine at ReversalMV), "slope" (Line of slope SlopeUS through (ReversalMV, 0)).
func IV(c *patch.IVCurve) *Figure {
	f := newFigure("iv", "Current–voltage relation")
	f.Caption = fmt.Sprintf("I–V (%s, %d points): reversal %s mV, slope conductance there %s µS.",
		c.Mode, len(c.VoltageMV), num(c.ReversalMV, 3), num(c.SlopeUS, 3))
	p := f.Panels[0]
	p.Plot.X.Label.Text = "membrane potential (mV)"
	p.Plot.Y.Label.Text = "current (nA)"
	p.Plot.Legend.Left = true
	p.hline("zero", "", 0, style{color: darkGrey, width: vg.Points(0.6), dashes: dotted})
	p.line("curve", "", c.VoltageMV, c.CurrentNA, style{color: darkGrey, width: vg.Points(0.8)})
	if len(c.VoltageMV) <= 200 {
		p.points("points", "", c.VoltageMV, c.CurrentNA, style{color: black, glyph: draw.CircleGlyph{}, radius: vg.Points(2.5)})
	}
	if finite(c.ReversalMV) {
		p.vline("reversal", "reversal "+num(c.ReversalMV, 3)+" mV", c.ReversalMV, style{color: blue, width: vg.Points(1), dashes: dashed})
		if finite(c.SlopeUS) && len(c.VoltageMV) > 0 {
			d := 0.15 * (c.VoltageMV[len(c.VoltageMV)-1] - c.VoltageMV[0])
			x := []float64{c.ReversalMV - d, c.ReversalMV + d}
			p.line("slope", "slope "+num(c.SlopeUS, 3)+" µS", x, []float64{-c.SlopeUS * d, c.SlopeUS * d},
				style{color: vermilion, width: vg.Points(1.5)})
		}
	}
	return f
}

// IVFile draws the I–V relation of a file as `endplate iv` measures it without leak subtraction
// (patch.IVFile); after a subtraction, draw the subtracted curve with IV.
func IVFile(path string, opt *patch.IVOptions) (*Figure, error) {
	c, err := patch.IVFile(path, opt)
	if err != nil {
		return nil, err
	}
	f := IV(c)
	f.Name = stem(path) + "-iv"
	f.Title += " — " + filepath.Base(path)
	return f, nil
}
