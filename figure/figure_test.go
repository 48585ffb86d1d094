package figure

import (
	"bytes"
	"image/png"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/internal/demodata"
	"github.com/endplate/endplate/internal/race"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
	"github.com/endplate/endplate/trial"
)

// svgTol is how far (in points) a drawn position may lie from where the axes put the value: vgsvg
// prints coordinates with 5 significant digits, so a position up to ~1000 pt is rounded to 0.01 pt.
const svgTol = 0.02

// drawn renders f as SVG and returns its paths, each a list of points (canvas coordinates: points
// from the bottom-left corner, which is what vgsvg writes under its flipping group transform).
func drawn(t *testing.T, f *Figure) [][]vg.Point {
	t.Helper()
	b, err := f.SVG()
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	var paths [][]vg.Point
	// Points of M and L commands and the end points of A (arc) commands (circles are two arcs).
	num := regexp.MustCompile(`(?:[ML]|A[-0-9.e+]+,[-0-9.e+]+ 0 [01] [01] )([-0-9.e+]+),([-0-9.e+]+)`)
	for _, m := range regexp.MustCompile(`<path d="([^"]*)"`).FindAllSubmatch(b, -1) {
		var pts []vg.Point
		for _, c := range num.FindAllSubmatch(m[1], -1) {
			x, _ := strconv.ParseFloat(string(c[1]), 64)
			y, _ := strconv.ParseFloat(string(c[2]), 64)
			pts = append(pts, vg.Point{X: vg.Length(x), Y: vg.Length(y)})
		}
		paths = append(paths, pts)
	}
	return paths
}

// axisPos returns where value v lies on the canvas along a panel's axis, computed from the panel's
// data area and axis range alone (linear or log10), independently of the plotters' transforms.
func axisPos(p *Panel, v float64, horizontal bool) vg.Length {
	area, xr, yr := p.DataArea()
	lo, hi, a, b := yr[0], yr[1], area.Min.Y, area.Max.Y
	scale := p.Plot.Y.Scale
	if horizontal {
		lo, hi, a, b, scale = xr[0], xr[1], area.Min.X, area.Max.X, p.Plot.X.Scale
	}
	if _, ok := scale.(plot.LogScale); ok {
		v, lo, hi = math.Log10(v), math.Log10(lo), math.Log10(hi)
	}
	return a + vg.Length((v-lo)/(hi-lo))*(b-a)
}

func near(a, b vg.Length) bool { return math.Abs(float64(a-b)) <= svgTol }

// hasVLine says whether the SVG has a vertical stroke across the panel's data area at data x.
func hasVLine(paths [][]vg.Point, p *Panel, x float64) bool {
	px := axisPos(p, x, true)
	area, _, _ := p.DataArea()
	for _, pts := range paths {
		if len(pts) == 2 && near(pts[0].X, px) && near(pts[1].X, px) &&
			near(pts[0].Y, area.Min.Y) && near(pts[1].Y, area.Max.Y) {
			return true
		}
	}
	return false
}

// hasHLine says whether the SVG has a horizontal stroke across the panel's data area at data y.
func hasHLine(paths [][]vg.Point, p *Panel, y float64) bool {
	py := axisPos(p, y, false)
	area, _, _ := p.DataArea()
	for _, pts := range paths {
		if len(pts) == 2 && near(pts[0].Y, py) && near(pts[1].Y, py) &&
			near(pts[0].X, area.Min.X) && near(pts[1].X, area.Max.X) {
			return true
		}
	}
	return false
}

// hasGlyph says whether the SVG has a glyph (a small closed path) whose bounding box holds the data
// point (x, y) at its horizontal centre and within its height.
func hasGlyph(paths [][]vg.Point, p *Panel, x, y float64) bool {
	px, py := axisPos(p, x, true), axisPos(p, y, false)
	for _, pts := range paths {
		if len(pts) < 3 {
			continue
		}
		lo, hi := pts[0], pts[0]
		for _, q := range pts {
			lo.X, lo.Y = min(lo.X, q.X), min(lo.Y, q.Y)
			hi.X, hi.Y = max(hi.X, q.X), max(hi.Y, q.Y)
		}
		if hi.X-lo.X > 12 || hi.Y-lo.Y > 12 {
			continue
		}
		if near((lo.X+hi.X)/2, px) && py >= lo.Y-svgTol && py <= hi.Y+svgTol {
			return true
		}
	}
	return false
}

// mustMark returns the mark named name on panel p.
func mustMark(t *testing.T, p *Panel, name string) *Mark {
	t.Helper()
	m := p.Mark(name)
	if m == nil {
		t.Fatalf("no mark %q", name)
	}
	return m
}

// same compares data coordinates: a mark holds the measure converted to the axis unit (× 1e3 for
// ms), so it equals the reported value to a few ulps.
func same(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

func checkVLine(t *testing.T, paths [][]vg.Point, p *Panel, name string, want float64) {
	t.Helper()
	m := mustMark(t, p, name)
	if m.Kind != VLine || !same(m.X[0], want) {
		t.Errorf("%s at x = %v, want %v", name, m.X[0], want)
	}
	if !hasVLine(paths, p, want) {
		t.Errorf("%s: no vertical line drawn at x = %v", name, want)
	}
}

func checkPoint(t *testing.T, paths [][]vg.Point, p *Panel, name string, i int, x, y float64) {
	t.Helper()
	m := mustMark(t, p, name)
	if !same(m.X[i], x) || !same(m.Y[i], y) {
		t.Errorf("%s[%d] at (%v, %v), want (%v, %v)", name, i, m.X[i], m.Y[i], x, y)
	}
	if !hasGlyph(paths, p, x, y) {
		t.Errorf("%s[%d]: no glyph drawn at (%v, %v)", name, i, x, y)
	}
}

func openRec(t *testing.T, path string) *ephys.Recording {
	t.Helper()
	r, err := ephys.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestCMAPMarks(t *testing.T) {
	r := openRec(t, "../testdata/motor_wrist.edf")
	sw, err := ncs.Sweeps(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ncs.CMAPs(r, nil)
	if err != nil || cs[0].Err != nil {
		t.Fatal(err, cs[0].Err)
	}
	c := cs[0].CMAP
	f := CMAP(sw[0].Trace, c)
	paths := drawn(t, f)
	p := f.Panels[0]
	checkVLine(t, paths, p, "onset", c.OnsetLatency*1e3)
	checkVLine(t, paths, p, "neg_end", c.NegEnd*1e3)
	checkPoint(t, paths, p, "neg_peak", 0, c.NegPeakLatency*1e3, c.Baseline.At(c.NegPeakLatency)-c.Amplitude)
	for i, x := range mustMark(t, p, "baseline").X {
		if y := mustMark(t, p, "baseline").Y[i]; !same(y, c.Baseline.At(x/1e3)) {
			t.Fatalf("baseline at %v ms is %v, the model's is %v", x, y, c.Baseline.At(x/1e3))
		}
	}
	// The shaded area is the measured negative area: the shoelace area of the polygon (ms·mV) equals
	// NegArea. Both are trapezoids over the same samples with interpolated ends; they differ only by
	// the baseline's curvature within the end samples (hum and drift: < 1e-6 of the area).
	a := mustMark(t, p, "neg_area")
	s := 0.0
	for i := range a.X {
		j := (i + 1) % len(a.X)
		s += a.X[i]*a.Y[j] - a.X[j]*a.Y[i]
	}
	if got, want := math.Abs(s)/2, c.NegArea*1e3; math.Abs(got-want) > 1e-6*want {
		t.Errorf("shaded area %v mV·ms, negative area %v", got, want)
	}
	if a.X[0] != c.OnsetLatency*1e3 || a.X[len(a.X)/2-1] != c.NegEnd*1e3 {
		t.Errorf("shading from %v to %v ms, negative phase from %v to %v", a.X[0], a.X[len(a.X)/2-1], c.OnsetLatency*1e3, c.NegEnd*1e3)
	}
}

func TestMotorMarks(t *testing.T) {
	s := demodata.Motor()
	m, err := ncs.MotorRecordings(s.Distal, s.Proximal, s.DistanceMM, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := ncs.Sweeps(s.Distal, nil)
	q, _ := ncs.Sweeps(s.Proximal, nil)
	f := Motor(m, d[0].Trace, q[0].Trace)
	paths := drawn(t, f)
	p := f.Panels[0]
	checkVLine(t, paths, p, "distal_onset", m.Distal.OnsetLatency*1e3)
	checkVLine(t, paths, p, "proximal_onset", m.Proximal.OnsetLatency*1e3)
	// The latency bar spans the two onsets, and the distance over it is the velocity reported.
	l := mustMark(t, p, "latency")
	if cv := m.DistanceMM / (l.X[1] - l.X[0]); math.Abs(cv-m.ConductionVelocity) > 1e-12*cv {
		t.Errorf("distance / drawn latency = %v m/s, reported %v", cv, m.ConductionVelocity)
	}
	if txt := mustMark(t, p, "velocity").Label; !strings.Contains(txt, num(m.ConductionVelocity, 3)+" m/s") {
		t.Errorf("velocity label %q", txt)
	}
	// Each trace is drawn minus its own baseline: before the stimulus it sits at zero within the noise.
	for _, name := range []string{"distal", "proximal"} {
		tr := mustMark(t, p, name)
		for i, x := range tr.X {
			if x < 0 && math.Abs(tr.Y[i]) > 0.05 {
				t.Fatalf("%s at %v ms: %v mV before the stimulus", name, x, tr.Y[i])
			}
		}
	}
}

func TestFWaveMarks(t *testing.T) {
	r := openRec(t, "../testdata/fwave_train.edf")
	sw, err := ncs.Sweeps(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	ft, err := ncs.FWaves(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := FWaves(ft, sw)
	paths := drawn(t, f)
	p := f.Panels[0]
	on := mustMark(t, p, "f_onset")
	// Rows are Spacing apart, sweep 1 at 0: an F onset sits on its sweep's row.
	sp, k := math.NaN(), 0
	for i, w := range ft.Sweeps {
		if w.Present && i > 0 && k < len(on.X) && math.IsNaN(sp) {
			sp = -on.Y[k] / float64(i)
		}
		if w.Present {
			k++
		}
	}
	k = 0
	for i, w := range ft.Sweeps {
		if !w.Present {
			continue
		}
		if k >= len(on.X) {
			t.Fatalf("%d F onsets drawn, more sweeps have one", len(on.X))
		}
		checkPoint(t, paths, p, "f_onset", k, w.Latency*1e3, -float64(i)*sp)
		k++
	}
	if k != len(on.X) || k == 0 || !(sp > 0) {
		t.Fatalf("%d F onsets drawn for %d sweeps with an F-wave", len(on.X), k)
	}
	// Every sweep stays within its row: the M response is clipped to half the spacing either side.
	for i := range sw {
		row := mustMark(t, p, "sweep "+strconv.Itoa(i+1))
		off := -float64(i) * sp
		for _, y := range row.Y {
			if math.Abs(y-off) > sp/2*(1+1e-12) {
				t.Fatalf("sweep %d drawn at %v, outside its row %v ± %v", i+1, y, off, sp/2)
			}
		}
	}
}

func TestRNSMarks(t *testing.T) {
	s := demodata.RNS()
	rt, err := ncs.RNS(s.Recording, nil)
	if err != nil {
		t.Fatal(err)
	}
	sw, _ := ncs.Sweeps(s.Recording, nil)
	f := RNS(rt, sw)
	paths := drawn(t, f)
	top, bot := f.Panels[0], f.Panels[1]
	for k, r := range rt.Responses {
		checkPoint(t, paths, bot, "relative", k, float64(k+1), 100*r.Amplitude/rt.Responses[0].Amplitude)
	}
	m := mustMark(t, bot, "fourth")
	if !same(m.Y[0], 100-rt.DecrementPct) || !same(mustMark(t, bot, "relative").Y[3], m.Y[0]) {
		t.Errorf("4th response drawn at %v %%, decrement %v %%", m.Y[0], rt.DecrementPct)
	}
	if !hasHLine(paths, bot, 100-rt.DecrementPct) {
		t.Error("no line drawn at the 4th response's level")
	}
	c1, c4 := rt.Responses[0].CMAP, rt.Responses[3].CMAP
	checkPoint(t, paths, top, "peak_1", 0, c1.NegPeakLatency*1e3, c1.Baseline.At(c1.NegPeakLatency)-c1.Amplitude)
	checkPoint(t, paths, top, "peak_4", 0, c4.NegPeakLatency*1e3, c4.Baseline.At(c4.NegPeakLatency)-c4.Amplitude)
}

func TestScanMarks(t *testing.T) {
	pts := demodata.Scan()
	res, err := ncs.NewScanAnalyzer(nil).Analyze(pts)
	if err != nil {
		t.Fatal(err)
	}
	f := Scan(res, pts)
	paths := drawn(t, f)
	top := f.Panels[0]
	checkVLine(t, paths, top, "s50", res.S50MA)
	if !hasHLine(paths, top, res.BaselineMV) || !hasHLine(paths, top, res.BaselineMV+res.MaxCMAPMV) {
		t.Error("baseline or maximal CMAP level not drawn")
	}
	// The shaded steps are D50 of them, each a gap between neighbouring sorted amplitudes, and they
	// are the largest: together they reach half of max − min, without the smallest they do not.
	amp := make([]float64, len(pts))
	for i, p := range pts {
		amp[i] = p.ResponseMV
	}
	if ncs.D50(amp) != res.D50 {
		t.Fatalf("ncs.D50 %d, Analyze %d", ncs.D50(amp), res.D50)
	}
	var sum, smallest float64 = 0, math.Inf(1)
	for k := 0; ; k++ {
		m := top.Mark("step " + strconv.Itoa(k+1))
		if m == nil {
			if k != res.D50 {
				t.Errorf("%d steps shaded, D50 = %d", k, res.D50)
			}
			break
		}
		g := m.Y[1] - m.Y[0]
		sum += g
		smallest = min(smallest, g)
		lo, hi := false, false
		for _, a := range amp {
			lo, hi = lo || a == m.Y[0], hi || a == m.Y[1]
			if a > m.Y[0] && a < m.Y[1] {
				t.Fatalf("step %d (%v–%v mV) has amplitude %v inside", k+1, m.Y[0], m.Y[1], a)
			}
		}
		if !lo || !hi {
			t.Fatalf("step %d ends are not amplitudes of the scan", k+1)
		}
		if d := m.Drawn(); len(d) != 2 || !near(d[0].Y, axisPos(top, m.Y[0], false)) || !near(d[1].Y, axisPos(top, m.Y[1], false)) {
			t.Errorf("step %d drawn at %v", k+1, d)
		}
	}
	span := slicesMax(amp) - slicesMin(amp)
	if sum < span/2*(1-1e-12) || sum-smallest >= span/2 {
		t.Errorf("shaded steps sum to %v of a %v mV range (smallest %v)", sum, span, smallest)
	}
}

func slicesMax(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

func slicesMin(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = min(m, v)
	}
	return m
}

func TestAChMarks(t *testing.T) {
	r := openRec(t, "../testdata/ach_current.atf")
	an, err := patch.Analyze(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := r.Trace(an.Channel, an.Responses[0].Sweep)
	if err != nil {
		t.Fatal(err)
	}
	if tr, err = tr.In("nA"); err != nil {
		t.Fatal(err)
	}
	res := an.Responses[0]
	if res.Decay == nil || math.IsNaN(res.THalf) {
		t.Fatalf("the sample response has no decay fit or T0.5: %v", res.DecayErr)
	}
	f := ACh(tr, res)
	paths := drawn(t, f)
	top, bot := f.Panels[0], f.Panels[1]
	base := func(t float64) float64 { return res.Baseline.At(t, res.Onset) }
	checkPoint(t, paths, top, "peak", 0, res.PeakTime, base(res.PeakTime)+res.Peak)
	checkVLine(t, paths, top, "t_half", res.PeakTime+res.THalf)
	checkPoint(t, paths, top, "half", 0, res.PeakTime+res.THalf, base(res.PeakTime+res.THalf)+res.Peak/2)
	checkVLine(t, paths, top, "onset", res.Onset)
	checkVLine(t, paths, top, "offset", res.Offset)
	d := res.Decay
	dm := mustMark(t, top, "decay")
	if dm.X[0] != d.From || dm.X[len(dm.X)-1] != d.To {
		t.Errorf("decay drawn from %v to %v s, fitted from %v to %v", dm.X[0], dm.X[len(dm.X)-1], d.From, d.To)
	}
	sum := d.Offset
	for _, a := range d.Amp {
		sum += a
	}
	if !same(dm.Y[0], base(d.From)+sum) {
		t.Errorf("decay starts at %v nA, the fit gives %v", dm.Y[0], base(d.From)+sum)
	}
	// Residuals are the samples minus baseline and fit, at the samples' own times (i / rate), and
	// they are noise: their SD is that of the recording's noise (0.5 nA in the manifest) within 20 %
	// (a few hundred samples estimate an SD to ±5 %; the bound leaves room for the bin-mean fit).
	rm := mustMark(t, bot, "residuals")
	ss := 0.0
	for i, x := range rm.X {
		j := int(math.Round(x * tr.Rate))
		if want := tr.Data[j] - base(x) - d.At(x); !same(rm.Y[i], want) {
			t.Fatalf("residual at %v s is %v, want %v", x, rm.Y[i], want)
		}
		ss += rm.Y[i] * rm.Y[i]
	}
	if sd := math.Sqrt(ss / float64(len(rm.X))); sd < 0.4 || sd > 0.6 {
		t.Errorf("residual SD %v nA, the recording's noise is 0.5 nA", sd)
	}
	if !hasHLine(paths, bot, 0) {
		t.Error("no zero line under the residuals")
	}
}

func TestRundownMarks(t *testing.T) {
	rec, _, err := demodata.Rundown()
	if err != nil {
		t.Fatal(err)
	}
	an, err := patch.Analyze(rec, &patch.Options{Apps: demodata.Apps(6)})
	if err != nil {
		t.Fatal(err)
	}
	rd := an.Rundown()
	f := Rundown(rd)
	paths := drawn(t, f)
	p := f.Panels[0]
	for i, a := range rd.Amplitudes {
		checkPoint(t, paths, p, "amplitudes", i, float64(i+1), a)
	}
	l := mustMark(t, p, "rundown")
	if got := (1 - l.Y[1]/l.Y[0]) * 100; !same(got, rd.RundownPct) {
		t.Errorf("rundown line shows %v %%, reported %v %%", got, rd.RundownPct)
	}
}

func TestDoseMarks(t *testing.T) {
	rec, _, err := demodata.Dose()
	if err != nil {
		t.Fatal(err)
	}
	an, err := patch.Analyze(rec, &patch.Options{Apps: demodata.Apps(len(demodata.DoseConcUM)), MeasureWeak: true})
	if err != nil {
		t.Fatal(err)
	}
	var amps []float64
	for _, r := range an.Responses {
		amps = append(amps, r.Amplitude)
	}
	d, err := patch.DoseResponse(demodata.DoseConcUM, amps)
	if err != nil {
		t.Fatal(err)
	}
	f := Dose(d, "µM")
	paths := drawn(t, f)
	p := f.Panels[0]
	checkVLine(t, paths, p, "ec50", d.EC50)
	checkPoint(t, paths, p, "half", 0, d.EC50, d.Baseline+d.Imax/2)
	for i, c := range d.Conc {
		checkPoint(t, paths, p, "responses", i, c, d.Responses[i])
	}
	ci := mustMark(t, p, "ec50_ci")
	if ci.X[0] != d.EC50CI[0] || ci.X[1] != d.EC50CI[1] {
		t.Errorf("EC50 interval drawn %v, fitted %v", ci.X, d.EC50CI)
	}
	if dr := ci.Drawn(); !near(dr[0].X, axisPos(p, d.EC50CI[0], true)) || !near(dr[1].X, axisPos(p, d.EC50CI[1], true)) {
		t.Errorf("EC50 interval drawn at %v", dr)
	}
	// The Hill curve is the fitted equation: at EC50 it is half way up.
	if v := d.At(d.EC50); math.Abs(v-(d.Baseline+d.Imax/2)) > 1e-12*math.Abs(d.Imax) {
		t.Errorf("Hill curve at EC50 = %v, want %v", v, d.Baseline+d.Imax/2)
	}
}

func TestPNG(t *testing.T) {
	s := demodata.RNS()
	rt, err := ncs.RNS(s.Recording, nil)
	if err != nil {
		t.Fatal(err)
	}
	sw, _ := ncs.Sweeps(s.Recording, nil)
	var buf bytes.Buffer
	if err := RNS(rt, sw).WriteTo(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 975 || b.Dy() != 750 {
		t.Errorf("PNG %v, want 975 × 750 (6.5 × 5 in at 150 dpi)", b)
	}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				dark++
			}
		}
	}
	if dark < 2000 {
		t.Errorf("only %d dark pixels: the figure is blank", dark)
	}
	if err := RNS(rt, sw).WriteTo(&buf, "gif"); err == nil {
		t.Error("gif accepted")
	}
}

func TestEnvelope(t *testing.T) {
	n := 10007
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Sin(float64(i)*0.013) + 0.3*math.Sin(float64(i)*1.7)
	}
	x := func(i int) float64 { return float64(i) }
	v := func(i int) float64 { return y[i] }
	// Short: every sample, in order.
	xs, ys := envelope(100, 50, x, v)
	for i := range xs {
		if xs[i] != float64(i) || ys[i] != y[i] {
			t.Fatal("short trace not kept whole")
		}
	}
	// Long: per bucket, its minimum and maximum (the plain loop over the bucket), in time order.
	const buckets = 500
	xs, ys = envelope(n, buckets, x, v)
	if len(xs) != 2*buckets {
		t.Fatalf("%d points", len(xs))
	}
	for b := range buckets {
		lo, hi := b*n/buckets, (b+1)*n/buckets
		mn, mx := math.Inf(1), math.Inf(-1)
		for i := lo; i < hi; i++ {
			mn, mx = min(mn, y[i]), max(mx, y[i])
		}
		a, c := ys[2*b], ys[2*b+1]
		if min(a, c) != mn || max(a, c) != mx || xs[2*b] > xs[2*b+1] {
			t.Fatalf("bucket %d: %v %v, want min %v max %v", b, a, c, mn, mx)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {-7.9, 3.1}, {87, 101}, {0.5, 10.5}, {-0.013, 0.004}} {
		ticks := niceTicks{}.Ticks(r[0], r[1])
		labelled := 0
		for _, tk := range ticks {
			if tk.Value < r[0]-1e-12 || tk.Value > r[1]+1e-12 {
				t.Errorf("%v: tick %v outside", r, tk.Value)
			}
			if tk.Label != "" {
				labelled++
				if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || math.Abs(v-tk.Value) > 1e-9*math.Max(1, math.Abs(v)) {
					t.Errorf("%v: label %q for %v", r, tk.Label, tk.Value)
				}
			}
		}
		if labelled < 3 || labelled > 8 {
			t.Errorf("%v: %d labelled ticks", r, labelled)
		}
	}
}

func TestPairedMarks(t *testing.T) {
	tr := &trial.Trial{}
	for i, v := range [][4]float64{{5.1, 4.2, 5.0, 4.8}, {6.3, 5.0, 6.1, 5.9}, {4.4, 4.6, 4.5, 4.9}, {7.0, 5.5, 6.8, 6.2}} {
		p := "P" + strconv.Itoa(i+1)
		for j, arm := range []struct {
			tr    trial.Treatment
			visit string
		}{{trial.Real, "week2"}, {trial.Sham, "week2"}, {trial.Real, "baseline"}, {trial.Sham, "baseline"}} {
			tr.Arms = append(tr.Arms, trial.Arm{Patient: p, Side: string(arm.tr), Treatment: arm.tr, Visit: arm.visit,
				Measures: map[string]float64{"cmap_amplitude_mv": v[j]}})
		}
	}
	tr.Visits = []string{"baseline", "week2"}
	comps := tr.Comparisons()
	if len(comps) != 3 {
		t.Fatalf("%d comparisons", len(comps))
	}
	f := Paired("CMAP amplitude (mV)", comps)
	paths := drawn(t, f)
	for i, c := range comps {
		p := f.Panels[i]
		for k := range c.Real {
			l := mustMark(t, p, "patient "+strconv.Itoa(k+1))
			if l.X[0] != 0 || l.X[1] != 1 || l.Y[0] != c.Sham[k] || l.Y[1] != c.Real[k] {
				t.Errorf("%s patient %d: line %v %v, pair sham %v real %v", c.Visit, k+1, l.X, l.Y, c.Sham[k], c.Real[k])
			}
			checkPoint(t, paths, p, "pairs", 2*k, 0, c.Sham[k])
			checkPoint(t, paths, p, "pairs", 2*k+1, 1, c.Real[k])
		}
		if c.Visit != trial.ChangeVisit {
			if _, _, yr := p.DataArea(); yr != func() [2]float64 { _, _, y := f.Panels[0].DataArea(); return y }() {
				t.Errorf("%s: y range %v differs from the first visit's", c.Visit, yr)
			}
		}
		m := mustMark(t, p, "means")
		if !same(m.Y[1]-m.Y[0], c.MeanDiff) {
			t.Errorf("%s: means drawn %v, mean difference %v", c.Visit, m.Y, c.MeanDiff)
		}
	}
}

// The file-level helpers draw what the single commands measure, one figure per measured sweep or
// application, named after the file.
func TestFiles(t *testing.T) {
	cm, err := CMAPFile("../testdata/motor_wrist.edf", nil)
	if err != nil || len(cm) != 1 || cm[0].Name != "motor_wrist-cmap" {
		t.Fatalf("CMAPFile: %v, %d figures", err, len(cm))
	}
	if _, err := FWaveFile("../testdata/fwave_train.edf", nil); err != nil {
		t.Fatal(err)
	}
	ach, err := AChFile("../testdata/ach_current.atf", nil)
	if err != nil || len(ach) != 1 || ach[0].Name != "ach_current-ach-app1" {
		t.Fatalf("AChFile: %v, %d figures", err, len(ach))
	}
	if _, err := CMAPFile("../testdata/nonexistent.edf", nil); err == nil || !strings.Contains(err.Error(), "nonexistent.edf") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ScanFile("../testdata/motor_wrist.edf", nil); err == nil {
		t.Error("a CMAP recording drawn as a scan")
	}
}

func TestSNAPMarks(t *testing.T) {
	figs, err := SNAPFile("../testdata/snap.edf", &ncs.SNAPOptions{DistanceMM: 140})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := ncs.SNAPFile("../testdata/snap.edf", &ncs.SNAPOptions{DistanceMM: 140})
	if err != nil || len(figs) != 1 {
		t.Fatal(err, len(figs))
	}
	f, s := figs[0], ss[0].SNAP
	paths := drawn(t, f)
	p := f.Panels[0]
	checkVLine(t, paths, p, "onset", s.OnsetLatency*1e3)
	checkVLine(t, paths, p, "peak", s.PeakLatency*1e3)
}

func TestIVMarks(t *testing.T) {
	// A rectifying I–V: I = g(V − E)(1 + 0.01 V), E = −5 mV, g = 0.2 µS, 10 mV steps.
	c := &patch.IVCurve{Mode: "steps"}
	for v := -100.0; v <= 40; v += 10 {
		c.VoltageMV = append(c.VoltageMV, v)
		c.CurrentNA = append(c.CurrentNA, 0.2*(v+5)*(1+0.01*v))
	}
	var err error
	if c.ReversalMV, c.SlopeUS, c.Crossings, err = patch.Reversal(c.VoltageMV, c.CurrentNA); err != nil {
		t.Fatal(err)
	}
	f := IV(c)
	paths := drawn(t, f)
	p := f.Panels[0]
	checkVLine(t, paths, p, "reversal", c.ReversalMV)
	for i, v := range c.VoltageMV {
		checkPoint(t, paths, p, "points", i, v, c.CurrentNA[i])
	}
	s := mustMark(t, p, "slope")
	if g := (s.Y[1] - s.Y[0]) / (s.X[1] - s.X[0]); !same(g, c.SlopeUS) || !same((s.X[0]+s.X[1])/2, c.ReversalMV) {
		t.Errorf("slope line %v %v, slope %v µS at %v mV", s.X, s.Y, c.SlopeUS, c.ReversalMV)
	}
	if !hasHLine(paths, p, 0) {
		t.Error("no zero-current line")
	}
}

// A measure that could not be made (NaN), a response without a decay fit, an empty series: the
// figures still draw what there is, without a marker for what is missing, and never panic.
func TestMissingMeasures(t *testing.T) {
	nan := math.NaN()
	r := openRec(t, "../testdata/motor_wrist.edf")
	sw, err := ncs.Sweeps(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := ncs.CMAP{Unit: "mV", OnsetLatency: nan, NegPeakLatency: nan, Amplitude: nan, NegEnd: nan, NegArea: nan, ArtifactEnd: nan}
	ach := patch.Response{Onset: 1, Offset: nan, Return: nan, Peak: nan, PeakTime: nan, THalf: nan, Rise1090: nan}
	tr := ephys.Trace{Data: make([]float64, 500), Rate: 100, Unit: "nA"}
	figs := []*Figure{
		CMAP(sw[0].Trace, c),
		ACh(tr, ach),
		Rundown(patch.Rundown(nil)),
		Rundown(patch.Rundown([]float64{3})),
		Dose(patch.DoseResult{Conc: []float64{0, 1}, Responses: []float64{0, 1}}, ""),
		Paired("x", nil),
		Scan(ncs.ScanResult{S50MA: nan, BaselineMV: nan, MaxCMAPMV: nan}, nil),
		FWaves(ncs.FWaveTrain{}, nil),
		RNS(ncs.RNSTrain{}, nil),
		IV(&patch.IVCurve{ReversalMV: nan, SlopeUS: nan}),
	}
	for _, f := range figs {
		if _, err := f.SVG(); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		// The PNG canvas draws the same plot as the SVG one; under -race (this loop is one
		// goroutine) rasterising and encoding ten PNGs is most of the package's test time, so one
		// PNG stands for them there.
		if race.Enabled && f != figs[0] {
			continue
		}
		if err := f.WriteTo(io.Discard, "png"); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if paths := drawn(t, figs[0]); hasVLine(paths, figs[0].Panels[0], nan) {
		t.Error("a NaN onset drawn")
	}
}
