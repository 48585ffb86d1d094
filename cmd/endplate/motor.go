package main

import (
	"math"
	"sort"
	"strings"

	"github.com/endplate/endplate/figure"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

func newMotor(a *app) *cobra.Command {
	var f ncsFlags
	var plotDir string
	var distal, proximal, criteria string
	var distance float64
	c := &cobra.Command{
		Use:   "motor --distal FILE --proximal FILE --distance-mm D [--json]",
		Short: "Motor conduction study: velocity, amplitude and area drop, conduction block",
		Long: `motor measures the first sweep's CMAP of a distal and a proximal stimulation (as cmap does)
and reports the conduction velocity, distance / (proximal − distal onset latency), the drops of
amplitude and area, the increase of negative-phase duration, and the conduction-block and
temporal-dispersion verdicts under named published criteria (--criteria efns-pns-2010, the
default, or aaem-2003), each verdict naming its criteria.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("motor takes its files as --distal and --proximal, not %q", args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			if distal == "" || proximal == "" {
				return usagef("motor needs --distal FILE and --proximal FILE")
			}
			if !(distance > 0) || math.IsInf(distance, 0) {
				return usagef("motor needs --distance-mm D, the distance between the stimulation sites (> 0)")
			}
			fo, err := f.options(c)
			if err != nil {
				return err
			}
			crit, err := ncs.LookupBlockCriteria(criteria)
			if err != nil {
				return usageError{err}
			}
			m, err := ncs.MotorFiles(distal, proximal, distance, &ncs.MotorOptions{FileOptions: *fo, Criteria: &crit})
			if err != nil {
				// Both files may be bad: one line for each error (ncs.MotorFiles joins them).
				errs := []error{err}
				if j, ok := err.(interface{ Unwrap() []error }); ok {
					errs = j.Unwrap()
				}
				for _, e := range errs {
					bad := distal
					if strings.Contains(e.Error(), proximal) {
						bad = proximal
					}
					a.fail(bad, e)
				}
				return a.result()
			}
			plotIf(a, plotDir, distal, nil, func() ([]*figure.Figure, error) {
				return one(figure.MotorFiles(distal, proximal, distance, &ncs.MotorOptions{FileOptions: *fo, Criteria: &crit}))
			})
			if err := emit(a, f.asJSON, newMotorReport(m, distal, proximal)); err != nil {
				return err
			}
			return a.result()
		},
	}
	f.add(c, true)
	plotFlag(c, &plotDir)
	c.Flags().StringVar(&distal, "distal", "", "recording of the distal stimulation (wrist)")
	c.Flags().StringVar(&proximal, "proximal", "", "recording of the proximal stimulation (elbow)")
	c.Flags().Float64Var(&distance, "distance-mm", 0, "distance between the stimulation sites in mm")
	c.Flags().StringVar(&criteria, "criteria", "", "conduction-block criteria: efns-pns-2010 (default) or aaem-2003")
	return c
}

// verdict is a conduction-block or dispersion verdict naming its criteria.
type verdict struct {
	Criteria string `json:"criteria"`
	Verdict  string `json:"verdict"`
	Reason   string `json:"reason"`
}

// motorSite is one stimulation site: the file and its first sweep's CMAP as cmap prints it.
type motorSite struct {
	File string `json:"file"`
	cmapSweep
}

// motorReport is what motor prints (DESIGN.md, endplate motor).
type motorReport struct {
	Distal              motorSite `json:"distal"`
	Proximal            motorSite `json:"proximal"`
	DistanceMM          num       `json:"distance_mm"`
	CVMS                num       `json:"cv_m_s"`
	AmplitudeDropPct    num       `json:"amplitude_drop_pct"`
	AreaDropPct         num       `json:"area_drop_pct"`
	DurationIncreasePct num       `json:"duration_increase_pct"`
	Block               verdict   `json:"block"`
	Dispersion          verdict   `json:"dispersion"`
	Reference           reference `json:"reference"`
}

// reference is a study's measures flagged against the reference limits, naming their source.
type reference struct {
	Source string            `json:"source"`
	Flags  map[string]string `json:"flags"` // measure → "low", "high" or "normal"
}

func newMotorReport(m ncs.Motor, distal, proximal string) *motorReport {
	v := func(x ncs.Verdict) verdict { return verdict{x.Criteria, x.Verdict, x.Reason} }
	return &motorReport{
		Distal:     motorSite{distal, newCMAPSweep(m.Distal)},
		Proximal:   motorSite{proximal, newCMAPSweep(m.Proximal)},
		DistanceMM: num(m.DistanceMM), CVMS: num(m.ConductionVelocity), AmplitudeDropPct: num(m.AmplitudeDropPct),
		AreaDropPct: num(m.AreaDropPct), DurationIncreasePct: num(m.DurationIncreasePct),
		Block: v(m.Block), Dispersion: v(m.Dispersion),
		Reference: reference{ncs.MedianMotor.Source, ncs.MedianMotor.MotorFlags(m)},
	}
}

func (r *motorReport) text(p *printer) {
	rows := [][]string{}
	for _, s := range []struct {
		name string
		s    motorSite
	}{{"distal", r.Distal}, {"proximal", r.Proximal}} {
		rows = append(rows, []string{s.name, base(s.s.File), fixed(float64(s.s.OnsetMS), 3), fixed(float64(s.s.AmplitudeMV), 3),
			fixed(float64(s.s.NegAreaMVMS), 3), fixed(float64(s.s.NegDurationMS), 2)})
	}
	p.table([]string{"site", "file", "onset ms", "amp mV", "neg area mV·ms", "neg dur ms"}, rows)
	p.field("distance (mm)", fixed(float64(r.DistanceMM), 1))
	p.field("conduction velocity (m/s)", fixed(float64(r.CVMS), 1))
	p.field("amplitude drop (%)", fixed(float64(r.AmplitudeDropPct), 1))
	p.field("area drop (%)", fixed(float64(r.AreaDropPct), 1))
	p.field("duration increase (%)", fixed(float64(r.DurationIncreasePct), 1))
	p.field("conduction block", r.Block.Verdict+" ("+r.Block.Criteria+": "+r.Block.Reason+")")
	p.field("temporal dispersion", r.Dispersion.Verdict+" ("+r.Dispersion.Criteria+": "+r.Dispersion.Reason+")")
	p.field("against median motor limits", flagText(r.Reference.Flags))
}

// flagText lays out reference flags as "measure flag, …" in a fixed order.
func flagText(flags map[string]string) string {
	keys := make([]string, 0, len(flags))
	for k := range flags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.ReplaceAll(k, "_", " ") + " " + flags[k])
	}
	if b.Len() == 0 {
		return none
	}
	return b.String()
}
