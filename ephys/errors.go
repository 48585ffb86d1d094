package ephys

import "fmt"

// FormatError reports a file that does not follow its format.
type FormatError struct {
	Format Format
	Offset int64  // byte offset where the problem lies, -1 when it is not one place
	Msg    string // what is wrong
	Err    error  // underlying error, e.g. io.ErrUnexpectedEOF for a truncated file
}

func (e *FormatError) Error() string {
	s := "invalid " + formatName(e.Format) + "file: " + e.Msg
	if e.Format == "" { // the format is not known: the file is none endplate reads
		s = "invalid file: " + e.Msg
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (at byte %d)", e.Offset)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FormatError) Unwrap() error { return e.Err }

// UnsupportedError reports a valid file that uses a feature endplate does not read.
type UnsupportedError struct {
	Format Format
	Msg    string
}

func (e *UnsupportedError) Error() string {
	if e.Format == "" {
		return "unsupported feature: " + e.Msg
	}
	return "unsupported " + formatName(e.Format) + "feature: " + e.Msg
}

// formatName is the format's name and a blank, or nothing when the format is not known.
func formatName(f Format) string {
	if f == "" {
		return ""
	}
	return string(f) + " "
}

func formatErr(f Format, off int64, format string, args ...any) error {
	return &FormatError{Format: f, Offset: off, Msg: fmt.Sprintf(format, args...)}
}
