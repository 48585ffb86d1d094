//go:build !unix

package ephys

import "errors"

func mkfifo(path string) error { return errors.New("no FIFOs") }
