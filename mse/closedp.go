package mse

import (
	"math"

	"github.com/reckonhq/reckon"
)

// ClosedpOptions configures [Closedp]. The zero value is ready to use.
type ClosedpOptions struct {
	// Workers is the number of goroutines computing the profile
	// intervals. Default: runtime.GOMAXPROCS(0).
	Workers int
}

// ClosedpResult holds the fits of [Closedp].
type ClosedpResult struct {
	N     int64
	Lists []string
	// Models are the closedp.t models in Rcapture's order: M0, Mt, Mh
	// Chao (LB), Mh Poisson2, Mh Darroch, Mh Gamma3.5, the same four as
	// Mth, Mb, Mbh (with two lists M0, Mt and Mb only).
	Models []ModelFit
	// BestAIC and BestBIC index Models; -1 when no model is usable.
	BestAIC, BestBIC int
}

// Closedp fits the closed-population models of Rcapture's closedp.t
// (Rivest and Baillargeon, Rcapture 1.4-4) to t, on any number of lists
// from 2 to [MaxLists], however many hierarchical models those lists
// would give: each a Poisson regression on the 2^J − 1 observable cells
// (from 9 lists on without listing them, see closedp_sparse.go).
//
//   - M0: one capture probability, a column k (the number of lists a
//     pattern is on).
//   - Mt: a probability per list, the main effects.
//   - Mh and Mth: M0 and Mt plus a function of k for heterogeneity
//     between units (Darroch et al. 1993; Rivest and Baillargeon 2007):
//     Chao's lower bound (columns max(k − j + 1, 0), j = 3..J, kept only
//     while their coefficients are not negative, Chao 1987), Poisson2
//     (2^k − 1), Darroch (k²/2) and Gamma3.5 (−log(1 + k/3.5)).
//   - Mb and Mbh: behavioural response after the first capture, lists
//     taken as occasions in table order (Rivest and Lévesque 2001).
//
// Each model gets N-hat = n + exp(intercept) (closed forms for Mb and
// Mbh), its delta-method standard error, deviance, AIC, BIC (log n per
// parameter, n the observed units) and, except Mb and Mbh, the
// multinomial profile-likelihood 95% interval of Cormack (1992). Models
// that do not converge, are not of full rank or whose asymptotic bias
// exceeds 10% of N-hat are not usable: never chosen as best.
//
// References: Darroch, J. N., Fienberg, S. E., Glonek, G. F. V. and
// Junker, B. W. (1993), JASA 88, 1137–1148; Rivest, L.-P. and
// Baillargeon, S. (2007), Biometrics 63, 999–1006; Rivest, L.-P. and
// Lévesque, T. (2001), Biometrics 57, 1154–1160; Chao, A. (1987),
// Biometrics 43, 783–791.
func Closedp(t *Table, opt ClosedpOptions) (*ClosedpResult, error) {
	J := t.J()
	if J < 2 || J > MaxLists {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: closedp models need 2 to %d lists, have %d", MaxLists, J)
	}
	n := float64(t.N())
	if n <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	res := &ClosedpResult{N: t.N(), Lists: t.Lists}
	res.Models, res.BestAIC, res.BestBIC = closedpFit(t, workers(opt.Workers))
	return res, nil
}

// sparseFrom is the number of lists from which the closedp.t models are
// fitted without a dense table: faster from 9 lists on (20 times at 12),
// while up to 8 the dense fitter follows R's glm to its convergence flags
// and the weights of its covariance.
const sparseFrom = 9

// closedpFit fits the closedp.t models of t, densely or not (see
// sparseFrom), with their profile intervals on nw goroutines.
func closedpFit(t *Table, nw int) (models []ModelFit, bestAIC, bestBIC int) {
	if t.J() >= sparseFrom {
		return closedpSparse(t, nw)
	}
	return closedp(t.J(), t.cells(), float64(t.N()), nw)
}

// closedp fits the closedp.t models to the cells y and computes their
// profile intervals on nw goroutines.
func closedp(J int, y []float64, n float64, nw int) (models []ModelFit, bestAIC, bestBIC int) {
	f := newFitter(J, append([]float64(nil), y...))
	for _, spec := range closedModels(J) {
		models = append(models, fitClosed(f, spec, n))
	}
	bestAIC, bestBIC = best(models)
	parallel(len(models), nw, func() func(int) {
		f := newFitter(J, append([]float64(nil), y...))
		return func(i int) { profile(f, &models[i], n) }
	})
	return models, bestAIC, bestBIC
}

// OccamOdds is the posterior odds against a model beyond which
// [ClosedpResult.Window] leaves it out: 20 to 1, Madigan and Raftery's
// (1994) Occam's window, a BIC difference of 2 ln 20 ≈ 6.0 (Raftery 1995:
// "strong" evidence).
const OccamOdds = 20

// Window returns the least lower and the greatest upper end of the 95%
// intervals of the closedp models the data do not rule out, and their
// names: the usable models, Mb and Mbh left out, whose BIC is within
// 2 ln OccamOdds of the least among them (under BIC, posterior odds of at
// most OccamOdds to 1 against). hi is +Inf when one of them has no finite
// upper end. ok is false when no model qualifies.
//
// The best model's interval takes the model as known; the closedp models
// differ mostly in the form of heterogeneity they assume (Chao's lower
// bound, Poisson2, Darroch, Gamma3.5), which the data often cannot tell
// apart while their estimates differ widely, so an interval over models
// must span those the data leave open, as it spans the log-linear
// models' (Silverman, Chan and Vincent 2024). Mb and Mbh are left out:
// they take the lists as capture occasions in the order of the table's
// columns, with a change of behaviour after the first capture, which
// lists of the dead are not; their estimate changes when the columns are
// reordered, and they have no profile interval.
//
// References: Madigan, D. and Raftery, A. E. (1994), JASA 89, 1535–1546;
// Raftery, A. E. (1995), Sociological Methodology 25, 111–163.
func (r *ClosedpResult) Window() (lo, hi float64, names []string, ok bool) {
	best := math.Inf(1)
	for i := range r.Models {
		if m := &r.Models[i]; windowed(m) {
			best = min(best, m.BIC)
		}
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := range r.Models {
		m := &r.Models[i]
		if !windowed(m) || m.BIC > best+2*math.Log(OccamOdds) {
			continue
		}
		ok = true
		names = append(names, m.Name)
		lo = min(lo, m.Lower)
		if m.UpperOpen {
			hi = math.Inf(1)
		} else {
			hi = max(hi, m.Upper)
		}
	}
	return lo, hi, names, ok
}

// windowed reports whether m can enter [ClosedpResult.Window]: usable,
// not behavioural, with a profile interval.
func windowed(m *ModelFit) bool {
	return m.Usable && !m.Behavioural && !math.IsNaN(m.Lower) && !math.IsNaN(m.Upper) && !math.IsNaN(m.BIC)
}
