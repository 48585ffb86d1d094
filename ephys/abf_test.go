package ephys

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// abfDir holds the shared validation recordings (pyABF's and myokit's sample files) and
// reference_neo.json; see ../../shared/data/README.md.
const abfDir = "../../shared/data/abf"

func abfData(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(abfDir, "reference_neo.json")); err != nil {
		t.Skipf("ABF validation data not found at %s (../shared/data is not part of the repository): %v", abfDir, err)
	}
	return abfDir
}

type abfRef struct {
	Channels []struct{ Name, Units string } `json:"channels"`
	Rate     float64                        `json:"rate_hz"`
	Sweeps   []struct {
		N     int         `json:"n"`
		First [][]float64 `json:"first"`
		Mean  []float64   `json:"mean"`
		Min   []float64   `json:"min"`
		Max   []float64   `json:"max"`
	} `json:"sweeps"`
	Tags []struct {
		Time float64 `json:"time_s"`
		Text string  `json:"text"`
	} `json:"tags"`
}

func normUnit(u string) string {
	return strings.NewReplacer("µ", "u", "μ", "u").Replace(strings.TrimSpace(u))
}

var nonGraphic = regexp.MustCompile(`[^!-~]`)

// TestABFReference holds every file in the shared abf folder to reference_neo.json: Neo's AxonRawIO,
// with the fields where Neo is wrong replaced by what the header says (the file's "source" entry;
// the JSON stores the corrected values). Tolerances are the ones the outside check uses: values to
// 1e-4 of the sweep's range, rates to 1e-6 relative, tag times to 1e-4 s.
func TestABFReference(t *testing.T) {
	dir := abfData(t)
	b, err := os.ReadFile(filepath.Join(dir, "reference_neo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var refs map[string]abfRef
	if err := json.Unmarshal(b, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) < 20 {
		t.Fatalf("reference_neo.json holds %d files", len(refs))
	}
	for name, ref := range refs {
		t.Run(name, func(t *testing.T) {
			r, err := Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.NumChannels() != len(ref.Channels) {
				t.Fatalf("%d channels, want %d", r.NumChannels(), len(ref.Channels))
			}
			for c, want := range ref.Channels {
				got := r.Channels[c]
				if math.Abs(got.Rate-ref.Rate) > 1e-6*ref.Rate {
					t.Errorf("channel %d: rate %v Hz, want %v", c, got.Rate, ref.Rate)
				}
				if normUnit(got.Unit) != normUnit(want.Units) {
					t.Errorf("channel %d: unit %q, want %q", c, got.Unit, want.Units)
				}
				// Neo drops blanks from names ("IN 0" -> "IN0").
				if w := strings.ReplaceAll(want.Name, " ", ""); w != "" && strings.ReplaceAll(got.Name, " ", "") != w {
					t.Errorf("channel %d: name %q, want %q", c, got.Name, want.Name)
				}
			}
			if r.NumSweeps() != len(ref.Sweeps) {
				t.Fatalf("%d sweeps, want %d", r.NumSweeps(), len(ref.Sweeps))
			}
			for k, sw := range ref.Sweeps {
				for c := range ref.Channels {
					tr, err := r.Trace(c, k)
					if err != nil {
						t.Fatal(err)
					}
					if len(tr.Data) != sw.N {
						t.Fatalf("channel %d sweep %d: %d samples, want %d", c, k, len(tr.Data), sw.N)
					}
					tol := 1e-4*math.Max(sw.Max[c]-sw.Min[c], 1e-9) + 1e-9
					lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
					for _, v := range tr.Data {
						lo, hi, sum = math.Min(lo, v), math.Max(hi, v), sum+v
					}
					for i, w := range sw.First[c] {
						if math.Abs(tr.Data[i]-w) > tol {
							t.Errorf("channel %d sweep %d: sample %d = %v, want %v", c, k, i, tr.Data[i], w)
						}
					}
					for _, x := range []struct {
						what      string
						got, want float64
					}{{"mean", sum / float64(len(tr.Data)), sw.Mean[c]}, {"min", lo, sw.Min[c]}, {"max", hi, sw.Max[c]}} {
						if math.Abs(x.got-x.want) > tol {
							t.Errorf("channel %d sweep %d: %s %v, want %v", c, k, x.what, x.got, x.want)
						}
					}
				}
			}
			if len(ref.Tags) > 0 {
				if len(r.Tags) != len(ref.Tags) {
					t.Fatalf("%d tags, want %d", len(r.Tags), len(ref.Tags))
				}
				for i, w := range ref.Tags {
					g := r.Tags[i]
					if math.Abs(g.Time-w.Time) > 1e-4 {
						t.Errorf("tag %d at %v s, want %v", i, g.Time, w.Time)
					}
					if nonGraphic.ReplaceAllString(g.Text, "") != nonGraphic.ReplaceAllString(w.Text, "") {
						t.Errorf("tag %d text %q, want %q", i, g.Text, w.Text)
					}
				}
			}
		})
	}
}

// TestABFPyABFValues checks pyABF's expectations: the first sample of sweep 0 per channel as
// Molecular Devices' ABFFIO.DLL computes it (printed to 5 decimals from float32), and pyABF's
// per-sweep point count, first and last values and standard deviation (float32 arithmetic).
func TestABFPyABFValues(t *testing.T) {
	dir := abfData(t)
	f, err := os.Open(filepath.Join(dir, "expectations", "pyABF_expected_values.txt"))
	if err != nil {
		t.Skipf("no pyABF expectations: %v", err)
	}
	defer f.Close()
	firstRe := regexp.MustCompile(`^(\S+) = \[(.*)\]$`)
	sweepRe := regexp.MustCompile(`^(\S+\.abf) SW(\d+) CH(\d+) = (\d+), (\S+), (\S+), (\S+)$`)
	open := map[string]*Recording{}
	defer func() {
		for _, r := range open {
			r.Close()
		}
	}()
	get := func(name string) *Recording {
		if r, ok := open[name]; ok {
			return r
		}
		r, err := Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		open[name] = r
		return r
	}
	// float32 values: half an ulp of float32 plus the 5-decimal rounding of the printout.
	near := func(got, want, extra float64) bool {
		return math.Abs(got-want) <= 1e-5+math.Abs(want)*(1.0/(1<<23))+extra
	}
	sc := bufio.NewScanner(f)
	firsts, sweeps := 0, 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := sweepRe.FindStringSubmatch(line); m != nil {
			r := get(m[1])
			sw, _ := strconv.Atoi(m[2])
			ch, _ := strconv.Atoi(m[3])
			n, _ := strconv.Atoi(m[4])
			first, _ := strconv.ParseFloat(m[5], 64)
			last, _ := strconv.ParseFloat(m[6], 64)
			std, _ := strconv.ParseFloat(m[7], 64)
			tr, err := r.Trace(ch, sw)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			if len(tr.Data) != n {
				t.Errorf("%s: %d points", line, len(tr.Data))
				continue
			}
			var s, s2 float64
			for _, v := range tr.Data {
				s += v
			}
			mean := s / float64(n)
			for _, v := range tr.Data {
				s2 += (v - mean) * (v - mean)
			}
			// pyABF's std is float32 arithmetic over the sweep: 1e-4 relative covers it.
			if !near(tr.Data[0], first, 0) || !near(tr.Data[n-1], last, 0) || math.Abs(math.Sqrt(s2/float64(n))-std) > 1e-4*std+1e-6 {
				t.Errorf("%s: got %d, %.8f, %.8f, %.8f", line, n, tr.Data[0], tr.Data[n-1], math.Sqrt(s2/float64(n)))
			}
			sweeps++
			continue
		}
		m := firstRe.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(line, "#") {
			continue
		}
		r := get(m[1] + ".abf")
		for c, v := range strings.Split(m[2], ",") {
			want, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			tr, err := r.Trace(c, 0)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			if !near(tr.Data[0], want, 5e-6) {
				t.Errorf("%s channel %d: first value %.6f, ABFFIO %.5f", m[1], c, tr.Data[0], want)
			}
			firsts++
		}
	}
	if firsts < 20 || sweeps < 100 {
		t.Errorf("checked %d first values and %d sweep summaries: the expectations file changed shape", firsts, sweeps)
	}
}

// TestABFDecodeMatchesReference compares the fast decoders with the plain loop, bit for bit, over
// strides (channel counts), lengths that cut the unrolled steps anywhere, and both sample formats.
func TestABFDecodeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]byte, 4*8*70)
	for i := range src {
		src[i] = byte(rng.Uint32())
	}
	for _, float := range []bool{false, true} {
		size := 2
		if float {
			size = 4
		}
		for stride := 1; stride <= 8; stride++ {
			for n := 0; n <= 70; n++ {
				need := 0
				if n > 0 {
					need = (n-1)*stride*size + size
				}
				got, want := make([]float64, n), make([]float64, n)
				abfDecode(got, src[:need], stride, float, 0.030517578125, -1.25)
				abfDecodeRef(want, src[:need], stride, float, 0.030517578125, -1.25)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
						t.Fatalf("float %v stride %d n %d: sample %d = %v, reference %v", float, stride, n, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestABFFilesFastVsReference reads every sweep of every shared file through Trace (the chunked
// fast path) and through the reference decoder over the whole sweep block, and wants the same bits.
// It also reads windows at odd offsets with ReadSamples.
func TestABFFilesFastVsReference(t *testing.T) {
	dir := abfData(t)
	names, _ := filepath.Glob(filepath.Join(dir, "*.abf"))
	for _, name := range names {
		r, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		src := r.src.(*abfSource)
		ss := src.sampleSize()
		for sw := range r.Sweeps {
			s := src.sweeps[sw]
			block := make([]byte, int64(s.n)*int64(src.nch)*int64(ss))
			if _, err := src.ra.ReadAt(block, s.off); err != nil {
				t.Fatal(err)
			}
			for c := range r.Channels {
				tr, err := r.Trace(c, sw)
				if err != nil {
					t.Fatal(err)
				}
				want := make([]float64, s.n)
				abfDecodeRef(want, block[c*ss:], src.nch, src.float, src.gain[c], src.offset[c])
				for i := range want {
					if math.Float64bits(tr.Data[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s channel %d sweep %d sample %d: %v, reference %v", filepath.Base(name), c, sw, i, tr.Data[i], want[i])
					}
				}
				if sw == 0 && s.n > 10 {
					off, n := s.n/3+1, min(s.n-s.n/3-1, 70001)
					win := make([]float64, n)
					if _, err := r.ReadSamples(win, c, sw, off); err != nil {
						t.Fatal(err)
					}
					for i := range win {
						if win[i] != tr.Data[off+i] {
							t.Fatalf("%s: window sample %d differs", filepath.Base(name), off+i)
						}
					}
				}
			}
		}
		r.Close()
		if _, err := r.Trace(0, 0); !errors.Is(err, ErrClosed) {
			t.Errorf("Trace after Close: %v, want ErrClosed", err)
		}
	}
}

// TestABFConcurrent reads one recording from several goroutines (run with -race).
func TestABFConcurrent(t *testing.T) {
	dir := abfData(t)
	r, err := Open(filepath.Join(dir, "pclamp11_4ch.abf"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want, _ := r.Trace(2, 3)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := r.Trace(2, 3)
				if err != nil {
					t.Error(err)
					return
				}
				for j := range got.Data {
					if got.Data[j] != want.Data[j] {
						t.Error("concurrent reads differ")
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestABFMetadata spot-checks what the reader takes from the header beyond the samples.
func TestABFMetadata(t *testing.T) {
	dir := abfData(t)
	r, err := Open(filepath.Join(dir, "2018_11_16_sh_0006.abf"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Format != FormatABF2 || r.Version != "2.6" || r.Mode != "episodic" || r.Protocol != "0201 memtest" {
		t.Errorf("format %q version %q mode %q protocol %q", r.Format, r.Version, r.Mode, r.Protocol)
	}
	// 60 sweeps every 5 s (synch starts 400000 × 12.5 µs).
	if got := r.Sweeps[1].Start; math.Abs(got-5) > 1e-12 {
		t.Errorf("sweep 2 starts at %v s, want 5", got)
	}
	if len(r.DACs) == 0 || r.DACs[0].Unit != "mV" {
		t.Errorf("DACs %+v", r.DACs)
	}
	if len(r.Header) == 0 {
		t.Error("no header fields")
	}
	// ABFInfo: nTelegraphEnable[0] = 1, fTelegraphFilter[0] = 2000; the signal conditioner's
	// filters are not in the path (filter types 0).
	if c := r.Channels[0]; c.LowpassHz != 2000 || c.HighpassHz != 0 {
		t.Errorf("filters %v Hz low-pass, %v Hz high-pass, want 2000 and 0", c.LowpassHz, c.HighpassHz)
	}
	if len(r.Epochs) != 1 || r.Epochs[0].Level != -80 || r.Epochs[0].Duration != 0.05 {
		t.Errorf("epochs %+v, want one 50 ms step to -80 mV", r.Epochs)
	}

	r1, err := Open(filepath.Join(dir, "130618-1-12.abf"))
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	if r1.Format != FormatABF1 || r1.Version != "1.3" || r1.NumSweeps() != 3 {
		t.Errorf("ABF 1.3: format %q version %q sweeps %d", r1.Format, r1.Version, r1.NumSweeps())
	}

	r7, err := Open(filepath.Join(dir, "File_axon_7.abf"))
	if err != nil {
		t.Fatal(err)
	}
	defer r7.Close()
	if got := r7.Channels[0].Rate; got != 1e6/2480 {
		t.Errorf("File_axon_7 rate %v, want 1e6/2480 = 403.2258…", got)
	}
}

// ------------------------------------------------------------------------- synthetic hostile headers

// synthABF2 builds a minimal valid ABF2 file: one int16 channel, gap-free, n samples.
func synthABF2(n int) []byte {
	b := make([]byte, 4*abfBlock+2*n)
	copy(b, "ABF2")
	b[7], b[6] = 2, 9
	le := binary.LittleEndian
	sec := func(i int, block, size uint32, count int64) {
		le.PutUint32(b[76+16*i:], block)
		le.PutUint32(b[80+16*i:], size)
		le.PutUint64(b[84+16*i:], uint64(count))
	}
	sec(0, 1, 512, 1) // protocol
	sec(1, 2, 128, 1) // ADC
	sec(9, 3, 64, 1)  // strings
	sec(10, 4, 2, int64(n))
	p := b[abfBlock:]
	le.PutUint16(p[0:], 3)
	le.PutUint32(p[2:], math.Float32bits(100)) // 10 kHz
	le.PutUint32(p[110:], math.Float32bits(10))
	le.PutUint32(p[118:], 32768)
	a := b[2*abfBlock:]
	le.PutUint32(a[28:], math.Float32bits(1))
	le.PutUint32(a[40:], math.Float32bits(0.01))
	le.PutUint32(a[48:], math.Float32bits(1))
	le.PutUint32(a[74:], 2)
	le.PutUint32(a[78:], 3)
	s := b[3*abfBlock:]
	copy(s, "SSCH")
	copy(s[44:], "Clampex\x00IN 0\x00pA\x00")
	for i := 0; i < n; i++ {
		le.PutUint16(b[4*abfBlock+2*i:], uint16(int16(i-n/2)))
	}
	return b
}

func TestABFSynthetic(t *testing.T) {
	b := synthABF2(1000)
	r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ".abf")
	if err != nil {
		t.Fatal(err)
	}
	if r.Channels[0].Name != "IN 0" || r.Channels[0].Unit != "pA" || r.Channels[0].Rate != 10000 {
		t.Errorf("channel %+v", r.Channels[0])
	}
	tr, err := r.Trace(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 10 V / 0.01 V/pA / 32768 counts.
	if want := -500 * 10 / float64(float32(0.01)) / 32768; math.Abs(tr.Data[0]-want) > 1e-9 || len(tr.Data) != 1000 {
		t.Errorf("first sample %v of %d, want %v of 1000", tr.Data[0], len(tr.Data), want)
	}

	le := binary.LittleEndian
	cases := []struct {
		name string
		edit func(b []byte) []byte
	}{
		{"truncated data", func(b []byte) []byte { return b[:len(b)-7] }},
		{"truncated header", func(b []byte) []byte { return b[:300] }},
		{"2^31 samples", func(b []byte) []byte { le.PutUint64(b[84+160:], 1<<31); return b }},
		{"negative samples", func(b []byte) []byte { le.PutUint64(b[84+160:], 1<<63); return b }},
		{"no channels", func(b []byte) []byte { le.PutUint64(b[84+16:], 0); return b }},
		{"1e9 channels", func(b []byte) []byte { le.PutUint64(b[84+16:], 1e9); return b }},
		{"zero interval", func(b []byte) []byte { le.PutUint32(b[abfBlock+2:], 0); return b }},
		{"NaN interval", func(b []byte) []byte { le.PutUint32(b[abfBlock+2:], 0x7fc00000); return b }},
		{"protocol beyond the file", func(b []byte) []byte { le.PutUint32(b[76:], 1<<30); return b }},
		{"huge entry size", func(b []byte) []byte { le.PutUint32(b[80+16:], 1<<31); return b }},
		{"synch array of 2^40", func(b []byte) []byte {
			le.PutUint32(b[76+16*15:], 3)
			le.PutUint32(b[80+16*15:], 8)
			le.PutUint64(b[84+16*15:], 1<<40)
			return b
		}},
		{"mode 9", func(b []byte) []byte { le.PutUint16(b[abfBlock:], 9); return b }},
		{"major version 3", func(b []byte) []byte { b[7] = 3; return b }},
		{"zero resolution", func(b []byte) []byte { le.PutUint32(b[abfBlock+118:], 0); return b }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.edit(synthABF2(1000))
			r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ".abf")
			if err == nil {
				_, err = r.Trace(0, 0)
			}
			var fe *FormatError
			var ue *UnsupportedError
			if !errors.As(err, &fe) && !errors.As(err, &ue) {
				t.Fatalf("error %v (%T), want *FormatError or *UnsupportedError", err, err)
			}
			if strings.HasPrefix(c.name, "truncated") && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("%v does not wrap io.ErrUnexpectedEOF", err)
			}
		})
	}
}

// FuzzABF feeds mutated headers to the reader: it must not panic, and every error it returns for
// the content must be typed.
func FuzzABF(f *testing.F) {
	f.Add(synthABF2(64))
	f.Add(synthABF2(3)[:600])
	names, _ := filepath.Glob(filepath.Join(abfDir, "*.abf"))
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		// The header and the first data blocks; the rest of a file only adds length.
		f.Add(b[:min(len(b), 16<<10)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ".abf")
		if err != nil {
			var fe *FormatError
			var ue *UnsupportedError
			if !errors.As(err, &fe) && !errors.As(err, &ue) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		for c := range r.Channels {
			for sw := range min(len(r.Sweeps), 4) {
				if _, err := r.Trace(c, sw); err != nil {
					var fe *FormatError
					if !errors.As(err, &fe) {
						t.Fatalf("Trace: untyped error %T: %v", err, err)
					}
				} else {
					readsEverySample(t, r, c, sw)
				}
			}
		}
	})
}

// ----------------------------------------------------------------------------------------- benchmarks

// BenchmarkABFRead reads every sweep of every channel of the three files the perf check uses, as
// float64 through Open + Trace (fast path), against the same reads decoded by the plain loop.
func BenchmarkABFRead(b *testing.B) {
	abfData(b)
	for _, name := range []string{"File_axon_1.abf", "multichannelAbf1WithTags.abf", "2018_11_16_sh_0006.abf"} {
		path := filepath.Join(abfDir, name)
		st, err := os.Stat(path)
		if err != nil {
			b.Skip(err)
		}
		b.Run(name+"/fast", func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for b.Loop() {
				r, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				for c := range r.Channels {
					for sw := range r.Sweeps {
						if _, err := r.Trace(c, sw); err != nil {
							b.Fatal(err)
						}
					}
				}
				r.Close()
			}
		})
		b.Run(name+"/reference", func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for b.Loop() {
				r, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				src := r.src.(*abfSource)
				ss := src.sampleSize()
				for c := range r.Channels {
					for sw := range r.Sweeps {
						s := src.sweeps[sw]
						block := make([]byte, s.n*src.nch*ss)
						if _, err := src.ra.ReadAt(block, s.off); err != nil {
							b.Fatal(err)
						}
						dst := make([]float64, s.n)
						abfDecodeRef(dst, block[c*ss:], src.nch, src.float, src.gain[c], src.offset[c])
					}
				}
				r.Close()
			}
		})
	}
}

// BenchmarkABFDecode is the decode kernel alone on 64 Ki int16 samples, one and two channels.
func BenchmarkABFDecode(b *testing.B) {
	const n = 1 << 16
	for _, stride := range []int{1, 2} {
		src := make([]byte, 2*n*stride)
		for i := range src {
			src[i] = byte(i * 7)
		}
		dst := make([]float64, n)
		b.Run("fast/ch"+strconv.Itoa(stride), func(b *testing.B) {
			b.SetBytes(2 * n)
			for b.Loop() {
				abfDecode(dst, src, stride, false, 0.03, 1)
			}
		})
		b.Run("reference/ch"+strconv.Itoa(stride), func(b *testing.B) {
			b.SetBytes(2 * n)
			for b.Loop() {
				abfDecodeRef(dst, src, stride, false, 0.03, 1)
			}
		})
	}
}

// zeroTail reads as b followed by zeros up to size: a large sparse file without the disk.
type zeroTail struct {
	b    []byte
	size int64
}

func (z zeroTail) ReadAt(p []byte, off int64) (int, error) {
	if off >= z.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), z.size-off))
	clear(p[:n])
	if off < int64(len(z.b)) {
		copy(p[:n], z.b[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// An ABF whose tag section claims more tags than MaxTags is refused before anything is allocated
// for them (issue 16: 16 M tags ran out of memory); tags within the limit are read in chunks.
func TestABFTagSection(t *testing.T) {
	const n = 1000
	withTags := func(count int64) zeroTail {
		b := synthABF2(n)
		tagBlock := int64(len(b)+abfBlock-1) / abfBlock
		le := binary.LittleEndian
		le.PutUint32(b[76+16*11:], uint32(tagBlock))
		le.PutUint32(b[80+16*11:], abfTagSize)
		le.PutUint64(b[84+16*11:], uint64(count))
		b = append(b, make([]byte, tagBlock*abfBlock-int64(len(b)))...)
		for i := range min(count, 3000) {
			tag := make([]byte, abfTagSize)
			le.PutUint32(tag, uint32(10*i))
			copy(tag[4:], fmt.Sprintf("tag %d", i))
			b = append(b, tag...)
		}
		return zeroTail{b, tagBlock*abfBlock + count*abfTagSize}
	}
	z := withTags(MaxTags + 1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := OpenReader(z, z.size, ".abf")
	runtime.ReadMemStats(&after)
	var ue *UnsupportedError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "tags") {
		t.Errorf("%d tags: %v, want an UnsupportedError naming the limit", MaxTags+1, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing %d tags allocated %d bytes", MaxTags+1, alloc)
	}

	z = withTags(3000) // more than one chunk of 2048
	r, err := OpenReader(z, z.size, ".abf")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tags) != 3000 {
		t.Fatalf("%d tags, want 3000", len(r.Tags))
	}
	for _, i := range []int{0, 2047, 2048, 2999} {
		// Synch counts are samples of all channels at 10 kHz (fSynchTimeUnit 0): 10·i samples.
		if tg := r.Tags[i]; tg.Text != fmt.Sprintf("tag %d", i) || math.Abs(tg.Time-float64(i)/1000) > 1e-12 {
			t.Errorf("tag %d: %+v", i, tg)
		}
	}
}
