package mse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/reckonhq/reckon"
)

// Stratum is one stratum's estimate of its size as [SumStrata] needs it:
// the point estimate and draws of N that carry its uncertainty, posterior
// samples (LCMCR, dga) or bootstrap replicates (log-linear, stepwise,
// closedp, chao). A draw that is not a finite number stands for an
// estimate the replicate could not make (no usable model) and counts as
// +Inf: the data of that replicate do not bound N.
type Stratum struct {
	NHat  float64
	Draws []float64
}

// StrataSum is the estimate of a total summed over strata.
type StrataSum struct {
	Strata int
	// NHat is the sum of the strata's point estimates for bootstrap
	// draws, the median of the summed draws for posterior ones.
	NHat float64
	// Lower and Upper are the 2.5% and 97.5% quantiles of the summed
	// draws (type 7); Upper is +Inf when more than 2.5% of them are.
	Lower, Upper float64
	Draws        int // summed draws the quantiles are read from
}

// SumStrata sums estimates of the strata of a population into one of the
// whole, with an interval that carries the uncertainty of every stratum.
// The strata are disjoint and estimated from disjoint data, so their
// estimates are independent and the draws of the total are
//
//	T_r = Σ_s N_s,π_s(r),   r = 1 … R,
//
// where each stratum's draws are put in an order of their own, π_s a
// random permutation (with R the most draws of any stratum; a stratum
// with fewer is drawn from with replacement). The permutation matters:
// strata resampled or sampled with the same seed have draws that are
// correlated index by index, and summing them in their order would widen
// the interval. The interval is the 2.5% and 97.5% quantiles of T. For
// posterior draws this is the posterior of the total (a sum of
// independent posteriors); for bootstrap replicates it is the
// stratum-wise bootstrap, each stratum resampled within itself, and the
// percentile interval of the summed replicates.
//
// Posterior says the draws are posterior samples: N̂ is then the median
// of T, else the sum of the strata's N̂. Seed orders the draws; the same
// seed gives the same interval. SumStrata fails when there is no stratum
// or a stratum has no draw.
//
// Reference: B. Efron and R. J. Tibshirani, An Introduction to the
// Bootstrap, Chapman & Hall, 1993, section 6.5 (the stratified, or
// multi-sample, bootstrap).
func SumStrata(strata []Stratum, posterior bool, seed uint64) (StrataSum, error) {
	if len(strata) == 0 {
		return StrataSum{}, reckon.Errorf(reckon.EINVALID, "mse: sum of strata: no stratum")
	}
	R := 0
	for i, s := range strata {
		if len(s.Draws) == 0 {
			return StrataSum{}, reckon.Errorf(reckon.EINVALID, "mse: sum of strata: stratum %d has no draws", i+1)
		}
		R = max(R, len(s.Draws))
	}
	rng := rand.New(rand.NewPCG(seed, 0x73747261))
	total := make([]float64, R)
	sum := 0.0
	for _, s := range strata {
		sum += s.NHat
		d := s.Draws
		if len(d) == R {
			for r, k := range rng.Perm(R) {
				total[r] += finiteOrInf(d[k])
			}
			continue
		}
		for r := range total {
			total[r] += finiteOrInf(d[rng.IntN(len(d))])
		}
	}
	slices.Sort(total)
	out := StrataSum{Strata: len(strata), NHat: sum, Lower: quantileInf(total, 0.025), Upper: quantileInf(total, 0.975), Draws: R}
	if posterior {
		out.NHat = quantileInf(total, 0.5)
	}
	return out, nil
}

// quantileInf is quantile of sorted x where x may end in +Inf: a
// quantile that reaches an infinite draw is +Inf, not NaN.
func quantileInf(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	i := int(math.Floor(h))
	if math.IsInf(x[i], 1) || h > float64(i) && i+1 < len(x) && math.IsInf(x[i+1], 1) {
		return math.Inf(1)
	}
	return quantile(x, p)
}

// finiteOrInf returns v, or +Inf when v is not a finite number.
func finiteOrInf(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return math.Inf(1)
	}
	return v
}

// Replicates draws B populations from the fitted model m of t and
// returns the estimate of N on each, the model refitted to the persons
// each population's lists would have seen (the parametric bootstrap of
// Buckland and Garthwaite 1991): round(N̂) persons are spread over the
// 2^J capture histories, the unobserved one included, with the fitted
// probabilities μ_c / N̂ (μ_0 = N̂ − n), the unobserved are dropped and m
// is refitted. Unlike resampling the n observed persons, this lets the
// number observed vary as it would, which matters when stratum totals
// are summed. The model is held fixed: the replicates carry the sampling
// uncertainty of N̂ under m, not that of choosing m (for that see
// [SelectionInterval]). A replicate whose MLE of N does not exist is
// +Inf. The draws use R's generator from set.seed(seed). It fails for
// Rcapture's behavioural models (Mb, Mbh), whose N̂ is not the
// intercept's, for a model not fitted by [LogLinear] or [Closedp], when
// N̂ is not finite, and beyond 16 lists.
//
// Reference: S. T. Buckland and P. H. Garthwaite, "Quantifying precision
// of mark-recapture estimates using the bootstrap and related methods",
// Biometrics 47, 1991, 255–268.
func (m *ModelFit) Replicates(t *Table, B int, seed uint64) ([]float64, error) {
	J := t.J()
	switch {
	case m.Behavioural:
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap of %s: a behavioural model has no refit of its intercept", m.Name)
	case J > maxDenseLists:
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap of %s: %d lists, at most %d", m.Name, J, maxDenseLists)
	case B <= 0:
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap of %s: %d replicates", m.Name, B)
	case m.design.p() == 0:
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap of %s: the model has no design (not fitted by LogLinear or Closedp)", m.Name)
	}
	hier := m.chao < 0 && len(m.design.extra) == 0
	// refit fits m on f's counts and returns N-hat for n observed.
	refit := func(f *fitter, n float64) float64 {
		if hier {
			return fitSel(f, m.design, n, nil).nhat
		}
		f.in[0] = false
		fitChao(f, m.design, m.chao)
		r := ModelFit{design: m.design}
		summarise(f, &r, n)
		return r.NHat
	}
	f := newFitter(J, t.cells())
	n := float64(t.N())
	nhat := refit(f, n)
	if math.IsNaN(nhat) || math.IsInf(nhat, 0) || nhat < n {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap of %s: N-hat %v is not finite", m.Name, nhat)
	}
	w := make([]float64, 1<<J)
	w[0] = nhat - n
	for c := 1; c < len(w); c++ {
		w[c] = f.mu[c]
	}
	size := int(math.Round(nhat))
	mult := newRMultinomial(w)
	g := newRStream(uint32(seed))
	// The populations are drawn in one stream, in batches that bound the
	// memory (2^J cells each), and refitted in parallel.
	batch := max(1, min(B, (1<<22)/len(w)))
	tables := make([]int32, batch*len(w))
	row := make([]int, len(w))
	out := make([]float64, B)
	for start := 0; start < B; start += batch {
		nb := min(batch, B-start)
		for b := range nb {
			mult.draw(g, size, row)
			for c, x := range row {
				tables[b*len(w)+c] = int32(x)
			}
		}
		parallel(nb, workers(0), func() func(int) {
			f := newFitter(J, make([]float64, len(w)))
			return func(b int) {
				seen := 0.0
				for c := 1; c < len(w); c++ {
					f.y[c] = float64(tables[b*len(w)+c])
					seen += f.y[c]
				}
				f.y[0] = 0
				out[start+b] = finiteOrInf(refit(f, seen))
			}
		})
	}
	return out, nil
}

// BootstrapOf applies est to B multinomial resamples of t's observed
// units (as [Stepwise]'s bootstrap draws them) and returns its B values,
// +Inf where est fails. It serves estimators without a model to refit,
// such as [LowerBound]'s.
func BootstrapOf(t *Table, B int, seed uint64, est func(*Table) (float64, error)) ([]float64, error) {
	if B <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: bootstrap: %d replicates", B)
	}
	tables := bootTables(t, seed, B)
	rows := len(t.Patterns)
	out := make([]float64, B)
	for b := range B {
		r := &Table{Lists: t.Lists, Patterns: t.Patterns, Counts: make([]int64, rows)}
		for i := range rows {
			r.Counts[i] = int64(tables[b*rows+i])
		}
		v, err := est(r)
		if err != nil {
			v = math.Inf(1)
		}
		out[b] = v
	}
	return out, nil
}

// Sample draws k values of N from the posterior of r (n plus the
// unobserved count), by inversion of its cumulative distribution. Where
// the grid is thinned and a point stands for a span of counts, the value
// is drawn uniformly over that span. It fails when r holds no posterior.
func (r *DGAResult) Sample(k int, seed uint64) ([]float64, error) {
	if len(r.Posterior) == 0 || len(r.Posterior) != len(r.Missing) {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga sample: no posterior over N")
	}
	cdf := make([]float64, len(r.Posterior))
	acc := 0.0
	for i, p := range r.Posterior {
		acc += p
		cdf[i] = acc
	}
	if !(acc > 0) {
		return nil, fmt.Errorf("mse: dga sample: posterior sums to %v", acc)
	}
	rng := rand.New(rand.NewPCG(seed, 0x646761))
	x := r.Missing
	out := make([]float64, k)
	for s := range out {
		u := rng.Float64() * acc
		i, _ := slices.BinarySearch(cdf, u)
		i = min(i, len(cdf)-1)
		v := x[i]
		lo, hi := v, v
		if i > 0 && x[i]-x[i-1] > 1 {
			lo = math.Ceil((x[i-1] + x[i]) / 2)
		}
		if i+1 < len(x) && x[i+1]-x[i] > 1 {
			hi = math.Ceil((x[i]+x[i+1])/2) - 1
		}
		if hi > lo {
			v = lo + math.Floor(rng.Float64()*(hi-lo+1))
		}
		out[s] = float64(r.N) + v
	}
	return out, nil
}
