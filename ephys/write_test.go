package ephys

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// WriteFile leaves a complete file or the old one, never a temporary beside it, and gives a new file
// the usual 0644 while a replaced one keeps its mode.
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
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", st.Mode().Perm())
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
