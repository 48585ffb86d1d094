package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newConvert(a *app) *cobra.Command {
	var to, out string
	c := &cobra.Command{
		Use:   "convert [--to csv|tsv|atf|edf] [-o OUT] FILE...",
		Short: "Write recordings in another format (CSV by default)",
		Long: `convert writes a recording in another format: to standard output without -o, to the file
-o names, or with -o DIR (an existing directory, and always with several files) one file per input
in DIR, named after the input with the new extension. Without --to the format comes from -o's
extension (.csv, .tsv, .atf, .edf), else CSV; --to overrides it.

Nothing is lost: an output that is one of the inputs, two inputs that would land on one output and
a target that is not a regular file (a directory, named pipe, device) are refused before anything
is written. A symbolic link is written through; a new file's mode follows the umask. Each file is
written under a temporary name and renamed when complete. A recording the format cannot hold as it
is (NaN sweep times, a rate EDF's header cannot state, more columns than a table may have) is
refused with an error naming the file rather than written wrong.

CSV: column 1 time_s (seconds on the sweep's own time axis: from the stimulus where the recording
marks one, else from the sweep start), then one column per channel and sweep, channel-major, named
"<channel> (<unit>)" for one sweep and "<channel> sweep <k> (<unit>)" otherwise; numbers in the
shortest form that reads back to the same float64; shorter sweeps leave empty cells.
EDF: EDF+C for one sweep, EDF+D (one data record per sweep) for several, 16-bit samples.
A Qtrac MEM file converts to its CMAP-scan points (CSV or TSV), one row per stimulus.
EDF is binary: it is written to standard output only when that is not a terminal.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			plan, err := planConvert(files, out, to)
			if err != nil {
				return err
			}
			a.each(files, func(file string) error {
				return convertOne(a, file, plan.targets[file], plan.format)
			})
			return a.result()
		},
	}
	c.Flags().StringVar(&to, "to", "", "output format: csv, tsv, atf or edf (default: from -o's extension, else csv)")
	c.Flags().StringVarP(&out, "output", "o", "", "output file, or directory for one file per input; standard output when empty or -")
	return c
}

// formats are the formats convert writes, by name and by extension.
var formats = map[string]ephys.Format{
	"csv": ephys.FormatCSV, "tsv": ephys.FormatTSV, "atf": ephys.FormatATF, "edf": ephys.FormatEDF, "edf+": ephys.FormatEDF,
}

// extension is the extension convert gives a file of format f.
func extension(f ephys.Format) string {
	if f == ephys.FormatEDF {
		return ".edf"
	}
	return "." + string(f)
}

// convertPlan is where each input goes: a path, or "" for standard output.
type convertPlan struct {
	format  ephys.Format
	targets map[string]string
}

// planConvert decides the format and every input's target and refuses, before anything is written,
// a target that is one of the inputs, two inputs with one target, and a target that is not a regular
// file (other than standard output).
func planConvert(files []string, out, to string) (*convertPlan, error) {
	p := &convertPlan{targets: map[string]string{}}
	if to != "" {
		f, ok := formats[strings.ToLower(to)]
		if !ok {
			return nil, usagef("unknown output format %q (want csv, tsv, atf or edf)", to)
		}
		p.format = f
	}
	if out == "" || out == "-" || isStdout(out) {
		if len(files) > 1 {
			return nil, usagef("convert writes one recording to standard output, not %d: give -o DIR to write one file per input", len(files))
		}
		if p.format == "" {
			p.format = ephys.FormatCSV
		}
		if p.format == ephys.FormatEDF && stdoutIsTerminal() {
			return nil, usagef("EDF is binary: give -o FILE rather than writing it to the terminal")
		}
		p.targets[files[0]] = ""
		return p, nil
	}

	st, err := os.Stat(out)
	dirMode := len(files) > 1 || (err == nil && st.IsDir()) || strings.HasSuffix(out, string(filepath.Separator))
	if dirMode && (err != nil || !st.IsDir()) {
		return nil, usagef("-o %s: not an existing directory (with several files, or ending in %c, -o names the directory to write them to)", out, filepath.Separator)
	}
	if p.format == "" {
		p.format = ephys.FormatCSV
		if f, ok := formats[strings.ToLower(strings.TrimPrefix(filepath.Ext(out), "."))]; ok && !dirMode {
			p.format = f
		}
	}
	inputs := make([]fs.FileInfo, len(files))
	for k, f := range files {
		inputs[k], _ = os.Stat(f) // an input that cannot be read fails when it is converted
	}
	type claim struct {
		input string
		st    fs.FileInfo
	}
	var claims []claim
	byPath := map[string]string{} // resolved target → input
	for _, file := range files {
		target := out
		if dirMode {
			stem := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
			target = filepath.Join(out, stem+extension(p.format))
		}
		real, tst, err := ephys.WriteTarget(target)
		if err != nil {
			return nil, usageError{err}
		}
		for k, in := range inputs {
			if in != nil && tst != nil && os.SameFile(in, tst) {
				return nil, usagef("%s: is the input %s: converting would replace it (choose another -o)", target, files[k])
			}
		}
		key := canonical(real)
		if other, ok := byPath[key]; ok {
			return nil, usagef("%s and %s would both be written to %s: nothing written (give them different names or directories)", other, file, target)
		}
		if tst != nil {
			for _, c := range claims {
				if c.st != nil && os.SameFile(c.st, tst) {
					return nil, usagef("%s and %s would both be written to %s: nothing written", c.input, file, target)
				}
			}
		}
		byPath[key] = file
		claims = append(claims, claim{file, tst})
		p.targets[file] = target
	}
	return p, nil
}

// canonical is path with its directory's symbolic links resolved, so that two spellings of one
// place compare equal; on macOS and Windows, whose file systems ignore case by default, in lower case.
func canonical(path string) string {
	dir, base := filepath.Split(path)
	if d, err := filepath.EvalSymlinks(filepath.Clean(dir + ".")); err == nil {
		dir = d
	}
	p := filepath.Join(dir, base)
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		p = strings.ToLower(p)
	}
	return p
}

// stdoutIsTerminal reports whether standard output is a terminal (not /dev/null, a pipe or a file).
func stdoutIsTerminal() bool { return term.IsTerminal(int(os.Stdout.Fd())) }

// isStdout reports whether path is the process's standard output (-o /dev/stdout): it is written as
// a stream, whatever kind of file stands behind it.
func isStdout(path string) bool {
	so, err := os.Stdout.Stat()
	if err != nil {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && os.SameFile(so, st)
}

func convertOne(a *app, file, dst string, f ephys.Format) error {
	r, err := ephys.Open(file)
	if err != nil {
		return err
	}
	defer r.Close()
	if r.Scan != nil && f != ephys.FormatCSV && f != ephys.FormatTSV {
		return fmt.Errorf("%s: a Qtrac MEM scan converts to CSV or TSV only", file)
	}
	if dst == "" {
		err = ephys.Write(a.stdout, r, f)
	} else {
		err = ephys.WriteFile(dst, r, f)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
