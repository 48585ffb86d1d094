package ephys

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EDF and EDF+ (European Data Format, https://www.edfplus.info/specs/).
//
// The header is 256 bytes of ASCII fields (version, patient, recording, start date and time, header
// size, a reserved field that says "EDF+C" or "EDF+D", the number of data records, their duration in
// seconds and the number of signals ns), then ns × 256 bytes of per-signal fields (label, transducer,
// physical dimension, physical and digital minimum and maximum, prefiltering, samples per data
// record). Data records follow: per record, each signal's samples as little-endian int16, scaled
// linearly from [digital min, digital max] to [physical min, physical max].
//
// EDF+ signals labelled "EDF Annotations" hold Time-stamped Annotation Lists (TALs):
// "+onset[\x15duration]\x14text\x14…\x00", onsets in seconds from the header's start time. The first
// TAL of every record begins with an empty annotation: the time-keeping TAL, whose onset is the
// record's start.
//
// The reader maps a file so:
//   - ordinary signals are channels, each at its own rate: samples per record / record duration;
//   - EDF and EDF+C: one sweep, the data records end to end; Sweep.Start is the first record's onset;
//   - EDF+D: one sweep per data record, Sweep.Start the record's onset from its time-keeping TAL;
//   - annotations (all but the time-keeping ones) are Recording.Tags, times in seconds from the start
//     time in the header, which is the clock of Sweep.Start too;
//   - a "Stimulus" annotation sets the sweep's time zero: Sweep.Zero = stimulus − sweep start. In EDF+D
//     each record takes the first Stimulus that falls within it; records without one take the offset
//     of the file's single Stimulus within its record when the file has exactly one, else 0. In EDF
//     and EDF+C the first Stimulus of the file is the time zero.
//
// Only the header and the annotations are read by Open; samples are read when a trace is asked for.

const (
	edfMaxSignals    = 9999    // the field has 4 characters
	edfMaxSPR        = 1 << 28 // samples per record of one signal
	edfMaxSweeps     = 1 << 22 // EDF+D records (sweeps) endplate keeps
	edfMaxTags       = 1 << 22 // annotations endplate keeps
	edfReadChunk     = 1 << 20 // bytes read at once when reading samples
	edfRecommendSize = 61440   // the largest data record the EDF specification recommends, bytes
)

// edfSignal is one signal of an EDF file.
type edfSignal struct {
	label, transducer, unit, prefilter string
	pmin, pmax                         float64
	dmin, dmax                         int
	spr                                int     // samples per data record
	off                                int64   // byte offset within the data record
	gain, fdmin                        float64 // physical = pmin + gain·(digital − dmin): exact at dmin
	annotation                         bool
}

// edfSource reads samples of ordinary signals from the data records.
type edfSource struct {
	ra         io.ReaderAt
	hdr        int64 // header bytes: offset of record 0
	recSize    int64 // bytes per data record
	nrec       int
	sig        []edfSignal // channels only
	continuous bool        // EDF, EDF+C: the records are one sweep
}

func (e *edfSource) shape() (channels, sweeps int) {
	if e.continuous {
		return len(e.sig), 1
	}
	return len(e.sig), e.nrec
}

func (e *edfSource) len(ch, sw int) int {
	if e.continuous {
		return e.sig[ch].spr * e.nrec
	}
	return e.sig[ch].spr
}

func (e *edfSource) close() error { return nil }

func (e *edfSource) read(dst []float64, ch, sw, off int) error {
	s := &e.sig[ch]
	spr := int64(s.spr)
	abs := int64(off) // sample index counted from record 0
	if !e.continuous {
		abs += int64(sw) * spr
	}
	var buf []byte
	for len(dst) > 0 {
		rec, i := abs/spr, abs%spr
		if e.recSize <= edfReadChunk/2 {
			// Read whole records, several at a time, and pick this signal's samples out of them.
			need := (i + int64(len(dst)) + spr - 1) / spr
			k := min(need, edfReadChunk/e.recSize, int64(e.nrec)-rec)
			if buf == nil {
				buf = make([]byte, min(edfReadChunk, need*e.recSize))
			}
			b := buf[:k*e.recSize]
			if err := e.readAt(b, e.hdr+rec*e.recSize); err != nil {
				return err
			}
			for j := range k {
				seg := b[j*e.recSize+s.off+2*i : j*e.recSize+s.off+2*spr]
				m := min(len(seg)/2, len(dst))
				s.decode(dst[:m], seg)
				dst, abs, i = dst[m:], abs+int64(m), 0
				if len(dst) == 0 {
					break
				}
			}
			continue
		}
		m := min(spr-i, int64(len(dst)), edfReadChunk/2)
		if buf == nil {
			buf = make([]byte, edfReadChunk)
		}
		b := buf[:2*m]
		if err := e.readAt(b, e.hdr+rec*e.recSize+s.off+2*i); err != nil {
			return err
		}
		s.decode(dst[:m], b)
		dst, abs = dst[m:], abs+m
	}
	return nil
}

func (e *edfSource) readAt(b []byte, off int64) error {
	n, err := e.ra.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &FormatError{Format: FormatEDF, Offset: off + int64(n), Msg: "reading a data record", Err: err}
}

// decode scales len(dst) little-endian int16 samples from b.
func (s *edfSignal) decode(dst []float64, b []byte) {
	b = b[:2*len(dst)]
	for k := range dst {
		dst[k] = s.pmin + s.gain*(float64(int16(binary.LittleEndian.Uint16(b[2*k:])))-s.fdmin)
	}
}

// edfField returns a header field as trimmed text (Latin-1 read as such).
func edfField(b []byte) string { return strings.TrimSpace(textString(b)) }

func edfErr(off int64, format string, args ...any) error {
	return formatErr(FormatEDF, off, format, args...)
}

func edfTruncated(off int64, msg string) error {
	return &FormatError{Format: FormatEDF, Offset: off, Msg: msg, Err: io.ErrUnexpectedEOF}
}

// openEDF reads an EDF or EDF+ header from ra (size bytes), and the annotations.
func openEDF(ra io.ReaderAt, size int64) (*Recording, error) {
	if size < 256 {
		return nil, edfTruncated(size, fmt.Sprintf("file of %d bytes is shorter than the 256-byte header", size))
	}
	var h [256]byte
	if _, err := ra.ReadAt(h[:], 0); err != nil && err != io.EOF {
		return nil, err
	}
	atoi := func(off, w int, what string) (int64, error) {
		s := edfField(h[off : off+w])
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, edfErr(int64(off), "%s %q is not an integer", what, s)
		}
		return v, nil
	}
	hdrBytes, err := atoi(184, 8, "header size")
	if err != nil {
		return nil, err
	}
	nrec, err := atoi(236, 8, "number of data records")
	if err != nil {
		return nil, err
	}
	ns64, err := atoi(252, 4, "number of signals")
	if err != nil {
		return nil, err
	}
	durText := edfField(h[244:252])
	dur, err := strconv.ParseFloat(durText, 64)
	if err != nil || math.IsNaN(dur) || math.IsInf(dur, 0) || dur < 0 || dur > 1e7 {
		return nil, edfErr(244, "data record duration %q is not a number of seconds", durText)
	}
	switch {
	case ns64 < 1 || ns64 > edfMaxSignals:
		return nil, edfErr(252, "%d signals", ns64)
	case hdrBytes != 256*(ns64+1):
		return nil, edfErr(184, "header size %d does not match %d signals (256 × (ns + 1) = %d)", hdrBytes, ns64, 256*(ns64+1))
	case hdrBytes > size:
		return nil, edfTruncated(size, fmt.Sprintf("the header of %d bytes is longer than the file (%d)", hdrBytes, size))
	case nrec < -1 || nrec == 0:
		return nil, edfErr(236, "%d data records", nrec)
	}
	ns := int(ns64)
	reserved := edfField(h[192:236])
	plus, discontinuous := false, false
	switch {
	case strings.HasPrefix(reserved, "EDF+C"):
		plus = true
	case strings.HasPrefix(reserved, "EDF+D"):
		plus, discontinuous = true, true
	}

	sh := make([]byte, 256*ns)
	if _, err := ra.ReadAt(sh, 256); err != nil && err != io.EOF {
		return nil, err
	}
	field := func(base, w, i int) (string, int64) {
		off := base*ns + w*i
		return edfField(sh[off : off+w]), int64(256 + off)
	}
	num := func(base, w, i int, what string) (float64, error) {
		s, off := field(base, w, i)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, edfErr(off, "signal %d: %s %q is not a number", i+1, what, s)
		}
		return v, nil
	}
	sigs := make([]edfSignal, ns)
	var recSize int64
	nOrdinary := 0
	for i := range sigs {
		s := &sigs[i]
		s.label, _ = field(0, 16, i)
		s.transducer, _ = field(16, 80, i)
		s.unit, _ = field(96, 8, i)
		s.prefilter, _ = field(136, 80, i)
		s.annotation = plus && s.label == "EDF Annotations"
		sprText, off := field(216, 8, i)
		spr, err := strconv.Atoi(sprText)
		if err != nil || spr < 1 || spr > edfMaxSPR {
			return nil, edfErr(off, "signal %d: %q samples per data record", i+1, sprText)
		}
		s.spr, s.off = spr, recSize
		recSize += 2 * int64(spr)
		if s.annotation {
			continue
		}
		nOrdinary++
		if s.pmin, err = num(104, 8, i, "physical minimum"); err != nil {
			return nil, err
		}
		if s.pmax, err = num(112, 8, i, "physical maximum"); err != nil {
			return nil, err
		}
		dmin, err := num(120, 8, i, "digital minimum")
		if err != nil {
			return nil, err
		}
		dmax, err := num(128, 8, i, "digital maximum")
		if err != nil {
			return nil, err
		}
		_, off = field(120, 8, i)
		switch {
		case dmin != math.Trunc(dmin) || dmax != math.Trunc(dmax) || dmin < -32768 || dmax > 32767:
			return nil, edfErr(off, "signal %d: digital range [%v, %v] is not within 16-bit integers", i+1, dmin, dmax)
		case dmin >= dmax:
			return nil, edfErr(off, "signal %d: digital minimum %v is not below digital maximum %v", i+1, dmin, dmax)
		case s.pmin == s.pmax:
			return nil, edfErr(off-16, "signal %d: physical minimum equals physical maximum (%v)", i+1, s.pmin)
		}
		s.dmin, s.dmax = int(dmin), int(dmax)
		s.gain = (s.pmax - s.pmin) / (dmax - dmin)
		s.fdmin = dmin
	}
	if nOrdinary > 0 && !(dur > 0) {
		return nil, edfErr(244, "data record duration %q: signals need a positive duration", durText)
	}
	avail := (size - hdrBytes) / recSize
	if nrec == -1 { // still being recorded when the header was written
		nrec = avail
		if nrec == 0 {
			return nil, edfTruncated(size, "no complete data record")
		}
	}
	if nrec > avail {
		return nil, edfTruncated(size, fmt.Sprintf("the header promises %d data records of %d bytes, the file holds %d", nrec, recSize, avail))
	}
	if discontinuous && nrec > edfMaxSweeps {
		return nil, &UnsupportedError{Format: FormatEDFD, Msg: fmt.Sprintf("%d data records (sweeps), more than %d", nrec, edfMaxSweeps)}
	}

	r := &Recording{Format: FormatEDF, Version: "EDF", Mode: "continuous"}
	if plus {
		r.Format, r.Version = FormatEDFC, "EDF+C"
	}
	if discontinuous {
		r.Format, r.Version, r.Mode = FormatEDFD, "EDF+D", "discontinuous"
	}
	r.Header = []Field{
		{"Version", edfField(h[0:8])},
		{"Patient", edfField(h[8:88])},
		{"Recording", edfField(h[88:168])},
		{"Start date", edfField(h[168:176])},
		{"Start time", edfField(h[176:184])},
		{"Reserved", reserved},
		{"Data records", strconv.FormatInt(nrec, 10)},
		{"Record duration", durText},
		{"Signals", strconv.Itoa(ns)},
	}
	src := &edfSource{ra: ra, hdr: hdrBytes, recSize: recSize, nrec: int(nrec), continuous: !discontinuous}
	for i, s := range sigs {
		p := fmt.Sprintf("Signal %d ", i+1)
		r.Header = append(r.Header, Field{p + "label", s.label}, Field{p + "transducer", s.transducer},
			Field{p + "physical dimension", s.unit}, Field{p + "prefiltering", s.prefilter})
		if s.annotation {
			continue
		}
		hp, lp := parsePrefilter(s.prefilter)
		r.Channels = append(r.Channels, Channel{Name: s.label, Unit: s.unit, Rate: float64(s.spr) / dur,
			HighpassHz: hp, LowpassHz: lp, Label: s.transducer})
		src.sig = append(src.sig, s)
	}
	r.src = src

	onsets, err := readEDFAnnotations(ra, hdrBytes, recSize, int(nrec), sigs, r)
	if err != nil {
		return nil, err
	}
	nsw := 1
	if discontinuous {
		nsw = int(nrec)
	}
	r.Sweeps = make([]Sweep, nsw)
	for k := range r.Sweeps {
		switch {
		case onsets[k].ok:
			r.Sweeps[k].Start = onsets[k].t
		case discontinuous:
			r.Sweeps[k].Start = float64(k) * dur
		}
	}
	setEDFZero(r, onsets, dur, discontinuous)
	return r, nil
}

// edfOnset is a time read from a TAL, with its text for exact decimal differences.
type edfOnset struct {
	t    float64
	text string
	ok   bool
}

// readEDFAnnotations parses the annotation signals of every record into r.Tags and returns each
// record's time-keeping onset.
func readEDFAnnotations(ra io.ReaderAt, hdr, recSize int64, nrec int, sigs []edfSignal, r *Recording) ([]edfOnset, error) {
	var ann []edfSignal
	for _, s := range sigs {
		if s.annotation {
			ann = append(ann, s)
		}
	}
	onsets := make([]edfOnset, nrec)
	if len(ann) == 0 {
		if len(onsets) > 0 {
			onsets[0] = edfOnset{t: 0, text: "+0", ok: true}
		}
		return onsets, nil
	}
	var buf []byte
	for rec := range nrec {
		for a, s := range ann {
			n := 2 * s.spr
			if cap(buf) < n {
				buf = make([]byte, n)
			}
			b := buf[:n]
			off := hdr + int64(rec)*recSize + s.off
			if m, err := ra.ReadAt(b, off); m < n {
				if err == nil || err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return nil, &FormatError{Format: FormatEDF, Offset: off + int64(m), Msg: "reading annotations", Err: err}
			}
			first := a == 0
			err := parseTALs(b, func(onset, text string, t, d float64, texts []string) error {
				if first {
					first = false
					if len(texts) > 0 && texts[0] == "" { // time-keeping
						onsets[rec] = edfOnset{t: t, text: onset, ok: true}
						texts = texts[1:]
					}
				}
				for _, x := range texts {
					if x == "" {
						continue
					}
					if len(r.Tags) >= edfMaxTags {
						return &UnsupportedError{Format: FormatEDF, Msg: fmt.Sprintf("more than %d annotations", edfMaxTags)}
					}
					r.Tags = append(r.Tags, Tag{Time: t, Duration: d, Text: x})
				}
				return nil
			})
			if err != nil {
				var ue *UnsupportedError
				if errors.As(err, &ue) {
					return nil, err
				}
				return nil, edfErr(off, "data record %d: annotations: %v", rec+1, err)
			}
		}
	}
	return onsets, nil
}

// parseTALs calls fn for each Time-stamped Annotation List in b: its onset as text and as seconds,
// its duration (0 when absent) and its annotation texts.
func parseTALs(b []byte, fn func(onsetText, durText string, onset, dur float64, texts []string) error) error {
	for len(b) > 0 {
		if b[0] == 0 {
			b = b[1:]
			continue
		}
		end := 0
		for end < len(b) && b[end] != 0 {
			end++
		}
		if end == len(b) {
			return errors.New("a TAL is not ended by a NUL byte")
		}
		tal := b[:end]
		b = b[end+1:]
		i := 0
		for i < len(tal) && tal[i] != 0x14 {
			i++
		}
		if i == len(tal) {
			return fmt.Errorf("TAL %q has no onset ended by 0x14", clip(tal))
		}
		head, rest := string(tal[:i]), tal[i+1:]
		onsetText, durText, _ := strings.Cut(head, "\x15")
		onset, err := parseTALTime(onsetText, true)
		if err != nil {
			return err
		}
		dur := 0.0
		if durText != "" {
			if dur, err = parseTALTime(durText, false); err != nil {
				return err
			}
		}
		var texts []string
		for len(rest) > 0 {
			j := 0
			for j < len(rest) && rest[j] != 0x14 {
				j++
			}
			t := rest[:j]
			if utf8.Valid(t) {
				texts = append(texts, strings.TrimSpace(string(t)))
			} else {
				texts = append(texts, strings.TrimSpace(textString(t)))
			}
			if j == len(rest) {
				break
			}
			rest = rest[j+1:]
		}
		if err := fn(onsetText, durText, onset, dur, texts); err != nil {
			return err
		}
	}
	return nil
}

// parseTALTime parses a TAL onset ("+1.005", "-0.5": a sign is required) or duration ("0.2").
func parseTALTime(s string, signed bool) (float64, error) {
	body := s
	if signed {
		if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
			return 0, fmt.Errorf("onset %q does not start with + or -", clipString(s))
		}
		body = s[1:]
	}
	dot := false
	for _, c := range body {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return 0, fmt.Errorf("time %q is not a decimal number", clipString(s))
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, fmt.Errorf("time %q is not a decimal number", clipString(s))
	}
	return v, nil
}

// decimalDiff returns a − b for two decimal texts, exactly rounded when both have at most 18
// significant digits, else the float64 difference.
func decimalDiff(a, b string, fa, fb float64) float64 {
	ma, ea, ok1 := decimalParts(a)
	mb, eb, ok2 := decimalParts(b)
	if ok1 && ok2 {
		e := max(ea, eb)
		if e <= 18 {
			for ; ea < e; ea++ {
				ma *= 10
			}
			for ; eb < e; eb++ {
				mb *= 10
			}
			d := ma - mb
			if d > -(1<<53) && d < 1<<53 && math.Abs(float64(ma)) < 9e17 && math.Abs(float64(mb)) < 9e17 {
				return float64(d) / math.Pow10(e)
			}
		}
	}
	return fa - fb
}

// decimalParts splits "+12.345" into 12345 and 3 (value = m / 10^e).
func decimalParts(s string) (m int64, e int, ok bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	dot := false
	digits := 0
	for _, c := range s {
		switch {
		case c == '.':
			dot = true
		case c >= '0' && c <= '9':
			if m == 0 && c == '0' && !dot {
				continue
			}
			digits++
			if digits > 17 {
				return 0, 0, false
			}
			m = m*10 + int64(c-'0')
			if dot {
				e++
			}
		default:
			return 0, 0, false
		}
	}
	if neg {
		m = -m
	}
	return m, e, true
}

// isStimulus reports whether an annotation marks a stimulus: its first word is "Stimulus".
func isStimulus(text string) bool {
	f := strings.Fields(text)
	return len(f) > 0 && strings.EqualFold(strings.TrimRight(f[0], ":;,."), "stimulus")
}

// setEDFZero sets each sweep's time zero from the Stimulus annotations.
func setEDFZero(r *Recording, onsets []edfOnset, dur float64, discontinuous bool) {
	var stims []Tag
	for _, t := range r.Tags {
		if isStimulus(t.Text) {
			stims = append(stims, t)
		}
	}
	if len(stims) == 0 {
		return
	}
	zero := func(k int, st Tag) float64 {
		start := r.Sweeps[k].Start
		if k < len(onsets) && onsets[k].ok {
			// Exact decimal difference of the two onsets when the stimulus onset is a plain decimal.
			return decimalDiff(strconv.FormatFloat(st.Time, 'f', -1, 64), onsets[k].text, st.Time, start)
		}
		return st.Time - start
	}
	if !discontinuous {
		r.Sweeps[0].Zero = zero(0, stims[0])
		return
	}
	// The record that holds each stimulus; a single stimulus's offset applies to every record.
	single := math.NaN()
	if len(stims) == 1 {
		for k, s := range r.Sweeps {
			if stims[0].Time >= s.Start && stims[0].Time < s.Start+dur {
				single = zero(k, stims[0])
				break
			}
		}
	}
	// Stimuli in time order (stable: the file's order among equal times); each sweep takes the first
	// at or after its start, if it falls within the record.
	slices.SortStableFunc(stims, func(a, b Tag) int { return cmp.Compare(a.Time, b.Time) })
	for k := range r.Sweeps {
		s := &r.Sweeps[k]
		i := sort.Search(len(stims), func(i int) bool { return stims[i].Time >= s.Start })
		switch {
		case i < len(stims) && stims[i].Time < s.Start+dur:
			s.Zero = zero(k, stims[i])
		case !math.IsNaN(single):
			s.Zero = single
		}
	}
}

// parsePrefilter reads "HP:2Hz LP:10kHz N:50Hz" into high-pass and low-pass cutoffs in Hz (0 when
// absent).
func parsePrefilter(s string) (hp, lp float64) {
	for _, f := range strings.Fields(s) {
		key, val, ok := strings.Cut(f, ":")
		if !ok {
			continue
		}
		scale := 1.0
		low := strings.ToLower(val)
		switch {
		case strings.HasSuffix(low, "khz"):
			scale, low = 1000, strings.TrimSuffix(low, "khz")
		case strings.HasSuffix(low, "hz"):
			low = strings.TrimSuffix(low, "hz")
		}
		v, err := strconv.ParseFloat(low, 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			continue
		}
		switch strings.ToUpper(key) {
		case "HP":
			hp = v * scale
		case "LP":
			lp = v * scale
		}
	}
	return hp, lp
}
