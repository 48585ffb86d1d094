package ephys

import "bytes"

func sniffMEM(head []byte) bool {
	return bytes.Contains(head, []byte("M-SCAN")) || bytes.Contains(head, []byte("\nMS.1 "))
}

func readMEM(b []byte) (*Recording, error) {
	return nil, &UnsupportedError{Format: FormatMEM, Msg: "MEM reader not written yet"}
}
