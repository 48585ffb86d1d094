package ephys

import "io"

func readATF(b []byte) (*Recording, error) {
	return nil, &UnsupportedError{Format: FormatATF, Msg: "ATF reader not written yet"}
}

func writeATF(w io.Writer, r *Recording) error {
	return &UnsupportedError{Format: FormatATF, Msg: "ATF writer not written yet"}
}
