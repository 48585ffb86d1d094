package filters

import (
	"math"
	"math/cmplx"
	"sort"
)

// zpk is a filter as zeros, poles and gain: H(s) = k·Π(s − z)/Π(s − p) for an analog filter,
// the same in z for a digital one.
type zpk struct {
	z, p []complex128
	k    float64
}

// buttap is the analog Butterworth low-pass prototype with a cutoff of 1 rad/s (SciPy buttap):
// poles −exp(iπm/2N) for m = −N+1, −N+3, …, N−1; the middle pole of an odd order is exactly −1.
func buttap(n int) zpk {
	p := make([]complex128, n)
	for i := range p {
		m := float64(-n + 1 + 2*i)
		p[i] = -cmplx.Exp(complex(0, math.Pi*m/float64(2*n)))
	}
	return zpk{p: p, k: 1}
}

// cheb1ap is the analog Chebyshev type I low-pass prototype with rp dB of passband ripple, whose gain
// first drops below −rp dB at 1 rad/s (SciPy cheb1ap). Even orders have a DC gain of −rp dB.
func cheb1ap(n int, rp float64) zpk {
	eps := math.Sqrt(math.Pow(10, 0.1*rp) - 1)
	mu := math.Asinh(1/eps) / float64(n)
	p := make([]complex128, n)
	prod := complex(1, 0)
	for i := range p {
		theta := math.Pi * float64(-n+1+2*i) / float64(2*n)
		p[i] = -cmplx.Sinh(complex(mu, theta))
		prod *= -p[i]
	}
	k := real(prod)
	if n%2 == 0 {
		k /= math.Sqrt(1 + eps*eps)
	}
	return zpk{p: p, k: k}
}

// lp2lp moves a unit-cutoff low-pass prototype to the cutoff wo (rad/s): s → s/wo.
func (f zpk) lp2lp(wo float64) zpk {
	deg := len(f.p) - len(f.z)
	out := zpk{z: make([]complex128, len(f.z)), p: make([]complex128, len(f.p)), k: f.k * math.Pow(wo, float64(deg))}
	for i, v := range f.z {
		out.z[i] = complex(wo, 0) * v
	}
	for i, v := range f.p {
		out.p[i] = complex(wo, 0) * v
	}
	return out
}

// lp2hp turns a unit-cutoff low-pass prototype into a high-pass with cutoff wo: s → wo/s.
// Zeros at infinity move to the origin.
func (f zpk) lp2hp(wo float64) zpk {
	deg := len(f.p) - len(f.z)
	out := zpk{z: make([]complex128, 0, len(f.p)), p: make([]complex128, len(f.p))}
	pz, pp := complex(1, 0), complex(1, 0)
	for _, v := range f.z {
		out.z = append(out.z, complex(wo, 0)/v)
		pz *= -v
	}
	for i, v := range f.p {
		out.p[i] = complex(wo, 0) / v
		pp *= -v
	}
	for range deg {
		out.z = append(out.z, 0)
	}
	out.k = f.k * real(pz/pp)
	return out
}

// bandShift maps each of the points v (already scaled) to the pair v ± sqrt(v² − wo²), the first
// members of all pairs first.
func bandShift(v []complex128, wo float64) []complex128 {
	out := make([]complex128, 2*len(v))
	for i, x := range v {
		r := cmplx.Sqrt(x*x - complex(wo*wo, 0))
		out[i] = x + r
		out[len(v)+i] = x - r
	}
	return out
}

// lp2bp turns a unit-cutoff low-pass prototype into a band-pass centred on wo with bandwidth bw:
// s → (s² + wo²)/(s·bw). Zeros at infinity: half move to the origin, half stay at infinity.
func (f zpk) lp2bp(wo, bw float64) zpk {
	deg := len(f.p) - len(f.z)
	zl := make([]complex128, len(f.z))
	pl := make([]complex128, len(f.p))
	for i, v := range f.z {
		zl[i] = v * complex(bw, 0) / 2
	}
	for i, v := range f.p {
		pl[i] = v * complex(bw, 0) / 2
	}
	z := bandShift(zl, wo)
	for range deg {
		z = append(z, 0)
	}
	return zpk{z: z, p: bandShift(pl, wo), k: f.k * math.Pow(bw, float64(deg))}
}

// lp2bs turns a unit-cutoff low-pass prototype into a band-stop centred on wo with width bw:
// s → s·bw/(s² + wo²). Zeros at infinity move to ±i·wo.
func (f zpk) lp2bs(wo, bw float64) zpk {
	deg := len(f.p) - len(f.z)
	zh := make([]complex128, len(f.z))
	ph := make([]complex128, len(f.p))
	pz, pp := complex(1, 0), complex(1, 0)
	for i, v := range f.z {
		zh[i] = complex(bw/2, 0) / v
		pz *= -v
	}
	for i, v := range f.p {
		ph[i] = complex(bw/2, 0) / v
		pp *= -v
	}
	z := bandShift(zh, wo)
	for range deg {
		z = append(z, complex(0, wo))
	}
	for range deg {
		z = append(z, complex(0, -wo))
	}
	return zpk{z: z, p: bandShift(ph, wo), k: f.k * real(pz/pp)}
}

// bilinear maps an analog filter to a digital one by s = 2·fs·(z − 1)/(z + 1), without pre-warping
// (Tustin; SciPy bilinear_zpk). Zeros at infinity move to z = −1 (Nyquist).
func (f zpk) bilinear(fs float64) zpk {
	fs2 := complex(2*fs, 0)
	deg := len(f.p) - len(f.z)
	out := zpk{z: make([]complex128, 0, len(f.p)), p: make([]complex128, len(f.p))}
	nz, np := complex(1, 0), complex(1, 0)
	for _, v := range f.z {
		out.z = append(out.z, (fs2+v)/(fs2-v))
		nz *= fs2 - v
	}
	for i, v := range f.p {
		out.p[i] = (fs2 + v) / (fs2 - v)
		np *= fs2 - v
	}
	for range deg {
		out.z = append(out.z, -1)
	}
	out.k = f.k * real(nz/np)
	return out
}

// cplxTol is SciPy's tolerance for telling real values and conjugate pairs apart: 100 ulps of 1.
const cplxTol = 100 * 2.220446049250313e-16

// cplxReal splits v into complex conjugate pairs, each given once with a positive imaginary part
// (the two members averaged), and real values, as SciPy's _cplxreal: pairs sorted by real part then
// by imaginary part, reals sorted by value. It reports false when a complex value has no conjugate.
// The result is the pairs followed by the reals (imaginary part exactly 0).
func cplxReal(v []complex128) ([]complex128, bool) {
	if len(v) == 0 {
		return nil, true
	}
	s := append([]complex128(nil), v...)
	sort.SliceStable(s, func(i, j int) bool {
		if real(s[i]) != real(s[j]) {
			return real(s[i]) < real(s[j])
		}
		return math.Abs(imag(s[i])) < math.Abs(imag(s[j]))
	})
	var reals, pos, neg []complex128
	for _, x := range s {
		switch {
		case math.Abs(imag(x)) <= cplxTol*cmplx.Abs(x):
			reals = append(reals, complex(real(x), 0))
		case imag(x) > 0:
			pos = append(pos, x)
		default:
			neg = append(neg, x)
		}
	}
	if len(pos) != len(neg) {
		return nil, false
	}
	// Runs of (nearly) the same real part are put in order of their imaginary parts.
	for i := 0; i < len(pos); {
		j := i + 1
		for j < len(pos) && real(pos[j])-real(pos[j-1]) <= cplxTol*cmplx.Abs(pos[j-1]) {
			j++
		}
		if j-i > 1 {
			byImag := func(c []complex128) {
				sort.SliceStable(c, func(a, b int) bool { return math.Abs(imag(c[a])) < math.Abs(imag(c[b])) })
			}
			byImag(pos[i:j])
			byImag(neg[i:j])
		}
		i = j
	}
	out := make([]complex128, 0, len(pos)+len(reals))
	for i := range pos {
		if cmplx.Abs(pos[i]-cmplx.Conj(neg[i])) > cplxTol*cmplx.Abs(neg[i]) {
			return nil, false
		}
		out = append(out, (pos[i]+cmplx.Conj(neg[i]))/2)
	}
	return append(out, reals...), true
}

func zpkIsReal(c complex128) bool { return imag(c) == 0 }

// nearestIdx is the index of the element of v nearest to x, among the real ones (which > 0), the
// complex ones (which < 0) or all (which == 0); −1 when there is none.
func nearestIdx(v []complex128, x complex128, which int) int {
	best, bestD := -1, math.Inf(1)
	for i, c := range v {
		if (which > 0 && !zpkIsReal(c)) || (which < 0 && zpkIsReal(c)) {
			continue
		}
		if d := cmplx.Abs(c - x); d < bestD || best < 0 {
			best, bestD = i, d
		}
	}
	return best
}

// worstIdx is the index of the pole nearest the unit circle among those that pass keep.
func worstIdx(p []complex128, keep func(complex128) bool) int {
	best, bestD := -1, math.Inf(1)
	for i, c := range p {
		if keep != nil && !keep(c) {
			continue
		}
		if d := math.Abs(1 - cmplx.Abs(c)); d < bestD || best < 0 {
			best, bestD = i, d
		}
	}
	return best
}

func zpkRemove(v []complex128, i int) (complex128, []complex128) {
	c := v[i]
	return c, append(v[:i], v[i+1:]...)
}

// quad returns 1, −(r1 + r2), r1·r2 for roots r1, r2 given as a conjugate pair (pair true, r2
// ignored) or as two real values.
func zpkQuad(r1, r2 complex128, pair bool) [3]float64 {
	if pair {
		re, im := real(r1), imag(r1)
		return [3]float64{1, -2 * re, re*re + im*im}
	}
	return [3]float64{1, -real(r1) - real(r2), real(r1) * real(r2)}
}

// sos converts a digital zpk to second-order sections as SciPy's zpk2sos with pairing "nearest":
// the poles nearest the unit circle go to the last sections, each pole pair with its nearest zeros,
// the gain in the first section. It reports false when a complex pole or zero has no conjugate.
func (f zpk) sos() (SOS, bool) {
	z := append([]complex128(nil), f.z...)
	p := append([]complex128(nil), f.p...)
	if len(z) == 0 && len(p) == 0 {
		return SOS{{f.k, 0, 0, 1, 0, 0}}, true
	}
	for len(p) < len(z) {
		p = append(p, 0)
	}
	for len(z) < len(p) {
		z = append(z, 0)
	}
	n := (len(p) + 1) / 2
	if len(p)%2 == 1 {
		p = append(p, 0)
		z = append(z, 0)
	}
	var ok bool
	if z, ok = cplxReal(z); !ok {
		return nil, false
	}
	if p, ok = cplxReal(p); !ok {
		return nil, false
	}
	zpkCountReal := func(v []complex128) int {
		c := 0
		for _, x := range v {
			if zpkIsReal(x) {
				c++
			}
		}
		return c
	}
	out := make(SOS, n)
	for si := n - 1; si >= 0; si-- {
		var p1, p2, z1, z2 complex128
		p1, p = zpkRemove(p, worstIdx(p, nil))
		var b, a [3]float64
		switch {
		case zpkIsReal(p1) && zpkCountReal(p) == 0:
			// The last real pole pairs with the nearest real zero, both as first order.
			i := nearestIdx(z, p1, 1)
			if i < 0 {
				return nil, false
			}
			z1, z = zpkRemove(z, i)
			b, a = zpkQuad(z1, 0, false), zpkQuad(p1, 0, false)
		case len(p)+1 == len(z) && !zpkIsReal(p1) && zpkCountReal(p) == 1 && zpkCountReal(z) == 1:
			// One real pole and one real zero left over: this complex pole must take a complex zero.
			i := nearestIdx(z, p1, -1)
			if i < 0 {
				return nil, false
			}
			z1, z = zpkRemove(z, i)
			b, a = zpkQuad(z1, 0, true), zpkQuad(p1, 0, true)
		default:
			pair := !zpkIsReal(p1)
			if !pair {
				i := worstIdx(p, zpkIsReal)
				if i < 0 {
					return nil, false
				}
				p2, p = zpkRemove(p, i)
			}
			a = zpkQuad(p1, p2, pair)
			if len(z) == 0 {
				b = [3]float64{1, 0, 0}
				break
			}
			z1, z = zpkRemove(z, nearestIdx(z, p1, 0))
			if !zpkIsReal(z1) {
				b = zpkQuad(z1, 0, true)
				break
			}
			if len(z) == 0 {
				// A single zero: b = [0, 1, −z1].
				b = [3]float64{0, 1, -real(z1)}
				break
			}
			i := nearestIdx(z, p1, 1)
			if i < 0 {
				return nil, false
			}
			z2, z = zpkRemove(z, i)
			b = zpkQuad(z1, z2, false)
		}
		out[si] = [6]float64{b[0], b[1], b[2], a[0], a[1], a[2]}
	}
	out[0][0] *= f.k
	out[0][1] *= f.k
	out[0][2] *= f.k
	return out, true
}
