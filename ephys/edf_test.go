package ephys

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refEDF is the test's own reading of an EDF file, written from the specification independently of
// edf.go: sweeps[signal][sweep], and the first Stimulus's offset within its record.
type refEDF struct {
	labels, units []string
	rates         []float64
	sweeps        [][][]float64
	plusD         bool
	stim          float64 // NaN when none
}

func readRefEDF(t *testing.T, b []byte) refEDF {
	t.Helper()
	num := func(s []byte) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(string(s)), 64)
		if err != nil {
			t.Fatalf("reference EDF reader: %v", err)
		}
		return v
	}
	hdr, nrec, dur, ns := int(num(b[184:192])), int(num(b[236:244])), num(b[244:252]), int(num(b[252:256]))
	fld := func(off, w, i int) []byte { return b[256+off*ns+w*i : 256+off*ns+w*(i+1)] }
	ref := refEDF{plusD: string(b[192:197]) == "EDF+D", stim: math.NaN()}
	spr := make([]int, ns)
	recl := 0
	for i := range ns {
		spr[i] = int(num(fld(216, 8, i)))
		recl += spr[i]
	}
	off := 0
	for i := range ns {
		label := strings.TrimSpace(string(fld(0, 16, i)))
		sample := func(r, k int) int16 {
			return int16(binary.LittleEndian.Uint16(b[hdr+2*(r*recl+off+k):]))
		}
		if label == "EDF Annotations" {
			for r := range nrec {
				var raw []byte
				for k := range spr[i] {
					raw = binary.LittleEndian.AppendUint16(raw, uint16(sample(r, k)))
				}
				var onset0 float64
				for j, tal := range bytes.Split(raw, []byte{0}) {
					if len(tal) == 0 {
						continue
					}
					parts := bytes.Split(tal, []byte{0x14})
					on := num(bytes.Split(parts[0], []byte{0x15})[0])
					if j == 0 {
						onset0 = on
					}
					for _, p := range parts[1:] {
						if string(p) == "Stimulus" && math.IsNaN(ref.stim) {
							ref.stim = on - onset0
						}
					}
				}
			}
			off += spr[i]
			continue
		}
		pmin, pmax := num(fld(104, 8, i)), num(fld(112, 8, i))
		dmin, dmax := num(fld(120, 8, i)), num(fld(128, 8, i))
		scale := func(d int16) float64 { return (float64(d)-dmin)*(pmax-pmin)/(dmax-dmin) + pmin }
		var sw [][]float64
		if ref.plusD {
			for r := range nrec {
				x := make([]float64, spr[i])
				for k := range x {
					x[k] = scale(sample(r, k))
				}
				sw = append(sw, x)
			}
		} else {
			var x []float64
			for r := range nrec {
				for k := range spr[i] {
					x = append(x, scale(sample(r, k)))
				}
			}
			sw = [][]float64{x}
		}
		ref.labels = append(ref.labels, label)
		ref.units = append(ref.units, strings.TrimSpace(string(fld(96, 8, i))))
		ref.rates = append(ref.rates, float64(spr[i])/dur)
		ref.sweeps = append(ref.sweeps, sw)
		off += spr[i]
	}
	return ref
}

func TestEDFSharedData(t *testing.T) {
	for _, p := range sharedFiles(t, "ncs", "*.edf") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ref := readRefEDF(t, b)
		r, err := Open(p)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		name := filepath.Base(p)
		if r.NumChannels() != len(ref.labels) || r.NumSweeps() != len(ref.sweeps[0]) {
			t.Errorf("%s: %d channels × %d sweeps, reference %d × %d", name, r.NumChannels(), r.NumSweeps(), len(ref.labels), len(ref.sweeps[0]))
			continue
		}
		if want := map[bool]Format{true: FormatEDFD, false: FormatEDFC}[ref.plusD]; r.Format != want {
			t.Errorf("%s: format %s, want %s", name, r.Format, want)
		}
		for c, ch := range r.Channels {
			if ch.Name != ref.labels[c] || ch.Unit != ref.units[c] || ch.Rate != ref.rates[c] {
				t.Errorf("%s channel %d: %q %q %v Hz, reference %q %q %v", name, c, ch.Name, ch.Unit, ch.Rate, ref.labels[c], ref.units[c], ref.rates[c])
			}
			for s, want := range ref.sweeps[c] {
				tr, err := r.Trace(c, s)
				if err != nil {
					t.Fatal(err)
				}
				// Both compute gain·d + offset in float64 in a different order: a few ulps of the range.
				lo, hi := minMax(want)
				tol := 1e-12 * (hi - lo + 1)
				if len(tr.Data) != len(want) {
					t.Fatalf("%s: sweep %d has %d samples, reference %d", name, s, len(tr.Data), len(want))
				}
				for i := range want {
					if math.Abs(tr.Data[i]-want[i]) > tol {
						t.Fatalf("%s channel %d sweep %d sample %d: %v, reference %v", name, c, s, i, tr.Data[i], want[i])
					}
				}
				if !math.IsNaN(ref.stim) && math.Abs(tr.Start+ref.stim) > 1e-12 {
					t.Errorf("%s sweep %d: starts at %v s, the Stimulus annotation says %v", name, s, tr.Start, -ref.stim)
				}
			}
		}
		if !math.IsNaN(ref.stim) {
			n := 0
			for _, tg := range r.Tags {
				if tg.Text == "Stimulus" {
					n++
				}
			}
			if n == 0 {
				t.Errorf("%s: no Stimulus among the tags", name)
			}
		}
		if ref.plusD {
			for s, sw := range r.Sweeps {
				if sw.Start != float64(s) { // the trains here are at 1 Hz or 3 Hz, onsets in the TALs
					if s == 1 && math.Abs(sw.Start-1) > 0.7 {
						t.Errorf("%s: sweep 2 starts at %v s", name, sw.Start)
					}
				}
			}
		}
		r.Close()
	}
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

func TestEDFRoundTripContinuous(t *testing.T) {
	// Two channels at different rates, the same duration.
	a := synthRecording(1, 1, 3000, 20000)
	b := synthRecording(1, 1, 750, 5000)
	chans := []Channel{a.Channels[0], b.Channels[0]}
	chans[1].Name, chans[1].Unit, chans[1].HighpassHz, chans[1].LowpassHz = "Force", "N", 0.5, 1000
	data := [][][]float64{{traces(t, a)[0][0].Data}, {traces(t, b)[0][0].Data}}
	r := NewRecording(chans, []Sweep{{Start: 0.25, Zero: 0.003}}, data)
	r.Tags = []Tag{{Time: 0.3, Duration: 0.01, Text: "mark"}}
	enc := encode(t, r, FormatEDF)
	got := memRecording(t, enc, ".edf")
	if got.Format != FormatEDFC {
		t.Fatalf("format %s, want EDF+C", got.Format)
	}
	checkEDFRoundTrip(t, r, got)
	// 3000 samples at 20 kHz and 750 at 5 kHz: 0.15 s in one record of 7500 bytes.
	if h := string(enc[236:256]); h != "1       0.15    3   " {
		t.Errorf("records, duration, signals = %q", h)
	}
}

func TestEDFRoundTripDiscontinuous(t *testing.T) {
	r := synthRecording(2, 5, 1300, 20000)
	for s := range r.Sweeps {
		r.Sweeps[s] = Sweep{Start: 2.5 * float64(s), Zero: 0.005}
	}
	r.Sweeps[3].Zero = 0.0071 // one sweep with its own stimulus time
	r.Tags = []Tag{{Time: 5.01, Text: "response"}, {Time: 100, Text: "after the end"}}
	got := memRecording(t, encode(t, r, FormatEDFD), ".edf")
	if got.Format != FormatEDFD {
		t.Fatalf("format %s, want EDF+D", got.Format)
	}
	checkEDFRoundTrip(t, r, got)
	stims := 0
	for _, tg := range got.Tags {
		if tg.Text == "Stimulus" {
			stims++
		}
	}
	if stims != 5 {
		t.Errorf("%d Stimulus annotations, want one per sweep", stims)
	}
}

// checkEDFRoundTrip compares a recording read back from EDF with the original: samples within the
// quantisation bound range/65534, everything else exactly (times to 1e-12 s). The writer puts the
// first record at the first sweep's Start; read back, times count from there (the recording's first
// sample, DESIGN.md), so want's sweep starts and tag times are compared less that origin.
func checkEDFRoundTrip(t *testing.T, want, got *Recording) {
	t.Helper()
	origin := want.Sweeps[0].Start
	if got.NumChannels() != want.NumChannels() || got.NumSweeps() != want.NumSweeps() {
		t.Fatalf("%d × %d, want %d × %d", got.NumChannels(), got.NumSweeps(), want.NumChannels(), want.NumSweeps())
	}
	for c, ch := range want.Channels {
		g := got.Channels[c]
		if g.Name != ch.Name || g.Unit != strings.ReplaceAll(ch.Unit, "µ", "u") || g.Rate != ch.Rate || g.HighpassHz != ch.HighpassHz || g.LowpassHz != ch.LowpassHz {
			t.Errorf("channel %d: %+v, want %+v", c, g, ch)
		}
	}
	for s, sw := range want.Sweeps {
		if g := got.Sweeps[s]; math.Abs(g.Start-(sw.Start-origin)) > 1e-12 || math.Abs(g.Zero-sw.Zero) > 1e-12 {
			t.Errorf("sweep %d: %+v, want %+v", s, g, sw)
		}
	}
	wt, gt := traces(t, want), traces(t, got)
	for c := range wt {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, tr := range wt[c] {
			l, h := minMax(tr.Data)
			lo, hi = min(lo, l), max(hi, h)
		}
		bound := (hi - lo) / 65534
		worst := 0.0
		for s := range wt[c] {
			for i, v := range wt[c][s].Data {
				worst = max(worst, math.Abs(gt[c][s].Data[i]-v))
			}
		}
		if worst > bound {
			t.Errorf("channel %d: quantisation error %g > range/65534 = %g", c, worst, bound)
		}
	}
	for _, tg := range want.Tags {
		found := false
		for _, g := range got.Tags {
			found = found || (g.Text == tg.Text && math.Abs(g.Time-(tg.Time-origin)) < 1e-12 && g.Duration == tg.Duration)
		}
		if !found {
			t.Errorf("tag %+v lost; got %+v", tg, got.Tags)
		}
	}
}

func TestEDFQuantisationBound(t *testing.T) {
	for _, tc := range []struct{ lo, hi float64 }{{-0.0012345678, 0.00098765}, {-9.04888, 15.688031}, {1234.5678, 1299.1}, {-3, -3}, {0.1, 0.1}} {
		n := 1001
		x := make([]float64, n)
		for i := range x {
			x[i] = tc.lo + (tc.hi-tc.lo)*float64(i)/float64(n-1)
		}
		r := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, [][][]float64{{x}})
		got := traces(t, memRecording(t, encode(t, r, FormatEDFC), ".edf"))[0][0].Data
		worst := 0.0
		for i := range x {
			worst = max(worst, math.Abs(got[i]-x[i]))
		}
		if worst > (tc.hi-tc.lo)/65534 {
			t.Errorf("[%v, %v]: error %g > %g", tc.lo, tc.hi, worst, (tc.hi-tc.lo)/65534)
		}
	}
}

func TestEDFLayout(t *testing.T) {
	for _, tc := range []struct {
		n        []int
		rate     []float64
		nrec     int
		dur      string
		maxBytes int
	}{
		{[]int{1200}, []float64{20000}, 1, "0.06", 0},
		{[]int{6_000_000}, []float64{10000}, 0, "", edfRecommendSize},       // 10 min: records ≤ 61440 bytes
		{[]int{4000, 1000}, []float64{4000, 1000}, 0, "", edfRecommendSize}, // 1 s, mixed rates
		{[]int{1009}, []float64{3000}, 1, "", 0},                            // prime: one record
	} {
		spr := make([]int, len(tc.n))
		nrec, dur := edfLayout(tc.n, tc.rate, spr)
		rb := 0
		for c := range spr {
			rb += 2 * spr[c]
			if spr[c]*nrec != tc.n[c] {
				t.Errorf("%v: %d records × %d samples", tc.n, nrec, spr[c])
			}
		}
		if (tc.nrec != 0 && nrec != tc.nrec) || (tc.dur != "" && dur != tc.dur) || (tc.maxBytes != 0 && rb > tc.maxBytes) || len(dur) > 8 {
			t.Errorf("%v at %v Hz: %d records of %q s, %d bytes", tc.n, tc.rate, nrec, dur, rb)
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	ra    io.ReaderAt
	n     atomic.Int64 // bytes
	calls atomic.Int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(p, off)
	c.n.Add(int64(n))
	c.calls.Add(1)
	return n, err
}

func TestEDFLazyAndWindows(t *testing.T) {
	// 60 s at 2 kHz, 3 channels: 720 kB of samples in records of about 60 kB.
	r := synthRecording(3, 1, 120000, 2000)
	b := encode(t, r, FormatEDFC)
	cr := &countingReader{ra: bytes.NewReader(b)}
	got, err := OpenReader(cr, int64(len(b)), ".edf")
	if err != nil {
		t.Fatal(err)
	}
	ns := got.NumChannels() + 1
	nrec, _ := strconv.Atoi(strings.TrimSpace(string(b[236:244])))
	if read := cr.n.Load(); read > int64(4096+256*(ns+1)+nrec*64) {
		t.Errorf("Open read %d bytes of %d: more than header and annotations", read, len(b))
	}
	full := traces(t, got)
	for _, w := range []struct{ off, n int }{{0, 1}, {12345, 7000}, {119990, 10}, {30000, 60000}} {
		dst := make([]float64, w.n)
		tr, err := got.ReadSamples(dst, 1, 0, w.off)
		if err != nil {
			t.Fatal(err)
		}
		for i := range dst {
			if dst[i] != full[1][0].Data[w.off+i] {
				t.Fatalf("window %+v sample %d: %v, Trace says %v", w, i, dst[i], full[1][0].Data[w.off+i])
			}
		}
		if tr.Start != full[1][0].Time(w.off) {
			t.Errorf("window %+v starts at %v, want %v", w, tr.Start, full[1][0].Time(w.off))
		}
	}
	if _, err := got.ReadSamples(make([]float64, 10), 0, 0, 119995); err == nil {
		t.Error("a window past the end of the sweep reads without error")
	}
}

// plainEDF builds a plain EDF file (no annotations) of one signal.
func plainEDF(nrec, spr int, dur string, dmin, dmax, pmin, pmax string) []byte {
	var h bytes.Buffer
	f := func(s string, w int) { fmt.Fprintf(&h, "%-*s", w, s) }
	f("0", 8)
	f("patient", 80)
	f("recording", 80)
	f("01.02.03", 8)
	f("04.05.06", 8)
	f("512", 8)
	f("", 44)
	f(strconv.Itoa(nrec), 8)
	f(dur, 8)
	f("1", 4)
	f("EMG", 16)
	f("needle", 80)
	f("uV", 8)
	f(pmin, 8)
	f(pmax, 8)
	f(dmin, 8)
	f(dmax, 8)
	f("HP:20Hz LP:3kHz", 80)
	f(strconv.Itoa(spr), 8)
	f("", 32)
	for i := range nrec * spr {
		binary.Write(&h, binary.LittleEndian, int16(i%2000-1000))
	}
	return h.Bytes()
}

func TestEDFPlain(t *testing.T) {
	b := plainEDF(3, 100, "0.1", "-1000", "999", "-500", "499.5")
	r := memRecording(t, b, "")
	if r.Format != FormatEDF || r.NumSweeps() != 1 || r.NumChannels() != 1 || len(r.Tags) != 0 {
		t.Fatalf("%s %d×%d tags %d", r.Format, r.NumChannels(), r.NumSweeps(), len(r.Tags))
	}
	c := r.Channels[0]
	if c.Rate != 1000 || c.Unit != "uV" || c.Name != "EMG" || c.HighpassHz != 20 || c.LowpassHz != 3000 || c.Label != "needle" {
		t.Errorf("channel %+v", c)
	}
	tr := traces(t, r)[0][0]
	// digital -1000..999 maps to -500..499.5: physical = digital/2.
	for i, v := range tr.Data {
		if want := float64(i%2000-1000) / 2; v != want {
			t.Fatalf("sample %d: %v, want %v", i, v, want)
		}
	}
	if tr.Start != 0 || len(tr.Data) != 300 {
		t.Errorf("start %v, %d samples", tr.Start, len(tr.Data))
	}
}

func TestEDFHostileHeaders(t *testing.T) {
	good := encode(t, synthRecording(1, 3, 100, 1000), FormatEDFD)
	ns := 2
	patch := func(off int, s string) []byte {
		b := bytes.Clone(good)
		copy(b[off:], s)
		return b
	}
	patch2 := func(off1 int, s1 string, off2 int, s2 string) []byte {
		b := patch(off1, s1)
		copy(b[off2:], s2)
		return b
	}
	cases := map[string][]byte{
		"ns":          patch(252, "9999"),
		"ns0":         patch(252, "0   "),
		"nrec":        patch(236, "99999999"),
		"nrec-text":   patch(236, "abc     "),
		"hdrbytes":    patch(184, "99999999"),
		"dur0":        patch(244, "0       "),
		"dur-nan":     patch(244, "NaN     "),
		"spr-huge":    patch(256+216*ns, "99999999"),
		"spr0":        patch(256+216*ns, "0       "),
		"dig-equal":   patch2(256+120*ns, "0       ", 256+128*ns, "0       "),
		"phys-text":   patch(256+104*ns, "abc     "),
		"phys-equal":  patch2(256+104*ns, "1       ", 256+112*ns, "1       "),
		"dig-range":   patch(256+120*ns, "-99999  "),
		"truncated":   good[:len(good)-1],
		"header-only": good[:256*(ns+1)],
		"short":       good[:200],
		"bad-tal":     patch(256*(ns+1)+2*100, "x1\x14\x14\x00"),
	}
	for name, b := range cases {
		r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ".edf")
		if err == nil {
			// A header lie that still describes a readable file must read without panicking.
			traces(t, r)
			t.Errorf("%s: no error", name)
			continue
		}
		var fe *FormatError
		var ue *UnsupportedError
		if !errors.As(err, &fe) && !errors.As(err, &ue) {
			t.Errorf("%s: %v is not a typed error", name, err)
		}
		if name == "truncated" && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("truncated: %v does not wrap io.ErrUnexpectedEOF", err)
		}
	}
}

func TestEDFWriterRefuses(t *testing.T) {
	r := synthRecording(1, 2, 100, 1000)
	if err := Write(io.Discard, r, FormatEDFC); err == nil {
		t.Error("EDF+C of two sweeps written")
	}
	ragged := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, [][][]float64{{{1, 2, 3}, {1, 2}}})
	if err := Write(io.Discard, ragged, FormatEDFD); err == nil {
		t.Error("EDF+D of sweeps of different lengths written")
	}
	nan := NewRecording([]Channel{{Name: "x", Unit: "mV", Rate: 1000}}, nil, [][][]float64{{{1, math.NaN(), 3}}})
	if err := Write(io.Discard, nan, FormatEDFC); err == nil {
		t.Error("NaN written to EDF")
	}
}

func BenchmarkEDFRead(b *testing.B) {
	r := synthRecording(4, 1, 250000, 25000) // 10 s, 4 channels, 2 MB
	enc := encode(b, r, FormatEDFC)
	dst := make([]float64, 250000)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		got, err := OpenReader(bytes.NewReader(enc), int64(len(enc)), ".edf")
		if err != nil {
			b.Fatal(err)
		}
		for c := range 4 {
			if _, err := got.ReadSamples(dst, c, 0, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// edfSig is one signal of a hand-built EDF file.
type edfSig struct {
	label string
	spr   int
}

// handEDF builds an EDF file byte by byte from the specification: reserved is "" (plain EDF),
// "EDF+C" or "EDF+D"; record(k, i) gives the bytes of signal i in record k (padded with NULs to
// 2·spr). Ordinary signals get a digital range −32768..32767 over a physical −10..10 mV.
func handEDF(reserved string, dur string, nrec int, sigs []edfSig, record func(k, i int) []byte) []byte {
	var h bytes.Buffer
	f := func(s string, w int) { fmt.Fprintf(&h, "%-*s", w, s) }
	ns := len(sigs)
	f("0", 8)
	f("X X X X", 80)
	f("Startdate X X X X", 80)
	f("01.02.03", 8)
	f("04.05.06", 8)
	f(strconv.Itoa(256*(ns+1)), 8)
	f(reserved, 44)
	f(strconv.Itoa(nrec), 8)
	f(dur, 8)
	f(strconv.Itoa(ns), 4)
	each := func(w int, v func(s edfSig) string) {
		for _, s := range sigs {
			f(v(s), w)
		}
	}
	each(16, func(s edfSig) string { return s.label })
	each(80, func(edfSig) string { return "" })
	each(8, func(edfSig) string { return "mV" })
	each(8, func(edfSig) string { return "-10" })
	each(8, func(edfSig) string { return "10" })
	each(8, func(edfSig) string { return "-32768" })
	each(8, func(edfSig) string { return "32767" })
	each(80, func(edfSig) string { return "" })
	each(8, func(s edfSig) string { return strconv.Itoa(s.spr) })
	each(32, func(edfSig) string { return "" })
	for k := range nrec {
		for i, s := range sigs {
			b := make([]byte, 2*s.spr)
			copy(b, record(k, i))
			h.Write(b)
		}
	}
	return h.Bytes()
}

// An EDF of one-sample records (issue 16): what Open keeps must not grow with the records of a
// continuous file, and annotations must be read many records per ReadAt, not one call per record.
func TestEDFOneSampleRecords(t *testing.T) {
	const nrec = 200_000
	plain := plainEDF(nrec, 1, "1", "-32768", "32767", "-10", "10")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := OpenReader(bytes.NewReader(plain), int64(len(plain)), ".edf")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// Bound: the header and the signal tables, a few KiB; 32 bytes a record would be 6.4 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<10 {
		t.Errorf("Open of %d one-sample records allocated %d bytes", nrec, alloc)
	}
	if n := r.SweepLen(0, 0); n != nrec {
		t.Errorf("%d samples, want %d", n, nrec)
	}

	// EDF+C: one data sample and a 6-byte time-keeping TAL per record.
	plus := handEDF("EDF+C", "0.001", nrec, []edfSig{{"EMG", 1}, {"EDF Annotations", 4}}, func(k, i int) []byte {
		if i == 0 {
			return []byte{byte(k), 0}
		}
		return fmt.Appendf(nil, "+%d\x14\x14\x00", k/1000) // onsets need not be exact here
	})
	cr := &countingReader{ra: bytes.NewReader(plus)}
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err = OpenReader(cr, int64(len(plus)), ".edf")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// One call for the head, one for the signal table, then a call per MiB of records.
	if calls, most := cr.calls.Load(), int64(3+len(plus)>>20+1); calls > most {
		t.Errorf("Open made %d ReadAt calls for %d records of 10 bytes, want at most %d", calls, nrec, most)
	}
	// Bound: the 1 MiB record buffer and the header; per-record state would add 6.4 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20+64<<10 {
		t.Errorf("Open of %d one-sample EDF+C records allocated %d bytes", nrec, alloc)
	}
	if r.NumSweeps() != 1 || r.Channels[0].Rate != 1000 || r.SweepLen(0, 0) != nrec {
		t.Errorf("%d sweeps, %v Hz, %d samples", r.NumSweeps(), r.Channels[0].Rate, r.SweepLen(0, 0))
	}
	tr := traces(t, r)[0][0]
	for _, k := range []int{0, 1, 255, 256, nrec - 1} {
		if want := -10 + 20/65535.0*(float64(byte(k))+32768); math.Abs(tr.Data[k]-want) > 1e-12 {
			t.Errorf("sample %d = %v, want %v", k, tr.Data[k], want)
		}
	}
}

// The rate is samples per record over the duration's decimal text, divided once (issue 16: 14505
// samples per 72.525 s came back as 199.99999999999997 Hz).
func TestEDFExactRate(t *testing.T) {
	for _, c := range []struct {
		spr  int
		dur  string
		want float64
	}{{14505, "72.525", 200}, {3, "0.3", 10}, {1, "0.001", 1000}, {7, "0.7", 10}, {1000, "1", 1000}, {2000, "0.1", 20000}} {
		r := memRecording(t, plainEDF(1, c.spr, c.dur, "-32768", "32767", "-10", "10"), ".edf")
		if got := r.Channels[0].Rate; got != c.want {
			t.Errorf("%d samples per %q s: %v Hz, want %v", c.spr, c.dur, got, c.want)
		}
		if got, want := r.Duration(), float64(c.spr)/c.want; got != want {
			t.Errorf("%d samples per %q s: duration %v, want %v", c.spr, c.dur, got, want)
		}
	}
}

// tal is one Time-stamped Annotation List.
func tal(onset string, texts ...string) string {
	return onset + "\x14" + strings.Join(texts, "\x14") + "\x14\x00"
}

// Issue 22: an EDF+ whose first record has onset +0.3945 starts there; tags and sweep starts count
// from it (EDF+ specification, pyedflib, MNE), exactly as the decimals say.
func TestEDFFirstRecordOnsetIsStart(t *testing.T) {
	sigs := []edfSig{{"EMG", 100}, {"EDF Annotations", 30}}
	data := func(k, i int) []byte { return nil }
	c := handEDF("EDF+C", "1", 2, sigs, func(k, i int) []byte {
		if i == 0 {
			return data(k, i)
		}
		return []byte([]string{tal("+0.3945", "") + tal("+1.4945", "Stimulus"), tal("+1.3945", "") + tal("+2", "mark")}[k])
	})
	r := memRecording(t, c, ".edf")
	want := []Tag{{Time: 1.1, Text: "Stimulus"}, {Time: 1.6055, Text: "mark"}}
	if !cmp.Equal(r.Tags, want) {
		t.Errorf("EDF+C tags %v, want %v (seconds from the first record's onset)", r.Tags, want)
	}
	if want := []Sweep{{Start: 0, Zero: 1.1}}; !cmp.Equal(r.Sweeps, want) {
		t.Errorf("EDF+C sweeps %v, want %v", r.Sweeps, want)
	}
	if r.Duration() != 2 {
		t.Errorf("duration %v, want 2", r.Duration())
	}
	// The unused rest of an annotation signal padded with blanks instead of NULs reads the same.
	blanks := handEDF("EDF+C", "1", 1, sigs, func(k, i int) []byte {
		if i == 0 {
			return nil
		}
		return []byte(fmt.Sprintf("%-60s", tal("+0.3945", "")+tal("+1.4945", "Stimulus")))
	})
	if r := memRecording(t, blanks, ".edf"); len(r.Tags) != 1 || r.Tags[0].Time != 1.1 {
		t.Errorf("annotations padded with blanks: tags %v", r.Tags)
	}

	d := handEDF("EDF+D", "0.05", 3, sigs, func(k, i int) []byte {
		if i == 0 {
			return nil
		}
		return []byte([]string{tal("+0.3945", "") + tal("+0.4045", "Stimulus"), tal("+1.3945", ""), tal("+2.7", "") + tal("+2.71", "Stimulus")}[k])
	})
	r = memRecording(t, d, ".edf")
	// The record without a Stimulus of its own keeps zero 0: the file has two (edf.go).
	if want := []Sweep{{0, 0.01}, {1, 0}, {2.3055, 0.01}}; !cmp.Equal(r.Sweeps, want) {
		t.Errorf("EDF+D sweeps %v, want %v", r.Sweeps, want)
	}
	if want := []Tag{{Time: 0.01, Text: "Stimulus"}, {Time: 2.3155, Text: "Stimulus"}}; !cmp.Equal(r.Tags, want) {
		t.Errorf("EDF+D tags %v, want %v", r.Tags, want)
	}
}

// Issue 22: a plain EDF (reserved field blank) with a signal labelled "EDF Annotations" whose bytes
// are TALs reads them as annotations, as MNE does; bytes that are not TALs leave it a signal.
func TestEDFPlainWithAnnotationSignal(t *testing.T) {
	sigs := []edfSig{{"EMG", 50}, {"EDF Annotations", 20}}
	withTALs := handEDF("", "0.05", 2, sigs, func(k, i int) []byte {
		if i == 0 {
			return nil
		}
		return []byte([]string{tal("+0", "") + tal("+0.02", "Stimulus"), tal("+0.05", "")}[k])
	})
	r := memRecording(t, withTALs, ".edf")
	if r.Format != FormatEDF || r.NumChannels() != 1 || r.Channels[0].Name != "EMG" {
		t.Fatalf("%s with %d channels, want plain EDF with EMG only", r.Format, r.NumChannels())
	}
	if want := []Tag{{Time: 0.02, Text: "Stimulus"}}; !cmp.Equal(r.Tags, want) {
		t.Errorf("tags %v, want %v", r.Tags, want)
	}
	if r.Sweeps[0].Zero != 0.02 {
		t.Errorf("time zero %v s, want the Stimulus at 0.02", r.Sweeps[0].Zero)
	}

	notTALs := handEDF("", "0.05", 2, sigs, func(k, i int) []byte {
		if i == 0 {
			return nil
		}
		return []byte{1, 2, 3, 4, 5, 6} // samples, not text
	})
	r = memRecording(t, notTALs, ".edf")
	if r.NumChannels() != 2 || r.Channels[1].Name != "EDF Annotations" || len(r.Tags) != 0 {
		t.Errorf("%d channels, %d tags: bytes that are not TALs must stay a signal", r.NumChannels(), len(r.Tags))
	}
	if tr := traces(t, r)[1][0]; tr.Len() != 40 {
		t.Errorf("the signal has %d samples, want 40", tr.Len())
	}
}

// More annotations than MaxTags is an error, not an allocation without bound (issue 16: 4 M
// annotations through info ran out of memory).
func TestEDFTagLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(tal("+0", ""))
	for range MaxTags + 1 {
		b.WriteString(tal("+0", "x"))
	}
	spr := (b.Len() + 1) / 2
	f := handEDF("EDF+C", "1", 1, []edfSig{{"EDF Annotations", spr}}, func(k, i int) []byte { return []byte(b.String()) })
	_, err := OpenReader(bytes.NewReader(f), int64(len(f)), ".edf")
	var ue *UnsupportedError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "annotations") {
		t.Errorf("%d annotations: %v, want an UnsupportedError naming the limit", MaxTags+1, err)
	}
}

// Records without a time-keeping TAL follow one another: record k starts at k × the duration's
// decimal, exactly (3 × 0.05 is 0.15, not 0.15000000000000002).
func TestEDFRecordStartsExact(t *testing.T) {
	d := handEDF("EDF+D", "0.05", 7, []edfSig{{"EMG", 10}, {"EDF Annotations", 8}}, func(k, i int) []byte { return nil })
	r := memRecording(t, d, ".edf")
	for k, s := range r.Sweeps {
		if want := []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}[k]; s.Start != want {
			t.Errorf("record %d starts at %v s, want %v", k+1, s.Start, want)
		}
	}
}
