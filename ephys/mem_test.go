package ephys

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestMEMSharedData(t *testing.T) {
	row := regexp.MustCompile(`(?m)^MS\.(\d+)\s+(\S+)\s+(\S+)`)
	for _, p := range sharedFiles(t, "qtrac", "*.MEM") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		// The test's own reading of the points.
		var want []ScanPoint
		for _, m := range row.FindAllSubmatch(b, -1) {
			i, _ := strconv.Atoi(string(m[1]))
			s, _ := strconv.ParseFloat(string(m[2]), 64)
			a, _ := strconv.ParseFloat(string(m[3]), 64)
			want = append(want, ScanPoint{Index: i, StimulusMA: s, ResponseMV: a})
		}
		peak := regexp.MustCompile(`MScPeak\(mV\) = (\S+)`).FindSubmatch(b)
		// The file whole, and cut as check_cmapscan.py cuts it.
		cut := bytes.Index(b, []byte("DERIVED EXCITABILITY VARIABLES"))
		if cut < 0 {
			cut = bytes.Index(b, []byte("EXTRA VARIABLES"))
		}
		for k, data := range [][]byte{b, b[:cut]} {
			r, err := OpenReader(bytes.NewReader(data), int64(len(data)), ".MEM")
			if err != nil {
				t.Errorf("%s (cut %v): %v", name, k == 1, err)
				continue
			}
			if r.Format != FormatMEM || r.NumChannels() != 0 || r.Scan == nil {
				t.Fatalf("%s: %s, %d channels, scan %v", name, r.Format, r.NumChannels(), r.Scan != nil)
			}
			if len(r.Scan.Points) != len(want) {
				t.Fatalf("%s: %d points, want %d", name, len(r.Scan.Points), len(want))
			}
			for i, p := range r.Scan.Points {
				if p.Index != want[i].Index || p.StimulusMA != want[i].StimulusMA || p.ResponseMV != want[i].ResponseMV {
					t.Fatalf("%s point %d: %+v, want %+v", name, i, p, want[i])
				}
			}
			if strings.Join(r.Scan.Columns, "|") != "Stim. (mA)|Amp. (mV)" {
				t.Errorf("%s: columns %q", name, r.Scan.Columns)
			}
			if len(r.Header) < 10 || r.Header[0].Key != "File" || r.Protocol == "" {
				t.Errorf("%s: header %v, protocol %q", name, r.Header, r.Protocol)
			}
			got := ""
			for _, s := range r.Scan.Sections {
				for _, f := range s.Fields {
					if s.Title == "EXTRA VARIABLES" && f.Key == "MScPeak(mV)" {
						got = f.Value
					}
				}
			}
			if k == 0 && peak != nil && got != string(peak[1]) {
				t.Errorf("%s: EXTRA VARIABLES MScPeak(mV) = %q, the file says %q", name, got, peak[1])
			}
			if k == 1 && len(r.Scan.Sections) != 0 {
				t.Errorf("%s cut: sections %v", name, r.Scan.Sections)
			}
		}
	}
}

func TestMEMSynthetic(t *testing.T) {
	text := "File:  \tx.QZD\r\nProtocol: \tMSCAN-R2\r\nM-SCAN DATA (1-2m)\r\nStim. (uA)  \tAmp. (uV)\r\n" +
		"MS.1\t14000\t6733\r\nMS.2\t13945\t6641\t7\r\n\r\nEXTRA VARIABLES\r\nMScPeak(mV) = 6.6\r\n"
	r := memRecording(t, []byte(text), "")
	p := r.Scan.Points
	if len(p) != 2 || p[0].StimulusMA != 14 || p[1].ResponseMV != 6.641 || len(p[1].Extra) != 1 || p[1].Extra[0] != 7 {
		t.Errorf("points %+v", p)
	}
	if r.Header[2].Key != "M-SCAN DATA" || r.Header[2].Value != "(1-2m)" {
		t.Errorf("header %v", r.Header)
	}
	// Column titles separated by runs of blanks instead of tabs, as some exports write them.
	spaced := memRecording(t, []byte("M-SCAN DATA\nStim. (mA)     Amp. (mV)   Thr. (%)\nMS.1  14  6.7  3\n"), "")
	if got := strings.Join(spaced.Scan.Columns, "|"); got != "Stim. (mA)|Amp. (mV)|Thr. (%)" {
		t.Errorf("blank-separated titles: %q", got)
	}
	// convert: the points, one row per stimulus, columns with units.
	got := string(encode(t, r, FormatCSV))
	if !strings.HasPrefix(got, "point,Stim. (mA),Amp. (mV)\n1,14,6.733\n2,13.945,6.641,7\n") {
		t.Errorf("CSV of the scan:\n%s", got)
	}
	for name, bad := range map[string]string{
		"letters":   "File:   x\nM-SCAN DATA\nMS.1   abc   def\nMS.2\n",
		"one value": "M-SCAN DATA\nMS.1 3\n",
		"no points": "File: x\nM-SCAN DATA\nStim. (mA)\tAmp. (mV)\n",
	} {
		if _, err := readMEM([]byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func BenchmarkMEMRead(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(sharedDir, "qtrac", "*.MEM"))
	var data []byte
	if len(files) > 0 {
		data, _ = os.ReadFile(files[0])
	} else {
		var sb strings.Builder
		sb.WriteString("File: x\nM-SCAN DATA\nStim. (mA)\tAmp. (mV)\n")
		for i := range 600 {
			sb.WriteString("MS." + strconv.Itoa(i+1) + "\t" + strconv.FormatFloat(14-float64(i)*0.01, 'g', -1, 64) + "\t6.5\n")
		}
		data = []byte(sb.String())
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readMEM(data); err != nil {
			b.Fatal(err)
		}
	}
}

// A scan column in a unit that is no current or voltage is kept as the file gives it and says so; it
// is not relabelled mA on convert (issue 16: "Stim. (%)" came out as "Stim. (mA)").
func TestMEMUnknownUnit(t *testing.T) {
	r := memRecording(t, []byte("M-SCAN DATA\nStim. (%)\tAmp. (uV)\nMS.1\t55\t6733\nMS.2\t54.5\t6641\n"), "")
	sc := r.Scan
	if sc.StimulusUnit != "%" || sc.ResponseUnit != "mV" {
		t.Errorf("units %q, %q; want %%, mV", sc.StimulusUnit, sc.ResponseUnit)
	}
	if p := sc.Points; p[0].StimulusMA != 55 || p[1].StimulusMA != 54.5 || p[0].ResponseMV != 6.733 {
		t.Errorf("points %+v: the stimulus must stay as written, the response converted to mV", p)
	}
	if got := string(encode(t, r, FormatCSV)); !strings.HasPrefix(got, "point,Stim. (%),Amp. (mV)\n1,55,6.733\n") {
		t.Errorf("CSV of the scan:\n%s", got)
	}
	plain := memRecording(t, []byte("M-SCAN DATA\nStim. (mA)\tAmp. (mV)\nMS.1\t14\t6.7\n"), "")
	if plain.Scan.StimulusUnit != "mA" || plain.Scan.ResponseUnit != "mV" {
		t.Errorf("units %q, %q; want mA, mV", plain.Scan.StimulusUnit, plain.Scan.ResponseUnit)
	}
}
