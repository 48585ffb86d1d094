package patch

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/endplate/endplate/ephys"
)

// IVCurve is a current–voltage relation: points (mV, nA) in order of
// voltage, the reversal potential where the current changes sign, and the
// slope conductance dI/dV there (nA/mV = µS).
type IVCurve struct {
	Mode       string    // "steps" (one point per sweep) or "ramp" (points along a ramp)
	VoltageMV  []float64 // ascending
	CurrentNA  []float64
	ReversalMV float64 // NaN when the current does not change sign
	SlopeUS    float64 // slope conductance at the reversal, µS; NaN with it
	Crossings  int     // sign changes of the current along the curve
}

// ErrNoReversal is returned (wrapped) by Reversal when the current keeps its
// sign over the whole curve.
var ErrNoReversal = errors.New("patch: the current does not reverse")

// Reversal finds where the current i (nA) at voltages v (mV, ascending)
// changes sign and the slope conductance there. The crossing is bracketed
// between neighbouring points of opposite sign (the one closest to the
// middle when there are several); a polynomial (degree up to 3, fewer with
// fewer points) is fitted by least squares to the points within twice the
// bracket's span or 10 mV on either side — at least two each — and its root
// in the bracket is the reversal, its derivative the slope. A fit on the
// neighbours rather than the two bracketing points alone keeps one noisy
// point from moving the reversal, and follows rectification. It returns
// ErrNoReversal when the current keeps its sign. It panics if the lengths
// differ.
func Reversal(v, i []float64) (revMV, slopeUS float64, crossings int, err error) {
	if len(v) != len(i) {
		panic("patch: Reversal length mismatch")
	}
	var br []int
	for k := 1; k < len(v); k++ {
		if (i[k-1] < 0) != (i[k] < 0) {
			br = append(br, k)
		}
	}
	if len(br) == 0 {
		return math.NaN(), math.NaN(), 0, ErrNoReversal
	}
	k := br[0]
	for _, b := range br {
		if math.Abs(float64(b)-float64(len(v))/2) < math.Abs(float64(k)-float64(len(v))/2) {
			k = b
		}
	}
	v0, v1 := v[k-1], v[k]
	// Linear interpolation first.
	lin := v0 + (v1-v0)*(-i[k-1])/(i[k]-i[k-1])
	slope := (i[k] - i[k-1]) / (v1 - v0)
	// Neighbours within twice the bracket's span (steps) or 10 mV (a
	// ramp's dense points, where a few alone would make a noisy slope) on
	// either side, and at least two on each.
	reach := math.Max(2*(v1-v0), 10)
	a, b := k-1, k+1
	for a > 0 && (k-1-a < 1 || v[k-1]-v[a-1] <= reach) {
		a--
	}
	for b < len(v) && (b-k < 2 || v[b]-v[k] <= reach) {
		b++
	}
	deg := min(3, b-a-2)
	if deg < 1 {
		return lin, slope, len(br), nil
	}
	c := 0.5 * (v0 + v1)
	h := math.Max(v[b-1]-v[a], 1e-9) / 2
	vs := v[a:b]
	p, ok := polyFit(i[a:b], deg, func(k int) float64 { return (vs[k] - c) / h })
	if !ok {
		return lin, slope, len(br), nil
	}
	f := func(x float64) float64 { return polyEval3(p, (x-c)/h) }
	lo, hi := v0, v1
	flo := f(lo)
	if (flo < 0) == (f(hi) < 0) {
		return lin, slope, len(br), nil
	}
	for range 100 {
		m := 0.5 * (lo + hi)
		if (f(m) < 0) == (flo < 0) {
			lo = m
		} else {
			hi = m
		}
	}
	r := 0.5 * (lo + hi)
	x := (r - c) / h
	d := (p[1] + 2*p[2]*x + 3*p[3]*x*x) / h
	return r, d, len(br), nil
}

// IVOptions controls IVRecording. The zero value (or nil) means the
// defaults.
type IVOptions struct {
	// Channel is the current channel (0-based; default 0), in a unit of
	// current (a channel without a unit is read as nA).
	Channel int

	// Epoch names the command epoch that steps or ramps the voltage ("A",
	// "B", …); "" takes the first epoch of the voltage-command DAC whose
	// level changes from sweep to sweep (steps), else the first ramp.
	Epoch string

	// Window is where each step is measured, in seconds from the start of
	// the sweep; zero means the last 20 % of the step (its steady state,
	// after the capacitive transient and the activation of the current).
	Window [2]float64
}

// IVRecording measures the I–V relation of a step or ramp protocol. The
// voltage is read from a recorded channel in volts when there is one (the
// membrane potential a two-electrode clamp records), else from the
// command's epoch table (level + increment × sweep; a ramp runs from the
// previous epoch's level to its own). Steps give one point per sweep: the
// mean current (and voltage) over the measurement window. A ramp gives the
// current along it, averaged over the sweeps and into ≤ 400 points.
func IVRecording(rec *ephys.Recording, opt *IVOptions) (*IVCurve, error) {
	var o IVOptions
	if opt != nil {
		o = *opt
	}
	if err := noTrace(rec); err != nil {
		return nil, err
	}
	if o.Channel < 0 || o.Channel >= rec.NumChannels() {
		return nil, fmt.Errorf("channel %d does not exist: the recording has %d", o.Channel+1, rec.NumChannels())
	}
	iScale, err := scaleTo(rec.Channels[o.Channel].Unit, "nA")
	if err != nil {
		return nil, fmt.Errorf("channel %d is in %q, not a current", o.Channel+1, rec.Channels[o.Channel].Unit)
	}
	vch, vScale := -1, 1.0
	for k, c := range rec.Channels {
		if k == o.Channel {
			continue
		}
		if f, err := ephys.Scale(c.Unit, "mV"); err == nil && strings.TrimSpace(c.Unit) != "" {
			vch, vScale = k, f
			break
		}
	}
	ep, prev, epErr := ivEpoch(rec, o.Epoch)
	if epErr != nil && vch < 0 {
		return nil, epErr
	}
	cur := &IVCurve{Mode: "steps"}
	if ep.Type == "ramp" {
		cur.Mode = "ramp"
	}
	nsw := rec.NumSweeps()
	if cur.Mode == "steps" {
		for sw := 0; sw < nsw; sw++ {
			tr, err := rec.Trace(o.Channel, sw)
			if err != nil {
				return nil, err
			}
			from, to := o.Window[0], o.Window[1]
			if !(to > from) {
				if epErr != nil {
					return nil, fmt.Errorf("no measurement window: give one, or a protocol with a stepping epoch (%v)", epErr)
				}
				d := ep.Duration + ep.DurationInc*float64(sw)
				from, to = ep.Start+0.8*d, ep.Start+d
			}
			i0, i1 := int(math.Ceil(from*tr.Rate)), min(int(to*tr.Rate), tr.Len())
			if i1-i0 < 1 || i0 < 0 {
				return nil, fmt.Errorf("sweep %d: measurement window %.4g–%.4g s holds no samples", sw+1, from, to)
			}
			var vm float64
			if vch >= 0 {
				vt, err := rec.Trace(vch, sw)
				if err != nil {
					return nil, err
				}
				vm = mean(vt.Data[i0:min(i1, vt.Len())]) * vScale
			} else {
				vm = ep.Level + ep.LevelInc*float64(sw)
				if f, err := ephys.Scale(ep.Unit, "mV"); err == nil {
					vm *= f
				}
			}
			cur.VoltageMV = append(cur.VoltageMV, vm)
			cur.CurrentNA = append(cur.CurrentNA, mean(tr.Data[i0:i1])*iScale)
		}
	} else {
		if err := rampIV(rec, o.Channel, iScale, vch, vScale, ep, prev, cur); err != nil {
			return nil, err
		}
	}
	sortIV(cur)
	cur.ReversalMV, cur.SlopeUS, cur.Crossings, _ = Reversal(cur.VoltageMV, cur.CurrentNA)
	return cur, nil
}

// rampIV fills c with the current along a ramp, averaged over the sweeps
// and binned into at most 400 points.
func rampIV(rec *ephys.Recording, ch int, iScale float64, vch int, vScale float64, ep ephys.Epoch, prev float64, c *IVCurve) error {
	var sumI, sumV []float64
	for sw := 0; sw < rec.NumSweeps(); sw++ {
		tr, err := rec.Trace(ch, sw)
		if err != nil {
			return err
		}
		i0 := int(math.Ceil(ep.Start * tr.Rate))
		i1 := min(int((ep.Start+ep.Duration)*tr.Rate), tr.Len())
		if i1-i0 < 2 {
			return fmt.Errorf("the ramp (epoch %s) holds no samples", ep.Name)
		}
		var vt ephys.Trace
		if vch >= 0 {
			if vt, err = rec.Trace(vch, sw); err != nil {
				return err
			}
		}
		if sumI == nil {
			sumI, sumV = make([]float64, i1-i0), make([]float64, i1-i0)
		}
		for k := range sumI {
			if i0+k >= i1 {
				break
			}
			sumI[k] += tr.Data[i0+k] * iScale
			if vch >= 0 && i0+k < vt.Len() {
				sumV[k] += vt.Data[i0+k] * vScale
			} else {
				u := float64(k) / float64(i1-i0-1)
				sumV[k] += prev + (ep.Level-prev)*u
			}
		}
	}
	ns := float64(rec.NumSweeps())
	bin := max(1, (len(sumI)+399)/400)
	for k := 0; k+bin <= len(sumI); k += bin {
		c.VoltageMV = append(c.VoltageMV, mean(sumV[k:k+bin])/ns)
		c.CurrentNA = append(c.CurrentNA, mean(sumI[k:k+bin])/ns)
	}
	return nil
}

// ivEpoch picks the epoch of the voltage command that the I–V steps or
// ramps, and the level before it (the holding level, or the previous
// epoch's).
func ivEpoch(rec *ephys.Recording, name string) (ephys.Epoch, float64, error) {
	dac := -1
	for k, d := range rec.DACs {
		if _, err := ephys.Scale(d.Unit, "mV"); err == nil {
			dac = k
			break
		}
	}
	var eps []ephys.Epoch
	for _, e := range rec.Epochs {
		if e.DAC == dac && e.Type != "off" {
			eps = append(eps, e)
		}
	}
	hold := 0.0
	if dac >= 0 {
		hold = rec.DACs[dac].Holding
	}
	prevOf := func(i int) float64 {
		if i == 0 {
			return hold
		}
		return eps[i-1].Level
	}
	for i, e := range eps {
		if name != "" && strings.EqualFold(e.Name, name) {
			return e, prevOf(i), nil
		}
	}
	if name != "" {
		return ephys.Epoch{}, 0, fmt.Errorf("the protocol has no epoch %q on its voltage command", name)
	}
	for i, e := range eps {
		if e.Type == "step" && e.LevelInc != 0 {
			return e, prevOf(i), nil
		}
	}
	for i, e := range eps {
		if e.Type == "ramp" {
			return e, prevOf(i), nil
		}
	}
	return ephys.Epoch{}, 0, errors.New("the protocol has no stepping or ramping epoch on its voltage command (give --window with a recorded voltage)")
}

// SubtractLeak returns c minus the leak current measured with the same
// protocol without agonist, interpolated linearly at c's voltages (held
// constant beyond the leak's range), with the reversal recomputed.
func SubtractLeak(c, leak *IVCurve) *IVCurve {
	out := &IVCurve{Mode: c.Mode, VoltageMV: append([]float64(nil), c.VoltageMV...), CurrentNA: make([]float64, len(c.CurrentNA))}
	for k, v := range c.VoltageMV {
		out.CurrentNA[k] = c.CurrentNA[k] - interp(leak.VoltageMV, leak.CurrentNA, v)
	}
	out.ReversalMV, out.SlopeUS, out.Crossings, _ = Reversal(out.VoltageMV, out.CurrentNA)
	return out
}

// SubtractLinearLeak fits a line to the points of c between loMV and hiMV
// (where the membrane is passive: no agonist-gated or voltage-gated current)
// and returns c minus that line extended over all voltages, with the
// reversal recomputed, and the leak conductance (µS) and its reversal (mV).
func SubtractLinearLeak(c *IVCurve, loMV, hiMV float64) (*IVCurve, float64, float64, error) {
	var l lineSums
	for k, v := range c.VoltageMV {
		if v >= loMV && v <= hiMV {
			l.add(v, c.CurrentNA[k])
		}
	}
	if l.n < 2 {
		return nil, 0, 0, fmt.Errorf("patch: fewer than two points between %g and %g mV for the leak", loMV, hiMV)
	}
	a, g := l.coef()
	out := &IVCurve{Mode: c.Mode, VoltageMV: append([]float64(nil), c.VoltageMV...), CurrentNA: make([]float64, len(c.CurrentNA))}
	for k, v := range c.VoltageMV {
		out.CurrentNA[k] = c.CurrentNA[k] - (a + g*v)
	}
	out.ReversalMV, out.SlopeUS, out.Crossings, _ = Reversal(out.VoltageMV, out.CurrentNA)
	return out, g, -a / g, nil
}

func interp(x, y []float64, v float64) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	k := sort.SearchFloat64s(x, v)
	switch {
	case k == 0:
		return y[0]
	case k >= n:
		return y[n-1]
	}
	if x[k] == x[k-1] {
		return y[k]
	}
	return y[k-1] + (y[k]-y[k-1])*(v-x[k-1])/(x[k]-x[k-1])
}

func sortIV(c *IVCurve) {
	idx := make([]int, len(c.VoltageMV))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.VoltageMV[idx[a]] < c.VoltageMV[idx[b]] })
	v, i := make([]float64, len(idx)), make([]float64, len(idx))
	for k, j := range idx {
		v[k], i[k] = c.VoltageMV[j], c.CurrentNA[j]
	}
	c.VoltageMV, c.CurrentNA = v, i
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// scaleTo is ephys.Scale, reading a blank unit as the target.
func scaleTo(unit, to string) (float64, error) {
	if strings.TrimSpace(unit) == "" {
		return 1, nil
	}
	return ephys.Scale(unit, to)
}

// IVFile opens path and measures its I–V relation (see IVRecording).
func IVFile(path string, opt *IVOptions) (*IVCurve, error) {
	rec, err := ephys.Open(path)
	if err != nil {
		return nil, err
	}
	defer rec.Close()
	c, err := IVRecording(rec, opt)
	if err != nil && !strings.Contains(err.Error(), path) {
		err = fmt.Errorf("%s: %w", path, err)
	}
	return c, err
}
