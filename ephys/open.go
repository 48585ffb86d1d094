package ephys

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxTextSize is the largest text file (ATF, CSV/TSV, MEM) Open parses. Text is read line by line
// through a small buffer, never held whole, so the limit bounds the time a parse can take (about
// 1 s per 100 MB), not memory; MaxTextValues bounds that.
const MaxTextSize int64 = 4 << 30

// MaxTextValues is the most numbers, time column included, Open keeps from a text table (ATF,
// CSV/TSV): 512 MiB of float64. Longer recordings belong in a binary format (EDF, ABF), which Open
// reads lazily. Opening any text file thus stays well under 1 GiB of memory, and a Go program (which
// reserves about 1.2 GB of address space at start) under a 3 GB limit.
const MaxTextValues = 1 << 26

// MaxTags is the most markers (ABF tags, EDF+ annotations) Open keeps from a file; a file with more
// is refused with an *UnsupportedError. Real recordings hold a few to a few thousand; the limit keeps
// what one hostile file can make a program hold (and print) to tens of megabytes.
const MaxTags = 1 << 20

// MaxSweeps is the most sweeps (ABF episodes, EDF+D data records) Open accepts.
const MaxSweeps = 1 << 22

// Open opens a recording, detecting its format from the content. It reads the header (and all of a
// text file, parsed line by line); samples of binary formats are read when Trace asks for them, so the
// file stays open until Close. Only regular files are read: a directory, a FIFO, a socket or a device
// is refused before it is opened (a FIFO would block, a device never end). Errors name the file.
func Open(path string) (*Recording, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %s", path, notRegular(st.Mode()))
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	fst, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	case !fst.Mode().IsRegular():
		f.Close()
		return nil, fmt.Errorf("%s: %s", path, notRegular(fst.Mode()))
	case !os.SameFile(st, fst):
		f.Close()
		return nil, fmt.Errorf("%s: the file was replaced while it was opened", path)
	}
	r, err := OpenReader(f, fst.Size(), filepath.Ext(path))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.Path = path
	r.closer = f
	return r, nil
}

// notRegular says what a file that is not a regular file is, and why it is not read.
func notRegular(m os.FileMode) string {
	if m.IsDir() {
		return "is a directory"
	}
	return "is " + fileKind(m) + ", not a regular file: endplate reads recordings from regular files only"
}

// fileKind names the kind of a file that is not a regular file: "a directory", "a socket", ….
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// OpenReader reads a recording from ra, which holds size bytes; ext is the file's extension (".csv"),
// used only to tell CSV from TSV when the content leaves it open, and may be empty. Binary formats
// keep reading from ra lazily: ra must stay valid until the recording is closed.
func OpenReader(ra io.ReaderAt, size int64, ext string) (*Recording, error) {
	if size < 0 {
		return nil, formatErr("", -1, "negative size")
	}
	head := make([]byte, min(size, 4096))
	if _, err := ra.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, err
	}
	f := Detect(head, ext)
	switch f {
	case FormatABF1, FormatABF2:
		return openABF(ra, size)
	case FormatEDF:
		return openEDF(ra, size)
	case "":
		if size == 0 {
			return nil, formatErr("", -1, "the file is empty")
		}
		return nil, formatErr("", -1, "not a recording endplate reads (ABF, ATF, EDF/EDF+, CSV/TSV, Qtrac MEM)")
	}
	// Text formats are parsed line by line.
	if size > MaxTextSize {
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("text file of %d bytes is larger than %d", size, MaxTextSize)}
	}
	lr := newLineReader(f, ra, size)
	switch f {
	case FormatATF:
		return parseText(lr, parseATF)
	case FormatMEM:
		if size > maxMEMSize {
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("MEM file of %d bytes is larger than %d", size, maxMEMSize)}
		}
		return parseText(lr, parseMEM)
	case FormatTSV:
		return parseText(lr, tableParser('\t'))
	default:
		return parseText(lr, tableParser(','))
	}
}

// Detect names the format of a file from its first bytes (up to 4096) and, for CSV versus TSV only,
// its extension. It returns FormatEDF for EDF and EDF+ alike and "" when it does not recognise the
// content.
func Detect(head []byte, ext string) Format {
	switch {
	case bytes.HasPrefix(head, []byte("ABF2")):
		return FormatABF2
	case bytes.HasPrefix(head, []byte("ABF ")):
		return FormatABF1
	case len(head) >= 8 && string(head[:8]) == "0       ":
		return FormatEDF
	case bytes.HasPrefix(head, []byte("ATF")) && len(head) > 3 && (head[3] == ' ' || head[3] == '\t'):
		return FormatATF
	case sniffMEM(head):
		return FormatMEM
	}
	// A table: text whose first line has a separator — after blank lines and "#" comments without one.
	if !isText(head) {
		return ""
	}
	var line []byte
	for l := range bytes.Lines(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))) { // UTF-8 byte-order mark
		l = bytes.TrimRight(l, "\r\n")
		if blank(l) || l[0] == '#' && !bytes.ContainsAny(l, ",\t") {
			continue
		}
		line = l
		break
	}
	if len(line) == 0 {
		return ""
	}
	// Separators outside quoted titles decide; when both occur, the extension, then the majority.
	tabs, commas, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\t':
			tabs++
		case c == ',':
			commas++
		}
	}
	switch {
	case tabs > 0 && commas == 0:
		return FormatTSV
	case commas > 0 && tabs == 0:
		return FormatCSV
	case tabs > 0 && (strings.EqualFold(ext, ".tsv") || strings.EqualFold(ext, ".txt")):
		return FormatTSV
	case commas > 0 && strings.EqualFold(ext, ".csv"):
		return FormatCSV
	case tabs >= commas && tabs > 0:
		return FormatTSV
	case commas > 0:
		return FormatCSV
	}
	return ""
}

// isText reports whether b looks like text: no NUL bytes and few control characters.
func isText(b []byte) bool {
	bad := 0
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			bad++
		}
	}
	return bad*100 <= len(b)
}
