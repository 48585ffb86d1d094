package ncs

import (
	"errors"
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
	// Both sites are measured, so that when both fail both errors are reported (errors.Join).
	d, errD := firstCMAP(distal, fo)
	p, errP := firstCMAP(proximal, fo)
	if err := errors.Join(errD, errP); err != nil {
		return Motor{}, err
	}
	if !(distanceMM > 0) || math.IsInf(distanceMM, 0) {
		return Motor{}, fmt.Errorf("ncs: distance %v mm between the stimulation sites", distanceMM)
	}
	return MotorStudy(d, p, distanceMM, opt), nil
}

// firstCMAP is the CMAP of r's first sweep; errors name the file.
func firstCMAP(r *ephys.Recording, fo *FileOptions) (SweepCMAP, error) {
	sw, err := CMAPs(r, fo)
	if err != nil {
		return SweepCMAP{}, err
	}
	if sw[0].Err != nil {
		return sw[0], wrapPath(r, sw[0].Err)
	}
	return sw[0], nil
}

// MotorFiles opens both files and computes the study (MotorRecordings). This is exactly what
// "endplate motor" prints.
func MotorFiles(distal, proximal string, distanceMM float64, opt *MotorOptions) (Motor, error) {
	rd, errD := ephys.Open(distal)
	if errD == nil {
		defer rd.Close()
	}
	rp, errP := ephys.Open(proximal)
	if errP == nil {
		defer rp.Close()
	}
	if errD != nil || errP != nil {
		// One file unreadable: the other is still measured, so that every error is reported at once.
		var fo *FileOptions
		if opt != nil {
			fo = &opt.FileOptions
		}
		if errD == nil {
			_, errD = firstCMAP(rd, fo)
		}
		if errP == nil {
			_, errP = firstCMAP(rp, fo)
		}
		return Motor{}, errors.Join(errD, errP)
	}
	return MotorRecordings(rd, rp, distanceMM, opt)
}
