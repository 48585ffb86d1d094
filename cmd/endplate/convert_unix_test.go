//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Targets that are not regular files are refused (a FIFO would block, a device would be replaced by
// a regular file), a symbolic link is written through, and errors name the target.
func TestConvertTargets(t *testing.T) {
	dir := t.TempDir()
	in := csvRecording(t, dir, "rec.csv")
	fifo := filepath.Join(dir, "fifo.tsv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	os.Mkdir(filepath.Join(sub, "rec.tsv"), 0o755) // a directory where -o DIR would put the file
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", fifo, in}, "fifo.tsv: is a named pipe"},
		{[]string{"-o", "/dev/null", in}, "/dev/null: is a device"},
		{[]string{"-o", sub, in}, "rec.tsv: is a directory"},
		{[]string{"-o", filepath.Join(dir, "none", "x.tsv"), in}, "no such directory"},
		{[]string{"-o", filepath.Join(dir, "none") + "/", in}, "not an existing directory"},
		{[]string{in, in}, "standard output"},
	} {
		code, _, stderr := cli(t, append([]string{"convert", "--to", "tsv"}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Contains(stderr, ".tmp") {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}

	real := filepath.Join(dir, "real.tsv")
	os.WriteFile(real, []byte("x\n"), 0o600)
	link := filepath.Join(dir, "link.tsv")
	os.Symlink("real.tsv", link)
	if code, _, stderr := cli(t, "convert", "-o", link, in); code != exitOK {
		t.Fatalf("through a link: exit %d: %s", code, stderr)
	}
	st, err := os.Lstat(link)
	got, _ := os.ReadFile(real)
	if err != nil || st.Mode()&os.ModeSymlink == 0 || !strings.HasPrefix(string(got), "time_s\t") {
		t.Errorf("through a link: link kept %v, target now %.20q", err == nil && st.Mode()&os.ModeSymlink != 0, got)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("the replaced file's mode is %v, want its own 0600", st.Mode().Perm())
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// A new file's mode follows the umask, as for any program that creates files.
func TestConvertUmask(t *testing.T) {
	dir := t.TempDir()
	in := csvRecording(t, dir, "rec.csv")
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	out := filepath.Join(dir, "private.tsv")
	if code, _, stderr := cli(t, "convert", "-o", out, in); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v under umask 077, want 0600", st.Mode().Perm())
	}
}
