package ephys

import "math"

// Trace is one channel of one sweep: evenly spaced samples in the channel's unit.
type Trace struct {
	Data  []float64
	Rate  float64 // samples per second (Hz)
	Unit  string  // unit of Data, e.g. "mV"
	Start float64 // time of Data[0] in seconds on the sweep's own axis (0 = the sweep's reference)

	Name    string // channel name
	Channel int    // 0-based channel index in its recording
	Sweep   int    // 0-based sweep index in its recording
}

// Len returns the number of samples.
func (t Trace) Len() int { return len(t.Data) }

// Dt returns the sampling interval in seconds.
func (t Trace) Dt() float64 { return 1 / t.Rate }

// Time returns the time of sample i in seconds.
func (t Trace) Time(i int) float64 { return t.Start + float64(i)/t.Rate }

// End returns the time just after the last sample, Start + Len/Rate.
func (t Trace) End() float64 { return t.Start + float64(len(t.Data))/t.Rate }

// Index returns the index of the sample nearest to time s, clamped to [0, Len-1]; -1 for an empty trace.
func (t Trace) Index(s float64) int {
	if len(t.Data) == 0 {
		return -1
	}
	i := math.Round((s - t.Start) * t.Rate)
	switch {
	case !(i >= 0): // also NaN
		return 0
	case i >= float64(len(t.Data)):
		return len(t.Data) - 1
	}
	return int(i)
}

// Slice returns the part of the trace with samples [i, j), sharing its data.
func (t Trace) Slice(i, j int) Trace {
	u := t
	u.Data = t.Data[i:j]
	u.Start = t.Time(i)
	return u
}

// Window returns the part of the trace between times from and to (seconds), sharing its data.
func (t Trace) Window(from, to float64) Trace {
	i := int(math.Ceil((from - t.Start) * t.Rate))
	j := int(math.Floor((to-t.Start)*t.Rate)) + 1
	i = min(max(i, 0), len(t.Data))
	j = min(max(j, i), len(t.Data))
	return t.Slice(i, j)
}

// In returns the trace converted to unit, with new data; an error when the units are not the same
// quantity (see Scale).
func (t Trace) In(unit string) (Trace, error) {
	f, err := Scale(t.Unit, unit)
	if err != nil {
		return Trace{}, err
	}
	u := t
	u.Unit = unit
	u.Data = make([]float64, len(t.Data))
	for i, v := range t.Data {
		u.Data[i] = v * f
	}
	return u, nil
}
