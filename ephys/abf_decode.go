package ephys

import (
	"encoding/binary"
	"io"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
)

// abfChunk is the number of bytes read per ReadAt: small enough that a chunk is still in the CPU's
// cache when it is decoded, large enough that system calls do not count.
const abfChunk = 128 << 10

// abfSource reads the samples of an ABF file on demand. It is safe for concurrent use: its fields
// are fixed once openABF returns and each read takes its own chunk buffer from abfChunkPool.
type abfSource struct {
	ra     io.ReaderAt
	format Format
	nch    int  // channels interleaved in the data
	float  bool // float32 samples, else int16
	gain   []float64
	offset []float64
	sweeps []abfSweep

	dataOff, dataLen int64 // the data section

	// The data section mapped read-only (mapData), tried once at the first read; nil when the
	// file cannot be mapped. Reads then decode from the page cache without a copy.
	mapOnce sync.Once
	mapped  []byte
	unmap   runtime.Cleanup
	unmapFn func() error
}

// mapping maps the data section at the first call and returns it, nil when it is not mapped.
func (s *abfSource) mapping() []byte {
	s.mapOnce.Do(func() {
		m, unmap := mapData(s.ra, s.dataOff, s.dataLen)
		if m == nil {
			return
		}
		s.mapped, s.unmapFn = m, unmap
		// A recording dropped without Close still releases its mapping.
		s.unmap = runtime.AddCleanup(s, func(f func() error) { f() }, unmap)
	})
	return s.mapped
}

// decodeMapped decodes from the mapped data section. A long trace is split across up to GOMAXPROCS
// goroutines: most of its cost is faulting in the result's fresh pages and the file's page-cache
// pages, and the kernel serves those faults on every core at once (File_axon_1.abf, 1.9 M samples
// on 2 cores: 1.5 → 1.25 ms when the heap reuses the result's memory, 6.5–7.4 → 4.6–5.9 ms on
// fresh pages).
func (s *abfSource) decodeMapped(dst []float64, src []byte, gain, shift float64) error {
	return s.decodeMappedN(dst, src, gain, shift, min(runtime.GOMAXPROCS(0), len(dst)/abfParallelMin))
}

// abfParallelMin is the fewest samples worth a goroutine of their own: about 0.3 ms of reading at
// File_axon_1.abf's pace (1.9 M samples in 0.9–1.25 ms), next to the microseconds a goroutine costs.
const abfParallelMin = 512 << 10

// decodeMappedN decodes in parts, one per worker (the calling goroutine takes the last).
func (s *abfSource) decodeMappedN(dst []float64, src []byte, gain, shift float64, workers int) error {
	if workers < 2 {
		return s.decodeMappedPart(dst, src, gain, shift)
	}
	frame, ss := s.nch*s.sampleSize(), s.sampleSize()
	errs := make([]error, workers)
	var wg sync.WaitGroup
	per := (len(dst) + workers - 1) / workers
	for i := range workers {
		lo, hi := min(i*per, len(dst)), min((i+1)*per, len(dst))
		if lo == hi {
			continue
		}
		part := src[lo*frame : (hi-1)*frame+ss]
		if i == workers-1 {
			errs[i] = s.decodeMappedPart(dst[lo:hi], part, gain, shift)
			break
		}
		wg.Go(func() { errs[i] = s.decodeMappedPart(dst[lo:hi], part, gain, shift) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // one error: parts of a cut file fail alike
		}
	}
	return nil
}

// decodeMappedPart decodes one part of a trace on the calling goroutine. A file cut short after it
// was opened makes the mapped pages fault (SIGBUS); the fault becomes an error instead of a crash.
func (s *abfSource) decodeMappedPart(dst []float64, src []byte, gain, shift float64) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			// Only a fault on the mapped pages (its error carries the faulting address); any other
			// panic, an index bug among them, is not the file's doing and goes on.
			if _, ok := p.(interface{ Addr() uintptr }); !ok {
				panic(p)
			}
			err = &FormatError{Format: s.format, Offset: -1, Msg: "the file was cut short or changed while it was read", Err: io.ErrUnexpectedEOF}
		}
	}()
	// In blocks, so that the goroutine can be preempted between them (the garbage collector waits
	// for it) while it faults in the mapped pages.
	frame := s.nch * s.sampleSize()
	for len(dst) > 0 {
		k := min(len(dst), abfMapBlock)
		abfDecode(dst[:k], src[:(k-1)*frame+s.sampleSize()], s.nch, s.float, gain, shift)
		dst = dst[k:]
		if len(dst) > 0 {
			src = src[k*frame:]
		}
	}
	return nil
}

// abfMapBlock is the number of samples decodeMapped converts per kernel call.
const abfMapBlock = 32 << 10

// abfChunkPool holds chunk buffers (*[]byte of at least abfChunk bytes) shared by every recording:
// a buffer already in the cache and mapped is reused instead of a fresh one per recording, whose
// page faults cost more than the read itself.
var abfChunkPool sync.Pool

func (s *abfSource) shape() (channels, sweeps int) { return len(s.gain), len(s.sweeps) }

func (s *abfSource) len(ch, sw int) int { return s.sweeps[sw].n }

// close unmaps the data section. Close must not run concurrently with reads (Recording.Close says
// so).
func (s *abfSource) close() error {
	if s.unmapFn == nil {
		return nil
	}
	s.unmap.Stop()
	err := s.unmapFn()
	s.mapped, s.unmapFn = nil, nil
	return err
}

func (s *abfSource) sampleSize() int {
	if s.float {
		return 4
	}
	return 2
}

func (s *abfSource) buffer(n int) *[]byte {
	if p, ok := abfChunkPool.Get().(*[]byte); ok && cap(*p) >= n {
		return p
	}
	b := make([]byte, max(n, abfChunk))
	return &b
}

// read fills dst with samples [off, off+len(dst)) of channel ch in sweep sw, scaled to the
// channel's unit. It decodes straight from the mapped data section; where the file cannot be mapped
// it reads the interleaved block in chunks, each with one ReadAt, and decodes the channel's samples
// from the bytes (abfDecode).
//
// Small files with many sweeps used to be read whole into a pooled buffer at the first read instead
// of being mapped. Measured again after the other changes of 2026-11-26 (300 reads of every trace
// in one process, p50 / p90 of the reads without a garbage collection): 2018_11_16_sh_0006.abf
// (60 sweeps) 210 / 450 µs whole-read, 70 / 85 µs mapped; multichannelAbf1WithTags.abf (187 × 2)
// 1.1–1.3 ms whole-read, 0.84–1.0 ms mapped (p50; nearly all of its reads see a collection). So
// every file is mapped.
func (s *abfSource) read(dst []float64, ch, sw, off int) error {
	if len(dst) == 0 {
		return nil
	}
	ss := s.sampleSize()
	frame := s.nch * ss
	if m := s.mapping(); m != nil {
		pos := s.sweeps[sw].off - s.dataOff + int64(off)*int64(frame) + int64(ch*ss)
		return s.decodeMapped(dst, m[pos:pos+int64((len(dst)-1)*frame+ss)], s.gain[ch], s.offset[ch])
	}
	perChunk := max(1, abfChunk/frame)
	bufp := s.buffer(min(perChunk, len(dst)) * frame)
	defer abfChunkPool.Put(bufp)
	sweep := s.sweeps[sw]
	gain, shift := s.gain[ch], s.offset[ch]
	for len(dst) > 0 {
		nf := min(len(dst), perChunk)
		// From this channel's sample in the first frame to its sample in the last one.
		pos := sweep.off + int64(off)*int64(frame) + int64(ch*ss)
		buf := (*bufp)[:(nf-1)*frame+ss]
		if err := readFull(s.ra, buf, pos, s.format, "data section"); err != nil {
			return err
		}
		abfDecode(dst[:nf], buf, s.nch, s.float, gain, shift)
		dst = dst[nf:]
		off += nf
	}
	return nil
}

// abfDecode converts len(dst) samples to float64: sample i is the int16 (or float32) at byte
// i·stride·size of src, and dst[i] = sample·gain + shift. src must hold
// (len(dst)−1)·stride·size + size bytes. It computes exactly what abfDecodeRef does.
func abfDecode(dst []float64, src []byte, stride int, float bool, gain, shift float64) {
	switch {
	case float && stride == 1:
		decodeF32(dst, src, gain, shift)
	case float:
		decodeF32Stride(dst, src, 4*stride, gain, shift)
	case stride == 1:
		decodeI16(dst, src, gain, shift)
	default:
		decodeI16Stride(dst, src, 2*stride, gain, shift)
	}
}

// abfDecodeRef is the plain loop abfDecode must agree with:
//
//	for i := range dst {
//		dst[i] = float64(float64(sample at byte i·stride·size)·gain) + shift
//	}
//
// The product is rounded before the shift is added (the explicit conversion forbids a fused
// multiply-add), as Neo and ABFFIO compute it, so every kernel gives the same bits.
func abfDecodeRef(dst []float64, src []byte, stride int, float bool, gain, shift float64) {
	for i := range dst {
		var v float64
		if float {
			v = float64(math.Float32frombits(binary.LittleEndian.Uint32(src[4*i*stride:])))
		} else {
			v = float64(int16(binary.LittleEndian.Uint16(src[2*i*stride:])))
		}
		dst[i] = float64(v*gain) + shift
	}
}

// decodeI16 converts contiguous little-endian int16 samples, eight per step. The slices are cut to
// whole steps so the compiler drops the bounds checks inside the loop.
func decodeI16(dst []float64, src []byte, gain, shift float64) {
	n := min(len(dst), len(src)/2)
	dst, src = dst[:n], src[:2*n]
	k := decodeI16Fast(dst, src, gain, shift)
	dst, src = dst[k:], src[2*k:]
	for len(dst) >= 8 && len(src) >= 16 {
		d := dst[:8:8]
		b := src[:16:16]
		d[0] = float64(float64(int16(uint16(b[0])|uint16(b[1])<<8))*gain) + shift
		d[1] = float64(float64(int16(uint16(b[2])|uint16(b[3])<<8))*gain) + shift
		d[2] = float64(float64(int16(uint16(b[4])|uint16(b[5])<<8))*gain) + shift
		d[3] = float64(float64(int16(uint16(b[6])|uint16(b[7])<<8))*gain) + shift
		d[4] = float64(float64(int16(uint16(b[8])|uint16(b[9])<<8))*gain) + shift
		d[5] = float64(float64(int16(uint16(b[10])|uint16(b[11])<<8))*gain) + shift
		d[6] = float64(float64(int16(uint16(b[12])|uint16(b[13])<<8))*gain) + shift
		d[7] = float64(float64(int16(uint16(b[14])|uint16(b[15])<<8))*gain) + shift
		dst, src = dst[8:], src[16:]
	}
	for len(dst) > 0 && len(src) >= 2 {
		dst[0] = float64(float64(int16(uint16(src[0])|uint16(src[1])<<8))*gain) + shift
		dst, src = dst[1:], src[2:]
	}
}

// decodeI16Stride converts int16 samples step bytes apart (step = 2·channels).
func decodeI16Stride(dst []float64, src []byte, step int, gain, shift float64) {
	if len(dst) == 0 || len(src) < 2 {
		return
	}
	n := min(len(dst), (len(src)-2)/step+1)
	dst = dst[:n]
	k := decodeI16StrideFast(dst, src, step, gain, shift)
	dst, src = dst[k:], src[k*step:]
	for i, j := 0, 0; i < len(dst); i, j = i+1, j+step {
		b := src[j : j+2 : j+2]
		dst[i] = float64(float64(int16(uint16(b[0])|uint16(b[1])<<8))*gain) + shift
	}
}

func decodeF32(dst []float64, src []byte, gain, shift float64) {
	n := min(len(dst), len(src)/4)
	dst, src = dst[:n], src[:4*n]
	for len(dst) >= 4 && len(src) >= 16 {
		d := dst[:4:4]
		b := src[:16:16]
		d[0] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(b[0:4])))*gain) + shift
		d[1] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4:8])))*gain) + shift
		d[2] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(b[8:12])))*gain) + shift
		d[3] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(b[12:16])))*gain) + shift
		dst, src = dst[4:], src[16:]
	}
	for len(dst) > 0 && len(src) >= 4 {
		dst[0] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(src)))*gain) + shift
		dst, src = dst[1:], src[4:]
	}
}

func decodeF32Stride(dst []float64, src []byte, step int, gain, shift float64) {
	for i := range dst {
		if len(src) < 4 {
			return
		}
		dst[i] = float64(float64(math.Float32frombits(binary.LittleEndian.Uint32(src)))*gain) + shift
		if len(src) < step {
			return
		}
		src = src[step:]
	}
}
