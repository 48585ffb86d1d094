package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// README.md promises only what exists: every command its Commands table lists is a command of the
// tool. (A command missing from the table is logged, not failed: the table is the README's choice.)
func TestREADMECommandsExist(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "## Commands\n")
	if !ok {
		t.Fatal("README.md has no Commands section")
	}
	table, _, _ = strings.Cut(table, "\n## ")
	root := newRoot(&app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}})
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `endplate ([a-z]+)").FindAllStringSubmatch(table, -1) {
		listed[m[1]] = true
		if c, _, err := root.Find([]string{m[1]}); err != nil || c == root {
			t.Errorf("README.md lists `endplate %s`, which is no command", m[1])
		}
	}
	if len(listed) == 0 {
		t.Fatal("no commands found in README.md's table")
	}
	for _, c := range root.Commands() {
		if !listed[c.Name()] && c.Name() != "help" && c.Name() != "completion" {
			t.Logf("command %s is not in README.md's table", c.Name())
		}
	}
}
