package filters

// FiltFiltBatch applies FiltFilt to every row of x, equal-length sweeps, writing row i's output to
// dst[i]. dst must have as many rows as x, each of the length of x's rows (it panics otherwise); dst[i]
// may be x[i] itself (in place) but must not overlap another row of x.
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
	var w ffScratch
	w.init(s, s.PadLen())
	for i := range x {
		w.run(s, dst[i], x[i])
	}
}
