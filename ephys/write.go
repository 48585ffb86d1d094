package ephys

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes the recording to w in format f: FormatCSV, FormatTSV, FormatATF, FormatEDFC or
// FormatEDFD (FormatEDF writes EDF+C for one sweep and EDF+D for several).
//
// Text formats hold every sample exactly (the shortest decimal that reads back to the same float64).
// Writing EDF quantises the samples to 16 bits: each channel's physical range is its smallest and
// largest sample, so a sample moves by at most (max − min)/131070.
func Write(w io.Writer, r *Recording, f Format) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var err error
	switch f {
	case FormatCSV:
		err = writeTable(bw, r, ',')
	case FormatTSV:
		err = writeTable(bw, r, '\t')
	case FormatATF:
		err = writeATF(bw, r)
	case FormatEDF, FormatEDFC, FormatEDFD:
		err = writeEDF(bw, r, f)
	default:
		return &UnsupportedError{Format: f, Msg: "endplate does not write this format"}
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// WriteFile writes the recording to path in format f. It writes a temporary file beside path and
// renames it, so path never holds a half-written file; on error path is left as it was. A new file
// gets mode 0644, a replaced one keeps its mode.
func WriteFile(path string, r *Recording, f Format) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = Write(tmp, r, f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
