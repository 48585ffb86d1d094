package filters

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// SavGol smooths or differentiates x with a Savitzky–Golay filter, as
// scipy.signal.savgol_filter(x, window, polyorder, deriv, delta, mode="interp"):
// each output is the deriv-th derivative, at the sample, of the polynomial of
// degree polyorder fitted by least squares to the window samples around it
// (delta is the sample spacing, used when deriv > 0). The first and last
// window/2 outputs come from the fit to the first and last window samples,
// evaluated at those samples. An even window is allowed as in SciPy: the
// interior output i is then the fit over x[i−window/2+1 … i+window/2]
// evaluated half a sample after i. A deriv above polyorder gives zeros.
//
// If dst is nil it is allocated; a dst of another length panics with
// "filters: dst length mismatch". dst may be x itself (x is then copied
// first) but must not otherwise overlap it.
//
// SavGol panics if window < 1, polyorder is outside [0, window) or above
// MaxSavGolOrder, deriv < 0,
// deriv > 0 with delta zero or not finite, or window > len(x) (SciPy's
// ValueError; a trace shorter than the window needs a shorter window, which
// only the caller can choose). To filter many traces with one window, make a
// SavGolFilter once. Windows longer than FIR's direct limit (200 samples with
// AVX2 and FMA, else 24) are applied by FFT convolution.
func SavGol(dst, x []float64, window, polyorder, deriv int, delta float64) []float64 {
	return NewSavGolFilter(window, polyorder, deriv, delta).Filter(dst, x)
}

// SavGolFilter is a Savitzky–Golay filter designed once (see SavGol) and
// applied to many traces. It holds no scratch: Filter is safe for concurrent
// use.
type SavGolFilter struct {
	window, polyorder, deriv int

	weights []float64 // interior: y[i] = Σ_j weights[j]·x[i−(window−1)/2+j]
	// Edges: the fit's polynomial coefficients are fit·xEdge ((polyorder+1)×window,
	// row-major), in the scaled variable u = (t − c)/s of the window position t;
	// its deriv-th derivative in samples of x at edge output k is
	// Σ_q left[k·(polyorder+1)+q]·coef[q] (right likewise for the last window).
	fit         []float64
	left, right []float64
}

// NewSavGolFilter designs the filter SavGol applies; it panics on the
// parameters SavGol panics on (other than the length of x).
//
// The coefficients are the minimum-norm least-squares solution that SciPy's
// savgol_coeffs computes, found here from the pseudo-inverse of the window's
// Vandermonde matrix (QR in gonum/mat) in the variable u = (t − c)/s, t the
// position in the window, c its centre and s its half-width, which keeps the
// matrix well conditioned for long windows and high orders. Design and
// filter take O(window·polyorder) memory.
func NewSavGolFilter(window, polyorder, deriv int, delta float64) *SavGolFilter {
	switch {
	case window < 1:
		panic("filters: SavGol window < 1")
	case polyorder < 0 || polyorder >= window || polyorder > MaxSavGolOrder:
		panic("filters: SavGol polyorder outside [0, min(window, MaxSavGolOrder+1))")
	case deriv < 0:
		panic("filters: SavGol deriv < 0")
	case deriv > 0 && (delta == 0 || math.IsNaN(delta) || math.IsInf(delta, 0)):
		panic("filters: SavGol delta zero or not finite")
	}
	f := &SavGolFilter{window: window, polyorder: polyorder, deriv: deriv, weights: make([]float64, window)}
	h := window / 2
	p1 := polyorder + 1
	f.left = make([]float64, h*p1)
	f.right = make([]float64, h*p1)
	if deriv > polyorder {
		f.fit = make([]float64, p1*window)
		return f // every derivative row is zero
	}

	c := float64(window-1) / 2
	s := math.Max(c, 1)
	v := mat.NewDense(window, p1, nil)
	for t := range window {
		u := (float64(t) - c) / s
		pow := 1.0
		for q := range p1 {
			v.Set(t, q, pow)
			pow *= u
		}
	}
	// V has full column rank (distinct nodes, p1 ≤ window), so pinv(V) = (VᵀV)⁻¹Vᵀ, and its
	// transpose V(VᵀV)⁻¹ is the minimum-norm solution X of Vᵀ·X = I (p1×p1), which gonum finds
	// from V's QR factorization in O(window·p1) memory (pinv(V) as the least-squares solution of
	// V·P = I would take a window×window identity: 800 MB at window 10001).
	var qr mat.QR
	qr.Factorize(v)
	var pinvT mat.Dense
	if err := qr.SolveTo(&pinvT, true, eye(p1)); err != nil {
		if _, ok := err.(mat.Condition); !ok {
			panic("filters: SavGol: " + err.Error())
		}
	}
	f.fit = make([]float64, p1*window)
	for q := range p1 {
		for t := range window {
			f.fit[q*window+t] = pinvT.At(t, q)
		}
	}

	// d^deriv/dt^deriv u^q = q!/(q−deriv)!·u^(q−deriv)/s^deriv, per delta^deriv.
	scale := 1 / math.Pow(s*delta, float64(deriv))
	if deriv == 0 {
		scale = 1
	}
	derivRow := func(row []float64, t float64) {
		u := (t - c) / s
		for q := deriv; q < p1; q++ {
			fall := 1.0
			for r := q - deriv + 1; r <= q; r++ {
				fall *= float64(r)
			}
			row[q] = fall * math.Pow(u, float64(q-deriv)) * scale
		}
	}
	row := make([]float64, p1)
	derivRow(row, c)
	for t := range window {
		var w float64
		for q := deriv; q < p1; q++ {
			w += row[q] * f.fit[q*window+t]
		}
		f.weights[t] = w
	}
	for k := range h {
		derivRow(f.left[k*p1:(k+1)*p1], float64(k))
		derivRow(f.right[k*p1:(k+1)*p1], float64(window-h+k))
	}
	return f
}

// MaxSavGolOrder is the highest polyorder SavGol fits. The Vandermonde matrix of
// order 32 on a window scaled to [−1, 1] has a condition number near 10¹² (51
// to 1001 samples), so its fits keep about four significant digits; beyond it
// they are rounding noise. (Savitzky–Golay smoothing uses orders 2–6.)
const MaxSavGolOrder = 32

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := range n {
		m.Set(i, i, 1)
	}
	return m
}

// Weights returns the interior weights in the order they multiply the data
// (scipy savgol_coeffs(…, use="dot")): output i is
// Σ_j w[j]·x[i−(window−1)/2+j]. The slice must not be modified.
func (f *SavGolFilter) Weights() []float64 { return f.weights }

// Filter applies the filter to x as SavGol does, placing the result in dst and
// returning it; see SavGol for dst and for the panics.
func (f *SavGolFilter) Filter(dst, x []float64) []float64 {
	n, w := len(x), f.window
	if w > n {
		panic("filters: SavGol window longer than x")
	}
	dst = dstOfLen(dst, n)
	if &dst[0] == &x[0] {
		x = append([]float64(nil), x...)
	}
	h := w / 2
	a := (w - 1) / 2 // output i reads x[i−a … i−a+w−1]
	if w > firDirectMaxTaps() && n-2*h > 0 {
		// Output i is sample i−a+w−1 of the full convolution of x with the
		// reversed weights.
		rev := make([]float64, w)
		for j, v := range f.weights {
			rev[w-1-j] = v
		}
		NewFIR(rev).convolve(dst[h:n-h], x, h-a+w-1)
	} else if n-2*h > 0 {
		correlate(dst[h:n-h], x[h-a:], f.weights) // output i reads x[i−a … i−a+w−1]
	}
	f.edge(dst[:h], x[:w], f.left)
	f.edge(dst[n-h:], x[n-w:], f.right)
	return dst
}

// edge evaluates the derivative of the polynomial fitted to xw at the edge
// outputs whose derivative rows are in rows.
func (f *SavGolFilter) edge(dst, xw, rows []float64) {
	p1 := f.polyorder + 1
	var coef [MaxSavGolOrder + 1]float64
	cf := coef[:0]
	if p1 > len(coef) {
		cf = make([]float64, 0, p1)
	}
	for q := range p1 {
		cf = append(cf, dotProduct(f.fit[q*f.window:(q+1)*f.window], xw))
	}
	for k := range dst {
		dst[k] = dotProduct(rows[k*p1:(k+1)*p1], cf)
	}
}
