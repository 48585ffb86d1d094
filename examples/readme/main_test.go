package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

// README.md shows this program whole: the test keeps the two the same, and runs it.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```go\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok || block != string(src) {
		t.Fatal("README.md's Go example differs from examples/readme/main.go: keep them the same")
	}

	t.Chdir("../..")
	out := capture(t, func() {
		os.Args = []string{"readme"}
		main()
	})
	if !strings.Contains(out, "testdata/fwave_train.edf: channels 1, sweeps 10, 20000 Hz\n") || !strings.Contains(out, "negative peak -") {
		t.Errorf("output:\n%s", out)
	}
}

// capture returns what fn writes to standard output.
func capture(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, args := os.Stdout, os.Args
	os.Stdout = w
	defer func() { os.Stdout, os.Args = stdout, args }()
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	fn()
	w.Close()
	return <-done
}
