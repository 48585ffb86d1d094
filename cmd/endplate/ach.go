package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/patch"
	"github.com/spf13/cobra"
)

// achFlags are the options shared by the voltage-clamp commands.
type achFlags struct {
	asJSON  bool
	channel int
	apps    string
}

func (f *achFlags) register(c *cobra.Command, withApps bool) {
	jsonFlag(c, &f.asJSON)
	c.Flags().IntVar(&f.channel, "channel", 0, "channel to analyse, numbered from 1 (default: the first recorded in amperes)")
	if withApps {
		c.Flags().StringVar(&f.apps, "apps", "", "applications as ON,OFF,… pairs in seconds from the start of the sweep (default: found from tags, epochs or the current)")
	}
}

// options turns the flags into patch.Options (a usage error for bad values).
func (f *achFlags) options(c *cobra.Command) (*patch.Options, error) {
	o := &patch.Options{}
	if c.Flags().Changed("channel") {
		if f.channel < 1 {
			return nil, usagef("--channel %d: channels are numbered from 1", f.channel)
		}
		o.Channel, o.ChannelSet = f.channel-1, true
	}
	if f.apps != "" {
		ws, err := parseApps(f.apps)
		if err != nil {
			return nil, err
		}
		o.Apps = ws
	}
	return o, nil
}

// parseApps reads ON,OFF,ON,OFF,… (seconds).
func parseApps(s string) ([]patch.Window, error) {
	v, err := parseFloats(s)
	if err != nil {
		return nil, usagef("--apps: %v", err)
	}
	if len(v) == 0 || len(v)%2 != 0 {
		return nil, usagef("--apps wants onset,offset pairs, got %d numbers", len(v))
	}
	ws := make([]patch.Window, 0, len(v)/2)
	for i := 0; i < len(v); i += 2 {
		if !(v[i+1] > v[i]) || v[i] < 0 {
			return nil, usagef("--apps: application %d: offset %g s not after onset %g s", i/2+1, v[i+1], v[i])
		}
		ws = append(ws, patch.Window{Onset: v[i], Offset: v[i+1]})
	}
	return ws, nil
}

// parseFloats reads a comma-separated list of finite numbers.
func parseFloats(s string) ([]float64, error) {
	var v []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil || x-x != 0 {
			return nil, fmt.Errorf("%q is not a number", f)
		}
		v = append(v, x)
	}
	return v, nil
}

// achFit is the decay fit as `ach --json` prints it.
type achFit struct {
	Model       string   `json:"model"`
	TausS       []num    `json:"taus_s"`
	AmpsNA      []num    `json:"amplitudes_na"`
	OffsetNA    num      `json:"offset_na"`
	TauCIS      [][2]num `json:"tau_ci_s"`
	WeightedTau num      `json:"weighted_tau_s"`
	R2          num      `json:"r2"`
	AICc        num      `json:"aicc"`
	FromS       num      `json:"from_s"`
	ToS         num      `json:"to_s"`
	AmpCINA     [][2]num `json:"amplitude_ci_na"`
	Points      int      `json:"points"`
	TauSES      []num    `json:"tau_se_s"`
	TauCIProf   []bool   `json:"tau_ci_profile"`
	Lag1        num      `json:"residual_lag1"`
	NoiseLag1   num      `json:"noise_lag1"`
	VarFactor   num      `json:"variance_factor"`
	EffDoF      num      `json:"effective_dof"`
	BinSamples  int      `json:"bin_samples"`
}

// achApp is one application as `ach --json` prints it.
type achApp struct {
	Sweep        int      `json:"sweep"`
	Source       string   `json:"source"`
	OnsetS       num      `json:"onset_s"`
	OffsetS      num      `json:"offset_s"`
	ReturnS      num      `json:"return_s"`
	BaselineNA   num      `json:"baseline_na"`
	DriftNAS     num      `json:"drift_na_s"`
	NoiseNA      num      `json:"noise_na"`
	PeakNA       num      `json:"peak_na"`
	AmplitudeNA  num      `json:"amplitude_na"`
	PeakS        num      `json:"peak_s"`
	TimeToPeakS  num      `json:"time_to_peak_s"`
	Rise1090S    num      `json:"rise_10_90_s"`
	THalfS       num      `json:"t_half_s"`
	SteadyToPeak num      `json:"steady_to_peak"`
	ChargeNC     num      `json:"charge_nc"`
	Fit          *achFit  `json:"fit"`
	FitError     string   `json:"fit_error,omitempty"`
	Flags        []string `json:"flags"`
}

type achOut struct {
	File         string   `json:"file"`
	Applications []achApp `json:"applications"`
}

func pairs(x [][2]float64) [][2]num {
	v := make([][2]num, len(x))
	for i, p := range x {
		v[i] = [2]num{num(p[0]), num(p[1])}
	}
	return v
}

func achJSON(file string, a *patch.Analysis) achOut {
	o := achOut{File: file, Applications: []achApp{}}
	for _, r := range a.Responses {
		ap := achApp{
			Sweep: r.Sweep + 1, Source: r.Source,
			OnsetS: num(r.Onset), OffsetS: num(r.Offset), ReturnS: num(r.Return),
			BaselineNA: num(r.Baseline.Level), DriftNAS: num(r.Baseline.DriftPS), NoiseNA: num(r.Baseline.NoiseSD),
			PeakNA: num(r.Peak), AmplitudeNA: num(r.Amplitude), PeakS: num(r.PeakTime),
			TimeToPeakS: num(r.TimeToPeak), Rise1090S: num(r.Rise1090), THalfS: num(r.THalf),
			SteadyToPeak: num(r.SteadyToPeak), ChargeNC: num(r.Charge),
			Flags: append([]string{}, r.Flags.Names()...),
		}
		if d := r.Decay; d != nil {
			ap.Fit = &achFit{
				Model: d.Model(), TausS: nums(d.Tau), AmpsNA: nums(d.Amp), OffsetNA: num(d.Offset),
				TauCIS: pairs(d.TauCI), WeightedTau: num(d.WeightedTau), R2: num(d.R2), AICc: num(d.AICc),
				FromS: num(d.From), ToS: num(d.To), AmpCINA: pairs(d.AmpCI), Points: d.N,
				TauSES: nums(d.TauSE), TauCIProf: append([]bool{}, d.TauCIProfile...), Lag1: num(d.ResidualLag1),
				NoiseLag1: num(d.NoiseLag1), VarFactor: num(d.VarianceFactor), EffDoF: num(d.EffectiveDoF),
				BinSamples: d.Bin,
			}
		} else if r.DecayErr != nil {
			ap.FitError = r.DecayErr.Error()
		}
		o.Applications = append(o.Applications, ap)
	}
	return o
}

func newAch(a *app) *cobra.Command {
	var f achFlags
	var plotDir string
	c := &cobra.Command{
		Use:   "ach [--channel N] [--apps ON,OFF,…] [--json] FILE...",
		Short: "ACh-evoked currents: peak, rise, T0.5, decay kinetics per application",
		Long: `ach finds every agonist application in a voltage-clamp recording (from the file's tags, or
from the current itself: a response reaches 10× the baseline noise SD and 5 % of the file's
largest) unless --apps gives onset,offset pairs, and measures each in nA whatever the file's unit:
baseline (a line through the quiet samples before the onset and after the washout), signed peak
from a local cubic fit, amplitude, time to peak, 10–90 % rise, T0.5 (peak to half amplitude while
still in agonist; null if never), steady-state/peak, charge (nC), and the decay fitted from the
end of the agonist exchange (peak + 3 rise times) to the offset with one or two exponentials plus
an offset (chosen by F test and AICc with guards), with 95 % intervals on each time constant.
Times are in seconds from the start of the sweep; sweeps are numbered from 1.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			opt, err := f.options(c)
			if err != nil {
				return err
			}
			return perFile(a, files, f.asJSON, func(file string) (*achOut, error) {
				an, err := patch.AnalyzeFile(file, opt)
				if err != nil {
					return nil, err
				}
				o := achJSON(file, an)
				plotIf(a, plotDir, file, nil, func() ([]*figure.Figure, error) { return figure.AChFile(file, opt) })
				return &o, nil
			})
		},
	}
	f.register(c, true)
	plotFlag(c, &plotDir)
	return c
}

func (o *achOut) text(p *printer) {
	p.title(base(o.File))
	rows := make([][]string, len(o.Applications))
	for k, r := range o.Applications {
		model, taus := "–", ""
		if f := r.Fit; f != nil {
			model = f.Model
			var s []string
			for i, t := range f.TausS {
				s = append(s, fmt.Sprintf("%s [%s, %s]", sig(float64(t), 4), sig(float64(f.TauCIS[i][0]), 4), sig(float64(f.TauCIS[i][1]), 4)))
			}
			taus = strings.Join(s, "; ")
		}
		rows[k] = []string{strconv.Itoa(r.Sweep), fixed(float64(r.OnsetS), 3), fixed(float64(r.OffsetS), 3),
			fixed(float64(r.BaselineNA), 2), fixed(float64(r.PeakNA), 2), fixed(float64(r.TimeToPeakS), 3),
			fixed(float64(r.Rise1090S), 3), fixed(float64(r.THalfS), 3), fixed(float64(r.SteadyToPeak), 3),
			fixed(float64(r.ChargeNC), 2), model, taus, strings.Join(r.Flags, ",")}
	}
	p.table([]string{"sweep", "onset s", "offset s", "baseline nA", "peak nA", "t-peak s", "rise s", "T0.5 s",
		"ss/peak", "charge nC", "model", "taus s (95 % CI)", "flags"}, rows)
	for _, r := range o.Applications {
		if r.FitError != "" {
			p.field(fmt.Sprintf("sweep %d at %s s", r.Sweep, fixed(float64(r.OnsetS), 2)), r.FitError)
		}
	}
}
