package mse

import (
	"math"
	"math/rand/v2"
)

// logGamma returns the log of a Gamma(shape, 1) variate by Marsaglia and
// Tsang (2000); for shape < 1 it boosts: log G(shape+1) + log(U)/shape,
// which stays finite for tiny shapes (Robert and Casella).
func logGamma(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		return logGamma(r, shape+1) + math.Log(u)/shape
	}
	return math.Log(gammaMT(r, shape))
}

// gammaMT returns a Gamma(shape, 1) variate for shape >= 1 (Marsaglia and
// Tsang 2000); the logarithm in the acceptance test is rarely needed.
func gammaMT(r *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 {
			return d * v
		}
		if math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// logBeta returns log X and log(1-X) for X ~ Beta(a, b), from two gamma
// variates: in linear scale when both shapes are at least 1, in log scale
// otherwise so that nothing underflows.
func logBeta(r *rand.Rand, a, b float64) (float64, float64) {
	if a >= 1 && b >= 1 {
		x, y := gammaMT(r, a), gammaMT(r, b)
		s := x + y
		return math.Log(x / s), math.Log(y / s)
	}
	x, y := logGamma(r, a), logGamma(r, b)
	m := math.Max(x, y)
	lse := m + math.Log(math.Exp(x-m)+math.Exp(y-m))
	return x - lse, y - lse
}

// binomial draws from Binomial(n, p): inversion when n min(p, 1-p) < 10,
// otherwise Hörmann's (1993) BTRS transformed rejection. The cost does not
// grow with n.
func binomial(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomial(r, n, 1-p)
	}
	if float64(n)*p < 10 {
		return binv(r, n, p)
	}
	return btrs(r, n, p)
}

func binv(r *rand.Rand, n int64, p float64) int64 {
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

func btrs(r *rand.Rand, n int64, p float64) int64 {
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

// poisson draws from Poisson(lam): multiplication for lam < 10, otherwise
// Hörmann's (1993) PTRS transformed rejection.
func poisson(r *rand.Rand, lam float64) int64 {
	if lam <= 0 {
		return 0
	}
	if lam < 10 {
		l := math.Exp(-lam)
		var k int64
		p := r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	}
	slam := math.Sqrt(lam)
	loglam := math.Log(lam)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lam+k*loglam-lg {
			return int64(k)
		}
	}
}

// multinomial splits n over weights w (unnormalised, non-negative) into
// out by conditional binomials, in order; it returns early once all n are
// placed. sum is the sum of w.
func multinomial(r *rand.Rand, n int64, w []float64, sum float64, out []int64) {
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
		x := binomial(r, n, p)
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
