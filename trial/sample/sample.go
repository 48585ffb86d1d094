// Package sample generates endplate's bundled sample trial (testdata/trial): a small randomized,
// sham-controlled trial with a known treatment effect, every recording made by the project's
// simulators (ncs.SimulateMotor, ncs.SimulateFWave, patch.Simulate) from seeded random numbers, so the
// files are the same on every run and can be rebuilt:
//
//	go generate ./trial/sample     (writes ../../testdata/trial)
//
// Six patients; each has real stimulation on one arm (chosen at random) and sham on the other, and is
// seen at two visits, "baseline" and "week2" (listed in that order in the manifest, the reverse of
// alphabetical order). Per arm and visit: a median motor study (CMAP at the wrist and at the elbow,
// EDF+ with a Stimulus annotation, the elbow row giving the elbow–wrist distance), an F-wave train
// (EDF+D, 10 sweeps), handgrip (kg) and the MRC sum score; at week2 also an ACh-evoked current from
// the biopsy of each arm (ATF). The known effect of real stimulation at week2 is in Effect;
// truth.json lists every file's simulated truth.
package sample

//go:generate go run ./cmd -o ../../testdata/trial

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
)

// Effect is the known effect of real stimulation at week2, relative to sham: multiplicative for the
// CMAP amplitude and the ACh current's maximal amplitude, additive for the clinical scores. Both arms
// decline by Decline between the visits (disease progression) before the effect.
var Effect = struct {
	CMAPAmplitude, AChAmplitude, HandgripKg, MRC, Decline float64
}{CMAPAmplitude: 1.20, AChAmplitude: 1.40, HandgripKg: 2.0, MRC: 2, Decline: 0.93}

// Visits are the sample trial's visits in manifest order.
var Visits = []string{"baseline", "week2"}

// Patients is the number of patients.
const Patients = 6

// The recordings. NCS: 20 kHz, 5 ms before the stimulus and 50 ms after (60 ms for F-waves), 10 µV
// noise, 5 µV of 50 Hz hum, 20 µV drift and a 0.5 mV stimulus artifact — a clinical EMG machine's
// sweep; an ALS-like pool of 40 units. F-wave trains of 10 sweeps. ACh: 100 Hz for 30 s (a TEVC record
// low-passed at 20 Hz), agonist at 100 µM (EC50 30 µM) from 5 s to 20 s, one desensitisation pool,
// holding −10 nA with a slow drift, 0.5 nA noise.
const (
	ncsNoiseMV, ncsHumMV, ncsDriftMV, ncsArtifactMV = 0.010, 0.005, 0.020, 0.5
	poolUnits, fSweeps                              = 40, 10
	achRate, achDurS, achOnS, achOffS, achConc      = 100.0, 30.0, 5.0, 20.0, 100.0
	achHoldNA, achDriftNAS, achNoiseNA              = -10.0, -0.02, 0.5
)

// File is one generated recording's truth (truth.json), as the simulator reports it.
type File struct {
	File       string             `json:"file"`
	Patient    string             `json:"patient"`
	Side       string             `json:"side"`
	Treatment  string             `json:"treatment"`
	Visit      string             `json:"visit"`
	Kind       string             `json:"kind"`
	Parameters map[string]float64 `json:"parameters"`
}

// arm is one patient's arm at one visit: its model parameters.
type arm struct {
	patient, side, treatment, visit string
	ampMV, cvMS, segmentMM          float64
	fPersist                        float64
	achImaxNA, achOnPerS            float64
	handgrip, mrc                   float64
	seed                            uint64
}

// round keeps d decimals: the noise is far above them, and short numbers keep the text files small.
func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// Generate returns the sample trial's files by name: the recordings, manifest.csv,
// manifest_blinded.csv (the same rows with coded treatment labels), key.csv (the allocation that
// unblinds it) and truth.json.
func Generate() (map[string][]byte, error) { return GenerateTrial(Patients) }

// GenerateTrial is Generate with another number of patients (the first six are Generate's).
func GenerateTrial(patients int) (map[string][]byte, error) {
	rng := rand.New(rand.NewPCG(20, 2026))
	files := map[string][]byte{}
	var truth []File
	var manifest [][]string
	put := func(name string, r *ephys.Recording, f ephys.Format) error {
		var b bytes.Buffer
		if err := ephys.Write(&b, r, f); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b.Bytes()
		return nil
	}
	row := func(a arm, kind, file string, dist, value string) {
		manifest = append(manifest, []string{a.patient, a.side, a.treatment, a.visit, kind, file, dist, value})
	}
	key := [][]string{{"patient", "side", "treatment"}}
	for p := range patients {
		pid := fmt.Sprintf("P%02d", p+1)
		realSide := "left"
		if rng.IntN(2) == 1 {
			realSide = "right"
		}
		// The patient: ALS-range values (reduced CMAP amplitude, mildly slowed conduction).
		base := arm{patient: pid, ampMV: 3 + 5*rng.Float64(), cvMS: 47 + 8*rng.Float64(), segmentMM: math.Round(220 + 40*rng.Float64()),
			fPersist: 0.6 + 0.3*rng.Float64(), achImaxNA: 250 + 500*rng.Float64(), achOnPerS: 0.2 + 0.2*rng.Float64(),
			handgrip: 10 + 15*rng.Float64(), mrc: math.Round(36 + 12*rng.Float64())}
		for _, side := range []string{"left", "right"} {
			tr := "sham"
			if side == realSide {
				tr = "real"
			}
			key = append(key, []string{pid, side, tr})
			// The arm differs from the patient's mean by a few per cent.
			sa := base
			sa.side, sa.treatment = side, tr
			sa.ampMV *= 1 + 0.08*rng.NormFloat64()
			sa.achImaxNA *= 1 + 0.08*rng.NormFloat64()
			sa.handgrip += 0.8 * rng.NormFloat64()
			sa.cvMS += 1.5 * rng.NormFloat64()
			for v, visit := range Visits {
				a := sa
				a.visit = visit
				a.seed = rng.Uint64()
				if v > 0 {
					a.ampMV *= Effect.Decline
					a.handgrip *= Effect.Decline
					a.mrc--
					if tr == "real" {
						a.ampMV *= Effect.CMAPAmplitude
						a.achImaxNA *= Effect.AChAmplitude
						a.handgrip += Effect.HandgripKg
						a.mrc += Effect.MRC
					}
				}
				// A visit's measurement noise on the clinical scores: a dynamometer reads to 0.1 kg.
				a.handgrip = round(a.handgrip+0.5*rng.NormFloat64(), 1)
				a.mrc += float64(rng.IntN(3) - 1)
				stem := fmt.Sprintf("%s_%s_%s", pid, side, visit)
				if err := a.motor(stem, put, row, &truth); err != nil {
					return nil, err
				}
				if err := a.fwave(stem, put, row, &truth); err != nil {
					return nil, err
				}
				if v == len(Visits)-1 { // the biopsy is taken at the end
					if err := a.ach(stem, put, row, &truth); err != nil {
						return nil, err
					}
				}
				row(a, "handgrip_kg", "", "", strconv.FormatFloat(a.handgrip, 'f', 1, 64))
				row(a, "mrc", "", "", strconv.FormatFloat(a.mrc, 'f', 0, 64))
			}
		}
	}
	// A clinic's list is in no particular order; only the first appearance of each visit matters.
	rng.Shuffle(len(manifest), func(i, j int) { manifest[i], manifest[j] = manifest[j], manifest[i] })
	for i, r := range manifest { // baseline first
		if r[3] == Visits[0] {
			manifest[0], manifest[i] = manifest[i], manifest[0]
			break
		}
	}
	header := []string{"patient", "side", "treatment", "visit", "kind", "file", "distance_mm", "value"}
	files["manifest.csv"] = csvBytes(append([][]string{header}, manifest...))
	// Blinded: the assessor sees arm codes, "A" for the left side and "B" for the right, whatever the
	// allocation; key.csv unblinds them.
	blinded := [][]string{header}
	for _, r := range manifest {
		b := append([]string(nil), r...)
		b[2] = map[string]string{"left": "A", "right": "B"}[r[1]]
		blinded = append(blinded, b)
	}
	files["manifest_blinded.csv"] = csvBytes(blinded)
	files["key.csv"] = csvBytes(key)
	sort.Slice(truth, func(i, j int) bool { return truth[i].File < truth[j].File })
	t, err := json.MarshalIndent(struct {
		Effect any    `json:"effect"`
		Files  []File `json:"files"`
	}{Effect, truth}, "", "  ")
	if err != nil {
		return nil, err
	}
	files["truth.json"] = append(t, '\n')
	return files, nil
}

func csvBytes(rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ","))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

type putFunc func(name string, r *ephys.Recording, f ephys.Format) error
type rowFunc func(a arm, kind, file, dist, value string)

// nuisance is what every NCS recording of the sample adds to the physiology.
var nuisance = ncs.Nuisance{NoiseMV: ncsNoiseMV, HumMV: ncsHumMV, DriftMV: ncsDriftMV, ArtifactMV: ncsArtifactMV}

// pool is the arm's motor-unit pool: ALS-like (few, large units), its CMAP amplitude and velocity.
func (a arm) pool() ncs.PoolOptions {
	return ncs.PoolOptions{Units: poolUnits, AmplitudeMV: a.ampMV, VelocityMS: a.cvMS, VelocitySDMS: 2}
}

// motor writes the wrist and elbow CMAPs of one simulated motor study (ncs.SimulateMotor).
func (a arm) motor(stem string, put putFunc, row rowFunc, truth *[]File) error {
	sim := ncs.SimulateMotor(rand.New(rand.NewPCG(a.seed, 1)), &ncs.MotorSimOptions{Pool: a.pool(), SegmentMM: a.segmentMM, Nuisance: nuisance})
	for _, site := range []struct {
		kind string
		rec  *ephys.Recording
		t    ncs.CMAPTruth
	}{{"motor_wrist", sim.Distal, sim.DistalTruth}, {"motor_elbow", sim.Proximal, sim.ProximalTruth}} {
		name := stem + "_" + strings.TrimPrefix(site.kind, "motor_") + ".edf"
		if err := put(name, site.rec, ephys.FormatEDFC); err != nil {
			return err
		}
		dist := ""
		if site.kind == "motor_elbow" {
			dist = strconv.FormatFloat(sim.DistanceMM, 'f', 0, 64)
		}
		row(a, site.kind, name, dist, "")
		*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, site.kind, map[string]float64{
			"onset_latency_s": site.t.OnsetLatency, "neg_peak_latency_s": site.t.NegPeakLatency, "amplitude_mv": site.t.Amplitude,
			"neg_duration_s": site.t.NegDuration, "neg_area_mvs": site.t.NegArea, "cv_m_s": sim.VelocityMS, "distance_mm": sim.DistanceMM}})
	}
	return nil
}

// fwave writes an F-wave train (ncs.SimulateFWave): the M response in every sweep and, in about
// fPersist of them, one unit firing back.
func (a arm) fwave(stem string, put putFunc, row rowFunc, truth *[]File) error {
	sim := ncs.SimulateFWave(rand.New(rand.NewPCG(a.seed, 2)), &ncs.FWaveSimOptions{Pool: a.pool(), Sweeps: fSweeps,
		Persistence: a.fPersist, Nuisance: nuisance})
	name := stem + "_fwave.edf"
	if err := put(name, sim.Recording, ephys.FormatEDFD); err != nil {
		return err
	}
	row(a, "fwave", name, "", "")
	*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, "fwave", map[string]float64{
		"persistence_pct": sim.Persistence, "min_latency_s": sim.MinLatency, "mean_latency_s": sim.MeanLatency,
		"m_amplitude_mv": sim.M.Amplitude}})
	return nil
}

// ach writes an ACh-evoked current recorded by two-electrode voltage clamp (patch.Simulate).
func (a arm) ach(stem string, put putFunc, row rowFunc, truth *[]File) error {
	res, err := patch.Simulate(patch.SimParams{Rate: achRate, Duration: achDurS, Apps: []patch.SimApp{{Onset: achOnS, Offset: achOffS, Conc: achConc}},
		ImaxNA: a.achImaxNA, Pools: []patch.SimPool{{OnPerS: a.achOnPerS, OffPerS: 0.02}}, HoldNA: achHoldNA,
		DriftNAPerS: achDriftNAS, NoiseNA: achNoiseNA, Seed: a.seed})
	if err != nil {
		return fmt.Errorf("%s: %w", stem, err)
	}
	x := make([]float64, len(res.Current))
	for i, v := range res.Current {
		x[i] = round(v, 3)
	}
	name := stem + "_ach.atf"
	r := ephys.NewRecording([]ephys.Channel{{Name: "I_M", Unit: "nA", Rate: res.Rate}}, nil, [][][]float64{{x}})
	if err := put(name, r, ephys.FormatATF); err != nil {
		return err
	}
	row(a, "ach", name, "", "")
	t := res.Truth[0]
	p := map[string]float64{"imax_na": a.achImaxNA, "amplitude_na": t.Amplitude, "t_half_s": t.THalf, "rise_10_90_s": t.Rise1090,
		"time_to_peak_s": t.TimeToPeak, "onset_s": t.Onset, "offset_s": t.Offset, "noise_sd_na": achNoiseNA}
	for i, tau := range t.Taus {
		p[fmt.Sprintf("tau%d_s", i+1)] = tau
	}
	*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, "ach", p})
	return nil
}

// WriteDir generates the sample trial into dir (created if needed).
func WriteDir(dir string) error {
	files, err := Generate()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
