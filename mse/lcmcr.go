package mse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/reckonhq/reckon"
)

// LCMCROptions configures [LCMCR]. The zero value gives the reference
// settings of the LCMCR R package: K = 10 classes, a_alpha = b_alpha =
// 0.25, 10,000 burn-in iterations, then 1,000 draws thinned by 100, on 4
// chains, seed 0.
type LCMCROptions struct {
	K              int     // truncation of the stick-breaking prior; default 10
	AAlpha, BAlpha float64 // Gamma prior (shape, rate) of alpha; default 0.25 each
	Burnin         int     // iterations discarded per chain; default 10,000
	Samples        int     // draws kept per chain; default 1,000
	Thin           int     // iterations per kept draw; default 100
	Chains         int     // independent chains; default 4
	Seed           uint64  // chains c = 0, 1, ... use PCG(Seed, c); same seed, same answer
	Workers        int     // goroutines; default runtime.GOMAXPROCS(0)
	MaxFactor      float64 // cap n0 <= MaxFactor * n; default 20
}

func (o LCMCROptions) withDefaults() LCMCROptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.K, 10)
	def(&o.Burnin, 10000)
	def(&o.Samples, 1000)
	def(&o.Thin, 100)
	def(&o.Chains, 4)
	if o.AAlpha <= 0 {
		o.AAlpha = 0.25
	}
	if o.BAlpha <= 0 {
		o.BAlpha = 0.25
	}
	if o.MaxFactor <= 0 {
		o.MaxFactor = 20
	}
	return o
}

// LCMCRResult summarises the posterior of the population size N.
type LCMCRResult struct {
	Options      LCMCROptions // as run, defaults filled in
	N            int64        // observed units
	Median, Mean float64
	Lower, Upper float64     // 2.5% and 97.5% posterior quantiles
	RHat         float64     // rank-normalised split R-hat (Vehtari et al. 2021)
	ESS          float64     // bulk effective sample size, all chains
	Draws        [][]float64 // N draws by chain
	Warnings     []string    // poor mixing, truncation at MaxFactor * n
}

// LCMCR samples the posterior of the population size under the Dirichlet
// process latent-class model of Manrique-Vallier (2016), as the LCMCR R
// package does, on t's distinct observed patterns: each unit belongs to a
// latent class k with probability pi_k (stick-breaking, truncated at K,
// concentration alpha ~ Gamma(a, b)); given its class it is on list j
// independently with probability lambda_jk ~ Beta(1, 1); p(N) ∝ 1/N.
//
// One Gibbs iteration (the reference's order): class counts of each cell
// by a multinomial (conditional binomials, so the cost does not grow with
// the number of units); lambda from Beta full conditionals; pi by stick
// breaking; the unobserved count n0 ~ NegBin(n, 1 - pi0), redrawn while
// n0 > MaxFactor n; n0 split over classes; alpha from its Gamma full
// conditional. Each chain starts with 500 warm-up iterations at fixed
// alpha and relabels the classes by decreasing weight.
//
// Chains run in parallel, chain c from its own PCG(Seed, c) source, so the
// result does not depend on scheduling.
func LCMCR(t *Table, opt LCMCROptions) (*LCMCRResult, error) {
	opt = opt.withDefaults()
	if t.J() < 2 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: LCMCR needs at least 2 lists")
	}
	if t.N() <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	if opt.K > 1000 || int64(opt.Samples)*int64(opt.Chains) > 1e8 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: LCMCR settings too large")
	}
	res := &LCMCRResult{Options: opt, N: t.N(), Draws: make([][]float64, opt.Chains)}
	capped := make([]int, opt.Chains)
	parallel(opt.Chains, workers(opt.Workers), func() func(int) {
		return func(c int) {
			s := newSampler(t, opt, rand.New(rand.NewPCG(opt.Seed, uint64(c))))
			s.warmup()
			for i := 0; i < opt.Burnin; i++ {
				s.iterate(true)
			}
			d := make([]float64, opt.Samples)
			for i := range d {
				for k := 0; k < opt.Thin; k++ {
					s.iterate(true)
				}
				d[i] = float64(s.n + s.n0)
			}
			res.Draws[c] = d
			capped[c] = s.capped
		}
	})
	var all []float64
	for _, d := range res.Draws {
		all = append(all, d...)
	}
	sort.Float64s(all)
	res.Median = quantile(all, 0.5)
	res.Lower = quantile(all, 0.025)
	res.Upper = quantile(all, 0.975)
	var sum float64
	for _, v := range all {
		sum += v
	}
	res.Mean = sum / float64(len(all))
	res.RHat = RHat(res.Draws)
	res.ESS = ESS(res.Draws)
	if res.RHat > 1.01 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("R-hat %.3f > 1.01: chains disagree; run longer", res.RHat))
	}
	if res.ESS < 400 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("effective sample size %.0f < 400: run longer or thin more", res.ESS))
	}
	tot := 0
	for _, c := range capped {
		tot += c
	}
	if tot > 0 || res.Upper >= 0.9*opt.MaxFactor*float64(res.N) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the posterior reaches the cap N <= %.0f n: the data hardly bound N", opt.MaxFactor+1))
	}
	return res, nil
}

// quantile returns R's type-7 quantile of sorted x.
func quantile(x []float64, p float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	h := float64(len(x)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}

// sampler is one LCMCR chain.
type sampler struct {
	r        *rand.Rand
	J, K, M  int
	pats     []uint32
	on       [][]int // lists of each cell
	f        []int64
	n, n0    int64
	maxN0    int64
	a, b     float64
	alpha    float64
	on1      []float64 // lambda, j*K + k
	off      []float64 // 1 - lambda
	logpi    []float64
	z        []int64 // m*K + k
	n0k      []int64
	t1       []int64 // j*K + k
	cobs     []int64
	w        []float64
	out      []int64
	base     []float64
	capped   int
	ratio    []float64
	ebase    []float64
	logpiK   float64
	scratchK []float64
	order    []int // class order of each cell's multinomial, (M+1) x K
}

func newSampler(t *Table, opt LCMCROptions, r *rand.Rand) *sampler {
	pats, f := t.observedCells()
	J, K, M := t.J(), opt.K, len(pats)
	s := &sampler{r: r, J: J, K: K, M: M, pats: pats, f: f, a: opt.AAlpha, b: opt.BAlpha,
		on1: make([]float64, J*K), off: make([]float64, J*K), logpi: make([]float64, K),
		z: make([]int64, M*K), n0k: make([]int64, K), t1: make([]int64, J*K), cobs: make([]int64, K),
		w: make([]float64, K), out: make([]int64, K), base: make([]float64, K),
		scratchK: make([]float64, K), order: make([]int, (M+1)*K), ratio: make([]float64, J*K), ebase: make([]float64, K)}
	for i := range s.order {
		s.order[i] = i % K
	}
	s.on = make([][]int, M)
	for m, p := range pats {
		for j := 0; j < J; j++ {
			if p&(1<<j) != 0 {
				s.on[m] = append(s.on[m], j)
			}
		}
		s.n += f[m]
	}
	s.maxN0 = int64(opt.MaxFactor * float64(s.n))
	for j := 0; j < J; j++ {
		var on int64
		for m, p := range pats {
			if p&(1<<j) != 0 {
				on += f[m]
			}
		}
		q := math.Min(math.Max(float64(on)/float64(s.n), 1e-6), 1-1e-6)
		for k := 0; k < K; k++ {
			s.on1[j*K+k] = q
			s.off[j*K+k] = 1 - q
			s.ratio[j*K+k] = q / (1 - q)
		}
	}
	var rest float64
	for k := 0; k < K-1; k++ {
		lv, l1v := logBeta(r, 1, 1)
		s.logpi[k] = lv + rest
		rest += l1v
	}
	s.logpi[K-1] = rest
	s.alpha = 0.3 / float64(K)
	return s
}

func (s *sampler) warmup() {
	for i := 0; i < 500; i++ {
		s.iterate(false)
	}
	s.relabel()
}

// relabel orders the classes by decreasing weight.
func (s *sampler) relabel() {
	K, J := s.K, s.J
	idx := make([]int, K)
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return s.logpi[idx[a]] > s.logpi[idx[b]] })
	perm := func(v []float64) {
		c := append([]float64(nil), v...)
		for k, o := range idx {
			v[k] = c[o]
		}
	}
	perm(s.logpi)
	for j := 0; j < J; j++ {
		perm(s.on1[j*K : (j+1)*K])
		perm(s.off[j*K : (j+1)*K])
		perm(s.ratio[j*K : (j+1)*K])
	}
	c := append([]int64(nil), s.n0k...)
	for k, o := range idx {
		s.n0k[k] = c[o]
	}
	for m := 0; m < s.M; m++ {
		row := s.z[m*K : (m+1)*K]
		c := append([]int64(nil), row...)
		for k, o := range idx {
			row[k] = c[o]
		}
	}
}

// iterate runs one Gibbs scan; alpha is updated when withAlpha is true.
func (s *sampler) iterate(withAlpha bool) {
	r, J, K := s.r, s.J, s.K
	// 1. class counts of each observed cell. The weights of cell m are
	// exp(base_k) prod_{j in m} lambda_jk/(1-lambda_jk), computed as
	// products of per-iteration ratios; cells where that under- or
	// overflows fall back on the log scale.
	mb := math.Inf(-1)
	for _, v := range s.logpi {
		mb = math.Max(mb, v)
	}
	linear := true
	for k := 0; k < K; k++ {
		e := math.Exp(s.logpi[k] - mb)
		for j := 0; j < J; j++ {
			e *= s.off[j*K+k]
		}
		s.ebase[k] = e
		if e < 1e-250 && s.logpi[k]-mb > -500 {
			linear = false
		}
	}
	if !linear {
		// products of (1 - lambda) underflow: log scale
		for k := 0; k < K; k++ {
			b := s.logpi[k]
			for j := 0; j < J; j++ {
				b += math.Log(s.off[j*K+k])
			}
			s.base[k] = b
		}
		mb = math.Inf(-1)
		for _, b := range s.base {
			mb = math.Max(mb, b)
		}
		for k := 0; k < K; k++ {
			s.ebase[k] = math.Exp(s.base[k] - mb)
		}
	}
	clear(s.t1)
	clear(s.cobs)
	for m := 0; m < s.M; m++ {
		w := s.w
		copy(w, s.ebase)
		for _, j := range s.on[m] {
			rt := s.ratio[j*K : (j+1)*K]
			for k := range w {
				w[k] *= rt[k]
			}
		}
		var sum float64
		for _, v := range w {
			sum += v
		}
		if !(sum > 1e-250 && sum < 1e250) {
			sum = s.logWeights(m)
		}
		zm := s.z[m*K : (m+1)*K]
		multinomial(r, s.f[m], s.w, sum, zm, s.order[m*K:(m+1)*K])
		for k, v := range zm {
			if v == 0 {
				continue
			}
			s.cobs[k] += v
			for _, j := range s.on[m] {
				s.t1[j*K+k] += v
			}
		}
	}
	// 2. lambda ~ Beta(1 + T1, 1 + T0), kept as lambda and 1 - lambda
	// (both from the gamma pair, so neither loses precision) and their
	// ratio for step 1.
	for j := 0; j < J; j++ {
		for k := 0; k < K; k++ {
			t1 := s.t1[j*K+k]
			t0 := s.cobs[k] - t1 + s.n0k[k]
			x, y := gammaMT(r, 1+float64(t1)), gammaMT(r, 1+float64(t0))
			sum := x + y
			s.on1[j*K+k] = x / sum
			s.off[j*K+k] = y / sum
			s.ratio[j*K+k] = x / y
		}
	}
	// 3. pi by stick breaking
	rest := float64(s.n + s.n0)
	var acc float64
	for k := 0; k < K-1; k++ {
		ck := float64(s.cobs[k] + s.n0k[k])
		rest -= ck
		lv, l1v := logBeta(r, 1+ck, s.alpha+math.Max(rest, 0))
		s.logpi[k] = lv + acc
		acc += l1v
	}
	s.logpi[K-1] = acc
	s.logpiK = acc
	// 4. probability of being on no list
	var pi0 float64
	for k := 0; k < K; k++ {
		e := math.Exp(s.logpi[k])
		for j := 0; j < J; j++ {
			e *= s.off[j*K+k]
		}
		s.w[k] = e
		pi0 += e
	}
	wsum := pi0
	pi0 = math.Min(pi0, 1-1e-12)
	// 5. n0 ~ NegBin(n, 1 - pi0) = Poisson(Gamma(n, pi0/(1-pi0))), capped
	for try := 0; ; try++ {
		g := gammaMT(r, float64(s.n)) * pi0 / (1 - pi0)
		s.n0 = poisson(r, g)
		if s.n0 <= s.maxN0 {
			break
		}
		if try == 1000 {
			s.n0 = s.maxN0
			break
		}
	}
	if s.n0 == s.maxN0 {
		s.capped++
	}
	// 6. split n0 over classes
	multinomial(r, s.n0, s.w, wsum, s.n0k, s.order[s.M*K:])
	// 7. alpha
	if withAlpha {
		s.alpha = math.Exp(logGamma(r, s.a+float64(K)-1)) / (s.b - s.logpiK)
	}
}

// logWeights sets s.w to the class weights of cell m computed on the log
// scale and returns their sum.
func (s *sampler) logWeights(m int) float64 {
	K, J := s.K, s.J
	lp := s.scratchK
	for k := 0; k < K; k++ {
		b := s.logpi[k]
		for j := 0; j < J; j++ {
			b += math.Log(s.off[j*K+k])
		}
		lp[k] = b
	}
	for _, j := range s.on[m] {
		for k := range lp {
			lp[k] += math.Log(s.on1[j*K+k]) - math.Log(s.off[j*K+k])
		}
	}
	mx := lp[0]
	for _, v := range lp[1:] {
		mx = math.Max(mx, v)
	}
	var sum float64
	for k, v := range lp {
		e := math.Exp(v - mx)
		s.w[k] = e
		sum += e
	}
	return sum
}
