package ncs

import (
	"fmt"
	"math"

	"github.com/endplate/endplate/ephys"
)

// Motor is a motor conduction study over one nerve segment: the CMAPs from distal and proximal
// stimulation and what they say about the segment between.
type Motor struct {
	Distal, Proximal SweepCMAP // each recording's first sweep
	DistanceMM       float64   // between the two stimulation sites

	// ConductionVelocity is distance / (proximal − distal onset latency), in m/s (= mm/ms).
	ConductionVelocity float64

	AmplitudeDropPct    float64 // (distal − proximal)/distal × 100, negative-peak amplitude
	AreaDropPct         float64 // the same for the negative-phase area
	DurationIncreasePct float64 // (proximal − distal)/distal × 100, negative-phase duration

	Block      Verdict // conduction block under the chosen criteria
	Dispersion Verdict // temporal dispersion under the same criteria
}

// MotorOptions are the options of a motor study: how to read both files, and which conduction-block
// criteria to apply (nil: EFNSPNS2010) with which lower limit of normal for the distal amplitude
// (0: the median motor limit of ReferenceLimits).
type MotorOptions struct {
	FileOptions
	Criteria *BlockCriteria
	LLNmV    float64
}

// MotorStudy computes the study from the distal and proximal CMAPs (first sweeps, as CMAPs measures
// them). A CMAP that could not be measured makes the measures that need it NaN.
func MotorStudy(distal, proximal SweepCMAP, distanceMM float64, opt *MotorOptions) Motor {
	var o MotorOptions
	if opt != nil {
		o = *opt
	}
	crit := EFNSPNS2010
	if o.Criteria != nil {
		crit = *o.Criteria
	}
	lln := o.LLNmV
	if lln <= 0 {
		lln = MedianMotor.AmplitudeMV.Lower
	}
	m := Motor{Distal: distal, Proximal: proximal, DistanceMM: distanceMM}
	dl := proximal.OnsetLatency - distal.OnsetLatency // s
	m.ConductionVelocity = math.NaN()
	if dl > 0 && distanceMM > 0 {
		m.ConductionVelocity = distanceMM / (dl * 1e3)
	}
	m.AmplitudeDropPct = -pctChange(distal.Amplitude, proximal.Amplitude)
	m.AreaDropPct = -pctChange(distal.NegArea, proximal.NegArea)
	m.DurationIncreasePct = pctChange(distal.NegDuration, proximal.NegDuration)
	m.Block = crit.Block(distal.CMAP, proximal.CMAP, lln)
	m.Dispersion = crit.Dispersion(distal.CMAP, proximal.CMAP)
	return m
}

// MotorRecordings measures the first sweep of each recording and computes the study.
func MotorRecordings(distal, proximal *ephys.Recording, distanceMM float64, opt *MotorOptions) (Motor, error) {
	var fo *FileOptions
	if opt != nil {
		fo = &opt.FileOptions
	}
	first := func(r *ephys.Recording) (SweepCMAP, error) {
		sw, err := CMAPs(r, fo)
		if err != nil {
			return SweepCMAP{}, err
		}
		if sw[0].Err != nil {
			return sw[0], wrapPath(r, sw[0].Err)
		}
		return sw[0], nil
	}
	d, err := first(distal)
	if err != nil {
		return Motor{}, err
	}
	p, err := first(proximal)
	if err != nil {
		return Motor{}, err
	}
	if !(distanceMM > 0) || math.IsInf(distanceMM, 0) {
		return Motor{}, fmt.Errorf("ncs: distance %v mm between the stimulation sites", distanceMM)
	}
	return MotorStudy(d, p, distanceMM, opt), nil
}

// MotorFiles opens both files and computes the study (MotorRecordings). This is exactly what
// "endplate motor" prints.
func MotorFiles(distal, proximal string, distanceMM float64, opt *MotorOptions) (Motor, error) {
	rd, err := ephys.Open(distal)
	if err != nil {
		return Motor{}, err
	}
	defer rd.Close()
	rp, err := ephys.Open(proximal)
	if err != nil {
		return Motor{}, err
	}
	defer rp.Close()
	return MotorRecordings(rd, rp, distanceMM, opt)
}
