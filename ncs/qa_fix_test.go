package ncs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// edfHeader returns the header of an EDF file with one "EMG" signal in mV of spr samples per
// record, nrec records of dur seconds (as check_robust.py builds its hostile files).
func edfHeader(spr, nrec int, dur float64) []byte {
	var h bytes.Buffer
	pad := func(s string, w int) { fmt.Fprintf(&h, "%-*s", w, s) }
	pad("0", 8)
	pad("X", 80)
	pad("Startdate X", 80)
	pad("01.01.20", 8)
	pad("00.00.00", 8)
	pad("512", 8)
	pad("", 44)
	pad(fmt.Sprint(nrec), 8)
	pad(fmt.Sprint(dur), 8)
	pad("1", 4)
	for _, f := range []struct {
		v string
		w int
	}{{"EMG", 16}, {"", 80}, {"mV", 8}, {"-10", 8}, {"10", 8}, {"-32768", 8}, {"32767", 8}, {"", 80},
		{fmt.Sprint(spr), 8}, {"", 32}} {
		pad(f.v, f.w)
	}
	return h.Bytes()
}

// QA item 3: a sweep longer than MaxSweepSamples is refused, naming the file, before its samples
// are read (a 100 MiB EDF of 52 M samples ran the analysis out of memory).
func TestLongSweepRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "long.edf")
	hd := edfHeader(1<<10, -1, 0.1) // 10 kHz
	nrec := MaxSweepSamples>>10 + 1
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write(hd)
	if err == nil {
		err = f.Truncate(int64(len(hd) + 2*nrec<<10)) // sparse: zeros, no disk
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = CMAPFile(p, nil)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "MaxSweepSamples") {
		t.Fatalf("CMAPFile of a %d-sample sweep: err %v, want the file named and MaxSweepSamples", nrec<<10, err)
	}
	if _, err = FWaveFile(p, nil); err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("FWaveFile: err %v, want the file named", err)
	}
}
