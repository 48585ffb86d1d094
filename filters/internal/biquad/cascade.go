package biquad

import (
	"sync"
	"sync/atomic"
)

// A Cascade is a checked cascade of second-order sections with everything filtering it needs: the
// sections in groups of four for the scalar kernel, the steady states and padding of zero-phase
// filtering, lane plans where an assembly kernel exists (made on first use), and scratch for each
// worker, kept between calls so that filtering allocates nothing once it has run at a size. It is not
// safe for concurrent use.
type Cascade struct {
	sos    [][6]float64
	groups [][4][6]float64
	zi     [][2]float64 // steady states, four per group (padding sections have zero states)
	pad    int

	planned    bool
	batch, seg *vecPlan // lane plans for batches and long channels; nil without an assembly kernel
	minSeg     int      // shortest segment of the long-channel method

	work  []*scratch   // per worker
	work0 [1]*scratch  // work's first backing, pointing at first
	first scratch      // the calling goroutine's scratch, made with the Cascade
	fin   [][2]float64 // long channel: the zero-state final states of every segment
	r     [][2]float64 // long channel: the zero-input response being added
}

// scratch is what one worker writes while it filters.
type scratch struct {
	z          [][2]float64 // scalar states, four per group
	head, tail []float64    // odd extensions, as long as the longest edge so far

	lz    []float64    // lane states
	buf   []float64    // lane frames
	zeros []float64    // the row of lanes without a sweep
	rows  [][]float64  // the rows of the lanes
	ptr   [16]*float64 // their first samples, for the row kernels
	first [16]float64  // the first frame of the extended rows, for the row kernels
}

// extensions returns the scratch's odd extensions of edge samples each, grown on first use (a
// Cascade's padding may be far longer than the sweeps it filters, which bound the extensions), and
// its scalar states.
func (s *scratch) extensions(edge int) (head, tail []float64, z [][2]float64) {
	if len(s.head) < edge {
		ext := make([]float64, 2*edge)
		s.head, s.tail = ext[:edge:edge], ext[edge:]
	}
	return s.head[:edge], s.tail[:edge], s.z
}

// lanes sizes the scratch's lane states (zeroed only when new) and rows for p, keeping the larger
// of earlier sizes, so that batches and long channels on one Cascade do not reallocate in turn.
func (s *scratch) lanes(p *vecPlan) {
	if n := p.stateLen(); cap(s.lz) < n {
		s.lz = make([]float64, n)
	} else {
		s.lz = s.lz[:n]
	}
	if cap(s.rows) < p.w {
		s.rows = make([][]float64, p.w)
	} else {
		s.rows = s.rows[:p.w]
	}
}

// forget drops the scratch's references to the caller's rows, so that a Cascade kept between calls
// does not keep the last call's sweeps from the garbage collector.
func (s *scratch) forget() {
	clear(s.rows)
	s.ptr = [16]*float64{}
}

// New checks sos (see Check) and returns a Cascade for it (the rows are copied) whose zero-phase
// filtering pads each end by pad samples (fewer for shorter sweeps); pad must not be negative.
func New(sos [][6]float64, pad int) (*Cascade, error) {
	if err := Check(sos); err != nil {
		return nil, err
	}
	if pad < 0 {
		panic("filters: negative padding")
	}
	c := &Cascade{sos: append([][6]float64(nil), sos...), groups: groupSections(sos), pad: pad, minSeg: minSegment}
	// The steady states and the calling goroutine's scalar states in one allocation.
	ns := 4 * len(c.groups)
	z := make([][2]float64, 2*ns)
	c.zi = z[:ns:ns]
	ZI(c.sos, c.zi)
	c.first = scratch{z: z[ns:]}
	c.work0[0] = &c.first
	c.work = c.work0[:1]
	return c, nil
}

// Sections returns the number of sections.
func (c *Cascade) Sections() int { return len(c.sos) }

// plans makes the lane plans on first use.
func (c *Cascade) plans() {
	if c.planned {
		return
	}
	c.planned = true
	if hasVector && len(c.sos) > 0 {
		c.batch = newVecPlan(c.sos, batchWidth, batchKernel)
		c.batch.rows = batchRows
		c.seg = c.batch
		if segWidth != batchWidth {
			c.seg = newVecPlan(c.sos, segWidth, segKernel)
		}
	}
}

// longMinLen is the length from which Filter and FiltFilt cut a channel into segments filtered in
// lanes (which also needs minSeg samples per segment).
const longMinLen = 1 << 16

// long reports the lane plan for a channel of n samples, or nil when it runs the scalar cascade.
func (c *Cascade) long(n int) *vecPlan {
	if n < longMinLen {
		return nil
	}
	c.plans()
	if c.seg == nil || n < c.seg.w*c.minSeg {
		return nil
	}
	return c.seg
}

// framePool holds the lane frame buffers of released Cascades (see Release), so that the one-off
// calls of package filters, which make a Cascade per call, do not allocate and fault in a fresh
// quarter megabyte for every batch. It holds only scratch, never results.
var framePool sync.Pool // of *[]float64

// frames returns n float64s on a 64-byte boundary, from framePool when it holds a buffer that long
// (its contents are stale: callers write before they read).
func frames(n int) []float64 {
	if v, ok := framePool.Get().(*[]float64); ok && len(*v) >= n {
		return *v
	}
	return alignedFloats(n)
}

// Release hands the Cascade's frame buffers to a pool for the next Cascade to take. The Cascade must
// not be used afterwards; package filters releases the Cascade of each one-off call.
func (c *Cascade) Release() {
	for _, s := range c.work {
		if s.buf != nil {
			b := s.buf
			framePool.Put(&b)
			s.buf = nil
		}
	}
	c.work = nil
}

// scratchFor returns scratch for workers workers, made on first use.
func (c *Cascade) scratchFor(workers int) []*scratch {
	for len(c.work) < workers {
		c.work = append(c.work, &scratch{z: make([][2]float64, 4*len(c.groups))})
	}
	return c.work[:workers]
}

// Filter runs x through the cascade from zero states into dst (len(dst) == len(x); dst may be x):
// SciPy's sosfilt. A long channel with a lane kernel is shared among up to workers goroutines (the
// caller's among them), with the same result however many run.
func (c *Cascade) Filter(dst, x []float64, workers int) {
	s := c.scratchFor(1)[0]
	clear(s.z)
	if p := c.long(len(x)); p != nil {
		c.filterLong(p, dst, x, s.z, false, workers)
		return
	}
	runScalar(c.groups, s.z, dst, x, false)
}

// FiltFilt runs x through the cascade forward and backward into dst (len(dst) == len(x); dst may be
// x): SciPy's sosfiltfilt, as FiltFiltRef states it. workers as for Filter.
func (c *Cascade) FiltFilt(dst, x []float64, workers int) {
	if len(x) == 0 {
		return
	}
	s := c.scratchFor(1)[0]
	if p := c.long(len(x)); p != nil {
		c.filtFiltLong(p, s, dst, x, workers)
		return
	}
	c.filtFiltScalar(s, dst, x)
}

// start sets the states z to the steady state of the level v.
func (c *Cascade) start(z [][2]float64, v float64) {
	for k, zi := range c.zi {
		z[k] = [2]float64{zi[0] * v, zi[1] * v}
	}
}

// extend writes the odd extensions of x (len(x) > len(head) = len(tail)): head[i] = 2·x[0] −
// x[edge−i], tail[i] = 2·x[n−1] − x[n−2−i].
func extend(head, tail, x []float64) {
	n, edge := len(x), len(head)
	x0, xl := x[0], x[n-1]
	for i := range head {
		head[i] = 2*x0 - x[edge-i]
	}
	for i := range tail {
		tail[i] = 2*xl - x[n-2-i]
	}
}

// filtFiltScalar is FiltFilt on the scalar kernel: the left extension, x into dst and the right
// extension forward; then the right extension and dst in place backward (the left extension's
// backward outputs are cut off, and no later sample depends on them).
func (c *Cascade) filtFiltScalar(s *scratch, dst, x []float64) {
	n := len(x)
	edge := min(c.pad, n-1)
	head, tail, z := s.extensions(edge)
	extend(head, tail, x) // before dst, which may be x, is written
	e0 := x[0]
	if edge > 0 {
		e0 = head[0]
	}
	c.start(z, e0)
	runScalar(c.groups, z, head, head, false)
	runScalar(c.groups, z, dst, x, false)
	runScalar(c.groups, z, tail, tail, false)
	yl := dst[n-1]
	if edge > 0 {
		yl = tail[edge-1]
	}
	c.start(z, yl)
	runScalar(c.groups, z, tail, tail, true)
	runScalar(c.groups, z, dst, dst, true)
}

// batchWorkMin is the least work, in sample-sections, worth a goroutine of its own in FiltFiltBatch:
// about 0.15 ms with the vector kernels, well above the tens of microseconds it can take to wake an
// idle processor (BENCHMARKS.md has the measurements).
const batchWorkMin = 1 << 19

// FiltFiltBatch runs FiltFilt over every row of x into the same row of dst. All rows have one length;
// dst[i] may be x[i] but must not overlap another row. With a lane kernel the rows run Width at a
// time side by side. A batch of at least 2·batchWorkMin sample-sections is shared among up to workers
// goroutines, which take groups of rows from a counter; each row's result is the same however many
// run.
func (c *Cascade) FiltFiltBatch(dst, x [][]float64, workers int) {
	if len(dst) != len(x) {
		panic("filters: dst length mismatch")
	}
	if len(x) == 0 {
		return
	}
	n := len(x[0])
	for i := range x {
		if len(x[i]) != n || len(dst[i]) != n {
			panic("filters: rows differ in length")
		}
	}
	if n == 0 {
		return
	}
	c.plans()
	width := 4 // rows per job on the scalar path
	if c.batch != nil {
		width = c.batch.w
	}
	work := float64(len(x)) * float64(n+2*c.pad) * float64(max(len(c.sos), 1))
	workers = min(workers, len(x)/width, int(min(work/batchWorkMin, 1<<20)))
	if workers < 2 {
		c.batchRows(c.scratchFor(1)[0], dst, x)
		return
	}
	scr := c.scratchFor(workers)
	share(workers, (len(x)+width-1)/width, func(w, g int) {
		lo, hi := g*width, min((g+1)*width, len(x))
		c.batchRows(scr[w], dst[lo:hi], x[lo:hi])
	})
}

// batchRows is FiltFiltBatch on one goroutine with the scratch s.
func (c *Cascade) batchRows(s *scratch, dst, x [][]float64) {
	if c.batch == nil {
		for i := range x {
			c.filtFiltScalar(s, dst[i], x[i])
		}
		return
	}
	c.batchLanes(c.batch, s, dst, x)
}

// share runs do(worker, job) for jobs 0 … jobs−1 on workers goroutines, the calling one among them
// (worker 0), and returns when all are done. The goroutines take jobs from a counter, so one that gets
// no processor holds up none.
func share(workers, jobs int, do func(worker, job int)) {
	var next atomic.Int64
	work := func(w int) {
		for j := int(next.Add(1)) - 1; j < jobs; j = int(next.Add(1)) - 1 {
			do(w, j)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < min(workers, jobs); w++ {
		wg.Go(func() { work(w) })
	}
	work(0)
	wg.Wait()
}
