package ephys

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// Fuzz targets, one per reader and one for Open's detection. Each reads the input and, when that
// succeeds, reads every trace and writes the recording back: nothing may panic, hang or allocate
// without bound. Seeds: real files (or their heads) from ../shared/data when present, the repository's
// testdata, and small synthetic files. Crashers found are kept in testdata/fuzz/<Target>.

// fuzzSeeds adds the files matching patterns (under ../shared/data and ../testdata), cut to limit
// bytes (the Go fuzzer slows to a crawl on inputs of tens of kilobytes), and the extra seeds.
func fuzzSeeds(f *testing.F, limit int, patterns []string, extra ...[]byte) {
	for _, pat := range patterns {
		for _, dir := range []string{sharedDir, "../testdata"} {
			m, _ := filepath.Glob(filepath.Join(dir, pat))
			for i, p := range m {
				if i >= 3 {
					break
				}
				b, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				f.Add(b[:min(len(b), limit)])
			}
		}
	}
	for _, b := range extra {
		f.Add(b)
	}
}

// exercise reads every trace of r (bounded) and writes it to CSV and EDF.
func exercise(t *testing.T, r *Recording) {
	if r.NumChannels()*r.NumSweeps() > 1<<12 {
		return
	}
	for c := range r.NumChannels() {
		for s := range r.NumSweeps() {
			if r.SweepLen(c, s) > 1<<20 {
				continue
			}
			if _, err := r.Trace(c, s); err != nil {
				return // a lazy read may fail on a lying file; it must not panic
			}
			readsEverySample(t, r, c, s)
		}
	}
	_ = Write(io.Discard, r, FormatCSV)
	_ = Write(io.Discard, r, FormatEDF)
	_ = Write(io.Discard, r, FormatATF)
	r.Close()
}

// readsEverySample holds r's source to the contract ReadSamples gives its caller's buffer: a read that
// succeeds has written every sample (poisoned beforehand with a NaN no decoder produces).
func readsEverySample(t *testing.T, r *Recording, c, s int) {
	const poison = 0x7ff4_dead_beef_0bad
	dst := make([]float64, r.src.len(c, s))
	for i := range dst {
		dst[i] = math.Float64frombits(poison)
	}
	if r.src.read(dst, c, s, 0) != nil {
		return
	}
	for i, v := range dst {
		if math.Float64bits(v) == poison {
			t.Fatalf("channel %d sweep %d: the read succeeded but left sample %d of %d unwritten", c, s, i, len(dst))
		}
	}
}

func FuzzEDF(f *testing.F) {
	small := synthRecording(2, 3, 40, 1000)
	small.Tags = []Tag{{Time: 0.5, Duration: 0.1, Text: "tag"}}
	fuzzSeeds(f, 1<<13, []string{"ncs/*.edf", "*.edf"}, encode(f, small, FormatEDFD), encode(f, synthRecording(1, 1, 50, 500), FormatEDFC),
		plainEDF(2, 10, "0.01", "-100", "100", "-1", "1"),
		// A plain EDF whose "EDF Annotations" signal holds TALs, and an EDF+C starting at +0.3945.
		handEDF("", "0.05", 2, []edfSig{{"EMG", 5}, {"EDF Annotations", 12}}, func(k, i int) []byte {
			if i == 0 {
				return nil
			}
			return []byte(tal(fmt.Sprintf("+%g", 0.05*float64(k)), "") + tal("+0.02", "S"))
		}),
		handEDF("EDF+C", "1", 2, []edfSig{{"EMG", 4}, {"EDF Annotations", 16}}, func(k, i int) []byte {
			return []byte(tal(fmt.Sprintf("+%g", 0.3945+float64(k)), "") + tal("+1.5", "x"))
		}))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := openEDF(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		exercise(t, r)
	})
}

func FuzzATF(f *testing.F) {
	fuzzSeeds(f, 1<<13, []string{"ach/*.atf", "*.atf"}, encode(f, synthRecording(2, 2, 20, 1000), FormatATF),
		[]byte("ATF\t1.0\n1\t3\n\"Signals=\"\t\"a\"\t\"b\"\n\"Time (ms)\"\t\"Trace #1 (pA)\"\t\"Trace #1 (mV)\"\n0\t1\t2\n0.1\t3\t4\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := readATF(b)
		if err != nil {
			return
		}
		exercise(t, r)
	})
}

func FuzzTable(f *testing.F) {
	fuzzSeeds(f, 1<<13, []string{"ncs/*.csv", "ach/*.csv", "*.csv"}, encode(f, synthRecording(2, 2, 20, 1000), FormatCSV),
		[]byte("\ufefftime_ms,\"a, b (mV)\",x sweep 1 (nA),x sweep 2 (nA)\r\n0,1,2,\r\n0.5,1,2,3\r\n"),
		[]byte("Time (s)\tI (pA)\n0\t1\n0.001\tNaN\n"),
		[]byte("# rig export\n# Time [ms], amp_mV, APB sweep 1_uV, APB sweep 2_uV\n0, 1, 2, 3\n0.0333, 1, 2, 3\n0.0667, 1, 2, 3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, sep := range []byte{',', '\t'} {
			r, err := readTable(b, sep)
			if err != nil {
				continue
			}
			exercise(t, r)
		}
	})
}

func FuzzMEM(f *testing.F) {
	fuzzSeeds(f, 1<<14, []string{"qtrac/*.MEM"},
		[]byte("File: x\nM-SCAN DATA (1-2m)\nStim. (uA)\tAmp. (mV)\nMS.1\t14\t6.7\nMS.2\t13\t6.1\t5\nEXTRA VARIABLES\nMScPeak(mV) = 6.6\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := readMEM(b)
		if err != nil {
			return
		}
		_ = Write(io.Discard, r, FormatCSV)
	})
}

func FuzzOpen(f *testing.F) {
	fuzzSeeds(f, 1<<12, []string{"ncs/*.edf", "ncs/*.csv", "ach/*.atf", "qtrac/*.MEM", "abf/*.abf", "*.edf", "*.atf"},
		encode(f, synthRecording(1, 2, 30, 1000), FormatTSV), []byte("0       "), []byte("ATF 1.0\n"), []byte("time_s\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, ext := range []string{"", ".tsv"} {
			r, err := OpenReader(bytes.NewReader(b), int64(len(b)), ext)
			if err != nil {
				continue
			}
			exercise(t, r)
		}
	})
}
