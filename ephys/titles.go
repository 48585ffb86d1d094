package ephys

import (
	"regexp"
	"strings"
)

// maxTableColumns bounds the columns of a text table (CSV, TSV, ATF).
const maxTableColumns = 1 << 16

// timeTitle matches a time column's title and captures its unit.
var timeTitle = regexp.MustCompile(`(?i)^(?:time|t)\s*(?:_|\(|\[|/|in)?\s*(s|sec|ms|us|µs|μs|min)\s*[)\]]?$`)

// dataTitle splits a data column's title into name, sweep (or trace) number and unit.
var dataTitle = regexp.MustCompile(`(?i)^(.*?)\s*(?:\b(?:sweep|trace)\s*#?\s*(\d+))?\s*(?:\(([^()]*)\))?$`)

// timeScale returns the factor from the time column's unit to seconds, 0 if title is not a time title.
func timeScale(title string) float64 {
	m := timeTitle.FindStringSubmatch(strings.TrimSpace(title))
	if m == nil {
		return 0
	}
	switch strings.ToLower(m[1]) {
	case "s", "sec":
		return 1
	case "ms":
		return 1e-3
	case "us", "µs", "μs":
		return 1e-6
	case "min":
		return 60
	}
	return 0
}

// colSpec describes one data column: the channel it belongs to and whether it is one of several
// sweeps of that channel.
type colSpec struct {
	name, unit string
	swept      bool // titled with a sweep/trace number: grouped with the same name and unit
}

func parseDataTitle(title string) colSpec {
	title = strings.TrimSpace(title)
	m := dataTitle.FindStringSubmatch(title)
	if m == nil { // cannot happen: every part of the pattern is optional
		return colSpec{name: title}
	}
	return colSpec{name: strings.TrimSpace(m[1]), unit: strings.TrimSpace(m[3]), swept: m[2] != ""}
}
