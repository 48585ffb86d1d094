package main

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/endplate/endplate/ephys"
	"github.com/endplate/endplate/ncs"
	"github.com/spf13/cobra"
)

// simFlags are the flags every NCS simulator has: where to write, the seed, JSON.
type simFlags struct {
	out    string
	seed   uint64
	asJSON bool
}

// add adds -o, --seed and --json to a simulator's command.
func (s *simFlags) add(c *cobra.Command) {
	c.Flags().StringVarP(&s.out, "output", "o", "", "recording to write (.edf, .csv, .tsv, .atf); the truth goes beside it as .truth.json (without -o: CSV on standard output)")
	c.Flags().Uint64Var(&s.seed, "seed", 1, "random seed: the same seed gives the same recording")
	c.Flags().BoolVar(&s.asJSON, "json", false, "print the truth as JSON")
}

// rng returns the simulators' random source for the seed: the same seed gives the same recording.
func (s *simFlags) rng() *rand.Rand { return rand.New(rand.NewPCG(s.seed, 0x656e64706c617465)) }

// formatFor returns the format to write path in, from its extension.
func formatFor(path string) (ephys.Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".edf":
		return ephys.FormatEDF, nil
	case ".csv", "":
		return ephys.FormatCSV, nil
	case ".tsv":
		return ephys.FormatTSV, nil
	case ".atf":
		return ephys.FormatATF, nil
	}
	return "", usagef("cannot tell the format of %q: use .edf, .csv, .tsv or .atf", path)
}

// truthPath is where the truth of a recording written to path goes.
func truthPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".truth.json"
}

// write writes a simulated recording to -o and its truth beside it (FILE.truth.json), and prints
// the truth; without -o it writes the recording as CSV to standard output.
func (s *simFlags) write(a *app, rec *ephys.Recording, truth report) error {
	if s.out == "" {
		return ephys.Write(a.stdout, rec, ephys.FormatCSV)
	}
	f, err := formatFor(s.out)
	if err != nil {
		return err
	}
	if err := ephys.WriteFile(s.out, rec, f); err != nil {
		return err
	}
	tp := truthPath(s.out)
	tf, err := os.Create(tp)
	if err != nil {
		return err
	}
	if err := writeJSON(tf, truth); err != nil {
		tf.Close()
		return err
	}
	if err := tf.Close(); err != nil {
		return err
	}
	return emit(a, s.asJSON, truth)
}

// nuisanceFlags set what a simulated recording adds to the physiology.
type nuisanceFlags struct {
	noiseUV, humUV, mainsHz, driftUV, offsetUV, artifactMV, rateHz, preMS, postMS float64
}

func (n *nuisanceFlags) add(c *cobra.Command, noiseUV float64) {
	c.Flags().Float64Var(&n.noiseUV, "noise-uv", noiseUV, "white noise SD, µV")
	c.Flags().Float64Var(&n.humUV, "hum-uv", 10, "mains hum amplitude, µV (third harmonic a third of it)")
	c.Flags().Float64Var(&n.mainsHz, "mains-hz", 50, "mains frequency, Hz")
	c.Flags().Float64Var(&n.driftUV, "drift-uv", 30, "linear baseline drift over the sweep, µV")
	c.Flags().Float64Var(&n.offsetUV, "offset-uv", 0, "baseline offset, µV")
	c.Flags().Float64Var(&n.artifactMV, "artifact-mv", 15, "stimulus artifact, mV (0: none)")
	c.Flags().Float64Var(&n.rateHz, "rate-hz", 20000, "sample rate, Hz")
	c.Flags().Float64Var(&n.preMS, "pre-ms", 5, "pre-stimulus time, ms")
	c.Flags().Float64Var(&n.postMS, "post-ms", 0, "time after the stimulus, ms (0: the simulator's default)")
}

func (n *nuisanceFlags) get() (ncs.Nuisance, ncs.Layout, error) {
	for _, v := range []float64{n.noiseUV, n.humUV, n.driftUV, n.offsetUV, n.artifactMV, n.rateHz, n.preMS, n.postMS, n.mainsHz} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ncs.Nuisance{}, ncs.Layout{}, usagef("simulation parameters must be finite")
		}
	}
	if n.noiseUV < 0 || n.humUV < 0 || n.artifactMV < 0 || n.mainsHz <= 0 || n.preMS < 0 || n.postMS < 0 {
		return ncs.Nuisance{}, ncs.Layout{}, usagef("noise, hum, artifact and times must not be negative, the mains frequency positive")
	}
	if !(n.rateHz >= 1000 && n.rateHz <= 200000) {
		return ncs.Nuisance{}, ncs.Layout{}, usagef("--rate-hz must be between 1 kHz and 200 kHz")
	}
	if n.preMS > 1000 || n.postMS > 1000 {
		return ncs.Nuisance{}, ncs.Layout{}, usagef("--pre-ms and --post-ms are at most 1000 ms")
	}
	return ncs.Nuisance{NoiseMV: n.noiseUV / 1e3, HumMV: n.humUV / 1e3, MainsHz: n.mainsHz, DriftMV: n.driftUV / 1e3,
			OffsetMV: n.offsetUV / 1e3, ArtifactMV: n.artifactMV},
		ncs.Layout{RateHz: n.rateHz, PreS: max(n.preMS, 0.5) / 1e3, PostS: n.postMS / 1e3}, nil
}

// poolFlags describe the simulated motor-unit pool.
type poolFlags struct {
	units       int
	amplitudeMV float64
	velocityMS  float64
	hard        bool
}

func (p *poolFlags) add(c *cobra.Command) {
	c.Flags().IntVar(&p.units, "units", 0, "motor units (default 100; 22 with --als)")
	c.Flags().Float64Var(&p.amplitudeMV, "amplitude-mv", 0, "CMAP amplitude at the muscle, mV (default 6; 1.2 with --als)")
	c.Flags().Float64Var(&p.velocityMS, "velocity-m-s", 0, "mean motor conduction velocity, m/s (default 58)")
	c.Flags().BoolVar(&p.hard, "als", false, "few large units of similar size, as reinnervation leaves them in ALS")
}

func (p *poolFlags) get() (ncs.PoolOptions, error) {
	if p.units < 0 || p.units > 2000 || p.amplitudeMV < 0 || p.amplitudeMV > 100 || p.velocityMS < 0 || p.velocityMS > 120 {
		return ncs.PoolOptions{}, usagef("--units (≤ 2000), --amplitude-mv (≤ 100) and --velocity-m-s (≤ 120) must not be negative")
	}
	o := ncs.PoolOptions{Units: p.units, AmplitudeMV: p.amplitudeMV, VelocityMS: p.velocityMS}
	if p.hard {
		if o.Units == 0 {
			o.Units = 22
		}
		if o.AmplitudeMV == 0 {
			o.AmplitudeMV = 1.2
		}
		o.AmplitudeSigma = 0.35
	}
	return o, nil
}

// ncsSimFlags are the flags of the simulators built on a motor-unit pool (cmap, motor, fwave,
// rns): output and seed, nuisances and layout (5 µV noise), and the pool.
type ncsSimFlags struct {
	simFlags
	nuisance nuisanceFlags
	pool     poolFlags
}

func (f *ncsSimFlags) add(c *cobra.Command) {
	f.simFlags.add(c)
	f.nuisance.add(c, 5)
	f.pool.add(c)
}

// get checks the flags and returns the simulator's nuisances, layout and pool.
func (f *ncsSimFlags) get() (ncs.Nuisance, ncs.Layout, ncs.PoolOptions, error) {
	nu, l, err := f.nuisance.get()
	if err != nil {
		return nu, l, ncs.PoolOptions{}, err
	}
	pool, err := f.pool.get()
	return nu, l, pool, err
}

// cmapTruth is a simulated CMAP's truth as simulate prints it.
type cmapTruth struct {
	Kind           string `json:"kind"`
	Seed           uint64 `json:"seed"`
	DistanceMM     num    `json:"distance_mm"`
	FirstArrivalMS num    `json:"first_arrival_ms"`
	OnsetMS        num    `json:"onset_ms"`
	NegPeakMS      num    `json:"neg_peak_ms"`
	AmplitudeMV    num    `json:"amplitude_mv"`
	PeakToPeakMV   num    `json:"peak_to_peak_mv"`
	NegDurationMS  num    `json:"neg_duration_ms"`
	NegAreaMVMS    num    `json:"neg_area_mvms"`
}

func newCMAPTruth(kind string, seed uint64, mm float64, t ncs.CMAPTruth) cmapTruth {
	return cmapTruth{Kind: kind, Seed: seed, DistanceMM: num(mm), FirstArrivalMS: ms(t.FirstArrival), OnsetMS: ms(t.OnsetLatency),
		NegPeakMS: ms(t.NegPeakLatency), AmplitudeMV: num(t.Amplitude), PeakToPeakMV: num(t.PeakToPeak),
		NegDurationMS: ms(t.NegDuration), NegAreaMVMS: num(t.NegArea * 1e3)}
}

func (t cmapTruth) text(p *printer) {
	p.title("simulated " + t.Kind + " (seed " + strconv.FormatUint(t.Seed, 10) + ")")
	p.field("stimulus to muscle (mm)", fixed(float64(t.DistanceMM), 1))
	p.field("first unit arrives (ms)", fixed(float64(t.FirstArrivalMS), 3))
	p.field("onset, 1 % (ms)", fixed(float64(t.OnsetMS), 3))
	p.field("negative peak (ms)", fixed(float64(t.NegPeakMS), 3))
	p.field("amplitude (mV)", fixed(float64(t.AmplitudeMV), 3))
	p.field("peak to peak (mV)", fixed(float64(t.PeakToPeakMV), 3))
	p.field("negative duration (ms)", fixed(float64(t.NegDurationMS), 3))
	p.field("negative area (mV·ms)", fixed(float64(t.NegAreaMVMS), 3))
}

func newSimulateCMAP(a *app) *cobra.Command {
	sf := &ncsSimFlags{}
	var mm float64
	c := &cobra.Command{
		Use:   "cmap",
		Short: "A CMAP after distal stimulation of a simulated motor-unit pool",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nu, l, pool, err := sf.get()
			if err != nil {
				return err
			}
			if !(mm > 0 && mm < 2000) {
				return usagef("--distance-mm must be between 0 and 2000")
			}
			s := ncs.SimulateMotor(sf.rng(), &ncs.MotorSimOptions{Pool: pool, DistalMM: mm, Nuisance: nu, Layout: l})
			return sf.write(a, s.Distal, newCMAPTruth("cmap", sf.seed, mm, s.DistalTruth))
		},
	}
	sf.add(c)
	c.Flags().Float64Var(&mm, "distance-mm", 70, "stimulus to muscle, mm")
	return c
}

// motorTruth is a simulated motor study's truth.
type motorTruth struct {
	Kind       string    `json:"kind"`
	Seed       uint64    `json:"seed"`
	Distal     cmapTruth `json:"distal"`
	Proximal   cmapTruth `json:"proximal"`
	DistanceMM num       `json:"distance_mm"`
	CVMS       num       `json:"cv_m_s"`
	Files      [2]string `json:"files"`
}

func (t motorTruth) text(p *printer) {
	p.title("simulated motor study (seed " + strconv.FormatUint(t.Seed, 10) + "): " + t.Files[0] + ", " + t.Files[1])
	p.table([]string{"site", "onset ms", "amp mV", "neg area mV·ms", "neg dur ms"}, [][]string{
		{"distal", fixed(float64(t.Distal.OnsetMS), 3), fixed(float64(t.Distal.AmplitudeMV), 3), fixed(float64(t.Distal.NegAreaMVMS), 3), fixed(float64(t.Distal.NegDurationMS), 3)},
		{"proximal", fixed(float64(t.Proximal.OnsetMS), 3), fixed(float64(t.Proximal.AmplitudeMV), 3), fixed(float64(t.Proximal.NegAreaMVMS), 3), fixed(float64(t.Proximal.NegDurationMS), 3)},
	})
	p.field("distance (mm)", fixed(float64(t.DistanceMM), 1))
	p.field("conduction velocity (m/s)", fixed(float64(t.CVMS), 2))
}

func newSimulateMotor(a *app) *cobra.Command {
	sf := &ncsSimFlags{}
	var distal, segment, block float64
	c := &cobra.Command{
		Use:   "motor",
		Short: "A motor study: wrist and elbow recordings (-o FILE names the wrist one; the elbow one gets _elbow)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nu, l, pool, err := sf.get()
			if err != nil {
				return err
			}
			if !(distal > 0 && distal < 2000 && segment > 0 && segment < 2000) || !(block >= 0 && block <= 1) {
				return usagef("distances must be between 0 and 2000 mm, --block between 0 and 1")
			}
			if sf.out == "" {
				return usagef("simulate motor writes two recordings: give -o FILE")
			}
			s := ncs.SimulateMotor(sf.rng(), &ncs.MotorSimOptions{Pool: pool, DistalMM: distal, SegmentMM: segment,
				BlockedFraction: block, Nuisance: nu, Layout: l})
			ext := filepath.Ext(sf.out)
			prox := strings.TrimSuffix(sf.out, ext) + "_elbow" + ext
			f, err := formatFor(prox)
			if err != nil {
				return err
			}
			if err := ephys.WriteFile(prox, s.Proximal, f); err != nil {
				return err
			}
			t := motorTruth{Kind: "motor", Seed: sf.seed, Distal: newCMAPTruth("cmap", sf.seed, distal, s.DistalTruth),
				Proximal: newCMAPTruth("cmap", sf.seed, distal+segment, s.ProximalTruth), DistanceMM: num(segment),
				CVMS: num(s.VelocityMS), Files: [2]string{sf.out, prox}}
			return sf.write(a, s.Distal, t)
		},
	}
	sf.add(c)
	c.Flags().Float64Var(&distal, "distance-mm", 70, "wrist stimulus to muscle, mm")
	c.Flags().Float64Var(&segment, "segment-mm", 230, "elbow to wrist, mm")
	c.Flags().Float64Var(&block, "block", 0, "fraction of units blocked between elbow and wrist")
	return c
}

// fwaveTruth is a simulated F-wave train's truth.
type fwaveTruth struct {
	Kind           string    `json:"kind"`
	Seed           uint64    `json:"seed"`
	Sweeps         int       `json:"sweeps"`
	LatenciesMS    []num     `json:"latencies_ms"` // null where a sweep has no F-wave
	PersistencePct num       `json:"persistence_pct"`
	MinLatencyMS   num       `json:"min_latency_ms"`
	MeanLatencyMS  num       `json:"mean_latency_ms"`
	M              cmapTruth `json:"m"`
}

func (t fwaveTruth) text(p *printer) {
	p.title("simulated F-wave train (seed " + strconv.FormatUint(t.Seed, 10) + ")")
	p.field("sweeps", strconv.Itoa(t.Sweeps))
	p.field("persistence (%)", fixed(float64(t.PersistencePct), 0))
	p.field("min / mean latency (ms)", fixed(float64(t.MinLatencyMS), 3)+" / "+fixed(float64(t.MeanLatencyMS), 3))
	p.field("M amplitude (mV)", fixed(float64(t.M.AmplitudeMV), 3))
	rows := make([][]string, len(t.LatenciesMS))
	for k, l := range t.LatenciesMS {
		rows[k] = []string{strconv.Itoa(k + 1), fixed(float64(l), 3)}
	}
	p.table([]string{"sweep", "F latency ms"}, rows)
}

func newSimulateFWave(a *app) *cobra.Command {
	sf := &ncsSimFlags{}
	var sweeps int
	var persistence float64
	c := &cobra.Command{
		Use:   "fwave",
		Short: "An F-wave train: the M response and, in some sweeps, one unit firing back",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nu, l, pool, err := sf.get()
			if err != nil {
				return err
			}
			if sweeps < 1 || sweeps > 1000 || !(persistence >= 0 && persistence <= 1) {
				return usagef("--sweeps between 1 and 1000, --persistence between 0 and 1")
			}
			p := persistence
			if p == 0 {
				p = -1 // none
			}
			s := ncs.SimulateFWave(sf.rng(), &ncs.FWaveSimOptions{Pool: pool, Sweeps: sweeps, Persistence: p, Nuisance: nu, Layout: l})
			t := fwaveTruth{Kind: "fwave", Seed: sf.seed, Sweeps: sweeps, LatenciesMS: make([]num, sweeps),
				PersistencePct: num(s.Persistence), MinLatencyMS: ms(s.MinLatency), MeanLatencyMS: ms(s.MeanLatency),
				M: newCMAPTruth("m", sf.seed, 70, s.M)}
			for k, v := range s.Latencies {
				t.LatenciesMS[k] = ms(v)
			}
			return sf.write(a, s.Recording, t)
		},
	}
	sf.add(c)
	c.Flags().IntVar(&sweeps, "sweeps", 20, "stimulations")
	c.Flags().Float64Var(&persistence, "persistence", 0.7, "probability of an F-wave per sweep")
	return c
}

// rnsTruth is a simulated RNS train's truth.
type rnsTruth struct {
	Kind         string `json:"kind"`
	Seed         uint64 `json:"seed"`
	AmplitudesMV []num  `json:"amplitudes_mv"`
	NegAreasMVMS []num  `json:"neg_areas_mvms"`
	DecrementPct num    `json:"decrement_pct"`
}

func (t rnsTruth) text(p *printer) {
	p.title("simulated repetitive stimulation (seed " + strconv.FormatUint(t.Seed, 10) + ")")
	p.field("decrement (%)", fixed(float64(t.DecrementPct), 2))
	rows := make([][]string, len(t.AmplitudesMV))
	for k := range t.AmplitudesMV {
		rows[k] = []string{strconv.Itoa(k + 1), fixed(float64(t.AmplitudesMV[k]), 3), fixed(float64(t.NegAreasMVMS[k]), 3)}
	}
	p.table([]string{"response", "amp mV", "neg area mV·ms"}, rows)
}

func newSimulateRNS(a *app) *cobra.Command {
	sf := &ncsSimFlags{}
	var responses int
	var decrement, rate float64
	c := &cobra.Command{
		Use:   "rns",
		Short: "A repetitive stimulation train with a myasthenic (U-shaped) decrement",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nu, l, pool, err := sf.get()
			if err != nil {
				return err
			}
			if responses < 4 || responses > 1000 || !(decrement >= 0 && decrement < 100) || !(rate > 0 && rate <= 50) {
				return usagef("--responses 4–1000, --decrement-pct 0 to below 100, --stim-rate-hz above 0 and up to 50")
			}
			s := ncs.SimulateRNS(sf.rng(), &ncs.RNSSimOptions{Pool: pool, Responses: responses, RateHz: rate,
				DecrementPct: decrement, Nuisance: nu, Layout: l})
			t := rnsTruth{Kind: "rns", Seed: sf.seed, AmplitudesMV: nums(s.Amplitudes), NegAreasMVMS: make([]num, len(s.NegAreas)),
				DecrementPct: num(s.DecrementPct)}
			for k, v := range s.NegAreas {
				t.NegAreasMVMS[k] = num(v * 1e3)
			}
			return sf.write(a, s.Recording, t)
		},
	}
	sf.add(c)
	c.Flags().IntVar(&responses, "responses", 10, "stimuli in the train")
	c.Flags().Float64Var(&decrement, "decrement-pct", 15, "decrement (1st − 4th)/1st, %")
	c.Flags().Float64Var(&rate, "stim-rate-hz", 3, "stimulation rate, Hz")
	return c
}

// snapTruth is a simulated SNAP's truth.
type snapTruth struct {
	Kind        string `json:"kind"`
	Seed        uint64 `json:"seed"`
	DistanceMM  num    `json:"distance_mm"`
	OnsetMS     num    `json:"onset_ms"`
	PeakMS      num    `json:"peak_ms"`
	AmplitudeUV num    `json:"amplitude_uv"`
	VelocityMS  num    `json:"velocity_m_s"`
}

func (t snapTruth) text(p *printer) {
	p.title("simulated SNAP (seed " + strconv.FormatUint(t.Seed, 10) + ")")
	p.field("distance (mm)", fixed(float64(t.DistanceMM), 1))
	p.field("onset (ms)", fixed(float64(t.OnsetMS), 3))
	p.field("negative peak (ms)", fixed(float64(t.PeakMS), 3))
	p.field("amplitude (µV)", fixed(float64(t.AmplitudeUV), 2))
	p.field("velocity (m/s)", fixed(float64(t.VelocityMS), 2))
}

func newSimulateSNAP(a *app) *cobra.Command {
	sf := &simFlags{}
	var nf nuisanceFlags
	var mm, amp float64
	c := &cobra.Command{
		Use:   "snap",
		Short: "An antidromic median SNAP (digit 2)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			nu, l, err := nf.get()
			if err != nil {
				return err
			}
			if !(mm > 0 && mm < 2000) || !(amp > 0 && amp < 10000) {
				return usagef("--distance-mm between 0 and 2000, --amplitude-uv between 0 and 10000")
			}
			if !c.Flags().Changed("rate-hz") {
				l.RateHz = 40000
			}
			s := ncs.SimulateSNAP(sf.rng(), &ncs.SNAPSimOptions{AmplitudeUV: amp, DistanceMM: mm, Nuisance: nu, Layout: l})
			return sf.write(a, s.Recording, snapTruth{Kind: "snap", Seed: sf.seed, DistanceMM: num(mm),
				OnsetMS: ms(s.Truth.OnsetLatency), PeakMS: ms(s.Truth.NegPeakLatency), AmplitudeUV: num(s.Truth.Amplitude * 1e3),
				VelocityMS: num(s.VelocityMS)})
		},
	}
	sf.add(c)
	nf.add(c, 2)
	c.Flags().Float64Var(&mm, "distance-mm", 140, "stimulating cathode to active recording electrode, mm")
	c.Flags().Float64Var(&amp, "amplitude-uv", 30, "SNAP amplitude, µV")
	return c
}
