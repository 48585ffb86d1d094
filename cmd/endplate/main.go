// Command endplate analyses neuromuscular electrophysiology recordings: nerve conduction studies and
// voltage-clamp currents. Run "endplate help" for the commands.
//
// Every analysis command takes one or more files, prints a readable table by default and JSON with
// --json, and exits 0 on success, 1 when an input is bad (one line on stderr naming the file and the
// problem; the other files are still processed) and 2 on wrong usage.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
