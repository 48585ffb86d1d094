package ephys

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Write writes the recording to w in format f: FormatCSV, FormatTSV, FormatATF, FormatEDFC or
// FormatEDFD (FormatEDF writes EDF+C for one sweep and EDF+D for several).
//
// Text formats hold every sample exactly (the shortest decimal that reads back to the same float64).
// Writing EDF quantises the samples to 16 bits: each channel's physical range is its smallest and
// largest sample, so a sample moves by at most (max − min)/131070.
//
// A recording the format cannot hold as it is — NaN or infinite sweep times, a rate or duration EDF's
// header cannot state, more columns than a table reader accepts — is refused with an
// *UnsupportedError before anything is written to w; so is a NaN or infinite sample in EDF. An
// infinite sample in a text table (NaN is written, as a missing value) is found while the rows are
// streamed: Write stops with an *UnsupportedError, and WriteFile leaves no file.
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

// WriteFile writes the recording to path in format f, through a temporary file beside the target
// that is renamed onto it when complete: path never holds a half-written file, and on error it is
// left as it was.
//
// A symbolic link is written through: the file it points to is replaced and the link stays. The
// target must be a regular file or not exist yet; a directory, named pipe, device or socket is
// refused, as is a link to a missing file, and so is the recording's own file. A new file gets mode 0666 less the umask, as any file
// created by the process; a replaced one keeps its mode. File-system errors name path, never the
// temporary file.
func WriteFile(path string, r *Recording, f Format) (err error) {
	target, st, err := WriteTarget(path)
	if err != nil {
		return err
	}
	if st != nil && r.Path != "" {
		if in, err := os.Stat(r.Path); err == nil && os.SameFile(in, st) {
			return fmt.Errorf("%s: is the recording's own file %s: writing would replace the data being read", path, r.Path)
		}
	}
	tmp, err := createBeside(target)
	if err != nil {
		return &fs.PathError{Op: "create", Path: path, Err: underlying(err)}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	named := func(op string, err error) error {
		if err == nil {
			return nil
		}
		return &fs.PathError{Op: op, Path: path, Err: underlying(err)}
	}
	if err = Write(tmp, r, f); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			return named("write", err)
		}
		return err
	}
	if st != nil {
		if err = named("chmod", tmp.Chmod(st.Mode().Perm())); err != nil {
			return err
		}
	}
	if err = named("write", tmp.Sync()); err != nil {
		return err
	}
	if err = named("write", tmp.Close()); err != nil {
		return err
	}
	return named("rename", os.Rename(tmp.Name(), target))
}

// WriteTarget checks that path can be written by WriteFile and returns the file that will be
// replaced or created: path itself, or where its symbolic links lead. st describes the existing
// file, nil when there is none yet. The error names path and says what is wrong with it.
func WriteTarget(path string) (target string, st fs.FileInfo, err error) {
	lst, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(path)
		if dst, derr := os.Stat(dir); derr != nil || !dst.IsDir() {
			return "", nil, fmt.Errorf("%s: no such directory %s", path, dir)
		}
		return path, nil, nil
	case err != nil:
		return "", nil, err // *PathError naming path
	}
	target = path
	if lst.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return "", nil, fmt.Errorf("%s: a symbolic link to a file that cannot be reached (%v)", path, underlying(err))
		}
	}
	if st, err = os.Stat(target); err != nil {
		return "", nil, err
	}
	if !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s: %s", path, notWritable(st.Mode()))
	}
	return target, st, nil
}

// notWritable says why a file that is not a regular file is not written over.
func notWritable(m fs.FileMode) string {
	if m.IsDir() {
		return "is a directory"
	}
	return "is " + fileKind(m) + ", not a regular file"
}

// createBeside creates a new, empty file in target's directory under a name of its own, with mode
// 0666 less the umask (os.CreateTemp would give 0600).
func createBeside(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(uint64(rand.Uint32()), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fs.ErrExist
}

// underlying strips the path from a file-system error (it may name a temporary file).
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// channelNames returns the names the channels are written under in format f: each channel's own
// (ch<k> when it has none), made safe for the format — no control characters; for ATF no quotes or
// commas; for EDF printable ASCII in 16 characters — and distinct, a repeated name taking "_2", "_3"
// …, so that reading the file back gives the same channels and never merges two of them. EDF's
// annotation label "EDF Annotations" is never given to a channel.
func channelNames(r *Recording, f Format) []string {
	limit := 0 // characters, 0 for no limit
	taken := map[string]bool{}
	if f == FormatEDF || f == FormatEDFC || f == FormatEDFD {
		limit = 16
		taken[edfAnnotationLabel] = true
	}
	names := make([]string, len(r.Channels))
	for c := range r.Channels {
		base := writtenText(channelName(r, c), f, limit)
		if base == "" {
			base = "ch" + strconv.Itoa(c+1)
		}
		name := base
		for k := 2; taken[name]; k++ {
			suffix := "_" + strconv.Itoa(k)
			name = base
			if limit > 0 && len(base)+len(suffix) > limit {
				name = base[:max(0, limit-len(suffix))]
			}
			name += suffix
		}
		taken[name] = true
		names[c] = name
	}
	return names
}

// writtenUnit is a channel's unit as format f writes it: safe for the format, and with brackets for
// parentheses, which would end a table title's "(<unit>)" early.
func writtenUnit(u string, f Format) string {
	u = strings.NewReplacer("(", "[", ")", "]").Replace(u)
	if f == FormatEDF || f == FormatEDFC || f == FormatEDFD {
		return writtenText(u, f, 8)
	}
	return writtenText(u, f, 0)
}

// writtenText makes s safe for format f: control characters become blanks; ATF loses quotes and
// commas (they end its quoted cells and Signals lists); EDF keeps printable ASCII ("µ" as "u") in at
// most limit characters. The result is trimmed, as the readers trim what they read.
func writtenText(s string, f Format, limit int) string {
	s = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	switch f {
	case FormatATF:
		s = atfText(s)
	case FormatEDF, FormatEDFC, FormatEDFD:
		s = strings.TrimSpace(s)
		s = edfText(s, min(len(s), limit))
	}
	return strings.TrimSpace(s)
}

// maxWriteTime bounds the times (sweep starts, tags) the writers state, in seconds: the EDF reader's
// limit on an annotation's onset (about 31,700 years).
const maxWriteTime = 1e12

// finiteTime checks that a time the format writes is a finite number within ±limit seconds.
func finiteTime(f Format, what string, t, limit float64) error {
	if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > limit {
		return &UnsupportedError{Format: f, Msg: fmt.Sprintf("%s is %v s, which the file cannot state (a finite time within ±%g s is needed)", what, t, limit)}
	}
	return nil
}
