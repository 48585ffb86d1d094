package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes of the command-line contract.
const (
	exitOK    = 0
	exitBad   = 1 // an input file was bad
	exitUsage = 2 // wrong usage
)

// usageError marks an error in how the command was called.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errBadInput is returned by a command after it has reported one or more bad files on stderr.
var errBadInput = errors.New("bad input")

// app carries the output streams and collects per-file failures.
type app struct {
	stdout, stderr io.Writer
	failed         bool
}

// fail reports one bad file: one line on stderr naming the file and the problem.
func (a *app) fail(file string, err error) {
	a.failed = true
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	if !strings.Contains(msg, file) {
		msg = file + ": " + msg
	}
	fmt.Fprintf(a.stderr, "endplate: %s\n", msg)
}

// each runs fn for every file, reporting a failing file and going on with the next. A panic inside fn
// is reported as that file's failure, so one malformed file never stops a batch.
func (a *app) each(files []string, fn func(file string) error) {
	for _, f := range files {
		func() {
			defer func() {
				if p := recover(); p != nil {
					a.fail(f, fmt.Errorf("internal error, please report it with the file: %v (%s)", p, firstFrame()))
				}
			}()
			if err := fn(f); err != nil {
				a.fail(f, err)
			}
		}()
	}
}

// firstFrame names where a recovered panic happened, on one line.
func firstFrame() string {
	lines := strings.Split(string(debug.Stack()), "\n")
	for i, l := range lines {
		if strings.Contains(l, "panic(") && i+3 < len(lines) {
			return strings.TrimSpace(lines[i+3])
		}
	}
	return "unknown place"
}

func (a *app) result() error {
	if a.failed {
		return errBadInput
	}
	return nil
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "endplate",
		Short: "Neuromuscular electrophysiology: nerve conduction and voltage-clamp analysis",
		Long: `endplate turns raw recordings (ABF, ATF, EDF/EDF+, CSV/TSV, Qtrac MEM) into validated
measures: CMAP latencies and amplitudes, conduction velocity, F-waves, decrement, CMAP scans,
ACh-evoked current amplitudes and kinetics.

Commands print a readable table by default and JSON with --json. Exit status: 0 success,
1 a bad input file (reported on stderr, the other files still processed), 2 wrong usage.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newInfo(a), newConvert(a))
	return root
}

// run executes the command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr}
	root := newRoot(a)
	root.SetArgs(args)
	err := root.Execute()
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errBadInput):
		return exitBad
	case errors.As(err, &ue) || isCobraUsage(err):
		fmt.Fprintf(stderr, "endplate: %v\nRun 'endplate help' for usage.\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "endplate: %v\n", err)
		return exitBad
	}
}

// isCobraUsage recognises cobra's own usage errors (unknown command, wrong argument count).
func isCobraUsage(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.Contains(s, "arg(s)") ||
		strings.HasPrefix(s, "unknown flag") || strings.HasPrefix(s, "unknown shorthand")
}

// needFiles is a cobra.PositionalArgs requiring at least one file.
func needFiles(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("%s needs at least one file", c.Name())
	}
	return nil
}
