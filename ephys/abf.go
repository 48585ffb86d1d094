package ephys

// Axon Binary Format (ABF1 and ABF2), read-only.
//
// Written from the format's own description: Axon's ABFFIO sources (abfheadr.h, ABFHEADR.CPP,
// ABFFILES.CPP: the header layout, ABFH_GetADCtoUUFactors, the synch-array rules) and the ABF2 section
// layout. Everything read from the header is checked against the file size and sane limits before it
// is used to divide, index or allocate.
//
// ABF1: a fixed header of 6144 bytes (2048 bytes before version 1.6), per-channel arrays indexed by the
// physical ADC number; nADCSamplingSeq lists the physical channels in the order they are interleaved
// in the data. ABF2: a 512-byte file header whose section map (block index, entry size, entry count)
// points at the protocol, ADC, DAC, epoch, tag, strings, data and synch-array sections; channel names
// and units live in the strings section.
//
// Sweeps: gap-free files (mode 3) are one sweep (or one per uninterrupted stretch when a paused
// recording left a synch array); the other modes take each sweep's length and start from the synch
// array, or, when it is empty (episodic files from ABF 1.3), lActualEpisodes sweeps of
// lNumSamplesPerEpisode samples.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
)

const (
	abfBlock         = 512     // ABF section pointers count 512-byte blocks
	abfHeaderV1      = 6144    // ABF1 header from version 1.6 on
	abfOldHeaderV1   = 2048    // ABF1 header before version 1.6
	abfADCCount      = 16      // ABF1 per-channel arrays
	abfMaxChannels2  = 32      // ABF2: more ADC entries than this is not a recording
	abfMaxStrings    = 1 << 20 // bytes of the ABF2 strings section read
	abfTagSize       = 64
	abfSynchSize     = 8
	abfMaxSectionLen = 1 << 16 // bytes of one ABF2 section entry
)

// abfChannel is one ADC channel as the header describes it, in acquisition (interleave) order.
type abfChannel struct {
	physical int // ADC number
	name     string
	unit     string
	gain     float64 // value = raw·gain + offset
	offset   float64
	lowpass  float64
	highpass float64
}

// abfSweep locates one sweep's interleaved samples.
type abfSweep struct {
	off   int64   // byte offset of the sweep's first sample (all channels interleaved)
	n     int     // samples per channel
	start float64 // seconds on the recording's clock
}

// abfHeader is what openABF needs from either version, already validated.
type abfHeader struct {
	format        Format
	version       string
	mode          int
	float         bool // float32 samples, else int16
	sampleSize    int
	channels      []abfChannel
	rate          float64 // per channel, Hz
	synchTimeUnit float64 // µs per synch count; 0: counts are samples (all channels)
	samplesPerEp  int64   // lNumSamplesPerEpisode (all channels)
	episodes      int64   // lActualEpisodes
	dataOff       int64   // byte offset of the data section
	dataCount     int64   // samples (all channels) in the data section
	synchOff      int64
	synchCount    int64
	tagOff        int64
	tagCount      int64
	tagSize       int64
	startToStart  float64 // s, fEpisodeStartToStart
	protocolPath  string
	dacs          []DAC
	epochs        []Epoch
	fields        []Field
}

// setDataFormat reads nDataFormat (at byte off of the header, ABF1 and ABF2 alike): 0 is int16,
// 1 float32; anything else is a FormatError.
func (h *abfHeader) setDataFormat(f Format, df int, off int64) error {
	switch df {
	case 0:
		h.sampleSize = 2
	case 1:
		h.float, h.sampleSize = true, 4
	default:
		return formatErr(f, off, "nDataFormat %d is neither 0 (int16) nor 1 (float32)", df)
	}
	h.add("nDataFormat", df)
	return nil
}

func (h *abfHeader) add(key string, v any) {
	var s string
	switch x := v.(type) {
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		s = strconv.FormatFloat(float64(x), 'g', -1, 32)
	case string:
		s = x
	default:
		s = fmt.Sprint(x)
	}
	h.fields = append(h.fields, Field{Key: key, Value: s})
}

// le reads little-endian fields from a fixed buffer; offsets are constants of the format, within
// the buffer by construction.
type le []byte

func (b le) i16(off int) int   { return int(int16(binary.LittleEndian.Uint16(b[off:]))) }
func (b le) i32(off int) int64 { return int64(int32(binary.LittleEndian.Uint32(b[off:]))) }
func (b le) u32(off int) int64 { return int64(binary.LittleEndian.Uint32(b[off:])) }
func (b le) i64(off int) int64 { return int64(binary.LittleEndian.Uint64(b[off:])) }
func (b le) f32(off int) float64 {
	return float64(math.Float32frombits(binary.LittleEndian.Uint32(b[off:])))
}
func (b le) f32r(off int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(b[off:]))
}

// str returns the n bytes at off as text: Latin-1 decoded, cut at the first NUL, blanks trimmed.
func (b le) str(off, n int) string { return latin1(b[off : off+n]) }

func latin1(p []byte) string {
	if i := indexByte(p, 0); i >= 0 {
		p = p[:i]
	}
	var sb strings.Builder
	for _, c := range p {
		if c < 0x80 {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return strings.TrimSpace(sb.String())
}

func indexByte(p []byte, c byte) int {
	for i, x := range p {
		if x == c {
			return i
		}
	}
	return -1
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// readFull reads len(p) bytes at off; a short read is a truncated file.
func readFull(ra io.ReaderAt, p []byte, off int64, f Format, what string) error {
	n, err := ra.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &FormatError{Format: f, Offset: off, Msg: what + " ends early", Err: err}
	}
	return err
}

// within reports whether [off, off+n) lies inside a file of size bytes, without overflow.
func within(off, n, size int64) bool {
	return off >= 0 && n >= 0 && off <= size && n <= size-off
}

func truncated(f Format, off int64, what string) error {
	return &FormatError{Format: f, Offset: off, Msg: what + " lies beyond the end of the file", Err: io.ErrUnexpectedEOF}
}

// openABF reads an ABF1 or ABF2 header from ra (size bytes) and returns a Recording whose samples
// are read on demand.
func openABF(ra io.ReaderAt, size int64) (*Recording, error) {
	var sig [4]byte
	if err := readFull(ra, sig[:], 0, FormatABF1, "signature"); err != nil {
		return nil, err
	}
	var h *abfHeader
	var err error
	switch string(sig[:]) {
	case "ABF ":
		h, err = parseABF1(ra, size)
	case "ABF2":
		h, err = parseABF2(ra, size)
	default:
		return nil, formatErr(FormatABF1, 0, "signature %q is not ABF", sig[:])
	}
	if err != nil {
		return nil, err
	}
	return h.recording(ra, size)
}

// --------------------------------------------------------------------------------------------- ABF1

func parseABF1(ra io.ReaderAt, size int64) (*abfHeader, error) {
	const f = FormatABF1
	if size < abfOldHeaderV1 {
		return nil, truncated(f, 0, "the 2048-byte header")
	}
	b := le(make([]byte, abfHeaderV1))
	if err := readFull(ra, b[:abfOldHeaderV1], 0, f, "header"); err != nil {
		return nil, err
	}
	verf := b.f32r(4)
	if !(verf >= 1 && verf < 2) {
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("ABF file version %g", verf)}
	}
	extended := verf >= 1.6 // ABF_V16: the header grew to 6144 bytes
	if extended {
		if size < abfHeaderV1 {
			return nil, truncated(f, 0, "the 6144-byte header")
		}
		if err := readFull(ra, b[abfOldHeaderV1:], abfOldHeaderV1, f, "header"); err != nil {
			return nil, err
		}
	}
	h := &abfHeader{format: f, version: strconv.FormatFloat(float64(verf), 'f', -1, 32)}
	if b.i16(38) != 0 {
		return nil, &UnsupportedError{Format: f, Msg: "header in Microsoft binary floating point (nMSBinFormat)"}
	}
	h.mode = b.i16(8)
	h.add("fFileVersionNumber", verf)
	h.add("nOperationMode", h.mode)
	h.add("lActualAcqLength", b.i32(10))
	h.add("lActualEpisodes", b.i32(16))
	h.add("lFileStartDate", b.i32(20))
	h.add("lFileStartTime", b.i32(24))
	h.add("nFileType", b.i16(36))
	h.add("sCreatorInfo", b.str(294, 16))

	if err := h.setDataFormat(f, b.i16(100), 100); err != nil {
		return nil, err
	}

	nch := b.i16(120)
	h.add("nADCNumChannels", nch)
	if nch < 1 || nch > abfADCCount {
		return nil, formatErr(f, 120, "nADCNumChannels %d outside 1..%d", nch, abfADCCount)
	}
	interval := b.f32(122) // µs between multiplexed samples
	h.add("fADCSampleInterval", b.f32r(122))
	h.add("fADCSecondSampleInterval", b.f32r(126))
	if !finite(interval) || interval <= 0 {
		return nil, formatErr(f, 122, "fADCSampleInterval %g µs is not a positive number", interval)
	}
	h.rate = 1e6 / (interval * float64(nch))
	h.synchTimeUnit = b.f32(130)
	h.add("fSynchTimeUnit", b.f32r(130))
	h.samplesPerEp = b.i32(138)
	h.add("lNumSamplesPerEpisode", h.samplesPerEp)
	h.episodes = b.i32(16)
	h.startToStart = b.f32(178)
	h.add("fEpisodeStartToStart", b.f32r(178))

	adcRange := b.f32(244)
	resolution := b.i32(252)
	h.add("fADCRange", b.f32r(244))
	h.add("lADCResolution", resolution)

	// Sections.
	h.dataOff = b.i32(40) * abfBlock
	h.dataCount = b.i32(10)
	if h.mode == 3 { // points ignored at the start of AxoLab gap-free data
		if ign := int64(b.i16(14)); ign > 0 {
			h.dataOff += ign * int64(h.sampleSize)
			h.dataCount -= ign
		}
	}
	if p, n := b.i32(92), b.i32(96); p > 0 && n > 0 {
		h.synchOff, h.synchCount = p*abfBlock, n
	}
	if p, n := b.i32(44), b.i32(48); p > 0 && n > 0 {
		h.tagOff, h.tagCount, h.tagSize = p*abfBlock, n, abfTagSize
	}
	if b.i32(40) <= 0 {
		return nil, formatErr(f, 40, "no data section (lDataSectionPtr %d)", b.i32(40))
	}

	// Channels, in the order nADCSamplingSeq interleaves them.
	signalType := b.i16(1410)
	h.add("nSignalType", signalType)
	for i := 0; i < nch; i++ {
		adc := b.i16(410 + 2*i)
		if adc < 0 || adc >= abfADCCount {
			return nil, formatErr(f, int64(410+2*i), "nADCSamplingSeq[%d] = %d is not an ADC channel", i, adc)
		}
		c := abfChannel{
			physical: adc,
			name:     b.str(442+10*adc, 10),
			unit:     b.str(602+8*adc, 8),
		}
		scale := b.f32(922+4*adc) * b.f32(730+4*adc) * b.f32(1050+4*adc)
		teleGain, teleFilter := 1.0, 0.0
		if extended {
			if b.i16(4512+2*adc) != 0 {
				teleGain, teleFilter = b.f32(4576+4*adc), b.f32(4640+4*adc)
			}
		} else if b.i16(262) != 0 && b.i16(264) == adc { // autosampled gain of old headers
			teleGain, teleFilter = b.f32(268), b.f32(272)
		}
		scale *= teleGain
		off := b.f32(986+4*adc) - b.f32(1114+4*adc)
		if err := c.setScale(f, h.float, scale, adcRange, resolution, off); err != nil {
			return nil, err
		}
		c.lowpass, c.highpass = filterHz(b[1988+adc], b[2004+adc], b.f32(1178+4*adc), b.f32(1242+4*adc), teleFilter)
		h.channels = append(h.channels, c)
		k := fmt.Sprintf("adc%d.", adc)
		h.add(k+"sADCChannelName", c.name)
		h.add(k+"sADCUnits", c.unit)
		h.add(k+"fInstrumentScaleFactor", b.f32r(922+4*adc))
		h.add(k+"fInstrumentOffset", b.f32r(986+4*adc))
		h.add(k+"fADCProgrammableGain", b.f32r(730+4*adc))
		h.add(k+"fSignalGain", b.f32r(1050+4*adc))
		h.add(k+"fSignalOffset", b.f32r(1114+4*adc))
		h.add(k+"fTelegraphAdditGain", float32(teleGain))
		h.add(k+"fSignalLowpassFilter", b.f32r(1178+4*adc))
		h.add(k+"fSignalHighpassFilter", b.f32r(1242+4*adc))
	}

	// Command channels and the waveform.
	for d := 0; d < 4; d++ {
		h.dacs = append(h.dacs, DAC{
			Name:    b.str(1306+10*d, 10),
			Unit:    b.str(1346+8*d, 8),
			Holding: b.f32(1394 + 4*d),
		})
	}
	perChan := h.samplesPerEp / int64(nch)
	if extended {
		h.protocolPath = b.str(4898, 256)
		h.add("sFileComment", b.str(5154, 128))
		for d := 0; d < 2; d++ {
			if b.i16(2296+2*d) == 0 || b.i16(2300+2*d) != 1 { // waveform off, or from a DAC file
				continue
			}
			var ep []abfEpochRaw
			for e := 0; e < 10; e++ {
				i := d*10 + e
				ep = append(ep, abfEpochRaw{num: e, typ: b.i16(2308 + 2*i), level: b.f32(2348 + 4*i), levelInc: b.f32(2428 + 4*i),
					dur: b.i32(2508 + 4*i), durInc: b.i32(2588 + 4*i)})
			}
			h.epochs = append(h.epochs, abfEpochs(d, ep, perChan, h.rate, h.dacs[d].Unit)...)
		}
	} else if b.i16(1438) == 1 { // _nWaveformSource: epochs of the active DAC
		d := b.i16(1440)
		if d >= 0 && d < 4 {
			var ep []abfEpochRaw
			for e := 0; e < 10; e++ {
				ep = append(ep, abfEpochRaw{num: e, typ: b.i16(1444 + 2*e), level: b.f32(1464 + 4*e), levelInc: b.f32(1504 + 4*e),
					dur: int64(b.i16(1544 + 2*e)), durInc: int64(b.i16(1564 + 2*e))})
			}
			h.epochs = abfEpochs(d, ep, perChan, h.rate, h.dacs[d].Unit)
		}
	}
	if h.protocolPath != "" {
		h.add("sProtocolPath", h.protocolPath)
	}
	return h, nil
}

// setScale fixes the channel's gain and offset from ABFH_GetADCtoUUFactors' terms: scale is the
// product of the instrument scale factor, programmable gain, signal-conditioner gain and telegraphed
// gain (V at the ADC per user unit).
func (c *abfChannel) setScale(f Format, float bool, scale, adcRange float64, resolution int64, off float64) error {
	if float { // float32 samples are stored in user units
		c.gain, c.offset = 1, 0
		return nil
	}
	if scale == 0 { // as ABFFIO: an unset scale factor means 1
		scale = 1
	}
	if !(adcRange > 1e-10) { // as ABFFIO: an unset ADC range means 10 V
		adcRange = 10
	}
	if resolution <= 0 {
		return formatErr(f, -1, "lADCResolution %d is not positive", resolution)
	}
	c.gain = adcRange / scale / float64(resolution)
	c.offset = off
	if !finite(c.gain) || !finite(c.offset) || c.gain == 0 {
		return formatErr(f, -1, "channel %q: scale factor %g or offset %g gives no finite scaling", c.name, scale, off)
	}
	return nil
}

// filterHz returns a channel's hardware filters: the signal conditioner's cutoffs where its filter
// type says a filter is in the path (nLowpassFilterType/nHighpassFilterType ≠ 0; 100 kHz low-pass
// and 0 Hz high-pass mean bypassed), else the amplifier's telegraphed low-pass (0 when not
// telegraphed).
func filterHz(lpType, hpType byte, lp, hp, telegraph float64) (lowpass, highpass float64) {
	ok := func(f float64) bool { return finite(f) && f > 0 && f < 100000 }
	switch {
	case lpType != 0 && ok(lp):
		lowpass = lp
	case ok(telegraph):
		lowpass = telegraph
	}
	if hpType != 0 && ok(hp) {
		highpass = hp
	}
	return lowpass, highpass
}

type abfEpochRaw struct {
	num, typ        int
	level, levelInc float64
	dur, durInc     int64
}

var abfEpochTypes = map[int]string{1: "step", 2: "ramp", 3: "pulse", 4: "triangle", 5: "cosine", 7: "biphasic"}

// abfEpochs turns an epoch table into Epochs. The waveform starts after a holding period of 1/64 of
// the sweep (Clampex's pre-sweep holding), then the enabled epochs follow one another.
func abfEpochs(dac int, raw []abfEpochRaw, perChan int64, rate float64, unit string) []Epoch {
	var out []Epoch
	if perChan <= 0 || rate <= 0 {
		return nil
	}
	pos := perChan / 64
	for _, e := range raw {
		if e.typ == 0 {
			continue
		}
		typ, ok := abfEpochTypes[e.typ]
		if !ok {
			typ = "type " + strconv.Itoa(e.typ)
		}
		name := string(rune('A' + e.num%26))
		out = append(out, Epoch{
			DAC: dac, Name: name, Type: typ,
			Start:       float64(pos) / rate,
			Duration:    float64(e.dur) / rate,
			DurationInc: float64(e.durInc) / rate,
			Level:       e.level, LevelInc: e.levelInc, Unit: unit,
		})
		pos += e.dur
	}
	return out
}

// --------------------------------------------------------------------------------------------- ABF2

type abfSection struct {
	off   int64 // bytes
	size  int64 // bytes per entry
	count int64
	name  string
}

func (s abfSection) String() string { return fmt.Sprintf("%d %d %d", s.off/abfBlock, s.size, s.count) }

// abf2Sections are the sections of the ABF2 section map, at 76 + 16·i.
var abf2Sections = []string{"ProtocolSection", "ADCSection", "DACSection", "EpochSection", "ADCPerDACSection",
	"EpochPerDACSection", "UserListSection", "StatsRegionSection", "MathSection", "StringsSection", "DataSection",
	"TagSection", "ScopeSection", "DeltaSection", "VoiceTagSection", "SynchArraySection", "AnnotationSection",
	"StatsSection"}

// section reads section i of the map and checks that its entries lie inside the file.
func abf2Section(b le, i int, size int64) (abfSection, error) {
	const f = FormatABF2
	at := 76 + 16*i
	s := abfSection{off: b.u32(at) * abfBlock, size: b.u32(at + 4), count: b.i64(at + 8), name: abf2Sections[i]}
	if s.count == 0 || s.off == 0 {
		return abfSection{name: s.name}, nil
	}
	if s.count < 0 {
		return s, formatErr(f, int64(at+8), "%s claims %d entries", s.name, s.count)
	}
	if s.size <= 0 || s.size > abfMaxSectionLen {
		return s, formatErr(f, int64(at+4), "%s entries of %d bytes", s.name, s.size)
	}
	if s.name == "DataSection" || s.name == "StringsSection" {
		return s, nil // checked where they are used
	}
	if s.count > size/s.size || !within(s.off, s.size*s.count, size) {
		return s, truncated(f, int64(at), fmt.Sprintf("%s (%d entries of %d bytes at block %d)", s.name, s.count, s.size, s.off/abfBlock))
	}
	return s, nil
}

// entry reads entry k of a section into a buffer of at least need bytes (zero-padded).
func (s abfSection) entry(ra io.ReaderAt, k int64, need int) (le, error) {
	if s.size < int64(need) {
		return nil, formatErr(FormatABF2, s.off, "%s entries of %d bytes are shorter than the %d the format defines", s.name, s.size, need)
	}
	buf := make(le, need)
	if err := readFull(ra, buf, s.off+k*s.size, FormatABF2, s.name); err != nil {
		return nil, err
	}
	return buf, nil
}

// abfStrings is the ABF2 strings section: after a 44-byte header ("SSCH", version, count, …) come
// NUL-terminated strings, referred to by 1-based index.
type abfStrings []byte

func (s abfStrings) get(i int64) string {
	if i <= 0 {
		return ""
	}
	p := []byte(s)
	for k := int64(1); len(p) > 0; k++ {
		j := indexByte(p, 0)
		if j < 0 {
			j = len(p)
		}
		if k == i {
			return latin1(p[:j])
		}
		if j == len(p) {
			break
		}
		p = p[j+1:]
	}
	return ""
}

func parseABF2(ra io.ReaderAt, size int64) (*abfHeader, error) {
	const f = FormatABF2
	if size < abfBlock {
		return nil, truncated(f, 0, "the 512-byte header")
	}
	b := le(make([]byte, abfBlock))
	if err := readFull(ra, b, 0, f, "header"); err != nil {
		return nil, err
	}
	v := b[4:8] // build, bugfix, minor, major
	if v[3] != 2 {
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("ABF2 header with major version %d", v[3])}
	}
	h := &abfHeader{format: f, version: fmt.Sprintf("%d.%d", v[3], v[2])}
	if v[1] != 0 || v[0] != 0 {
		h.version += fmt.Sprintf(".%d.%d", v[1], v[0])
	}
	h.add("fFileVersionNumber", fmt.Sprintf("%d.%d.%d.%d", v[3], v[2], v[1], v[0]))
	h.episodes = b.u32(12)
	h.add("lActualEpisodes", h.episodes)
	h.add("uFileStartDate", b.u32(16))
	h.add("uFileStartTimeMS", b.u32(20))
	sec := make([]abfSection, len(abf2Sections))
	for i := range abf2Sections {
		s, err := abf2Section(b, i, size)
		if err != nil {
			return nil, err
		}
		sec[i] = s
		h.add(s.name, s.String())
	}
	protocol, adcs, dacsec, epochs, strs, data, tags, synch := sec[0], sec[1], sec[2], sec[5], sec[9], sec[10], sec[11], sec[15]

	// Strings.
	var st abfStrings
	if strs.count > 0 {
		n := min(strs.size, abfMaxStrings)
		if !within(strs.off, n, size) {
			return nil, truncated(f, 220, "StringsSection")
		}
		raw := make([]byte, n)
		if err := readFull(ra, raw, strs.off, f, "StringsSection"); err != nil {
			return nil, err
		}
		if len(raw) >= 44 && string(raw[:4]) == "SSCH" {
			st = abfStrings(raw[44:])
		} else {
			st = abfStrings(raw)
		}
	}
	h.add("creator", st.get(b.u32(60)))
	h.protocolPath = st.get(b.u32(72))
	h.add("protocolPath", h.protocolPath)

	// Protocol.
	if protocol.count < 1 {
		return nil, formatErr(f, 76, "no ProtocolSection")
	}
	p, err := protocol.entry(ra, 0, 208)
	if err != nil {
		return nil, err
	}
	h.mode = p.i16(0)
	h.add("nOperationMode", h.mode)
	interval := p.f32(2) // µs between samples of one channel
	h.add("fADCSequenceInterval", p.f32r(2))
	if !finite(interval) || interval <= 0 {
		return nil, formatErr(f, protocol.off+2, "fADCSequenceInterval %g µs is not a positive number", interval)
	}
	h.rate = 1e6 / interval
	h.synchTimeUnit = p.f32(14)
	h.add("fSynchTimeUnit", p.f32r(14))
	h.samplesPerEp = p.i32(22)
	h.add("lNumSamplesPerEpisode", h.samplesPerEp)
	h.startToStart = p.f32(62)
	h.add("fEpisodeStartToStart", p.f32r(62))
	adcRange, resolution := p.f32(110), p.i32(118)
	h.add("fADCRange", p.f32r(110))
	h.add("lADCResolution", resolution)
	h.add("nSignalType", p.i16(138))

	if err := h.setDataFormat(f, b.i16(30), 30); err != nil {
		return nil, err
	}

	// Data.
	if data.count <= 0 {
		return nil, formatErr(f, 236, "no DataSection")
	}
	if data.size != int64(h.sampleSize) {
		return nil, formatErr(f, 240, "DataSection samples of %d bytes with nDataFormat %d", data.size, b.i16(30))
	}
	h.dataOff, h.dataCount = data.off, data.count
	h.synchOff, h.synchCount = synch.off, synch.count
	if synch.count > 0 && synch.size != abfSynchSize {
		return nil, formatErr(f, 320, "SynchArraySection entries of %d bytes, want 8", synch.size)
	}
	if tags.count > 0 {
		if tags.size < abfTagSize {
			return nil, formatErr(f, 256, "TagSection entries of %d bytes, want 64", tags.size)
		}
		h.tagOff, h.tagCount, h.tagSize = tags.off, tags.count, tags.size
	}

	// Channels.
	nch := adcs.count
	h.add("nADCNumChannels", nch)
	if nch < 1 || nch > abfMaxChannels2 {
		return nil, formatErr(f, 100, "ADCSection holds %d channels, want 1..%d", nch, abfMaxChannels2)
	}
	for i := int64(0); i < nch; i++ {
		a, err := adcs.entry(ra, i, 82)
		if err != nil {
			return nil, err
		}
		c := abfChannel{physical: a.i16(0), name: st.get(a.i32(74)), unit: st.get(a.i32(78))}
		scale := a.f32(40) * a.f32(28) * a.f32(48)
		teleFilter := 0.0
		if a.i16(2) != 0 {
			scale *= a.f32(6)
			teleFilter = a.f32(10)
		}
		if err := c.setScale(f, h.float, scale, adcRange, resolution, a.f32(44)-a.f32(52)); err != nil {
			return nil, err
		}
		c.lowpass, c.highpass = filterHz(a[64], a[65], a.f32(56), a.f32(60), teleFilter)
		h.channels = append(h.channels, c)
		k := fmt.Sprintf("adc%d.", c.physical)
		h.add(k+"name", c.name)
		h.add(k+"units", c.unit)
		h.add(k+"nTelegraphEnable", a.i16(2))
		h.add(k+"fTelegraphAdditGain", a.f32r(6))
		h.add(k+"fInstrumentScaleFactor", a.f32r(40))
		h.add(k+"fInstrumentOffset", a.f32r(44))
		h.add(k+"fADCProgrammableGain", a.f32r(28))
		h.add(k+"fSignalGain", a.f32r(48))
		h.add(k+"fSignalOffset", a.f32r(52))
		h.add(k+"fSignalLowpassFilter", a.f32r(56))
		h.add(k+"fSignalHighpassFilter", a.f32r(60))
	}

	// Command channels and their epochs.
	dacNum := map[int]int{}
	for i := int64(0); i < min(dacsec.count, 16); i++ {
		d, err := dacsec.entry(ra, i, 32)
		if err != nil {
			return nil, err
		}
		dacNum[d.i16(0)] = len(h.dacs)
		h.dacs = append(h.dacs, DAC{Name: st.get(d.i32(24)), Unit: st.get(d.i32(28)), Holding: d.f32(12)})
	}
	perChan := h.samplesPerEp / nch
	byDAC := map[int][]abfEpochRaw{}
	var order []int
	for i := int64(0); i < min(epochs.count, 1024); i++ {
		e, err := epochs.entry(ra, i, 30)
		if err != nil {
			return nil, err
		}
		d := e.i16(2)
		if _, ok := byDAC[d]; !ok {
			order = append(order, d)
		}
		byDAC[d] = append(byDAC[d], abfEpochRaw{num: e.i16(0), typ: e.i16(4), level: e.f32(6), levelInc: e.f32(10),
			dur: e.i32(14), durInc: e.i32(18)})
	}
	for _, d := range order {
		unit := ""
		if k, ok := dacNum[d]; ok {
			unit = h.dacs[k].Unit
		}
		h.epochs = append(h.epochs, abfEpochs(d, byDAC[d], perChan, h.rate, unit)...)
	}
	return h, nil
}

// ------------------------------------------------------------------------------------ the recording

// recording checks the data layout against the file and builds the Recording.
func (h *abfHeader) recording(ra io.ReaderAt, size int64) (*Recording, error) {
	f := h.format
	nch := int64(len(h.channels))
	ss := int64(h.sampleSize)
	if !finite(h.rate) || h.rate <= 0 {
		return nil, formatErr(f, -1, "sample rate %g Hz", h.rate)
	}
	if h.dataCount <= 0 {
		return nil, formatErr(f, -1, "the data section holds %d samples", h.dataCount)
	}
	if h.dataOff <= 0 || h.dataCount > size/ss || !within(h.dataOff, h.dataCount*ss, size) {
		return nil, truncated(f, h.dataOff, fmt.Sprintf("data section (%d samples at byte %d)", h.dataCount, h.dataOff))
	}
	// Synch entries and tags count fSynchTimeUnit µs, or multiplexed samples (all channels) when
	// fSynchTimeUnit is 0.
	countSec := func(c int64) float64 {
		if h.synchTimeUnit > 0 && finite(h.synchTimeUnit) {
			return float64(c) * h.synchTimeUnit / 1e6
		}
		return float64(c) / (h.rate * float64(nch))
	}

	if h.dataCount/nch > int64(math.MaxInt) { // samples of a channel are counted in int (32 bits on 386)
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("%d samples in one channel: more than this platform counts", h.dataCount/nch)}
	}
	var sweeps []abfSweep
	switch h.mode {
	case 1, 2, 3, 4, 5:
	default:
		return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("operation mode %d", h.mode)}
	}
	switch {
	case h.synchCount > 0:
		if h.synchCount > MaxSweeps {
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("%d sweeps (at most %d)", h.synchCount, MaxSweeps)}
		}
		if h.synchCount > h.dataCount || !within(h.synchOff, h.synchCount*abfSynchSize, size) {
			return nil, truncated(f, h.synchOff, fmt.Sprintf("synch array (%d entries)", h.synchCount))
		}
		raw := make([]byte, h.synchCount*abfSynchSize)
		if err := readFull(ra, raw, h.synchOff, f, "synch array"); err != nil {
			return nil, err
		}
		pos := int64(0) // samples (all channels) before this sweep
		for i := int64(0); i < h.synchCount; i++ {
			e := le(raw[8*i:])
			start, length := e.i32(0), e.i32(4)
			if length <= 0 || length > h.dataCount-pos {
				return nil, formatErr(f, h.synchOff+8*i+4, "synch entry %d: %d samples, %d left in the data section", i, length, h.dataCount-pos)
			}
			sw := abfSweep{off: h.dataOff + pos*ss, n: int(length / nch), start: countSec(start)}
			pos += length
			if h.mode == 3 && len(sweeps) > 0 { // gap-free: join stretches without a pause
				last := &sweeps[len(sweeps)-1]
				end := last.start + float64(last.n)/h.rate
				if math.Abs(sw.start-end) <= 1.5/h.rate && last.off+int64(last.n)*nch*ss == sw.off {
					last.n += sw.n
					continue
				}
			}
			if sw.n > 0 {
				sweeps = append(sweeps, sw)
			}
		}
	case h.mode == 3:
		sweeps = []abfSweep{{off: h.dataOff, n: int(h.dataCount / nch)}}
	case h.mode == 1:
		return nil, formatErr(f, -1, "event-driven file without a synch array")
	default: // fixed-length sweeps without a synch array (ABF 1.3 episodic files)
		ep, per := h.episodes, h.samplesPerEp
		if ep <= 0 || per <= 0 || per%nch != 0 {
			return nil, formatErr(f, -1, "%d episodes of %d samples for %d channels", ep, per, nch)
		}
		if ep > MaxSweeps {
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("%d sweeps (at most %d)", ep, MaxSweeps)}
		}
		if per > h.dataCount/ep {
			return nil, truncated(f, h.dataOff, fmt.Sprintf("%d episodes of %d samples (the data section holds %d)", ep, per, h.dataCount))
		}
		// Sweeps back to back start at k·n samples, divided once (no k·(n/rate) rounding), unless the
		// header spaces them further apart.
		n := per / nch
		apart := h.startToStart > float64(n)/h.rate && finite(h.startToStart)
		for k := int64(0); k < ep; k++ {
			start := float64(k*n) / h.rate
			if apart {
				start = float64(k) * h.startToStart
			}
			sweeps = append(sweeps, abfSweep{off: h.dataOff + k*per*ss, n: int(n), start: start})
		}
	}
	if len(sweeps) == 0 {
		return nil, formatErr(f, -1, "no sweep holds a sample for each of the %d channels", nch)
	}

	// Tags.
	var tags []Tag
	if h.tagCount > 0 {
		if h.tagCount > size/h.tagSize || !within(h.tagOff, h.tagCount*h.tagSize, size) {
			return nil, truncated(f, h.tagOff, fmt.Sprintf("tag section (%d tags)", h.tagCount))
		}
		if h.tagCount > MaxTags {
			return nil, &UnsupportedError{Format: f, Msg: fmt.Sprintf("%d tags, more than %d", h.tagCount, MaxTags)}
		}
		// Read in chunks: the section may be large (MaxTags × 64 bytes), the tags kept are smaller.
		per := max(1, abfChunk/h.tagSize)
		raw := make([]byte, min(per, h.tagCount)*h.tagSize)
		tags = make([]Tag, 0, h.tagCount)
		for i := int64(0); i < h.tagCount; i += per {
			n := min(per, h.tagCount-i)
			b := raw[:n*h.tagSize]
			if err := readFull(ra, b, h.tagOff+i*h.tagSize, f, "tag section"); err != nil {
				return nil, err
			}
			for j := range n {
				t := le(b[j*h.tagSize:])
				tags = append(tags, Tag{Time: countSec(t.i32(0)), Text: t.str(4, 56)})
			}
		}
	}

	r := &Recording{
		Format:   f,
		Version:  h.version,
		Mode:     abfModes[h.mode],
		Tags:     tags,
		Header:   h.fields,
		Epochs:   h.epochs,
		DACs:     h.dacs,
		Protocol: protocolName(h.protocolPath),
	}
	src := &abfSource{ra: ra, format: f, nch: int(nch), float: h.float, sweeps: sweeps, dataOff: h.dataOff, dataLen: h.dataCount * ss}
	for _, c := range h.channels {
		r.Channels = append(r.Channels, Channel{Name: c.name, Unit: c.unit, Rate: h.rate, LowpassHz: c.lowpass, HighpassHz: c.highpass})
		src.gain = append(src.gain, c.gain)
		src.offset = append(src.offset, c.offset)
	}
	r.Sweeps = make([]Sweep, len(sweeps))
	for k, s := range sweeps {
		r.Sweeps[k].Start = s.start
	}
	r.src = src
	return r, nil
}

var abfModes = map[int]string{
	1: "event-driven",
	2: "event-driven fixed-length",
	3: "gap-free",
	4: "oscilloscope",
	5: "episodic",
}

// protocolName is the protocol file's name without folder or extension ("0201 memtest").
func protocolName(p string) string {
	if p == "" {
		return ""
	}
	p = strings.ReplaceAll(p, `\`, "/")
	p = path.Base(p)
	return strings.TrimSuffix(p, path.Ext(p))
}
