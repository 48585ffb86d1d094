package ephys

import "io"

func readTable(b []byte, sep byte) (*Recording, error) {
	return nil, &UnsupportedError{Format: FormatCSV, Msg: "CSV reader not written yet"}
}

func writeTable(w io.Writer, r *Recording, sep byte) error {
	return &UnsupportedError{Format: FormatCSV, Msg: "CSV writer not written yet"}
}
