package ephys

import (
	"fmt"
	"strings"
)

// prefixes are the SI prefixes endplate recognises, as powers of ten.
var prefixes = map[string]int{
	"T": 12, "G": 9, "M": 6, "k": 3, "": 0, "c": -2, "m": -3,
	"u": -6, "µ": -6, "μ": -6, "n": -9, "p": -12, "f": -15,
}

// baseUnits are the units that take prefixes.
var baseUnits = []string{"V", "A", "S", "Ohm", "Ω", "s", "Hz", "M", "F", "g"}

// ParseUnit splits a unit such as "mV", "µA", "uV", "kOhm" into its base unit and power of ten.
// Blanks are trimmed; "μ" (Greek mu) and "µ" (micro sign) and "u" all mean micro.
func ParseUnit(u string) (base string, exp10 int, err error) {
	u = strings.TrimSpace(u)
	for _, b := range baseUnits {
		if !strings.HasSuffix(u, b) {
			continue
		}
		p := strings.TrimSuffix(u, b)
		if e, ok := prefixes[p]; ok {
			if b == "Ω" {
				b = "Ohm"
			}
			return b, e, nil
		}
	}
	return "", 0, fmt.Errorf("ephys: unknown unit %q", u)
}

// Scale returns the factor that converts a value in unit from into unit to: v_to = v_from · Scale.
// Both must be the same quantity with SI prefixes (mV → µV gives 1000); equal strings give 1 even when
// the unit is unknown.
func Scale(from, to string) (float64, error) {
	if strings.TrimSpace(from) == strings.TrimSpace(to) {
		return 1, nil
	}
	bf, ef, err := ParseUnit(from)
	if err != nil {
		return 0, err
	}
	bt, et, err := ParseUnit(to)
	if err != nil {
		return 0, err
	}
	if bf != bt {
		return 0, fmt.Errorf("ephys: cannot convert %q to %q", from, to)
	}
	return pow10(ef - et), nil
}

func pow10(e int) float64 {
	// Exact for the powers used here; math.Pow10 would do too but this keeps 1e-3 as the literal.
	f := 1.0
	for ; e > 0; e-- {
		f *= 10
	}
	for ; e < 0; e++ {
		f /= 10
	}
	return f
}

// NormalizeUnit writes micro as "µ" (micro sign) whatever the file used ("u", Greek mu).
func NormalizeUnit(u string) string {
	u = strings.TrimSpace(u)
	if len(u) >= 2 && (strings.HasPrefix(u, "u") || strings.HasPrefix(u, "μ")) {
		if b, e, err := ParseUnit(u); err == nil && e == -6 {
			return "µ" + b
		}
	}
	return u
}
