package main

import (
	"encoding/json"
	"math"
	"testing"
)

// A measure that is exactly zero prints as 0, never -0 (motor with one file as both sites printed
// "amplitude_drop_pct": -0); NaN and ±Inf print as null.
func TestNumJSON(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{math.Copysign(0, -1), "0"}, {0, "0"}, {-1.5, "-1.5"}, {math.NaN(), "null"}, {math.Inf(-1), "null"}, {1e-7, "1e-07"}} {
		b, err := json.Marshal(num(c.v))
		if err != nil || string(b) != c.want {
			t.Errorf("num(%v) = %s, %v; want %s", c.v, b, err, c.want)
		}
	}
}
