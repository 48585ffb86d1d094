package ncs

// Polarity says how a recording's sign relates to physiology (a CMAP's main phase negative).
type Polarity int

const (
	// AsMeasured takes the samples as stored: the CMAP's main phase is negative (the default).
	AsMeasured Polarity = iota
	// Inverted flips the sign first, for files exported "negative up".
	Inverted
	// AutoPolarity flips the sign when the largest deflection after the artifact is positive.
	AutoPolarity
)

// Options sets the windows and thresholds of a CMAP measurement. The zero value (or a nil *Options)
// gives the documented clinical defaults; every field says its default and where it comes from.
type Options struct {
	// Polarity of the recording; the default AsMeasured takes the main phase as negative.
	Polarity Polarity

	// MainsHz is the mains frequency whose hum (with its third harmonic) the baseline model includes.
	// 0 tries 50 and 60 Hz and keeps the one that fits better; a negative value fits no hum.
	MainsHz float64

	// OnsetFraction is the onset level as a fraction of the negative-peak amplitude: the onset is where
	// the noise-free CMAP first departs from its baseline by this much. 0 means 0.01 (1 %, DESIGN.md:
	// the first deflection, as EMG machines' onset markers place it on a clean trace).
	OnsetFraction float64

	// TakeoffLevel is the upper end of the take-off fit as a fraction of the amplitude: the fit runs
	// from baseline before the take-off up to where the CMAP reaches this level. 0 means 0.2 — high
	// enough that the fit has samples well above the noise on a 0.5 mV CMAP with 15 µV noise, low
	// enough to stay on the convex rise below the inflection of the negative phase.
	TakeoffLevel float64

	// TakeoffPreS is how much baseline before the take-off the fit includes, in seconds. 0 means
	// 0.5 ms: several samples at 10 kHz, and less than the 2 ms a stimulus artifact takes to settle.
	TakeoffPreS float64

	// TailS is the length of the late-tail baseline window at the end of the sweep, and
	// TailAfterPeakS how long after the negative peak it may begin (s). 0 means 15 ms and 20 ms
	// (DESIGN.md): a CMAP's positive phase has returned to baseline 20 ms after its negative peak.
	TailS, TailAfterPeakS float64

	// ArtifactS, when positive, blanks this long after the stimulus instead of finding the end of the
	// artifact from the trace (s). 0 finds it: the artifact ends where its decay reaches the noise or
	// turns into the response; what remains of an exponential decay there is fitted and removed.
	ArtifactS float64

	// SearchEndS ends the search for the negative peak, in seconds after the stimulus. 0 means
	// 100 ms: motor responses and F-waves from stimulation at the arm end within about 100 ms of the
	// stimulus (median F latency ≈ 26–32 ms, tibial ≈ 50–60 ms; Preston & Shapiro, Electromyography
	// and Neuromuscular Disorders, 3rd ed., ch. 4), so a deflection later than that is not the
	// response to this stimulus.
	SearchEndS float64
}

// DefaultSearchEndS is Options.SearchEndS's default: the negative peak is searched for up to 100 ms
// after the stimulus.
const DefaultSearchEndS = 100e-3

func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	if d.OnsetFraction <= 0 {
		d.OnsetFraction = 0.01
	}
	if d.TakeoffLevel <= 0 {
		d.TakeoffLevel = 0.2
	}
	d.TakeoffLevel = max(d.TakeoffLevel, 2*d.OnsetFraction)
	if d.TakeoffPreS <= 0 {
		d.TakeoffPreS = 0.5e-3
	}
	if d.TailS <= 0 {
		d.TailS = 15e-3
	}
	if d.TailAfterPeakS <= 0 {
		d.TailAfterPeakS = 20e-3
	}
	if d.SearchEndS <= 0 {
		d.SearchEndS = DefaultSearchEndS
	}
	return d
}

// mains returns the candidate mains frequencies.
func (o *Options) mains() []float64 {
	switch {
	case o.MainsHz < 0:
		return nil
	case o.MainsHz > 0:
		return []float64{o.MainsHz}
	}
	return []float64{50, 60}
}
