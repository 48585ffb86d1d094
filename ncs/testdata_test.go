package ncs

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/endplate/endplate/ephys"
)

// manifest reads the parameters (ground truth) of the repository's sample recordings.
func manifest(t *testing.T) map[string]map[string]float64 {
	t.Helper()
	b, err := os.ReadFile("../testdata/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		File       string             `json:"file"`
		Parameters map[string]float64 `json:"parameters"`
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]float64{}
	for _, e := range entries {
		m[e.File] = e.Parameters
	}
	return m
}

// TestSampleRecordings measures the repository's sample recordings (simulated by this package,
// internal/gentestdata) against their truth. Limits: the for ordinary recordings (onset
// 0.05 ms, the 95th-percentile limit, for a single recording; amplitude 1 %; velocity 2 %; F
// persistence one sweep and latencies 0.3 ms; decrement 1.5 points), the area to 0.5 % (the median
// limit is 0.2 %, and these 30 ms sweeps leave only 3 ms of tail to fit the hum to), the SNAP's
// peak latency to 0.05 ms (two samples; a cubic over the top 10 % of a 30 µV peak in 1 µV noise
// places it to about 0.01 ms SD) and amplitude to 5 %.
func TestSampleRecordings(t *testing.T) {
	m := manifest(t)
	file := func(n string) string { return filepath.Join("..", "testdata", n) }
	var sites [2]SweepCMAP
	for k, n := range []string{"motor_wrist.edf", "motor_elbow.edf"} {
		sw, err := CMAPFile(file(n), nil)
		if err != nil || sw[0].Err != nil {
			t.Fatal(err, sw[0].Err)
		}
		p, c := m[n], sw[0]
		sites[k] = c
		if d := c.OnsetLatency - p["onset_latency_s"]; math.Abs(d) > 0.05e-3 {
			t.Errorf("%s: onset %.4f ms, truth %.4f ms", n, c.OnsetLatency*1e3, p["onset_latency_s"]*1e3)
		}
		if d := c.Amplitude/p["amplitude_mv"] - 1; math.Abs(d) > 0.01 {
			t.Errorf("%s: amplitude %.4f mV, truth %.4f mV", n, c.Amplitude, p["amplitude_mv"])
		}
		if d := c.NegArea/p["neg_area_mvs"] - 1; math.Abs(d) > 0.005 {
			t.Errorf("%s: negative area %.5f mV·s, truth %.5f mV·s", n, c.NegArea, p["neg_area_mvs"])
		}
	}
	p := m["motor_wrist.edf"]
	if mo := MotorStudy(sites[0], sites[1], p["segment_mm"], nil); math.Abs(mo.ConductionVelocity/p["cv_m_s"]-1) > 0.02 {
		t.Errorf("velocity %.2f m/s, truth %.2f m/s", mo.ConductionVelocity, p["cv_m_s"])
	}

	fw, err := FWaveFile(file("fwave_train.edf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	p = m["fwave_train.edf"]
	if math.Abs(fw.Persistence-p["persistence_pct"]) > 10+1e-9 {
		t.Errorf("F persistence %.0f %%, truth %.0f %%", fw.Persistence, p["persistence_pct"])
	}
	if math.Abs(fw.MinLatency-p["min_latency_s"]) > 0.3e-3 || math.Abs(fw.MeanLatency-p["mean_latency_s"]) > 0.3e-3 {
		t.Errorf("F latency min %.3f mean %.3f ms, truth %.3f, %.3f", fw.MinLatency*1e3, fw.MeanLatency*1e3, p["min_latency_s"]*1e3, p["mean_latency_s"]*1e3)
	}

	rn, err := RNSFile(file("rns_train.edf"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := rn.DecrementPct - m["rns_train.edf"]["decrement_pct"]; math.Abs(d) > 1.5 {
		t.Errorf("decrement %.2f %%, truth %.2f %%", rn.DecrementPct, m["rns_train.edf"]["decrement_pct"])
	}

	sn, err := SNAPFile(file("snap.edf"), &SNAPOptions{DistanceMM: 140})
	if err != nil || sn[0].Err != nil {
		t.Fatal(err, sn[0].Err)
	}
	p = m["snap.edf"]
	if math.Abs(sn[0].PeakLatency-p["peak_latency_s"]) > 0.05e-3 || math.Abs(sn[0].Amplitude*1e3/p["amplitude_uv"]-1) > 0.05 {
		t.Errorf("SNAP peak %.4f ms %.2f µV, truth %.4f ms %.2f µV", sn[0].PeakLatency*1e3, sn[0].Amplitude*1e3, p["peak_latency_s"]*1e3, p["amplitude_uv"])
	}
}

// A repetitive-stimulation train recorded continuously (one EDF+C sweep with a Stimulus annotation
// per response) is cut into one sweep per stimulus and measures as the same train in EDF+D does.
func TestContinuousTrainSplits(t *testing.T) {
	r, err := ephys.Open("../testdata/rns_train.edf")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The same samples laid end to end, 5 + 40 ms per response, stimuli annotated.
	var x []float64
	var tags []ephys.Tag
	for k := range r.NumSweeps() {
		tr, err := r.Trace(0, k)
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, ephys.Tag{Time: float64(len(x))/tr.Rate - tr.Start, Text: "Stimulus"})
		x = append(x, tr.Data...)
	}
	c := ephys.NewRecording(r.Channels[:1], []ephys.Sweep{{Zero: tags[0].Time}}, [][][]float64{{x}})
	var b bytes.Buffer
	c.Tags = tags
	if err := ephys.Write(&b, c, ephys.FormatEDFC); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rns_continuous.edf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cont, err := RNSFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	disc, err := RNSFile("../testdata/rns_train.edf", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cont.Responses) != len(disc.Responses) {
		t.Fatalf("continuous: %d responses, EDF+D: %d", len(cont.Responses), len(disc.Responses))
	}
	// The cut sweeps hold the same samples as the records (up to EDF's 16 bits over the whole
	// train's range), so the decrement agrees to a small fraction of a point.
	if d := cont.DecrementPct - disc.DecrementPct; math.Abs(d) > 0.2 {
		t.Errorf("decrement %.3f %% continuous, %.3f %% in sweeps", cont.DecrementPct, disc.DecrementPct)
	}
}
