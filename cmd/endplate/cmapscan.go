package main

import (
	"fmt"
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

func newCmapscan(a *app) *cobra.Command {
	var asJSON bool
	var plotDir string
	c := &cobra.Command{
		Use:   "cmapscan [--json] FILE...",
		Short: "CMAP scan: maximal CMAP, S5/S50/S95, D50, steps, MUNE",
		Long: `cmapscan measures CMAP scans (Qtrac MEM files) from their stimulus–response points alone,
never from the results the file carries: the maximal CMAP (mean of the supramaximal responses
recorded first, above the baseline of the lowest-stimulus responses), S5/S50/S95 (stimulus in mA
for 5/50/95 % of it), D50, steps of at least 2 % of the maximal CMAP (count and largest, %), and a
motor unit number estimate under MScanFit's model (RS 2 %, smallest unit 0.25 % of the maximal
CMAP) with the mean unit amplitude in µV.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			return perFile(a, files, asJSON, func(file string) (*cmapscanReport, error) {
				r, err := cmapscanOf(file)
				plotIf(a, plotDir, file, err, func() ([]*figure.Figure, error) { return one(figure.ScanFile(file, nil)) })
				return r, err
			})
		},
	}
	jsonFlag(c, &asJSON)
	plotFlag(c, &plotDir)
	return c
}

// cmapscanReport is the contract's object for one CMAP scan (DESIGN.md).
type cmapscanReport struct {
	File       string `json:"file"`
	PeakMV     num    `json:"peak_mv"`
	S5MA       num    `json:"s5_ma"`
	S50MA      num    `json:"s50_ma"`
	S95MA      num    `json:"s95_ma"`
	D50        int    `json:"d50"`
	Steps      int    `json:"steps"`
	StepMaxPct num    `json:"step_max_pct"`
	MUNE       *int   `json:"mune"` // null when the scan gives no estimate
	MeanUnitUV num    `json:"mean_unit_uv"`

	res ncs.ScanResult
}

// cmapscanOf measures file with ncs.ScanFile (ncs.AnalyzeScan, the call
// the trial runner and the figures make, so that all three agree).
func cmapscanOf(file string) (*cmapscanReport, error) {
	res, err := ncs.ScanFile(file, nil)
	if err != nil {
		return nil, err
	}
	o := &cmapscanReport{
		File: file, PeakMV: num(res.MaxCMAPMV), S5MA: num(res.S5MA), S50MA: num(res.S50MA), S95MA: num(res.S95MA),
		D50: res.D50, Steps: res.Steps, StepMaxPct: num(res.StepMaxPct), MeanUnitUV: num(res.MeanUnitUV), res: res,
	}
	if res.MUNE > 0 {
		m := res.MUNE
		o.MUNE = &m
	}
	return o, nil
}

func (o *cmapscanReport) text(p *printer) {
	r := o.res
	p.title(base(o.File))
	p.field("points", strconv.Itoa(r.Points))
	p.field("maximal CMAP (mV)", fixed(r.MaxCMAPMV, 3)+fmt.Sprintf("  (%d supramaximal responses, baseline %s mV)", r.Supramax, fixed(r.BaselineMV, 3)))
	p.field("S5 / S50 / S95 (mA)", fixed(r.S5MA, 2)+" / "+fixed(r.S50MA, 2)+" / "+fixed(r.S95MA, 2))
	p.field("D50", strconv.Itoa(r.D50))
	p.field("steps", fmt.Sprintf("%d  (total %s %%, largest %s %%)", r.Steps, fixed(r.StepsPct, 1), fixed(r.StepMaxPct, 1)))
	if o.MUNE != nil {
		p.field("MUNE (units)", strconv.Itoa(r.MUNE))
		p.field("mean unit (µV)", fixed(r.MeanUnitUV, 1))
	} else {
		p.field("MUNE (units)", "not estimable")
	}
	p.field("noise (µV rms)", fixed(1000*r.NoiseMV, 1))
}
