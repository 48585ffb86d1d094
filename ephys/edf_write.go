package ephys

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// writeEDF writes the recording as EDF+: EDF+C when it has one sweep (f is FormatEDFC, or FormatEDF),
// EDF+D with one data record per sweep when it has several (FormatEDFD, or FormatEDF).
//
// Writing EDF quantises the samples to 16 bits: each channel's physical minimum and maximum are the
// smallest and largest sample, rounded outwards to the 8 characters the header allows, and the digital
// range is −32768…32767, so a sample moves by at most half a digital step — (max − min)/131070, within
// (max − min)/65534 unless the values are so large beside their spread that 8 characters cannot hold the
// range (|value| ≳ 10⁴ × spread). NaN and infinite samples cannot be written.
//
// EDF+C: the data record duration is chosen so that every channel has a whole number of samples per
// record, the sweep is a whole number of records, the duration is exact in the header's 8 characters
// and a record is about the 61440 bytes the specification recommends or less. When no such duration
// exists, the records whose 8-character duration comes closest are taken, and the rate read back
// differs a little; the write is refused when that would move a sweep's last sample by more than a
// tenth of a sample interval (1 GHz over 50 samples: no duration of 8 characters states it). EDF+D:
// every sweep of a channel must have the same length, all channels the same sweep duration, and each
// sweep must start after the one before has ended (data records do not overlap).
//
// Annotations: each record's time-keeping TAL (its onset: the sweep's Start in EDF+D), the recording's
// Tags, and a "Stimulus" annotation at Start + Zero for every sweep whose Zero is not 0 (a Stimulus tag
// already at that time is not written twice); the plan is checked against the reader, so that every
// sweep reads back with its Zero, and refused when no plan does. Times must be finite and within
// ±maxWriteTime; a tag's duration is written when it is positive; a tag without text cannot be read
// back as one. Channels are labelled as channelNames says (16 characters, distinct, never "EDF
// Annotations"); units and texts are written as ASCII.
func writeEDF(w io.Writer, r *Recording, f Format) error {
	return writeEDFCached(w, r, f, edfWriteCache)
}

// writeEDFCached is writeEDF keeping up to cacheSamples samples between its two passes.
func writeEDFCached(w io.Writer, r *Recording, f Format, cacheSamples int) error {
	nch, nsw := len(r.Channels), len(r.Sweeps)
	disc := f == FormatEDFD || (f == FormatEDF && nsw > 1)
	out := FormatEDFC
	if disc {
		out = FormatEDFD
	}
	unsupported := func(format string, args ...any) error {
		return &UnsupportedError{Format: out, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case nch == 0 || nsw == 0:
		return unsupported("the recording has no channels or no sweeps")
	case nch+1 > edfMaxSignals:
		return unsupported("%d channels, more than EDF's %d signals", nch, edfMaxSignals-1)
	case f == FormatEDFC && nsw > 1:
		return unsupported("EDF+C holds one sweep; this recording has %d (write EDF+D)", nsw)
	}
	rates := make([]float64, nch)
	for c, ch := range r.Channels {
		if !(ch.Rate > 0) || math.IsInf(ch.Rate, 0) {
			return unsupported("channel %d: sample rate %v", c+1, ch.Rate)
		}
		rates[c] = ch.Rate
	}
	if disc && nsw > MaxSweeps {
		return unsupported("%d sweeps, more than the %d data records endplate reads back", nsw, MaxSweeps)
	}
	for k, sw := range r.Sweeps {
		if err := finiteTime(out, fmt.Sprintf("sweep %d's start", k+1), sw.Start, maxWriteTime); err != nil {
			return err
		}
		if err := finiteTime(out, fmt.Sprintf("sweep %d's time zero", k+1), sw.Start+sw.Zero, maxWriteTime); err != nil {
			return err
		}
	}
	if len(r.Tags) > MaxTags-nsw {
		return unsupported("%d tags, more than the %d annotations endplate reads back", len(r.Tags), MaxTags-nsw)
	}
	for k, t := range r.Tags {
		if err := finiteTime(out, fmt.Sprintf("tag %d", k+1), t.Time, maxWriteTime); err != nil {
			return err
		}
	}

	// Data record layout.
	spr := make([]int, nch)
	var nrec int
	var durText string
	if disc {
		for c := range nch {
			n := r.SweepLen(c, 0)
			for s := range nsw {
				if r.SweepLen(c, s) != n {
					return unsupported("channel %d: sweeps of %d and %d samples; an EDF+D data record holds one sweep, all records the same size",
						c+1, n, r.SweepLen(c, s))
				}
			}
			if n == 0 {
				return unsupported("channel %d: empty sweeps", c+1)
			}
			spr[c] = n
		}
		var exact bool
		durText, exact = edfDuration(spr, rates)
		if durText != "" && !exact && !sameDuration(spr, rates) {
			return unsupported("channels' sweeps last different times (%d samples at %g Hz, …)", spr[0], rates[0])
		}
		nrec = nsw
	} else {
		n := make([]int, nch)
		for c := range nch {
			if n[c] = r.SweepLen(c, 0); n[c] == 0 {
				return unsupported("channel %d: empty sweep", c+1)
			}
		}
		if !sameDuration(n, rates) {
			return unsupported("channels last different times (%d samples at %g Hz, %d at %g Hz)", n[0], rates[0], n[len(n)-1], rates[len(n)-1])
		}
		nrec, durText = edfLayout(n, rates, spr)
	}
	// The rate read back is spr/duration. When the 8 characters cannot state the duration exactly,
	// the rate may differ a little, and is accepted only while the last sample of a sweep moves by at
	// most a tenth of a sample interval, so that every sample keeps its place.
	if durText == "" {
		return unsupported("a data record of %d samples at %g Hz lasts %g s, which EDF's 8-character duration field cannot state", spr[0], rates[0], float64(spr[0])/rates[0])
	}
	dur, _ := strconv.ParseFloat(durText, 64)
	for c := range nch {
		if drift := edfDrift(r.SweepLen(c, 0), spr[c], rates[c], dur); drift > 0.1 {
			return unsupported("channel %d: %g Hz cannot be stated: EDF's 8-character record duration %s s gives %.9g Hz, which moves the sweep's last sample by %.2g samples",
				c+1, rates[c], durText, float64(spr[c])/dur, drift)
		}
	}
	for c := range nch {
		if spr[c] > edfMaxSPR {
			return unsupported("channel %d: %d samples per data record, more than %d", c+1, spr[c], edfMaxSPR)
		}
	}

	// Physical ranges. A recording of up to edfWriteCache samples is read once and kept: a file of
	// many tiny sweeps costs a call per channel and sweep, and a second pass would double them.
	total, chanBase := 0, make([]int, nch) // samples per channel are nrec × spr, record by record
	for c := range nch {
		chanBase[c] = total
		total += nrec * spr[c]
	}
	var cache []float64
	if total <= cacheSamples {
		cache = make([]float64, total)
	}
	pmin, pmax := make([]float64, nch), make([]float64, nch)
	pminText, pmaxText := make([]string, nch), make([]string, nch)
	var buf []float64
	for c := range nch {
		lo, hi := math.Inf(1), math.Inf(-1)
		for s := range nsw {
			n := r.SweepLen(c, s)
			for off := 0; off < n; off += 1 << 16 {
				m := min(1<<16, n-off)
				var x []float64
				if cache != nil {
					x = cache[chanBase[c]+s*n+off:][:m]
				} else {
					if buf == nil {
						buf = make([]float64, 1<<16)
					}
					x = buf[:m]
				}
				if _, err := r.ReadSamples(x, c, s, off); err != nil {
					return err
				}
				for _, v := range x {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return unsupported("channel %d sweep %d holds %v, which EDF cannot store", c+1, s+1, v)
					}
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
		var err error
		if pminText[c], pmin[c], pmaxText[c], pmax[c], err = edfRange(lo, hi); err != nil {
			return unsupported("channel %d: %v", c+1, err)
		}
	}

	// Annotations: the records' time-keeping onsets, then tags and stimuli.
	onset := func(k int) float64 {
		if disc {
			return r.Sweeps[k].Start
		}
		return r.Sweeps[0].Start + float64(k)*dur
	}
	if disc {
		for k := 1; k < nsw; k++ {
			if end := r.Sweeps[k-1].Start + dur; r.Sweeps[k].Start < end-0.5/rates[0] {
				return unsupported("sweep %d starts at %v s, before sweep %d ends (%v s): EDF+D data records follow one another",
					k+1, r.Sweeps[k].Start, k, end)
			}
		}
	}
	extra, err := edfPlanAnnotations(r, disc, dur, nrec, onset, rates[0])
	if err != nil {
		return unsupported("%v", err)
	}
	annBytes := 0
	for k := range nrec {
		annBytes = max(annBytes, len(talTime(onset(k)))+3+len(extra[k]))
	}
	annBytes += annBytes % 2
	if annBytes/2 > edfMaxSPR {
		return unsupported("annotations of %d bytes in one data record", annBytes)
	}

	// Header.
	ns := nch + 1
	var h bytes.Buffer
	field := func(s string, width int) { h.WriteString(edfText(s, width)) }
	patient, recording, date, clock := "X X X X", "Startdate X X X X", "01.01.85", "00.00.00"
	if r.Format == FormatEDF || r.Format == FormatEDFC || r.Format == FormatEDFD {
		for _, fl := range r.Header {
			switch fl.Key {
			case "Patient":
				patient = fl.Value
			case "Recording":
				recording = fl.Value
			case "Start date":
				date = fl.Value
			case "Start time":
				clock = fl.Value
			}
		}
	} else if t, ok := abfStart(r); ok && t.Year() >= 1985 && t.Year() <= 2084 { // EDF's yy window
		date, clock = t.Format("02.01.06"), t.Format("15.04.05")
		recording = "Startdate " + strings.ToUpper(t.Format("02-Jan-2006")) + " X X X"
	}
	field("0", 8)
	field(patient, 80)
	field(recording, 80)
	field(date, 8)
	field(clock, 8)
	field(strconv.Itoa(256*(ns+1)), 8)
	if disc {
		field("EDF+D", 44)
	} else {
		field("EDF+C", 44)
	}
	field(strconv.Itoa(nrec), 8)
	field(durText, 8)
	field(strconv.Itoa(ns), 4)
	each := func(width int, ch func(c int) string, ann string) {
		for c := range nch {
			field(ch(c), width)
		}
		field(ann, width)
	}
	labels := channelNames(r, out)
	each(16, func(c int) string { return labels[c] }, edfAnnotationLabel)
	each(80, func(c int) string { return r.Channels[c].Label }, "")
	each(8, func(c int) string { return writtenUnit(r.Channels[c].Unit, out) }, "")
	each(8, func(c int) string { return pminText[c] }, "-1")
	each(8, func(c int) string { return pmaxText[c] }, "1")
	each(8, func(int) string { return "-32768" }, "-32768")
	each(8, func(int) string { return "32767" }, "32767")
	each(80, func(c int) string { return prefilterText(r.Channels[c]) }, "")
	each(8, func(c int) string { return strconv.Itoa(spr[c]) }, strconv.Itoa(annBytes/2))
	each(32, func(int) string { return "" }, "")
	if _, err := w.Write(h.Bytes()); err != nil {
		return err
	}

	// Data records.
	recSize := annBytes
	for _, n := range spr {
		recSize += 2 * n
	}
	rec := make([]byte, recSize)
	var samples []float64
	for k := range nrec {
		p := rec[:0]
		for c := range nch {
			if cap(samples) < spr[c] {
				samples = make([]float64, spr[c])
			}
			x := samples[:spr[c]]
			if cache != nil {
				x = cache[chanBase[c]+k*spr[c]:][:spr[c]]
			} else {
				sw, off := k, 0
				if !disc {
					sw, off = 0, k*spr[c]
				}
				if _, err := r.ReadSamples(x, c, sw, off); err != nil {
					return err
				}
			}
			gain := (pmax[c] - pmin[c]) / 65535
			for _, v := range x {
				d := math.Round((v-pmin[c])/gain) - 32768
				d = min(max(d, -32768), 32767)
				p = binary.LittleEndian.AppendUint16(p, uint16(int16(d)))
			}
		}
		a := append(talTime(onset(k)), 0x14, 0x14, 0)
		a = append(a, extra[k]...)
		p = append(p, a...)
		p = append(p, make([]byte, recSize-len(p))...)
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// edfTAL is one annotation to write.
type edfTAL struct {
	t, d float64
	text string
}

// edfPlanAnnotations plans the annotations of each data record besides its time-keeping TAL: the
// recording's tags, and a Stimulus at each sweep's time zero. It checks the plan against the reader
// (setEDFZero finds every sweep's zero again) and, when another stimulus tag would be taken for a zero,
// writes a Stimulus for every sweep, first in its record, even where the zero is 0. It returns the
// TALs of each record that has any, or an error when no plan states the zeros.
func edfPlanAnnotations(r *Recording, disc bool, dur float64, nrec int, onset func(int) float64, rate float64) (map[int][]byte, error) {
	recordOf := edfRecordFinder(r, disc, dur, nrec)
	nz := 1 // sweeps whose zero the file states
	if disc {
		nz = len(r.Sweeps)
	}
	// The reader counts times from the first record's onset, on the decimals written.
	origin := string(talTime(onset(0)))
	originTime, _ := strconv.ParseFloat(origin, 64)
	since := func(t float64) float64 {
		text := string(talTime(t))
		v, _ := strconv.ParseFloat(text, 64)
		return decimalDiff(text, origin, v, originTime)
	}
	var bad int
	for _, explicit := range []bool{false, true} {
		recs := map[int][]edfTAL{}
		var stims []float64
		for s, sw := range r.Sweeps[:nz] {
			if sw.Zero != 0 || explicit {
				t := decimalSum(sw.Start, sw.Zero) // so that the reader finds Zero again, exactly
				stims = append(stims, t)
				if explicit { // first in its record: the reader takes the first stimulus it finds
					k := s
					if !disc {
						k = recordOf(t)
					}
					recs[k] = append([]edfTAL{{t: t, text: "Stimulus"}}, recs[k]...)
				}
			}
		}
		sorted := slices.Clone(stims)
		slices.Sort(sorted)
		tol := 0.5 / rate
		for _, t := range r.Tags {
			if i := sort.SearchFloat64s(sorted, t.Time-tol); isStimulus(t.Text) && i < len(sorted) && sorted[i] <= t.Time+tol {
				continue // the stimulus written from the sweep's Zero
			}
			d := t.Duration
			if !(d > 0) || math.IsInf(d, 0) {
				d = 0
			}
			k := recordOf(t.Time)
			recs[k] = append(recs[k], edfTAL{t: t.Time, d: d, text: t.Text})
		}
		if !explicit {
			for _, t := range stims {
				k := recordOf(t)
				recs[k] = append(recs[k], edfTAL{t: t, text: "Stimulus"})
			}
		}

		// What the reader will find: the tags in the order of the records, then the zeros.
		var order []int
		for k := range recs {
			order = append(order, k)
		}
		slices.Sort(order)
		sim := &Recording{Sweeps: make([]Sweep, len(r.Sweeps))}
		for _, k := range order {
			for _, a := range recs[k] {
				text := strings.TrimSpace(edfAnnotationText(a.text))
				if text == "" {
					continue
				}
				sim.Tags = append(sim.Tags, Tag{Time: since(a.t), Duration: a.d, Text: text})
			}
		}
		if disc {
			for k := range sim.Sweeps {
				sim.Sweeps[k].Start = since(onset(k))
			}
		}
		setEDFZero(sim, dur, disc)
		bad = -1
		for s, sw := range r.Sweeps[:nz] {
			if math.Abs(sim.Sweeps[s].Zero-sw.Zero) > 1e-6/rate+4e-16*(math.Abs(sw.Start)+math.Abs(sw.Zero)) {
				bad = s
				break
			}
		}
		if bad >= 0 {
			continue
		}
		extra := make(map[int][]byte, len(recs))
		for k, tals := range recs {
			var b []byte
			for _, a := range tals {
				b = append(b, talTime(a.t)...)
				if a.d > 0 {
					b = append(b, 0x15)
					b = strconv.AppendFloat(b, a.d, 'f', -1, 64)
				}
				b = append(b, 0x14)
				b = append(b, edfAnnotationText(a.text)...)
				b = append(b, 0x14, 0)
			}
			extra[k] = b
		}
		return extra, nil
	}
	sw := r.Sweeps[bad]
	return nil, fmt.Errorf("sweep %d's time zero (%v s after its start) cannot be stated: EDF+ marks it with a Stimulus annotation inside the sweep's data record", bad+1, sw.Zero)
}

// abfStart is when an ABF recording started, from its header (ABF2 uFileStartDate and
// uFileStartTimeMS, ABF1 lFileStartDate and lFileStartTime), to the second.
func abfStart(r *Recording) (time.Time, bool) {
	if r.Format != FormatABF1 && r.Format != FormatABF2 {
		return time.Time{}, false
	}
	var day time.Time
	secs, dated := -1.0, false
	for _, f := range r.Header {
		switch f.Key {
		case "uFileStartDate", "lFileStartDate":
			d, err := time.Parse("20060102", strings.TrimSpace(f.Value))
			day, dated = d, err == nil
		case "uFileStartTimeMS":
			if ms, err := strconv.ParseFloat(strings.TrimSpace(f.Value), 64); err == nil {
				secs = ms / 1000
			}
		case "lFileStartTime":
			if s, err := strconv.ParseFloat(strings.TrimSpace(f.Value), 64); err == nil && secs < 0 {
				secs = s
			}
		}
	}
	if !dated || !(secs >= 0 && secs < 86400) {
		return time.Time{}, false
	}
	return day.Add(time.Duration(math.Floor(secs)) * time.Second), true
}

// edfRecordFinder returns the function that places an annotation at time t in a data record: the
// record that holds t, else the last record starting before t, else record 0.
func edfRecordFinder(r *Recording, disc bool, dur float64, nrec int) func(t float64) int {
	if !disc {
		start := r.Sweeps[0].Start
		return func(t float64) int {
			k := math.Floor((t - start) / dur)
			if !(k >= 0) {
				return 0
			}
			return int(min(k, float64(nrec-1)))
		}
	}
	order := make([]int, len(r.Sweeps))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(i, j int) bool { return r.Sweeps[order[i]].Start < r.Sweeps[order[j]].Start })
	return func(t float64) int {
		i := sort.Search(len(order), func(i int) bool { return r.Sweeps[order[i]].Start > t })
		if i == 0 {
			return order[0]
		}
		return order[i-1]
	}
}

// talTime formats a TAL onset: a sign, then a plain decimal.
func talTime(t float64) []byte {
	b := []byte{'+'}
	if t < 0 {
		b[0] = '-'
	}
	return strconv.AppendFloat(b, math.Abs(t), 'f', -1, 64)
}

// edfAnnotationText makes text safe inside a TAL: no NUL, 0x14 or 0x15, valid UTF-8.
func edfAnnotationText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0 || r == 0x14 || r == 0x15 {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}

// edfText returns s as printable ASCII ("µ" as "u"), cut or padded with blanks to width.
func edfText(s string, width int) string {
	b := make([]byte, 0, width)
	for _, r := range s {
		if len(b) == width {
			break
		}
		switch {
		case r == 'µ' || r == 'μ':
			b = append(b, 'u')
		case r == '°':
			b = append(b, 'd')
		case r >= 32 && r < 127:
			b = append(b, byte(r))
		default:
			b = append(b, '_')
		}
	}
	for len(b) < width {
		b = append(b, ' ')
	}
	return string(b)
}

// prefilterText writes a channel's filter settings as EDF's prefiltering field: "HP:2Hz LP:10000Hz".
func prefilterText(c Channel) string {
	var f []string
	if c.HighpassHz > 0 {
		f = append(f, "HP:"+strconv.FormatFloat(c.HighpassHz, 'f', -1, 64)+"Hz")
	}
	if c.LowpassHz > 0 {
		f = append(f, "LP:"+strconv.FormatFloat(c.LowpassHz, 'f', -1, 64)+"Hz")
	}
	return strings.Join(f, " ")
}

// sameDuration reports whether n[c]/rate[c] is the same for every channel (to 1e-9).
func sameDuration(n []int, rate []float64) bool {
	d := float64(n[0]) / rate[0]
	for c := range n {
		if math.Abs(float64(n[c])/rate[c]-d) > 1e-9*d {
			return false
		}
	}
	return true
}

// edfNumber formats v in at most 8 characters: exactly when the shortest decimal fits, else rounded
// to the decimals that fit; "" when the integer part alone is longer.
func edfNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if len(s) <= 8 {
		return s
	}
	intLen := len(strconv.FormatFloat(math.Trunc(v), 'f', 0, 64))
	if v < 0 && math.Trunc(v) == 0 {
		intLen = 2 // "-0"
	}
	dec := 8 - intLen - 1
	if dec < 0 {
		if intLen <= 8 {
			return strconv.FormatFloat(v, 'f', 0, 64)
		}
		return ""
	}
	s = strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if len(s) > 8 {
		return ""
	}
	return s
}

// edfDuration returns the record duration text for spr samples per record at rates, and whether it
// is exact (every rate reads back as spr/duration to 1e-12).
func edfDuration(spr []int, rate []float64) (string, bool) {
	d := float64(spr[0]) / rate[0]
	s := edfNumber(d)
	if s == "" {
		return "", false
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || !(p > 0) || p > edfMaxDuration {
		return "", false
	}
	for c := range spr {
		if math.Abs(float64(spr[c])/p-rate[c]) > 1e-12*rate[c] {
			return s, false
		}
	}
	return s, true
}

// edfLayout chooses the data records of a continuous recording with n[c] samples per channel: it
// fills spr and returns the number of records and the duration text.
func edfLayout(n []int, rate []float64, spr []int) (int, string) {
	g := n[0]
	for _, v := range n[1:] {
		for v != 0 {
			g, v = v, g%v
		}
	}
	total := 0
	for _, v := range n {
		total += 2 * v
	}
	var divs []int
	for d := 1; d*d <= g; d++ {
		if g%d == 0 {
			divs = append(divs, d)
			if d*d != g {
				divs = append(divs, g/d)
			}
		}
	}
	slices.Sort(divs) // numbers of records, fewest first
	floor := min(edfRecommendSize/16, total)
	best, bestText := -1, ""
	try := func(ok func(recBytes int) bool) {
		for _, nrec := range divs {
			if best >= 0 {
				return
			}
			rb := total / nrec
			if !ok(rb) {
				continue
			}
			for c := range n {
				spr[c] = n[c] / nrec
			}
			if s, exact := edfDuration(spr, rate); exact {
				best, bestText = nrec, s
			}
		}
	}
	try(func(rb int) bool { return rb <= edfRecommendSize && rb >= floor }) // largest record in range
	if best < 0 {
		// smallest record above the recommendation: the fewest records come first, so search from the end
		for i := len(divs) - 1; i >= 0 && best < 0; i-- {
			nrec := divs[i]
			if total/nrec <= edfRecommendSize {
				continue
			}
			for c := range n {
				spr[c] = n[c] / nrec
			}
			if s, exact := edfDuration(spr, rate); exact {
				best, bestText = nrec, s
			}
		}
	}
	if best < 0 {
		try(func(int) bool { return true })
	}
	if best < 0 { // no exact duration: the records whose 8-character duration drifts least
		bestDrift := math.Inf(1)
		for _, nrec := range divs {
			for c := range n {
				spr[c] = n[c] / nrec
			}
			s, _ := edfDuration(spr, rate)
			d, err := strconv.ParseFloat(s, 64)
			if s == "" || err != nil {
				continue
			}
			drift := 0.0
			for c := range n {
				drift = max(drift, edfDrift(n[c], spr[c], rate[c], d))
			}
			if drift < bestDrift {
				best, bestText, bestDrift = nrec, s, drift
			}
		}
		if best < 0 {
			best = 1 // no duration can be stated: the caller refuses
		}
	}
	for c := range n {
		spr[c] = n[c] / best
	}
	return best, bestText
}

// edfRange returns physical minimum and maximum texts (and their values) holding [lo, hi], rounded
// outwards to 8 characters and never equal.
func edfRange(lo, hi float64) (loText string, loV float64, hiText string, hiV float64, err error) {
	if loText, err = edfBound(lo, false); err != nil {
		return
	}
	loV, _ = strconv.ParseFloat(loText, 64)
	if hiText, err = edfBound(hi, true); err != nil {
		return
	}
	hiV, _ = strconv.ParseFloat(hiText, 64)
	for step := 1.0; !(hiV > loV); step *= 10 {
		if hiText, err = edfBound(loV+step, true); err != nil {
			return
		}
		hiV, _ = strconv.ParseFloat(hiText, 64)
	}
	return
}

// edfBound formats v in at most 8 characters, rounded up (or down) so the text is ≥ v (≤ v).
func edfBound(v float64, up bool) (string, error) {
	if s := strconv.FormatFloat(v, 'f', -1, 64); len(s) <= 8 {
		return s, nil
	}
	for dec := 7; dec >= 0; dec-- {
		p := math.Pow10(dec)
		q := v * p
		if up {
			q = math.Ceil(q)
		} else {
			q = math.Floor(q)
		}
		for range 2 {
			s := strconv.FormatFloat(q/p, 'f', dec, 64)
			if strings.Contains(s, ".") {
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			if len(s) > 8 {
				break
			}
			x, _ := strconv.ParseFloat(s, 64)
			if (up && x >= v) || (!up && x <= v) {
				return s, nil
			}
			if up {
				q++
			} else {
				q--
			}
		}
	}
	return "", fmt.Errorf("value %v does not fit EDF's 8-character physical range", v)
}

// edfWriteCache is the most samples (64 MiB of float64) writeEDF keeps in memory between its two
// passes, the physical ranges and the data records; a longer recording is read twice.
const edfWriteCache = 1 << 23

// edfMaxDuration is the longest data record the EDF reader accepts, in seconds.
const edfMaxDuration = 1e7

// edfDrift is how far, in samples, the last of n samples moves when a channel at rate is read back at
// spr/dur.
func edfDrift(n, spr int, rate, dur float64) float64 {
	return float64(n-1) * math.Abs(float64(spr)/dur-rate) / rate
}

// edfAnnotationLabel is the label of EDF+'s annotation signals.
const edfAnnotationLabel = "EDF Annotations"
