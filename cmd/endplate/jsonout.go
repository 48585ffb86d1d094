package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// num is a float64 that encodes in JSON as its shortest round-trip form, and as null when it is NaN
// or infinite: a value that cannot be measured is null, never a made-up number.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// object is a JSON object that keeps its keys in the order they were added.
type object struct {
	keys []string
	vals []any
}

func (o *object) set(k string, v any) *object {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	return o
}

func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSON prints one object when the command was given a single file and an array when it was
// given several (even if only one of them could be read), as the contract says.
func writeJSON(w io.Writer, results []any, several bool) error {
	var v any = results
	if !several && len(results) == 1 {
		v = results[0]
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
