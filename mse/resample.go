package mse

import (
	"math"
	"math/rand/v2"
)

// resample splits n over weights w (unnormalised, non-negative) into out
// by conditional binomials in cell order, returning early once all n are
// placed; sum is the sum of w. It draws the bootstrap tables of [Stepwise]
// and is kept apart from the Gibbs sampler's faster [multinomial] so that
// the replicates, and so the BCa intervals, stay those of earlier
// versions for a given seed.
func resample(r *rand.Rand, n int64, w []float64, sum float64, out []int64) {
	clear(out)
	if n == 0 {
		return
	}
	if n == 1 {
		u := r.Float64() * sum
		for k, wk := range w {
			u -= wk
			if u < 0 {
				out[k] = 1
				return
			}
		}
		for k := len(w) - 1; k >= 0; k-- {
			if w[k] > 0 {
				out[k] = 1
				return
			}
		}
		return
	}
	rest := sum
	last := len(w) - 1
	for k := 0; k < last && n > 0; k++ {
		if w[k] <= 0 {
			continue
		}
		p := w[k] / rest
		if p >= 1 {
			out[k] = n
			return
		}
		x := resampleBinomial(r, n, p)
		out[k] = x
		n -= x
		rest -= w[k]
		if rest <= 0 {
			out[k] += n
			return
		}
	}
	out[last] += n
}

// resampleBinomial draws from Binomial(n, p): inversion when n min(p, 1-p) < 10,
// otherwise Hörmann's (1993) BTRS transformed rejection. The cost does not
// grow with n.
func resampleBinomial(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - resampleBinomial(r, n, 1-p)
	}
	if float64(n)*p < 10 {
		return resampleBinv(r, n, p)
	}
	return resampleBTRS(r, n, p)
}

func resampleBinv(r *rand.Rand, n int64, p float64) int64 {
	// Most calls in a multinomial split have n p << 1: the inversion
	// returns 0 whenever u <= (1-p)^n, which holds when u < 1 - n p.
	u0 := r.Float64()
	if u0 < 1-float64(n)*p {
		return 0
	}
	q := 1 - p
	s := p / q
	a := float64(n+1) * s
	r0 := math.Exp(float64(n) * math.Log1p(-p))
	for first := true; ; first = false {
		u := u0
		if !first {
			u = r.Float64()
		}
		pr := r0
		var x int64
		for u > pr {
			u -= pr
			x++
			if x > n {
				break
			}
			pr *= a/float64(x) - s
			if pr < 1e-300 && float64(x) > float64(n)*p {
				x = n + 1
				break
			}
		}
		if x <= n {
			return x
		}
	}
}

func resampleBTRS(r *rand.Rand, n int64, p float64) int64 {
	nf := float64(n)
	spq := math.Sqrt(nf * p * (1 - p))
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	vr := 0.92 - 4.2/b
	alpha := (2.83 + 5.1/b) * spq
	m := math.Floor((nf + 1) * p)
	var lpq, lgm float64
	setup := false
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if !setup { // only the rare slow path needs the mode's pmf
			lg1, _ := math.Lgamma(m + 1)
			lg2, _ := math.Lgamma(nf - m + 1)
			lpq, lgm, setup = math.Log(p/(1-p)), lg1+lg2, true
		}
		v = math.Log(v * alpha / (a/(us*us) + b))
		// exact test against the pmf ratio f(k)/f(m)
		lg3, _ := math.Lgamma(k + 1)
		lg4, _ := math.Lgamma(nf - k + 1)
		if v <= (k-m)*lpq+lgm-lg3-lg4 {
			return int64(k)
		}
	}
}
