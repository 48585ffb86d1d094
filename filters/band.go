package filters

// Band selects the kind of frequency band a filter passes or stops.
type Band int

const (
	Lowpass  Band = iota // passes below one cutoff
	Highpass             // passes above one cutoff
	Bandpass             // passes between two cutoffs
	Bandstop             // stops between two cutoffs
)

// String returns the SciPy name of the band ("lowpass", "highpass", "bandpass", "bandstop").
func (b Band) String() string {
	switch b {
	case Lowpass:
		return "lowpass"
	case Highpass:
		return "highpass"
	case Bandpass:
		return "bandpass"
	case Bandstop:
		return "bandstop"
	}
	return "Band(?)"
}

// SOS is a digital IIR filter as cascaded second-order sections, one row per section:
// b0 b1 b2 a0 a1 a2, SciPy's layout, with a0 == 1.
type SOS [][6]float64
