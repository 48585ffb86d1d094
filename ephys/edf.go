package ephys

import "io"

// openEDF reads an EDF or EDF+ header from ra (size bytes).
func openEDF(ra io.ReaderAt, size int64) (*Recording, error) {
	return nil, &UnsupportedError{Format: FormatEDF, Msg: "EDF reader not written yet"}
}

func writeEDF(w io.Writer, r *Recording, f Format) error {
	return &UnsupportedError{Format: f, Msg: "EDF writer not written yet"}
}
