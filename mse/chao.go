package mse

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"sort"

	"github.com/reckonhq/reckon"
)

// LowerBoundOptions configures [LowerBound]. The zero value is ready to
// use.
type LowerBoundOptions struct {
	// Bootstrap is the number of multinomial resamples of the observed
	// patterns behind the sample-coverage interval. Default 200 (as
	// Chao et al. 2001); negative: no interval.
	Bootstrap int
	// Seed seeds the resampling; the same seed gives the same interval.
	Seed uint64
}

// LowerBoundResult holds the model-free estimates of [LowerBound].
type LowerBoundResult struct {
	Lists    int
	Observed int64
	// F[k] is the number of units seen on exactly k lists (F[0] = 0).
	F []int64

	// Chao is Chao's (1987) lower bound n + ((t−1)/t) f1²/(2 f2), or
	// n + ((t−1)/t) f1(f1−1)/2 when f2 = 0; ChaoSE its standard error and
	// ChaoLower, ChaoUpper its log-transformed 95% interval.
	Chao, ChaoSE, ChaoLower, ChaoUpper float64

	// Sample coverage (Chao and Tsay 1998): Coverage is Ĉ, D the mean
	// number of units seen on the other lists than one, Coverage0 the
	// estimate D/Ĉ under independence and Coverage1 the one-step estimate
	// corrected for pairwise heterogeneity (see LowerBound); CCV is the
	// mean of the pairwise coefficients of covariation γ̂_jk at
	// Coverage0. CoverageSE and the interval are those of Coverage1 by
	// bootstrap, log-transformed; NaN without bootstrap.
	Coverage, D, Coverage0, Coverage1, CCV   float64
	CoverageSE, CoverageLower, CoverageUpper float64
	Bootstrap                                int

	Warnings []string
}

// LowerBound computes two estimates of the number of units that need no
// log-linear model, for when none fits: Chao's lower bound and the
// sample-coverage estimator. Both work from the observed patterns on any
// number of lists up to [MaxLists].
//
// # Chao's lower bound
//
// With t lists and f_k units seen on exactly k of them, Chao (1987)
// bounds the units no list saw from below, whatever the heterogeneity of
// capture between units, by ((t−1)/t) f1²/(2 f2): N ≥ n + that. It is the
// N-hat of Rcapture's Mh Chao (LB) when no eta parameter is negative
// (Rivest and Baillargeon 2007). Its variance (Chao 1987) is, with
// A = (t−1)/t and r = f1/f2,
//
//	f2 (A r²/2 + A² r³ + A² r⁴/4),
//
// and when f2 = 0 the bias-corrected A f1(f1−1)/2 is used, with variance
// A f1(f1−1)/2 + A² f1(2f1−1)²/4 − A² f1⁴/(4 N̂). The interval is
// n + T/K to n + T K with T = N̂ − n and K = exp(1.96 sqrt(log(1 + var/T²))),
// so that it never falls below n.
//
// # Sample coverage
//
// Chao and Tsay (1998): Z_k units are on list k alone, n_k on list k;
// the lists other than k cover the fraction 1 − Z_k/n_k of list k's
// units, an estimate of the share of the population they cover. With
// Ĉ = 1 − (1/t) Σ Z_k/n_k and D = (1/t) Σ (M − Z_k), M the units seen,
//
//	N̂0 = D / Ĉ,
//
// exact in expectation for independent lists. Heterogeneity that lists
// share makes Ĉ too high; with the coefficients of covariation
// γ_jk(N) = N n_jk/(n_j n_k) − 1 (n_jk units on both j and k), Chao et
// al. (2001, eq. 13; the one-step form, for when coverage is low) correct
// it by
//
//	N̂(N) = D/Ĉ + (1/(t Ĉ)) Σ_{j<k} (Z_j + Z_k + 2 Z_jk) γ_jk(N),
//
// Z_jk the units on lists j and k and no other: the units that only
// lists j and k could have seen. The one step starts from the estimate
// under independence and is taken twice, as the authors' CARE1 package
// computes it (estN, method "LSC"): N̂1 = N̂(N̂(N̂0)). The interval is
// bootstrap: multinomial resamples of the observed patterns, standard
// error of N̂1, log-transformed as above.
//
// References: Chao, A. (1987), Biometrics 43, 783–791; Chao, A. and
// Tsay, P. K. (1998), JASA 93, 283–293; Chao, A., Tsay, P. K., Lin, S.-H.,
// Shau, W.-Y. and Chao, D.-Y. (2001), Statistics in Medicine 20,
// 3123–3157; Rivest, L.-P. and Baillargeon, S. (2007), Biometrics 63,
// 999–1006.
func LowerBound(t *Table, opt LowerBoundOptions) (*LowerBoundResult, error) {
	J := t.J()
	if J < 2 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: lower bounds need at least 2 lists, have %d", J)
	}
	pats, counts := t.observedCells()
	var n int64
	for _, c := range counts {
		n += c
	}
	if n == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	r := &LowerBoundResult{Lists: J, Observed: n, F: make([]int64, J+1)}
	for i, p := range pats {
		r.F[popcount(p)] += counts[i]
	}
	r.chao()
	w := make([]float64, len(counts))
	for i, c := range counts {
		w[i] = float64(c)
	}
	sc := coverageOf(J, pats, w)
	r.Coverage, r.D, r.Coverage0, r.Coverage1, r.CCV = sc.c, sc.d, sc.n0, sc.n1, sc.ccv
	r.CoverageSE, r.CoverageLower, r.CoverageUpper = math.NaN(), math.NaN(), math.NaN()
	if math.IsNaN(r.Coverage1) {
		r.Warnings = append(r.Warnings, "sample coverage: every unit seen is on one list only, or the estimate is undefined; no sample-coverage estimate")
	}
	B := opt.Bootstrap
	if B == 0 {
		B = 200
	}
	if B > 0 && !math.IsNaN(r.Coverage1) {
		rng := rand.New(rand.NewPCG(opt.Seed, 0x63686130))
		reps := make([]float64, 0, B)
		cum := make([]float64, len(w))
		var s float64
		for i, v := range w {
			s += v
			cum[i] = s
		}
		bw := make([]float64, len(w))
		for b := 0; b < B; b++ {
			clear(bw)
			for u := int64(0); u < n; u++ {
				bw[sort.SearchFloat64s(cum, rng.Float64()*s)]++
			}
			if v := coverageOf(J, pats, bw).n1; !math.IsNaN(v) && !math.IsInf(v, 0) {
				reps = append(reps, v)
			}
		}
		r.Bootstrap = len(reps)
		if len(reps) > 1 {
			var m, ss float64
			for _, v := range reps {
				m += v
			}
			m /= float64(len(reps))
			for _, v := range reps {
				ss += (v - m) * (v - m)
			}
			r.CoverageSE = math.Sqrt(ss / float64(len(reps)-1))
			r.CoverageLower, r.CoverageUpper = logInterval(float64(n), r.Coverage1, r.CoverageSE*r.CoverageSE)
		}
		if len(reps) < B {
			r.Warnings = append(r.Warnings, "sample coverage: some bootstrap tables gave no estimate and were left out")
		}
	}
	if r.Coverage < 0.55 && !math.IsNaN(r.Coverage) {
		r.Warnings = append(r.Warnings, "sample coverage is below 55%: Chao and Tsay's estimators are unreliable this low")
	}
	return r, nil
}

// chao fills Chao's lower bound and its interval.
func (r *LowerBoundResult) chao() {
	t := float64(r.Lists)
	A := (t - 1) / t
	n := float64(r.Observed)
	f1, f2 := float64(r.F[1]), float64(r.F[2])
	var v float64
	if f2 > 0 {
		q := f1 / f2
		r.Chao = n + A*f1*f1/(2*f2)
		v = f2 * (A*q*q/2 + A*A*q*q*q + A*A*q*q*q*q/4)
	} else {
		r.Chao = n + A*f1*(f1-1)/2
		v = A*f1*(f1-1)/2 + A*A*f1*(2*f1-1)*(2*f1-1)/4 - A*A*f1*f1*f1*f1/(4*r.Chao)
		if f1 > 0 {
			r.Warnings = append(r.Warnings, "no unit is on exactly two lists: Chao's bound uses its bias-corrected form and is unstable")
		}
	}
	r.ChaoSE = math.Sqrt(math.Max(v, 0))
	r.ChaoLower, r.ChaoUpper = logInterval(n, r.Chao, v)
}

// logInterval returns Chao's (1987) log-transformed 95% interval of an
// estimate nhat of N from n observed with variance v.
func logInterval(n, nhat, v float64) (lo, hi float64) {
	T := nhat - n
	if T <= 0 || v <= 0 {
		return nhat, nhat
	}
	K := math.Exp(1.959963984540054 * math.Sqrt(math.Log(1+v/(T*T))))
	return n + T/K, n + T*K
}

// coverage holds the sample-coverage statistics of one table.
type coverage struct {
	c, d, n0, n1, ccv float64
}

// coverageOf computes the sample-coverage estimates of the observed
// patterns pats with weights w (counts, possibly resampled).
func coverageOf(J int, pats []uint32, w []float64) coverage {
	nk := make([]float64, J)    // list sizes
	zk := make([]float64, J)    // units on list k alone
	njk := make([]float64, J*J) // units on both j and k
	zjk := make([]float64, J*J) // units on j and k and no other list
	var M float64
	for i, p := range pats {
		c := w[i]
		if c == 0 {
			continue
		}
		M += c
		switch popcount(p) {
		case 1:
			zk[bits.TrailingZeros32(p)] += c
		case 2:
			zjk[bits.TrailingZeros32(p)*J+31-bits.LeadingZeros32(p)] += c
		}
		for a := uint32(p); a != 0; a &= a - 1 {
			j := bits.TrailingZeros32(a)
			nk[j] += c
			for b := a & (a - 1); b != 0; b &= b - 1 {
				k := bits.TrailingZeros32(b)
				njk[j*J+k] += c
			}
		}
	}
	t := float64(J)
	var sz, sd float64
	for k := 0; k < J; k++ {
		if nk[k] > 0 {
			sz += zk[k] / nk[k]
		}
		sd += M - zk[k]
	}
	out := coverage{c: 1 - sz/t, d: sd / t, n0: math.NaN(), n1: math.NaN(), ccv: math.NaN()}
	if !(out.c > 0) || out.d <= 0 {
		return out
	}
	out.n0 = out.d / out.c
	// step is N̂(N): D/Ĉ corrected by the γ_jk at N; it also returns
	// their mean.
	step := func(N float64) (float64, float64) {
		var corr, sg float64
		pairs := 0
		for j := 0; j < J; j++ {
			for k := j + 1; k < J; k++ {
				if nk[j] == 0 || nk[k] == 0 {
					continue
				}
				g := N*njk[j*J+k]/(nk[j]*nk[k]) - 1
				sg += g
				pairs++
				corr += (zk[j] + zk[k] + 2*zjk[j*J+k]) * g
			}
		}
		mean := math.NaN()
		if pairs > 0 {
			mean = sg / float64(pairs)
		}
		return (out.d + corr/t) / out.c, mean
	}
	var n float64
	n, out.ccv = step(out.n0)
	out.n1, _ = step(n)
	if out.n1 < M {
		// a correction for negative dependence can take the estimate
		// below the units seen, which cannot be
		out.n1 = M
	}
	return out
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r LowerBoundResult) MarshalJSON() ([]byte, error) {
	type plain LowerBoundResult
	return finiteJSON(plain(r))
}

// UnmarshalJSON reads what MarshalJSON writes, null numbers as NaN.
func (r *LowerBoundResult) UnmarshalJSON(b []byte) error {
	type plain LowerBoundResult
	return finiteUnmarshal(b, (*plain)(r))
}
