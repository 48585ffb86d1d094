package main

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/endplate/endplate/ephys"
)

// num is a float64 that encodes in JSON as its shortest round-trip form, and as null when it is NaN
// or infinite: a value that cannot be measured is null, never a made-up number.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	if f == 0 {
		f = 0 // -0 (e.g. −(0/x)) prints as 0
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// nums converts a slice for JSON (non-nil, so that an empty one prints as []).
func nums(x []float64) []num {
	v := make([]num, len(x))
	for i, f := range x {
		v[i] = num(f)
	}
	return v
}

// fields are a file's header fields as one JSON object, keys in the file's order; a key the file
// repeats is numbered ("Comment", "Comment #2") so that no value is lost to a JSON reader.
type fields []ephys.Field

func (fs fields) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	seen := make(map[string]int, len(fs))
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		key := f.Key
		if seen[f.Key]++; seen[f.Key] > 1 {
			key += " #" + strconv.Itoa(seen[f.Key])
		}
		k, err := json.Marshal(key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

// writeJSON prints v indented, with HTML characters left as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
