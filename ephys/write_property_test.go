package ephys

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomRecording makes a recording of the kinds the writers meet: 1–4 channels, 1–4 sweeps, rates
// from a slow 1/3 Hz to 1 GHz (and rates with no short decimal interval), names that repeat, exceed
// EDF's 16 characters, hold quotes, commas, tabs or "sweep k", units with parentheses, sweep starts
// with gaps, time zeros shared or per sweep (some outside their sweep), tags, large offsets.
func randomRecording(rng *rand.Rand) *Recording {
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	names := []string{"", "EMG", "EMG", "APB wrist", "EMG sweep 3", "trace 2", "Trace #4", "a, b", `say "hi"`,
		"tab\there", "µ chan", "abductor pollicis brevis left", "abductor pollicis brevis right", "EDF Annotations",
		"ch2", "(x)", "I_M", "sweep 1", "EMG_2"}
	units := []string{"mV", "µV", "nA", "", "V (rms)", "pA", "mV"}
	rates := []float64{1000, 20000, 30000, 44100, 1 / 0.00248, 1e9, 250, 1.0 / 3, 7, 1e5, 1 + rng.Float64()*1e5}
	nch, nsw := 1+rng.IntN(4), 1+rng.IntN(4)
	rate := rates[rng.IntN(len(rates))]
	n := 2 + rng.IntN(300)
	mixed := rng.IntN(4) == 0 // channels at multiples of the rate, the same duration (EDF only)
	ragged := rng.IntN(4) == 0
	chans := make([]Channel, nch)
	data := make([][][]float64, nch)
	offset := []float64{0, 0, 1e3, -70, 1e6}[rng.IntN(5)]
	scale := []float64{1, 1e-3, 1e3, 1e-9}[rng.IntN(4)]
	for c := range chans {
		m := 1
		if mixed {
			m = 1 + rng.IntN(3)
		}
		chans[c] = Channel{Name: pick(names), Unit: pick(units), Rate: rate * float64(m)}
		data[c] = make([][]float64, nsw)
		for s := range nsw {
			k := n * m
			if ragged && s > 0 {
				k = 2 + rng.IntN(k-1)
			}
			x := make([]float64, k)
			for i := range x {
				x[i] = offset + scale*rng.NormFloat64()
			}
			if rng.IntN(8) == 0 {
				for i := range x {
					x[i] = offset // a flat sweep
				}
			}
			switch rng.IntN(40) {
			case 0:
				x[rng.IntN(len(x))] = math.NaN() // a missing value: text keeps it, EDF cannot
			case 1:
				x[rng.IntN(len(x))] = math.Inf(1 - 2*rng.IntN(2)) // no format holds it
			}
			data[c][s] = x
		}
	}
	dur := float64(n) / rate
	sweeps := make([]Sweep, nsw)
	start := []float64{0, 0, 12.5, 3600}[rng.IntN(4)]
	zero := []float64{0, 0, dur / 10, -dur / 10, float64(rng.IntN(n)) / rate}[rng.IntN(5)]
	perSweep := rng.IntN(4) == 0
	for s := range sweeps {
		z := zero
		if perSweep {
			z = float64(rng.IntN(n)) / rate
		}
		sweeps[s] = Sweep{Start: start, Zero: z}
		start += dur + []float64{0, 0, 1, dur / 3}[rng.IntN(4)]
	}
	r := NewRecording(chans, sweeps, data)
	for range rng.IntN(4) {
		r.Tags = append(r.Tags, Tag{Time: sweeps[0].Start + rng.Float64()*(start-sweeps[0].Start),
			Text: pick([]string{"drug on", "Stimulus", "wash", " x ", "µ ok"}), Duration: []float64{0, 0.5}[rng.IntN(2)]})
	}
	return r
}

// TestWriteReadBack writes every format from varied recordings and reads each back: what Write
// writes without error Open reads as the same recording — the same channels (under the names
// channelNames gives), sweeps, lengths, rates, samples (exact in text, within half an EDF step),
// time zeros and, where the format keeps them, sweep starts and tags — and what it cannot hold it
// refuses with an *UnsupportedError.
func TestWriteReadBack(t *testing.T) {
	cases := 400
	if testing.Short() {
		cases = 100
	}
	written := map[Format]int{}
	for seed := range cases {
		rng := rand.New(rand.NewPCG(uint64(seed), 16))
		r := randomRecording(rng)
		for _, f := range []Format{FormatCSV, FormatTSV, FormatATF, FormatEDF} {
			var b bytes.Buffer
			err := Write(&b, r, f)
			if err != nil {
				var ue *UnsupportedError
				if !errors.As(err, &ue) {
					t.Fatalf("seed %d, %s: error %v is not an *UnsupportedError", seed, f, err)
				}
				if b.Len() != 0 && !strings.Contains(err.Error(), "a text table cannot hold") { // found while streaming
					t.Errorf("seed %d, %s: refused (%v) after writing %d bytes", seed, f, err, b.Len())
				}
				continue
			}
			written[f]++
			if f == FormatEDF { // the same bytes whether the samples are kept or read twice
				var twice bytes.Buffer
				if err := writeEDFCached(&twice, r, f, 0); err != nil || !bytes.Equal(twice.Bytes(), b.Bytes()) {
					t.Errorf("seed %d: EDF read twice differs from EDF read once (%v)", seed, err)
				}
			}
			back, err := OpenReader(bytes.NewReader(b.Bytes()), int64(b.Len()), "."+string(f))
			if err != nil {
				t.Fatalf("seed %d, %s: written without error, read back: %v\n%.600s", seed, f, err, b.String())
			}
			if msg := sameRecording(r, back, f); msg != "" {
				t.Errorf("seed %d, %s: %s", seed, f, msg)
			}
		}
	}
	// Most cases must go through: a writer that refused everything would pass the loop above.
	for _, f := range []Format{FormatCSV, FormatTSV, FormatATF, FormatEDF} {
		if written[f] < cases/3 {
			t.Errorf("%s: only %d of %d recordings written", f, written[f], cases)
		}
	}
	t.Logf("written of %d: %v", cases, written)
}

// sameRecording compares a recording with what was read back from it in format f; "" when they agree.
func sameRecording(r, back *Recording, f Format) string {
	edf := f == FormatEDF
	if back.NumChannels() != r.NumChannels() || back.NumSweeps() != r.NumSweeps() {
		return fmt.Sprintf("read %d channels × %d sweeps, wrote %d × %d", back.NumChannels(), back.NumSweeps(), r.NumChannels(), r.NumSweeps())
	}
	names := channelNames(r, f)
	for c, ch := range r.Channels {
		bc := back.Channels[c]
		if bc.Name != names[c] {
			return fmt.Sprintf("channel %d named %q, written as %q", c+1, bc.Name, names[c])
		}
		if u := writtenUnit(ch.Unit, f); bc.Unit != u {
			if s, err := Scale(bc.Unit, u); err != nil || s != 1 {
				return fmt.Sprintf("channel %d in %q, written in %q", c+1, bc.Unit, u)
			}
		}
		// Text: the rate from the printed time column is exact to 1e-11 (snapRate) beyond float
		// rounding; EDF: the writer's guarantee, the last sample moves by at most 0.1 sample.
		tol := 1e-9
		if edf {
			tol = 0.1/float64(max(1, r.SweepLen(c, 0)-1)) + 1e-12
		}
		if math.Abs(bc.Rate-ch.Rate) > tol*ch.Rate {
			return fmt.Sprintf("channel %d at %v Hz, written at %v Hz", c+1, bc.Rate, ch.Rate)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for s := range r.Sweeps {
			x, _ := r.Trace(c, s)
			for _, v := range x.Data {
				if !math.IsNaN(v) {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
		step := 0.0
		if edf {
			_, pmin, _, pmax, _ := edfRange(lo, hi)
			// Half a digital step, plus the float rounding of the scaling (a few ulps of the values).
			step = (pmax-pmin)/65535/2 + 8e-16*max(math.Abs(pmin), math.Abs(pmax))
		}
		for s := range r.Sweeps {
			x, _ := r.Trace(c, s)
			y, err := back.Trace(c, s)
			if err != nil {
				return fmt.Sprintf("channel %d sweep %d: %v", c+1, s+1, err)
			}
			if len(y.Data) != len(x.Data) {
				return fmt.Sprintf("channel %d sweep %d: %d samples, wrote %d", c+1, s+1, len(y.Data), len(x.Data))
			}
			for i := range x.Data {
				if math.IsNaN(x.Data[i]) && math.IsNaN(y.Data[i]) {
					continue
				}
				if d := math.Abs(y.Data[i] - x.Data[i]); d > step || math.IsNaN(d) {
					return fmt.Sprintf("channel %d sweep %d sample %d: %v, wrote %v (tolerance %g)", c+1, s+1, i, y.Data[i], x.Data[i], step)
				}
			}
		}
	}
	rate := r.Channels[0].Rate
	shared := true
	for _, s := range r.Sweeps {
		shared = shared && s.Zero == r.Sweeps[0].Zero
	}
	for s, sw := range r.Sweeps {
		want := sw.Zero
		if !edf && !shared {
			want = 0 // tables write each sweep's time from its start
		}
		// A millionth of a sample, plus float rounding of the absolute times written.
		tol := 1e-6/rate + 4e-16*(math.Abs(sw.Start)+math.Abs(sw.Zero))
		if got := back.Sweeps[s].Zero; math.Abs(got-want) > tol {
			return fmt.Sprintf("sweep %d: zero %v, wrote %v", s+1, got, want)
		}
		// ATF keeps the starts; EDF+ counts them from the first record's onset.
		want = sw.Start
		if edf {
			want = sw.Start - r.Sweeps[0].Start
		}
		if (edf || f == FormatATF) && math.Abs(back.Sweeps[s].Start-want) > 1e-12*math.Abs(sw.Start) {
			return fmt.Sprintf("sweep %d: starts at %v, wrote %v", s+1, back.Sweeps[s].Start, want)
		}
	}
	if edf {
		for _, tag := range r.Tags {
			text := strings.TrimSpace(edfAnnotationText(tag.Text))
			at := tag.Time - r.Sweeps[0].Start // EDF+ times count from the first record
			tol := 1e-12 * math.Abs(tag.Time)
			if isStimulus(text) {
				tol = 0.5 / rate // a Stimulus tag at a sweep's zero is written once, from the zero
			}
			found := false
			for _, b := range back.Tags {
				found = found || (b.Text == text && math.Abs(b.Time-at) <= tol)
			}
			if !found && text != "" {
				return fmt.Sprintf("tag %q at %v s not read back (read %v)", text, tag.Time, back.Tags)
			}
		}
	}
	return ""
}
