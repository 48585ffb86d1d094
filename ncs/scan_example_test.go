package ncs_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/endplate/endplate/ncs"
)

// A CMAP scan simulated from MScanFit's model — 50 units of 0.16 mV with thresholds between 8 and
// 10 mA — measured from its points.
func ExampleScanAnalyzer() {
	rng := rand.New(rand.NewPCG(1, 2))
	units := make([]ncs.ScanUnit, 50)
	for i := range units {
		units[i] = ncs.ScanUnit{ThresholdMA: 8 + 2*rng.Float64(), AmplitudeMV: 0.16}
	}
	pts := ncs.SimulateScan(units, ncs.ScanStimuli(14, 5, 25, 450, 25), 0.005, rng)

	res, err := ncs.NewScanAnalyzer(nil).Analyze(pts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("maximal CMAP %.2f mV, S50 %.1f mA, D50 %d, MUNE %d units of %.0f µV\n",
		res.MaxCMAPMV, res.S50MA, res.D50, res.MUNE, res.MeanUnitUV)
	// Output:
	// maximal CMAP 8.00 mV, S50 9.1 mA, D50 17, MUNE 46 units of 174 µV
}
