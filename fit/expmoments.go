package fit

import "math"

// maxExp is the largest number of exponential components.
const maxExp = 3

// expMoments holds every inner product the variable-projection step needs
// for y ≈ Σ cᵢ·φᵢ + c_n with φᵢ(t) = exp(−t/τᵢ), ψᵢ = ∂φᵢ/∂ln τᵢ = (t/τᵢ)·φᵢ,
// and the columns A = [φ₀ … φ_{n−1} 1]:
//
//	G = AᵀA, b = Aᵀ(y−ȳ), M = ΨᵀA, P = ΨᵀΨ, d = Ψᵀ(y−ȳ).
type expMoments struct {
	n   int
	tau [maxExp]float64
	G   [maxExp + 1][maxExp + 1]float64
	b   [maxExp + 1]float64
	M   [maxExp][maxExp + 1]float64
	P   [maxExp][maxExp]float64
	d   [maxExp]float64
	c   [maxExp + 1]float64 // linear coefficients (amplitudes at the level's origin, offset − ȳ)
	sse float64
}

// expLevel is the data at one resolution: the full record, or bin means
// (evenly sampled data) / a subsample (otherwise). All levels share the
// time origin t[0] and the centring constant.
type expLevel struct {
	uniform bool
	dt      float64   // sample interval (uniform)
	t       []float64 // times relative to the origin (non-uniform)
	y       []float64
	c       float64 // centring constant (the full record's mean)
	sy, yy  float64 // Σ(y−c), Σ(y−c)²
}

func (l *expLevel) len() int { return len(l.y) }

// span returns the time from the first to the last sample.
func (l *expLevel) span() float64 {
	if l.uniform {
		return float64(len(l.y)-1) * l.dt
	}
	return l.t[len(l.t)-1] - l.t[0]
}

func (l *expLevel) setSums() {
	l.sy, l.yy = 0, 0
	for _, v := range l.y {
		v -= l.c
		l.sy += v
		l.yy += v * v
	}
}

// moments fills mo for the time constants tau (len n). Without derivs only
// G and b are computed.
func (l *expLevel) moments(mo *expMoments, tau []float64, derivs bool) {
	n := len(tau)
	mo.n = n
	copy(mo.tau[:], tau)
	if l.uniform {
		l.uniformMoments(mo, tau, derivs)
	} else {
		l.generalMoments(mo, tau, derivs)
	}
}

// uniformMoments is the fast path of moments for evenly sampled data: the
// Gram entries from closed-form geometric sums (geoSums), the data moments
// in one pass per time constant (expSums). generalMoments, one exp per
// sample and component, is its reference (TestMomentsUniformVsGeneral).
func (l *expLevel) uniformMoments(mo *expMoments, tau []float64, derivs bool) {
	n, m := len(tau), len(l.y)
	var h [maxExp]float64
	for i, ti := range tau {
		h[i] = l.dt / ti
	}
	mo.G[n][n] = float64(m)
	mo.b[n] = l.sy
	for i := 0; i < n; i++ {
		g0, g1, _ := geoSums(m, h[i])
		mo.G[i][n], mo.G[n][i] = g0, g0
		if derivs {
			mo.M[i][n] = h[i] * g1
		}
		for j := i; j < n; j++ {
			g0, g1, g2 := geoSums(m, h[i]+h[j])
			mo.G[i][j], mo.G[j][i] = g0, g0
			if derivs {
				mo.M[i][j] = h[i] * g1
				mo.M[j][i] = h[j] * g1
				mo.P[i][j] = h[i] * h[j] * g2
				mo.P[j][i] = mo.P[i][j]
			}
		}
		s0, s1 := expSums(l.y, l.c, h[i])
		mo.b[i] = s0
		mo.d[i] = h[i] * s1
	}
}

// generalMoments computes every moment by direct summation over the
// samples at times l.t: the path for unevenly sampled data and the
// reference for uniformMoments.
func (l *expLevel) generalMoments(mo *expMoments, tau []float64, derivs bool) {
	n := len(tau)
	var inv [maxExp]float64
	for i, ti := range tau {
		inv[i] = 1 / ti
	}
	var G [maxExp + 1][maxExp + 1]float64
	var b [maxExp + 1]float64
	var M [maxExp][maxExp + 1]float64
	var P [maxExp][maxExp]float64
	var d [maxExp]float64
	var phi, psi [maxExp + 1]float64
	phi[n] = 1
	for k, t := range l.t {
		v := l.y[k] - l.c
		for i := 0; i < n; i++ {
			phi[i] = math.Exp(-t * inv[i])
			psi[i] = t * inv[i] * phi[i]
		}
		for i := 0; i <= n; i++ {
			for j := i; j <= n; j++ {
				G[i][j] += phi[i] * phi[j]
			}
			b[i] += phi[i] * v
		}
		if derivs {
			for i := 0; i < n; i++ {
				for j := 0; j <= n; j++ {
					M[i][j] += psi[i] * phi[j]
				}
				for j := i; j < n; j++ {
					P[i][j] += psi[i] * psi[j]
				}
				d[i] += psi[i] * v
			}
		}
	}
	for i := 0; i <= n; i++ {
		for j := i; j <= n; j++ {
			mo.G[i][j], mo.G[j][i] = G[i][j], G[i][j]
		}
		mo.b[i] = b[i]
	}
	if derivs {
		for i := 0; i < n; i++ {
			mo.M[i] = M[i]
			for j := i; j < n; j++ {
				mo.P[i][j], mo.P[j][i] = P[i][j], P[i][j]
			}
			mo.d[i] = d[i]
		}
	}
}
