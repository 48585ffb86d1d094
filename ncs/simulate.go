package ncs

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/endplate/endplate/ephys"
)

// Unit is one simulated motor unit (or, in a SNAP, one group of sensory fibres): the potential it
// contributes at the recording electrode and how its impulse travels there.
type Unit struct {
	AmplitudeMV float64 // magnitude of its potential's negative peak at the electrode, mV
	TauS        float64 // time constant τ of its potential, s
	VelocityMS  float64 // conduction velocity of its axon, m/s (= mm/ms)
	TerminalS   float64 // terminal delay: distal branches and neuromuscular transmission, s
}

// UnitPotential is the potential of one unit t seconds after its arrival, scaled so that its
// negative peak is −1: m(t) = −(t/τ)·e^(1−t/τ)·(1 − t/(2τ)) for t ≥ 0, 0 before — a zero-area
// biphasic potential with a linear onset, its negative peak at (2 − √2)τ, back through baseline at
// 2τ and a long positive phase after.
func UnitPotential(t, tau float64) float64 {
	if t <= 0 {
		return 0
	}
	x := t / tau
	if x > 60 {
		return 0 // below 1e-23 of the peak
	}
	return -x * math.Exp(1-x) * (1 - x/2) / unitPeak
}

// unitPeak is |m| at its negative peak x = 2 − √2.
var unitPeak = func() float64 {
	x := 2 - math.Sqrt2
	return x * math.Exp(1-x) * (1 - x/2)
}()

// Arrival returns when the unit's potential begins after a stimulus distanceMM from the muscle.
func (u Unit) Arrival(distanceMM float64) float64 {
	return u.TerminalS + distanceMM/u.VelocityMS*1e-3
}

// Response is the sum of the units' potentials at time t (s after the stimulus) for a stimulus
// distanceMM from the muscle, each unit's amplitude multiplied by scale.
func Response(units []Unit, distanceMM, t, scale float64) float64 {
	v := 0.0
	for _, u := range units {
		v += u.AmplitudeMV * UnitPotential(t-u.Arrival(distanceMM), u.TauS)
	}
	return v * scale
}

// PoolOptions describe a pool of motor units. The zero value gives a healthy median-nerve APB pool:
// 100 units whose CMAP at the wrist is about 6 mV; velocities 58 ± 4 m/s (the spread of fast
// motor-axon velocities, Dorfman 1984), terminal delays 2.2 ± 0.15 ms, τ 1.1–1.5 ms (a 3–4 ms negative
// phase at the wrist), unit amplitudes log-normal with a coefficient of variation near 0.8.
type PoolOptions struct {
	Units          int     // 0: 100; an ALS-like pool has 15–30 large units
	AmplitudeMV    float64 // the pool's CMAP amplitude at distance 0 is scaled to about this; 0: 6
	VelocityMS     float64 // mean conduction velocity; 0: 58
	VelocitySDMS   float64 // 0: 4
	TerminalS      float64 // mean terminal delay; 0: 2.2 ms
	TerminalSDS    float64 // 0: 0.15 ms
	TauMinS        float64 // 0: 1.1 ms
	TauMaxS        float64 // 0: 1.5 ms
	AmplitudeSigma float64 // σ of ln(unit amplitude); 0: 0.7
}

// NewPool draws a pool of motor units.
func NewPool(rng *rand.Rand, opt *PoolOptions) []Unit {
	var o PoolOptions
	if opt != nil {
		o = *opt
	}
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.Units <= 0 {
		o.Units = 100
	}
	def(&o.AmplitudeMV, 6)
	def(&o.VelocityMS, 58)
	def(&o.VelocitySDMS, 4)
	def(&o.TerminalS, 2.2e-3)
	def(&o.TerminalSDS, 0.15e-3)
	def(&o.TauMinS, 1.1e-3)
	def(&o.TauMaxS, max(1.5e-3, o.TauMinS))
	def(&o.AmplitudeSigma, 0.7)
	units := make([]Unit, o.Units)
	for i := range units {
		units[i] = Unit{
			AmplitudeMV: math.Exp(o.AmplitudeSigma * rng.NormFloat64()),
			TauS:        o.TauMinS + (o.TauMaxS-o.TauMinS)*rng.Float64(),
			VelocityMS:  max(o.VelocityMS+o.VelocitySDMS*rng.NormFloat64(), 0.5*o.VelocityMS),
			TerminalS:   max(o.TerminalS+o.TerminalSDS*rng.NormFloat64(), 0.3*o.TerminalS),
		}
	}
	// Scale to the amplitude asked for, at distance 0.
	w := Truth(units, 0, 1)
	if w.Amplitude > 0 {
		for i := range units {
			units[i].AmplitudeMV *= o.AmplitudeMV / w.Amplitude
		}
	}
	return units
}

// Nuisance is what a recording adds to the physiology. Zero fields add nothing.
type Nuisance struct {
	NoiseMV    float64 // SD of white noise, mV
	HumMV      float64 // amplitude of mains hum at MainsHz, mV (its third harmonic has a third of it)
	MainsHz    float64 // 0: 50
	DriftMV    float64 // linear drift over the whole sweep, mV
	OffsetMV   float64 // constant offset, mV
	ArtifactMV float64 // stimulus artifact: during the 0.1 ms pulse −ArtifactMV/2, then ArtifactMV decaying
	ArtifactS  float64 // time constant of the artifact's decay; 0: 0.25 ms
}

// Layout is a sweep's timing: sample rate, pre-stimulus time and time after the stimulus.
type Layout struct {
	RateHz float64 // 0: 20 kHz
	PreS   float64 // 0: 5 ms
	PostS  float64 // 0: 50 ms
}

func (l Layout) withDefaults() Layout {
	if l.RateHz <= 0 {
		l.RateHz = 20000
	}
	if l.PreS <= 0 {
		l.PreS = 5e-3
	}
	if l.PostS <= 0 {
		l.PostS = 50e-3
	}
	return l
}

// CMAPTruth is what a noise-free response measures, by the definitions the analysis uses (times s
// from the stimulus, mV, mV·s).
type CMAPTruth struct {
	FirstArrival   float64 // the earliest unit's arrival
	OnsetLatency   float64 // the response first reaches 1 % of its negative-peak amplitude
	NegPeakLatency float64
	Amplitude      float64
	PeakToPeak     float64
	NegDuration    float64 // onset to the first return to baseline after the negative peak
	NegArea        float64 // area of the negative phase, onset to its end (mV·s, positive)
}

// Truth measures the noise-free response of units to a stimulus distanceMM away (amplitudes
// multiplied by scale) on a 5 µs grid refined by bisection and golden-section search.
func Truth(units []Unit, distanceMM, scale float64) CMAPTruth {
	f := func(t float64) float64 { return Response(units, distanceMM, t, scale) }
	first := math.Inf(1)
	last := 0.0
	for _, u := range units {
		first = min(first, u.Arrival(distanceMM))
		last = max(last, u.Arrival(distanceMM)+2*u.TauS)
	}
	tr := CMAPTruth{FirstArrival: first}
	if math.IsInf(first, 0) {
		return tr
	}
	const h = 5e-6
	n := int((last-first)/h) + 2
	ys := make([]float64, n)
	k := 0
	for i := range ys {
		ys[i] = f(first + float64(i)*h)
		if ys[i] < ys[k] {
			k = i
		}
	}
	pk := extremum(f, first+float64(max(k-1, 0))*h, first+float64(k+1)*h)
	tr.NegPeakLatency, tr.Amplitude = pk, -f(pk)
	lvl := -0.01 * tr.Amplitude
	i := 0
	for i < k && ys[i] > lvl {
		i++
	}
	tr.OnsetLatency = bisect(func(t float64) float64 { return f(t) - lvl }, first+float64(max(i-1, 0))*h, first+float64(i)*h)
	j := k
	for j < n && ys[j] < 0 {
		j++
	}
	end := last
	if j < n {
		end = bisect(f, first+float64(j-1)*h, first+float64(j)*h)
	}
	tr.NegDuration = end - tr.OnsetLatency
	tr.NegArea = -simpson(f, tr.OnsetLatency, end, 4000)
	// Positive peak after the negative phase: on a coarser grid up to 20 ms later, refined.
	best, bt := math.Inf(-1), end
	for t := end; t < end+20e-3; t += 5e-6 {
		if v := f(t); v > best {
			best, bt = v, t
		}
	}
	pp := extremum(f, bt-5e-6, bt+5e-6)
	tr.PeakToPeak = f(pp) + tr.Amplitude
	return tr
}

// extremum finds the extremum of f bracketed by [a, b] as the sign change of its central difference
// over ±0.1 µs. A search on the values of f (golden section) can place an extremum only to about
// √ε of its width, because f is flat there and its last bits decide: the ground truth then moved by
// 1e-9 relative between amd64 and 386. The difference's sign is exact far closer to the root
// (ε·|f|·w²/δ ≈ 1e-15 s for a 0.5 ms wide peak), so the truth is the same number on every platform.
func extremum(f func(float64) float64, a, b float64) float64 {
	const delta = 1e-7
	return bisect(func(t float64) float64 { return f(t+delta) - f(t-delta) }, a, b)
}

// bisect finds a sign change of f in [a, b].
func bisect(f func(float64) float64, a, b float64) float64 {
	fa := f(a)
	for range 60 {
		m := (a + b) / 2
		fm := f(m)
		if (fm > 0) == (fa > 0) {
			a, fa = m, fm
		} else {
			b = m
		}
	}
	return (a + b) / 2
}

// simpson integrates f over [a, b] with n (even) intervals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

// sweepSamples renders one sweep: the physiology sig(t) (t from the stimulus) plus the nuisances.
// phase is the mains phase at the sweep's start (radians).
func sweepSamples(l Layout, nu Nuisance, rng *rand.Rand, phase float64, sig func(t float64) float64) []float64 {
	n := int(math.Round((l.PreS + l.PostS) * l.RateHz))
	x := make([]float64, n)
	mains := nu.MainsHz
	if mains <= 0 {
		mains = 50
	}
	atau := nu.ArtifactS
	if atau <= 0 {
		atau = 0.25e-3
	}
	dur := float64(n) / l.RateHz
	for i := range x {
		ts := float64(i) / l.RateHz // from the sweep start
		t := ts - l.PreS
		v := sig(t) + nu.OffsetMV + nu.DriftMV*(ts/dur-0.5)
		if nu.HumMV != 0 {
			w := 2*math.Pi*mains*ts + phase
			v += nu.HumMV * (math.Sin(w) + math.Sin(3*w+1)/3)
		}
		if nu.ArtifactMV != 0 {
			switch {
			case t >= 0 && t < 0.1e-3:
				v -= nu.ArtifactMV / 2
			case t >= 0.1e-3:
				v += nu.ArtifactMV * math.Exp(-(t-0.1e-3)/atau)
			}
		}
		if nu.NoiseMV > 0 {
			v += nu.NoiseMV * rng.NormFloat64()
		}
		x[i] = v
	}
	return x
}

// MotorSim is a simulated motor study: one recording per stimulation site with its truth.
type MotorSim struct {
	Distal, Proximal           *ephys.Recording
	DistalTruth, ProximalTruth CMAPTruth
	DistanceMM                 float64 // between the sites
	VelocityMS                 float64 // DistanceMM / (proximal − distal onset latency)
}

// MotorSimOptions describe a simulated median motor study. The zero value: the default pool, wrist
// 70 mm and elbow 230 mm further from the muscle, no block, a clean 20 kHz recording with a 5 ms
// pre-stimulus and 50 ms after.
type MotorSimOptions struct {
	Pool            PoolOptions
	DistalMM        float64 // stimulus to muscle at the distal site; 0: 70
	SegmentMM       float64 // between the sites; 0: 230
	BlockedFraction float64 // fraction of units (drawn at random) that do not conduct past the segment
	Nuisance        Nuisance
	Layout          Layout
}

// SimulateMotor simulates a motor study.
func SimulateMotor(rng *rand.Rand, opt *MotorSimOptions) MotorSim {
	var o MotorSimOptions
	if opt != nil {
		o = *opt
	}
	if o.DistalMM <= 0 {
		o.DistalMM = 70
	}
	if o.SegmentMM <= 0 {
		o.SegmentMM = 230
	}
	l := o.Layout.withDefaults()
	units := NewPool(rng, &o.Pool)
	prox := slices.Clone(units)
	if o.BlockedFraction > 0 {
		for i := range prox {
			if rng.Float64() < o.BlockedFraction {
				prox[i].AmplitudeMV = 0
			}
		}
	}
	pd := o.DistalMM + o.SegmentMM
	s := MotorSim{DistanceMM: o.SegmentMM}
	s.DistalTruth = Truth(units, o.DistalMM, 1)
	s.ProximalTruth = Truth(prox, pd, 1)
	s.VelocityMS = o.SegmentMM / ((s.ProximalTruth.OnsetLatency - s.DistalTruth.OnsetLatency) * 1e3)
	rec := func(name string, us []Unit, d float64) *ephys.Recording {
		x := sweepSamples(l, o.Nuisance, rng, 2*math.Pi*rng.Float64(), func(t float64) float64 { return Response(us, d, t, 1) })
		ch := []ephys.Channel{{Name: name, Unit: "mV", Rate: l.RateHz, HighpassHz: 2, LowpassHz: 10000}}
		return ephys.NewRecording(ch, []ephys.Sweep{{Zero: l.PreS}}, [][][]float64{{x}})
	}
	s.Distal = rec("APB wrist", units, o.DistalMM)
	s.Proximal = rec("APB elbow", prox, pd)
	return s
}

// FWaveSimOptions describe a simulated F-wave train. The zero value: the default pool stimulated
// at the wrist (70 mm), 20 sweeps at 1 Hz, an F-wave in 70 % of them, a clean 20 kHz recording with a
// 5 ms pre-stimulus and 60 ms after.
type FWaveSimOptions struct {
	Pool        PoolOptions
	DistalMM    float64 // 0: 70
	CordMM      float64 // stimulus to spinal cord; 0: 800 (wrist to C8 in an adult arm)
	Sweeps      int     // 0: 20
	Persistence float64 // probability of an F-wave per sweep; 0: 0.7, negative: none
	// F-wave size: an F-wave is one unit firing back, its amplitude this many times the unit's
	// own (at least 50 µV); 0: log-uniform between 1 and 4 (F-waves are 1–5 % of the M response).
	FGainMin, FGainMax float64
	Nuisance           Nuisance
	Layout             Layout
}

// FWaveSim is a simulated F-wave train with its truth.
type FWaveSim struct {
	Recording *ephys.Recording
	M         CMAPTruth
	Latencies []float64 // per sweep, the F-wave's onset (1 % of its negative peak); NaN where absent
	Units     []int     // the unit that fired back, −1 where absent
	// Persistence, MinLatency, MeanLatency: the train's figures from Latencies.
	Persistence, MinLatency, MeanLatency float64
}

// SimulateFWave simulates an F-wave train: each sweep the M response plus, with probability
// Persistence, one unit's backfiring: it arrives after travelling to the cord and back
// (2·CordMM/velocity) plus a 1 ms turnaround in the motor neuron and its usual distal arrival.
func SimulateFWave(rng *rand.Rand, opt *FWaveSimOptions) FWaveSim {
	var o FWaveSimOptions
	if opt != nil {
		o = *opt
	}
	if o.DistalMM <= 0 {
		o.DistalMM = 70
	}
	if o.CordMM <= 0 {
		o.CordMM = 800
	}
	if o.Sweeps <= 0 {
		o.Sweeps = 20
	}
	if o.Persistence == 0 {
		o.Persistence = 0.7
	}
	if o.FGainMin <= 0 {
		o.FGainMin = 1
	}
	if o.FGainMax <= 0 {
		o.FGainMax = max(4, o.FGainMin)
	}
	l := o.Layout
	if l.PostS <= 0 {
		l.PostS = 60e-3
	}
	l = l.withDefaults()
	units := NewPool(rng, &o.Pool)
	s := FWaveSim{M: Truth(units, o.DistalMM, 1)}
	sweeps := make([][]float64, o.Sweeps)
	placed := make([]ephys.Sweep, o.Sweeps)
	var lats []float64
	for k := range sweeps {
		s.Units = append(s.Units, -1)
		s.Latencies = append(s.Latencies, math.NaN())
		var fu []Unit
		if rng.Float64() < o.Persistence {
			i := rng.IntN(len(units))
			u := units[i]
			g := o.FGainMin * math.Pow(o.FGainMax/o.FGainMin, rng.Float64())
			// At least 50 µV: smaller F-waves fall below the 40 µV peak-to-peak floor of detection.
			u.AmplitudeMV = max(u.AmplitudeMV*g, 0.05)
			u.TerminalS += 2*o.CordMM/u.VelocityMS*1e-3 + 1e-3
			fu = []Unit{u}
			ft := Truth(fu, o.DistalMM, 1)
			s.Units[k], s.Latencies[k] = i, ft.OnsetLatency
			lats = append(lats, ft.OnsetLatency)
		}
		sweeps[k] = sweepSamples(l, o.Nuisance, rng, 2*math.Pi*rng.Float64(), func(t float64) float64 {
			return Response(units, o.DistalMM, t, 1) + Response(fu, o.DistalMM, t, 1)
		})
		placed[k] = ephys.Sweep{Start: float64(k), Zero: l.PreS}
	}
	s.Persistence = 100 * float64(len(lats)) / float64(o.Sweeps)
	s.MinLatency, s.MeanLatency = math.NaN(), math.NaN()
	if len(lats) > 0 {
		s.MinLatency = slices.Min(lats)
		sum := 0.0
		for _, v := range lats {
			sum += v
		}
		s.MeanLatency = sum / float64(len(lats))
	}
	ch := []ephys.Channel{{Name: "APB F", Unit: "mV", Rate: l.RateHz, HighpassHz: 2, LowpassHz: 10000}}
	s.Recording = ephys.NewRecording(ch, placed, [][][]float64{sweeps})
	return s
}

// RNSSimOptions describe a simulated repetitive stimulation train. The zero value: the default
// pool at the wrist, 10 responses at 3 Hz, no decrement, a clean 20 kHz recording of 5 + 40 ms.
type RNSSimOptions struct {
	Pool         PoolOptions
	DistalMM     float64 // 0: 70
	Responses    int     // 0: 10
	RateHz       float64 // stimulation rate; 0: 3
	DecrementPct float64 // (1st − 4th)/1st × 100
	Nuisance     Nuisance
	Layout       Layout
}

// RNSSim is a simulated train with its truth.
type RNSSim struct {
	Recording    *ephys.Recording
	Amplitudes   []float64 // per response, mV
	NegAreas     []float64 // per response, mV·s
	DecrementPct float64
}

// rnsShape is the myasthenic pattern of the decrement over a 3 Hz train, as a fraction of the 4th
// response's: the largest fall by the 4th–5th response, then a partial recovery (the U shape).
var rnsShape = []float64{0, 0.55, 0.87, 1, 1, 0.96, 0.91, 0.87, 0.83, 0.83}

// SimulateRNS simulates a train whose responses fall in the myasthenic U shape: response k has the
// amplitude and area of the first × (1 − DecrementPct/100 · shape(k)), the same units all scaled
// (fewer endplates reaching threshold lower amplitude and area alike).
func SimulateRNS(rng *rand.Rand, opt *RNSSimOptions) RNSSim {
	var o RNSSimOptions
	if opt != nil {
		o = *opt
	}
	if o.DistalMM <= 0 {
		o.DistalMM = 70
	}
	if o.Responses <= 0 {
		o.Responses = 10
	}
	if o.RateHz <= 0 {
		o.RateHz = 3
	}
	l := o.Layout
	if l.PostS <= 0 {
		l.PostS = 40e-3
	}
	l = l.withDefaults()
	units := NewPool(rng, &o.Pool)
	base := Truth(units, o.DistalMM, 1)
	s := RNSSim{}
	sweeps := make([][]float64, o.Responses)
	placed := make([]ephys.Sweep, o.Responses)
	for k := range sweeps {
		shape := rnsShape[min(k, len(rnsShape)-1)]
		f := 1 - o.DecrementPct/100*shape
		s.Amplitudes = append(s.Amplitudes, base.Amplitude*f)
		s.NegAreas = append(s.NegAreas, base.NegArea*f)
		sweeps[k] = sweepSamples(l, o.Nuisance, rng, 2*math.Pi*rng.Float64(), func(t float64) float64 {
			return Response(units, o.DistalMM, t, f)
		})
		placed[k] = ephys.Sweep{Start: float64(k) / o.RateHz, Zero: l.PreS}
	}
	if len(s.Amplitudes) >= 4 {
		s.DecrementPct = (s.Amplitudes[0] - s.Amplitudes[3]) / s.Amplitudes[0] * 100
	}
	ch := []ephys.Channel{{Name: "APB RNS", Unit: "mV", Rate: l.RateHz, HighpassHz: 2, LowpassHz: 10000}}
	s.Recording = ephys.NewRecording(ch, placed, [][][]float64{sweeps})
	return s
}

// SNAPSimOptions describe a simulated antidromic median sensory study (digit 2). The zero value:
// 300 fibre groups with velocities 58 ± 5 m/s, τ 0.25–0.35 ms, a 30 µV SNAP, stimulation 140 mm
// away, a clean 40 kHz recording of 5 + 20 ms.
type SNAPSimOptions struct {
	Fibres      int     // 0: 300
	AmplitudeUV float64 // 0: 30
	DistanceMM  float64 // 0: 140
	VelocityMS  float64 // 0: 58
	Nuisance    Nuisance
	Layout      Layout
}

// SNAPSim is a simulated SNAP with its truth (amplitude in mV, like the recording).
type SNAPSim struct {
	Recording  *ephys.Recording
	Truth      CMAPTruth
	DistanceMM float64
	VelocityMS float64 // DistanceMM / onset latency
}

// SimulateSNAP simulates a sensory nerve action potential: fibre groups with no terminal delay,
// each contributing a short biphasic potential.
func SimulateSNAP(rng *rand.Rand, opt *SNAPSimOptions) SNAPSim {
	var o SNAPSimOptions
	if opt != nil {
		o = *opt
	}
	if o.Fibres <= 0 {
		o.Fibres = 300
	}
	if o.AmplitudeUV <= 0 {
		o.AmplitudeUV = 30
	}
	if o.DistanceMM <= 0 {
		o.DistanceMM = 140
	}
	if o.VelocityMS <= 0 {
		o.VelocityMS = 58
	}
	l := o.Layout
	if l.RateHz <= 0 {
		l.RateHz = 40000
	}
	if l.PostS <= 0 {
		l.PostS = 20e-3
	}
	l = l.withDefaults()
	units := NewPool(rng, &PoolOptions{Units: o.Fibres, AmplitudeMV: o.AmplitudeUV * 1e-3, VelocityMS: o.VelocityMS,
		VelocitySDMS: 5, TerminalS: 1e-9, TerminalSDS: 1e-12, TauMinS: 0.25e-3, TauMaxS: 0.35e-3, AmplitudeSigma: 0.3})
	for i := range units {
		units[i].TerminalS = 0
	}
	// Scale to the amplitude asked for at the recording distance (dispersion lowers it).
	if w := Truth(units, o.DistanceMM, 1); w.Amplitude > 0 {
		for i := range units {
			units[i].AmplitudeMV *= o.AmplitudeUV * 1e-3 / w.Amplitude
		}
	}
	s := SNAPSim{Truth: Truth(units, o.DistanceMM, 1), DistanceMM: o.DistanceMM}
	s.VelocityMS = o.DistanceMM / (s.Truth.OnsetLatency * 1e3)
	x := sweepSamples(l, o.Nuisance, rng, 2*math.Pi*rng.Float64(), func(t float64) float64 { return Response(units, o.DistanceMM, t, 1) })
	ch := []ephys.Channel{{Name: "D2 sensory", Unit: "mV", Rate: l.RateHz}}
	s.Recording = ephys.NewRecording(ch, []ephys.Sweep{{Zero: l.PreS}}, [][][]float64{{x}})
	return s
}
