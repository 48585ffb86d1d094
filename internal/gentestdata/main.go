// Command gentestdata writes the repository's small sample recordings into testdata/, each in a format
// endplate writes, with a manifest of what they hold. The shapes are simple deterministic models with
// known parameters (the physiological simulators come later); the noise is from a seeded PCG, so the
// files are the same bytes on every run and platform.
//
//	go generate ./internal/gentestdata   (or: go run ./internal/gentestdata -o testdata)
package main

//go:generate go run . -o ../../testdata

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/patch"
)

// Entry describes one generated file (testdata/manifest.json).
type Entry struct {
	File        string             `json:"file"`
	Format      string             `json:"format"`
	What        string             `json:"what"`
	Channels    int                `json:"channels"`
	Sweeps      int                `json:"sweeps"`
	Samples     int                `json:"samples_per_sweep"`
	RateHz      float64            `json:"rate_hz"`
	Unit        string             `json:"unit"`
	StimulusS   float64            `json:"stimulus_s"`  // time zero, seconds after each sweep's first sample
	PeakTimeS   float64            `json:"peak_time_s"` // largest-magnitude sample of the noise-free model, from time zero
	Peak        float64            `json:"peak"`        // its value, in Unit
	PeakTol     float64            `json:"peak_tol"`    // what noise and 16-bit quantisation may move it by
	Model       string             `json:"model"`
	Parameters  map[string]float64 `json:"parameters"`
	SweepStartS []float64          `json:"sweep_start_s,omitempty"`
}

func main() {
	out := flag.String("o", "testdata", "directory to write into")
	flag.Parse()
	files, err := Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentestdata:", err)
		os.Exit(1)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gentestdata:", err)
			os.Exit(1)
		}
	}
}

// cmap is the model CMAP in mV at time t (s) after the stimulus: the zero-area biphasic unit
// potential of ../shared/data/README.md, m(u) = −(u/τ)·e^(1−u/τ)·(1 − u/(2τ)) for u = t − latency ≥ 0,
// scaled so its negative peak — at u = (2 − √2)τ, where m = −(√2 − 1)·e^(√2−1) — is −amp.
func cmap(t, latency, tau, amp float64) float64 {
	u := t - latency
	if u < 0 {
		return 0
	}
	x, xm := u/tau, 2-math.Sqrt2
	peak := (xm - xm*xm/2) * math.Exp(1-xm)
	return -amp * (x - x*x/2) * math.Exp(1-x) / peak
}

// Generate returns the files by name.
func Generate() (map[string][]byte, error) {
	rng := rand.New(rand.NewPCG(2026, 11))
	files := map[string][]byte{}
	var manifest []Entry
	put := func(name string, r *ephys.Recording, f ephys.Format, e Entry) error {
		var b bytes.Buffer
		if err := ephys.Write(&b, r, f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b.Bytes()
		e.File = name
		manifest = append(manifest, e)
		return nil
	}
	// peak finds the largest-magnitude sample of a noise-free sweep.
	peak := func(x []float64, rate, zero float64) (float64, float64) {
		k := 0
		for i, v := range x {
			if math.Abs(v) > math.Abs(x[k]) {
				k = i
			}
		}
		return float64(k)/rate - zero, x[k]
	}

	// Motor CMAP (median nerve, APB), 20 kHz, 30 ms, stimulus 3 ms into the sweep.
	const rate, stim, latency, tau, amp, noise = 20000.0, 0.003, 0.0035, 0.0015, 8.0, 0.005
	motor := func(n int, extraLatency float64, noisy bool) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = cmap(float64(i)/rate-stim, latency+extraLatency, tau, amp)
			if noisy {
				x[i] += noise * rng.NormFloat64()
			}
		}
		return x
	}
	n := 600
	clean := motor(n, 0, false)
	pt, pv := peak(clean, rate, stim)
	cmapParams := map[string]float64{"onset_latency_s": latency, "tau_s": tau, "neg_peak_mv": -amp, "noise_sd_mv": noise, "stimulus_s": stim}
	ch := []ephys.Channel{{Name: "APB wrist", Unit: "mV", Rate: rate, HighpassHz: 2, LowpassHz: 10000, Label: "surface electrode"}}
	wrist := ephys.NewRecording(ch, []ephys.Sweep{{Start: 0, Zero: stim}}, [][][]float64{{motor(n, 0, true)}})
	entry := Entry{Format: "edf+c", What: "median motor CMAP at the wrist, one sweep, Stimulus annotation at 3 ms",
		Channels: 1, Sweeps: 1, Samples: n, RateHz: rate, Unit: "mV", StimulusS: stim, PeakTimeS: pt, Peak: pv,
		PeakTol: 6*noise + 2*amp/65534, Model: "m(u) = -A(x - x^2/2)e^(1-x)/((sqrt2-1)e^(sqrt2-1)), x = (t - latency)/tau: negative peak -A at x = 2 - sqrt2", Parameters: cmapParams}
	if err := put("motor_wrist.edf", wrist, ephys.FormatEDFC, entry); err != nil {
		return nil, err
	}
	csvRec := ephys.NewRecording(ch, []ephys.Sweep{{Start: 0, Zero: stim}}, [][][]float64{{motor(n, 0, true)}})
	entry.Format, entry.What, entry.PeakTol = "csv", "the same CMAP model as a CSV table (time_s from the stimulus), new noise", 6*noise
	if err := put("motor_wrist.csv", csvRec, ephys.FormatCSV, entry); err != nil {
		return nil, err
	}

	// A train of 10 sweeps at 1 Hz (EDF+D, one record per sweep), 1300 samples (65 ms), stimulus at 5 ms.
	const trainStim = 0.005
	nt, nsw := 1300, 10
	var sweeps [][]float64
	var placed []ephys.Sweep
	var starts []float64
	for s := range nsw {
		x := make([]float64, nt)
		for i := range x {
			t := float64(i)/rate - trainStim
			x[i] = cmap(t, latency, tau, amp) + 0.3*cmap(t, 0.028+0.0005*float64(s%4), 0.001, 1) + noise*rng.NormFloat64()
		}
		sweeps = append(sweeps, x)
		placed = append(placed, ephys.Sweep{Start: float64(s), Zero: trainStim})
		starts = append(starts, float64(s))
	}
	cleanT := make([]float64, nt)
	for i := range cleanT {
		t := float64(i)/rate - trainStim
		cleanT[i] = cmap(t, latency, tau, amp)
	}
	pt, pv = peak(cleanT, rate, trainStim)
	train := ephys.NewRecording([]ephys.Channel{{Name: "APB F", Unit: "mV", Rate: rate}}, placed, [][][]float64{sweeps})
	trainParams := map[string]float64{"onset_latency_s": latency, "tau_s": tau, "neg_peak_mv": -amp, "late_wave_latency_s": 0.028,
		"late_wave_step_s": 0.0005, "late_wave_mv": 0.3, "noise_sd_mv": noise, "stimulus_s": trainStim, "interval_s": 1}
	if err := put("fwave_train.edf", train, ephys.FormatEDFD, Entry{Format: "edf+d",
		What:     "10 sweeps at 1 Hz, one EDF+D data record each, Stimulus annotation 5 ms into every record; M response plus a small late wave whose latency steps by 0.5 ms (cycle of 4)",
		Channels: 1, Sweeps: nsw, Samples: nt, RateHz: rate, Unit: "mV", StimulusS: trainStim, PeakTimeS: pt, Peak: pv,
		PeakTol: 6*noise + 2*amp/65534, Model: "M: as motor_wrist; late wave: 0.3 × the same shape with tau 1 ms", Parameters: trainParams, SweepStartS: starts}); err != nil {
		return nil, err
	}

	// An ACh-evoked current (two-electrode voltage clamp) from patch's kinetic simulator, ATF, 100 Hz,
	// 30 s, one application 5–20 s: exchange 0.25 s, one desensitisation pool, holding current, drift,
	// hum and noise.
	sp := patch.SimParams{Rate: 100, Duration: 30, Apps: []patch.SimApp{{Onset: 5, Offset: 20, Conc: 300}},
		ImaxNA: 800, Pools: []patch.SimPool{{OnPerS: 0.55, OffPerS: 0.03}}, ExchangeS: 0.25,
		HoldNA: -10, DriftNAPerS: -0.02, HumNA: 0.2, NoiseNA: 0.5, Seed: 18}
	sim, err := patch.Simulate(sp)
	if err != nil {
		return nil, err
	}
	at := sim.Truth[0]
	ach := ephys.NewRecording([]ephys.Channel{{Name: "I_M", Unit: "nA", Rate: sp.Rate}}, nil, [][][]float64{{sim.Current}})
	achParams := map[string]float64{"onset_s": at.Onset, "offset_s": at.Offset, "conc": at.Conc, "ec50": 30, "hill": 1.6,
		"imax_na": sp.ImaxNA, "exchange_s": sp.ExchangeS, "pool_on_per_s": sp.Pools[0].OnPerS, "pool_off_per_s": sp.Pools[0].OffPerS,
		"hold_na": sp.HoldNA, "drift_na_s": sp.DriftNAPerS, "hum_na": sp.HumNA, "noise_sd_na": sp.NoiseNA, "seed": float64(sp.Seed),
		"amplitude_na": at.Amplitude, "time_to_peak_s": at.TimeToPeak, "rise_10_90_s": at.Rise1090, "t_half_s": at.THalf,
		"tau_s": at.Taus[0], "decay_from_s": at.DecayFrom, "steady_na": at.Steady}
	if err := put("ach_current.atf", ach, ephys.FormatATF, Entry{Format: "atf",
		What:     "an ACh-evoked inward current from patch.Simulate, one application from 5 s to 20 s, holding current -10 nA",
		Channels: 1, Sweeps: 1, Samples: len(sim.Current), RateHz: sp.Rate, Unit: "nA", StimulusS: 0,
		PeakTimeS: at.PeakTime, Peak: at.Peak + sp.HoldNA + sp.DriftNAPerS*at.PeakTime, PeakTol: 6*sp.NoiseNA + 2*sp.HumNA,
		Model:      "patch.Simulate: raised-cosine exchange, Hill activation, one desensitisation pool; truth (amplitude, T0.5, tau) from the model",
		Parameters: achParams}); err != nil {
		return nil, err
	}
	m, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = append(m, '\n')
	return files, nil
}
