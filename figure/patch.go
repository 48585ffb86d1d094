package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/patch"
)

// ACh draws one ACh-evoked response as measured: on top the current with the baseline line under
// the application, the onset and offset, the peak, T0.5 (the time from the peak to half the peak
// amplitude, with the half level) and the fitted decay over its window; below the residuals of the
// decay fit. tr is the sweep's current in nA, its samples at i/Rate s from the start of the sweep
// (patch's time axis; tr.Start is not used).
//
// Marks: top: "current" (Line), "baseline" (Line), "onset", "offset" (VLine), "peak" (Points: at
// PeakTime, the baseline plus the signed Peak), "t_half" (VLine at PeakTime + THalf), "half" (Points:
// at PeakTime + THalf, the baseline plus Peak/2), "decay" (Line: baseline + fitted decay from
// Decay.From to Decay.To); bottom: "residuals" (Line: current − baseline − decay), "zero" (HLine);
// x in s, y in nA.
func ACh(tr ephys.Trace, r patch.Response) *Figure {
	weights := []float64{1}
	if r.Decay != nil {
		weights = []float64{2.4, 1}
	}
	f := newFigure("ach", "ACh-evoked current", weights...)
	f.Height = 5 * vg.Inch
	f.Caption = fmt.Sprintf("ACh response (sweep %d): peak %s nA at %s s, 10–90 %% rise %s s, T0.5 %s s",
		r.Sweep+1, num(r.Peak, 4), num(r.PeakTime, 4), num(r.Rise1090, 3), num(r.THalf, 3))
	if d := r.Decay; d != nil {
		f.Caption += fmt.Sprintf(", decay %s-exponential, τ = %s s (weighted %s s), R² %s, fitted from %s to %s s (peak + 3 rise times to the offset)",
			d.Model(), taus(d.Tau), num(d.WeightedTau, 3), num(d.R2, 4), num(d.From, 4), num(d.To, 4))
	} else if r.DecayErr != nil {
		f.Caption += fmt.Sprintf(", no decay fit (%v)", r.DecayErr)
	}
	f.Caption += ". The baseline is a line through the current before the onset and after the washout."
	top := f.Panels[0]
	top.Plot.X.Label.Text = "time from sweep start (s)"
	top.Plot.Y.Label.Text = "current (nA)"
	// The legend goes where the current is not: below the baseline for an outward current after
	// the washout, at the bottom right for an inward one.
	top.Plot.Legend.Top = r.Peak > 0
	dt := 1 / tr.Rate
	n := len(tr.Data)
	span := r.Return - r.Onset
	if !finite(span) || span <= 0 {
		span = float64(n) * dt
	}
	t0 := max(0, r.Onset-0.35*span)
	t1 := min(float64(n-1)*dt, finiteOr(r.Return, float64(n-1)*dt)+0.35*span)
	i0, i1 := int(math.Ceil(t0*tr.Rate)), min(n, int(math.Floor(t1*tr.Rate))+1)
	base := func(t float64) float64 { return r.Baseline.At(t, r.Onset) }
	x, y := envelope(i1-i0, maxPoints, func(i int) float64 { return float64(i0+i) * dt },
		func(i int) float64 { return tr.Data[i0+i] })
	top.line("current", "", x, y, style{color: black, width: vg.Points(0.8)})
	top.line("baseline", "baseline", []float64{t0, t1}, []float64{base(t0), base(t1)},
		style{color: darkGrey, width: vg.Points(1), dashes: dotted})
	top.vline("onset", "", r.Onset, style{color: darkGrey, width: vg.Points(0.6), dashes: dashDt})
	top.vline("offset", "onset, offset", r.Offset, style{color: darkGrey, width: vg.Points(0.6), dashes: dashDt})
	if d := r.Decay; d != nil {
		const m = 300
		var dx, dy []float64
		for k := range m {
			t := d.From + (d.To-d.From)*float64(k)/(m-1)
			dx, dy = append(dx, t), append(dy, base(t)+d.At(t))
		}
		top.line("decay", "decay fit", dx, dy, style{color: vermilion, width: vg.Points(2), dashes: dashed})
	}
	top.points("peak", "peak "+num(r.Peak, 4)+" nA", []float64{r.PeakTime}, []float64{base(r.PeakTime) + r.Peak},
		style{color: blue, glyph: draw.TriangleGlyph{}, radius: vg.Points(4)})
	if finite(r.THalf) {
		th := r.PeakTime + r.THalf
		top.vline("t_half", "T0.5 "+num(r.THalf, 3)+" s", th, style{color: blue, width: vg.Points(1), dashes: dashed})
		top.points("half", "", []float64{th}, []float64{base(th) + r.Peak/2},
			style{color: blue, glyph: draw.CircleGlyph{}, radius: vg.Points(3)})
	}
	if d := r.Decay; d != nil {
		bot := f.Panels[1]
		bot.Plot.X.Label.Text = "time from sweep start (s)"
		bot.Plot.Y.Label.Text = "residual (nA)"
		j0 := max(0, int(math.Ceil(d.From*tr.Rate)))
		j1 := min(n, int(math.Floor(d.To*tr.Rate))+1)
		rx, ry := envelope(max(0, j1-j0), maxPoints, func(i int) float64 { return float64(j0+i) * dt },
			func(i int) float64 { t := float64(j0+i) * dt; return tr.Data[j0+i] - base(t) - d.At(t) })
		bot.line("residuals", "", rx, ry, style{color: black, width: vg.Points(0.6)})
		bot.hline("zero", "", 0, style{color: vermilion, width: vg.Points(1), dashes: dashed})
		bot.Plot.X.Min, bot.Plot.X.Max = t0, t1
		top.Plot.X.Min, top.Plot.X.Max = t0, t1
	}
	return f
}

func taus(t []float64) string {
	s := ""
	for i, v := range t {
		if i > 0 {
			s += ", "
		}
		s += num(v, 3)
	}
	return s
}

// Rundown draws the amplitudes of repeated applications in order, with the first and last joined by
// the rundown they show.
//
// Marks: "amplitudes" (Points: x the application number from 1, y the amplitude in nA), "trend"
// (Line), "rundown" (Line from the first to the last amplitude).
func Rundown(rd patch.RundownResult) *Figure {
	f := newFigure("rundown", "Rundown over repeated applications")
	f.Caption = fmt.Sprintf("Amplitude of %d applications in order; rundown (1 − last/first) × 100 = %s %%.",
		len(rd.Amplitudes), num(rd.RundownPct, 3))
	p := f.Panels[0]
	p.Plot.X.Label.Text = "application"
	p.Plot.Y.Label.Text = "amplitude (nA)"
	p.Plot.Legend.Top = false
	x := make([]float64, len(rd.Amplitudes))
	for i := range x {
		x[i] = float64(i + 1)
	}
	p.line("trend", "", x, rd.Amplitudes, style{color: midGrey, width: vg.Points(0.8)})
	if n := len(x); n >= 2 {
		p.line("rundown", "rundown "+num(rd.RundownPct, 3)+" %", []float64{x[0], x[n-1]},
			[]float64{rd.Amplitudes[0], rd.Amplitudes[n-1]}, style{color: vermilion, width: vg.Points(1.2), dashes: dashed})
	}
	p.points("amplitudes", "", x, rd.Amplitudes, style{color: black, glyph: draw.CircleGlyph{}, radius: vg.Points(3)})
	p.Plot.X.Tick.Marker = integerTicks{}
	p.Plot.X.Min, p.Plot.X.Max = 0.5, float64(len(x))+0.5
	p.Plot.Y.Min = 0
	return f
}

// Dose draws a dose–response series on a logarithmic concentration axis: the responses, the fitted
// Hill curve, EC50 and its 95 % interval shaded. unit names the concentrations' unit ("" when unknown). Concentrations
// ≤ 0 cannot be placed on the axis and are left out of the drawing (not of the fit).
//
// Marks: "responses" (Points), "hill" (Line), "ec50" (VLine), "ec50_ci" (XSpan), "half" (Points: at
// EC50, Baseline + Imax/2); x in unit, y in nA.
func Dose(d patch.DoseResult, unit string) *Figure {
	f := newFigure("dose", "Dose–response")
	f.Caption = fmt.Sprintf("Responses at %d concentrations with the Hill fit: EC50 %s %s (95 %% CI %s–%s), Hill coefficient %s (95 %% CI %s–%s), Imax %s nA, R² %s.",
		len(d.Conc), num(d.EC50, 3), unit, num(d.EC50CI[0], 3), num(d.EC50CI[1], 3), num(d.Hill, 3), num(d.HillCI[0], 3), num(d.HillCI[1], 3),
		num(d.Imax, 4), num(d.R2, 4))
	p := f.Panels[0]
	p.Plot.X.Label.Text = "concentration"
	if unit != "" {
		p.Plot.X.Label.Text += " (" + unit + ")"
	}
	p.Plot.Y.Label.Text = "response (nA)"
	p.Plot.X.Scale = plot.LogScale{}
	p.Plot.X.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Plot.Legend.Left = true
	var x, y []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, c := range d.Conc {
		if c > 0 && finite(c) {
			x, y = append(x, c), append(y, d.Responses[i])
			lo, hi = min(lo, c), max(hi, c)
		}
	}
	if finite(d.EC50CI[0]) && d.EC50CI[0] > 0 && finite(d.EC50CI[1]) && d.EC50CI[1] > d.EC50CI[0] {
		p.xspan("ec50_ci", "EC50 95 % CI", d.EC50CI[0], d.EC50CI[1], blueFill)
	}
	if hi > lo && finite(d.EC50) {
		a, b := math.Log(lo/3), math.Log(hi*3)
		const m = 200
		var hx, hy []float64
		for k := range m {
			c := math.Exp(a + (b-a)*float64(k)/(m-1))
			hx, hy = append(hx, c), append(hy, d.At(c))
		}
		p.line("hill", "Hill fit", hx, hy, style{color: vermilion, width: vg.Points(1.5)})
		p.Plot.X.Min, p.Plot.X.Max = lo/3, hi*3
	}
	if d.EC50 > 0 && finite(d.EC50) { // a log axis cannot place anything else
		p.vline("ec50", "EC50 "+num(d.EC50, 3)+" "+unit, d.EC50, style{color: blue, width: vg.Points(1), dashes: dashed})
		p.points("half", "", []float64{d.EC50}, []float64{d.Baseline + d.Imax/2}, style{color: blue, glyph: draw.CircleGlyph{}, radius: vg.Points(3)})
	}
	p.points("responses", "responses", x, y, style{color: black, glyph: draw.BoxGlyph{}, radius: vg.Points(3)})
	p.Plot.Y.Min = min(0, p.Plot.Y.Min)
	if !(p.Plot.X.Min > 0 && p.Plot.X.Max > p.Plot.X.Min) || math.IsInf(p.Plot.X.Max, 0) {
		p.Plot.X.Min, p.Plot.X.Max = 1, 10 // nothing to place: an empty decade rather than a log of 0
	}
	return f
}
