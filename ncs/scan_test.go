package ncs

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/endplate/endplate/ephys"
)

func TestStimulusForNoiseFree(t *testing.T) {
	// A noise-free monotone curve y = s: the stimulus for level L is between the points around L.
	s := []float64{1, 2, 3, 4, 5, 6}
	for _, c := range []struct{ level, want float64 }{{2.5, 2.5}, {3, 2.5}, {0.5, 1}, {7, 6}, {5.5, 5.5}} {
		if got := stimulusFor(s, s, c.level); got != c.want {
			t.Errorf("stimulusFor(level %g) = %g, want %g", c.level, got, c.want)
		}
	}
}

func TestD50(t *testing.T) {
	// Amplitudes 0, 1, 1.5, 5.5, 6: gaps 4, 1, 0.5, 0.5; half the range is 3, reached by the first.
	if got := D50([]float64{6, 1.5, 0, 5.5, 1}); got != 1 {
		t.Errorf("D50 = %d, want 1", got)
	}
	// 10 equal steps of 1: half the range (5) takes 5 of them — also when the sum is exactly half.
	var a []float64
	for i := range 11 {
		a = append(a, 0.1*float64(i))
	}
	if got := D50(a); got != 5 {
		t.Errorf("D50 of 10 equal steps = %d, want 5", got)
	}
	if got := D50([]float64{3, 3, 3}); got != 0 {
		t.Errorf("D50 of a flat scan = %d, want 0", got)
	}
}

func TestSortedGapsLength(t *testing.T) {
	defer func() {
		if r := recover(); r != "ncs: dst length mismatch" {
			t.Errorf("panic %v, want the dst length message", r)
		}
	}()
	sortedGaps(make([]float64, 3), []float64{1, 2})
}

func TestScanErrors(t *testing.T) {
	an := NewScanAnalyzer(nil)
	short := SimulateScan([]ScanUnit{{ThresholdMA: 5, AmplitudeMV: 1}}, ScanStimuli(8, 3, 5, 20, 5), 0.01, rand.New(rand.NewPCG(1, 2)))
	if _, err := an.Analyze(short); err == nil || !strings.Contains(err.Error(), "at least") {
		t.Errorf("short scan: error %v, want one saying how many points are needed", err)
	}
	flat := SimulateScan(nil, ScanStimuli(8, 3, 20, 200, 20), 0.01, rand.New(rand.NewPCG(1, 2)))
	if _, err := an.Analyze(flat); err == nil || !strings.Contains(err.Error(), "no CMAP") {
		t.Errorf("scan without response: error %v, want no CMAP", err)
	}
	bad := SimulateScan([]ScanUnit{{ThresholdMA: 5, AmplitudeMV: 1}}, ScanStimuli(8, 3, 20, 200, 20), 0.01, rand.New(rand.NewPCG(1, 2)))
	bad[7].StimulusMA = 0
	if _, err := an.Analyze(bad); err == nil || !strings.Contains(err.Error(), "MS.8") {
		t.Errorf("zero stimulus: error %v, want one naming MS.8", err)
	}
	if _, err := AnalyzeScan(&ephys.Recording{Path: "x.abf"}, nil); err == nil || !strings.Contains(err.Error(), "x.abf") {
		t.Errorf("recording without a scan: error %v, want one naming the file", err)
	}
}

// simulated draws a healthy-like muscle: n units with thresholds normal about t50 (CV cvT) and
// amplitudes log-normal with the given CV, scaled to a maximal CMAP of peak mV.
func simulated(rng *rand.Rand, n int, t50, cvT, cvA, peak float64) []ScanUnit {
	u := make([]ScanUnit, n)
	sl := math.Sqrt(math.Log(1 + cvA*cvA))
	sum := 0.0
	for i := range u {
		u[i].ThresholdMA = t50 * (1 + cvT*rng.NormFloat64())
		u[i].AmplitudeMV = math.Exp(sl * rng.NormFloat64())
		sum += u[i].AmplitudeMV
	}
	for i := range u {
		u[i].AmplitudeMV *= peak / sum
	}
	return u
}

// meanCurve is the model's expected response at stimulus s.
func meanCurve(units []ScanUnit, s float64) float64 {
	m := 0.0
	for _, u := range units {
		m += u.AmplitudeMV * 0.5 * math.Erfc(-(s-u.ThresholdMA)/(DefaultScanRelativeSpread*u.ThresholdMA)/math.Sqrt2)
	}
	return m
}

// TestScanSimulated checks the maximal CMAP and S50 on scans simulated from MScanFit's model, whose
// truth is known, and logs the unit count (asserted in TestScanMUNESimulated).
func TestScanSimulated(t *testing.T) {
	an := NewScanAnalyzer(nil)
	rng := rand.New(rand.NewPCG(7, 19))
	stim := ScanStimuli(16, 4, 25, 500, 25)
	for _, n := range []int{20, 60, 150} {
		units := simulated(rng, n, 9, 0.12, 0.5, 8)
		res, err := an.Analyze(SimulateScan(units, stim, 0.01, rng))
		if err != nil {
			t.Fatal(err)
		}
		// The maximal CMAP is the sum of the units (8 mV); 25 supramaximal and 25 baseline responses
		// with 10 µV noise give it to ~3 µV: 0.5 % (40 µV) is generous.
		if math.Abs(res.MaxCMAPMV/8-1) > 0.005 {
			t.Errorf("n=%d: maximal CMAP %.4f mV, want 8 ± 0.5 %%", n, res.MaxCMAPMV)
		}
		// S50 of the mean curve, by bisection. The scan's points are 0.28 % apart near 9 mA and a
		// unit's transition is 2 % wide: 1 % covers the rank estimate's scatter.
		lo, hi := 4.0, 16.0
		for range 60 {
			if mid := (lo + hi) / 2; meanCurve(units, mid) < 4 {
				lo = mid
			} else {
				hi = mid
			}
		}
		if math.Abs(res.S50MA/lo-1) > 0.01 {
			t.Errorf("n=%d: S50 %.3f mA, want %.3f ± 1 %%", n, res.S50MA, lo)
		}
		t.Logf("n=%d: MUNE %.1f", n, res.MUNEExact)
	}
}

// TestScanMUNESimulated checks the unit count on scans simulated from MScanFit's model (RS 2 %,
// thresholds 9 mA ± 12 %, 10 µV noise, 500 graded stimuli), where the truth is known.
func TestScanMUNESimulated(t *testing.T) {
	an := NewScanAnalyzer(nil)
	rng := rand.New(rand.NewPCG(23, 29))
	stim := ScanStimuli(16, 4, 25, 500, 25)
	for _, c := range []struct {
		n    int
		cvA  float64
		want float64 // expected MUNE / n
	}{
		// Units of one size: the count itself.
		{10, 0, 1}, {40, 0, 1}, {160, 0, 1},
		// Few units of log-normal sizes (CV 0.5) seldom share a window: the count itself.
		{10, 0.5, 1},
		// Many: units overlapping within a window count as fewer of their size-weighted mean,
		// N/(1 + CV²) (scan_mune.go).
		{80, 0.5, 1 / 1.25},
	} {
		const scans = 12
		r := make([]float64, scans)
		for k := range r {
			res, err := an.Analyze(SimulateScan(simulated(rng, c.n, 9, 0.12, c.cvA, 8), stim, 0.01, rng))
			if err != nil {
				t.Fatal(err)
			}
			r[k] = res.MUNEExact / float64(c.n)
		}
		slices.Sort(r)
		med := (r[scans/2-1] + r[scans/2]) / 2
		t.Logf("n=%d cvA=%.1f: MUNE/n median %.3f, range %.3f … %.3f", c.n, c.cvA, med, r[0], r[scans-1])
		// 15 %: the estimator's residual bias (medians of 20 scans within −8 … +7 % for 5 to 160 units
		// of one size) plus the scatter of a median of 12 scans (±5–10 %; single scans of 10 units
		// scatter by ±40 %, of 160 by ±15 %).
		if math.Abs(med/c.want-1) > 0.15 {
			t.Errorf("n=%d cvA=%.1f: median MUNE/n %.3f, want %.2f ± 15 %%", c.n, c.cvA, med, c.want)
		}
	}
}

// qtracRef reads ../shared/data/qtrac/qtrac_values.tsv: per file, column → value.
func qtracRef(t *testing.T, dir string) map[string]map[string]float64 {
	f, err := os.Open(filepath.Join(dir, "qtrac_values.tsv"))
	if err != nil {
		t.Skipf("no Qtrac reference values: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	head := strings.Split(sc.Text(), "\t")
	ref := map[string]map[string]float64{}
	for sc.Scan() {
		row := strings.Split(sc.Text(), "\t")
		m := map[string]float64{}
		for k, v := range row {
			if x, err := strconv.ParseFloat(v, 64); err == nil && k < len(head) {
				m[head[k]] = x
			}
		}
		ref[row[0]] = m
	}
	return ref
}

// TestScanQtrac compares the measures with Qtrac's and MScanFit's own on the 54 real scans of
// ../shared/data/qtrac, with the acceptance limits (its "Done when").
func TestScanQtrac(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "qtrac")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("../shared/data/qtrac absent (%v): the real-scan comparison needs it", err)
	}
	ref := qtracRef(t, dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.MEM"))
	an := NewScanAnalyzer(nil)
	var n, d50Exact, d50One, peak, s50, s5, s95, mune int
	var muneErr []float64
	for _, file := range files {
		want := ref[filepath.Base(file)]
		if want == nil {
			continue
		}
		r, err := ephys.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		res, err := an.Analyze(r.Scan.Points) // the points only; the result sections are not read
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		n++
		rel := func(got, w float64) float64 { return math.Abs(got/w - 1) }
		dd := res.D50 - int(want["MScD50"])
		if dd == 0 {
			d50Exact++
		}
		if dd >= -1 && dd <= 1 {
			d50One++
		} else {
			t.Errorf("%s: D50 %d, Qtrac %g", filepath.Base(file), res.D50, want["MScD50"])
		}
		if rel(res.MaxCMAPMV, want["MScPeak(mV)"]) <= 0.005 {
			peak++
		}
		if rel(res.S50MA, want["MScS50(mA)"]) <= 0.01 {
			s50++
		}
		if rel(res.S5MA, want["MScS5(mA)"]) <= 0.02 {
			s5++
		}
		if rel(res.S95MA, want["MScS95(mA)"]) <= 0.02 {
			s95++
		}
		e := rel(float64(res.MUNE), want["MSFNUnits"])
		muneErr = append(muneErr, e)
		if e <= 0.3 {
			mune++
		}
	}
	if n != 54 {
		t.Fatalf("%d scans with reference values, want 54", n)
	}
	slices.Sort(muneErr)
	med := (muneErr[26] + muneErr[27]) / 2
	t.Logf("D50 exact %d, ±1 %d; peak %d; S50 %d; S5 %d; S95 %d; MUNE ±30 %% %d, median |error| %.1f %%",
		d50Exact, d50One, peak, s50, s5, s95, mune, 100*med)
	// The limits (amplitudes in the files are rounded to 1 µV, Qtrac's results to 0.01).
	if d50Exact < 49 || peak < 52 || s50 < 50 || s5 < 50 || s95 < 50 || mune < 45 || med > 0.15 {
		t.Errorf("below the acceptance limits: D50 exact ≥ 49, peak ≥ 52, S50/S5/S95 ≥ 50, MUNE ≥ 45 at median ≤ 15 %%")
	}
}

// TestScanHostile runs scans of extreme and degenerate values through Analyze: an error or a result,
// never a panic or a hang.
func TestScanHostile(t *testing.T) {
	an := NewScanAnalyzer(nil)
	rng := rand.New(rand.NewPCG(31, 37))
	vals := []float64{0, 1e-300, 5e-324, 1, 1e6, 1e300, math.MaxFloat64, -1, -math.MaxFloat64}
	for k := range 300 {
		n := 42 + rng.IntN(200)
		pts := make([]ephys.ScanPoint, n)
		for i := range pts {
			s := vals[rng.IntN(4)+2] // positive stimuli: 1e-300 … 1e300 and MaxFloat64
			if k%3 == 0 {
				s = 10 // every stimulus the same
			}
			pts[i] = ephys.ScanPoint{Index: i + 1, StimulusMA: math.Abs(s) + float64(rng.IntN(3)), ResponseMV: vals[rng.IntN(len(vals))]}
		}
		res, err := an.Analyze(pts)
		if err == nil && res.MUNE < 0 {
			t.Fatalf("negative MUNE %d", res.MUNE)
		}
	}
}

// stimulusFor on points whose answer is known exactly: on a monotone curve the level is reached
// between the last point below it and the first at or above it, and the estimate is their midpoint;
// one pair of responses swapped across the level (scatter) balances and leaves it where it was;
// a level below every response or above all of them gives the end stimuli.
func TestStimulusFor(t *testing.T) {
	s := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	y := []float64{0, 0.1, 0.2, 1, 2, 3, 3.9, 4}
	for _, c := range []struct {
		y     []float64
		level float64
		want  float64
	}{
		{y, 1.5, 4.5}, // 0, 0.1, 0.2, 1 below: between 4 and 5 mA
		{y, 1, 3.5},   // a response equal to the level has reached it
		{[]float64{0, 0.1, 2, 0.2, 1, 3, 3.9, 4}, 1.5, 4.5}, // 2 at 3 mA and 1 at 5 mA swapped
		{y, -1, 1},
		{y, 5, 8},
	} {
		if got := stimulusFor(s, c.y, c.level); got != c.want {
			t.Errorf("y %v level %v: %v mA, want %v", c.y, c.level, got, c.want)
		}
	}
}

// ScanFile's errors name the file: one that does not exist, and a recording that is not a scan.
func TestScanFileErrors(t *testing.T) {
	for _, path := range []string{"../testdata/no-such-scan.MEM", "../testdata/ach_current.atf"} {
		if _, err := ScanFile(path, nil); err == nil || !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("%s: error %v, want one naming the file", path, err)
		}
	}
	if _, err := ScanFile("../testdata/ach_current.atf", nil); err == nil || !strings.Contains(err.Error(), "not a CMAP scan") {
		t.Errorf("an ATF current: error %v, want not a CMAP scan", err)
	}
}
