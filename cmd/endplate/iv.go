package main

import (
	"fmt"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/patch"
	"github.com/spf13/cobra"
)

type ivPoint struct {
	VMV num `json:"v_mv"`
	INA num `json:"i_na"`
}

// ivOut is what iv prints for one file.
type ivOut struct {
	File      string    `json:"file"`
	Mode      string    `json:"mode"`
	Points    []ivPoint `json:"points"`
	Reversal  num       `json:"reversal_mv"`
	SlopeUS   num       `json:"slope_conductance_us"`
	Crossings int       `json:"crossings"`
	Leak      string    `json:"leak"`
	LeakGUS   num       `json:"leak_conductance_us,omitempty"`
	LeakEMV   num       `json:"leak_reversal_mv,omitempty"`
}

func (o *ivOut) text(p *printer) {
	p.title(base(o.File))
	rows := make([][]string, len(o.Points))
	for i, pt := range o.Points {
		rows[i] = []string{fixed(float64(pt.VMV), 1), fixed(float64(pt.INA), 4)}
	}
	p.table([]string{"V mV", "I nA"}, rows)
	p.field("reversal mV", fixed(float64(o.Reversal), 2))
	p.field("slope conductance µS", sig(float64(o.SlopeUS), 4))
	if o.Leak != "none" {
		p.field("leak", o.Leak)
	}
}

func newIV(a *app) *cobra.Command {
	var (
		asJSON              bool
		channel             int
		epoch, window, leak string
		leakRange           string
		plotDir             string
	)
	c := &cobra.Command{
		Use:   "iv [--channel N] [--epoch E] [--window FROM,TO] [--leak FILE | --leak-range VLO,VHI] [--json] FILE...",
		Short: "I–V relation from a step or ramp protocol: reversal potential and slope conductance",
		Long: `iv measures the current–voltage relation of a step protocol (one point per sweep: the mean current
over the last 20 % of the stepping epoch, or over --window) or a ramp (the current along it, averaged
over the sweeps). The voltage comes from a recorded channel in volts when there is one, else from the
protocol's epoch table. The reversal potential is where the current changes sign (a local cubic
through the neighbouring points), the slope conductance dI/dV there (µS = nA/mV).
Leak subtraction: --leak FILE subtracts the same protocol recorded without agonist; --leak-range
VLO,VHI subtracts a line fitted to the points between VLO and VHI mV.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			if channel < 1 {
				return usagef("--channel %d: channels are numbered from 1", channel)
			}
			opt := &patch.IVOptions{Channel: channel - 1, Epoch: epoch}
			if window != "" {
				w, err := parseFloats(window)
				if err != nil || len(w) != 2 || !(w[1] > w[0]) {
					return usagef("--window wants FROM,TO in seconds with TO > FROM")
				}
				opt.Window = [2]float64{w[0], w[1]}
			}
			var lr []float64
			if leakRange != "" {
				var err error
				if lr, err = parseFloats(leakRange); err != nil || len(lr) != 2 || !(lr[1] > lr[0]) {
					return usagef("--leak-range wants VLO,VHI in mV with VHI > VLO")
				}
				if leak != "" {
					return usagef("give --leak or --leak-range, not both")
				}
			}
			var leakCurve *patch.IVCurve
			if leak != "" {
				var err error
				if leakCurve, err = patch.IVFile(leak, opt); err != nil {
					a.fail(leak, err)
					return a.result()
				}
			}
			return perFile(a, files, asJSON, func(file string) (*ivOut, error) {
				cv, err := patch.IVFile(file, opt)
				if err != nil {
					return nil, err
				}
				o := &ivOut{File: file, Leak: "none"}
				switch {
				case leakCurve != nil:
					cv = patch.SubtractLeak(cv, leakCurve)
					o.Leak = "subtracted " + leak
				case lr != nil:
					var g, e float64
					if cv, g, e, err = patch.SubtractLinearLeak(cv, lr[0], lr[1]); err != nil {
						return nil, fmt.Errorf("%s: %w", file, err)
					}
					o.Leak = fmt.Sprintf("linear, fitted %g to %g mV", lr[0], lr[1])
					o.LeakGUS, o.LeakEMV = num(g), num(e)
				}
				o.Mode, o.Reversal, o.SlopeUS, o.Crossings = cv.Mode, num(cv.ReversalMV), num(cv.SlopeUS), cv.Crossings
				plotIf(a, plotDir, file, nil, func() ([]*figure.Figure, error) { return ivFigure(file, cv), nil })
				o.Points = make([]ivPoint, len(cv.VoltageMV))
				for i, v := range cv.VoltageMV {
					o.Points[i] = ivPoint{num(v), num(cv.CurrentNA[i])}
				}
				return o, nil
			})
		},
	}
	jsonFlag(c, &asJSON)
	c.Flags().IntVar(&channel, "channel", 1, "current channel, numbered from 1")
	c.Flags().StringVar(&epoch, "epoch", "", "the protocol epoch that steps or ramps the voltage (A, B, …; default: the first that changes from sweep to sweep, else the first ramp)")
	c.Flags().StringVar(&window, "window", "", "measurement window FROM,TO in seconds from the start of each sweep (default: the last 20 % of the step)")
	c.Flags().StringVar(&leak, "leak", "", "the same protocol recorded without agonist, subtracted")
	c.Flags().StringVar(&leakRange, "leak-range", "", "subtract a linear leak fitted between VLO,VHI mV")
	plotFlag(c, &plotDir)
	return c
}
