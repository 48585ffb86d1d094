package filters

import "github.com/endplate/endplate/filters/internal/biquad"

// An SOSFilter is a cascade of second-order sections prepared once for filtering many signals: the
// sections checked, their steady states and padding worked out, the kernels for this CPU chosen, and
// scratch kept between calls, so that filtering allocates nothing once it has run at a size (other
// than dst when it is nil, and a few words for each goroutine it starts). Its methods compute what
// the SOS methods of the same names compute, bit for bit, and take the number of goroutines a call
// may use: workers ≤ 1 runs on the caller's goroutine; more share a long channel or a large batch,
// with the same result however many run. An SOSFilter is not safe for concurrent use; make one per
// goroutine.
type SOSFilter struct {
	sos SOS
	c   *biquad.Cascade
}

// SOSOptions are the options of NewSOSFilter. The zero value (and a nil *SOSOptions) gives SciPy's
// sosfiltfilt defaults.
type SOSOptions struct {
	// PadLen is the length of FiltFilt's odd extension at each end: 0 means SOS.PadLen (SciPy's
	// default), a negative value no extension (sosfiltfilt's padlen=0). Sweeps of at most PadLen
	// samples are padded by len(x) − 1.
	PadLen int
}

// NewSOSFilter checks s and prepares it (the rows are copied). A row with a0 ≠ 1, a coefficient that
// is not finite, or a pole at z = 1 (where no steady state exists for FiltFilt to start from) is a
// *DesignError naming the section.
func NewSOSFilter(s SOS, opts *SOSOptions) (*SOSFilter, error) {
	pad := s.PadLen()
	if opts != nil && opts.PadLen != 0 {
		pad = max(opts.PadLen, 0)
	}
	c, err := biquad.New(s, pad)
	if err != nil {
		return nil, &DesignError{Design: "sos", Reason: err.Error()}
	}
	return &SOSFilter{sos: append(SOS(nil), s...), c: c}, nil
}

// SOS returns the filter's sections; the slice must not be modified.
func (f *SOSFilter) SOS() SOS { return f.sos }

// Filter applies the cascade causally to x from zero states into dst and returns it, as SOS.Filter;
// dst nil allocates, otherwise len(dst) must equal len(x) (it panics otherwise); dst may be x.
func (f *SOSFilter) Filter(dst, x []float64, workers int) []float64 {
	dst = dstOfLen(dst, len(x))
	f.c.Filter(dst, x, workers)
	return dst
}

// FiltFilt applies the cascade forward and backward into dst and returns it, as SOS.FiltFilt with the
// filter's padding; dst as for Filter.
func (f *SOSFilter) FiltFilt(dst, x []float64, workers int) []float64 {
	dst = dstOfLen(dst, len(x))
	f.c.FiltFilt(dst, x, workers)
	return dst
}

// FiltFiltBatch applies FiltFilt to every row of x into the same row of dst, as SOS.FiltFiltBatch
// (rows of one length, dst[i] may be x[i]; it panics otherwise). Its scratch holds 16 padded rows at a
// time with AVX-512 (4 with AVX, one without), per goroutine.
func (f *SOSFilter) FiltFiltBatch(dst, x [][]float64, workers int) {
	f.c.FiltFiltBatch(dst, x, workers)
}
