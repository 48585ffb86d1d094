package main

import "github.com/spf13/cobra"

// newSimulate is the parent of the simulators' subcommands; each simulator
// adds its own with one line here.
func newSimulate(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "simulate",
		Short: "Synthetic recordings with their ground truth, from the simulators",
	}
	c.AddCommand(newSimulateACh(a))
	c.AddCommand(newSimulateCMAP(a))
	c.AddCommand(newSimulateMotor(a))
	c.AddCommand(newSimulateFWave(a))
	c.AddCommand(newSimulateRNS(a))
	c.AddCommand(newSimulateSNAP(a))
	return c
}
