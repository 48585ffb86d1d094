package filters

import (
	"runtime"

	"github.com/endplate/endplate/filters/internal/lanes"
)

// FiltFiltBatch runs sweeps side by side: four rows at a time are interleaved into small blocks
// (frame i holds sample i of each of the four rows) and every section's recursion runs over the four
// lanes at once, so four independent recursions overlap instead of one waiting on its own latency.
// The arithmetic per lane is FiltFilt's, operation for operation. Rows left over (len(x) mod 4) go
// through FiltFilt's own path.
//
// In pure Go the lanes pay off only for a single section: FiltFilt's own kernel already overlaps the
// recursions of up to four sections of one sweep, and four lanes of a section need more than the 16
// scalar registers of amd64 (BenchmarkFiltFiltBatch: 256×2000, bp4 lanes 6.2 ms, rows 3.7 ms; lp2
// lanes 2.3 ms, rows 2.6 ms). So longer cascades take the row path until a SIMD kernel, where a lane is
// a vector element, replaces lanes4.

const (
	batchLanes = 4
	batchBlock = 256 // frames per block: 4 lanes × 256 × 8 bytes = 8 KiB, well inside L1

	// batchLaneMaxSections is the longest cascade FiltFiltBatch runs in lanes (see above).
	batchLaneMaxSections = 1
)

// FiltFiltBatch applies FiltFilt to every row of x, equal-length sweeps, writing row i's output to
// dst[i]; the result equals FiltFilt row by row. dst must have as many rows as x, each of the length of
// x's rows (it panics otherwise); dst[i] may be x[i] itself (in place) but must not overlap any other
// row of x. Scratch is O(PadLen + block) per goroutine, independent of the number and length of the
// sweeps. A large batch (from about 128 sweeps of 2000 samples through 4 sections) is shared among up
// to GOMAXPROCS goroutines; the results are the same bits either way.
func (s SOS) FiltFiltBatch(dst, x [][]float64) {
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
	pad := s.PadLen()
	// Where an assembly kernel exists, package lanes runs 4, 8 or 16 sweeps side by side with the
	// same arithmetic as sectionsRef, bit for bit; the four-lane Go path below is the fallback.
	var plan *lanes.Plan
	width := batchLanes
	if len(s) > 0 {
		if p := lanes.NewPlan(s); p.Vector() {
			plan, width = p, p.Width()
		}
	}
	// Rows are independent: a long batch is shared among up to GOMAXPROCS goroutines, which take
	// groups of lanes from a counter until none are left (a goroutine that gets no processor leaves
	// its groups to the others). Each row's arithmetic, and so its result, is the same however the
	// batch is split.
	work := float64(len(x)) * float64(n+2*pad) * float64(max(len(s), 1))
	workers := min(runtime.GOMAXPROCS(0), len(x)/width, int(min(work/batchWorkMin, 1<<20)))
	if workers < 2 {
		s.filtFiltRows(dst, x, pad, plan)
		return
	}
	lanes.Share(workers, (len(x)+width-1)/width, func(g int) {
		lo, hi := g*width, min((g+1)*width, len(x))
		s.filtFiltRows(dst[lo:hi], x[lo:hi], pad, plan)
	})
}

// batchWorkMin is the least work, in sample-sections, worth a goroutine of its own in FiltFiltBatch:
// about 0.15 ms with the vector kernels, well above the tens of microseconds it can take to wake an
// idle processor. Measured on this 2-core machine, 2000-sample sweeps through 4 sections: 256 sweeps
// 0.67 → 0.47 ms, 128 sweeps 0.34 → 0.25 ms; 64 sweeps gained 7 % and 32 nothing, so they stay on one.
const batchWorkMin = 1 << 19

// filtFiltRows is FiltFiltBatch on the calling goroutine: plan's lanes when it has a vector kernel,
// otherwise the Go paths below.
func (s SOS) filtFiltRows(dst, x [][]float64, pad int, plan *lanes.Plan) {
	if plan != nil {
		lanes.NewBatch(plan, s.ZI(nil), pad).FiltFilt(dst, x)
		return
	}
	g := len(x) - len(x)%batchLanes
	if len(s) > batchLaneMaxSections {
		g = 0
	}
	if g > 0 {
		var w ffLanes
		w.init(s, pad)
		for i := 0; i < g; i += batchLanes {
			w.run(s, dst[i:i+batchLanes], x[i:i+batchLanes])
		}
	}
	if g < len(x) {
		var w ffScratch
		w.init(s, pad)
		for i := g; i < len(x); i++ {
			w.run(s, dst[i], x[i])
		}
	}
}

// filtFiltBatchRef is FiltFiltBatch stated plainly, the reference its lanes are tested against.
func filtFiltBatchRef(s SOS, dst, x [][]float64) {
	for i := range x {
		copy(dst[i], filtFiltRef(s, x[i]))
	}
}

// ffLanes is the scratch of four sweeps filtered side by side; its slices are interleaved frames of
// four lanes.
type ffLanes struct {
	zi         [][2]float64
	z          []float64 // per section: z0 of the four lanes, then z1 of the four lanes
	head, tail []float64 // odd extensions, edge frames each
	save       []float64 // per lane, the last edge+1 samples of x (dst may alias x)
	buf        []float64 // one block of frames
}

func (w *ffLanes) init(s SOS, pad int) {
	w.zi = s.ZI(nil)
	w.z = make([]float64, 8*len(s))
	w.head = make([]float64, batchLanes*pad)
	w.tail = make([]float64, batchLanes*pad)
	w.save = make([]float64, batchLanes*(pad+1))
	w.buf = make([]float64, batchLanes*batchBlock)
}

// setState starts every section of every lane in the steady state of the level v[lane].
func (w *ffLanes) setState(v *[batchLanes]float64) {
	for k := range w.zi {
		z := w.z[8*k : 8*k+8 : 8*k+8]
		for l := range batchLanes {
			z[l] = w.zi[k][0] * v[l]
			z[4+l] = w.zi[k][1] * v[l]
		}
	}
}

// run filters four sweeps x[0:4] into dst[0:4], forward then backward.
func (w *ffLanes) run(s SOS, dst, x [][]float64) {
	x, dst = x[:batchLanes], dst[:batchLanes]
	n := len(x[0])
	pad := len(w.head) / batchLanes
	edge := min(pad, n-1)
	head, tail := w.head[:batchLanes*edge], w.tail[:batchLanes*edge]
	var first, last [batchLanes]float64
	for l, r := range x {
		r = r[:n]
		save := w.save[l*(pad+1) : l*(pad+1)+edge+1]
		copy(save, r[n-1-edge:])
		x0, xl := r[0], r[n-1]
		for i := range edge {
			head[batchLanes*i+l] = 2*x0 - r[edge-i]
			tail[batchLanes*i+l] = 2*xl - save[edge-1-i]
		}
		first[l] = x0
		if edge > 0 {
			first[l] = head[l]
		}
	}
	// Forward: the left extension, the sweeps block by block, the right extension.
	w.setState(&first)
	lanes4(s, w.z, head)
	for lo := 0; lo < n; lo += batchBlock {
		m := min(batchBlock, n-lo)
		buf := w.buf[:batchLanes*m]
		for l, r := range x {
			r = r[lo : lo+m]
			for i, v := range r {
				buf[batchLanes*i+l] = v
			}
		}
		lanes4(s, w.z, buf)
		for l, r := range dst {
			r = r[lo : lo+m]
			for i := range r {
				r[i] = buf[batchLanes*i+l]
			}
		}
	}
	lanes4(s, w.z, tail)
	// Backward: from the last forward output, through the right extension, then dst in place.
	for l := range last {
		if edge > 0 {
			last[l] = tail[batchLanes*(edge-1)+l]
		} else {
			last[l] = dst[l][n-1]
		}
	}
	w.setState(&last)
	reverseFrames(tail)
	lanes4(s, w.z, tail)
	for hi := n; hi > 0; hi -= batchBlock {
		m := min(batchBlock, hi)
		lo := hi - m
		buf := w.buf[:batchLanes*m]
		for l, r := range dst {
			r = r[lo:hi]
			for i := range r {
				buf[batchLanes*i+l] = r[m-1-i]
			}
		}
		lanes4(s, w.z, buf)
		for l, r := range dst {
			r = r[lo:hi]
			for i := range r {
				r[m-1-i] = buf[batchLanes*i+l]
			}
		}
	}
}

// reverseFrames reverses the order of the four-lane frames of b.
func reverseFrames(b []float64) {
	for i, j := 0, len(b)-batchLanes; i < j; i, j = i+batchLanes, j-batchLanes {
		p, q := b[i:i+batchLanes:i+batchLanes], b[j:j+batchLanes:j+batchLanes]
		p[0], p[1], p[2], p[3], q[0], q[1], q[2], q[3] = q[0], q[1], q[2], q[3], p[0], p[1], p[2], p[3]
	}
}

// lanes4 runs the cascade s in place over b, frames of four independent lanes, section after section
// over the whole of b; z holds per section the four lanes' z0 then their z1, updated in place. Each lane
// computes exactly what sectionsRef computes for it.
func lanes4(s SOS, z []float64, b []float64) {
	b = b[:len(b)-len(b)%batchLanes]
	for k := range s {
		c0, c1, c2, c4, c5 := s[k][0], s[k][1], s[k][2], s[k][4], s[k][5]
		st := z[8*k : 8*k+8 : 8*k+8]
		p0, p1, p2, p3 := st[0], st[1], st[2], st[3]
		q0, q1, q2, q3 := st[4], st[5], st[6], st[7]
		for i := 0; i < len(b); i += batchLanes {
			f := b[i : i+batchLanes : i+batchLanes]
			x0, x1, x2, x3 := f[0], f[1], f[2], f[3]
			y0 := c0*x0 + p0
			y1 := c0*x1 + p1
			y2 := c0*x2 + p2
			y3 := c0*x3 + p3
			p0 = c1*x0 - c4*y0 + q0
			p1 = c1*x1 - c4*y1 + q1
			p2 = c1*x2 - c4*y2 + q2
			p3 = c1*x3 - c4*y3 + q3
			q0 = c2*x0 - c5*y0
			q1 = c2*x1 - c5*y1
			q2 = c2*x2 - c5*y2
			q3 = c2*x3 - c5*y3
			f[0], f[1], f[2], f[3] = y0, y1, y2, y3
		}
		st[0], st[1], st[2], st[3] = p0, p1, p2, p3
		st[4], st[5], st[6], st[7] = q0, q1, q2, q3
	}
}
