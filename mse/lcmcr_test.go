package mse

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// LCMCR 0.4.14 reference runs, shared/data/mse/README.md.
type lcmcrRef struct {
	data              string
	median, low, high float64
}

// kosovoSeeds is table "LCMCR Monte Carlo variability" of
// shared/data/mse/README.md: LCMCR 0.4.14 on Kosovo with seeds 1-6, each
// one chain of 10,000 burn-in + 1,000 draws thinned by 100 (columns "1000
// x thin100"): median and 95% interval.
var kosovoSeeds = []lcmcrRef{
	{"seed 1", 10598, 9245, 14786},
	{"seed 2", 10422, 9108, 13620},
	{"seed 3", 10406, 9049, 14118},
	{"seed 4", 10482, 9085, 14549},
	{"seed 5", 10446, 9147, 13754},
	{"seed 6", 10436, 9104, 13369},
}

// TestLCMCRKosovoFull is the full-length check and the check that our
// sampler (its own random variate generators, not GSL's) is a draw from
// the same distribution as LCMCR's: four chains, each at the reference's
// work per seed (10,000 burn-in + 1,000 draws thinned by 100), must each
// fall in the reference's seed-to-seed band, and pooled must match the
// mean of the six reference seeds (median 10,465, 95% 9,123-14,033)
// within the bars of issue 4 (2% and 5%).
//
// The band: the six reference medians span 10,406-10,598 and their ends
// 9,049-9,245 and 13,369-14,786; README: "about ±1% on the median and
// about ±5% on the 97.5% quantile". Each of our chains must lie within
// that span widened by 1% (median) and 5% (ends), and the spread of our
// medians must be of the reference's order (standard deviation of the
// six reference medians: 68; we allow up to 4 times that, 1.3% of N, and
// we require some spread, since identical chains would mean a seeding
// bug). Four chains rather than six keep the test affordable (442,000
// iterations, about 3.5 s of CPU); with six (seed 1) the medians were
// 10,368-10,592, standard deviation 80.
func TestLCMCRKosovoFull(t *testing.T) {
	skipLong(t)
	t.Parallel() // heavy: runs beside the other heavy tests
	r, err := LCMCR(mustRead(t, "kosovo"), LCMCROptions{Seed: 1, Chains: 4})
	if err != nil {
		t.Fatal(err)
	}
	var mean lcmcrRef
	lo, hi := kosovoSeeds[0], kosovoSeeds[0]
	for _, s := range kosovoSeeds {
		mean.median += s.median / 6
		mean.low += s.low / 6
		mean.high += s.high / 6
		lo.median, hi.median = math.Min(lo.median, s.median), math.Max(hi.median, s.median)
		lo.low, hi.low = math.Min(lo.low, s.low), math.Max(hi.low, s.low)
		lo.high, hi.high = math.Min(lo.high, s.high), math.Max(hi.high, s.high)
	}
	mean.data = "kosovo"
	checkLCMCR(t, r, mean, 0.02, 0.05)
	if r.RHat > 1.01 {
		t.Errorf("R-hat %.3f > 1.01", r.RHat)
	}
	var meds []float64
	for c, d := range r.Draws {
		s := append([]float64(nil), d...)
		sort.Float64s(s)
		med, l, h := quantile(s, 0.5), quantile(s, 0.025), quantile(s, 0.975)
		meds = append(meds, med)
		t.Logf("chain %d: median %.0f [%.0f, %.0f]", c, med, l, h)
		if med < 0.99*lo.median || med > 1.01*hi.median {
			t.Errorf("chain %d: median %.0f outside the reference band %.0f-%.0f ±1%%", c, med, lo.median, hi.median)
		}
		if l < 0.95*lo.low || l > 1.05*hi.low || h < 0.95*lo.high || h > 1.05*hi.high {
			t.Errorf("chain %d: interval [%.0f, %.0f] outside the reference band [%.0f-%.0f, %.0f-%.0f] ±5%%", c, l, h, lo.low, hi.low, lo.high, hi.high)
		}
	}
	_, v := meanVar(meds)
	if sd := math.Sqrt(v); sd > 4*68 || sd == 0 {
		t.Errorf("standard deviation of the chain medians %.0f, want in (0, %d]", sd, 4*68)
	}
}

// TestLCMCRReferences runs shorter chains (2,000 burn-in + 1,000 draws
// thinned by 40, 7 chains) against the "LCMCR K=10 a=b=0.25 seed 1" rows
// of table "Reference runs". The reference is one chain, so we compare it
// with the median over our chains of each chain's median and 95%
// interval: a typical chain, which a few chains held in a slow-mixing
// mode do not move (HIV and lesbian have such modes, where a chain stays
// for much of a short run, R-hat about 1.1). Over seeds 1-8, the former
// check (pooled over 4 chains of 22,000 iterations) failed on 2 seeds for
// korea and 3 for hiv with the sampler before the rng type; a median
// over 5 such chains failed 3 of the 32 seed-table pairs with either
// sampler, this one none. A single seed-1 run is itself a draw with about ±1%
// (median) and ±5% (97.5% quantile) seed-to-seed spread (README), so we
// allow 3% on the median and 8% on the ends here; the full-length Kosovo
// test holds the bars exactly.
func TestLCMCRReferences(t *testing.T) {
	t.Parallel() // heavy: runs beside the other heavy tests
	refs := []lcmcrRef{
		{"korea_3lists", 137, 124, 190},        // row "korea_3lists | LCMCR"
		{"rcapture_hiv", 10842, 9327, 12863},   // row "rcapture_hiv | LCMCR"
		{"dga_example_3lists", 735, 691, 811},  // row "dga_example_3lists | LCMCR"
		{"rcapture_lesbian", 5461, 4414, 6993}, // row "rcapture_lesbian | LCMCR"
		// netherlands_5lists is left out: its posterior is heavy-tailed
		// (dga's tail mass 0.11 at 20n) and short chains disagree (R-hat
		// about 1.3), so a 22,000-iteration run cannot match one seed.
	}
	for i, ref := range refs {
		t.Run(ref.data, func(t *testing.T) {
			shortFirst(t, i)
			r, err := LCMCR(mustRead(t, ref.data), LCMCROptions{Seed: 7, Burnin: 2000, Thin: 40, Chains: 7})
			if err != nil {
				t.Fatal(err)
			}
			var med, lo, hi []float64
			for _, d := range r.Draws {
				s := append([]float64(nil), d...)
				sort.Float64s(s)
				med = append(med, quantile(s, 0.5))
				lo = append(lo, quantile(s, 0.025))
				hi = append(hi, quantile(s, 0.975))
			}
			for _, v := range [][]float64{med, lo, hi} {
				sort.Float64s(v)
			}
			c := len(med) / 2
			typical := &LCMCRResult{Median: med[c], Lower: lo[c], Upper: hi[c], Mean: r.Mean, RHat: r.RHat, ESS: r.ESS}
			checkLCMCR(t, typical, ref, 0.03, 0.08)
		})
	}
}

func checkLCMCR(t *testing.T, r *LCMCRResult, ref lcmcrRef, tm, te float64) {
	t.Helper()
	t.Logf("%s: median %.0f mean %.0f [%.0f, %.0f] R-hat %.3f ESS %.0f; reference %.0f [%.0f, %.0f]",
		ref.data, r.Median, r.Mean, r.Lower, r.Upper, r.RHat, r.ESS, ref.median, ref.low, ref.high)
	if math.Abs(r.Median-ref.median) > tm*ref.median {
		t.Errorf("%s: median %.0f, want %.0f within %.0f%%", ref.data, r.Median, ref.median, 100*tm)
	}
	if math.Abs(r.Lower-ref.low) > te*ref.low || math.Abs(r.Upper-ref.high) > te*ref.high {
		t.Errorf("%s: interval [%.0f, %.0f], want [%.0f, %.0f] within %.0f%%", ref.data, r.Lower, r.Upper, ref.low, ref.high, 100*te)
	}
}

func TestLCMCRDeterministic(t *testing.T) {
	tb := mustRead(t, "korea_3lists")
	opt := LCMCROptions{Seed: 3, Burnin: 100, Samples: 50, Thin: 2, Chains: 3}
	a, _ := LCMCR(tb, LCMCROptions{Seed: 3, Burnin: 100, Samples: 50, Thin: 2, Chains: 3, Workers: 1})
	b, _ := LCMCR(tb, opt)
	for c := range a.Draws {
		for i := range a.Draws[c] {
			if a.Draws[c][i] != b.Draws[c][i] {
				t.Fatalf("chain %d draw %d: %v vs %v with other workers", c, i, a.Draws[c][i], b.Draws[c][i])
			}
		}
	}
}

// TestSamplers checks the random variate generators against their means
// and variances.
func TestSamplers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	check := func(name string, draw func() float64, mean, variance float64) {
		t.Helper()
		var s, s2 float64
		for i := 0; i < n; i++ {
			x := draw()
			s += x
			s2 += x * x
		}
		m := s / n
		v := s2/n - m*m
		if math.Abs(m-mean) > 5*math.Sqrt(variance/n)+1e-12 || math.Abs(v-variance) > 0.03*variance+1e-12 {
			t.Errorf("%s: mean %.4f var %.4f, want %.4f %.4f", name, m, v, mean, variance)
		}
	}
	for _, tc := range []struct {
		n int64
		p float64
	}{{10, 0.3}, {1000, 0.001}, {1000, 0.3}, {1e6, 0.4}, {50, 0.9}, {1e9, 1e-8}} {
		nf := float64(tc.n)
		check("binomial", func() float64 { return float64(binomial(r, tc.n, tc.p)) }, nf*tc.p, nf*tc.p*(1-tc.p))
	}
	for _, lam := range []float64{0.5, 7, 30, 1e5} {
		check("poisson", func() float64 { return float64(poisson(r, lam)) }, lam, lam)
	}
	for _, a := range []float64{0.05, 0.7, 1, 3.5, 1000} {
		check("gamma", func() float64 { return math.Exp(logGamma(r, a)) }, a, a)
	}
}

// TestStirlingTail checks the table and series of fc(k) against
// math.Lgamma.
func TestStirlingTail(t *testing.T) {
	for _, k := range []float64{0, 1, 5, 9, 10, 15, 16, 17, 30, 100, 1000} {
		lg, _ := math.Lgamma(k + 1)
		if got := logFactorial(k); math.Abs(got-lg) > 1e-12*math.Max(1, lg) {
			t.Errorf("logFactorial(%v) = %.15g, want %.15g", k, got, lg)
		}
	}
}

// TestBinomialPMF compares draws of binomial (inversion and BTRD) and
// of the marginals of multinomial with the exact probabilities by a
// chi-square test (cells with expected count below 5 pooled); the
// critical value is the 1e-4 upper quantile, so a correct sampler fails
// about once in 10,000 runs (the seeds are fixed).
func TestBinomialPMF(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const draws = 100000
	chi2 := func(name string, n int64, p float64, count map[int64]float64) {
		t.Helper()
		chi2Binomial(t, name, n, p, draws, count)
	}
	for _, tc := range []struct {
		n int64
		p float64
	}{{5, 0.3}, {30, 0.1}, {300, 0.02}, {40, 0.4}, {200, 0.3}, {1131, 0.145}, {100000, 0.2}, {50, 0.9},
		// binBits: each lane width, p with few and with many bits, p
		// below 2^-64 (all lanes undecided after 64 rounds)
		{1, 0.5}, {8, 0.37}, {9, 0.6}, {16, 0.25}, {17, 0.013}, {32, 0.7}, {33, 0.5}, {64, 0.19}, {64, 1e-20},
		// binHalves: one and several numbers a round
		{65, 0.5}, {129, 0.15}, {217, 0.2}, {256, 0.93}} {
		count := map[int64]float64{}
		for i := 0; i < draws; i++ {
			count[binomial(r, tc.n, tc.p)]++
		}
		chi2("binomial", tc.n, tc.p, count)
	}
	// binHalves directly, also where binomial takes inversion, and with
	// lanes left after 64 rounds
	g := fromRand(r)
	for _, tc := range []struct {
		n int64
		p float64
	}{{70, 0.01}, {200, 0.999}, {256, 1e-20}, {100, 0.5 + 0x1p-60}} {
		count := map[int64]float64{}
		for i := 0; i < draws; i++ {
			count[g.binHalves(tc.n, tc.p)]++
		}
		chi2("binHalves", tc.n, tc.p, count)
	}
	// multinomial marginals: class k is Binomial(n, w_k / sum)
	w := []float64{0.02, 3, 0.5, 967, 102, 30, 1.5, 0}
	var sum float64
	for _, v := range w {
		sum += v
	}
	for _, n := range []int64{3, 40, 1131} {
		out := make([]int64, len(w))
		order := []int{0, 1, 2, 3, 4, 5, 6, 7}
		counts := make([]map[int64]float64, len(w))
		for k := range counts {
			counts[k] = map[int64]float64{}
		}
		for i := 0; i < draws; i++ {
			multinomial(r, n, w, sum, out, order)
			var tot int64
			for k, v := range out {
				counts[k][v]++
				tot += v
			}
			if tot != n || out[7] != 0 {
				t.Fatalf("multinomial(%d): %v", n, out)
			}
		}
		for k := range w[:7] {
			chi2("multinomial marginal", n, w[k]/sum, counts[k])
		}
	}
}

// chi2Binomial compares count, the frequencies of draws variates, with
// Binomial(n, p) by a chi-square test at the 1e-4 upper quantile. Cells
// with expected count below 5 are pooled, and a pool expected below 5
// joins the smallest cell kept: a lone pool of expectation 0.09 (the
// tail of Binomial(40, 0.00045)) turned two draws into a chi-square of
// 40.
func chi2Binomial(t *testing.T, name string, n int64, p float64, draws float64, count map[int64]float64) {
	t.Helper()
	pmf := func(k int64) float64 {
		a, _ := math.Lgamma(float64(n) + 1)
		b, _ := math.Lgamma(float64(k) + 1)
		c, _ := math.Lgamma(float64(n-k) + 1)
		return math.Exp(a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	var obs, exp []float64
	var pool, poolE float64
	small := -1 // kept cell of smallest expectation
	for k := int64(0); k <= n; k++ {
		e := draws * pmf(k)
		if e < 5 {
			pool += count[k]
			poolE += e
			continue
		}
		if small < 0 || e < exp[small] {
			small = len(exp)
		}
		obs, exp = append(obs, count[k]), append(exp, e)
	}
	switch {
	case poolE >= 5 || small < 0:
		obs, exp = append(obs, pool), append(exp, poolE)
	case poolE > 0:
		obs[small] += pool
		exp[small] += poolE
	}
	if len(exp) < 2 { // all but a negligible mass in one cell
		if pool > 0 && poolE < 0.01 {
			t.Errorf("%s(%d, %g): %v draws where %.2g are expected", name, n, p, pool, poolE)
		}
		return
	}
	var stat float64
	for i, e := range exp {
		stat += (obs[i] - e) * (obs[i] - e) / e
	}
	df := len(exp) - 1
	crit := distuv.ChiSquared{K: float64(df)}.Quantile(1 - 1e-4)
	if stat > crit {
		t.Errorf("%s(%d, %g): chi-square %.1f on %d df > %.1f", name, n, p, stat, df, crit)
	}
}

// TestRNGStream checks that rng is math/rand/v2's PCG: same seeds, same
// numbers.
func TestRNGStream(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 0}, {1234, 5}, {math.MaxUint64, 7}} {
		want := rand.NewPCG(seed[0], seed[1])
		g := newRNG(seed[0], seed[1])
		st := *g
		for i := 0; i < 1000; i++ {
			var c uint64
			st, c = st.next()
			if a, b := g.uint64(), want.Uint64(); a != b || c != b {
				t.Fatalf("seed %v, number %d: %#x (next %#x), want %#x", seed, i, a, c, b)
			}
		}
	}
}

// ksStat returns the Kolmogorov-Smirnov distance between the sample x
// (sorted in place) and the distribution function cdf.
func ksStat(x []float64, cdf func(float64) float64) float64 {
	sort.Float64s(x)
	var d float64
	n := float64(len(x))
	for i, v := range x {
		f := cdf(v)
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

// TestZiggurats checks the normal and exponential variates (tables built
// by init) and the spare bits of normBits by Kolmogorov-Smirnov tests
// against the exact distribution functions; the critical value
// 1.95/sqrt(n) is the 0.001 upper quantile of the limiting distribution,
// and the seeds are fixed. The spare bits must also be uncorrelated with
// the normal variate they come with, within 5 standard errors.
func TestZiggurats(t *testing.T) {
	g := newRNG(3, 4)
	const n = 200000
	crit := 1.95 / math.Sqrt(n)
	x, bits, e := make([]float64, n), make([]float64, n), make([]float64, n)
	var sxy float64
	for i := range x {
		v, hb := g.normBits()
		x[i], bits[i] = v, (float64(hb)+0.5)/(1<<25)
		sxy += v * (bits[i] - 0.5)
		e[i] = g.exp()
	}
	if c := sxy / n / math.Sqrt(1.0/12); math.Abs(c) > 5/math.Sqrt(n) {
		t.Errorf("correlation of the spare bits with the normal variate %.4f", c)
	}
	for _, tc := range []struct {
		name string
		x    []float64
		cdf  func(float64) float64
	}{
		{"normal", x, distuv.UnitNormal.CDF},
		{"spare bits", bits, func(v float64) float64 { return v }},
		{"exponential", e, distuv.Exponential{Rate: 1}.CDF},
	} {
		if d := ksStat(tc.x, tc.cdf); d > crit {
			t.Errorf("%s: Kolmogorov-Smirnov distance %.5f > %.5f", tc.name, d, crit)
		}
	}
}

// TestGammaSqueeze checks the bound behind gamma's squeeze on a grid:
// x^2/2 + d (1 - v + log v) >= -c^2 x^4 / (12 min(1, 1 + c x)) for
// v = (1 + c x)^3 > 0, c = 1/sqrt(9d).
func TestGammaSqueeze(t *testing.T) {
	for _, shape := range []float64{1.0001, 1.5, 2, 5, 30, 1000, 1e6} {
		d := shape - 1.0/3
		c := 1 / math.Sqrt(9*d)
		for i := 1; i < 4000; i++ {
			x := -1/c + float64(i)*(1/c+12)/4000
			v1 := 1 + c*x
			v := v1 * v1 * v1
			rhs := 0.5*x*x + d*(1-v+math.Log(v))
			bound := -c * c * x * x * x * x / (12 * math.Min(1, v1))
			if rhs < bound-1e-13*(1+d) { // rounding of 1 - v + log v
				t.Errorf("shape %v, x %v: %v < bound %v", shape, x, rhs, bound)
			}
		}
	}
}

// TestBTRDSqueeze checks Hörmann's squeeze t ± rho of log f(k)/f(m)
// where btrd uses it, 15 < |k - m| <= npq/2, against math.Lgamma on a
// grid of n and p; far out in the left tail (|k-m| above about 0.85
// npq, p small) its lower bound fails, which is why btrd stops at npq/2.
func TestBTRDSqueeze(t *testing.T) {
	lpmf := func(n, p, k float64) float64 {
		a, _ := math.Lgamma(n + 1)
		b, _ := math.Lgamma(k + 1)
		c, _ := math.Lgamma(n - k + 1)
		return a - b - c + k*math.Log(p) + (n-k)*math.Log1p(-p)
	}
	for _, n := range []float64{20, 33, 60, 100, 300, 1000, 1e4, 1e5, 1e6} {
		for p := 0.5; n*p >= 10; p *= 0.8 {
			npq := n * p * (1 - p)
			m := math.Floor((n + 1) * p)
			lm := lpmf(n, p, m)
			for km := 16.0; 2*km <= npq; km++ {
				rho := (km / npq) * (((km/3+0.625)*km+1.0/6)/npq + 0.5)
				t0 := -km * km / (2 * npq)
				for _, k := range []float64{m - km, m + km} {
					if k < 0 || k > n {
						continue
					}
					if l := lpmf(n, p, k) - lm; l < t0-rho-1e-9 || l > t0+rho+1e-9 {
						t.Errorf("n %v p %.4g k %v: log f(k)/f(m) = %v outside [%v, %v]", n, p, k, l, t0-rho, t0+rho)
					}
				}
			}
		}
	}
}

// TestGammaKS checks gamma variates, whose acceptance uniform is drawn
// lazily, and Beta(1, b) by inversion (through 1-X ~ Beta(b, 1), CDF
// y^b), by Kolmogorov-Smirnov tests as in TestZiggurats.
func TestGammaKS(t *testing.T) {
	g := newRNG(5, 6)
	const n = 100000
	crit := 1.95 / math.Sqrt(n)
	for _, shape := range []float64{1, 1.2, 2, 7.5, 300, 1e5} {
		x := make([]float64, n)
		for i := range x {
			x[i] = g.gamma(shape)
		}
		if d := ksStat(x, distuv.Gamma{Alpha: shape, Beta: 1}.CDF); d > crit {
			t.Errorf("gamma(%v): Kolmogorov-Smirnov distance %.5f > %.5f", shape, d, crit)
		}
	}
	for _, b := range []float64{0.05, 0.7, 3} {
		x := make([]float64, n)
		for i := range x {
			lv, l1v := g.logBeta1(b)
			if math.Abs(math.Exp(lv)+math.Exp(l1v)-1) > 1e-12 {
				t.Fatalf("Beta(1, %v): X + (1-X) = %v", b, math.Exp(lv)+math.Exp(l1v))
			}
			x[i] = math.Exp(l1v) // 1-X ~ Beta(b, 1); X rounds to 1 too often
		}
		if d := ksStat(x, func(y float64) float64 { return math.Pow(y, b) }); d > crit {
			t.Errorf("Beta(1, %v): Kolmogorov-Smirnov distance %.5f > %.5f", b, d, crit)
		}
	}
}

// TestSplit checks split in a fixed class order with zero weights among
// positive ones: every unit placed, none on a zero weight, and the
// marginals Binomial(n, w_k/sum) by the chi-square test of
// TestBinomialPMF.
func TestSplit(t *testing.T) {
	g := newRNG(13, 14)
	const draws = 100000
	w := []float64{0, 30, 0.02, 967, 0, 102, 3, 0.5, 1.5, 0}
	var sum float64
	for _, v := range w {
		sum += v
	}
	order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, n := range []int64{3, 40, 1131} {
		out := make([]int64, len(w))
		counts := make([]map[int64]float64, len(w))
		for k := range counts {
			counts[k] = map[int64]float64{}
		}
		for i := 0; i < draws; i++ {
			g.split(n, w, sum, out, order)
			var tot int64
			for k, v := range out {
				counts[k][v]++
				tot += v
				if w[k] == 0 && v != 0 {
					t.Fatalf("split(%d): %d units on class %d of weight 0", n, v, k)
				}
			}
			if tot != n {
				t.Fatalf("split(%d): %v", n, out)
			}
		}
		for k := range w {
			if w[k] > 0 {
				chi2Binomial(t, "split marginal", n, w[k]/sum, draws, counts[k])
			}
		}
	}
}

// categorical returns the class k of order with probability w[k]/sum,
// sum being the total weight of those classes: splitPlain's draw of one
// unit, which split now makes inline.
func (g *rng) categorical(w []float64, order []int, sum float64) int {
	u := g.float64() * sum
	for _, k := range order {
		u -= w[k]
		if u < 0 {
			return k
		}
	}
	return lastPositive(w, order) // rounding
}

// splitPlain is split as it was before its divisions were scheduled
// (issue 14): every class's conditional probability divided out before
// any draw.
func splitPlain(g *rng, n int64, w []float64, sum float64, out []int64, order []int) int {
	clear(out)
	if n <= 0 {
		return 0
	}
	last := len(order) - 1
	for last > 0 && w[order[last]] <= 0 {
		last--
	}
	// The conditional probabilities w_k / (weight of the classes from k
	// on) do not depend on the draws: all divisions first, so that their
	// latencies overlap rather than each delaying its binomial.
	var buf [16]float64
	cond := buf[:]
	if last >= len(buf) {
		cond = make([]float64, last+1)
	}
	rest := sum
	for i, k := range order[:last+1] {
		cond[i] = w[k] / rest
		rest -= w[k]
	}
	rest = sum
	for i, k := range order[:last+1] {
		if n <= smallMultinomial {
			for ; n > 0; n-- {
				out[g.categorical(w, order[i:last+1], rest)]++
			}
			return last + 1
		}
		wk := w[k]
		// the last class, or rounding (p = 1 would be out of the range
		// of binBits and binHalves)
		if i == last || wk >= rest || cond[i] >= 1 {
			out[k] += n
			return i + 1
		}
		if wk <= 0 {
			continue
		}
		// g.binomial(n, wk/rest), inlined
		var x int64
		if p := cond[i]; n <= binBitsMax {
			x = g.binBits(n, p)
		} else if p <= 0.5 {
			if nf := float64(n); nf*p < 10 {
				x = g.binv(n, p)
			} else if n <= binHalvesMax {
				x = g.binHalves(n, p)
			} else {
				x = g.btrd(n, p)
			}
		} else {
			if q := 1 - p; float64(n)*q < 10 {
				x = n - g.binv(n, q)
			} else if n <= binHalvesMax {
				x = g.binHalves(n, p)
			} else {
				x = n - g.btrd(n, q)
			}
		}
		out[k] = x
		n -= x
		if n == 0 {
			return i + 1
		}
		rest -= wk
	}
	return last + 1
}

// TestSplitStream checks that split, whose divisions are scheduled for
// speed, draws exactly what splitPlain draws from the same
// stream: the same counts, the same return and the same state after, on
// weights spanning 1e-300 to 1e300 with zeros among them, for counts
// from 0 to 10^6. Estimates stored by earlier versions recompute bit for
// bit only while this holds.
func TestSplitStream(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 20000; trial++ {
		K := 1 + src.IntN(12)
		w := make([]float64, K)
		var sum float64
		for k := range w {
			switch src.IntN(6) {
			case 0: // zero weight
			case 1:
				w[k] = math.Pow(10, -300+600*src.Float64())
			default:
				w[k] = src.Float64()
			}
			sum += w[k]
		}
		order := src.Perm(K)
		n := []int64{0, 1, 2, 3, 7, 40, 64, 65, 200, 256, 257, 1131, 6000, 1e6}[src.IntN(14)]
		seed := src.Uint64()
		g1, g2 := newRNG(seed, 1), newRNG(seed, 1)
		out1, out2 := make([]int64, K), make([]int64, K)
		h1, h2 := g1.split(n, w, sum, out1, order), splitPlain(g2, n, w, sum, out2, order)
		if h1 != h2 || !slices.Equal(out1, out2) || *g1 != *g2 {
			t.Fatalf("trial %d: split(%d, %v, order %v) = %v, %d; plain %v, %d (streams equal: %v)", trial, n, w, order, out1, h1, out2, h2, *g1 == *g2)
		}
	}
}
