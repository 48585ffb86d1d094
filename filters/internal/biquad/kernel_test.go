package biquad

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// kernelTol bounds the block-parallel method's deviation from Ref relative to the peak of what is
// compared (outputs, states): every other path gives Ref's bits (step rounds each product on its
// own, and the assembly does the same operations in the same order), but the long channel's
// corrections add roundings of their own. One rounding more or less in a step moves it by up to an
// ulp of its largest intermediate, 2⁻⁵² of the peak; the recursion carries that on through 1/A(z) of
// its section, whose gain is largest at DC or Nyquist: 1/|1 ± a1 + a2|, about 10⁵ for the pole pair
// at radius 0.9976 of butter4bp. With a factor 16 for the few roundings per step and the sections that
// follow, the bound is 16·2⁻⁵²·max 1/|1 ± a1 + a2| (and at least 10⁻¹³); a wrong coefficient, lane or
// order gives errors of order 1.
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

// refDir is Ref over x in place, from the last sample to the first when reverse.
func refDir(sos [][6]float64, z [][2]float64, x []float64, reverse bool) {
	if reverse {
		reverse1(x)
	}
	Ref(sos, z, x, x)
	if reverse {
		reverse1(x)
	}
}

// TestScalar holds the scalar kernel (groups of four, padded with identity sections) against Ref bit
// for bit: cascades of 0 to 9 sections (one to three groups), random
// states, both directions, lengths around the block of the multi-group path, apart and in place.
func TestScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for nsec := range 10 {
		sos := randomSOS(rng, nsec)
		g := groupSections(sos)
		tol := kernelTol(sos)
		for _, n := range []int{0, 1, 5, scalarBlock - 1, scalarBlock + 1, 2*scalarBlock + 300} {
			for _, rev := range []bool{false, true} {
				x := signal(uint64(10*n+nsec), n)
				z := make([][2]float64, 4*len(g))
				for k := range sos {
					z[k] = [2]float64{rng.NormFloat64(), rng.NormFloat64()}
				}
				zr := append([][2]float64(nil), z[:nsec]...)
				want := append([]float64(nil), x...)
				refDir(sos, zr, want, rev)
				got := make([]float64, n)
				zg := append([][2]float64(nil), z...)
				runScalar(g, zg, got, x, rev)
				runScalar(g, z, x, x, rev) // in place
				var gz, wz []float64
				for k := range sos {
					gz = append(gz, zg[k][0], zg[k][1])
					wz = append(wz, zr[k][0], zr[k][1])
				}
				if !equal(got, want) || !equal(x, want) || !equal(gz, wz) {
					t.Errorf("%d sections n=%d reverse=%v: not bit for bit Ref", nsec, n, rev)
				}
				if d := max(maxDev(got, want), maxDev(x, want), maxDev(gz, wz)); d > tol {
					t.Errorf("%d sections n=%d reverse=%v: deviation %.3g of the peak", nsec, n, rev, d)
				}
				for k := nsec; k < len(zg); k++ {
					if zg[k] != [2]float64{} {
						t.Errorf("%d sections: padding section %d has states %v", nsec, k, zg[k])
					}
				}
			}
		}
	}
}

// TestKernels runs every lane kernel this CPU has over frames of different random data per lane, from
// random states, both directions, and holds outputs and final states against Ref for each lane on its
// own, bit for bit.
func TestKernels(t *testing.T) {
	worst := 0.0
	for _, nk := range kernels() {
		for _, name := range designNames() {
			sos := designs[name]
			p := newVecPlan(sos, nk.w, nk.k)
			tol := kernelTol(sos)
			for _, n := range []int{0, 1, 2, 3, 7, 64, 513} {
				for _, rev := range []bool{false, true} {
					rng := rand.New(rand.NewPCG(uint64(n), 5))
					w := nk.w
					buf := make([]float64, w*n)
					z := make([]float64, p.stateLen())
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
					p.run(z, buf, rev)
					for l := range lanes {
						want := append([]float64(nil), lanes[l]...)
						refDir(sos, zl[l], want, rev)
						got := make([]float64, n)
						for i := range got {
							got[i] = buf[i*w+l]
						}
						var gz, wz []float64
						for k := range sos {
							gz = append(gz, z[2*k*w+l], z[(2*k+1)*w+l])
							wz = append(wz, zl[l][k][0], zl[l][k][1])
						}
						if !equal(got, want) || !equal(gz, wz) {
							t.Errorf("%s %s n=%d reverse=%v lane %d: not bit for bit Ref", nk.name, name, n, rev, l)
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
	t.Logf("largest deviation from Ref: %.3g of its bound", worst)
}

func equal(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

func reverse1(v []float64) {
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
}

func TestDispatch(t *testing.T) {
	c, err := New(designs["butter4bp"], 0)
	if err != nil {
		t.Fatal(err)
	}
	c.plans()
	if c.batch == nil {
		t.Logf("no assembly kernel: the scalar path serves; available: %v", kernelNames())
		return
	}
	t.Logf("batch: %d lanes (row kernels %v); long channels: %d lanes; available: %v",
		c.batch.w, c.batch.rows != nil, c.seg.w, fmt.Sprint(kernelNames()))
}

func kernelNames() []string {
	var s []string
	for _, k := range kernels() {
		s = append(s, k.name)
	}
	return s
}

// TestCheck: rows the package cannot run are refused with the section named.
func TestCheck(t *testing.T) {
	ok := designs["butter4bp"]
	for name, bad := range map[string][6]float64{
		"a0 = 2":      {1, 0, 0, 2, 0, 0},
		"NaN":         {1, math.NaN(), 0, 1, 0, 0},
		"Inf":         {1, 0, 0, 1, math.Inf(1), 0},
		"pole at z=1": {1, 0, 0, 1, -2, 1},
	} {
		sos := append(append([][6]float64(nil), ok...), bad)
		if _, err := New(sos, 3); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := New(ok, 3); err != nil {
		t.Error(err)
	}
}
