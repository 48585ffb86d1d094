package ephys

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"
)

// textString returns b as a UTF-8 string, reading it as Latin-1 when it is not valid UTF-8.
func textString(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// lineReader walks the lines of a text file through a small buffer, tracking line numbers and byte
// offsets; the file is never held whole. A line is valid until the next call to next. A read error
// ends the lines and is kept in err, which the readers return in place of what they parsed.
type lineReader struct {
	f    Format
	ra   io.ReaderAt
	size int64
	r    *bufio.Reader
	long []byte // a line longer than r's buffer, assembled
	line int    // number (from 1) of the line last returned
	off  int64  // offset of the line last returned
	pos  int64  // offset of the next line
	err  error
}

const (
	lineBuffer = 64 << 10
	// maxLineBytes bounds one line: a row of maxTableColumns long numbers is under 100 KiB.
	maxLineBytes = 16 << 20
)

// newLineReader reads the size bytes of ra as text of format f, skipping a UTF-8 byte-order mark.
func newLineReader(f Format, ra io.ReaderAt, size int64) *lineReader {
	buf := int(min(lineBuffer, max(size, 16))) // a small file gets a small buffer
	lr := &lineReader{f: f, ra: ra, size: size, r: bufio.NewReaderSize(io.NewSectionReader(ra, 0, size), buf)}
	if b, _ := lr.r.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		lr.r.Discard(3)
		lr.pos = 3
	}
	return lr
}

// textLines is a lineReader over text already in memory.
func textLines(f Format, b []byte) *lineReader {
	return newLineReader(f, bytes.NewReader(b), int64(len(b)))
}

// next returns the next line without its line end, false at the end of the text or after an error.
func (lr *lineReader) next() ([]byte, bool) {
	if lr.err != nil {
		return nil, false
	}
	l, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], l...)
		for err == bufio.ErrBufferFull && len(lr.long) <= maxLineBytes {
			l, err = lr.r.ReadSlice('\n')
			lr.long = append(lr.long, l...)
		}
		if len(lr.long) > maxLineBytes {
			lr.err = formatErr(lr.f, lr.pos, "line %d is longer than %d bytes", lr.line+1, maxLineBytes)
			return nil, false
		}
		l = lr.long
	}
	if err != nil && err != io.EOF {
		lr.err = err
		return nil, false
	}
	if len(l) == 0 {
		return nil, false
	}
	lr.off = lr.pos
	lr.pos += int64(len(l))
	lr.line++
	if n := len(l); l[n-1] == '\n' {
		l = l[:n-1]
	}
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, true
}

// restLines counts the lines from the next one to the end of the text (a last line without a line end
// counts), reading ahead of the buffer without consuming anything. The extra pass over the file (from
// the page cache, a fraction of the parse's time) lets a table allocate its columns once at their
// final size: grown by append, a large table would briefly need half as much again.
func (lr *lineReader) restLines() (int, error) {
	buffered, _ := lr.r.Peek(lr.r.Buffered())
	n := bytes.Count(buffered, []byte{'\n'})
	last := byte('\n')
	if len(buffered) > 0 {
		last = buffered[len(buffered)-1]
	}
	start := lr.pos + int64(len(buffered))
	buf := make([]byte, min(lineBuffer, max(lr.size-start, 0)))
	for off := start; off < lr.size; {
		k, err := lr.ra.ReadAt(buf[:min(int64(len(buf)), lr.size-off)], off)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if k > 0 {
			last = buf[k-1]
		}
		off += int64(k)
		if err != nil && !(err == io.EOF && off == lr.size) {
			return 0, err
		}
		if k == 0 && err == nil {
			return 0, io.ErrNoProgress
		}
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

func blank(l []byte) bool { return len(bytes.TrimSpace(l)) == 0 }

// clip shortens a cell for an error message.
func clip(c []byte) string {
	if len(c) > 40 {
		return textString(c[:40]) + "…"
	}
	return textString(c)
}

// clipString shortens text for an error message.
func clipString(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// parseText runs parse over the lines of lr; a read error of lr takes the place of the result.
func parseText(lr *lineReader, parse func(*lineReader) (*Recording, error)) (*Recording, error) {
	r, err := parse(lr)
	if lr.err != nil {
		return nil, lr.err
	}
	return r, err
}
