// Package sample generates endplate's bundled sample trial (testdata/trial): a small randomized,
// sham-controlled trial with a known treatment effect, every recording synthesised from a model with
// known parameters and seeded noise, so the files are the same on every run and can be rebuilt:
//
//	go generate ./trial/sample     (writes ../../testdata/trial)
//
// Six patients; each has real stimulation on one arm (chosen at random) and sham on the other, and is
// seen at two visits, "baseline" and "week2" (listed in that order in the manifest, the reverse of
// alphabetical order). Per arm and visit: a median motor study (CMAP at the wrist, EDF+ with a Stimulus
// annotation; CMAP at the elbow with the elbow–wrist distance), an F-wave train (EDF+D, 10 sweeps),
// handgrip (kg) and the MRC sum score; at week2 also an ACh-evoked current from the biopsy of each arm
// (ATF). The known effect of real stimulation at week2 is in Effect; truth.json lists every file's
// model parameters.
package sample

//go:generate go run ./cmd -o ../../testdata/trial

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"os"
	"path/filepath"

	"github.com/endplate/endplate/ephys"
)

// Effect is the known effect of real stimulation at week2, relative to sham: multiplicative for the
// CMAP and ACh amplitudes, additive for the clinical scores. Both arms decline by Decline between the
// visits (disease progression) before the effect.
var Effect = struct {
	CMAPAmplitude, AChAmplitude, HandgripKg, MRC, Decline float64
}{CMAPAmplitude: 1.20, AChAmplitude: 1.40, HandgripKg: 2.0, MRC: 2, Decline: 0.93}

// Visits are the sample trial's visits in manifest order.
var Visits = []string{"baseline", "week2"}

// Patients is the number of patients.
const Patients = 6

// Recording constants. A CMAP sweep: 10 kHz, 40 ms, stimulus 5 ms in, noise 10 µV — a clinical EMG
// machine's motor NCS sweep. An F-wave train: 10 sweeps of 60 ms at 1 Hz. An ACh current: 50 Hz for 30 s,
// agonist from 5 s to 20 s, noise 0.5 nA, as a TEVC recording low-passed at 10 Hz.
const (
	ncsRate, ncsStimS, ncsNoiseMV = 10000.0, 0.005, 0.010
	cmapSamples                   = 400
	fSweeps, fSamples             = 10, 600
	achRate, achOnS, achOffS      = 50.0, 5.0, 20.0
	achSamples, achNoiseNA        = 1500, 0.5
	achHoldNA                     = -10.0
)

// File is one generated recording's model (truth.json).
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
	dmlS, ampMV, tauS, cvMS, distMM float64
	fLatS, fAmpMV, fPersist         float64
	achNA, achTauRiseS, achTauS     float64
	handgrip, mrc                   float64
}

// cmapShape is the zero-area biphasic model CMAP in mV at time t (s) after the stimulus (as
// internal/gentestdata): negative peak −amp at latency + (2 − √2)·tau.
func cmapShape(t, latency, tau, amp float64) float64 {
	u := t - latency
	if u < 0 {
		return 0
	}
	x, xm := u/tau, 2-math.Sqrt2
	peak := (xm - xm*xm/2) * math.Exp(1-xm)
	return -amp * (x - x*x/2) * math.Exp(1-x) / peak
}

// achShape is the model ACh-evoked current in nA: a rise and a desensitising decay in agonist, back to
// the holding current after the washout.
func achShape(t, amp, tauRise, tauDecay float64) float64 {
	if t < achOnS {
		return achHoldNA
	}
	u := t - achOnS
	i := -amp * (1 - math.Exp(-u/tauRise)) * math.Exp(-u/tauDecay)
	if t > achOffS {
		i *= math.Exp(-(t - achOffS) / 0.5)
	}
	return achHoldNA + i
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
		base := arm{patient: pid, dmlS: 0.0036 + 0.0006*rng.Float64(), ampMV: 3 + 5*rng.Float64(), tauS: 0.0014 + 0.0004*rng.Float64(),
			cvMS: 47 + 8*rng.Float64(), distMM: math.Round(220 + 40*rng.Float64()), fLatS: 0.026 + 0.004*rng.Float64(),
			fAmpMV: 0.25 + 0.2*rng.Float64(), fPersist: 0.8, achNA: 200 + 500*rng.Float64(), achTauRiseS: 0.2 + 0.1*rng.Float64(),
			achTauS: 3 + 3*rng.Float64(), handgrip: 10 + 15*rng.Float64(), mrc: math.Round(36 + 12*rng.Float64())}
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
			sa.achNA *= 1 + 0.08*rng.NormFloat64()
			sa.handgrip += 0.8 * rng.NormFloat64()
			sa.dmlS += 0.0002 * rng.NormFloat64()
			sa.cvMS += 1.5 * rng.NormFloat64()
			for v, visit := range Visits {
				a := sa
				a.visit = visit
				if v > 0 {
					a.ampMV *= Effect.Decline
					a.handgrip *= Effect.Decline
					a.mrc--
					if tr == "real" {
						a.ampMV *= Effect.CMAPAmplitude
						a.achNA *= Effect.AChAmplitude
						a.handgrip += Effect.HandgripKg
						a.mrc += Effect.MRC
					}
				}
				// A visit's measurement noise on the clinical scores: a dynamometer reads to 0.1 kg.
				a.handgrip = round(a.handgrip+0.5*rng.NormFloat64(), 1)
				a.mrc += float64(rng.IntN(3) - 1)
				stem := fmt.Sprintf("%s_%s_%s", pid, side, visit)
				if err := a.motor(rng, stem, put, row, &truth); err != nil {
					return nil, err
				}
				if err := a.fwave(rng, stem, put, row, &truth); err != nil {
					return nil, err
				}
				if v == len(Visits)-1 { // the biopsy is taken at the end
					if err := a.ach(rng, stem, put, row, &truth); err != nil {
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

// motor writes the wrist and elbow CMAPs: the elbow response arrives distance/CV later, 7 % smaller and
// 10 % longer (the normal temporal dispersion of the forearm segment).
func (a arm) motor(rng *rand.Rand, stem string, put putFunc, row rowFunc, truth *[]File) error {
	ch := []ephys.Channel{{Name: "APB", Unit: "mV", Rate: ncsRate, HighpassHz: 2, LowpassHz: 5000}}
	elbowLat := a.dmlS + a.distMM/1e3/a.cvMS
	for _, site := range []struct {
		kind          string
		lat, amp, tau float64
	}{{"motor_wrist", a.dmlS, a.ampMV, a.tauS}, {"motor_elbow", elbowLat, 0.93 * a.ampMV, 1.1 * a.tauS}} {
		x := make([]float64, cmapSamples)
		for i := range x {
			x[i] = cmapShape(float64(i)/ncsRate-ncsStimS, site.lat, site.tau, site.amp) + ncsNoiseMV*rng.NormFloat64()
		}
		name := stem + "_" + strings.TrimPrefix(site.kind, "motor_") + ".edf"
		r := ephys.NewRecording(ch, []ephys.Sweep{{Start: 0, Zero: ncsStimS}}, [][][]float64{{x}})
		if err := put(name, r, ephys.FormatEDFC); err != nil {
			return err
		}
		dist := ""
		if site.kind == "motor_elbow" {
			dist = strconv.FormatFloat(a.distMM, 'f', 0, 64)
		}
		row(a, site.kind, name, dist, "")
		*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, site.kind, map[string]float64{
			"onset_latency_s": site.lat, "neg_peak_mv": -site.amp, "tau_s": site.tau, "noise_sd_mv": ncsNoiseMV,
			"cv_m_s": a.cvMS, "distance_mm": a.distMM}})
	}
	return nil
}

// fwave writes an F-wave train: the M response in every sweep, and an F wave in 80 % of them whose
// latency and size vary from sweep to sweep (different motor neurons backfire each time).
func (a arm) fwave(rng *rand.Rand, stem string, put putFunc, row rowFunc, truth *[]File) error {
	sweeps := make([][]float64, fSweeps)
	placed := make([]ephys.Sweep, fSweeps)
	present := 0
	minLat := math.Inf(1)
	for s := range sweeps {
		x := make([]float64, fSamples)
		has := rng.Float64() < a.fPersist
		lat := a.fLatS + 0.002*rng.Float64()
		amp := a.fAmpMV * (0.6 + 0.8*rng.Float64())
		if has {
			present++
			minLat = math.Min(minLat, lat)
		}
		for i := range x {
			t := float64(i)/ncsRate - ncsStimS
			x[i] = cmapShape(t, a.dmlS, a.tauS, a.ampMV) + ncsNoiseMV*rng.NormFloat64()
			if has {
				x[i] += cmapShape(t, lat, 0.0012, amp)
			}
		}
		sweeps[s] = x
		placed[s] = ephys.Sweep{Start: float64(s), Zero: ncsStimS}
	}
	name := stem + "_fwave.edf"
	r := ephys.NewRecording([]ephys.Channel{{Name: "APB", Unit: "mV", Rate: ncsRate}}, placed, [][][]float64{sweeps})
	if err := put(name, r, ephys.FormatEDFD); err != nil {
		return err
	}
	row(a, "fwave", name, "", "")
	*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, "fwave", map[string]float64{
		"persistence_pct": 100 * float64(present) / fSweeps, "min_latency_s": minLat, "m_amplitude_mv": a.ampMV}})
	return nil
}

// ach writes an ACh-evoked current recorded by two-electrode voltage clamp.
func (a arm) ach(rng *rand.Rand, stem string, put putFunc, row rowFunc, truth *[]File) error {
	x := make([]float64, achSamples)
	for i := range x {
		x[i] = round(achShape(float64(i)/achRate, a.achNA, a.achTauRiseS, a.achTauS)+achNoiseNA*rng.NormFloat64(), 3)
	}
	name := stem + "_ach.atf"
	r := ephys.NewRecording([]ephys.Channel{{Name: "I_M", Unit: "nA", Rate: achRate}}, nil, [][][]float64{{x}})
	if err := put(name, r, ephys.FormatATF); err != nil {
		return err
	}
	row(a, "ach", name, "", "")
	*truth = append(*truth, File{name, a.patient, a.side, a.treatment, a.visit, "ach", map[string]float64{
		"scale_na": a.achNA, "tau_rise_s": a.achTauRiseS, "tau_decay_s": a.achTauS, "onset_s": achOnS, "offset_s": achOffS,
		"hold_na": achHoldNA, "noise_sd_na": achNoiseNA}})
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
