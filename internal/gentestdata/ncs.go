package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
)

// putFunc writes one recording in a format and records its manifest entry.
type putFunc func(name string, r *ephys.Recording, f ephys.Format, e Entry) error

// ncsNuisance is what the sample recordings add to the physiology: noise, 50 Hz hum, drift, an
// offset and a stimulus artifact, as a surface recording from APB has them.
var ncsNuisance = ncs.Nuisance{NoiseMV: 0.005, HumMV: 0.01, MainsHz: 50, DriftMV: 0.02, OffsetMV: 0.05, ArtifactMV: 10}

// ncsFiles writes the nerve-conduction samples: a median motor study (wrist and elbow, EDF+C, the
// wrist one also as CSV), an F-wave train (EDF+D), a repetitive-stimulation train (EDF+D) and a SNAP
// (EDF+C), each from ncs's simulator with its truth in the manifest's parameters. Each has its own
// seeded source, so changing one leaves the others' bytes alone.
func ncsFiles(put putFunc) error {
	seed := func(k uint64) *rand.Rand { return rand.New(rand.NewPCG(2026, 1700+k)) }
	// The extreme sample as generated, for the manifest (the file must read back to it).
	extreme := func(r *ephys.Recording) (time, value, tol float64, err error) {
		time, value = 0, 0
		lo, hi := math.Inf(1), math.Inf(-1)
		for s := range r.NumSweeps() {
			tr, err := r.Trace(0, s)
			if err != nil {
				return 0, 0, 0, err
			}
			for i, v := range tr.Data {
				lo, hi = min(lo, v), max(hi, v)
				if s == 0 && math.Abs(v) > math.Abs(value) {
					time, value = tr.Time(i), v
				}
			}
		}
		// EDF's 16 bits move a sample by at most (max − min)/65534; noise cannot move the artifact's
		// peak, the extreme of every sweep, by more than 6 SDs.
		return time, value, (hi-lo)/65534 + 6*ncsNuisance.NoiseMV, nil
	}
	entry := func(r *ephys.Recording, format, what, model string, params map[string]float64) (Entry, error) {
		tr, err := r.Trace(0, 0)
		if err != nil {
			return Entry{}, err
		}
		pt, pv, tol, err := extreme(r)
		if err != nil {
			return Entry{}, err
		}
		e := Entry{Format: format, What: what, Channels: r.NumChannels(), Sweeps: r.NumSweeps(), Samples: tr.Len(),
			RateHz: tr.Rate, Unit: tr.Unit, StimulusS: -tr.Start, PeakTimeS: pt, Peak: pv, PeakTol: tol, Model: model,
			Parameters: params}
		if r.NumSweeps() > 1 {
			for _, s := range r.Sweeps {
				e.SweepStartS = append(e.SweepStartS, s.Start)
			}
		}
		return e, nil
	}
	nuisance := func(p map[string]float64) map[string]float64 {
		p["noise_sd_mv"], p["hum_mv"], p["mains_hz"] = ncsNuisance.NoiseMV, ncsNuisance.HumMV, ncsNuisance.MainsHz
		p["drift_mv"], p["offset_mv"], p["artifact_mv"] = ncsNuisance.DriftMV, ncsNuisance.OffsetMV, ncsNuisance.ArtifactMV
		return p
	}
	cmapParams := func(t ncs.CMAPTruth, distanceMM float64) map[string]float64 {
		return nuisance(map[string]float64{
			"onset_latency_s": t.OnsetLatency, "first_arrival_s": t.FirstArrival, "neg_peak_s": t.NegPeakLatency,
			"neg_peak_mv": -t.Amplitude, "amplitude_mv": t.Amplitude, "peak_to_peak_mv": t.PeakToPeak,
			"neg_duration_s": t.NegDuration, "neg_area_mvs": t.NegArea, "distance_mm": distanceMM,
		})
	}
	const units = "the ncs simulator: motor units with conduction velocities, terminal delays and zero-area biphasic potentials m(t) = -(t/tau)e^(1-t/tau)(1-t/(2 tau)); truth measured on the noise-free response"

	// Median motor study: 100 units, 6 mV; wrist 70 mm, elbow 230 mm further; 20 kHz, 3 + 27 ms.
	ms := ncs.SimulateMotor(seed(1), &ncs.MotorSimOptions{Nuisance: ncsNuisance,
		Layout: ncs.Layout{RateHz: 20000, PreS: 3e-3, PostS: 27e-3}})
	pw := cmapParams(ms.DistalTruth, 70)
	pw["cv_m_s"], pw["segment_mm"] = ms.VelocityMS, ms.DistanceMM
	for _, f := range []struct {
		name   string
		rec    *ephys.Recording
		format ephys.Format
		what   string
		params map[string]float64
	}{
		{"motor_wrist.edf", ms.Distal, ephys.FormatEDFC, "median motor CMAP (APB) after wrist stimulation, Stimulus annotation at 3 ms", pw},
		{"motor_wrist.csv", ms.Distal, ephys.FormatCSV, "the same wrist recording as a CSV table (time_s from the stimulus)", pw},
		{"motor_elbow.edf", ms.Proximal, ephys.FormatEDFC, "the same nerve stimulated at the elbow, 230 mm proximal (cv_m_s: the segment's velocity)",
			func() map[string]float64 {
				p := cmapParams(ms.ProximalTruth, 300)
				p["cv_m_s"], p["segment_mm"] = ms.VelocityMS, ms.DistanceMM
				return p
			}()},
	} {
		e, err := entry(f.rec, string(f.format), f.what, units, f.params)
		if err != nil {
			return err
		}
		if err := put(f.name, f.rec, f.format, e); err != nil {
			return err
		}
	}

	// F-wave train: 10 sweeps at 1 Hz, 5 + 60 ms, F-waves in about 70 % of them.
	fs := ncs.SimulateFWave(seed(2), &ncs.FWaveSimOptions{Sweeps: 10, Nuisance: ncsNuisance,
		Layout: ncs.Layout{RateHz: 20000, PreS: 5e-3, PostS: 60e-3}})
	fp := nuisance(map[string]float64{"persistence_pct": fs.Persistence, "min_latency_s": fs.MinLatency,
		"mean_latency_s": fs.MeanLatency, "m_amplitude_mv": fs.M.Amplitude, "m_onset_latency_s": fs.M.OnsetLatency})
	for k, l := range fs.Latencies {
		if !math.IsNaN(l) {
			fp[fmt.Sprintf("f_latency_s_%02d", k+1)] = l
		}
	}
	e, err := entry(fs.Recording, "edf+d", "F-wave train: 10 sweeps at 1 Hz, one EDF+D data record each, Stimulus annotation 5 ms into every record; f_latency_s_NN: the F-wave's onset in sweep NN (absent: no F-wave)",
		units+"; an F-wave is one unit firing back from the cord", fp)
	if err != nil {
		return err
	}
	if err := put("fwave_train.edf", fs.Recording, ephys.FormatEDFD, e); err != nil {
		return err
	}

	// Repetitive stimulation: 10 responses at 3 Hz with a 12 % myasthenic decrement, 5 + 40 ms.
	rs := ncs.SimulateRNS(seed(3), &ncs.RNSSimOptions{DecrementPct: 12, Nuisance: ncsNuisance,
		Layout: ncs.Layout{RateHz: 20000, PreS: 5e-3, PostS: 40e-3}})
	rp := nuisance(map[string]float64{"decrement_pct": rs.DecrementPct, "rate_hz": 3})
	for k, a := range rs.Amplitudes {
		rp[fmt.Sprintf("amplitude_mv_%02d", k+1)] = a
		rp[fmt.Sprintf("neg_area_mvs_%02d", k+1)] = rs.NegAreas[k]
	}
	if e, err = entry(rs.Recording, "edf+d", "repetitive stimulation: 10 responses at 3 Hz, one EDF+D record each, a 12 % decrement in the myasthenic U shape",
		units, rp); err != nil {
		return err
	}
	if err := put("rns_train.edf", rs.Recording, ephys.FormatEDFD, e); err != nil {
		return err
	}

	// SNAP: antidromic median, digit 2, 140 mm, 30 µV, 40 kHz, 5 + 20 ms, 1 µV noise.
	sn := ncsNuisance
	sn.NoiseMV, sn.HumMV, sn.ArtifactMV = 0.001, 0.002, 5
	ss := ncs.SimulateSNAP(seed(4), &ncs.SNAPSimOptions{Nuisance: sn, Layout: ncs.Layout{RateHz: 40000, PreS: 5e-3, PostS: 20e-3}})
	sp := map[string]float64{"onset_latency_s": ss.Truth.OnsetLatency, "peak_latency_s": ss.Truth.NegPeakLatency,
		"amplitude_uv": ss.Truth.Amplitude * 1e3, "velocity_m_s": ss.VelocityMS, "distance_mm": ss.DistanceMM,
		"noise_sd_mv": sn.NoiseMV, "hum_mv": sn.HumMV, "artifact_mv": sn.ArtifactMV}
	if e, err = entry(ss.Recording, "edf+c", "antidromic median SNAP (digit 2), stimulation 140 mm proximal", units+"; sensory fibre groups without terminal delay", sp); err != nil {
		return err
	}
	return put("snap.edf", ss.Recording, ephys.FormatEDFC, e)
}
