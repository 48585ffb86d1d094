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
// (FindStimulus), else the sweep's first sample — only in a sweep of at most MaxUnmarkedS (1 s):
// a longer one without a stimulus is refused, its first sample saying nothing about the stimulus.
// The channel is FileOptions.Channel (0-based) when set, else the first channel recorded in volts
// whose name is not a stimulus or trigger record's (stim, trigger, TTL, sync, marker). A sweep longer than MaxSweepSamples (2^22 samples,
// 210 s at 20 kHz; a conduction study's sweep lasts well under 1 s) is refused before it is read.
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
// Baseline: offset + linear drift + mains hum (50 and 150 Hz, or 60 and 180 Hz), fitted to the
// samples before the stimulus together with the end of the sweep (the last 15 ms, at least 20 ms
// after the negative peak). A few ms of pre-stimulus samples are shorter than one mains period, so
// their mean alone would leave the hum's phase in the baseline; the tail pins it down. The fit runs
// on 0.25 ms block means (exact for the model: a sinusoid's block mean is its centre value × sinc);
// the candidates — no hum, hum at 50 Hz, at 60 Hz — are chosen by the Bayesian information
// criterion (on short windows four hum terms cannot be told from drift and would bend the baseline
// across the response), and the winner is refitted without blocks beyond 4 robust SDs (an F-wave's
// phase, a spike). Every sweep of a recording gets the model most of its sweeps chose: a recording
// has one mains frequency. Options.MainsHz fixes the choice. Every amplitude and area is measured
// from this baseline at each sample's own time.
//
// Stimulus artifact: the pre-stimulus window ends where the artifact's leading edge begins (some
// stimulators' artifact starts before the marked time); after the stimulus the artifact is blanked
// until its decay reaches five noise SDs or turns into the response, and what remains of an
// exponential decay there is fitted and subtracted (baseline restoration), so short latencies are
// still measured from a flat baseline. What lasts over 1 ms after the stimulus without an artifact's
// jump near it is a response under way (a stimulus placed inside the CMAP): ErrNoResponse.
//
// Negative peak: the most negative sample after the artifact, up to Options.SearchEndS (100 ms
// after the stimulus, where motor responses and F-waves at the arm have ended), refined by a cubic
// fitted to the samples within 10 % of it (a CMAP's peak is asymmetric, which biases a parabola).
// A peak in a run of ClipRun (3) equal samples at the sweep's extreme is flagged Clipped: the
// amplifier saturated and the amplitude is a lower bound.
//
// Onset: the first deflection, where the noise-free CMAP first departs from its baseline by
// Options.OnsetFraction (1 %) of the negative-peak amplitude. The take-off is fitted rather than read
// from a noisy threshold crossing: from half a millisecond of baseline before the CMAP up to a few
// noise SDs above the onset level (3 % to 20 % of the amplitude; at least three samples of the
// rise), a curve that is zero before a knot and a polynomial in u = t − knot after it:
// −(b·u + c·u²) (a single unit's ramp bends at once, m ≈ e·x·(1 − 1.5x); recruitment of further
// units bends it the other way) or, where the onset level stands clear of the noise, also
// −(b·u + c·u² + d·u³) (the sparse foot of the fastest axons), chosen by BIC; a straight −b·u only
// when the rise has fewer than three samples (a straight take-off fitted to more is late). The
// onset is where the fitted curve reaches the 1 % level; on a small, noisy CMAP that level lies below the
// noise and is reached by the fit's extrapolation. A threshold at k noise SDs would instead move
// with the noise.
//
// Durations and areas: the negative phase runs from the onset to the first return to baseline after
// the negative peak; its area is the trapezoidal integral with interpolated ends. The total duration
// ends where the positive phase has come back within the onset level.
//
// F-waves (FWaves): every sweep's M response is measured as a CMAP; the M response common to the
// sweeps — the median across sweeps at each time, each sweep's F-wave masked out of it, its tail
// continued by a log-parabolic decay where too few sweeps are free — is subtracted, so that the M
// response's long positive tail is not taken for an F-wave. A sweep holds an F-wave when the
// residual, smoothed over 0.3 ms, reaches 40 µV peak to peak (or 10 smoothed noise SDs) in the window
// from the end of the M response to the end of the sweep; its latency is its first deflection, by the
// same take-off fit, after the residual's local level is taken off. Repeaters: F-waves of two sweeps
// within 0.1 ms, 10 % amplitude and r ≥ 0.95 in shape.
//
// Motor studies (MotorStudy): velocity = distance / (proximal − distal onset latency); block and
// temporal dispersion under a BlockCriteria set kept as data (EFNSPNS2010, AAEM2003), each Verdict
// naming its criteria. RNS: decrement (1st − 4th)/1st of amplitude and area. SNAPs are measured as
// CMAPs are. Reference limits (MedianMotor, MedianSensory) carry their source.
//
// # Simulator
//
// SimulateMotor, SimulateFWave, SimulateRNS and SimulateSNAP build recordings from motor units
// (Unit: amplitude, τ, conduction velocity, terminal delay) whose potentials are the zero-area
// biphasic m(t) = −(t/τ)·e^(1−t/τ)·(1 − t/(2τ)), plus stimulus artifact, white noise, hum, drift and
// offset (Nuisance), and return the ground truth measured on the noise-free response by the same
// definitions (Truth). They generate the repository's testdata/ and the property tests.
//
// # Errors and concurrency
//
// A file that cannot be read, a channel out of range or not in volts, or a sweep without a response
// is an error naming the file; so is, in the file-level functions, a response larger than MaxCMAPMV
// (50 mV, twice the largest surface CMAPs: a trigger or mis-scaled channel, not a muscle). Nothing
// here panics on data; a programmer's mistake does (a dst of the wrong length given to
// Baseline.Subtract: "ncs: dst length mismatch"). Functions run on the caller's goroutine; an
// Analyzer is not safe for concurrent use (one per goroutine), everything else is.
package ncs
