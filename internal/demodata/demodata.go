// Package demodata makes the simulated recordings that endplate's demo report and the figure tests
// draw besides the sample trial: a repetitive-stimulation train with a myasthenic decrement, a CMAP
// scan, ACh currents at a series of concentrations (dose–response) and repeated applications
// (rundown). Each comes from the project's own simulators with a fixed seed, so it is the same on
// every run; its truth is the simulator's.
package demodata

import (
	"math/rand/v2"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
)

// RNSDecrementPct is the decrement of the simulated RNS train: 25 %, a clearly myasthenic train
// (a decrement above 10 % is abnormal).
const RNSDecrementPct = 25

// RNS returns a 3 Hz train of 10 responses recorded at APB with a U-shaped 25 % decrement.
func RNS() ncs.RNSSim {
	return ncs.SimulateRNS(rand.New(rand.NewPCG(21, 1)), &ncs.RNSSimOptions{DecrementPct: RNSDecrementPct})
}

// Motor returns a median motor study (wrist and elbow) without block.
func Motor() ncs.MotorSim {
	return ncs.SimulateMotor(rand.New(rand.NewPCG(21, 2)), nil)
}

// FWave returns an F-wave train of 20 sweeps.
func FWave() ncs.FWaveSim {
	return ncs.SimulateFWave(rand.New(rand.NewPCG(21, 3)), nil)
}

// Scan returns a CMAP scan of 60 motor units (amplitudes 20–200 µV, thresholds 4–12 mA) over 400
// stimuli from supramaximal (20 mA) down to 2 mA, with 15 µV of noise: a partly denervated APB of the
// kind the trial follows.
func Scan() []ephys.ScanPoint {
	rng := rand.New(rand.NewPCG(21, 4))
	units := make([]ncs.ScanUnit, 60)
	for i := range units {
		units[i] = ncs.ScanUnit{ThresholdMA: 4 + 8*rng.Float64(), AmplitudeMV: 0.02 + 0.18*rng.Float64()*rng.Float64()}
	}
	return ncs.SimulateScan(units, ncs.ScanStimuli(20, 2, 30, 400, 30), 0.015, rng)
}

// DoseConcUM are the concentrations (µM) of the dose–response series, in the order applied.
var DoseConcUM = []float64{3, 10, 30, 100, 300, 1000}

// ACh sample rate and timing of the series: 100 Hz, 8 s applications every 40 s (the 32 s washout is
// five times the 6.7 s recovery from desensitisation, so each application starts from rest).
const (
	achRate        = 100
	achAppS, achIS = 8, 40
)

// achSeries simulates applications at concs, one every achIS seconds, with rundown per application.
func achSeries(concs []float64, rundown float64, seed uint64) (*ephys.Recording, *patch.SimResult, error) {
	p := patch.SimParams{Rate: achRate, Duration: float64(len(concs))*achIS + 10, EC50: 30, Hill: 1.6, ImaxNA: 400,
		Pools: []patch.SimPool{{OnPerS: 0.8, OffPerS: 0.15}}, Rundown: rundown, HoldNA: -12, DriftNAPerS: 0.002,
		NoiseNA: 0.8, Seed: seed}
	for k, c := range concs {
		w := Apps(k + 1)[k]
		p.Apps = append(p.Apps, patch.SimApp{Onset: w.Onset, Offset: w.Offset, Conc: c})
	}
	s, err := patch.Simulate(p)
	if err != nil {
		return nil, nil, err
	}
	ch := []ephys.Channel{{Name: "Im", Unit: "nA", Rate: achRate}}
	return ephys.NewRecording(ch, []ephys.Sweep{{}}, [][][]float64{{s.Current}}), s, nil
}

// Apps returns the application windows (the perfusion protocol) of a series of n applications, as
// `endplate dose --apps` would give them.
func Apps(n int) []patch.Window {
	w := make([]patch.Window, n)
	for k := range w {
		on := 10 + float64(k)*achIS
		w[k] = patch.Window{Onset: on, Offset: on + achAppS}
	}
	return w
}

// Dose returns one recording with an application at each of DoseConcUM (EC50 30 µM, Hill 1.6, no
// rundown) and the simulator's truth.
func Dose() (*ephys.Recording, *patch.SimResult, error) { return achSeries(DoseConcUM, 0, 21) }

// Rundown returns one recording of six applications of 100 µM losing 6 % of the current per
// application, and the simulator's truth.
func Rundown() (*ephys.Recording, *patch.SimResult, error) {
	return achSeries([]float64{100, 100, 100, 100, 100, 100}, 0.06, 22)
}
