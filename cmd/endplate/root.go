package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes of the command-line contract, and one for endplate's own bugs.
const (
	exitOK    = 0
	exitBad   = 1 // an input file was bad
	exitUsage = 2 // wrong usage
	exitBug   = 3 // a panic: a bug in endplate, never a verdict on the input
)

// usageError marks an error in how the command was called. A command's RunE returns one (usagef) for
// a wrong flag value or combination; everything cobra rejects before RunE runs (unknown commands and
// flags, wrong argument counts, required flags) is a usage error as well, recognised by where it
// arose rather than by cobra's wording (see run).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// ranError wraps an error returned by a command's RunE, so that run can tell it from the errors cobra
// returns before the command runs, which are all usage errors.
type ranError struct{ error }

func (e ranError) Unwrap() error { return e.error }

// errBadInput is returned by a command after it has reported one or more bad files on stderr.
var errBadInput = errors.New("bad input")

// errBug is returned by a command after it has reported a panic on stderr.
var errBug = errors.New("internal error")

// app carries the output streams and collects per-file failures.
type app struct {
	stdout, stderr io.Writer
	failed         bool // a file was bad
	crashed        bool // a panic was recovered: a bug
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
// is a bug in endplate, not a verdict on the file: it is reported with its stack, the other files are
// still processed, and the command exits with exitBug.
func (a *app) each(files []string, fn func(file string) error) {
	for _, f := range files {
		func() {
			defer func() {
				if p := recover(); p != nil {
					a.crashed = true
					fmt.Fprintf(a.stderr, "endplate: %s: internal error (a bug in endplate; please report it with this file): %v\n%s",
						f, p, debug.Stack())
				}
			}()
			if err := fn(f); err != nil {
				a.fail(f, err)
			}
		}()
	}
}

// result is what a command's RunE returns after its files: nil, errBadInput or errBug.
func (a *app) result() error {
	switch {
	case a.crashed:
		return errBug
	case a.failed:
		return errBadInput
	}
	return nil
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "endplate",
		Short: "Neuromuscular electrophysiology: nerve conduction and voltage-clamp recordings",
		Long: `endplate reads electrophysiology recordings (ABF, ATF, EDF/EDF+, CSV/TSV, Qtrac MEM) and
turns them into measures; the commands below say what each one computes.

Commands print a readable table by default and JSON with --json. Exit status: 0 success,
1 a bad input file (reported on stderr, the other files still processed), 2 wrong usage.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	// One command per line, in any order (help lists them alphabetically).
	root.AddCommand(newInfo(a))
	root.AddCommand(newConvert(a))
	root.AddCommand(newCmapscan(a))
	root.AddCommand(newCMAP(a))
	root.AddCommand(newMotor(a))
	root.AddCommand(newTrial(a))
	root.AddCommand(newAch(a))
	root.AddCommand(newRundown(a))
	root.AddCommand(newDose(a))
	root.AddCommand(newDemo(a))
	root.AddCommand(newPlot(a))
	root.AddCommand(newFWave(a))
	root.AddCommand(newRNS(a))
	root.AddCommand(newSimulate(a))
	root.AddCommand(newSNAP(a))
	root.AddCommand(newIV(a))
	return root
}

// markRunErrors wraps the RunE of c and of every command below it, so that errors from running a
// command are told apart from cobra's usage errors.
func markRunErrors(c *cobra.Command) {
	if runE := c.RunE; runE != nil {
		c.RunE = func(c *cobra.Command, args []string) error {
			err := runE(c, args)
			if err == nil || errors.As(err, new(usageError)) {
				return err
			}
			return ranError{err}
		}
	}
	for _, sub := range c.Commands() {
		markRunErrors(sub)
	}
}

// run executes the command line and returns the exit code.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "endplate: internal error (a bug in endplate; please report it): %v\n%s", p, debug.Stack())
			code = exitBug
		}
	}()
	a := &app{stdout: stdout, stderr: stderr}
	root := newRoot(a)
	markRunErrors(root)
	root.SetArgs(args)
	return exitCode(root.Execute(), stderr)
}

// exitCode reports err on stderr (unless the command has already reported it) and returns the exit
// code it stands for.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errBug):
		return exitBug
	case errors.Is(err, errBadInput):
		return exitBad
	case errors.As(err, new(usageError)) || !errors.As(err, new(ranError)):
		// Refused before the command ran (cobra: unknown command or flag, argument count, required
		// flag), or a usage error of the command itself.
		fmt.Fprintf(stderr, "endplate: %v\nRun 'endplate help' for usage.\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "endplate: %v\n", err)
		return exitBad
	}
}

// needFiles is a cobra.PositionalArgs requiring at least one file.
func needFiles(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("%s needs at least one file", c.Name())
	}
	return nil
}
