// Command gentestdata writes the repository's small sample recordings into testdata/, each in a format
// endplate writes, with a manifest of what they hold, from the project's own simulators (ncs and
// patch) with their ground truth; the noise is from seeded PCGs, so the files are the same bytes on
// every run and platform.
//
//	go generate ./internal/gentestdata   (or: go run ./internal/gentestdata -o testdata)
package main

//go:generate go run . -o ../../testdata

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
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

// Generate returns the files by name.
func Generate() (map[string][]byte, error) {
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
	// The nerve-conduction recordings, from ncs's simulator (ncs.go).
	if err := ncsFiles(put); err != nil {
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
