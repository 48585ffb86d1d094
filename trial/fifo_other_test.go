//go:build !unix

package trial

import "errors"

func syscallMkfifo(string) error { return errors.New("not on this system") }
