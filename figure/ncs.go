package figure

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
)

// ms converts seconds to milliseconds, the unit of every NCS time axis.
const ms = 1e3

// traceLine is the sweep tr (time zero at the stimulus) from t0 to t1 s, its samples mapped by f
// (nil: as recorded), in ms and the trace's unit.
func traceLine(tr ephys.Trace, t0, t1 float64, f func(t, v float64) float64) (x, y []float64) {
	i0 := max(0, int(math.Ceil((t0-tr.Start)*tr.Rate)))
	i1 := min(len(tr.Data), int(math.Floor((t1-tr.Start)*tr.Rate))+1)
	if i1 <= i0 {
		return nil, nil
	}
	return envelope(i1-i0, maxPoints,
		func(i int) float64 { return tr.Time(i0+i) * ms },
		func(i int) float64 {
			v := tr.Data[i0+i]
			if f != nil {
				v = f(tr.Time(i0+i), v)
			}
			return v
		})
}

// yRange sets the panel's y axis to the range of the marks named (NaN skipped) with 8 % margins, so
// that a stimulus artifact does not squash the response.
func yRange(p *Panel, lo, hi float64) {
	if !(hi > lo) {
		return
	}
	pad := 0.08 * (hi - lo)
	p.Plot.Y.Min, p.Plot.Y.Max = lo-pad, hi+pad
}

// rangeAfter returns the smallest and largest of y over x ≥ from.
func rangeAfter(x, y []float64, from float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := range x {
		if x[i] >= from && finite(y[i]) {
			lo, hi = min(lo, y[i]), max(hi, y[i])
		}
	}
	return lo, hi
}

// CMAP draws one sweep with its CMAP as measured: the sweep (in its unit, ms from the stimulus), the
// baseline the measures are taken from, the onset, the negative peak, the end of the negative phase
// and the negative-phase area shaded between the sweep and the baseline. tr is the sweep as measured
// (ncs.Sweep.Trace: time zero at the stimulus) and c its CMAP.
//
// Marks: "trace", "baseline", "neg_area" (Fill), "onset" (VLine), "neg_peak" (Points: at the
// negative-peak latency, the baseline minus the amplitude), "neg_end" (VLine); x in ms, y in
// c.Unit.
func CMAP(tr ephys.Trace, c ncs.CMAP) *Figure {
	unit := c.Unit
	if unit == "" {
		unit = tr.Unit
	}
	f := newFigure("cmap", "CMAP")
	f.Caption = fmt.Sprintf("CMAP: onset %s ms, negative peak %s %s at %s ms, negative area %s %s·ms. "+
		"The baseline (offset, drift and mains hum fitted to the pre-stimulus samples and the end of the sweep) is the level every measure is taken from.",
		num(c.OnsetLatency*ms, 3), num(c.Amplitude, 3), unit, num(c.NegPeakLatency*ms, 3), num(c.NegArea*ms, 3), unit)
	p := f.Panels[0]
	p.Plot.X.Label.Text = "time from stimulus (ms)"
	p.Plot.Y.Label.Text = "CMAP (" + unit + ")"
	sign := 1.0
	if c.Inverted {
		sign = -1
	}
	b := c.Baseline
	t0, t1 := tr.Start, tr.End()

	// The negative-phase area: the sweep from the onset to the end of the negative phase (ends
	// interpolated), closed back along the baseline at the same times.
	if finite(c.OnsetLatency) && finite(c.NegEnd) {
		var ax, ay []float64
		at := func(t float64) float64 { // the sweep linearly interpolated at t
			u := (t - tr.Start) * tr.Rate
			i := min(max(int(math.Floor(u)), 0), len(tr.Data)-2)
			return tr.Data[i] + (u-float64(i))*(tr.Data[i+1]-tr.Data[i])
		}
		ts, vs := []float64{c.OnsetLatency}, []float64{at(c.OnsetLatency)}
		for i, v := range tr.Data {
			if t := tr.Time(i); t > c.OnsetLatency && t < c.NegEnd {
				ts, vs = append(ts, t), append(vs, v)
			}
		}
		ts, vs = append(ts, c.NegEnd), append(vs, at(c.NegEnd))
		for k, t := range ts {
			ax, ay = append(ax, t*ms), append(ay, vs[k])
		}
		for k := len(ts) - 1; k >= 0; k-- {
			ax, ay = append(ax, ts[k]*ms), append(ay, b.At(ts[k]))
		}
		p.fill("neg_area", fmt.Sprintf("negative area %s %s·ms", num(c.NegArea*ms, 3), unit), ax, ay, lightGrey)
	}
	x, y := traceLine(tr, t0, t1, nil)
	p.line("trace", "", x, y, style{color: black, width: vg.Points(1)})
	bx, by := envelope(400, maxPoints, func(i int) float64 { return (t0 + (t1-t0)*float64(i)/399) * ms },
		func(i int) float64 { return b.At(t0 + (t1-t0)*float64(i)/399) })
	p.line("baseline", "baseline", bx, by, style{color: darkGrey, width: vg.Points(1), dashes: dotted})
	p.vline("onset", "onset "+num(c.OnsetLatency*ms, 3)+" ms", c.OnsetLatency*ms, style{color: blue, width: vg.Points(1.2), dashes: dashed})
	p.vline("neg_end", "end of negative phase", c.NegEnd*ms, style{color: darkGrey, width: vg.Points(0.8), dashes: dashDt})
	p.points("neg_peak", "negative peak "+num(c.Amplitude, 3)+" "+unit,
		[]float64{c.NegPeakLatency * ms}, []float64{b.At(c.NegPeakLatency) - sign*c.Amplitude},
		style{color: vermilion, glyph: draw.TriangleGlyph{}, radius: vg.Points(4)})
	from := c.ArtifactEnd
	if !finite(from) {
		from = 0
	}
	lo, hi := rangeAfter(x, y, from*ms)
	yRange(p, lo, hi)
	return f
}

// Motor draws a motor conduction study: the distal and proximal CMAPs (each minus its own baseline,
// so both start from zero) on one time axis, their onsets, and the latency difference over which the
// conduction velocity is measured. distal and proximal are the sweeps as measured (time zero at the
// stimulus).
//
// Marks: "distal", "proximal" (Line), "distal_onset", "proximal_onset" (VLine), "latency" (Line from
// the distal to the proximal onset), "velocity" (Text); x in ms, y in mV.
func Motor(m ncs.Motor, distal, proximal ephys.Trace) *Figure {
	f := newFigure("motor", "Motor conduction: distal vs proximal stimulation")
	p := f.Panels[0]
	p.Plot.X.Label.Text = "time from stimulus (ms)"
	p.Plot.Y.Label.Text = "CMAP minus baseline (mV)"
	d, q := m.Distal.CMAP, m.Proximal.CMAP
	cv := fmt.Sprintf("CV %s m/s over %s mm", num(m.ConductionVelocity, 3), num(m.DistanceMM, 4))
	f.Caption = fmt.Sprintf("Distal and proximal CMAPs: onsets %s and %s ms, %s; amplitude drop %s %%, area drop %s %%, block: %s.",
		num(d.OnsetLatency*ms, 3), num(q.OnsetLatency*ms, 3), cv, num(m.AmplitudeDropPct, 3), num(m.AreaDropPct, 3), m.Block.Verdict)
	sub := func(c ncs.CMAP) func(t, v float64) float64 {
		return func(t, v float64) float64 { return v - c.Baseline.At(t) }
	}
	dx, dy := traceLine(distal, distal.Start, distal.End(), sub(d))
	px, py := traceLine(proximal, proximal.Start, proximal.End(), sub(q))
	p.line("distal", "distal", dx, dy, style{color: black, width: vg.Points(1)})
	p.line("proximal", "proximal", px, py, style{color: blue, width: vg.Points(1), dashes: dashed})
	p.vline("distal_onset", "distal onset "+num(d.OnsetLatency*ms, 3)+" ms", d.OnsetLatency*ms, style{color: black, width: vg.Points(0.8), dashes: dotted})
	p.vline("proximal_onset", "proximal onset "+num(q.OnsetLatency*ms, 3)+" ms", q.OnsetLatency*ms, style{color: blue, width: vg.Points(0.8), dashes: dotted})
	lo1, hi1 := rangeAfter(dx, dy, finiteOr(d.ArtifactEnd, 0)*ms)
	lo2, hi2 := rangeAfter(px, py, finiteOr(q.ArtifactEnd, 0)*ms)
	lo, hi := min(lo1, lo2), max(hi1, hi2)
	yRange(p, lo-0.22*(hi-lo), hi)
	if finite(d.OnsetLatency) && finite(q.OnsetLatency) {
		ya := lo - 0.12*(hi-lo) // below both negative peaks
		p.text("velocity", cv, q.OnsetLatency*ms+0.5, ya, -1, 0)
		p.line("latency", "", []float64{d.OnsetLatency * ms, q.OnsetLatency * ms}, []float64{ya, ya},
			style{color: vermilion, width: vg.Points(1.5)})
	}
	return f
}

func finiteOr(v, alt float64) float64 {
	if finite(v) {
		return v
	}
	return alt
}

// FWaves draws an F-wave study as a raster: the sweeps stacked top to bottom (sweep 1 on top), each
// minus its baseline and clipped to ±Clip so that the M response does not cover its neighbours, the
// search window shaded, and each F-wave's onset marked. sweeps are the sweeps as measured
// (ncs.Sweeps), in the order of t.Sweeps.
//
// Marks: "sweep k" (Line, k from 1), "window" (XSpan), "f_onset" (Points: x the latency in ms, y the
// sweep's offset, one per sweep with an F-wave, in sweep order), "scale" (Line, the vertical scale
// bar); x in ms, y in mV offset by the sweep's row (row k at −(k−1)·Spacing).
func FWaves(t ncs.FWaveTrain, sweeps []ncs.Sweep) *Figure {
	f := newFigure("fwave", "F-waves")
	f.Height = vg.Length(math.Min(9, 2.5+0.3*float64(len(sweeps)))) * vg.Inch
	p := f.Panels[0]
	p.Plot.X.Label.Text = "time from stimulus (ms)"
	p.Plot.Y.Label.Text = "sweep"
	// Row spacing: 1.5 × the largest F-wave, at least twice the presence threshold.
	sp := 2 * t.ThresholdMV
	for _, w := range t.Sweeps {
		if w.Present && finite(w.PeakToPeak) {
			sp = max(sp, 1.5*w.PeakToPeak)
		}
	}
	if !(sp > 0) {
		sp = 0.5
	}
	clip := 0.5 * sp
	f.Caption = fmt.Sprintf("F-wave raster: %d sweeps (each minus its baseline, clipped at ±%s mV, so the M response is cut), "+
		"F onsets marked; persistence %s %%, latencies %s–%s ms (mean %s), chronodispersion %s ms, %d repeaters.",
		len(sweeps), num(clip, 2), num(t.Persistence, 3), num(t.MinLatency*ms, 3), num(t.MaxLatency*ms, 3),
		num(t.MeanLatency*ms, 3), num(t.Chronodispersion*ms, 2), t.Repeaters)
	if finite(t.WindowStartS) && finite(t.WindowEndS) && t.WindowEndS > t.WindowStartS {
		p.xspan("window", "F-wave search window", t.WindowStartS*ms, t.WindowEndS*ms, paleGrey)
	}
	var ticks []plot.Tick
	var fx, fy []float64
	for k, s := range sweeps {
		off := -float64(k) * sp
		var b *ncs.Baseline
		if k < len(t.M) {
			b = &t.M[k].Baseline
		}
		x, y := traceLine(s.Trace, s.Trace.Start, s.Trace.End(), func(tt, v float64) float64 {
			if b != nil {
				v -= b.At(tt)
			}
			return off + math.Max(-clip, math.Min(clip, v))
		})
		p.line("sweep "+strconv.Itoa(k+1), "", x, y, style{color: black, width: vg.Points(0.7)})
		ticks = append(ticks, plot.Tick{Value: off, Label: strconv.Itoa(k + 1)})
		if k < len(t.Sweeps) && t.Sweeps[k].Present && finite(t.Sweeps[k].Latency) {
			fx, fy = append(fx, t.Sweeps[k].Latency*ms), append(fy, off)
		}
	}
	p.points("f_onset", "F onset", fx, fy, style{color: vermilion, glyph: draw.PyramidGlyph{}, radius: vg.Points(3.5)})
	p.Plot.Y.Tick.Marker = plot.ConstantTicks(ticks)
	// A free row above sweep 1 holds the legend.
	p.Plot.Y.Min, p.Plot.Y.Max = -float64(len(sweeps)-1)*sp-0.6*sp, 1.8*sp
	// Scale bar: a round length near the clip height, at the right end.
	bar := roundDown(clip)
	if len(sweeps) > 0 {
		xe := sweeps[0].Trace.End() * ms
		yb := -float64(len(sweeps)-1) * sp
		p.line("scale", "", []float64{xe, xe}, []float64{yb, yb + bar}, style{color: black, width: vg.Points(2)})
		p.text("scale_label", scaleLabel(bar), xe, yb+bar/2, 1, 0)
	}
	return f
}

// roundDown returns the largest 1, 2 or 5 × 10^k not above v.
func roundDown(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 2, 1} {
		if m*e <= v {
			return m * e
		}
	}
	return e
}

// scaleLabel names a length in mV, in µV below 1 mV.
func scaleLabel(mv float64) string {
	if mv < 1 {
		return strconv.FormatFloat(mv*1e3, 'g', 3, 64) + " µV "
	}
	return strconv.FormatFloat(mv, 'g', 3, 64) + " mV "
}

// RNS draws a repetitive-stimulation train: on top the responses superimposed (the first solid, the
// fourth dashed, the others grey) with the negative peaks of the first and fourth marked; below each
// response's amplitude as a percentage of the first, with the decrement (1st − 4th) marked. sweeps
// are the sweeps as measured, in the order of t.Responses.
//
// Marks: top: "response k" (Line), "peak_1", "peak_4" (Points); bottom: "relative" (Points: x the
// response number from 1, y 100 × amplitude / first), "fourth" (HLine at 100 − DecrementPct).
func RNS(t ncs.RNSTrain, sweeps []ncs.Sweep) *Figure {
	f := newFigure("rns", "Repetitive nerve stimulation", 1.6, 1)
	f.Height = 5 * vg.Inch
	f.Caption = fmt.Sprintf("RNS: %d responses; decrement 1st→4th %s %% of the amplitude, %s %% of the negative area; largest decrement %s %% at response %d.",
		len(t.Responses), num(t.DecrementPct, 3), num(t.AreaDecrementPct, 3), num(t.MaxDecrementPct, 3), t.MaxDecrementAt+1)
	top, bot := f.Panels[0], f.Panels[1]
	top.Plot.X.Label.Text = "time from each stimulus (ms)"
	top.Plot.Y.Label.Text = "CMAP (mV)"
	bot.Plot.X.Label.Text = "response"
	bot.Plot.Y.Label.Text = "amplitude (% of 1st)"
	lo, hi := math.Inf(1), math.Inf(-1)
	order := []int{}
	for k := range sweeps {
		if k != 0 && k != 3 {
			order = append(order, k)
		}
	}
	if len(sweeps) > 3 {
		order = append(order, 3)
	}
	if len(sweeps) > 0 {
		order = append(order, 0)
	}
	for _, k := range order {
		s := sweeps[k]
		st := style{color: midGrey, width: vg.Points(0.7)}
		label := ""
		switch k {
		case 0:
			st, label = style{color: black, width: vg.Points(1.2)}, "1st"
		case 3:
			st, label = style{color: blue, width: vg.Points(1.2), dashes: dashed}, "4th"
		}
		x, y := traceLine(s.Trace, s.Trace.Start, s.Trace.End(), nil)
		top.line("response "+strconv.Itoa(k+1), label, x, y, st)
		if k < len(t.Responses) {
			a, b := rangeAfter(x, y, finiteOr(t.Responses[k].ArtifactEnd, 0)*ms)
			lo, hi = min(lo, a), max(hi, b)
		}
	}
	peak := func(k int) (x, y []float64) {
		if k >= len(t.Responses) {
			return nil, nil
		}
		c := t.Responses[k].CMAP
		sign := 1.0
		if c.Inverted {
			sign = -1
		}
		return []float64{c.NegPeakLatency * ms}, []float64{c.Baseline.At(c.NegPeakLatency) - sign*c.Amplitude}
	}
	x1, y1 := peak(0)
	x4, y4 := peak(3)
	top.points("peak_1", "", x1, y1, style{color: vermilion, glyph: draw.TriangleGlyph{}, radius: vg.Points(4)})
	top.points("peak_4", "", x4, y4, style{color: vermilion, glyph: draw.BoxGlyph{}, radius: vg.Points(3.5)})
	yRange(top, lo, hi)

	var rx, ry []float64
	for k, r := range t.Responses {
		rx = append(rx, float64(k+1))
		ry = append(ry, 100*r.Amplitude/t.Responses[0].Amplitude)
	}
	bot.line("relative_line", "", rx, ry, style{color: darkGrey, width: vg.Points(0.8)})
	bot.points("relative", "", rx, ry, style{color: black, glyph: draw.CircleGlyph{}, radius: vg.Points(3)})
	bot.hline("fourth", "4th: decrement "+num(t.DecrementPct, 3)+" %", 100-t.DecrementPct, style{color: blue, width: vg.Points(1), dashes: dashed})
	bot.Plot.X.Tick.Marker = integerTicks{}
	bot.Plot.X.Min, bot.Plot.X.Max = 0.5, float64(len(t.Responses))+0.5
	if lo, hi := rangeAfter(rx, ry, 0); hi >= lo {
		yRange(bot, min(lo, 100-t.DecrementPct), max(hi, 100))
	}
	return f
}

// integerTicks labels whole numbers only (response and application numbers).
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	step := math.Max(1, math.Ceil((hi-lo)/12))
	var t []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		if v >= 1 {
			t = append(t, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
		}
	}
	return t
}

// scanSteps returns the D50 largest steps between neighbouring sorted amplitudes of a CMAP scan: each
// step as the amplitudes below and above it (mV), largest first (ties in amplitude order). These are
// the steps ncs counts for D50 (ncs.D50: the fewest largest steps that make up half of max − min).
func scanSteps(pts []ephys.ScanPoint, d50 int) [][2]float64 {
	amp := make([]float64, len(pts))
	for i, p := range pts {
		amp[i] = p.ResponseMV
	}
	slices.Sort(amp)
	type gap struct {
		lo, hi float64
	}
	g := make([]gap, 0, max(0, len(amp)-1))
	for i := 1; i < len(amp); i++ {
		g = append(g, gap{amp[i-1], amp[i]})
	}
	slices.SortStableFunc(g, func(a, b gap) int { return cmp.Compare(b.hi-b.lo, a.hi-a.lo) })
	out := make([][2]float64, 0, d50)
	for _, s := range g[:min(d50, len(g))] {
		out = append(out, [2]float64{s.lo, s.hi})
	}
	return out
}

// Scan draws a CMAP scan: on top the responses against the stimulus, the baseline and maximal CMAP
// levels, S50, and the D50 steps shaded across; below the amplitudes sorted, with the same D50 steps
// drawn as the vertical jumps they are.
//
// Marks: top: "points" (Points, mA and mV), "s50" (VLine), "baseline", "max" (HLine), "step k"
// (YSpan, k from 1, largest first); bottom: "sorted" (Line: rank, amplitude), "steps" (Line: one
// vertical segment per D50 step, NaN between).
func Scan(res ncs.ScanResult, pts []ephys.ScanPoint) *Figure {
	f := newFigure("cmapscan", "CMAP scan", 1.6, 1)
	f.Height = 5.5 * vg.Inch
	steps := scanSteps(pts, res.D50)
	f.Caption = fmt.Sprintf("CMAP scan of %d stimuli: maximal CMAP %s mV, S5/S50/S95 %s/%s/%s mA, D50 = %d (the %d largest steps, shaded, make up half of the amplitude range), %d steps ≥ 2 %%, MUNE %d.",
		res.Points, num(res.MaxCMAPMV, 3), num(res.S5MA, 3), num(res.S50MA, 3), num(res.S95MA, 3), res.D50, len(steps), res.Steps, res.MUNE)
	top, bot := f.Panels[0], f.Panels[1]
	top.Plot.X.Label.Text = "stimulus (mA)"
	top.Plot.Y.Label.Text = "CMAP (mV)"
	top.Plot.Legend.Top = false
	bot.Plot.X.Label.Text = "rank of amplitude"
	bot.Plot.Y.Label.Text = "CMAP (mV)"
	for k, s := range steps {
		label := ""
		if k == 0 {
			label = fmt.Sprintf("D50 = %d steps", res.D50)
		}
		top.yspan("step "+strconv.Itoa(k+1), label, s[0], s[1], blueFill)
	}
	x := make([]float64, len(pts))
	y := make([]float64, len(pts))
	for i, p := range pts {
		x[i], y[i] = p.StimulusMA, p.ResponseMV
	}
	top.points("points", "", x, y, style{color: black, glyph: draw.CircleGlyph{}, radius: vg.Points(1.3)})
	top.hline("baseline", "", res.BaselineMV, style{color: darkGrey, width: vg.Points(0.8), dashes: dotted})
	top.hline("max", "", res.BaselineMV+res.MaxCMAPMV, style{color: darkGrey, width: vg.Points(0.8), dashes: dotted})
	top.vline("s50", "S50 "+num(res.S50MA, 3)+" mA", res.S50MA, style{color: vermilion, width: vg.Points(1), dashes: dashed})

	sorted := slices.Clone(y)
	slices.Sort(sorted)
	rank := make([]float64, len(sorted))
	for i := range rank {
		rank[i] = float64(i + 1)
	}
	bot.line("sorted", "", rank, sorted, style{color: black, width: vg.Points(0.8)})
	var sx, sy []float64
	for _, s := range steps {
		i, _ := slices.BinarySearch(sorted, s[1]) // first rank at the step's upper amplitude
		sx = append(sx, float64(i), float64(i), math.NaN())
		sy = append(sy, s[0], s[1], math.NaN())
	}
	bot.line("steps", "D50 steps", sx, sy, style{color: blue, width: vg.Points(2.5)})
	return f
}

// num formats v with about prec significant digits in plain decimal notation; "–" for NaN.
func num(v float64, prec int) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		return "0"
	}
	d := prec - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	if d < 0 || d > 12 {
		return strconv.FormatFloat(v, 'g', prec, 64)
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}
