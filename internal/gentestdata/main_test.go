package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The files in testdata/ are what the generator writes: regenerate them with go generate when this
// fails after a deliberate change.
func TestTestdataUpToDate(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../../testdata", name))
		if err != nil {
			t.Errorf("%v (run go generate ./internal/gentestdata)", err)
			continue
		}
		if bytes.Equal(got, want) {
			continue
		}
		if strings.HasSuffix(name, ".json") && sameJSON(got, want) {
			continue
		}
		if (strings.HasSuffix(name, ".csv") || strings.HasSuffix(name, ".atf")) && sameTable(got, want) {
			continue
		}
		t.Errorf("testdata/%s differs from what the generator writes (run go generate ./internal/gentestdata)", name)
	}
}

// sameJSON reports whether two JSON documents hold the same values, numbers to 1e-12 relative. The
// generator's values come from math.Exp and math.Sin, whose last bit differs between architectures
// (amd64's assembly with fused multiply-adds, the pure Go elsewhere: a CMAP peak of
// −7.997276119359445 on amd64 is −7.997276119359447 on 386), so the manifest and the text tables
// written at full precision may differ there in the last digits; the EDF files are quantised to
// 16 bits and must match byte for byte.
func sameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return cmp.Equal(va, vb, cmpopts.EquateApprox(1e-12, 0))
}

// sameTable reports whether two text tables (CSV, ATF) have the same lines and fields, numbers to
// 1e-12 relative (see sameJSON).
func sameTable(a, b []byte) bool {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	if len(la) != len(lb) {
		return false
	}
	approx := cmpopts.EquateApprox(1e-12, 0)
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
			if errx != nil || erry != nil || !cmp.Equal(x, y, approx) {
				return false
			}
		}
	}
	return true
}

func isSep(r rune) bool { return r == ',' || r == '\t' }
