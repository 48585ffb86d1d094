package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clinicalManifest is a two-visit trial of clinical scores only (no recordings), visits out of
// alphabetical order, with a missing file and an unknown kind.
const clinicalManifest = "patient,side,treatment,visit,kind,file,distance_mm,value\n" +
	"P1,left,real,pre,mrc,,,42\nP1,right,sham,pre,mrc,,,41\nP2,left,sham,pre,mrc,,,40\nP2,right,real,pre,mrc,,,44\n" +
	"P3,left,real,pre,mrc,,,45\nP3,right,sham,pre,mrc,,,43\n" +
	"P1,left,real,post,mrc,,,43\nP1,right,sham,post,mrc,,,43\nP2,left,sham,post,mrc,,,41\nP2,right,real,post,mrc,,,40\n" +
	"P3,left,real,post,mrc,,,46\nP3,right,sham,post,mrc,,,44\n"

func writeManifest(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "manifest.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTrialJSON(t *testing.T) {
	code, out, stderr := cli(t, "trial", "--json", writeManifest(t, clinicalManifest))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var j struct {
		Patients []struct {
			Patient, Side, Treatment, Visit string
			Measures                        map[string]*float64
		}
		Comparisons []struct {
			Measure, Visit string
			N              int
			MeanDiff       float64 `json:"mean_diff"`
			CI95           []float64
			WilcoxonP      *float64 `json:"wilcoxon_p"`
		}
		ANOVA []struct {
			Measure string
			DF1     float64
			DF2     float64
		}
		Provenance struct {
			Version string
			Inputs  []struct{ File, SHA256 string }
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(j.Patients) != 12 || j.Patients[0].Visit != "pre" || *j.Patients[0].Measures["mrc"] != 42 {
		t.Errorf("patients %+v", j.Patients)
	}
	if len(j.Comparisons) != 3 || j.Comparisons[2].Visit != "change" || j.Comparisons[0].N != 3 {
		t.Fatalf("comparisons %+v, want mrc at pre, post and change, 3 pairs", j.Comparisons)
	}
	// pre: real − sham = 42−41, 44−40, 45−43 → mean 7/3
	if d := j.Comparisons[0].MeanDiff; d != 7.0/3 {
		t.Errorf("pre mean difference %v, want 7/3", d)
	}
	if len(j.ANOVA) != 1 || j.ANOVA[0].DF1 != 3 || j.ANOVA[0].DF2 != 6 {
		t.Errorf("anova %+v, want one F(3, 6)", j.ANOVA)
	}
	if len(j.Provenance.Inputs) != 1 || len(j.Provenance.Inputs[0].SHA256) != 64 || j.Provenance.Version == "" {
		t.Errorf("provenance %+v", j.Provenance)
	}
}

func TestTrialProblems(t *testing.T) {
	m := writeManifest(t, clinicalManifest+"P4,left,real,pre,motor_wrist,nowhere.edf,,\nP4,left,real,pre,emg,x.edf,,\n")
	for _, args := range [][]string{{"trial", m}, {"trial", "--csv", m}} {
		code, out, stderr := cli(t, args...)
		if code != exitBad {
			t.Errorf("%q: exit %d, want %d", args, code, exitBad)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0], "nowhere.edf") || !strings.Contains(lines[1], `unknown kind "emg"`) {
			t.Errorf("%q: stderr %q, want one line per problem", args, stderr)
		}
		if !strings.Contains(out, "mrc") {
			t.Errorf("%q: the good rows were not analysed:\n%s", args, out)
		}
	}
	code, out, _ := cli(t, "trial", "--csv", m)
	if tables := strings.Split(strings.TrimSpace(out), "\n\n"); code != exitBad || len(tables) != 3 ||
		!strings.HasPrefix(tables[1], "measure,visit,n,real_mean") {
		t.Errorf("--csv: want three tables separated by blank lines, got\n%s", out)
	}
}

func TestTrialUsage(t *testing.T) {
	m := writeManifest(t, clinicalManifest)
	for _, args := range [][]string{{"trial"}, {"trial", m, m}, {"trial", "--json", "--csv", m}, {"trial", "--jobs", "-1", m}} {
		if code, _, stderr := cli(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
	if code, _, stderr := cli(t, "trial", filepath.Join(t.TempDir(), "none.csv")); code != exitBad || !strings.Contains(stderr, "none.csv") {
		t.Errorf("missing manifest: exit %d, stderr %q", code, stderr)
	}
	key := filepath.Join(t.TempDir(), "key.csv")
	os.WriteFile(key, []byte("patient,side,treatment\nP1,left,sham\n"), 0o644)
	code, _, stderr := cli(t, "trial", "--key", key, m)
	if code != exitBad || strings.Count(stderr, "not in the allocation key") != 5 {
		t.Errorf("partial key: exit %d, stderr %q; want one line per arm missing from the key (5)", code, stderr)
	}
}

func TestProgressLine(t *testing.T) {
	var b strings.Builder
	p := &progressLine{w: &b, label: "analysing"}
	p.set(1, 4) // drawn: the first call
	p.set(2, 4) // within 100 ms: skipped
	p.set(4, 4) // the last: always drawn
	p.clear()
	s := b.String()
	if strings.Count(s, "analysing [") != 2 || !strings.Contains(s, "] 4/4") || !strings.HasSuffix(s, "\r") {
		t.Errorf("progress output %q", s)
	}
}

// TestTrialBlinded: the sample trial's blinded manifest (arm codes A and B) with its key gives the same
// tables as the unblinded manifest.
func TestTrialBlinded(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "trial")
	tables := func(args ...string) string {
		code, out, stderr := cli(t, append([]string{"trial", "--json"}, args...)...)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		var j map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatal(err)
		}
		return string(j["patients"]) + string(j["comparisons"]) + string(j["anova"])
	}
	open := tables(filepath.Join(dir, "manifest.csv"))
	blind := tables("--key", filepath.Join(dir, "key.csv"), filepath.Join(dir, "manifest_blinded.csv"))
	if open != blind {
		t.Error("the unblinded blinded manifest gives other tables than the open one")
	}
	if code, _, stderr := cli(t, "trial", filepath.Join(dir, "manifest_blinded.csv")); code != exitBad || !strings.Contains(stderr, "--key") {
		t.Errorf("blinded without a key: exit %d, stderr %.200q", code, stderr)
	}
}

// TestTrialEqualsSingleCommands: every per-patient measure of the sample trial is exactly (to the
// bit, as printed) what the single command prints for the same file with its default flags — the
// trial's contract, and a guard against a command's defaults drifting from trial.Pipelines.
func TestTrialEqualsSingleCommands(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "trial")
	code, out, stderr := cli(t, "trial", "--json", filepath.Join(dir, "manifest.csv"))
	if code != exitOK {
		t.Fatalf("trial: exit %d: %s", code, stderr)
	}
	var tr struct {
		Patients []struct {
			Patient, Side, Visit string
			Measures             map[string]json.Number
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&tr); err != nil {
		t.Fatal(err)
	}
	single := func(args ...string) map[string]any {
		code, out, stderr := cli(t, append(args[:1:1], append([]string{"--json"}, args[1:]...)...)...)
		if code != exitOK {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		var v map[string]any
		dec := json.NewDecoder(strings.NewReader(out))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dist := map[string]string{}
	for _, line := range strings.Split(string(manifest), "\n") {
		if f := strings.Split(line, ","); len(f) == 8 && f[4] == "motor_elbow" {
			dist[f[5]] = f[6]
		}
	}
	checked := 0
	for _, p := range tr.Patients[:4] { // two patients' arms at both visits; the rest run the same code
		stem := filepath.Join(dir, p.Patient+"_"+p.Side+"_"+p.Visit)
		want := map[string]any{}
		c := single("cmap", stem+"_wrist.edf")["sweeps"].([]any)[0].(map[string]any)
		want["dml_ms"], want["cmap_amplitude_mv"] = c["onset_ms"], c["amplitude_mv"]
		want["cmap_neg_area_mvms"], want["cmap_neg_duration_ms"] = c["neg_area_mvms"], c["neg_duration_ms"]
		m := single("motor", "--distal", stem+"_wrist.edf", "--proximal", stem+"_elbow.edf", "--distance-mm",
			dist[filepath.Base(stem)+"_elbow.edf"])
		want["cv_m_s"], want["amplitude_drop_pct"] = m["cv_m_s"], m["amplitude_drop_pct"]
		f := single("fwave", stem+"_fwave.edf")
		want["fwave_min_latency_ms"], want["fwave_mean_latency_ms"] = f["min_latency_ms"], f["mean_latency_ms"]
		want["fwave_persistence_pct"] = f["persistence_pct"]
		if _, err := os.Stat(stem + "_ach.atf"); err == nil {
			a := single("ach", stem+"_ach.atf")["applications"].([]any)[0].(map[string]any)
			want["ach_amplitude_na"], want["ach_t_half_s"], want["ach_rise_10_90_s"] = a["amplitude_na"], a["t_half_s"], a["rise_10_90_s"]
		}
		for k, w := range want {
			got, ok := p.Measures[k]
			if !ok && w == nil {
				continue
			}
			if ws, _ := w.(json.Number); !ok || string(got) != string(ws) {
				t.Errorf("%s %s %s %s: trial %v, single command %v", p.Patient, p.Side, p.Visit, k, got, w)
			}
			checked++
		}
	}
	if checked < 4*10 {
		t.Errorf("only %d measures compared", checked)
	}
}

// TestTrialScanAndRNSEqualSingleCommands: the CMAP-scan and RNS measures of a trial equal what
// `endplate cmapscan` and `endplate rns` print, on ../shared/data (the sample trial has neither).
func TestTrialScanAndRNSEqualSingleCommands(t *testing.T) {
	data := filepath.Join("..", "..", "..", "shared", "data")
	qtrac, _ := filepath.Glob(filepath.Join(data, "qtrac", "*.MEM"))
	rnsFiles, _ := filepath.Glob(filepath.Join(data, "ncs", "rns*"))
	if len(qtrac) < 4 || len(rnsFiles) < 4 {
		t.Skip("../shared/data (qtrac, ncs/rns*) is not here")
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	var b strings.Builder
	b.WriteString("patient,side,treatment,visit,kind,file,distance_mm,value\n")
	for i := range 4 {
		p, side, tr := fmt.Sprintf("P%d", i/2+1), []string{"left", "right"}[i%2], []string{"real", "sham"}[i%2]
		fmt.Fprintf(&b, "%s,%s,%s,v1,cmapscan,%s,,\n%s,%s,%s,v1,rns,%s,,\n", p, side, tr, abs(qtrac[i]), p, side, tr, abs(rnsFiles[i]))
	}
	code, out, stderr := cli(t, "trial", "--json", writeManifest(t, b.String()))
	var tr struct {
		Patients []struct {
			Patient, Side string
			Measures      map[string]json.Number
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&tr); err != nil {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	get := func(args ...string) map[string]json.RawMessage {
		_, out, _ := cli(t, args...)
		var v map[string]json.RawMessage
		json.Unmarshal([]byte(out), &v)
		return v
	}
	for i, p := range tr.Patients {
		scan := get("cmapscan", "--json", abs(qtrac[i]))
		rns := get("rns", "--json", abs(rnsFiles[i]))
		for _, c := range []struct {
			measure string
			want    json.RawMessage
		}{{"cmapscan_mune", scan["mune"]}, {"cmapscan_d50", scan["d50"]}, {"rns_decrement_pct", rns["decrement_pct"]}} {
			got, ok := p.Measures[c.measure]
			if string(c.want) == "null" && !ok || ok && string(got) == string(c.want) {
				continue
			}
			t.Errorf("%s %s %s: trial %q, single command %s", p.Patient, p.Side, c.measure, got, c.want)
		}
	}
}
