package ephys

import "io"

// openABF reads an ABF1 or ABF2 header from ra (size bytes).
func openABF(ra io.ReaderAt, size int64) (*Recording, error) {
	return nil, &UnsupportedError{Format: FormatABF2, Msg: "ABF reader not written yet"}
}
