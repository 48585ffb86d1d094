package patch

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// ivRecording builds a step protocol: sweeps stepping the command from
// −100 mV by 15 mV for 0.5 s (epoch B, after 0.1 s at −60 mV holding), the
// current i(v) plus white noise of SD sd nA, 10 kHz.
func ivRecording(i func(v float64) float64, sweeps int, sd float64, seed uint64) *ephys.Recording {
	const fs = 10000
	rng := rand.New(rand.NewPCG(seed, 7))
	data := make([][]float64, sweeps)
	for sw := range data {
		v := -100 + 15*float64(sw)
		x := make([]float64, int(0.8*fs))
		for k := range x {
			vk := -60.0
			if t := float64(k) / fs; t >= 0.1 && t < 0.6 {
				vk = v
			}
			x[k] = i(vk) + sd*rng.NormFloat64()
		}
		data[sw] = x
	}
	rec := ephys.NewRecording([]ephys.Channel{{Name: "I", Unit: "nA", Rate: fs}}, nil, [][][]float64{data})
	rec.DACs = []ephys.DAC{{Name: "Cmd 0", Unit: "mV", Holding: -60}}
	rec.Epochs = []ephys.Epoch{
		{DAC: 0, Name: "A", Type: "step", Start: 0, Duration: 0.1, Level: -60, Unit: "mV"},
		{DAC: 0, Name: "B", Type: "step", Start: 0.1, Duration: 0.5, Level: -100, LevelInc: 15, Unit: "mV"},
	}
	return rec
}

// A nicotinic current with inward rectification: I = g(V−E)·(1 − 0.3·tanh((V−E)/40)),
// E = −5 mV, g = 0.8 µS. The reversal is E and the slope there g exactly;
// with 0.5 nA noise averaged over 1000 samples per step (SE 0.016 nA, a
// 0.02 mV shift at 0.8 µS) and a cubic through points 15 mV apart, the
// reversal must hold to 0.3 mV and the slope to 3 % (the cubic's error on
// this curvature is ~1 %).
func TestIVSteps(t *testing.T) {
	const e, g = -5.0, 0.8
	f := func(v float64) float64 { return g * (v - e) * (1 - 0.3*math.Tanh((v-e)/40)) }
	c, err := IVRecording(ivRecording(f, 10, 0.5, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != "steps" || len(c.VoltageMV) != 10 || c.VoltageMV[0] != -100 {
		t.Fatalf("mode %s, voltages %v", c.Mode, c.VoltageMV)
	}
	if math.Abs(c.ReversalMV-e) > 0.3 || math.Abs(c.SlopeUS/g-1) > 0.03 || c.Crossings != 1 {
		t.Errorf("reversal %.3f mV (want %g), slope %.4f µS (want %g), %d crossings", c.ReversalMV, e, c.SlopeUS, g, c.Crossings)
	}
}

// Leak subtraction: the same protocol with agonist (ACh current plus leak)
// and without (leak alone, 0.1 µS reversing at −40 mV); the difference
// reverses at the ACh current's −5 mV, which the raw curve does not.
// Tolerances from the noise: each point is the mean of 1000 samples of
// 0.2 nA SD (SE 0.0063 nA, √2 of it in a difference), so at 0.8 µS the
// reversal has an SD of ~0.01 mV and the slope ~0.1 %; the linear leak over
// ten points 15 mV apart, SD ~5e-5 µS and ~0.03 mV (over 19 seeds: 0.007 mV,
// 0.05 %, 3.5e-5 µS, 0.02 mV). The limits are about five of those SDs:
// 0.05 mV, 0.3 %, 2e-4 µS, 0.15 mV.
func TestIVLeak(t *testing.T) {
	ach := func(v float64) float64 { return 0.8 * (v + 5) }
	leak := func(v float64) float64 { return 0.1 * (v + 40) }
	with, err := IVRecording(ivRecording(func(v float64) float64 { return ach(v) + leak(v) }, 10, 0.2, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	without, err := IVRecording(ivRecording(leak, 10, 0.2, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(with.ReversalMV+5) < 2 {
		t.Fatalf("raw reversal %.2f mV should be pulled away from −5 mV by the leak", with.ReversalMV)
	}
	d := SubtractLeak(with, without)
	if math.Abs(d.ReversalMV+5) > 0.05 || math.Abs(d.SlopeUS/0.8-1) > 0.003 {
		t.Errorf("leak-subtracted reversal %.3f mV, slope %.4f µS; want −5, 0.8", d.ReversalMV, d.SlopeUS)
	}
	// A linear leak fitted where the ACh current is absent (here: nowhere,
	// so fit the leak-only curve) gives the leak's own parameters.
	_, gl, el, err := SubtractLinearLeak(without, -100, 35)
	if err != nil || math.Abs(gl-0.1) > 2e-4 || math.Abs(el+40) > 0.15 {
		t.Errorf("linear leak %.4f µS reversing at %.2f mV (%v); want 0.1, −40", gl, el, err)
	}
}

func TestReversalNone(t *testing.T) {
	if _, _, _, err := Reversal([]float64{-80, -60, -40}, []float64{-3, -2, -1}); err == nil {
		t.Error("no crossing: want ErrNoReversal")
	}
}

// A ramp from −100 to +40 mV over 1 s (epoch B, from the holding level of
// epoch A), three sweeps; the membrane potential recorded on a second
// channel in volts. The reversal and slope of I = 0.5·(V + 10) come back
// to 0.2 mV and 1 % (noise 0.3 nA, averaged over three sweeps and ~25
// samples per point: 0.035 nA per point; a cubic over ±10 mV, ~57 points,
// gives the slope to an SE of ~0.25 %, the reversal to ~0.07 mV).
func TestIVRamp(t *testing.T) {
	const fs = 10000
	rng := rand.New(rand.NewPCG(4, 4))
	var is, vs [][]float64
	for range 3 {
		i := make([]float64, int(1.3*fs))
		v := make([]float64, len(i))
		for k := range i {
			tt := float64(k) / fs
			vm := -100.0
			if tt >= 0.2 && tt < 1.2 {
				vm = -100 + 140*(tt-0.2)/1.0
			}
			v[k] = vm / 1000 // volts
			i[k] = 0.5*(vm+10) + 0.3*rng.NormFloat64()
		}
		is, vs = append(is, i), append(vs, v)
	}
	rec := ephys.NewRecording([]ephys.Channel{{Name: "I", Unit: "nA", Rate: fs}, {Name: "Vm", Unit: "V", Rate: fs}}, nil, [][][]float64{is, vs})
	rec.DACs = []ephys.DAC{{Name: "Cmd 0", Unit: "mV", Holding: -100}}
	rec.Epochs = []ephys.Epoch{
		{DAC: 0, Name: "A", Type: "step", Start: 0, Duration: 0.2, Level: -100, Unit: "mV"},
		{DAC: 0, Name: "B", Type: "ramp", Start: 0.2, Duration: 1.0, Level: 40, Unit: "mV"},
	}
	c, err := IVRecording(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != "ramp" || len(c.VoltageMV) < 300 {
		t.Fatalf("mode %s, %d points", c.Mode, len(c.VoltageMV))
	}
	if math.Abs(c.ReversalMV+10) > 0.2 || math.Abs(c.SlopeUS/0.5-1) > 0.01 {
		t.Errorf("reversal %.3f mV, slope %.4f µS; want −10, 0.5", c.ReversalMV, c.SlopeUS)
	}
	// Without the recorded potential, the voltage comes from the epochs.
	rec2 := ephys.NewRecording([]ephys.Channel{{Name: "I", Unit: "nA", Rate: fs}}, nil, [][][]float64{is})
	rec2.DACs, rec2.Epochs = rec.DACs, rec.Epochs
	if c, err = IVRecording(rec2, nil); err != nil || math.Abs(c.ReversalMV+10) > 0.3 {
		t.Errorf("from the epochs: reversal %.3f mV (%v)", c.ReversalMV, err)
	}
}
