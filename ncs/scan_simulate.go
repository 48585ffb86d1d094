package ncs

import (
	"math"
	"math/rand/v2"

	"github.com/endplate/endplate/ephys"
)

// ScanUnit is one motor unit of MScanFit's model of a CMAP scan.
type ScanUnit struct {
	ThresholdMA    float64 // stimulus at which it fires with probability ½, mA
	RelativeSpread float64 // σ of its threshold / threshold (RS); 0 means DefaultScanRelativeSpread
	AmplitudeMV    float64 // its contribution to the CMAP, mV
}

// SimulateScan returns the points of a CMAP scan of units at the given stimuli (mA, in the order
// recorded): at each stimulus S every unit fires independently with probability
// Φ((S − T)/(RS·T)), and the response is the sum of the units that fire plus Gaussian noise of
// noiseMV rms. It is the model MScanFit fits and ScanAnalyzer's MUNE rests on, for tests and for
// checking a method on scans whose units are known.
func SimulateScan(units []ScanUnit, stimuliMA []float64, noiseMV float64, rng *rand.Rand) []ephys.ScanPoint {
	pts := make([]ephys.ScanPoint, len(stimuliMA))
	for i, s := range stimuliMA {
		y := noiseMV * rng.NormFloat64()
		for _, u := range units {
			rs := u.RelativeSpread
			if rs <= 0 {
				rs = DefaultScanRelativeSpread
			}
			p := 0.5 * math.Erfc(-(s-u.ThresholdMA)/(rs*u.ThresholdMA)/math.Sqrt2)
			if rng.Float64() < p {
				y += u.AmplitudeMV
			}
		}
		pts[i] = ephys.ScanPoint{Index: i + 1, StimulusMA: s, ResponseMV: y}
	}
	return pts
}

// ScanStimuli returns a Qtrac-like stimulus sequence: supra supramaximal stimuli at hi, then n
// stimuli falling geometrically from hi to lo (mA), then sub more at lo.
func ScanStimuli(hi, lo float64, supra, n, sub int) []float64 {
	s := make([]float64, 0, supra+n+sub)
	for range supra {
		s = append(s, hi)
	}
	r := math.Pow(lo/hi, 1/float64(max(n-1, 1)))
	v := hi
	for range n {
		s = append(s, v)
		v *= r
	}
	for range sub {
		s = append(s, lo)
	}
	return s
}
