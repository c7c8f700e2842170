package mse

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/reckonhq/reckon"
)

// StepwiseOptions configures [Stepwise]. The zero value gives SparseMSE's
// defaults: p threshold 0.02, 1,000 bootstrap replicates, seed 0.
type StepwiseOptions struct {
	PThreshold float64 // add a pair only if its p-value is below; default 0.02
	Bootstrap  int     // BCa replicates; default 1,000; negative: no bootstrap
	Seed       uint64  // R's set.seed(Seed) for the resampling (low 32 bits); default 0
	Workers    int     // default runtime.GOMAXPROCS(0)
}

// StepwiseResult is the model chosen by [Stepwise] and its estimate.
type StepwiseResult struct {
	Terms []Term   // two-list terms added, in order of addition
	Names []string // their names: "EXH:ABA"
	// EmptyOverlaps are terms of pairs of lists with no one in common:
	// their parameter is -inf, the cells holding both lists are left out
	// of the fit (Chan, Silverman and Vincent 2021).
	EmptyOverlaps []Term
	NHat          float64
	// NormalLower and NormalUpper: n + exp of the normal 95% interval of
	// the log dark figure.
	NormalLower, NormalUpper float64
	// Lower and Upper are the BCa 95% bootstrap interval; NaN without
	// bootstrap.
	Lower, Upper float64
	Bootstrap    []float64 // replicate estimates
	Acceleration float64   // jackknife a-hat
	BiasZ0       float64   // bias correction z0
}

// Stepwise chooses a log-linear model as SparseMSE's stepwisefit (Chan,
// Silverman and Vincent 2021) and estimates N with a BCa bootstrap
// interval. Starting from main effects, at each step every two-list term
// not yet in the model gets the Poisson tail p-value min(P(X <= n*),
// P(X >= n*)) of the observed overlap n* of its lists against its mean
// under the current fit; a term whose model would have no finite MLE
// (Haberman's direction condition, else the linear program of Fienberg
// and Rinaldo) or would not be identifiable (rank) gets p = 1. The term
// with the smallest p is added while p < PThreshold. A pair with no
// overlap can be added like any other (its p-value is P(X = 0)); it is
// then an empty overlap: listed in Terms and EmptyOverlaps, but, as in
// SparseMSE, fitted by deleting its cells. SparseMSE's printed model (its
// glm formula) leaves such terms out.
//
// The BCa interval refits the whole procedure on Bootstrap multinomial
// resamples of the counts and on the jackknife (one unit less in each
// observed pattern, weighted by its count) for the acceleration, in
// parallel. The resampling draws the same tables as R's set.seed(Seed)
// followed by rmultinom(1, n, counts) per replicate over the table's rows
// in order (MT19937, BTPE and conditional binomials, written from the
// papers with R's seeding and arithmetic: see rrng.go),
// so a seed reproduces SparseMSE's intervals: estimatepopulation's
// default iseed = 1234 is Seed 1234. The tables are drawn in one stream
// before the refits, so the result does not depend on scheduling.
//
// This is SparseMSE's estimatepopulation step for step: each replicate is
// rmultinom(n, observed counts) refitted by the whole stepwise selection,
// the jackknife takes one fit per observed pattern weighted by its count,
// z0 = Φ^-1(share of replicates strictly below N-hat) and the ends are
// type-8 quantiles. With the same seed it reproduces SparseMSE's BCa
// intervals to the unit. Between seeds the ends vary by Monte Carlo noise,
// which with 1,000 replicates is 2-5% (one standard deviation) of an end
// on sparse tables such as the UK and Netherlands ones, where the
// replicates switch between models; raise Bootstrap to narrow it.
func Stepwise(t *Table, opt StepwiseOptions) (*StepwiseResult, error) {
	return stepwise(t, opt, nil)
}

// stepwise is [Stepwise] with the bootstrap tables drawn by draw(b, out)
// (out holds the 2^J cells, cell 0 unused) instead of the multinomial
// resamples of [bootTables]; the tests use it to refit SparseMSE's stored
// resamples.
func stepwise(t *Table, opt StepwiseOptions, draw func(b int, out []float64)) (*StepwiseResult, error) {
	J := t.J()
	if J < 2 || J > maxDenseLists {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: stepwise needs 2 to %d lists, have %d", maxDenseLists, J)
	}
	if opt.PThreshold <= 0 {
		opt.PThreshold = 0.02
	}
	if opt.Bootstrap == 0 {
		opt.Bootstrap = 1000
	}
	n := t.N()
	if n <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	y := t.cells()
	sw := newStepper(J, opt.PThreshold)
	fit := sw.run(y)
	res := &StepwiseResult{Terms: fit.terms, Names: TermNames(fit.terms, t.Lists), EmptyOverlaps: fit.empty,
		NHat: fit.nhat, Lower: math.NaN(), Upper: math.NaN()}
	z := distuv.UnitNormal.Quantile(0.975)
	res.NormalLower = float64(n) + math.Exp(fit.b0-z*fit.seb0)
	res.NormalUpper = float64(n) + math.Exp(fit.b0+z*fit.seb0)
	if opt.Bootstrap < 0 || math.IsInf(fit.nhat, 0) {
		return res, nil
	}

	// bootstrap
	boot := make([]float64, opt.Bootstrap)
	nw := workers(opt.Workers)
	var tables []int32
	if draw == nil {
		tables = bootTables(t, opt.Seed, opt.Bootstrap)
	}
	rows := len(t.Patterns)
	parallel(opt.Bootstrap, nw, func() func(int) {
		st := newStepper(J, opt.PThreshold)
		yb := make([]float64, len(y))
		return func(b int) {
			clear(yb)
			if draw != nil {
				draw(b, yb)
			} else {
				for i, p := range t.Patterns {
					yb[p] += float64(tables[b*rows+i])
				}
			}
			boot[b] = st.run(yb).nhat
		}
	})
	// jackknife over observed patterns
	var cells []int
	for c := 1; c < len(y); c++ {
		if y[c] > 0 {
			cells = append(cells, c)
		}
	}
	jack := make([]float64, len(cells))
	parallel(len(cells), nw, func() func(int) {
		st := newStepper(J, opt.PThreshold)
		yj := make([]float64, len(y))
		return func(i int) {
			copy(yj, y)
			yj[cells[i]]--
			jack[i] = st.run(yj).nhat
		}
	})
	var sw1, swj float64
	for i, c := range cells {
		sw1 += y[c]
		swj += y[c] * jack[i]
	}
	var s2, s3 float64
	for i, c := range cells {
		d := swj/sw1 - jack[i]
		s2 += y[c] * d * d
		s3 += y[c] * d * d * d
	}
	if s2 > 0 {
		res.Acceleration = s3 / (6 * math.Pow(s2, 1.5))
	}
	res.Bootstrap = boot
	res.Lower, res.Upper, res.BiasZ0 = bca(boot, fit.nhat, res.Acceleration, 0.025, 0.975)
	return res, nil
}

// bca returns SparseMSE's bcaconfvalues: z0 = Φ^-1(share of replicates
// below the estimate), adjusted levels Φ(z0 + (z0+z_α)/(1 - a (z0+z_α))),
// and type-8 quantiles of the replicates.
func bca(boot []float64, est, a, lo, hi float64) (float64, float64, float64) {
	var below float64
	var fin []float64
	for _, v := range boot {
		if v < est {
			below++
		}
		if !math.IsNaN(v) {
			fin = append(fin, v)
		}
	}
	sort.Float64s(fin)
	z0 := distuv.UnitNormal.Quantile(below / float64(len(boot)))
	adj := func(alpha float64) float64 {
		za := distuv.UnitNormal.Quantile(alpha)
		return distuv.UnitNormal.CDF(z0 + (za+z0)/(1-a*(za+z0)))
	}
	return quantile8(fin, adj(lo)), quantile8(fin, adj(hi)), z0
}

// quantile8 is R's type-8 (median-unbiased) quantile of sorted x.
func quantile8(x []float64, p float64) float64 {
	n := float64(len(x))
	if len(x) == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	h := (n+1.0/3)*p + 1.0/3
	if h <= 1 {
		return x[0]
	}
	if h >= n {
		return x[len(x)-1]
	}
	i := int(math.Floor(h))
	// replicates with an infinite N-hat sort last
	switch frac := h - math.Floor(h); {
	case frac == 0 || x[i] == x[i-1]:
		return x[i-1]
	case math.IsInf(x[i], 1):
		return x[i]
	default:
		return x[i-1] + frac*(x[i]-x[i-1])
	}
}

// stepper runs the stepwise procedure repeatedly with reused buffers.
type stepper struct {
	J      int
	thresh float64
	f, g   *fitter
	ex     *existence
	pairs  []Term
	in     []bool
}

type stepFit struct {
	terms, empty []Term
	nhat         float64
	b0, seb0     float64
}

func newStepper(J int, thresh float64) *stepper {
	s := &stepper{J: J, thresh: thresh, f: newFitter(J, nil), g: newFitter(J, nil), ex: newExistence(J), in: make([]bool, 1<<J)}
	for i := 0; i < J; i++ {
		for j := i + 1; j < J; j++ {
			s.pairs = append(s.pairs, Term(1<<i|1<<j))
		}
	}
	return s
}

// setup fills s.in and the mask columns for main effects plus terms,
// dropping pairs with empty overlap and their cells.
func (s *stepper) setup(y []float64, terms []Term) (masks []uint32, empty []Term) {
	for c := range s.in {
		s.in[c] = c != 0
	}
	masks = []uint32{0}
	for j := 0; j < s.J; j++ {
		masks = append(masks, 1<<j)
	}
	for _, t := range terms {
		if overlap(y, t) == 0 {
			empty = append(empty, t)
			for c := range s.in {
				if uint32(c)&uint32(t) == uint32(t) {
					s.in[c] = false
				}
			}
			continue
		}
		masks = append(masks, uint32(t))
	}
	return masks, empty
}

func overlap(y []float64, t Term) float64 {
	var s float64
	for c := range y {
		if uint32(c)&uint32(t) == uint32(t) {
			s += y[c]
		}
	}
	return s
}

// identifiable reports SparseMSE's checkident: the MLE exists and the
// design has full rank, for main effects plus terms.
func (s *stepper) identifiable(y []float64, terms []Term) bool {
	masks, _ := s.setup(y, terms)
	if rankDeficiency(s.J, masks, s.in) > 0 {
		return false
	}
	// Screen with a fit: when IRLS converges tightly with no empty cell's
	// mean collapsing, the MLE exists; only doubtful cases go to the
	// linear program.
	g := s.g
	g.y = y
	copy(g.in, s.in)
	g.setDesign(design{masks: masks})
	g.fit(false)
	if g.converged && g.iter <= 15 {
		var n float64
		for c := range y {
			n += y[c]
		}
		tiny := 1e-3 * math.Max(1, n/float64(len(y)))
		ok := true
		for c := range y {
			if g.in[c] && y[c] == 0 && g.mu[c] < tiny {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return s.ex.exists(masks, s.in, y)
}

func (s *stepper) fit(y []float64, terms []Term) (stepFit, []uint32) {
	masks, empty := s.setup(y, terms)
	f := s.f
	f.y = y
	copy(f.in, s.in)
	f.setDesign(design{masks: masks})
	f.fit(false)
	v := f.covariance()
	var n float64
	for c := 1; c < len(y); c++ {
		n += y[c]
	}
	b0 := f.beta[0]
	nhat := n + math.Exp(b0)
	// The models the selection adds pass checkident, but the main-effects
	// start need not have an MLE: with no overlap at all (a bootstrap
	// replicate of a sparse table can have none) the intercept diverges.
	// N-hat is then infinite; R's glm stops after 25 iterations at some
	// 1e13 and SparseMSE keeps that, which ranks the same.
	m := ModelFit{design: design{masks: masks}, NHat: nhat}
	boundary(f, &m, n)
	if !m.NFinite {
		nhat = math.Inf(1)
	}
	return stepFit{terms: append([]Term(nil), terms...), empty: empty, nhat: nhat, b0: b0, seb0: math.Sqrt(v[0])}, masks
}

func (s *stepper) run(y []float64) stepFit {
	var terms []Term
	included := map[Term]bool{}
	cur, _ := s.fit(y, terms)
	for range s.pairs {
		best, bestP := -1, 1.0
		for i, pr := range s.pairs {
			if included[pr] {
				continue
			}
			nstar := overlap(y, pr)
			var pstar float64
			for c := range y {
				if s.f.in[c] && uint32(c)&uint32(pr) == uint32(pr) {
					pstar += s.f.mu[c]
				}
			}
			p := poissonTail(nstar, pstar)
			if p < bestP && p < s.thresh {
				// only candidates that could win need the check
				if !s.identifiable(y, append(append([]Term(nil), terms...), pr)) {
					p = 1
				}
			}
			if p < bestP {
				best, bestP = i, p
			}
		}
		if best < 0 || bestP >= s.thresh {
			break
		}
		terms = append(terms, s.pairs[best])
		included[s.pairs[best]] = true
		cur, _ = s.fit(y, terms)
	}
	return cur
}

// poissonTail returns min(P(X <= k), P(X >= k)) for X ~ Poisson(lam).
func poissonTail(k, lam float64) float64 {
	if lam <= 0 {
		if k == 0 {
			return 1
		}
		return 0
	}
	lower := mathext.GammaIncRegComp(k+1, lam) // P(X <= k)
	upper := 1.0                               // P(X >= k)
	if k > 0 {
		upper = mathext.GammaIncReg(k, lam)
	}
	return math.Min(lower, upper)
}
