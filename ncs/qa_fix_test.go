package ncs

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/endplate/endplate/ephys"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// edfHeader returns the header of an EDF file with one "EMG" signal in mV of spr samples per
// record, nrec records of dur seconds (as check_robust.py builds its hostile files).
func edfHeader(spr, nrec int, dur float64) []byte {
	var h bytes.Buffer
	pad := func(s string, w int) { fmt.Fprintf(&h, "%-*s", w, s) }
	pad("0", 8)
	pad("X", 80)
	pad("Startdate X", 80)
	pad("01.01.20", 8)
	pad("00.00.00", 8)
	pad("512", 8)
	pad("", 44)
	pad(fmt.Sprint(nrec), 8)
	pad(fmt.Sprint(dur), 8)
	pad("1", 4)
	for _, f := range []struct {
		v string
		w int
	}{{"EMG", 16}, {"", 80}, {"mV", 8}, {"-10", 8}, {"10", 8}, {"-32768", 8}, {"32767", 8}, {"", 80},
		{fmt.Sprint(spr), 8}, {"", 32}} {
		pad(f.v, f.w)
	}
	return h.Bytes()
}

// QA item 3: a sweep longer than MaxSweepSamples is refused, naming the file, before its samples
// are read (a 100 MiB EDF of 52 M samples ran the analysis out of memory).
func TestLongSweepRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "long.edf")
	hd := edfHeader(1<<10, -1, 0.1) // 10 kHz
	nrec := MaxSweepSamples>>10 + 1
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write(hd)
	if err == nil {
		err = f.Truncate(int64(len(hd) + 2*nrec<<10)) // sparse: zeros, no disk
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = CMAPFile(p, nil)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "MaxSweepSamples") {
		t.Fatalf("CMAPFile of a %d-sample sweep: err %v, want the file named and MaxSweepSamples", nrec<<10, err)
	}
	if _, err = FWaveFile(p, nil); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("FWaveFile: err %v, want the file named", err)
	}
}

// gaussCMAP returns n samples at rate of white noise (SD 10 µV, seed fixed) with a −5 mV Gaussian
// deflection (SD 1 ms) peaking at peakS after the first sample.
func gaussCMAP(n int, rate, peakS float64) []float64 {
	x := make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		u := (float64(i)/rate - peakS) / 1e-3
		x[i] = -5*math.Exp(-u*u/2) + 0.01*rng.NormFloat64()
	}
	return x
}

// QA item 10: a long sweep with no stimulus in the file and no artifact gave a "CMAP" 48 s after
// its first sample. A sweep longer than MaxUnmarkedS without a stimulus is refused, and the peak is
// searched for only up to DefaultSearchEndS after the stimulus.
func TestNoStimulusLongSweep(t *testing.T) {
	const rate = 10e3
	ch := []ephys.Channel{{Name: "EMG", Unit: "mV", Rate: rate}}
	r := ephys.NewRecording(ch, nil, [][][]float64{{gaussCMAP(2*rate, rate, 1.5)}})
	r.Path = "gapfree.abf"
	_, err := CMAPs(r, nil)
	if err == nil || !strings.Contains(err.Error(), "gapfree.abf") || !strings.Contains(err.Error(), "no stimulus") {
		t.Fatalf("2 s sweep without a stimulus: err %v, want an error naming the file and the missing stimulus", err)
	}

	// The stimulus given, a deflection 300 ms after it is not its response.
	r = ephys.NewRecording(ch, nil, [][][]float64{{gaussCMAP(rate/2, rate, 0.31)}})
	res, err := CMAPs(r, &FileOptions{StimulusS: 0.01, StimulusSet: true})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].Err, ErrNoResponse) {
		t.Fatalf("deflection 300 ms after the stimulus: amplitude %.3g mV at %.1f ms, err %v; want ErrNoResponse",
			res[0].Amplitude, res[0].NegPeakLatency*1e3, res[0].Err)
	}
	// Within 100 ms it is measured.
	r = ephys.NewRecording(ch, nil, [][][]float64{{gaussCMAP(rate/2, rate, 0.04)}})
	if res, err = CMAPs(r, &FileOptions{StimulusS: 0.01, StimulusSet: true}); err != nil || res[0].Err != nil ||
		math.Abs(res[0].Amplitude-5) > 0.05 {
		t.Fatalf("deflection 30 ms after the stimulus: %+v, %v; want 5 mV", res, err)
	}
}

// QA item 9: one sweep cut to a third clipped every sweep's F-wave window to the samples all shared
// (persistence 0, no latency). The short sweep is left out and listed; the rest give the figures
// of the train without it.
func TestFWaveShortSweepOmitted(t *testing.T) {
	s := SimulateFWave(rand.New(rand.NewPCG(3, 4)), &FWaveSimOptions{Sweeps: 20,
		Nuisance: Nuisance{NoiseMV: 0.008, HumMV: 0.015, MainsHz: 50, DriftMV: 0.05, ArtifactMV: 15}})
	sw, err := Sweeps(s.Recording, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := FWaveSweeps(sw[:19], nil)
	if err != nil {
		t.Fatal(err)
	}
	last := &sw[19].Trace
	*last = last.Slice(0, last.Len()/3)
	got, err := FWaveSweeps(sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Omitted, []int{19}) || got.Persistence != want.Persistence ||
		got.MinLatency != want.MinLatency || len(got.Sweeps) != 19 {
		t.Fatalf("last sweep cut to a third: omitted %v, persistence %v %%, min latency %v s, %d sweeps; want [19], %v %%, %v s, 19",
			got.Omitted, got.Persistence, got.MinLatency, len(got.Sweeps), want.Persistence, want.MinLatency)
	}
	if want.Persistence == 0 {
		t.Fatal("the simulated train has no F-waves: the test tells nothing")
	}
}

// QA item 11: a stimulus channel recorded in volts ahead of the EMG was taken as the CMAP (an M
// amplitude of 2282 mV). The default channel skips channels named like a trigger record, and a
// response beyond MaxCMAPMV is refused.
func TestTriggerChannelSkipped(t *testing.T) {
	const rate = 10e3
	stim := make([]float64, rate/10)
	for i := 100; i < 102; i++ {
		stim[i] = 5 // a 0.2 ms, 5 V pulse at the stimulus
	}
	emg := gaussCMAP(rate/10, rate, 0.016)
	r := ephys.NewRecording([]ephys.Channel{{Name: "Stim", Unit: "V", Rate: rate}, {Name: "EMG", Unit: "mV", Rate: rate}},
		[]ephys.Sweep{{Zero: 0.01}}, [][][]float64{{stim}, {emg}})
	res, err := CMAPs(r, nil)
	if err != nil || res[0].Err != nil || math.Abs(res[0].Amplitude-5) > 0.05 {
		t.Fatalf("stim channel ahead of the EMG: %+v, %v; want the EMG's 5 mV", res, err)
	}

	// A channel in volts not named as a trigger, holding 2 V deflections: no CMAP.
	big := make([]float64, len(emg))
	for i, v := range emg {
		big[i] = v * 0.4 // V: −2 V at the peak
	}
	r = ephys.NewRecording([]ephys.Channel{{Name: "IN 0", Unit: "V", Rate: rate}}, []ephys.Sweep{{Zero: 0.01}}, [][][]float64{{big}})
	if res, err = CMAPs(r, nil); err != nil || !errors.Is(res[0].Err, ErrNoResponse) {
		t.Fatalf("a 2000 mV response: amplitude %v mV, err %v, %v; want ErrNoResponse", res[0].Amplitude, res[0].Err, err)
	}
	fw := make([][]float64, 5)
	for k := range fw {
		fw[k] = big
	}
	r = ephys.NewRecording([]ephys.Channel{{Name: "IN 0", Unit: "V", Rate: rate}},
		[]ephys.Sweep{{Zero: 0.01}, {Zero: 0.01}, {Zero: 0.01}, {Zero: 0.01}, {Zero: 0.01}}, [][][]float64{fw})
	if tr, err := FWaves(r, nil); !errors.Is(err, ErrNoResponse) {
		t.Fatalf("F-wave train of 2000 mV responses: M amplitude %v mV, err %v; want ErrNoResponse", tr.MAmplitude, err)
	}
}

// QA item 1: a stimulus placed inside the CMAP (--stim-ms 14 on a CMAP with onset at 14.3 ms) gave a
// made-up small CMAP; it is an error. A real artifact (a jump decaying from the stimulus) before the
// same CMAP is still measured.
func TestStimulusInsideResponse(t *testing.T) {
	const rate = 20e3
	ch := []ephys.Channel{{Name: "EMG", Unit: "mV", Rate: rate}}
	x := gaussCMAP(rate/20, rate, 0.016) // peak 16 ms after the first sample, 50 ms sweep
	for _, stimS := range []float64{0.0135, 0.015, 0.0165, 0.018} {
		r := ephys.NewRecording(ch, nil, [][][]float64{{x}})
		res, err := CMAPs(r, &FileOptions{StimulusS: stimS, StimulusSet: true})
		if err != nil || !errors.Is(res[0].Err, ErrNoResponse) {
			t.Errorf("stimulus at %.1f ms, CMAP peak at 16 ms: amplitude %.3g mV, err %v, %v; want ErrNoResponse",
				stimS*1e3, res[0].Amplitude, res[0].Err, err)
		}
	}
	art := slices.Clone(x)
	for i := 200; i < len(art); i++ { // 10 ms: a 4 mV artifact decaying with τ = 0.3 ms
		art[i] += 4 * math.Exp(-float64(i-200)/rate/0.3e-3)
	}
	r := ephys.NewRecording(ch, nil, [][][]float64{{art}})
	res, err := CMAPs(r, &FileOptions{StimulusS: 0.01, StimulusSet: true})
	if err != nil || res[0].Err != nil || math.Abs(res[0].Amplitude-5) > 0.1 {
		t.Fatalf("artifact at 10 ms before a 5 mV CMAP: amplitude %v mV, err %v, %v", res[0].Amplitude, res[0].Err, err)
	}
}

// QA item 2: a CMAP clipped by a saturated amplifier was measured as if real. It is flagged; the
// same CMAP unclipped is not.
func TestClippedCMAPFlagged(t *testing.T) {
	const rate = 20e3
	ch := []ephys.Channel{{Name: "EMG", Unit: "mV", Rate: rate}}
	x := gaussCMAP(rate/20, rate, 0.016)
	clip := slices.Clone(x)
	for i, v := range clip {
		clip[i] = max(v, -3)
	}
	for _, c := range []struct {
		x    []float64
		want bool
	}{{x, false}, {clip, true}} {
		r := ephys.NewRecording(ch, []ephys.Sweep{{Zero: 0.01}}, [][][]float64{{c.x}})
		res, err := CMAPs(r, nil)
		if err != nil || res[0].Err != nil || res[0].Clipped != c.want {
			t.Errorf("amplitude %.3f mV: clipped %v, err %v, %v; want clipped %v", res[0].Amplitude, res[0].Clipped, res[0].Err, err, c.want)
		}
	}
}

// QA item 12: a sweep without an M response (a failed stimulation) counted as "no F-wave", lowering
// persistence. Presence is unmeasurable there: the sweep is marked Unmeasured and left out of the
// train's figures, which equal those of the train without it (the failed sweep does not enter the
// common M response either).
func TestFWaveFailedStimulationUnmeasured(t *testing.T) {
	s := SimulateFWave(rand.New(rand.NewPCG(3, 4)), &FWaveSimOptions{Sweeps: 20,
		Nuisance: Nuisance{NoiseMV: 0.008, HumMV: 0.015, MainsHz: 50, DriftMV: 0.05, ArtifactMV: 15}})
	sw, err := Sweeps(s.Recording, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := FWaveSweeps(sw[1:], nil)
	if err != nil {
		t.Fatal(err)
	}
	// Sweep 1 a failed stimulation: the amplifier's noise only.
	rng := rand.New(rand.NewPCG(5, 6))
	d := make([]float64, sw[0].Trace.Len())
	for i := range d {
		d[i] = 0.008 * rng.NormFloat64()
	}
	sw[0].Trace.Data = d
	got, err := FWaveSweeps(sw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.M[0].Err == nil || !got.Sweeps[0].Unmeasured || got.Sweeps[0].Present {
		t.Fatalf("failed stimulation: M error %v, unmeasured %v, present %v; want an M error, unmeasured, not present",
			got.M[0].Err, got.Sweeps[0].Unmeasured, got.Sweeps[0].Present)
	}
	if got.Persistence != want.Persistence || got.MinLatency != want.MinLatency || got.MeanLatency != want.MeanLatency {
		t.Fatalf("with sweep 1 failed: persistence %v %%, min/mean latency %v/%v s; want the 19 others' %v %%, %v/%v s",
			got.Persistence, got.MinLatency, got.MeanLatency, want.Persistence, want.MinLatency, want.MeanLatency)
	}
	if want.Persistence == 0 || want.Persistence == 100 {
		t.Fatalf("persistence %v %%: the test tells nothing", want.Persistence)
	}
}
