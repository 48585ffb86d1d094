package ephys

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// WriteFile leaves a complete file or the old one, never a temporary beside it, and gives a new file
// the mode any new file gets (0666 less the umask) while a replaced one keeps its mode.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	r := synthRecording(2, 3, 100, 1000)
	path := filepath.Join(dir, "out.csv")
	if err := WriteFile(path, r, FormatCSV); err != nil {
		t.Fatal(err)
	}
	back, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.NumChannels() != 2 || back.NumSweeps() != 3 {
		t.Errorf("read back %d channels × %d sweeps, want 2 × 3", back.NumChannels(), back.NumSweeps())
	}
	back.Close()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := os.OpenFile(filepath.Join(dir, "ref"), os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	rst, _ := ref.Stat()
	ref.Close()
	if st.Mode().Perm() != rst.Mode().Perm() {
		t.Errorf("new file has mode %v, want %v as os.Create gives", st.Mode().Perm(), rst.Mode().Perm())
	}
	before, _ := os.ReadFile(path)
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	// A failing write (a format endplate does not write) leaves the old file and no temporary.
	if err := WriteFile(path, r, FormatABF2); err == nil {
		t.Fatal("writing ABF2: no error")
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("a failed write changed the file")
	}
	if names, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(names) != 0 {
		t.Errorf("temporaries left behind: %v", names)
	}
	if err := WriteFile(path, r, FormatTSV); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want its old 0600", st.Mode().Perm())
	}
}

// WriteFile refuses the recording's own file and anything that is not a regular file, writes through
// a symbolic link, and names the target (never its temporary) in its errors.
func TestWriteFileTargets(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src.csv")
	if err := WriteFile(src, synthRecording(1, 2, 50, 1000), FormatCSV); err != nil {
		t.Fatal(err)
	}
	r, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	link := filepath.Join(dir, "link.csv")
	os.Symlink("src.csv", link)
	for _, p := range []string{src, link} {
		if err := WriteFile(p, r, FormatTSV); err == nil || !strings.Contains(err.Error(), "own file") {
			t.Errorf("%s: error %v, want a refusal to replace the recording's own file", p, err)
		}
	}
	for p, want := range map[string]string{
		dir:                               "is a directory",
		"/dev/null":                       "is a device",
		filepath.Join(dir, "no", "x.csv"): "no such directory",
	} {
		if err := WriteFile(p, r, FormatTSV); err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), p) {
			t.Errorf("%s: error %v, want it to name the target and say %q", p, err, want)
		}
	}
	dangling := filepath.Join(dir, "dangling.csv")
	os.Symlink("missing/x.csv", dangling)
	if err := WriteFile(dangling, r, FormatTSV); err == nil || !strings.HasPrefix(err.Error(), dangling) {
		t.Errorf("dangling link: error %v", err)
	}

	dst := filepath.Join(dir, "dst.tsv")
	os.WriteFile(dst, []byte("old"), 0o640)
	dlink := filepath.Join(dir, "dlink.tsv")
	os.Symlink("dst.tsv", dlink)
	if err := WriteFile(dlink, r, FormatTSV); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(dlink); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(dst); !strings.HasPrefix(string(b), "time_s\t") {
		t.Errorf("the link's target holds %.20q", b)
	}
	if st, _ := os.Stat(dst); st.Mode().Perm() != 0o640 {
		t.Errorf("the link's target has mode %v, want its own 0640", st.Mode().Perm())
	}
}

// An ABF's start date and time go into the EDF header (to the second).
func TestEDFStartFromABF(t *testing.T) {
	r := synthRecording(1, 1, 100, 1000)
	r.Format = FormatABF2
	r.Header = []Field{{Key: "uFileStartDate", Value: "20160802"}, {Key: "uFileStartTimeMS", Value: "77950343"}}
	var b bytes.Buffer
	if err := Write(&b, r, FormatEDF); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	if got := h[168:184]; got != "02.08.1621.39.10" {
		t.Errorf("start date and time %q, want 02.08.16 21.39.10 (77950 s after midnight)", got)
	}
	if got := strings.TrimSpace(h[88:168]); got != "Startdate 02-AUG-2016 X X X" {
		t.Errorf("recording field %q", got)
	}
	r.Header[0].Value = "garbage"
	b.Reset()
	if err := Write(&b, r, FormatEDF); err != nil || b.String()[168:176] != "01.01.85" {
		t.Errorf("an unreadable date must leave EDF's default, got %q (%v)", b.String()[168:176], err)
	}
}

// A short time column whose shortest times a whole number of hertz also reproduces (5 samples at
// 1/0.00248 s ≈ 403.2258 Hz: 403 Hz stays within the printed digits) is written with all its digits,
// so that it reads back at its own rate; a longer one keeps the shortest form.
func TestTimeColumnRate(t *testing.T) {
	for _, n := range []int{5, 1000} {
		r := synthRecording(1, 1, n, 1/0.00248)
		r.Sweeps[0].Zero = 0 // times k·0.00248 s, short decimals
		var b bytes.Buffer
		if err := Write(&b, r, FormatCSV); err != nil {
			t.Fatal(err)
		}
		back, err := OpenReader(bytes.NewReader(b.Bytes()), int64(b.Len()), ".csv")
		if err != nil {
			t.Fatal(err)
		}
		if got := back.Channels[0].Rate; got != r.Channels[0].Rate {
			t.Errorf("%d rows: read back at %v Hz, wrote %v Hz", n, got, r.Channels[0].Rate)
		}
		short := strings.Contains(b.String(), "\n0.00248,")
		if short != (n != 5) {
			t.Errorf("%d rows: shortest times %v\n%.200s", n, short, b.String())
		}
	}
}
