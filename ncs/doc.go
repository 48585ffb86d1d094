// Package ncs measures nerve conduction studies: compound muscle action potentials (CMAPs) after
// supramaximal nerve stimulation, motor conduction studies over a nerve segment (velocity, conduction
// block, temporal dispersion), F-waves, repetitive nerve stimulation (decrement), sensory nerve
// action potentials (SNAPs), reference limits, and a physiological simulator.
//
// # Entry points
//
// The file-level functions are what the endplate command and the trial runner call; they open a
// recording, pick the channel, place the stimulus, convert to mV whatever the file's unit and measure
// every sweep, returning typed results that the command only prints:
//
//	CMAPFile(path, opt) / CMAPs(rec, opt)            → []SweepCMAP        endplate cmap
//	MotorFiles(distal, proximal, mm, opt) / MotorRecordings → Motor      endplate motor
//	FWaveFile(path, opt) / FWaves(rec, opt)          → FWaveTrain        endplate fwave
//	RNSFile(path, opt) / RNS(rec, opt)               → RNSTrain          endplate rns
//	SNAPFile(path, opt) / SNAPs(rec, opt)            → []SweepSNAP       endplate snap
//
// Sweeps(rec, opt) is their first step on its own: the chosen channel of every sweep in mV, its time
// zero at the stimulus — given by FileOptions.StimulusS, else marked by the file (an EDF+ "Stimulus"
// annotation, a CSV's time zero, an ABF tag or stimulus epoch), else found from the stimulus artifact
// (FindStimulus), else the sweep's first sample. The channel is FileOptions.Channel (0-based) when
// set, else the first channel recorded in volts.
//
// On a single ephys.Trace whose time zero is the stimulus, MeasureCMAP measures one CMAP; an
// Analyzer (NewAnalyzer) does the same for many sweeps without allocating after the first.
//
// # Units
//
// Times are float64 seconds from the stimulus; amplitudes are in the trace's unit (mV from the
// file-level functions), areas in unit·seconds; velocities in m/s; percentages in percent. A measure
// that cannot be made is NaN, and an error says why when nothing could be measured.
//
// # Method
//
// Baseline: offset + linear drift + mains hum (50 and 150 Hz, or 60 and 180 Hz, whichever fits
// better), fitted by iteratively reweighted least squares (Tukey's biweight) to the samples before
// the stimulus together with the end of the sweep (the last 15 ms, at least 20 ms after the negative
// peak). A few ms of pre-stimulus samples are shorter than one mains period, so their mean alone
// would leave the hum's phase in the baseline; the tail pins it down. Every amplitude and area is
// measured from this baseline at each sample's own time.
//
// Stimulus artifact: the pre-stimulus window ends where the artifact's leading edge begins (some
// stimulators' artifact starts before the marked time); after the stimulus the artifact is blanked
// until its decay reaches five noise SDs or turns into the response, and what remains of an
// exponential decay there is fitted and subtracted (baseline restoration), so short latencies are
// still measured from a flat baseline.
//
// Negative peak: the most negative sample after the artifact, refined by a cubic fitted to the
// samples within 10 % of it (a CMAP's peak is asymmetric, which biases a parabola).
//
// Onset: the first deflection, where the noise-free CMAP first departs from its baseline by
// Options.OnsetFraction (1 %) of the negative-peak amplitude. The take-off is fitted rather than read
// from a noisy threshold crossing: from half a millisecond of baseline before the CMAP up to 20 % of
// its amplitude, a curve that is zero before a knot and −(b·u + c·u²) after it (motor units each
// start with a linear ramp; the rise bends downwards as more are recruited). The onset is where the
// fitted curve reaches the 1 % level; on a small, noisy CMAP that level lies below the noise and is
// reached by the fit's extrapolation. A threshold at k noise SDs would instead move with the noise.
//
// Durations and areas: the negative phase runs from the onset to the first return to baseline after
// the negative peak; its area is the trapezoidal integral with interpolated ends. The total duration
// ends where the positive phase has come back within the onset level.
//
// # Errors and concurrency
//
// A file that cannot be read, a channel out of range or not in volts, or a sweep without a response
// is an error naming the file. Nothing here panics on data. Functions run on the caller's goroutine;
// an Analyzer is not safe for concurrent use (one per goroutine), everything else is.
package ncs
