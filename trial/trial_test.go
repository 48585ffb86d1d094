package trial

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/endplate/endplate/trial/stats"
	"github.com/google/go-cmp/cmp"
)

// fake is an Analyzer whose measures come from the files' contents: each test file holds one number x,
// and the fake reports measures derived from it, so that every aggregation rule can be checked exactly.
// A file holding "bad" is a recording the analysis rejects; "null" gives NaN measures.
type fake struct{ calls atomic.Int64 }

func readX(path string) (float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(b))
	switch s {
	case "bad":
		return 0, fmt.Errorf("%s: not a recording endplate can read", path)
	case "null":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

func (f *fake) Analyze(j Job) (Values, error) {
	f.calls.Add(1)
	x, err := readX(j.Files[0])
	if err != nil {
		return nil, err
	}
	switch j.Kind {
	case KindMotorWrist:
		return Values{DMLms: x, CMAPAmplitudeMV: 2 * x}, nil
	case JobMotor:
		y, err := readX(j.Files[1])
		if err != nil {
			return nil, err
		}
		return Values{CVms: j.DistanceMM / (y - x)}, nil
	case KindACh:
		return Values{AChAmplitudeNA: x, AChTHalfS: x / 100}, nil
	case KindFWave:
		return Values{FMinLatencyMs: x}, nil
	}
	return nil, fmt.Errorf("fake: kind %s", j.Kind)
}

// writeTrial writes files named in contents (name → content) and a manifest into a temporary folder.
func writeTrial(t *testing.T, manifest string, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, c := range contents {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "manifest.csv")
	if err := os.WriteFile(p, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const header = "patient,side,treatment,visit,kind,file,distance_mm,value\n"

func TestManifestParse(t *testing.T) {
	text := "\ufeff" + header +
		"P1,left,real,post,motor_wrist,w.edf,,\n" +
		"P1,left,real,post,motor_elbow,/abs/e.edf,230.5,\n" +
		"P1,left,real,pre,mrc,,,42\n" +
		"P1,left,real,pre,emg,x.edf,,\n" +
		"P1,left,real,pre,motor_elbow,e2.edf,,\n" +
		"P1,left,real,pre,handgrip_kg,,,\n" +
		"P1,left,real,change,mrc,,,40\n" +
		"\n"
	m, err := ParseManifest(strings.NewReader(text), "/data/m.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Patient: "P1", Side: "left", Treatment: "real", Visit: "post", Kind: KindMotorWrist, File: "/data/w.edf"},
		{Line: 3, Patient: "P1", Side: "left", Treatment: "real", Visit: "post", Kind: KindMotorElbow, File: "/abs/e.edf", DistanceMM: 230.5},
		{Line: 4, Patient: "P1", Side: "left", Treatment: "real", Visit: "pre", Kind: KindMRC, Value: 42},
	}
	opt := cmp.Comparer(func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) })
	// Rows without a distance or a value carry NaN there; compare them with NaN equal to NaN.
	for i := range want {
		if want[i].Kind != KindMotorElbow {
			want[i].DistanceMM = math.NaN()
		}
		if want[i].Kind != KindMRC {
			want[i].Value = math.NaN()
		}
	}
	if d := cmp.Diff(want, m.Rows, opt); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	if len(m.Problems) != 4 {
		t.Fatalf("problems %v, want 4 (unknown kind, elbow without distance, score without value, visit \"change\")", m.Problems)
	}
	for i, s := range []string{"/data/m.csv:5: unknown kind \"emg\"", "/data/m.csv:6: motor_elbow row needs", "/data/m.csv:7: handgrip_kg row: value",
		"/data/m.csv:8: visit \"change\" is reserved"} {
		if !strings.HasPrefix(m.Problems[i].Error(), s) {
			t.Errorf("problem %d %q, want it to start with %q", i, m.Problems[i], s)
		}
	}
	// A spreadsheet's export: semicolons or tabs, CRLF line ends.
	for _, sep := range []string{";", "\t"} {
		text := strings.ReplaceAll(strings.ReplaceAll(header+"P1,left,real,pre,mrc,,,42\n", ",", sep), "\n", "\r\n")
		text += strings.Join([]string{"P1", "left", "real", "pre", "handgrip_kg", "", "", "20,5"}, sep) + "\r\n"
		m, err := ParseManifest(strings.NewReader(text), "m.csv")
		if err != nil || len(m.Rows) != 2 || m.Rows[0].Value != 42 || m.Rows[1].Value != 20.5 || len(m.Problems) != 0 {
			t.Errorf("separator %q: %v, %+v", sep, err, m)
		}
	}
	for _, bad := range []string{"", "patient,side\nP1,left\n", header} {
		if _, err := ParseManifest(strings.NewReader(bad), "m.csv"); err == nil {
			t.Errorf("manifest %q: no error", bad)
		}
	}
}

// shuffledManifest is a two-visit trial of three patients in shuffled order, "pre" first appearing
// before "post" (the reverse of alphabetical order), with several files of a kind, two wrist–elbow
// pairs in one arm and a NaN measure.
const shuffledManifest = header +
	"P2,right,sham,pre,motor_wrist,w4,,\n" +
	"P1,left,real,post,motor_wrist,w2,,\n" +
	"P1,left,real,pre,motor_wrist,w1,,\n" +
	"P1,left,real,pre,motor_elbow,e1,200,\n" +
	"P1,right,sham,pre,motor_wrist,w3,,\n" +
	"P1,right,sham,pre,motor_elbow,e3,250,\n" +
	"P1,right,sham,post,motor_wrist,w3,,\n" +
	"P2,left,real,pre,motor_wrist,w2,,\n" +
	"P2,left,real,post,motor_wrist,w1,,\n" +
	"P2,right,sham,post,motor_wrist,w4,,\n" +
	"P3,left,sham,pre,motor_wrist,w1,,\n" +
	"P3,right,real,pre,motor_wrist,w4,,\n" +
	"P3,left,sham,post,motor_wrist,w2,,\n" +
	"P3,right,real,post,motor_wrist,w3,,\n" +
	"P1,left,real,pre,motor_wrist,w2,,\n" +
	"P1,left,real,pre,motor_elbow,e2,220,\n" +
	"P1,left,real,post,ach,a1,,\n" +
	"P1,left,real,post,ach,a2,,\n" +
	"P1,left,real,post,ach,anull,,\n" +
	"P1,right,sham,post,ach,anull,,\n" +
	"P1,left,real,pre,handgrip_kg,,,20\n" +
	"P1,left,real,pre,handgrip_kg,,,21\n" +
	"P1,right,sham,pre,handgrip_kg,,,19\n"

var shuffledFiles = map[string]string{"w1": "3", "w2": "4", "w3": "3.5", "w4": "5", "e1": "7", "e2": "8.5", "e3": "8",
	"a1": "100", "a2": "300", "anull": "null"}

func TestFromManifest(t *testing.T) {
	path := writeTrial(t, shuffledManifest, shuffledFiles)
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	an := &fake{}
	var ticks atomic.Int64
	tr, err := FromManifest(m, &Options{Analyzer: an, Jobs: 3, Progress: func(done, total int) { ticks.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Problems) != 0 {
		t.Fatalf("problems: %v", tr.Problems)
	}
	if d := cmp.Diff([]string{"pre", "post"}, tr.Visits); d != "" {
		t.Errorf("visits (-want +got):\n%s", d)
	}
	// Each distinct file once: 4 wrist CMAPs, 3 pairs, 3 ACh files.
	if n := an.calls.Load(); n != 10 {
		t.Errorf("%d analyses, want 10 (each distinct file or pair once)", n)
	}
	if n := ticks.Load(); n != 10+10 {
		t.Errorf("%d progress ticks, want 20 (10 files hashed, 10 analyses)", n)
	}
	get := func(p string, tr0 Treatment, v string) map[string]float64 {
		for _, a := range tr.Arms {
			if a.Patient == p && a.Treatment == tr0 && a.Visit == v {
				return a.Measures
			}
		}
		t.Fatalf("no arm %s %s %s", p, tr0, v)
		return nil
	}
	// P1 real pre: wrists w1 (3) and w2 (4) → mean 3.5; pairs w1–e1 200/(7−3) = 50 and w2–e2 220/(8.5−4);
	// handgrip 20 and 21 → 20.5.
	a := get("P1", Real, "pre")
	want := map[string]float64{DMLms: 3.5, CMAPAmplitudeMV: 7, CVms: (50 + 220/4.5) / 2, HandgripKg: 20.5}
	for _, arm := range tr.Arms {
		if arm.Patient == "P1" && arm.Treatment == Real && arm.Visit == "pre" {
			dir := filepath.Dir(path)
			wantFiles := map[string][]string{KindMotorWrist: {filepath.Join(dir, "w1"), filepath.Join(dir, "w2")},
				KindMotorElbow: {filepath.Join(dir, "e1"), filepath.Join(dir, "e2")}}
			if d := cmp.Diff(wantFiles, arm.Files); d != "" {
				t.Errorf("P1 real pre files (-want +got):\n%s", d)
			}
		}
	}
	if d := cmp.Diff(want, a); d != "" {
		t.Errorf("P1 real pre (-want +got):\n%s", d)
	}
	// P1 real post: ACh 100, 300 and a NaN → mean of what was measured; P1 sham post: only NaN → NaN.
	a = get("P1", Real, "post")
	if a[AChAmplitudeNA] != 200 || a[AChTHalfS] != 2 {
		t.Errorf("P1 real post ACh %v, %v; want 200, 2", a[AChAmplitudeNA], a[AChTHalfS])
	}
	if a = get("P1", Sham, "post"); !math.IsNaN(a[AChAmplitudeNA]) {
		t.Errorf("P1 sham post ACh %v, want NaN (analysed, not measurable)", a[AChAmplitudeNA])
	}
	if _, ok := get("P2", Real, "pre")[CVms]; ok {
		t.Error("P2 has no elbow recording: cv_m_s must be absent")
	}
	if tr.Arms[0].Patient != "P2" || tr.Arms[0].Visit != "pre" || tr.Arms[0].Treatment != Real {
		t.Errorf("first arm %+v, want P2 real pre (patients in order of appearance, real first)", tr.Arms[0])
	}
	if n := len(tr.Provenance.Inputs); n != 11 {
		t.Errorf("%d inputs in the provenance, want 11 (manifest + 10 files)", n)
	}

	// DML: three patients at both visits.
	cmps := map[string]Comparison{}
	for _, c := range tr.Comparisons() {
		cmps[c.Measure+"/"+c.Visit] = c
	}
	c, ok := cmps[DMLms+"/pre"]
	if !ok {
		t.Fatalf("no dml_ms pre comparison; have %v", cmps)
	}
	// real: P2 4, P1 3.5, P3 5; sham: P2 5, P1 3.5, P3 3
	real, sham := []float64{4, 3.5, 5}, []float64{5, 3.5, 3}
	if d := cmp.Diff(Compare(DMLms, "pre", real, sham), c, cmp.Comparer(sameFloat), ignorePatients); d != "" {
		t.Errorf("dml_ms pre (-want +got):\n%s", d)
	}
	// change = post − pre per patient and arm: real P2 3−4, P1 4−3.5, P3 3.5−5; sham P2 5−5, P1 3.5−3.5, P3 4−3.
	c = cmps[DMLms+"/change"]
	if d := cmp.Diff([]float64{-1, 0.5, -1.5}, c.Real); d != "" {
		t.Errorf("change real (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]float64{0, 0, 1}, c.Sham); d != "" {
		t.Errorf("change sham (-want +got):\n%s", d)
	}
	// One pair only (P1): left out. ACh post: P1 sham is NaN → no pair at all: left out.
	for _, k := range []string{CVms + "/pre", HandgripKg + "/pre", AChAmplitudeNA + "/post"} {
		if _, ok := cmps[k]; ok {
			t.Errorf("comparison %s has fewer than two pairs and must be left out", k)
		}
	}
	an1 := tr.ANOVAs()
	if len(an1) != 2 || an1[0].Measure != DMLms || an1[1].Measure != CMAPAmplitudeMV {
		t.Fatalf("ANOVAs %+v, want dml_ms and cmap_amplitude_mv only (every cell for ≥ 2 patients)", an1)
	}
	// Cells real/pre, real/post, sham/pre, sham/post for P2, P1, P3.
	y := [][]float64{{4, 3, 5, 5}, {3.5, 4, 3.5, 3.5}, {5, 3.5, 3, 4}}
	r := stats.RepeatedMeasuresANOVA(y)
	if an1[0].F != r.F || an1[0].PGG != r.PGG || an1[0].DF2 != 6 {
		t.Errorf("dml_ms ANOVA %+v, want %+v", an1[0], r)
	}
}

var ignorePatients = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Patients" }, cmp.Ignore())

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// TestBadInputs: a missing file, a corrupt file and an unknown kind are each one problem naming the file
// or line; everything else is analysed.
func TestBadInputs(t *testing.T) {
	text := header +
		"P1,left,real,pre,motor_wrist,w1,,\n" +
		"P1,left,real,pre,motor_elbow,e1,200,\n" +
		"P1,right,sham,pre,motor_wrist,corrupt,,\n" +
		"P1,right,sham,pre,motor_elbow,e1,200,\n" +
		"P2,left,real,pre,motor_wrist,missing,,\n" +
		"P2,left,real,pre,scope,w1,,\n" +
		"P2,right,sham,pre,motor_wrist,w1,,\n" +
		"P2,right,sham,pre,ach,corrupt2,,\n" +
		"P3,right,real,pre,motor_wrist,w1,,\n" +
		"P3,left,real,pre,motor_wrist,w1,,\n"
	path := writeTrial(t, text, map[string]string{"w1": "3", "e1": "7", "corrupt": "bad", "corrupt2": "bad"})
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := FromManifest(m, &Options{Analyzer: &fake{}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range tr.Problems {
		msgs = append(msgs, e.Error())
	}
	want := []string{"corrupt: not a recording", "missing: no such file", `:7: unknown kind "scope"`,
		"corrupt2: not a recording", ":11: patient P3 has real on both sides"}
	if len(msgs) != len(want) {
		t.Fatalf("problems:\n%s\nwant %d, one per bad file or row", strings.Join(msgs, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.Contains(msgs[i], w) || strings.Contains(msgs[i], "\n") {
			t.Errorf("problem %d = %q, want one line containing %q", i, msgs[i], w)
		}
	}
	if !strings.Contains(msgs[0], "manifest.csv:4") {
		t.Errorf("problem %q does not name the manifest line", msgs[0])
	}
	n := 0
	for _, a := range tr.Arms {
		n += len(a.Measures)
	}
	if n != 3+2+2 { // P1 real: dml, amplitude, cv; P2 sham: dml, amplitude; P3 real: dml, amplitude
		t.Errorf("%d measures analysed, want 7: %+v", n, tr.Arms)
	}
}

func TestKey(t *testing.T) {
	text := header + "P1,left,A,pre,mrc,,,40\nP1,right,B,pre,mrc,,,38\nP2,left,A,pre,mrc,,,41\nP2,right,B,pre,mrc,,,44\nP3,left,A,pre,mrc,,,1\n"
	path := writeTrial(t, text, map[string]string{"key.csv": "patient,side,treatment\nP1,left,sham\nP1,right,real\nP2,left,real\nP2,right,sham\n"})
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := FromManifest(m, &Options{Analyzer: &fake{}}); err != nil {
		t.Fatal(err)
	}
	noKey, _ := FromManifest(m, &Options{Analyzer: &fake{}})
	if len(noKey.Problems) != 5 || len(noKey.Arms) != 0 {
		t.Errorf("coded labels without a key: %d problems, %d arms; want 5, 0", len(noKey.Problems), len(noKey.Arms))
	}
	key, err := ReadKey(filepath.Join(filepath.Dir(path), "key.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := FromManifest(m, &Options{Analyzer: &fake{}, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Problems) != 1 || !strings.Contains(tr.Problems[0].Error(), "P3 side left is not in the allocation key") {
		t.Errorf("problems %v, want P3 left not in the key", tr.Problems)
	}
	c := tr.Comparisons()
	if len(c) != 1 || c[0].Measure != MRC {
		t.Fatalf("comparisons %+v", c)
	}
	if d := cmp.Diff([]float64{38, 41}, c[0].Real); d != "" {
		t.Errorf("unblinded real (-want +got):\n%s", d)
	}
	for _, bad := range []string{"patient,side\n", "patient,side,treatment\nP1,left,maybe\n", "patient,side,treatment\nP1,left,real\nP1,left,sham\n"} {
		p := filepath.Join(t.TempDir(), "k.csv")
		os.WriteFile(p, []byte(bad), 0o644)
		if _, err := ReadKey(p); err == nil {
			t.Errorf("key %q: no error", bad)
		}
	}
}

func TestTrialFromGoValues(t *testing.T) {
	tr := &Trial{Arms: []Arm{
		{Patient: "A", Treatment: Real, Visit: "v1", Measures: map[string]float64{"force_n": 10}},
		{Patient: "A", Treatment: Sham, Visit: "v1", Measures: map[string]float64{"force_n": 8}},
		{Patient: "B", Treatment: Real, Visit: "v1", Measures: map[string]float64{"force_n": 12}},
		{Patient: "B", Treatment: Sham, Visit: "v1", Measures: map[string]float64{"force_n": 11}},
		{Patient: "C", Treatment: Real, Visit: "v1", Measures: map[string]float64{"force_n": math.NaN()}},
		{Patient: "C", Treatment: Sham, Visit: "v1", Measures: map[string]float64{"force_n": 9}},
	}}
	c := tr.Comparisons()
	if len(c) != 1 || c[0].N != 2 || c[0].MeanDiff != 1.5 {
		t.Fatalf("comparisons %+v, want one with 2 pairs (C's NaN dropped), mean difference 1.5", c)
	}
	if tr.ANOVAs() != nil {
		t.Error("one visit: no ANOVA")
	}
}

// TestNotRegular: a folder or a named pipe as the manifest, the key or a recording is an error naming
// it, never a hang.
func TestNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscallMkfifo(fifo); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for _, p := range []string{dir, fifo} {
		if _, err := ReadManifest(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("ReadManifest(%s): %v", p, err)
		}
		if _, err := ReadKey(p); err == nil {
			t.Errorf("ReadKey(%s): no error", p)
		}
	}
	path := writeTrial(t, header+"P1,left,real,pre,ach,"+fifo+",,\n", nil)
	m, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := FromManifest(m, &Options{Analyzer: &fake{}})
	if err != nil || len(tr.Problems) != 1 || !strings.Contains(tr.Problems[0].Error(), "not a regular file") {
		t.Errorf("a named pipe as a recording: %v, %v", err, tr.Problems)
	}
}
