package ephys

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EDF+ annotations: the Time-stamped Annotation Lists of the "EDF Annotations" signals, read record by
// record (see edf.go for how they map onto a Recording).

// edfAnnotations reads the annotation signals of every data record: the recording's origin (record
// 0's time-keeping onset), the tags, and in EDF+D each record's start.
type edfAnnotations struct {
	ra      io.ReaderAt
	hdr     int64 // offset of record 0
	recSize int64 // bytes per record
	nrec    int
	sigs    []edfSignal
	starts  []Sweep // EDF+D: Start of each record from its time-keeping TAL, NaN without one; nil otherwise

	origin     string  // record 0's time-keeping onset as text ("+0.3945"), "" when it has none
	originTime float64 // its value
	tags       []Tag   // times from the origin

	rec   int  // the record being parsed
	first bool // its next TAL is its first
}

// talError is a TAL that does not parse: for a plain EDF it means the "EDF Annotations" signal is an
// ordinary signal after all.
type talError struct {
	rec int
	msg string
}

func (e *talError) Error() string {
	return fmt.Sprintf("data record %d: annotations: %s", e.rec+1, e.msg)
}

// edfRecordBuffer is the most bytes read at once when records are read whole for their annotations.
const edfRecordBuffer = 1 << 20

// read parses the annotations of every record. Records are read in runs of up to edfRecordBuffer
// bytes when they are small (many records per ReadAt) and the annotation signals are a good part of
// them; otherwise only each record's annotation bytes are read.
func (a *edfAnnotations) read() error {
	lo, hi := int64(-1), int64(0) // byte span of the annotation signals within a record
	var ann []*edfSignal
	for i := range a.sigs {
		if s := &a.sigs[i]; s.annotation {
			ann = append(ann, s)
			if lo < 0 {
				lo = s.off
			}
			hi = s.off + 2*int64(s.spr)
		}
	}
	for k := range a.starts {
		a.starts[k].Start = math.NaN()
	}
	if len(ann) == 0 {
		return nil
	}
	var texts [][]byte
	onTAL := a.tal // one closure for the whole file, not one per record
	parse := func(rec int, b []byte) error {
		a.rec, a.first = rec, true
		for _, s := range ann {
			seg := b[s.off-lo : s.off-lo+2*int64(s.spr)]
			var err error
			if texts, err = parseTALs(seg, texts, onTAL); err != nil {
				if te, ok := err.(*talError); ok {
					te.rec = rec
					return &FormatError{Format: FormatEDF, Offset: a.hdr + int64(rec)*a.recSize + s.off, Msg: "reading annotations", Err: te}
				}
				return err
			}
		}
		return nil
	}
	return edfRecordSpans(a.ra, a.hdr, a.recSize, a.nrec, lo, hi, parse)
}

// tal takes one TAL of record a.rec: the record's first TAL, if it starts with an empty annotation,
// is its time-keeping TAL.
func (a *edfAnnotations) tal(onsetText []byte, onset, dur float64, list [][]byte) error {
	if a.first {
		a.first = false
		if len(list) > 0 && len(bytes.TrimSpace(list[0])) == 0 {
			a.keep(a.rec, onsetText, onset)
			list = list[1:]
		}
	}
	return a.add(a.rec, onsetText, onset, dur, list)
}

// keep notes record rec's time-keeping onset.
func (a *edfAnnotations) keep(rec int, text []byte, t float64) {
	if rec == 0 {
		a.origin, a.originTime = string(text), t
	}
	if a.starts != nil {
		a.starts[rec].Start = a.since(text, t)
	}
}

// since is the time of an onset from the origin: an exact difference of the decimals.
func (a *edfAnnotations) since(text []byte, t float64) float64 {
	if a.origin == "" {
		return t
	}
	return decimalDiff(text, a.origin, t, a.originTime)
}

// add keeps the non-empty annotations of one TAL as tags.
func (a *edfAnnotations) add(rec int, onsetText []byte, onset, dur float64, texts [][]byte) error {
	var t float64
	timed := false
	for _, x := range texts {
		x = bytes.TrimSpace(x)
		if len(x) == 0 {
			continue
		}
		if len(a.tags) >= MaxTags {
			return &UnsupportedError{Format: FormatEDF, Msg: fmt.Sprintf("more than %d annotations (data record %d)", MaxTags, rec+1)}
		}
		if !timed {
			t, timed = a.since(onsetText, onset), true
		}
		s := ""
		if utf8.Valid(x) {
			s = string(x)
		} else {
			s = textString(x)
		}
		a.tags = append(a.tags, Tag{Time: t, Duration: dur, Text: s})
	}
	return nil
}

// edfRecordSpans calls fn with bytes [lo, hi) of each data record in order. Small records are read
// whole, many per ReadAt (a record of a few bytes costs one call per megabyte, not one per record);
// large ones with a small span give one ReadAt of the span each. Memory: at most edfRecordBuffer
// bytes, or one span.
func edfRecordSpans(ra io.ReaderAt, hdr, recSize int64, nrec int, lo, hi int64, fn func(rec int, b []byte) error) error {
	read := func(b []byte, off int64) error {
		n, err := ra.ReadAt(b, off)
		if n == len(b) {
			return nil
		}
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return &FormatError{Format: FormatEDF, Offset: off + int64(n), Msg: "reading annotations", Err: err}
	}
	if recSize <= edfRecordBuffer && recSize <= max(8<<10, 4*(hi-lo)) {
		per := edfRecordBuffer / recSize
		buf := make([]byte, min(per, int64(nrec))*recSize)
		for rec := 0; rec < nrec; {
			k := min(per, int64(nrec-rec))
			b := buf[:k*recSize]
			if err := read(b, hdr+int64(rec)*recSize); err != nil {
				return err
			}
			for j := range k {
				if err := fn(rec+int(j), b[j*recSize+lo:j*recSize+hi]); err != nil {
					return err
				}
			}
			rec += int(k)
		}
		return nil
	}
	buf := make([]byte, hi-lo)
	for rec := range nrec {
		if err := read(buf, hdr+int64(rec)*recSize+lo); err != nil {
			return err
		}
		if err := fn(rec, buf); err != nil {
			return err
		}
	}
	return nil
}

// parseTALs calls fn for each Time-stamped Annotation List in b: its onset as text and as seconds,
// its duration (0 when absent) and its annotation texts (untrimmed, valid during the call). texts is
// scratch space, returned for reuse. A TAL that does not parse is a *talError.
func parseTALs(b []byte, texts [][]byte, fn func(onsetText []byte, onset, dur float64, texts [][]byte) error) ([][]byte, error) {
	for len(b) > 0 {
		if b[0] == 0 {
			b = b[1:]
			continue
		}
		end := bytes.IndexByte(b, 0)
		if end < 0 {
			if len(bytes.Trim(b, " \x00")) == 0 {
				break // the unused rest padded with blanks instead of NULs, as some writers do
			}
			return texts, &talError{msg: "a TAL is not ended by a NUL byte"}
		}
		tal := b[:end]
		b = b[end+1:]
		i := bytes.IndexByte(tal, 0x14)
		if i < 0 {
			return texts, &talError{msg: fmt.Sprintf("TAL %q has no onset ended by 0x14", clip(tal))}
		}
		head, rest := tal[:i], tal[i+1:]
		onsetText, durText, _ := bytes.Cut(head, []byte{0x15})
		onset, err := parseTALTime(onsetText, true)
		if err != nil {
			return texts, err
		}
		dur := 0.0
		if len(durText) > 0 {
			if dur, err = parseTALTime(durText, false); err != nil {
				return texts, err
			}
		}
		texts = texts[:0]
		for len(rest) > 0 {
			j := bytes.IndexByte(rest, 0x14)
			if j < 0 {
				texts = append(texts, rest)
				break
			}
			texts = append(texts, rest[:j])
			rest = rest[j+1:]
		}
		if err := fn(onsetText, onset, dur, texts); err != nil {
			return texts, err
		}
	}
	return texts, nil
}

// parseTALTime parses a TAL onset ("+1.005", "-0.5": a sign is required) or duration ("0.2").
func parseTALTime(s []byte, signed bool) (float64, error) {
	body := s
	if signed {
		if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
			return 0, &talError{msg: fmt.Sprintf("onset %q does not start with + or -", clip(s))}
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
			return 0, &talError{msg: fmt.Sprintf("time %q is not a decimal number", clip(s))}
		}
	}
	v, err := parseNumber(s)
	if err != nil || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		return 0, &talError{msg: fmt.Sprintf("time %q is not a decimal number", clip(s))}
	}
	return v, nil
}

// decimalDiff returns a − b for two decimal texts, exactly rounded when both have at most 17
// significant digits and 18 decimals, else the float64 difference fa − fb.
func decimalDiff[A, B string | []byte](a A, b B, fa, fb float64) float64 {
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

// decimalSum returns a + b on their shortest decimals, rounded once: a sweep at 0.1 s with its
// stimulus 0.005 s in is at 0.105, where float64 addition gives 0.10500000000000001 (and a reader
// of the written onset then finds a zero of 0.00500000000000001). Falls back to a + b.
func decimalSum(a, b float64) float64 {
	return decimalDiff(strconv.FormatFloat(a, 'f', -1, 64), strconv.FormatFloat(-b, 'f', -1, 64), a, -b)
}

// decimalParts splits "+12.345" into 12345 and 3 (value = m / 10^e).
func decimalParts[T string | []byte](s T) (m int64, e int, ok bool) {
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, 0, false
	}
	dot := false
	digits := 0
	for i := range len(s) {
		c := s[i]
		switch {
		case c == '.' && !dot:
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

// setEDFZero sets each sweep's time zero from the Stimulus annotations. Tag times and sweep starts
// are both from the origin; their difference is taken on their shortest decimals, so a stimulus at
// 0.005 s in a record at 1.2 s gives a zero of 0.005 exactly.
func setEDFZero(r *Recording, dur float64, discontinuous bool) {
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
		return decimalDiff(strconv.FormatFloat(st.Time, 'f', -1, 64), strconv.FormatFloat(start, 'f', -1, 64), st.Time, start)
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
