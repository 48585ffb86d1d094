package sample

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The files in testdata/trial are what Generate writes: regenerate them with go generate when this
// fails after a deliberate change. The manifests and the key are the generator's own and must match
// exactly. The recordings and truth.json come from ncs's and patch's simulators, which their owners
// refine: a change there makes the stored sample differ from a fresh one without making it wrong (it
// stays a recording with its own truth, which TestSampleTrial in package trial holds the analysis
// to). Such a difference is logged, naming the files, so that a simulator change never fails this
// package's tests; a missing or unreadable file, or a different set of files, fails.
func TestSampleUpToDate(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "testdata", "trial")
	var stale []string
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (run go generate ./trial/sample)", err)
			continue
		}
		if bytes.Equal(got, want) {
			continue
		}
		if strings.HasSuffix(name, ".json") && sameJSON(got, want, truthTol) || strings.HasSuffix(name, ".atf") && sameTable(got, want) {
			continue
		}
		if strings.HasSuffix(name, ".csv") {
			t.Errorf("testdata/trial/%s differs from what Generate writes (run go generate ./trial/sample)", name)
			continue
		}
		stale = append(stale, name)
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		t.Logf("the simulators now write other samples for %d files (%s …): run go generate ./trial/sample to refresh them",
			len(stale), stale[0])
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok && e.Name() != "README.md" {
			t.Errorf("testdata/trial/%s is not the generator's (run go generate ./trial/sample after removing the folder's files)", e.Name())
		}
	}
}

// truthTol is the relative tolerance of truth.json's numbers. math.Exp's last bit differs between
// architectures (amd64's assembly, pure Go on 386), and the simulators' truths come from bisection and
// golden-section searches: on a flat negative peak a last-bit change takes the search down another
// path, and the peak time moved by 3.2e-9 relative between amd64 and 386. 1e-7 leaves a margin and
// still catches any change of a model parameter. The EDF files are quantised to 16 bits and the
// manifest's numbers are rounded, so both must match byte for byte.
const truthTol = 1e-7

func sameJSON(a, b []byte, tol float64) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return cmp.Equal(va, vb, cmpopts.EquateApprox(tol, 0))
}

func sameTable(a, b []byte) bool {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	if len(la) != len(lb) {
		return false
	}
	for i := range la {
		fa, fb := strings.FieldsFunc(la[i], isSep), strings.FieldsFunc(lb[i], isSep)
		if len(fa) != len(fb) {
			return false
		}
		for j := range fa {
			if fa[j] == fb[j] {
				continue
			}
			x, errx := strconv.ParseFloat(fa[j], 64)
			y, erry := strconv.ParseFloat(fb[j], 64)
			// Samples are rounded to 0.001 nA, so an architecture's last-bit difference (see truthTol)
			// can move one by a unit of that rounding at most.
			if errx != nil || erry != nil || !cmp.Equal(x, y, cmpopts.EquateApprox(1e-12, 1.0001e-3)) {
				return false
			}
		}
	}
	return true
}

func isSep(r rune) bool { return r == ',' || r == '\t' }
