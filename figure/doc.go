// Package figure draws endplate's measures with gonum.org/v1/plot, as PNG or SVG, and writes the
// self-contained HTML report of a trial. It lives apart from ncs and patch so that a program that
// only measures does not pull in plotting.
//
// Each figure function takes what the analysis returned (and the trace it was measured on) and draws
// it; it computes no measure of its own:
//
//	CMAP(trace, ncs.CMAP)                   sweep, baseline, onset, negative peak, shaded negative area
//	Motor(ncs.Motor, distal, proximal)      distal and proximal CMAPs, onsets, latency difference, velocity
//	SNAP(trace, ncs.SNAP)                   sweep in µV, onset, negative peak
//	FWaves(ncs.FWaveTrain, sweeps)          raster of the sweeps (M response clipped), F onsets, search window
//	RNS(ncs.RNSTrain, sweeps)               responses superimposed; amplitude of each as % of the first, decrement
//	Scan(ncs.ScanResult, points)            stimulus–response points, S50, the D50 steps
//	ACh(trace, patch.Response)              current, baseline line, peak, T0.5, fitted decay; residual panel
//	Rundown(patch.RundownResult)            amplitude per application, rundown
//	Dose(patch.DoseResult, unit)            responses, Hill fit, EC50 with its 95 % interval (log axis)
//	IV(*patch.IVCurve)                      points, reversal potential, slope conductance there
//	Paired(label, []trial.Comparison)       real vs sham per patient, one panel per visit and the change
//
// The file-level helpers (CMAPFile, SNAPFile, MotorFiles, FWaveFile, RNSFile, ScanFile, AChFile,
// DoseFiles, IVFile) open a recording, run the same analysis as the endplate command and draw it.
//
// # Marks
//
// Everything a figure draws is a Mark on one of its Panels, in the panel's data coordinates — the
// units of its axes (ms and mV for nerve conduction, s and nA for voltage clamp). A figure function's
// doc lists its marks by name ("onset", "neg_peak", "t_half", …), so a program can read where each
// marker sits (Figure.Mark("onset").X[0] is the onset latency in ms) and, after rendering, where it
// landed on the canvas (Mark.Drawn, Panel.DataArea). The tests use both to check that every marker
// is drawn where the measure says.
//
// # Style
//
// Axes are labelled in physical units. Colours stay apart in grey-scale print: data in black, markers
// in a dark blue and a vermilion of different lightness, shading in light grey, and marks of one colour
// told apart by dash pattern or glyph. Traces longer than 4000 samples are drawn as the minimum and
// maximum of each of 2000 runs of samples, which looks the same at any printable size and keeps a
// ten-minute recording's SVG small. PNGs are rendered at 150 dpi.
//
// Figures are not safe for concurrent rendering (rendering records the canvas positions in the marks);
// separate figures are independent.
package figure
