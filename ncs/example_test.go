package ncs_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/endplate/endplate/ncs"
)

// CMAPFile measures every sweep of a recording as "endplate cmap" prints it: times in seconds from
// the stimulus (here the file's EDF+ Stimulus annotation), amplitudes in mV, areas in mV·s.
func ExampleCMAPFile() {
	sweeps, err := ncs.CMAPFile("../testdata/motor_wrist.edf", nil)
	if err != nil {
		log.Fatal(err)
	}
	c := sweeps[0]
	fmt.Printf("stimulus %.1f ms after the sweep start (%s)\n", c.StimulusS*1e3, c.Source)
	fmt.Printf("onset %.2f ms, negative peak %.2f ms\n", c.OnsetLatency*1e3, c.NegPeakLatency*1e3)
	fmt.Printf("amplitude %.2f mV, negative area %.1f mV·ms\n", c.Amplitude, c.NegArea*1e3)
	// Output:
	// stimulus 3.0 ms after the sweep start (file)
	// onset 3.14 ms, negative peak 4.21 ms
	// amplitude 5.97 mV, negative area 9.3 mV·ms
}

// MotorFiles is a motor conduction study: the velocity over the segment and the conduction-block
// verdict, naming its criteria.
func ExampleMotorFiles() {
	m, err := ncs.MotorFiles("../testdata/motor_wrist.edf", "../testdata/motor_elbow.edf", 230, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("velocity %.0f m/s, amplitude drop %.0f %%\n", m.ConductionVelocity, m.AmplitudeDropPct)
	fmt.Printf("block: %s (%s)\n", m.Block.Verdict, m.Block.Criteria)
	// Output:
	// velocity 62 m/s, amplitude drop 10 %
	// block: none (EFNS/PNS 2010)
}

// SimulateMotor makes a study with known truth; an Analyzer measures sweeps without allocating.
func ExampleSimulateMotor() {
	s := ncs.SimulateMotor(rand.New(rand.NewPCG(1, 2)), &ncs.MotorSimOptions{
		Nuisance: ncs.Nuisance{NoiseMV: 0.005, HumMV: 0.01, MainsHz: 50, ArtifactMV: 10}})
	sw, err := ncs.Sweeps(s.Distal, nil)
	if err != nil {
		log.Fatal(err)
	}
	c, err := ncs.NewAnalyzer(nil).CMAP(sw[0].Trace)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("onset %.3f ms (truth %.3f), amplitude %.2f mV (truth %.2f)\n",
		c.OnsetLatency*1e3, s.DistalTruth.OnsetLatency*1e3, c.Amplitude, s.DistalTruth.Amplitude)
	// Output:
	// onset 3.178 ms (truth 3.175), amplitude 5.95 mV (truth 5.95)
}
