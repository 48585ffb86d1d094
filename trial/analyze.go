package trial

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
)

// JobMotor is the kind of a Job that pairs a wrist with an elbow recording for the conduction velocity.
const JobMotor = "motor"

// Job is one analysis of one recording, or of a wrist–elbow pair.
type Job struct {
	// Kind is a recording kind of the manifest (KindMotorWrist: the wrist CMAP alone), or JobMotor.
	Kind string
	// Files holds the recording, or the wrist and then the elbow recording for JobMotor.
	Files []string
	// DistanceMM is the elbow–wrist distance of a JobMotor.
	DistanceMM float64
}

func (j Job) key() string {
	return fmt.Sprintf("%s\x00%s\x00%v", j.Kind, strings.Join(j.Files, "\x00"), j.DistanceMM)
}

// An Analyzer measures one Job. Pipelines is the analyzer behind `endplate trial`; tests and labs with
// their own measures may supply another. Values name the measures (DMLms, CVms, …); a measure the
// analysis could not make is NaN. Analyze is called from several goroutines at once.
type Analyzer interface {
	Analyze(Job) (Values, error)
}

// AnalyzerFunc adapts a function to an Analyzer.
type AnalyzerFunc func(Job) (Values, error)

// Analyze calls f.
func (f AnalyzerFunc) Analyze(j Job) (Values, error) { return f(j) }

// Options configure FromManifest. The zero value analyses with Pipelines on every core.
type Options struct {
	// Analyzer measures each file; nil means Pipelines{}, the same library calls as the single commands.
	Analyzer Analyzer
	// Jobs is the number of files analysed at once; 0 means runtime.GOMAXPROCS(0).
	Jobs int
	// Key unblinds coded treatment labels: each row's treatment is its patient and side's in Key.
	Key Key
	// Progress, when set, is called after each file is hashed or analysed, with the work done and the
	// total, from one goroutine at a time.
	Progress func(done, total int)
}

// Input is one file that went into a trial, with its SHA-256.
type Input struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Provenance says how a trial's numbers were made.
type Provenance struct {
	Version  string  // endplate's version (module version and VCS revision where the build has them)
	Manifest string  // the manifest's path
	Jobs     int     // files analysed at once
	Inputs   []Input // the manifest, the key file where given, and every recording, in that order
}

// Version is the version of the running endplate build: the main module's version and, where the build
// recorded it, its VCS revision.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				v += "+dirty"
			}
		}
	}
	return v + " " + bi.GoVersion
}

// FromManifest analyses every recording of m (Options.Jobs at a time) and returns the trial. Rows that
// cannot be used — the manifest's own Problems, a missing or unreadable file, a recording the analysis
// rejects, a treatment that cannot be resolved — are listed in the trial's Problems, one error per
// problem naming the file or the manifest line, and left out; everything else is analysed. err is
// non-nil only when nothing could be done (no rows at all).
func FromManifest(m *Manifest, opt *Options) (*Trial, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Analyzer == nil {
		o.Analyzer = Pipelines{}
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	t := &Trial{Provenance: &Provenance{Version: Version(), Manifest: m.Path, Jobs: o.Jobs}}
	var probs problems
	for _, e := range m.Problems {
		line := 0
		if re, ok := e.(*RowError); ok {
			line = re.Line
		}
		probs.add(line, e)
	}
	rows := resolveTreatments(m, o.Key, &probs)

	// Distinct files in manifest order, each hashed once: hashing is also what finds a missing or
	// unreadable file, before any analysis is spent on it.
	var files []string
	fileLine := map[string]int{}
	for _, r := range rows {
		if r.File != "" {
			if _, ok := fileLine[r.File]; !ok {
				fileLine[r.File] = r.Line
				files = append(files, r.File)
			}
		}
	}
	done, total := 0, len(files)
	tick := func() {
		done++
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	sums := make([]string, len(files))
	hashErr := make([]error, len(files))
	parallel(len(files), o.Jobs, func(i int) { sums[i], hashErr[i] = hashFile(files[i]) }, tick)
	if m.Path != "" {
		if s, err := hashFile(m.Path); err == nil {
			t.Provenance.Inputs = append(t.Provenance.Inputs, Input{m.Path, s})
		}
	}
	bad := map[string]bool{}
	for i, f := range files {
		if hashErr[i] != nil {
			bad[f] = true
			probs.add(fileLine[f], fmt.Errorf("%s: %v (%s)", f, unwrapPath(hashErr[i]), where(m, fileLine[f])))
			continue
		}
		t.Provenance.Inputs = append(t.Provenance.Inputs, Input{f, sums[i]})
	}

	cells := groupCells(rows, bad)
	jobs, jobLine := plan(cells)
	total += len(jobs)
	vals := make([]Values, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), o.Jobs, func(i int) { vals[i], errs[i] = safeAnalyze(o.Analyzer, jobs[i]) }, tick)
	res := map[string]Values{}
	failed := map[string]bool{}
	for i, j := range jobs {
		if errs[i] != nil {
			failed[j.key()] = true
			continue
		}
		res[j.key()] = vals[i]
	}
	for i, j := range jobs {
		if errs[i] == nil {
			continue
		}
		// A pair fails with its wrist file when the wrist alone failed: report the file once.
		if j.Kind == JobMotor && failed[Job{Kind: KindMotorWrist, Files: j.Files[:1]}.key()] {
			continue
		}
		msg := errs[i].Error()
		named := false
		for _, f := range j.Files {
			named = named || strings.Contains(msg, f)
		}
		if !named {
			msg = j.Files[len(j.Files)-1] + ": " + msg
		}
		probs.add(jobLine[i], fmt.Errorf("%s (%s)", msg, where(m, jobLine[i])))
	}
	t.Visits = visitOrder(rows)
	t.Arms = assemble(cells, res)
	sortArms(t.Arms, t.Visits)
	t.Problems = probs.sorted()
	if len(rows) == 0 && len(t.Problems) == 0 {
		return nil, fmt.Errorf("%s: no rows to analyse", m.Path)
	}
	return t, nil
}

// safeAnalyze runs one job; a panic inside the analysis becomes that file's error, so one malformed
// file never stops the trial.
func safeAnalyze(a Analyzer, j Job) (v Values, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error, please report it with the file: %v", p)
		}
	}()
	return a.Analyze(j)
}

// parallel runs fn(0…n−1) on up to workers goroutines and calls tick after each, from this goroutine.
func parallel(n, workers int, fn func(int), tick func()) {
	if n == 0 {
		return
	}
	workers = min(workers, n)
	next := make(chan int)
	fin := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
				fin <- struct{}{}
			}
		}()
	}
	go func() {
		for i := range n {
			next <- i
		}
		close(next)
	}()
	for range n {
		<-fin
		tick()
	}
	wg.Wait()
}

// maxInputBytes bounds a file hashed as a trial input; the largest recordings of a study (long EDF
// sessions) are a few hundred MB.
const maxInputBytes = 4 << 30

// FileSHA256 returns the SHA-256 of the regular file at path, in hex.
func FileSHA256(path string) (string, error) { return hashFile(path) }

func hashFile(path string) (string, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, maxInputBytes)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// unwrapPath drops the path that os errors repeat, so that a problem names its file once.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func where(m *Manifest, line int) string {
	name := m.Path
	if name == "" {
		name = "manifest"
	}
	return fmt.Sprintf("%s:%d", name, line)
}

// problems collects errors with the manifest line they concern, so that they print in manifest order
// whatever order the workers finished in.
type problems struct {
	line []int
	err  []error
}

func (p *problems) add(line int, err error) {
	p.line = append(p.line, line)
	p.err = append(p.err, err)
}

func (p *problems) sorted() []error {
	idx := make([]int, len(p.err))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.line[idx[a]] < p.line[idx[b]] })
	out := make([]error, len(idx))
	for i, k := range idx {
		out[i] = p.err[k]
	}
	return out
}

// openRegular opens path for reading if it is a regular file. It looks before it opens: opening a
// named pipe would block until something writes to it.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: path, Err: errors.New("not a regular file")}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st2, err := f.Stat(); err != nil || !st2.Mode().IsRegular() {
		f.Close()
		return nil, &os.PathError{Op: "open", Path: path, Err: errors.New("not a regular file")}
	}
	return f, nil
}
