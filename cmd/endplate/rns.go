package main

import (
	"strconv"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

// rnsResponse is one response of the train as the contract prints it.
type rnsResponse struct {
	AmplitudeMV num `json:"amplitude_mv"`
	NegAreaMVMS num `json:"neg_area_mvms"`
	OnsetMS     num `json:"onset_ms"`
}

// rnsReport is what rns prints for one file (DESIGN.md, endplate rns).
type rnsReport struct {
	File             string        `json:"file"`
	Responses        []rnsResponse `json:"responses"`
	DecrementPct     num           `json:"decrement_pct"`
	AreaDecrementPct num           `json:"area_decrement_pct"`
	MaxDecrementPct  num           `json:"max_decrement_pct"`
	Mismatch         bool          `json:"amplitude_area_mismatch"`
}

func rnsOf(file string, opt *ncs.FileOptions) (*rnsReport, error) {
	t, err := ncs.RNSFile(file, opt)
	if err != nil {
		return nil, err
	}
	r := &rnsReport{File: file, Responses: make([]rnsResponse, len(t.Responses)), DecrementPct: num(t.DecrementPct),
		AreaDecrementPct: num(t.AreaDecrementPct), MaxDecrementPct: num(t.MaxDecrementPct), Mismatch: t.Mismatch}
	for k, s := range t.Responses {
		r.Responses[k] = rnsResponse{AmplitudeMV: num(s.Amplitude), NegAreaMVMS: num(s.NegArea * 1e3), OnsetMS: ms(s.OnsetLatency)}
	}
	return r, nil
}

func (r *rnsReport) text(p *printer) {
	p.title(base(r.File))
	p.field("decrement, amplitude (%)", fixed(float64(r.DecrementPct), 1))
	p.field("decrement, area (%)", fixed(float64(r.AreaDecrementPct), 1))
	p.field("maximal decrement (%)", fixed(float64(r.MaxDecrementPct), 1))
	if r.Mismatch {
		p.field("note", "amplitude and area decrements disagree: check the recording")
	}
	rows := make([][]string, len(r.Responses))
	for k, s := range r.Responses {
		rows[k] = []string{strconv.Itoa(k + 1), fixed(float64(s.AmplitudeMV), 3), fixed(float64(s.NegAreaMVMS), 3)}
	}
	p.table([]string{"response", "amp mV", "neg area mV·ms"}, rows)
}

func newRNS(a *app) *cobra.Command {
	var f ncsFlags
	var plotDir string
	c := &cobra.Command{
		Use:   "rns [--json] FILE...",
		Short: "Repetitive nerve stimulation: per-response amplitude and area, decrement",
		Long: `rns takes every sweep of a file as one response of a repetitive stimulation train and
measures each CMAP (as cmap does). Decrement = (1st − 4th)/1st × 100 of the negative-peak
amplitude, also of the negative area; the maximal decrement over the train; a flag when the
amplitude and area decrements differ by more than 5 percentage points.`,
		Args: needFiles,
		RunE: func(c *cobra.Command, files []string) error {
			fo, err := f.options(c)
			if err != nil {
				return err
			}
			return perFile(a, files, f.asJSON, func(file string) (*rnsReport, error) {
				r, err := rnsOf(file, fo)
				plotIf(a, plotDir, file, err, func() ([]*figure.Figure, error) { return one(figure.RNSFile(file, fo)) })
				return r, err
			})
		},
	}
	f.add(c, true)
	plotFlag(c, &plotDir)
	return c
}
