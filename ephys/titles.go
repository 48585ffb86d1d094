package ephys

import (
	"regexp"
	"strings"
)

// maxTableColumns bounds the columns of a text table (CSV, TSV, ATF).
const maxTableColumns = 1 << 16

// timeTitle matches a time column's title and captures its unit.
var timeTitle = regexp.MustCompile(`(?i)^(?:time|t)\s*(?:_|\(|\[|/|in)?\s*(s|sec|ms|us|µs|μs|min)\s*[)\]]?$`)

// dataTitle splits a data column's title into name, sweep (or trace) number and unit, the unit in
// parentheses or brackets: "APB (mV)", "APB sweep 2 [mV]", "Trace #1 (nA)".
var dataTitle = regexp.MustCompile(`(?i)^(.*?)\s*(?:\b(?:sweep|trace)\s*#?\s*(\d+))?\s*(?:\(([^()]*)\)|\[([^\[\]]*)\])?$`)

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
	c := colSpec{name: strings.TrimSpace(m[1]), unit: strings.TrimSpace(m[3] + m[4]), swept: m[2] != ""}
	if c.unit != "" || strings.HasSuffix(title, ")") || strings.HasSuffix(title, "]") {
		return c // a unit in parentheses or brackets, even "()": none after an underscore
	}
	// "amp_mV", "APB_mV sweep 2", "APB sweep 2_mV", "sweep1_uV": the unit after an underscore, a sweep
	// number after or before it.
	name, unit := unitSuffix(c.name)
	if unit == "" {
		return c
	}
	m = dataTitle.FindStringSubmatch(name)
	return colSpec{name: strings.TrimSpace(m[1]), unit: unit, swept: c.swept || m[2] != ""}
}

// unitSuffix splits "amp_mV" into "amp" and "mV" when what follows the last underscore is a unit
// ParseUnit knows, of two characters or more; other names ("EMG_1", "ch_a") are left whole. A bare
// one-letter unit ("EMG_A", "APB_V", "run_s") is taken for part of the name: channel letters are
// commoner in such titles than unprefixed SI units.
func unitSuffix(name string) (string, string) {
	i := strings.LastIndexByte(name, '_')
	if i <= 0 || len(name)-i-1 < 2 {
		return name, ""
	}
	if _, _, err := ParseUnit(name[i+1:]); err != nil {
		return name, ""
	}
	return strings.TrimSpace(name[:i]), name[i+1:]
}
