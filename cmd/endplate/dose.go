package main

import (
	"fmt"
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/patch"
	"github.com/spf13/cobra"
)

type rundownOut struct {
	File        string `json:"file"`
	AmplitudeNA []num  `json:"amplitudes_na"`
	RelativePct []num  `json:"relative_pct"`
	RundownPct  num    `json:"rundown_pct"`
}

func newRundown(a *app) *cobra.Command {
	var f achFlags
	var plotDir string
	c := &cobra.Command{
		Use:   "rundown [--channel N] [--apps ON,OFF,…] [--json] FILE...",
		Short: "Rundown of ACh-evoked currents over repeated applications",
		Long: `rundown measures every application of each file as ach does and prints the amplitudes (nA),
each relative to the first (%), and the rundown, (1 − last/first) × 100.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			opt, err := f.options(c)
			if err != nil {
				return err
			}
			return perFile(a, files, f.asJSON, func(file string) (*rundownOut, error) {
				an, err := patch.AnalyzeFile(file, opt)
				if err != nil {
					return nil, err
				}
				rd := an.Rundown()
				plotIf(a, plotDir, file, nil, func() ([]*figure.Figure, error) { return one(figure.Rundown(rd), nil) })
				return &rundownOut{File: file, AmplitudeNA: nums(rd.Amplitudes), RelativePct: nums(rd.RelativePct), RundownPct: num(rd.RundownPct)}, nil
			})
		},
	}
	f.register(c, true)
	plotFlag(c, &plotDir)
	return c
}

func (o *rundownOut) text(p *printer) {
	p.title(base(o.File))
	rows := make([][]string, len(o.AmplitudeNA))
	for i, v := range o.AmplitudeNA {
		rows[i] = []string{strconv.Itoa(i + 1), fixed(float64(v), 3), fixed(float64(o.RelativePct[i]), 1)}
	}
	p.table([]string{"application", "amplitude nA", "relative %"}, rows)
	p.field("rundown %", fixed(float64(o.RundownPct), 1))
}

func (o *doseOut) text(p *printer) {
	rows := make([][]string, len(o.Conc))
	for i, c := range o.Conc {
		rows[i] = []string{sig(float64(c), 4), fixed(float64(o.ResponsesNA[i]), 3)}
	}
	p.table([]string{"concentration", "response nA"}, rows)
	p.field("EC50", fmt.Sprintf("%s [%s, %s]", sig(float64(o.EC50), 4), sig(float64(o.EC50CI[0]), 4), sig(float64(o.EC50CI[1]), 4)))
	p.field("Hill", fmt.Sprintf("%s [%s, %s]", sig(float64(o.Hill), 3), sig(float64(o.HillCI[0]), 3), sig(float64(o.HillCI[1]), 3)))
	p.field("Imax nA", sig(float64(o.ImaxNA), 4))
	p.field("R²", fixed(float64(o.R2), 4))
}

type doseOut struct {
	EC50        num    `json:"ec50"`
	EC50CI      [2]num `json:"ec50_ci"`
	Hill        num    `json:"hill"`
	HillCI      [2]num `json:"hill_ci"`
	ImaxNA      num    `json:"imax_na"`
	R2          num    `json:"r2"`
	ResponsesNA []num  `json:"responses_na"`
	Conc        []num  `json:"conc"`
}

func newDose(a *app) *cobra.Command {
	var f achFlags
	var plotDir string
	var conc string
	c := &cobra.Command{
		Use:   "dose --conc C1,C2,… [--apps ON,OFF,…] [--json] FILE...",
		Short: "Dose–response: Hill fit of ACh-evoked amplitudes against concentration",
		Long: `dose measures the response to each concentration and fits the Hill equation
I = Imax / (1 + (EC50/c)^n) on the log-concentration axis, with 95 % intervals on EC50 and the Hill
coefficient. EC50 is in the unit of the concentrations. With one file, its applications in time
order pair with the concentrations; with several files, one file per concentration in the same
order (each file's first application).`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			opt, err := f.options(c)
			if err != nil {
				return err
			}
			cs, err := parseFloats(conc)
			if err != nil {
				return usagef("--conc: %v", err)
			}
			if len(cs) < 2 {
				return usagef("dose needs --conc with at least two concentrations")
			}
			if len(files) != 1 && len(files) != len(cs) {
				return usagef("%d files for %d concentrations: give one file, or one per concentration", len(files), len(cs))
			}
			d, err := patch.DoseFiles(files, cs, opt)
			if err != nil {
				name := files[0]
				if len(files) > 1 {
					name = "dose series"
				}
				a.fail(name, err)
				return a.result()
			}
			plotIf(a, plotDir, files[0], nil, func() ([]*figure.Figure, error) { return one(figure.Dose(d, ""), nil) })
			o := doseOut{
				EC50: num(d.EC50), EC50CI: [2]num{num(d.EC50CI[0]), num(d.EC50CI[1])},
				Hill: num(d.Hill), HillCI: [2]num{num(d.HillCI[0]), num(d.HillCI[1])},
				ImaxNA: num(d.Imax), R2: num(d.R2), ResponsesNA: nums(d.Responses), Conc: nums(d.Conc),
			}
			return emit(a, f.asJSON, &o)
		},
	}
	f.register(c, true)
	c.Flags().StringVar(&conc, "conc", "", "concentrations, one per application or file, comma-separated")
	plotFlag(c, &plotDir)
	return c
}
