package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/patch"
	"github.com/spf13/cobra"
)

// simAchApp is the truth of one simulated application, as JSON.
type simAchApp struct {
	OnsetS      num   `json:"on_s"`
	OffsetS     num   `json:"off_s"`
	Conc        num   `json:"conc"`
	PeakNA      num   `json:"peak_na"`
	AmplitudeNA num   `json:"amplitude_na"`
	TimeToPeakS num   `json:"time_to_peak_s"`
	Rise1090S   num   `json:"rise_10_90_s"`
	THalfS      num   `json:"t_half_s"`
	TausS       []num `json:"taus_s"`
	AmpsNA      []num `json:"amplitudes_na"`
	SteadyNA    num   `json:"steady_na"`
	DecayFromS  num   `json:"decay_from_s"`
	CRBTauPct   []num `json:"crb_tau_pct"`
}

type simAchOut struct {
	File        string      `json:"file"`
	RateHz      num         `json:"fs"`
	NoiseNA     num         `json:"noise_na"`
	HoldNA      num         `json:"hold_na"`
	DriftNAS    num         `json:"drift_na_s"`
	HumNA       num         `json:"hum_na"`
	ExchangeS   num         `json:"exchange_s"`
	EC50        num         `json:"ec50"`
	Hill        num         `json:"hill"`
	Apps        []simAchApp `json:"applications"`
	Amplitudes  []num       `json:"amplitudes_na"`
	RundownPct  num         `json:"rundown_pct"`
	RecordingTo string      `json:"-"`
}

func (o *simAchOut) text(p *printer) {
	p.title(o.File)
	rows := make([][]string, len(o.Apps))
	for i, a := range o.Apps {
		var taus []string
		for _, t := range a.TausS {
			taus = append(taus, sig(float64(t), 4))
		}
		rows[i] = []string{strconv.Itoa(i + 1), fixed(float64(a.OnsetS), 3), fixed(float64(a.OffsetS), 3), sig(float64(a.Conc), 4),
			fixed(float64(a.PeakNA), 2), fixed(float64(a.THalfS), 3), strings.Join(taus, "; ")}
	}
	p.table([]string{"application", "onset s", "offset s", "conc", "peak nA", "T0.5 s", "taus s"}, rows)
	p.field("rundown %", fixed(float64(o.RundownPct), 2))
}

// parsePools reads ON:OFF,ON:OFF (1/s).
func parsePools(s string) ([]patch.SimPool, error) {
	var ps []patch.SimPool
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		on, off, ok := strings.Cut(f, ":")
		a, err1 := strconv.ParseFloat(on, 64)
		b, err2 := strconv.ParseFloat(off, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, usagef("--pools wants ON:OFF rate pairs in 1/s, got %q", f)
		}
		ps = append(ps, patch.SimPool{OnPerS: a, OffPerS: b})
	}
	return ps, nil
}

func newSimulateACh(a *app) *cobra.Command {
	var (
		out, apps, conc, pools string
		asJSON                 bool
		p                      patch.SimParams
	)
	c := &cobra.Command{
		Use:   "ach [-o FILE.atf|.csv] [flags]",
		Short: "ACh-evoked currents from the kinetic simulator, with their ground truth",
		Long: `simulate ach writes a two-electrode voltage-clamp recording of agonist-evoked currents from the
kinetic model of patch.Simulate — perfusion exchange (raised cosine over --exchange-s), Hill
activation, desensitisation pools (--pools ON:OFF rates in 1/s at full activation), rundown per
application, holding current, drift, mains hum and Gaussian noise — to -o (ATF or CSV by its
extension), and prints the ground truth of every application (peak, T0.5, rise, the exact decay
time constants and their Cramér–Rao bounds); with -o it also writes FILE.truth.json.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			var err error
			if p.Pools, err = parsePools(pools); err != nil {
				return err
			}
			ws, err := parseApps(apps)
			if err != nil {
				return err
			}
			cs, err := parseFloats(conc)
			if err != nil {
				return usagef("--conc: %v", err)
			}
			if len(cs) != 1 && len(cs) != len(ws) {
				return usagef("--conc gives %d concentrations for %d applications (one, or one each)", len(cs), len(ws))
			}
			for i, w := range ws {
				p.Apps = append(p.Apps, patch.SimApp{Onset: w.Onset, Offset: w.Offset, Conc: cs[min(i, len(cs)-1)]})
			}
			format := ephys.FormatATF
			switch strings.ToLower(filepath.Ext(out)) {
			case ".atf":
			case ".csv":
				format = ephys.FormatCSV
			default:
				return usagef("-o %q: the simulator writes .atf or .csv", out)
			}
			r, err := patch.Simulate(p)
			if err != nil {
				return usageError{err}
			}
			rec := ephys.NewRecording([]ephys.Channel{{Name: "I_M", Unit: "nA", Rate: r.Rate}}, nil, [][][]float64{{r.Current}})
			if err := ephys.WriteFile(out, rec, format); err != nil {
				a.fail(out, err)
				return a.result()
			}
			o := simAchOut{File: out, RateHz: num(r.Rate), NoiseNA: num(p.NoiseNA), HoldNA: num(p.HoldNA), DriftNAS: num(p.DriftNAPerS),
				HumNA: num(p.HumNA), ExchangeS: num(p.ExchangeS), EC50: num(p.EC50), Hill: num(p.Hill)}
			var amps []float64
			for _, t := range r.Truth {
				crb := patch.SimCRB(t, r.Rate, p.NoiseNA)
				for i := range crb {
					crb[i] *= 100
				}
				o.Apps = append(o.Apps, simAchApp{OnsetS: num(t.Onset), OffsetS: num(t.Offset), Conc: num(t.Conc), PeakNA: num(t.Peak),
					AmplitudeNA: num(t.Amplitude), TimeToPeakS: num(t.TimeToPeak), Rise1090S: num(t.Rise1090), THalfS: num(t.THalf),
					TausS: nums(t.Taus), AmpsNA: nums(t.Amps), SteadyNA: num(t.Steady), DecayFromS: num(t.DecayFrom), CRBTauPct: nums(crb)})
				amps = append(amps, t.Amplitude)
			}
			rd := patch.Rundown(amps)
			o.Amplitudes, o.RundownPct = nums(amps), num(rd.RundownPct)
			f, err := os.Create(out + ".truth.json")
			if err != nil {
				a.fail(out, err)
				return a.result()
			}
			if err := writeJSON(f, &o); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				a.fail(out, err)
				return a.result()
			}
			return emit(a, asJSON, &o)
		},
	}
	jsonFlag(c, &asJSON)
	fl := c.Flags()
	fl.StringVarP(&out, "output", "o", "ach.atf", "recording to write (.atf or .csv); the truth goes to FILE.truth.json")
	fl.StringVar(&apps, "apps", "5,35", "applications as ON,OFF,… pairs in seconds")
	fl.StringVar(&conc, "conc", "300", "agonist concentration of each application (one for all, or one each), unit of --ec50")
	fl.StringVar(&pools, "pools", "0.7:0.02", "desensitisation pools as ON:OFF rates in 1/s (ON at full activation), comma-separated")
	fl.Float64Var(&p.Rate, "rate", 2000, "sample rate, Hz")
	fl.Float64Var(&p.Duration, "duration", 45, "length of the recording, s")
	fl.Float64Var(&p.ImaxNA, "imax-na", 600, "current at full activation without desensitisation, nA")
	fl.Float64Var(&p.EC50, "ec50", 30, "EC50 of activation, in the unit of --conc")
	fl.Float64Var(&p.Hill, "hill", 1.6, "Hill coefficient of activation")
	fl.Float64Var(&p.ExchangeS, "exchange-s", 0.3, "duration of the perfusion exchange, s")
	fl.Float64Var(&p.Rundown, "rundown", 0, "fraction of the current lost per application")
	fl.Float64Var(&p.HoldNA, "hold-na", -10, "holding current, nA")
	fl.Float64Var(&p.DriftNAPerS, "drift-na-s", 0.05, "baseline drift, nA/s")
	fl.Float64Var(&p.HumNA, "hum-na", 0.3, "mains hum amplitude, nA")
	fl.Float64Var(&p.HumHz, "hum-hz", 50, "mains frequency, Hz")
	fl.Float64Var(&p.NoiseNA, "noise-na", 2, "noise SD, nA")
	fl.Float64Var(&p.NoiseLag1, "noise-lag1", 0, "lag-1 correlation of the noise (0: white)")
	fl.Uint64Var(&p.Seed, "seed", 1, "seed of the noise")
	return c
}
