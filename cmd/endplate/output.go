package main

// How a command prints, the same way for every command:
//
//   - The result for one file (or for the run, as motor, dose and trial print one) is a typed struct
//     whose JSON tags are the contract's field names (DESIGN.md), units in the names. A float that can
//     be unmeasurable is a num: NaN or ±Inf encodes as null. Slices are made non-nil so that an
//     empty list prints as [], not null.
//   - The struct has a text method that lays it out for people (printer): numbers rounded to what
//     matters (fixed, sig), units in the labels. JSON keeps full precision.
//   - A per-file command's RunE is one call: return perFile(a, files, asJSON, measure).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// report is what a command prints: JSON through its struct tags, or text for people.
type report interface {
	text(p *printer)
}

// jsonFlag adds the --json flag every command has.
func jsonFlag(c *cobra.Command, asJSON *bool) {
	c.Flags().BoolVar(asJSON, "json", false, "print JSON (full precision) instead of a table")
}

// perFile runs measure on each file and prints the reports. A file that fails is reported on stderr
// (one line naming it) and the others go on. With --json, one file prints one object and several
// files print an array — [] when none could be read — so a script can rely on the shape; the array
// is streamed, one file's report at a time in memory. Without --json, each file's text follows the
// other's, a blank line between.
func perFile[R report](a *app, files []string, asJSON bool, measure func(file string) (R, error)) error {
	array := asJSON && len(files) > 1
	n := 0 // reports printed
	a.each(files, func(file string) error {
		r, err := measure(file)
		if err != nil {
			return err
		}
		if any(r) == nil {
			return fmt.Errorf("%s: no result", file)
		}
		switch {
		case array: // streamed: one file's report in memory at a time
			err = writeArrayElement(a.stdout, r, n == 0)
		case asJSON:
			err = writeJSON(a.stdout, r)
		default:
			if n > 0 {
				fmt.Fprintln(a.stdout)
			}
			err = writeText(a.stdout, r)
		}
		if err == nil {
			n++
		}
		return err
	})
	if array {
		end := "\n]\n"
		if n == 0 {
			end = "[]\n"
		}
		if _, err := io.WriteString(a.stdout, end); err != nil {
			return err
		}
	}
	return a.result()
}

// writeArrayElement prints v as the next element of a JSON array that writeJSON would indent the
// same way: "[" before the first, "," between, each element indented by two spaces.
func writeArrayElement(w io.Writer, v any, first bool) error {
	var b bytes.Buffer
	b.WriteString(",\n  ")
	if first {
		b.Reset()
		b.WriteString("[\n  ")
	}
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return err
}

// emit prints one report: for commands whose output is one object for the whole run.
func emit(a *app, asJSON bool, r report) error {
	if asJSON {
		return writeJSON(a.stdout, r)
	}
	return writeText(a.stdout, r)
}

func writeText(w io.Writer, r report) error {
	var p printer
	r.text(&p)
	_, err := w.Write(p.render())
	return err
}

// printer lays out a report for people: titles flush left, fields (a name and its value, the values
// of all fields aligned) and tables (a header and rows, each table's columns aligned on their own;
// a column of numbers is aligned right).
type printer struct {
	lines []printLine
}

type printLine struct {
	kind  byte // 't' title, 'f' field, 'h' table header, 'r' table row
	cells []string
}

// title prints a line flush left, such as the file's base name.
func (p *printer) title(s string) { p.lines = append(p.lines, printLine{'t', []string{s}}) }

// field prints an indented name and its value.
func (p *printer) field(name, value string) {
	p.lines = append(p.lines, printLine{'f', []string{name, value}})
}

// table prints an indented table: a header row, then the rows.
func (p *printer) table(header []string, rows [][]string) {
	p.lines = append(p.lines, printLine{'h', header})
	for _, r := range rows {
		p.lines = append(p.lines, printLine{'r', r})
	}
}

func (p *printer) render() []byte {
	width := func(s string) int { return utf8.RuneCountInString(s) }
	pad := func(b []byte, s string, w int, right bool) []byte {
		fill := strings.Repeat(" ", max(0, w-width(s)))
		if right {
			return append(append(b, fill...), s...)
		}
		return append(append(b, s...), fill...)
	}
	nameW := 0
	for _, l := range p.lines {
		if l.kind == 'f' {
			nameW = max(nameW, width(l.cells[0]))
		}
	}
	var b []byte
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		switch l.kind {
		case 't':
			b = append(append(b, l.cells[0]...), '\n')
		case 'f':
			b = pad(append(b, "  "...), l.cells[0], nameW, false)
			b = append(append(append(b, "  "...), l.cells[1]...), '\n')
		case 'h':
			j := i + 1
			for j < len(p.lines) && p.lines[j].kind == 'r' {
				j++
			}
			tab := p.lines[i:j]
			var colW []int
			numeric := []bool{}
			for k, t := range tab {
				for c, s := range t.cells {
					if c == len(colW) {
						colW = append(colW, 0)
						numeric = append(numeric, true)
					}
					colW[c] = max(colW[c], width(s))
					if k > 0 && s != "" && s != none && !isNumber(s) {
						numeric[c] = false
					}
				}
			}
			for _, t := range tab {
				line := []byte("    ")
				for c, s := range t.cells {
					if c > 0 {
						line = append(line, "  "...)
					}
					line = pad(line, s, colW[c], numeric[c])
				}
				b = append(append(b, bytes.TrimRight(line, " ")...), '\n')
			}
			i = j - 1
		}
	}
	return b
}

// isNumber reports whether a table cell is a number (such columns are aligned right).
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// none is what a table prints for a value that could not be measured (JSON null).
const none = "—"

// fixed formats v with dec decimals (none for NaN or ±Inf): amplitudes in mV to 0.01, latencies in ms
// to 0.01 — the resolution that matters is the command's choice.
func fixed(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return none
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.00"
	}
	return s
}

// sig formats v to n significant digits with trailing zeros dropped (none for NaN or ±Inf): a sample
// rate of 199.99999999999997 Hz prints as 200, 403.2258064516129 Hz as 403.226 (n = 6).
func sig(v float64, n int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return none
	}
	if v == 0 {
		return "0"
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', n-1, 64), 64) // v rounded to n digits
	if err != nil {
		return none
	}
	if a := math.Abs(r); a >= 1e-4 && a < 1e15 {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// base is how a text report names a file: its base name (JSON keeps the path as given).
func base(file string) string { return filepath.Base(file) }
