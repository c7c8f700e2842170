package mse

import (
	"fmt"
	"math"
	"math/bits"
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
			s := newSampler(t, opt, newRNG(opt.Seed, uint64(c)))
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
	r       *rng
	J, K, M int
	on      [][]int   // lists of each cell
	par     []int     // the cell whose pattern is cell m's without its last list; -1 if none observed
	ws      []float64 // class weights of each cell, m*K + k
	lin     []bool    // ws of cell m are the linear-scale products, not the log-scale fallback's
	f       []int64
	n, n0   int64
	maxN0   int64
	a, b    float64
	alpha   float64
	on1     []float64 // lambda, j*K + k
	off     []float64 // 1 - lambda
	ratio   []float64 // lambda / (1 - lambda)
	pi      []float64 // class weights
	logpiK  float64   // log pi_K = sum_{k<K} log(1 - V_k), for alpha
	ebase   []float64 // pi_k prod_j (1 - lambda_jk): weight of the all-zero pattern
	z       []int64   // m*K + k
	n0k     []int64
	t1      []int64 // j*K + k
	cobs    []int64
	lb, lw  []float64 // scratch of the log-scale fallbacks
	capped  int
	order   []int // 0, ..., K-1: the classes in label order
}

func newSampler(t *Table, opt LCMCROptions, r *rng) *sampler {
	pats, f := t.observedCells()
	J, K, M := t.J(), opt.K, len(pats)
	s := &sampler{r: r, J: J, K: K, M: M, f: f, a: opt.AAlpha, b: opt.BAlpha,
		on1: make([]float64, J*K), off: make([]float64, J*K), ratio: make([]float64, J*K),
		pi: make([]float64, K), ebase: make([]float64, K),
		z: make([]int64, M*K), n0k: make([]int64, K), t1: make([]int64, J*K), cobs: make([]int64, K),
		ws: make([]float64, M*K), lin: make([]bool, M), par: make([]int, M), lb: make([]float64, K), lw: make([]float64, K), order: make([]int, K)}
	for k := range s.order {
		s.order[k] = k
	}
	s.on = make([][]int, M)
	cell := map[uint32]int{}
	for m, p := range pats {
		cell[p] = m
		s.par[m] = -1
		if p != 0 {
			if c, ok := cell[p&^(1<<(bits.Len32(p)-1))]; ok {
				s.par[m] = c // pats are sorted: c < m
			}
		}
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
		lv, l1v := r.logBeta(1, 1)
		s.pi[k] = math.Exp(lv + rest)
		rest += l1v
	}
	s.pi[K-1] = math.Exp(rest)
	s.logpiK = rest
	s.alpha = 0.3 / float64(K)
	s.setBase()
	return s
}

// setBase sets ebase from pi and lambda.
func (s *sampler) setBase() {
	K := s.K
	for k, p := range s.pi {
		for j := 0; j < s.J; j++ {
			p *= s.off[j*K+k]
		}
		s.ebase[k] = p
	}
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
	sort.SliceStable(idx, func(a, b int) bool { return s.pi[idx[a]] > s.pi[idx[b]] })
	perm := func(v []float64) {
		c := append([]float64(nil), v...)
		for k, o := range idx {
			v[k] = c[o]
		}
	}
	perm(s.pi)
	perm(s.ebase)
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
	// ebase_k prod_{j in m} lambda_jk/(1-lambda_jk): products of
	// per-iteration values, no logarithms. Cells where that under- or
	// overflows fall back on the log scale.
	eb := s.ebase
	pmax := 0.0
	for _, p := range s.pi {
		if p > pmax { // math.Max is a call on amd64
			pmax = p
		}
	}
	for k, e := range eb {
		if e < 1e-250 && s.pi[k] > 1e-217*pmax { // prod (1 - lambda) underflows
			s.logBase()
			eb = s.lb
			break
		}
	}
	clear(s.t1)
	clear(s.cobs)
	// A cell's weights are its parent's (the pattern without its last
	// list, pats being sorted, computed before) times the ratios of that
	// list: the same products in the same order as from eb.
	for m := 0; m < s.M; m++ {
		// w = eb * ratio_j1 * ... * ratio_jl, summed in the last pass
		w, eb := s.ws[m*K:m*K+K], eb[:K]
		var sum float64
		if on := s.on[m]; len(on) > 0 {
			src := eb
			if p := s.par[m]; p >= 0 && s.lin[p] {
				src = s.ws[p*K : p*K+K]
			} else if len(on) > 1 {
				for _, j := range on[:len(on)-1] {
					rt, w := s.ratio[j*K:][:len(src)], w[:len(src)]
					for k, v := range src {
						w[k] = v * rt[k]
					}
					src = w
				}
			}
			rt, w := s.ratio[on[len(on)-1]*K:][:len(src)], w[:len(src)]
			for k, v := range src {
				v *= rt[k]
				w[k] = v
				sum += v
			}
		} else { // a Table may hold the all-zero pattern
			w := w[:len(eb)]
			for k, v := range eb {
				w[k] = v
				sum += v
			}
		}
		lin := sum > 1e-250 && sum < 1e250
		if !lin {
			sum = s.logWeights(m, w)
		}
		s.lin[m] = lin
		zm := s.z[m*K : m*K+K]
		// classes from hi on got no units (s.order is the label order)
		hi := r.split(s.f[m], w, sum, zm, s.order)
		zm = zm[:hi]
		cobs := s.cobs[:hi]
		for k, v := range zm {
			cobs[k] += v
		}
		for _, j := range s.on[m] {
			t1 := s.t1[j*K:][:len(zm)]
			for k, v := range zm {
				t1[k] += v
			}
		}
	}
	// 2. lambda ~ Beta(1 + T1, 1 + T0), kept as lambda and 1 - lambda
	// (both from the gamma pair, so neither loses precision) and their
	// ratio for step 1. An empty class has Beta(1, 1): one uniform.
	for k := 0; k < K; k++ {
		empty := s.cobs[k]+s.n0k[k] == 0
		for j := 0; j < J; j++ {
			jk := j*K + k
			if empty {
				u := r.unitOpen()
				s.on1[jk], s.off[jk], s.ratio[jk] = u, 1-u, u/(1-u)
				continue
			}
			t1 := s.t1[jk]
			t0 := s.cobs[k] - t1 + s.n0k[k]
			x, y := r.gamma(1+float64(t1)), r.gamma(1+float64(t0))
			// x/(x+y), y/(x+y) and x/y by one division
			xy := x + y
			inv := 1 / (xy * y)
			s.on1[jk], s.off[jk], s.ratio[jk] = x*y*inv, y*y*inv, x*xy*inv
		}
	}
	// 3. pi by stick breaking, pi_k = V_k prod_{l<k} (1 - V_l), on the
	// linear scale while the sticks are drawn from gamma pairs of shape at
	// least 1 and the product stays far from underflow, else on the log
	// scale.
	s.sticks()
	// 4. probability of being on no list
	s.setBase()
	var pi0 float64
	for _, e := range s.ebase {
		pi0 += e
	}
	wsum := pi0
	pi0 = math.Min(pi0, 1-1e-12)
	// 5. n0 ~ NegBin(n, 1 - pi0) = Poisson(Gamma(n, pi0/(1-pi0))), capped
	for try := 0; ; try++ {
		g := r.gamma(float64(s.n)) * pi0 / (1 - pi0)
		s.n0 = r.poisson(g)
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
	r.split(s.n0, s.ebase, wsum, s.n0k, s.order)
	// 7. alpha ~ Gamma(a + K - 1, rate b - log pi_K)
	if withAlpha {
		sh := s.a + float64(K) - 1
		var g float64
		if sh >= 1 {
			g = r.gamma(sh)
		} else {
			g = math.Exp(r.logGamma(sh))
		}
		s.alpha = g / (s.b - s.logpiK)
	}
}

// sticks draws pi by stick breaking: V_k ~ Beta(1 + c_k, alpha + rest_k)
// with c_k the class total (observed and unobserved) and rest_k that of
// the classes after k. pi_k = V_k prod_{l<k} (1 - V_l) is kept on the
// linear scale while that product stays above 1e-280, then on the log
// scale. V = x/(x+y) from gamma variates x and y; when the second shape
// b is below 1 (the classes after k are empty and alpha < 1), y =
// Gamma(b+1) U^(1/b), whose log is taken first, and for c_k = 0, 1 - V =
// U^(1/b) by inversion.
func (s *sampler) sticks() {
	r, K := s.r, s.K
	rest := float64(s.n + s.n0)
	stick := 1.0 // prod_{l<k} (1 - V_l) while lin
	var logStick float64
	lin := true
	for k := 0; k < K-1; k++ {
		ck := float64(s.cobs[k] + s.n0k[k])
		rest -= ck
		a, b := 1+ck, s.alpha+max(rest, 0)
		if lin {
			var st float64 // stick (1 - V)
			switch {
			case b >= 1:
				x, y := r.gamma(a), r.gamma(b)
				t := stick / (x + y)
				s.pi[k] = x * t
				if st = y * t; st < 1e-280 {
					logStick = math.Log(stick) + math.Log(y/(x+y))
				}
			case ck == 0:
				t := math.Log(r.unitOpen()) / b // log(1 - V)
				s.pi[k] = -stick * math.Expm1(t)
				if st = stick * math.Exp(t); st < 1e-280 {
					logStick = math.Log(stick) + t
				}
			default:
				x := r.gamma(a)
				ly := math.Log(r.gamma(b+1)) + math.Log(r.unitOpen())/b
				y := math.Exp(ly)
				t := stick / (x + y)
				s.pi[k] = x * t
				if st = y * t; st < 1e-280 {
					logStick = math.Log(stick) + ly - math.Log(x+y)
				}
			}
			if st >= 1e-280 {
				stick = st
			} else {
				lin = false
			}
			continue
		}
		var lv, l1v float64
		if ck == 0 {
			lv, l1v = r.logBeta1(b)
		} else {
			lv, l1v = r.logBeta(a, b)
		}
		s.pi[k] = math.Exp(lv + logStick)
		logStick += l1v
	}
	if lin {
		s.pi[K-1] = stick
		s.logpiK = math.Log(stick)
	} else {
		s.pi[K-1] = math.Exp(logStick)
		s.logpiK = logStick
	}
}

// logBase sets s.lb to the weights of the all-zero pattern computed on the
// log scale, relative to the largest.
func (s *sampler) logBase() {
	K := s.K
	lb := s.lb
	mb := math.Inf(-1)
	for k, p := range s.pi {
		b := math.Log(p)
		for j := 0; j < s.J; j++ {
			b += math.Log(s.off[j*K+k])
		}
		lb[k] = b
		mb = math.Max(mb, b)
	}
	for k, b := range lb {
		lb[k] = math.Exp(b - mb)
	}
}

// logWeights sets w to the class weights of cell m computed on the log
// scale and returns their sum.
func (s *sampler) logWeights(m int, w []float64) float64 {
	K, J := s.K, s.J
	lp := s.lw
	for k := 0; k < K; k++ {
		b := math.Log(s.pi[k])
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
		w[k] = e
		sum += e
	}
	return sum
}
