//go:build !amd64 || noasm

package filters

// firFMA: no vector kernel on this platform (or with -tags noasm).
const firFMA = false

func firBlocksFMA(y, x, r *float64, blocks, m int) { panic("filters: no vector kernel") }
