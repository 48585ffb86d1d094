package ephys

import (
	"bytes"
	"strconv"
	"unsafe"
)

// splitCells appends the cells of line l to dst, separated by sep, with CSV quoting ("a, b" and ""
// for a quote inside quotes). Unquoted cells are trimmed of blanks. It stops with ok = false when
// the line has more than max cells.
func splitCells(dst [][]byte, l []byte, sep byte, max int) (cells [][]byte, ok bool) {
	if bytes.IndexByte(l, '"') < 0 { // fast path
		for {
			if len(dst) >= max {
				return dst, false
			}
			i := bytes.IndexByte(l, sep)
			if i < 0 {
				return append(dst, bytes.TrimSpace(l)), true
			}
			dst = append(dst, bytes.TrimSpace(l[:i]))
			l = l[i+1:]
		}
	}
	for {
		if len(dst) >= max {
			return dst, false
		}
		t := bytes.TrimLeft(l, " ")
		if len(t) > 0 && t[0] == '"' {
			var cell []byte
			t = t[1:]
			for {
				q := bytes.IndexByte(t, '"')
				if q < 0 { // unterminated: take the rest
					cell = append(cell, t...)
					t = nil
					break
				}
				cell = append(cell, t[:q]...)
				t = t[q+1:]
				if len(t) > 0 && t[0] == '"' {
					cell = append(cell, '"')
					t = t[1:]
					continue
				}
				break
			}
			if cell == nil {
				cell = []byte{}
			}
			dst = append(dst, cell)
			i := bytes.IndexByte(t, sep)
			if i < 0 {
				return dst, true
			}
			l = t[i+1:]
			continue
		}
		i := bytes.IndexByte(l, sep)
		if i < 0 {
			return append(dst, bytes.TrimSpace(l)), true
		}
		dst = append(dst, bytes.TrimSpace(l[:i]))
		l = l[i+1:]
	}
}

// parseNumber parses a cell as a float64 without allocating.
func parseNumber(c []byte) (float64, error) {
	if len(c) == 0 {
		return 0, strconv.ErrSyntax
	}
	// The string shares c's memory only for the call; the error, if any, is not kept.
	v, err := strconv.ParseFloat(unsafe.String(&c[0], len(c)), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v, nil // ±Inf or a denormal: judged by the caller
		}
		return 0, strconv.ErrSyntax
	}
	return v, nil
}
