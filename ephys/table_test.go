package ephys

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refTable is the test's own reading of a CSV table with encoding/csv, the way check_formats.py reads
// it: time column time_s or time_ms, `sweep <k>` columns grouped by name and unit.
type refTable struct {
	rate, t0 float64
	whole    float64  // the nearest whole Hz when it reproduces every printed stamp to its last digit, else 0
	names    []string // per channel
	units    []string
	sweeps   [][][]float64
}

func readRefTable(t *testing.T, b []byte) refTable {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	scale := map[string]float64{"time_s": 1, "time_ms": 1e-3}[strings.TrimSpace(rows[0][0])]
	if scale == 0 {
		t.Fatalf("reference reader: time column %q", rows[0][0])
	}
	n := len(rows) - 1
	first, _ := strconv.ParseFloat(rows[1][0], 64)
	last, _ := strconv.ParseFloat(rows[n][0], 64)
	ref := refTable{rate: float64(n-1) / ((last - first) * scale), t0: first * scale}
	// DESIGN.md: the nearest whole Hz wins where it reproduces every time stamp to the precision it is
	// printed with. Checked here stamp by stamp against the grid through the first stamp, whose own
	// rounding is allowed for by a full unit of the last digit instead of half.
	ref.whole = math.Round(ref.rate)
	for i, row := range rows[1:] {
		v, _ := strconv.ParseFloat(row[0], 64)
		dec := 0
		if j := strings.IndexByte(row[0], '.'); j >= 0 {
			dec = len(row[0]) - j - 1
		}
		if math.Abs(v-(first+float64(i)/(ref.whole*scale))) > math.Pow10(-dec)*(1+1e-9) {
			ref.whole = 0
			break
		}
	}
	re := regexp.MustCompile(`^(.*?)\s*(?:sweep\s+(\d+))?\s*\(([^()]*)\)\s*$`)
	index := map[string]int{}
	for k, h := range rows[0][1:] {
		m := re.FindStringSubmatch(strings.TrimSpace(h))
		var col []float64
		for _, r := range rows[1:] {
			if v := strings.TrimSpace(r[k+1]); v != "" {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				col = append(col, x)
			}
		}
		key := m[1] + "\x00" + m[3]
		if c, ok := index[key]; ok && m[2] != "" {
			ref.sweeps[c] = append(ref.sweeps[c], col)
			continue
		}
		if m[2] != "" {
			index[key] = len(ref.names)
		}
		ref.names = append(ref.names, m[1])
		ref.units = append(ref.units, m[3])
		ref.sweeps = append(ref.sweeps, [][]float64{col})
	}
	return ref
}

func TestTableSharedData(t *testing.T) {
	files := append(sharedFiles(t, "ncs", "*.csv"), sharedFiles(t, "ach", "*.csv")...)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ref := readRefTable(t, b)
		r, err := Open(p)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		name := filepath.Base(p)
		if r.NumChannels() != len(ref.names) || r.NumSweeps() != len(ref.sweeps[0]) {
			t.Errorf("%s: %d × %d, reference %d × %d", name, r.NumChannels(), r.NumSweeps(), len(ref.names), len(ref.sweeps[0]))
			continue
		}
		for c, ch := range r.Channels {
			// The rate may be snapped to 12 digits when the span only carries float noise, or to whole Hz.
			if ch.Name != ref.names[c] || ch.Unit != ref.units[c] || math.Abs(ch.Rate-ref.rate) > 1e-11*ref.rate && ch.Rate != ref.whole {
				t.Errorf("%s channel %d: %q %q %v Hz, reference %q %q %v", name, c, ch.Name, ch.Unit, ch.Rate, ref.names[c], ref.units[c], ref.rate)
			}
			for s, want := range ref.sweeps[c] {
				tr, err := r.Trace(c, s)
				if err != nil {
					t.Fatal(err)
				}
				if len(tr.Data) != len(want) || tr.Start != ref.t0 {
					t.Fatalf("%s channel %d sweep %d: %d samples from %v s, reference %d from %v", name, c, s, len(tr.Data), tr.Start, len(want), ref.t0)
				}
				for i := range want {
					if tr.Data[i] != want[i] { // the same decimal text parsed: identical
						t.Fatalf("%s channel %d sweep %d sample %d: %v, reference %v", name, c, s, i, tr.Data[i], want[i])
					}
				}
			}
		}
		r.Close()
	}
}

// The convert contract, to the byte.
func TestTableWriteContract(t *testing.T) {
	r := NewRecording([]Channel{{Name: "APB", Unit: "mV", Rate: 4}, {Unit: "nA", Rate: 4}},
		[]Sweep{{Start: 0, Zero: 0.5}, {Start: 1, Zero: 0.5}},
		[][][]float64{{{1, 2, 3}, {0.1, -0.2}}, {{1e-7, 5, 6}, {7, 8, 9}}})
	want := "time_s,APB sweep 1 (mV),APB sweep 2 (mV),ch2 sweep 1 (nA),ch2 sweep 2 (nA)\n" +
		"-0.5,1,0.1,1e-07,7\n" +
		"-0.25,2,-0.2,5,8\n" +
		"0,3,,6,9\n"
	if got := string(encode(t, r, FormatCSV)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	one := NewRecording([]Channel{{Name: "I_M", Unit: "nA", Rate: 1000}}, nil, [][][]float64{{{1.5, 2.25}}})
	if got := string(encode(t, one, FormatCSV)); got != "time_s,I_M (nA)\n0,1.5\n0.001,2.25\n" {
		t.Errorf("one sweep: %q", got)
	}
	// Sweeps with different time zeros: time from each sweep's start.
	r.Sweeps[1].Zero = 0.25
	if got := string(encode(t, r, FormatCSV)); !strings.Contains(got, "\n0,1,0.1,") {
		t.Errorf("different zeros: %q", got)
	}
}

func TestTableRoundTrip(t *testing.T) {
	r := synthRecording(3, 4, 500, 48000)
	r.Channels[1].Name = "I, clamped \"x\"" // a separator and quotes in a title
	// A shorter sweep and a NaN.
	d := r.src.(memSource)
	d[2][3] = d[2][3][:321]
	d[0][1][7] = math.NaN()
	for _, f := range []Format{FormatCSV, FormatTSV} {
		got := memRecording(t, encode(t, r, f), "")
		checkExactRoundTrip(t, string(f), r, got)
	}
}

// checkExactRoundTrip compares recordings that must agree exactly: text formats write the shortest
// decimal that reads back to the same float64.
func checkExactRoundTrip(t *testing.T, what string, want, got *Recording) {
	t.Helper()
	if got.NumChannels() != want.NumChannels() || got.NumSweeps() != want.NumSweeps() {
		t.Fatalf("%s: %d × %d, want %d × %d", what, got.NumChannels(), got.NumSweeps(), want.NumChannels(), want.NumSweeps())
	}
	for c, ch := range want.Channels {
		g := got.Channels[c]
		if g.Name != ch.Name || g.Unit != ch.Unit || g.Rate != ch.Rate {
			t.Errorf("%s channel %d: %q %q %v, want %q %q %v", what, c, g.Name, g.Unit, g.Rate, ch.Name, ch.Unit, ch.Rate)
		}
	}
	for s := range want.Sweeps {
		if got.Sweeps[s].Zero != want.Sweeps[s].Zero {
			t.Errorf("%s sweep %d: zero %v, want %v", what, s, got.Sweeps[s].Zero, want.Sweeps[s].Zero)
		}
	}
	wt, gt := traces(t, want), traces(t, got)
	for c := range wt {
		for s := range wt[c] {
			w, g := wt[c][s].Data, gt[c][s].Data
			if len(w) != len(g) {
				t.Fatalf("%s channel %d sweep %d: %d samples, want %d", what, c, s, len(g), len(w))
			}
			for i := range w {
				if g[i] != w[i] && !(math.IsNaN(g[i]) && math.IsNaN(w[i])) {
					t.Fatalf("%s channel %d sweep %d sample %d: %v, want %v", what, c, s, i, g[i], w[i])
				}
			}
		}
	}
}

func TestTableTolerates(t *testing.T) {
	for name, text := range map[string]string{
		"bom crlf":      "\ufefftime_ms,x (mV)\r\n0,1\r\n0.5,2\r\n1,3\r\n\r\n\r\n",
		"quoted":        "\"Time (s)\",\"x, y (mV)\"\n0,1\n0.0005,2\n0.001,3\n",
		"t (ms)":        "t (ms);x (mV)\n0;1\n0.5;2\n1;3\n",
		"time [s]":      "# exported\ntime [s],x (mV)\n0,1\n0.0005,2\n0.001,3\n",
		"trailing sep":  "time_s,x (mV),\n0,1,\n0.0005,2,\n0.001,3,\n",
		"rounded times": "time_ms,x (mV)\n0.000000,1\n0.333333,2\n0.666667,3\n1.000000,4\n",
	} {
		sep := byte(',')
		if name == "t (ms)" {
			sep = ';'
		}
		r, err := readTable([]byte(text), sep)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Channels[0].Rate != 2000 && name != "rounded times" || name == "rounded times" && r.Channels[0].Rate != 3000 {
			t.Errorf("%s: rate %v", name, r.Channels[0].Rate)
		}
		if strings.HasPrefix(name, "quoted") && r.Channels[0].Name != "x, y" {
			t.Errorf("%s: name %q", name, r.Channels[0].Name)
		}
	}
}

func TestTableErrors(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"not a number":   {"time_s,x (mV)\n0,1\n0.001,abc\n", "line 3, column 2"},
		"infinite":       {"time_s,x (mV)\n0,1\n0.001,Inf\n", "line 3, column 2"},
		"no time":        {"volts,x (mV)\n0,1\n1,2\n", "no time column"},
		"no unit":        {"time,x (mV)\n0,1\n1,2\n", "no time column"},
		"backwards":      {"time_s,x (mV)\n0.2,1\n0.1,2\n", "line 3: time"},
		"repeated time":  {"time_s,x (mV)\n0,1\n0,2\n", "does not increase"},
		"uneven":         {"time_s,x (mV)\n0,1\n0.001,2\n0.005,3\n", "not evenly sampled: data row 2"},
		"gap":            {"time_s,x (mV)\n0,1\n0.001,\n0.002,3\n", "after an empty cell"},
		"ragged":         {"time_ms,a (mV),b (mV)\n0,1\n0.05,1,2,3\n", "more than the header"},
		"header only":    {"time_s,a (mV)\n", "rows of data"},
		"one row":        {"time_s,a (mV)\n0,1\n", "1 row of data"},
		"only time":      {"time_s\n0\n1\n", "header row has 1 column"},
		"mixed sweeps":   {"time_s,a sweep 1 (mV),a sweep 2 (mV),b (mV)\n0,1,2,3\n1,1,2,3\n", "different numbers of sweeps"},
		"time not first": {"x (mV),time_s\n1,0\n2,1\n", "no time column"},
	} {
		_, err := readTable([]byte(tc.text), ',')
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
	// Writer: channels at different rates share no time column.
	r := NewRecording([]Channel{{Name: "a", Rate: 1000}, {Name: "b", Rate: 500}}, nil, [][][]float64{{{1}}, {{1}}})
	var ue *UnsupportedError
	if err := Write(io.Discard, r, FormatCSV); err == nil || !asUnsupported(err, &ue) {
		t.Errorf("different rates: %v, want an UnsupportedError", err)
	}
}

func asUnsupported(err error, ue **UnsupportedError) bool {
	u, ok := err.(*UnsupportedError)
	*ue = u
	return ok
}

func BenchmarkTableRead(b *testing.B) {
	r := synthRecording(2, 10, 5000, 20000) // 20 columns × 5000 rows, about 2 MB
	enc := encode(b, r, FormatCSV)
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readTable(enc, ','); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTableWrite(b *testing.B) {
	r := synthRecording(2, 10, 5000, 20000)
	n := len(encode(b, r, FormatCSV))
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r, FormatCSV); err != nil {
			b.Fatal(err)
		}
	}
}

// A table with more numbers than the budget is refused before it is kept, with an error that says
// why; one within the budget reads. (The budget is MaxTextValues in Open; here a small one.)
func TestTableValueBudget(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "%d,%d,%d\n", i, i, -i)
	}
	read := func(budget int) error {
		g := &gridReader{f: FormatCSV, sep: ',', timeScale: 1, specs: []colSpec{{name: "a", unit: "mV"}, {name: "b", unit: "mV"}}, maxValues: budget}
		_, err := g.read(textLines(FormatCSV, []byte(b.String())))
		return err
	}
	if err := read(18); err != nil {
		t.Errorf("6 rows × 3 columns within a budget of 18: %v", err)
	}
	var ue *UnsupportedError
	if err := read(17); !errors.As(err, &ue) || !strings.Contains(err.Error(), "at most 17 numbers") {
		t.Errorf("6 rows × 3 columns over a budget of 17: %v, want an UnsupportedError naming the budget", err)
	}
}

// failingReaderAt serves b but fails every read that reaches past good bytes.
type failingReaderAt struct {
	b    []byte
	good int64
}

var errDisk = errors.New("disk error")

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.good {
		n := max(0, int(f.good-off))
		copy(p, f.b[off:off+int64(n)])
		return n, errDisk
	}
	return copy(p, f.b[off:]), nil
}

// The line reader streams the text through a small buffer: lines longer than the buffer, a last line
// without a line end, CRLF, a byte-order mark and the count of the lines ahead must come out as they
// would from the text held whole; a read error must end the parse with that error, not a short table.
func TestLineReaderStreams(t *testing.T) {
	const cols = 9000 // a header and rows of ~50 KiB to ~100 KiB, longer than the 64 KiB buffer
	var b strings.Builder
	b.WriteString("\xef\xbb\xbftime_s")
	for k := range cols {
		fmt.Fprintf(&b, ",c%d (mV)", k)
	}
	b.WriteString("\r\n")
	for i := range 4 {
		fmt.Fprintf(&b, "%g", float64(i)/1000)
		for k := range cols {
			fmt.Fprintf(&b, ",%d.5", (k*7+i)%1000)
		}
		if i < 3 {
			b.WriteString("\r\n")
		}
	}
	text := []byte(b.String())
	lr := textLines(FormatCSV, text)
	if _, ok := lr.next(); !ok {
		t.Fatal("no header line")
	}
	if n, err := lr.restLines(); n != 4 || err != nil {
		t.Errorf("restLines after the header: %d, %v; want 4 (the last without a line end)", n, err)
	}
	r, err := OpenReader(bytes.NewReader(text), int64(len(text)), ".csv")
	if err != nil {
		t.Fatal(err)
	}
	if r.NumChannels() != cols || r.Channels[0].Name != "c0" || r.Channels[0].Rate != 1000 {
		t.Fatalf("%d channels, first %+v; want %d, c0 at 1000 Hz", r.NumChannels(), r.Channels[0], cols)
	}
	tr, err := r.Trace(cols-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, 4)
	for i := range want {
		want[i] = float64(((cols-1)*7+i)%1000) + 0.5
	}
	if diff := cmp.Diff(want, tr.Data); diff != "" {
		t.Errorf("last column (-want +got):\n%s", diff)
	}
	// A disk error in the middle of the rows.
	bad := failingReaderAt{b: text, good: int64(len(text)) - 1000}
	if _, err := OpenReader(bad, int64(len(text)), ".csv"); !errors.Is(err, errDisk) {
		t.Errorf("read error after the header: %v, want the disk error", err)
	}
	// A line longer than maxLineBytes.
	long := append([]byte("time_s,a (mV)\n0,"), bytes.Repeat([]byte{'1'}, maxLineBytes+10)...)
	var fe *FormatError
	if _, err := readTable(long, ','); !errors.As(err, &fe) || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("a %d-byte line: %v, want a FormatError saying it is too long", maxLineBytes+12, err)
	}
}

// A time column that skips a row is refused, naming the first row after the gap (issue 16: a 1 kHz
// column printed in ms with row 500 missing was read at 999 Hz, every later sample shifted).
func TestTableGapRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("time_s,a (mV)\n")
	for i := range 1001 {
		if i != 500 {
			fmt.Fprintf(&b, "%.3f,%d\n", float64(i)/1000, i%7)
		}
	}
	_, err := readTable([]byte(b.String()), ',')
	if err == nil || !strings.Contains(err.Error(), "not evenly sampled") || !strings.Contains(err.Error(), "data row 501 (time 0.501)") {
		t.Errorf("row 500 missing: %v, want an error naming data row 501", err)
	}
	// A repeated row, and a skipped row near the start of a short column, likewise.
	for name, text := range map[string]string{
		"repeated": "time_ms,a (mV)\n0,1\n1,1\n2,1\n2,1\n3,1\n",
		"skipped":  "time_s,a (mV)\n0.000,1\n0.001,1\n0.003,1\n0.004,1\n0.005,1\n0.006,1\n",
	} {
		if _, err := readTable([]byte(text), ','); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Issue 22 (DESIGN.md): the rate snaps to whole hertz where that reproduces every stamp to the
// precision it is printed with; otherwise the span's rate stands.
func TestTableWholeHertz(t *testing.T) {
	col := func(n int, stamp func(i int) string) string {
		var b strings.Builder
		b.WriteString("time_ms,a (mV)\n")
		for i := range n {
			fmt.Fprintf(&b, "%s,%d\n", stamp(i), i%5)
		}
		return b.String()
	}
	for _, c := range []struct {
		name string
		text string
		want float64
	}{
		// A 30 kHz export printed in 0.0333 ms steps: the span gives 29999.87 Hz.
		{"30 kHz in 0.0333 ms", col(3000, func(i int) string { return fmt.Sprintf("%.4f", float64(i)/30) }), 30000},
		// 1/3 ms printed to 6 decimals, from a negative start.
		{"3 kHz from -5 ms", col(100, func(i int) string { return fmt.Sprintf("%.6f", -5+float64(i)/3) }), 3000},
		// 0.00248 s steps (403.2258… Hz, as an ABF states it) printed exactly: no whole rate fits.
		{"2.48 ms", col(50, func(i int) string { return strconv.FormatFloat(float64(i)*2.48, 'f', -1, 64) }), 1 / 0.00248},
	} {
		r, err := readTable([]byte(c.text), ',')
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := r.Channels[0].Rate; got != c.want {
			t.Errorf("%s: %v Hz, want %v", c.name, got, c.want)
		}
	}
}

// Issue 22 (DESIGN.md): units as "name (mV)", "name [mV]" or "name_mV"; a header behind "#".
func TestTableTitles(t *testing.T) {
	text := "# exported by a rig\n# Time [ms], amp_mV, EMG_A, force [mN], APB [uV], Stim (%)\n" +
		"0, 1, 2, 3, 4, 5\n0.5, 1, 2, 3, 4, 5\n1, 1, 2, 3, 4, 5\n"
	r, err := OpenReader(strings.NewReader(text), int64(len(text)), ".csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range r.Channels {
		got = append(got, c.Name+"|"+c.Unit)
	}
	want := []string{"amp|mV", "EMG_A|", "force|mN", "APB|uV", "Stim|%"}
	if !cmp.Equal(got, want) || r.Channels[0].Rate != 2000 {
		t.Errorf("channels %q at %v Hz, want %q at 2000 Hz", got, r.Channels[0].Rate, want)
	}
	if c := parseDataTitle("APB_uV ()"); c.name != "APB_uV" || c.unit != "" {
		t.Errorf("\"APB_uV ()\" read as %+v: empty parentheses say there is no unit", c)
	}
	sw := "time_s,APB sweep 1 [uV],APB sweep 2 [uV],APB_uV sweep 3,APB sweep 4_uV\n0,1,2,3,4\n0.001,1,2,3,4\n"
	if r, err := readTable([]byte(sw), ','); err != nil || r.NumChannels() != 1 || r.NumSweeps() != 4 || r.Channels[0].Unit != "uV" {
		t.Errorf("sweep columns with units in brackets and after _: %v", err)
	}
}

// A CSV that mentions M-SCAN (a title, a comment) is a table, not a Qtrac scan (issue 16).
func TestDetectMSCANInTable(t *testing.T) {
	for _, text := range []string{
		"time_ms,M-SCAN response (mV)\n0,1\n1,2\n",
		"# M-SCAN export\ntime_ms,x (mV)\n0,1\n1,2\n",
		"time_ms,x (mV)\n0,1\n1,2\n# MS.1 was the first\n",
	} {
		if f := Detect([]byte(text), ".csv"); f != FormatCSV {
			t.Errorf("Detect(%q) = %q, want csv", text, f)
		}
	}
}

// Sweeps whose zeros differ by float noise share one time column (issue 16: zeros were compared with
// !=, and a CSV written from an EDF+D lost its stimulus zero); CSV sweep starts are exact.
func TestTableSweepZeros(t *testing.T) {
	var b strings.Builder
	b.WriteString("time_ms")
	for k := range 14 {
		fmt.Fprintf(&b, ",APB sweep %d (mV)", k+1)
	}
	b.WriteString("\n")
	for i := range 50 {
		fmt.Fprintf(&b, "%d", i-5) // 1 kHz from -5 ms
		for k := range 14 {
			fmt.Fprintf(&b, ",%d", (i*k)%11)
		}
		b.WriteString("\n")
	}
	r, err := readTable([]byte(b.String()), ',')
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Sweeps[13].Start; got != 0.65 {
		t.Errorf("sweep 14 starts at %v s, want 0.65", got)
	}
	// Through EDF+D and back, every sweep keeps its zero exactly (the writer adds start and zero as
	// decimals: 0.1 + 0.005 written as 0.10500000000000001 read back as 0.00500000000000001).
	edf := memRecording(t, encode(t, r, FormatEDFD), ".edf")
	for k, s := range edf.Sweeps {
		if s.Zero != 0.005 {
			t.Errorf("EDF+D sweep %d: zero %v s, want 0.005", k+1, s.Zero)
		}
	}
	// Zeros as float64 onset arithmetic leaves them: 0.10500000000000001 − 0.1.
	r.Sweeps[2].Zero = 0.00500000000000001
	r.Sweeps[4].Zero = 0.00500000000000002
	back, err := readTable(encode(t, r, FormatCSV), ',')
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range back.Sweeps {
		if s.Zero != 0.005 {
			t.Errorf("CSV again, sweep %d: zero %v s, want 0.005", k+1, s.Zero)
		}
	}
}

// The time zero comes from the first stamp's decimal text, converted to seconds once: a column from
// −2.1 ms puts the stimulus 0.0021 s after the first sample, not 0.0021000000000000003 (−2.1 × 1e-3).
func TestTableZeroExact(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"time_ms,a (mV)\n-2.1,1\n-2.0,2\n-1.9,3\n", 0.0021},
		{"time_us,a (mV)\n-2100,1\n-2000,2\n-1900,3\n", 0.0021},
		{"time_s,a (mV)\n-0.0021,1\n-0.0020,2\n-0.0019,3\n", 0.0021},
	} {
		r, err := readTable([]byte(c.text), ',')
		if err != nil {
			t.Fatal(err)
		}
		if z := r.Sweeps[0].Zero; z != c.want {
			t.Errorf("%q: zero %v s, want %v", c.text[:7], z, c.want)
		}
	}
}
