// Command cmd writes endplate's sample trial (package sample) into a folder:
//
//	go run ./trial/sample/cmd -o testdata/trial
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/endplate/endplate/trial/sample"
)

func main() {
	out := flag.String("o", "testdata/trial", "folder to write into")
	flag.Parse()
	if err := sample.WriteDir(*out); err != nil {
		fmt.Fprintln(os.Stderr, "sample:", err)
		os.Exit(1)
	}
}
