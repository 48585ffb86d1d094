package trial

import (
	"errors"
	"fmt"
	"math"

	"github.com/endplate/endplate/ncs"
	"github.com/endplate/endplate/patch"
)

// Pipelines is the Analyzer behind `endplate trial`: each job makes exactly the library call the single
// command makes, with the command's default options, so a trial's per-patient measure equals what the
// command prints for the same file:
//
//	motor_wrist  ncs.CMAPFile, first sweep (endplate cmap): DMLms, CMAPAmplitudeMV, CMAPNegAreaMVms, CMAPNegDurationMs
//	JobMotor     ncs.MotorFiles (endplate motor --distal W --proximal E --distance-mm D): CVms, AmplitudeDropPct
//	fwave        ncs.FWaveFile (endplate fwave): FMinLatencyMs, FMeanLatencyMs, FPersistencePct, FChronodispersionMs
//	rns          ncs.RNSFile (endplate rns): RNSDecrementPct
//	cmapscan     ncs.ScanFile (endplate cmapscan): ScanMUNE, ScanD50
//	ach          patch.AnalyzeFile, first application (endplate ach): AChAmplitudeNA, AChTHalfS, AChRiseS, AChWeightedTauS
//
// Its zero value is ready to use and safe for concurrent use.
type Pipelines struct{}

// Analyze runs the job's pipeline.
func (Pipelines) Analyze(j Job) (Values, error) {
	switch j.Kind {
	case KindMotorWrist:
		return wristCMAP(j.Files[0])
	case JobMotor:
		return motorPair(j.Files[0], j.Files[1], j.DistanceMM)
	case KindCMAPScan:
		return cmapScan(j.Files[0])
	case KindACh:
		return achFirst(j.Files[0])
	case KindFWave:
		return fwaves(j.Files[0])
	case KindRNS:
		return rns(j.Files[0])
	}
	return nil, fmt.Errorf("%s: no %s pipeline in this build of endplate", j.Files[0], j.Kind)
}

// errNoSweep is a recording in which no sweep holds a measurable CMAP: endplate cmap rejects the file.
var errNoSweep = errors.New("no sweeps")

func wristCMAP(file string) (Values, error) {
	sw, err := ncs.CMAPFile(file, nil)
	if err != nil {
		return nil, err
	}
	if len(sw) == 0 {
		return nil, fmt.Errorf("%s: %w", file, errNoSweep)
	}
	measured := false
	for _, s := range sw {
		measured = measured || s.Err == nil
	}
	if !measured { // as endplate cmap: a file without one measurable sweep is an error
		return nil, fmt.Errorf("%s: %w", file, sw[0].Err)
	}
	c := sw[0].CMAP // the first sweep, as the trial's measures are defined (NaN when it failed)
	return Values{DMLms: c.OnsetLatency * 1e3, CMAPAmplitudeMV: c.Amplitude,
		CMAPNegAreaMVms: c.NegArea * 1e3, CMAPNegDurationMs: c.NegDuration * 1e3}, nil
}

func motorPair(wrist, elbow string, distanceMM float64) (Values, error) {
	crit, err := ncs.LookupBlockCriteria("")
	if err != nil {
		return nil, err
	}
	m, err := ncs.MotorFiles(wrist, elbow, distanceMM, &ncs.MotorOptions{Criteria: &crit})
	if err != nil {
		return nil, err
	}
	return Values{CVms: m.ConductionVelocity, AmplitudeDropPct: m.AmplitudeDropPct}, nil
}

func cmapScan(file string) (Values, error) {
	res, err := ncs.ScanFile(file, nil)
	if err != nil {
		return nil, err
	}
	mune := math.NaN() // endplate cmapscan prints null when the scan gives no estimate
	if res.MUNE > 0 {
		mune = float64(res.MUNE)
	}
	return Values{ScanMUNE: mune, ScanD50: float64(res.D50)}, nil
}

func achFirst(file string) (Values, error) {
	an, err := patch.AnalyzeFile(file, &patch.Options{}) // endplate ach's defaults: channel 1, applications found
	if err != nil {
		return nil, err
	}
	v := Values{AChAmplitudeNA: math.NaN(), AChTHalfS: math.NaN(), AChRiseS: math.NaN(), AChWeightedTauS: math.NaN()}
	if len(an.Responses) == 0 {
		return v, nil
	}
	r := an.Responses[0]
	v[AChAmplitudeNA], v[AChTHalfS], v[AChRiseS] = r.Amplitude, r.THalf, r.Rise1090
	if r.Decay != nil {
		v[AChWeightedTauS] = r.Decay.WeightedTau
	}
	return v, nil
}

func fwaves(file string) (Values, error) {
	t, err := ncs.FWaveFile(file, &ncs.FWaveOptions{}) // endplate fwave's defaults
	if err != nil {
		return nil, err
	}
	return Values{FMinLatencyMs: t.MinLatency * 1e3, FMeanLatencyMs: t.MeanLatency * 1e3,
		FPersistencePct: t.Persistence, FChronodispersionMs: t.Chronodispersion * 1e3}, nil
}

func rns(file string) (Values, error) {
	t, err := ncs.RNSFile(file, &ncs.FileOptions{}) // endplate rns's defaults
	if err != nil {
		return nil, err
	}
	return Values{RNSDecrementPct: t.DecrementPct}, nil
}
