package ephys

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
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
// "+onset[\x15duration]\x14text\x14…\x00", onsets in seconds from the header's start time (which
// has whole seconds only). The first TAL of every record begins with an empty annotation: the
// time-keeping TAL, whose onset is the record's start.
//
// The reader maps a file so:
//   - ordinary signals are channels, each at its own rate: samples per record / record duration,
//     divided once from the duration's decimal text (14505 samples per "72.525" s give 200 Hz exactly);
//   - the recording starts at its first sample: the first record's onset (e.g. "+0.3945", the start
//     time's fraction of a second, as the EDF+ specification, pyedflib and MNE read it). Sweep.Start
//     and Tag times are seconds from there, exact differences of the decimal onsets;
//   - EDF and EDF+C: one sweep, the data records end to end, starting at 0;
//   - EDF+D: one sweep per data record, Sweep.Start the record's onset from its time-keeping TAL;
//   - annotations (all but the time-keeping ones) are Recording.Tags;
//   - a plain EDF (reserved field blank) with a signal labelled "EDF Annotations" whose bytes parse as
//     TALs in every record reads it as annotations, as MNE does; if they do not parse it is a signal;
//   - a "Stimulus" annotation sets the sweep's time zero: Sweep.Zero = stimulus − sweep start. In EDF+D
//     each record takes the first Stimulus that falls within it; records without one take the offset
//     of the file's single Stimulus within its record when the file has exactly one, else 0. In EDF
//     and EDF+C the first Stimulus of the file is the time zero.
//
// Only the header and the annotations are read by Open (streamed through a bounded buffer, many small
// records per read); samples are read when a trace is asked for. What Open keeps grows with the
// annotations (at most MaxTags) and, in EDF+D, with the records (at most MaxSweeps), never with the
// records of a continuous file.

const (
	edfMaxSignals    = 9999    // the field has 4 characters
	edfMaxSPR        = 1 << 28 // samples per record of one signal
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
	scaleErr                           error // the scaling fields' error, kept for a plain EDF's "EDF Annotations"
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
	defer func() { releaseSmall(buf) }() // one open-coded defer: a defer in the loop is heap-allocated
	for len(dst) > 0 {
		rec, i := abs/spr, abs%spr
		if e.recSize <= edfReadChunk/2 {
			// Read whole records, several at a time, and pick this signal's samples out of them.
			need := (i + int64(len(dst)) + spr - 1) / spr
			k := min(need, edfReadChunk/e.recSize, int64(e.nrec)-rec)
			if buf == nil {
				buf = smallBuffer(min(edfReadChunk, need*e.recSize))
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
	for i := range sigs {
		s := &sigs[i]
		s.label, _ = field(0, 16, i)
		s.transducer, _ = field(16, 80, i)
		s.unit, _ = field(96, 8, i)
		s.prefilter, _ = field(136, 80, i)
		sprText, off := field(216, 8, i)
		spr, err := strconv.Atoi(sprText)
		if err != nil || spr < 1 || spr > edfMaxSPR {
			return nil, edfErr(off, "signal %d: %q samples per data record", i+1, sprText)
		}
		s.spr, s.off = spr, recSize
		recSize += 2 * int64(spr)
		s.annotation = s.label == "EDF Annotations"
		if s.annotation && plus {
			continue // EDF+: its scaling fields mean nothing
		}
		// In a plain EDF an "EDF Annotations" signal is annotations only if its bytes are TALs; its
		// scaling is checked in case they are not.
		if s.scaleErr = s.setScale(i, field, num); s.scaleErr != nil && !s.annotation {
			return nil, s.scaleErr
		}
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
	maxSPR := 1
	for _, s := range sigs {
		maxSPR = max(maxSPR, s.spr)
	}
	if nrec > int64(math.MaxInt)/int64(maxSPR) { // a channel's samples are counted in int (32 bits on 386)
		return nil, &UnsupportedError{Format: FormatEDF, Msg: fmt.Sprintf("%d data records of %d samples: more samples in one channel than this platform counts", nrec, maxSPR)}
	}
	if discontinuous && nrec > MaxSweeps {
		return nil, &UnsupportedError{Format: FormatEDFD, Msg: fmt.Sprintf("%d data records (sweeps), more than %d", nrec, MaxSweeps)}
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
	r.Sweeps = make([]Sweep, 1)
	if discontinuous {
		r.Sweeps = make([]Sweep, nrec)
	}
	ann := &edfAnnotations{ra: ra, hdr: hdrBytes, recSize: recSize, nrec: int(nrec), sigs: sigs}
	if discontinuous {
		ann.starts = r.Sweeps
	}
	err = ann.read()
	var te *talError
	if err != nil && !plus && errors.As(err, &te) {
		// Not TALs: a plain EDF's "EDF Annotations" signals are signals after all.
		for i := range sigs {
			if sigs[i].annotation {
				if sigs[i].scaleErr != nil {
					return nil, fmt.Errorf("signal %d is labelled \"EDF Annotations\" but holds no TALs (%v), nor a signal: %w", i+1, te, sigs[i].scaleErr)
				}
				sigs[i].annotation = false
			}
		}
		ann.tags, ann.origin, err = nil, "", nil
	}
	if err != nil {
		return nil, err
	}
	r.Tags = ann.tags
	if ann.origin != "" {
		r.Header = append(r.Header, Field{"First record onset", ann.origin})
	}
	src := &edfSource{ra: newSmallReads(ra, size), hdr: hdrBytes, recSize: recSize, nrec: int(nrec), continuous: !discontinuous}
	for i, s := range sigs {
		p := fmt.Sprintf("Signal %d ", i+1)
		r.Header = append(r.Header, Field{p + "label", s.label}, Field{p + "transducer", s.transducer},
			Field{p + "physical dimension", s.unit}, Field{p + "prefiltering", s.prefilter})
		if s.annotation {
			continue
		}
		if !(dur > 0) {
			return nil, edfErr(244, "data record duration %q: signals need a positive duration", durText)
		}
		hp, lp := parsePrefilter(s.prefilter)
		r.Channels = append(r.Channels, Channel{Name: s.label, Unit: s.unit, Rate: edfRate(s.spr, durText, dur),
			HighpassHz: hp, LowpassHz: lp, Label: s.transducer})
		src.sig = append(src.sig, s)
	}
	r.src = src
	for k := range r.Sweeps {
		switch s := &r.Sweeps[k]; {
		case !discontinuous:
			s.Start = 0
		case math.IsNaN(s.Start): // no time-keeping TAL: records end to end
			s.Start = edfTimes(k, durText, dur)
		}
	}
	setEDFZero(r, dur, discontinuous)
	return r, nil
}

// setScale reads a signal's physical and digital range and derives its scaling.
func (s *edfSignal) setScale(i int, field func(base, w, i int) (string, int64), num func(base, w, i int, what string) (float64, error)) error {
	var err error
	if s.pmin, err = num(104, 8, i, "physical minimum"); err != nil {
		return err
	}
	if s.pmax, err = num(112, 8, i, "physical maximum"); err != nil {
		return err
	}
	dmin, err := num(120, 8, i, "digital minimum")
	if err != nil {
		return err
	}
	dmax, err := num(128, 8, i, "digital maximum")
	if err != nil {
		return err
	}
	_, off := field(120, 8, i)
	switch {
	case dmin != math.Trunc(dmin) || dmax != math.Trunc(dmax) || dmin < -32768 || dmax > 32767:
		return edfErr(off, "signal %d: digital range [%v, %v] is not within 16-bit integers", i+1, dmin, dmax)
	case dmin >= dmax:
		return edfErr(off, "signal %d: digital minimum %v is not below digital maximum %v", i+1, dmin, dmax)
	case s.pmin == s.pmax:
		return edfErr(off-16, "signal %d: physical minimum equals physical maximum (%v)", i+1, s.pmin)
	}
	s.dmin, s.dmax = int(dmin), int(dmax)
	s.gain = (s.pmax - s.pmin) / (dmax - dmin)
	s.fdmin = dmin
	return nil
}

// edfTimes is k record durations, k·dur, from the duration's decimal text: 13 × "0.05" is 0.65, where
// 13 × 0.05 in float64 is 0.6500000000000000222…, a different float64 from 0.65 for some k.
func edfTimes(k int, durText string, dur float64) float64 {
	m, e, ok := decimalParts(durText)
	if ok && m > 0 && e <= 22 && int64(k) < (1<<53)/m {
		return float64(int64(k)*m) / math.Pow10(e) // both exact: one correctly rounded division
	}
	return float64(k) * dur
}

// edfRate is samples per record / record duration, divided once from the duration's decimal text:
// 14505 samples per "72.525" s is 14505000 / 72525 = 200 Hz exactly, where 14505 / 72.525 in float64
// gives 199.99999999999997. A duration the text cannot give exactly (an exponent, too many digits)
// falls back to the float64 division.
func edfRate(spr int, durText string, dur float64) float64 {
	m, e, ok := decimalParts(durText)
	n := int64(spr)
	for ; ok && e > 0 && n < 1<<53/10; e-- {
		n *= 10
	}
	if ok && e == 0 && m > 0 && m < 1<<53 && n < 1<<53 {
		return float64(n) / float64(m) // both exact: one correctly rounded division
	}
	return float64(spr) / dur
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
