package ephys

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// Format names a file format.
type Format string

// The formats endplate reads.
const (
	FormatABF1 Format = "abf1"
	FormatABF2 Format = "abf2"
	FormatATF  Format = "atf"
	FormatEDF  Format = "edf"   // plain EDF
	FormatEDFC Format = "edf+c" // EDF+ continuous
	FormatEDFD Format = "edf+d" // EDF+ discontinuous: one sweep per data record
	FormatCSV  Format = "csv"
	FormatTSV  Format = "tsv"
	FormatMEM  Format = "qtrac-mem"
)

// Channel describes one recorded signal.
type Channel struct {
	Name string  // as the file names it; "" when it has none
	Unit string  // unit of the samples, e.g. "mV", "nA"
	Rate float64 // samples per second (Hz)

	// What the file says about the acquisition, zero when it does not say.
	LowpassHz  float64 // hardware low-pass (anti-alias) cutoff
	HighpassHz float64 // hardware high-pass cutoff
	Label      string  // free text such as EDF's transducer or prefiltering field
}

// Sweep places one sweep (episode, data record) on the recording's clock.
type Sweep struct {
	// Start is the time of the sweep's first sample in seconds from the start of the recording.
	Start float64
	// Zero is the sweep's time reference (the stimulus) in seconds after its first sample. A Trace of
	// this sweep starts at -Zero.
	Zero float64
}

// Tag is a marker the file holds: an ABF tag, an EDF+ annotation, a comment.
type Tag struct {
	Time     float64 // seconds from the start of the recording
	Duration float64 // seconds, 0 when the marker has none
	Text     string
}

// Field is one header field as text, in the order of the file.
type Field struct {
	Key, Value string
}

// Epoch is one step of a waveform (stimulus) protocol, as ABF's epoch table describes it.
type Epoch struct {
	DAC         int     // output channel, 0-based
	Name        string  // "A", "B", … as Clampex names them
	Type        string  // "step", "ramp", "pulse", "triangle", "cosine", "biphasic", "off"
	Start       float64 // seconds from the sweep's first sample, first sweep
	Duration    float64 // seconds, first sweep
	DurationInc float64 // seconds added per sweep
	Level       float64 // first sweep, in the DAC's unit
	LevelInc    float64 // added per sweep
	Unit        string  // the DAC's unit
}

// DAC is one command (output) channel.
type DAC struct {
	Name    string
	Unit    string
	Holding float64 // holding level in Unit
}

// ScanPoint is one stimulus of a CMAP scan.
type ScanPoint struct {
	Index      int     // the file's own number for the point (MS.<i>)
	StimulusMA float64 // stimulus current, mA
	ResponseMV float64 // CMAP amplitude, mV
	Extra      []float64
}

// Scan is a CMAP scan (Qtrac MEM): stimulus–response points in the order recorded.
type Scan struct {
	Columns []string // column titles as the file gives them, e.g. "Stim. (mA)", "Amp. (mV)"
	Points  []ScanPoint

	// StimulusUnit and ResponseUnit are the units the points' StimulusMA and ResponseMV hold: "mA"
	// and "mV" when the columns give a current and a voltage (converted from other prefixes) or no
	// unit; otherwise the column's own unit (a stimulus in "%" of the stimulator's output), the values
	// as the file gives them — not a current, whatever the field's name says.
	StimulusUnit, ResponseUnit string

	// Sections are the file's parts after the points (a MEM file's "EXTRA VARIABLES", with Qtrac's
	// own results, and the like), as text.
	Sections []Section
}

// source reads samples lazily. Implementations must be safe for concurrent use.
type source interface {
	// shape is the number of channels and sweeps the source holds, fixed when it is made. The
	// Recording's exported slices may be changed by its user; indices are checked against this.
	shape() (channels, sweeps int)
	// len is the number of samples of channel ch in sweep sw.
	len(ch, sw int) int
	// read fills dst with samples [off, off+len(dst)) of channel ch, sweep sw, in the channel's unit.
	read(dst []float64, ch, sw, off int) error
	close() error
}

// Recording is an opened file or an in-memory set of channels × sweeps.
type Recording struct {
	Path     string // the file it came from, "" for an in-memory recording
	Format   Format
	Version  string // format version as the file gives it, e.g. "2.9"
	Mode     string // acquisition mode, e.g. "gap-free", "episodic", "event-driven"
	Channels []Channel
	Sweeps   []Sweep
	Tags     []Tag
	Header   []Field // the file's header fields, as text
	Protocol string  // name of the acquisition protocol, if the file gives it
	Epochs   []Epoch
	DACs     []DAC
	Scan     *Scan // the CMAP scan of a Qtrac MEM file; nil otherwise

	src    source
	closer io.Closer  // the file, when Open opened it
	mu     sync.Mutex // guards closed and slab
	closed bool
	slab   []float64 // unused rest of the block short traces are cut from (samples)
}

// ErrClosed is returned by a Recording's methods after Close.
var ErrClosed = errors.New("ephys: recording is closed")

// NumChannels returns the number of channels.
func (r *Recording) NumChannels() int { return len(r.Channels) }

// NumSweeps returns the number of sweeps; 1 for a continuous recording.
func (r *Recording) NumSweeps() int { return len(r.Sweeps) }

// SweepLen returns the number of samples of channel ch in sweep sw, 0 for indices out of range.
func (r *Recording) SweepLen(ch, sw int) int {
	if !r.holds(ch, sw) {
		return 0
	}
	return r.src.len(ch, sw)
}

// holds reports whether channel ch and sweep sw are in range both of the exported Channels and
// Sweeps (which a user may have changed) and of the samples behind them.
func (r *Recording) holds(ch, sw int) bool {
	if r.src == nil || ch < 0 || ch >= len(r.Channels) || sw < 0 || sw >= len(r.Sweeps) {
		return false
	}
	nch, nsw := r.src.shape()
	return ch < nch && sw < nsw
}

// MaxSweepLen returns the longest sweep of channel 0 in samples.
func (r *Recording) MaxSweepLen() int {
	n := 0
	for sw := range r.Sweeps {
		n = max(n, r.SweepLen(0, sw))
	}
	return n
}

// Duration returns the span of the recording in seconds, from the first sample of the first sweep to
// the end of the last sample of the sweep that ends last (channel 0).
func (r *Recording) Duration() float64 {
	if len(r.Channels) == 0 || len(r.Sweeps) == 0 || r.Channels[0].Rate <= 0 {
		return 0
	}
	first, end := r.Sweeps[0].Start, 0.0
	for sw, s := range r.Sweeps {
		first = min(first, s.Start)
		end = max(end, s.Start+float64(r.SweepLen(0, sw))/r.Channels[0].Rate)
	}
	return end - first
}

func (r *Recording) check(ch, sw int) error {
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if ch < 0 || ch >= len(r.Channels) {
		return fmt.Errorf("ephys: channel %d out of range: the recording has %d", ch, len(r.Channels))
	}
	if sw < 0 || sw >= len(r.Sweeps) {
		return fmt.Errorf("ephys: sweep %d out of range: the recording has %d", sw, len(r.Sweeps))
	}
	if r.src == nil {
		return errors.New("ephys: recording holds no samples")
	}
	if !r.holds(ch, sw) {
		nch, nsw := r.src.shape()
		return fmt.Errorf("ephys: channel %d, sweep %d: the recording's samples hold %d channels × %d sweeps (Channels or Sweeps were changed)", ch, sw, nch, nsw)
	}
	return nil
}

// Trace returns the samples of one channel and sweep (0-based), scaled to the channel's unit, in a new
// slice. A caller reading many or long traces in a loop saves the allocation (and the zeroing of
// memory the decoder then overwrites) by reusing one buffer through ReadSamples.
func (r *Recording) Trace(channel, sweep int) (Trace, error) {
	if err := r.check(channel, sweep); err != nil {
		return Trace{}, r.wrap(err)
	}
	n := r.src.len(channel, sweep)
	data := r.samples(n)
	if err := r.src.read(data, channel, sweep, 0); err != nil {
		return Trace{}, r.wrap(err)
	}
	return r.trace(data, channel, sweep, 0), nil
}

// Short traces are cut 16 at a time from one block instead of being allocated one by one. Measured in
// the perf check's pattern (open, read every trace, median of 5 repeats; 20 processes each, with and
// without, in alternating order): multichannelAbf1WithTags.abf (374 traces of 1653 samples) 1.10 →
// 0.96 ms and 528 → 178 allocations, 2018_11_16_sh_0006.abf (60 × 2000) 0.27 → 0.23 ms; in a tight
// benchmark loop the difference is within the noise. A block holds slabTraces traces of the size that
// opened it, so a trace kept after the others are dropped holds at most that many times its memory.
const (
	slabMax    = 4096 // samples; a longer trace is allocated on its own
	slabTraces = 16
)

// samples returns n float64s for a read to fill, cut from the block for short traces. The slice's
// capacity is its length: appending to a trace never writes into its neighbour.
func (r *Recording) samples(n int) []float64 {
	if n > slabMax {
		return make([]float64, n)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.slab) < n {
		r.slab = make([]float64, slabTraces*n)
	}
	d := r.slab[:n:n]
	r.slab = r.slab[n:]
	return d
}

// ReadSamples fills dst with the samples [off, off+len(dst)) of one channel and sweep and returns the
// Trace over dst: the way to read a long continuous recording window by window in bounded memory.
// A window reaching past the end of the sweep is an error.
func (r *Recording) ReadSamples(dst []float64, channel, sweep, off int) (Trace, error) {
	if err := r.check(channel, sweep); err != nil {
		return Trace{}, r.wrap(err)
	}
	n := r.src.len(channel, sweep)
	if off < 0 || off > n || len(dst) > n-off {
		return Trace{}, r.wrap(fmt.Errorf("ephys: samples [%d, %d) outside the sweep's %d", off, off+len(dst), n))
	}
	if err := r.src.read(dst, channel, sweep, off); err != nil {
		return Trace{}, r.wrap(err)
	}
	return r.trace(dst, channel, sweep, off), nil
}

func (r *Recording) trace(data []float64, ch, sw, off int) Trace {
	c := r.Channels[ch]
	return Trace{
		Data:    data,
		Rate:    c.Rate,
		Unit:    c.Unit,
		Start:   -r.Sweeps[sw].Zero + float64(off)/c.Rate,
		Name:    c.Name,
		Channel: ch,
		Sweep:   sw,
	}
}

func (r *Recording) wrap(err error) error {
	if r.Path == "" {
		return err
	}
	return fmt.Errorf("%s: %w", r.Path, err)
}

// Close releases the file. Trace fails after Close. Close is idempotent; it must not be called while
// a Trace or ReadSamples call on the same recording is still running.
func (r *Recording) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	r.slab = nil
	var err error
	if r.src != nil {
		err = r.src.close()
	}
	if r.closer != nil {
		if e := r.closer.Close(); err == nil {
			err = e
		}
	}
	return err
}

// NewRecording returns an in-memory recording of the given channels with data[channel][sweep] as
// samples. Sweeps may differ in length; sweeps describes their placement (nil: each sweep starts where
// the previous one ended, time zero at its first sample). The sample slices are used, not copied;
// the outer two levels of data are, so the recording's shape does not change with data's.
// It panics if data does not hold one row per channel with the same number of sweeps.
func NewRecording(channels []Channel, sweeps []Sweep, data [][][]float64) *Recording {
	if len(data) != len(channels) {
		panic("ephys: data rows do not match channels")
	}
	nsw := 0
	if len(data) > 0 {
		nsw = len(data[0])
	}
	for _, d := range data {
		if len(d) != nsw {
			panic("ephys: channels hold different numbers of sweeps")
		}
	}
	if sweeps == nil {
		sweeps = make([]Sweep, nsw)
		// Start from the samples before the sweep, divided once: a sum of durations would gather
		// rounding (13 sweeps of 0.05 s summed to 0.6499999999999999 s).
		before := 0
		for k := range sweeps {
			if len(channels) > 0 && channels[0].Rate > 0 {
				sweeps[k].Start = float64(before) / channels[0].Rate
				before += len(data[0][k])
			}
		}
	} else if len(sweeps) != nsw {
		panic("ephys: sweeps do not match data")
	}
	src := make(memSource, len(data))
	for c, d := range data {
		src[c] = append([][]float64(nil), d...)
	}
	return &Recording{Channels: channels, Sweeps: sweeps, src: src}
}

// memSource holds samples in memory: [channel][sweep][sample].
type memSource [][][]float64

func (m memSource) shape() (channels, sweeps int) {
	if len(m) == 0 {
		return 0, 0
	}
	return len(m), len(m[0])
}

func (m memSource) len(ch, sw int) int { return len(m[ch][sw]) }

func (m memSource) read(dst []float64, ch, sw, off int) error {
	copy(dst, m[ch][sw][off:off+len(dst)])
	return nil
}

func (m memSource) close() error { return nil }
