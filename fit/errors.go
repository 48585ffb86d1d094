package fit

import "errors"

// Sentinel errors. Functions in this package wrap them with details
// (fmt.Errorf("%w: ...")), so test with errors.Is.
var (
	// ErrTooFewPoints: fewer observations than the model needs (at least one
	// more than its number of parameters, so that the noise variance and the
	// intervals can be estimated).
	ErrTooFewPoints = errors.New("fit: too few points")

	// ErrNotFinite: an input (or a starting value) is NaN or ±Inf.
	ErrNotFinite = errors.New("fit: NaN or Inf in data")

	// ErrFlat: the observations are constant (to within rounding), so no
	// shape parameter can be determined.
	ErrFlat = errors.New("fit: data are flat")

	// ErrNoConvergence: the iteration limit was reached before any stopping
	// rule was met. The accompanying result holds the best point found.
	ErrNoConvergence = errors.New("fit: did not converge")

	// ErrSingular: the (damped) normal equations or the linear subproblem
	// could not be solved at the starting point, or the final JᵀJ is singular
	// so no intervals exist.
	ErrSingular = errors.New("fit: singular system")

	// ErrBadInput: an argument outside its documented domain that comes from
	// data rather than from a programming mistake (e.g. a concentration ≤ 0
	// where a log axis is needed, unsorted or repeated times).
	ErrBadInput = errors.New("fit: bad input")
)
