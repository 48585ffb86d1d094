package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/endplate/endplate/trial"
)

// Paired draws the real-vs-sham comparisons of one measure, one panel per visit (and the change from
// the first visit to the last), side by side: each patient is a line from the sham arm (left) to the
// real arm (right), the means are joined by a thick line, and the panel's title gives the mean
// difference with its 95 % interval and the paired t test. comps are the comparisons of one measure
// (trial.Trial.Comparisons); label names the measure with its unit for the y axis.
//
// Marks per panel: "patient k" (Line from (0, sham) to (1, real), k from 1 in the comparison's
// patient order), "pairs" (Points at the same places), "means" (Line from (0, sham mean) to (1, real
// mean)).
func Paired(label string, comps []trial.Comparison) *Figure {
	weights := make([]float64, len(comps))
	for i := range weights {
		weights[i] = 1
	}
	name := "paired"
	if len(comps) > 0 {
		name = "paired-" + comps[0].Measure
	}
	f := newFigure(name, "Real vs sham: "+label, weights...)
	f.Cols = len(comps)
	f.Height = 3.6 * vg.Inch
	f.Caption = fmt.Sprintf("%s, real vs sham arm of each patient (one line per patient).", label)
	for i, c := range comps {
		p := f.Panels[i]
		p.Plot.Title.Text = fmt.Sprintf("%s (n = %d)\nΔ %s [%s, %s], p = %s", c.Visit, c.N, num(c.MeanDiff, 3),
			num(c.CI95[0], 3), num(c.CI95[1], 3), num(c.PairedTP, 2))
		p.Plot.Title.TextStyle.Font.Size = vg.Points(8.5)
		p.Plot.Legend = plot.NewLegend()
		if i == 0 {
			p.Plot.Y.Label.Text = label
		}
		var px, py []float64
		for k := range c.Real {
			x, y := []float64{0, 1}, []float64{c.Sham[k], c.Real[k]}
			p.line(fmt.Sprintf("patient %d", k+1), "", x, y, style{color: midGrey, width: vg.Points(0.9)})
			px, py = append(px, 0, 1), append(py, c.Sham[k], c.Real[k])
		}
		p.points("pairs", "", px, py, style{color: black, glyph: draw.CircleGlyph{}, radius: vg.Points(2.2)})
		p.line("means", "", []float64{0, 1}, []float64{c.ShamMean, c.RealMean}, style{color: vermilion, width: vg.Points(2.5)})
		p.Plot.X.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "sham"}, {Value: 1, Label: "real"}})
		p.Plot.X.Min, p.Plot.X.Max = -0.3, 1.3
		if c.Visit == trial.ChangeVisit {
			p.hline("zero", "", 0, style{color: darkGrey, width: vg.Points(0.6), dashes: dotted})
		}
		f.Caption += fmt.Sprintf(" %s: n = %d, real − sham %s (95 %% CI %s to %s), paired t p = %s, Wilcoxon p = %s.",
			c.Visit, c.N, num(c.MeanDiff, 3), num(c.CI95[0], 3), num(c.CI95[1], 3), num(c.PairedTP, 3), num(c.WilcoxonP, 3))
		if !finite(c.MeanDiff) {
			p.Plot.Y.Min, p.Plot.Y.Max = math.Min(p.Plot.Y.Min, 0), math.Max(p.Plot.Y.Max, 1)
		}
	}
	// The visits share one y range, so that a shift between visits reads as a shift on the page (the
	// change panel keeps its own: it is a difference).
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range comps {
		if c.Visit == trial.ChangeVisit {
			continue
		}
		for _, v := range append(append([]float64{}, c.Real...), c.Sham...) {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi > lo {
		pad := 0.05 * (hi - lo)
		for i, c := range comps {
			if c.Visit != trial.ChangeVisit {
				f.Panels[i].Plot.Y.Min, f.Panels[i].Plot.Y.Max = lo-pad, hi+pad
			}
		}
	}
	if f.Cols > 3 {
		f.Width = vg.Length(2.2*float64(f.Cols)) * vg.Inch
	}
	return f
}
