package lanes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// kernelTol bounds a kernel's deviation from the scalar reference relative to the peak of what is
// compared (outputs, states). A fused multiply-add rounds once where the reference rounds twice, so
// each step of the recursion differs by at most an ulp of its largest intermediate, 2⁻⁵² of the peak.
// The recursion carries such a difference on through 1/A(z) of its section, whose gain is largest at
// DC or Nyquist: 1/|1 ± a1 + a2|, about 10⁵ for the pole pair at radius 0.9976 of butter4bp. With a
// factor 16 for the few roundings per step and the sections that follow, the bound is
// 16·2⁻⁵²·max 1/|1 ± a1 + a2| (and at least 10⁻¹³); a wrong coefficient, lane or order gives errors
// of order 1.
func kernelTol(sos [][6]float64) float64 {
	g := 1.0
	for _, c := range sos {
		g = max(g, 1/math.Abs(1+c[4]+c[5]), 1/math.Abs(1-c[4]+c[5]))
	}
	return max(16*0x1p-52*g, 1e-13)
}

func designNames() []string {
	var names []string
	for k := range designs {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// TestKernels runs every kernel this CPU has over frames of different random data per lane, from
// random states, both directions, and holds outputs and final states against the scalar cascade of
// each lane on its own.
func TestKernels(t *testing.T) {
	worst := 0.0
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			p := newPlan(sos, nk.w, nk.k)
			tol := kernelTol(sos)
			for _, n := range []int{0, 1, 2, 3, 7, 64, 513} {
				for _, rev := range []bool{false, true} {
					rng := rand.New(rand.NewPCG(uint64(n), 5))
					w := nk.w
					buf := make([]float64, w*n)
					z := make([]float64, p.StateLen())
					for i := range z {
						z[i] = rng.NormFloat64()
					}
					lanes := make([][]float64, w)
					zl := make([][][2]float64, w)
					for l := range lanes {
						lanes[l] = signal(uint64(100*n+l), n)
						for i, v := range lanes[l] {
							buf[i*w+l] = v
						}
						zl[l] = make([][2]float64, len(sos))
						for k := range sos {
							zl[l][k] = [2]float64{z[2*k*w+l], z[(2*k+1)*w+l]}
						}
					}
					p.Cascade(z, buf, rev)
					for l := range lanes {
						want := append([]float64(nil), lanes[l]...)
						if rev {
							reverse(want)
						}
						cascadeScalar(sos, zl[l], want, want)
						if rev {
							reverse(want)
						}
						got := make([]float64, n)
						for i := range got {
							got[i] = buf[i*w+l]
						}
						var gz, wz []float64
						for k := range sos {
							gz = append(gz, z[2*k*w+l], z[(2*k+1)*w+l])
							wz = append(wz, zl[l][k][0], zl[l][k][1])
						}
						if nk.exact && refUnfused && (!equal(got, want) || !equal(gz, wz)) {
							t.Errorf("%s %s n=%d reverse=%v lane %d: not bit for bit the scalar cascade", nk.name, name, n, rev, l)
						}
						d := max(maxDev(got, want), maxDev(gz, wz))
						worst = max(worst, d/tol)
						if d > tol {
							t.Errorf("%s %s n=%d reverse=%v lane %d: deviation %.3g of the peak", nk.name, name, n, rev, l, d)
						}
					}
				}
			}
		}
	}
	t.Logf("largest deviation from the scalar cascade: %.3g of its bound", worst)
}

func equal(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

func reverse(v []float64) {
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
}

func TestDispatch(t *testing.T) {
	p, f := NewPlan(designs["butter4bp"]), NewPlanFused(designs["butter4bp"])
	t.Logf("NewPlan: %d lanes (assembly %v); NewPlanFused: %d lanes (assembly %v); available: %v",
		p.Width(), p.Vector(), f.Width(), f.Vector(), fmt.Sprint(kernelNames()))
}

func kernelNames() []string {
	var s []string
	for _, k := range kernels() {
		s = append(s, k.name)
	}
	return s
}

func TestKernelTol(t *testing.T) {
	for _, name := range designNames() {
		t.Logf("%s: bound %.3g", name, kernelTol(designs[name]))
	}
}
