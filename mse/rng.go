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
// Tsang 2000, with math/rand's ziggurat normals); the logarithm in the
// acceptance test is rarely needed. Shape 1 is an exponential variate
// (ziggurat).
func gammaMT(r *rand.Rand, shape float64) float64 {
	if shape == 1 {
		return r.ExpFloat64()
	}
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

// fcTable holds fc(k) = log k! - ((k+1/2) log(k+1) - (k+1) + log(2π)/2),
// the error of Stirling's formula, for k < 16 (computed from math.Lgamma;
// TestStirlingTail checks them).
var fcTable = [16]float64{
	0.08106146679532733, 0.041340695955409457, 0.027677925684998939, 0.020790672103765395,
	0.016644691189822147, 0.013876128823071987, 0.011896709945892425, 0.010411265261971892,
	0.0092554621827112271, 0.0083305634333630252, 0.0075736754879525137, 0.0069428401072073598,
	0.006408994188007, 0.0059513701127578145, 0.0055547335519605667, 0.0052076559196052585,
}

// stirlingTail returns fc(k) for an integer k >= 0: from the table below
// 16, else from the series 1/(12x) - 1/(360x^3) + 1/(1260x^5) -
// 1/(1680x^7), x = k+1, whose error there is below 1e-14.
func stirlingTail(k float64) float64 {
	if k < 16 {
		return fcTable[int(k)]
	}
	r := 1 / (k + 1)
	r2 := r * r
	return (1.0/12 - (1.0/360-(1.0/1260-1.0/1680*r2)*r2)*r2) * r
}

// logFactorial returns log k! for an integer k >= 0 by Stirling's formula
// with the tail fc: one logarithm instead of math.Lgamma.
func logFactorial(k float64) float64 {
	const halfLog2Pi = 0.91893853320467274178
	return (k+0.5)*math.Log(k+1) - (k + 1) + halfLog2Pi + stirlingTail(k)
}

// binomial draws from Binomial(n, p): inversion when n min(p, 1-p) < 10,
// otherwise Hörmann's (1993) BTRD, transformed rejection whose exact test
// never calls math.Lgamma. The expected cost does not grow with n.
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
	return btrd(r, n, p)
}

// recip holds 1/x for the first steps of the inversion in binv.
var recip = [32]float64{0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8, 1.0 / 9,
	1.0 / 10, 1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15, 1.0 / 16, 1.0 / 17, 1.0 / 18, 1.0 / 19,
	1.0 / 20, 1.0 / 21, 1.0 / 22, 1.0 / 23, 1.0 / 24, 1.0 / 25, 1.0 / 26, 1.0 / 27, 1.0 / 28, 1.0 / 29,
	1.0 / 30, 1.0 / 31}

// powInt returns q^n for n >= 0 by repeated squaring.
func powInt(q float64, n int64) float64 {
	x := 1.0
	for n > 0 {
		if n&1 != 0 {
			x *= q
		}
		q *= q
		n >>= 1
	}
	return x
}

// binv is inversion (chop-down from 0) for Binomial(n, p), p <= 1/2.
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
	var r0 float64
	if n <= 256 {
		r0 = powInt(q, n) // at most 16 products, exact to a few ulps
	} else {
		r0 = math.Exp(float64(n) * math.Log1p(-p))
	}
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
			if x < int64(len(recip)) {
				pr *= a*recip[x] - s
			} else {
				pr *= a/float64(x) - s
			}
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

// btrd is Hörmann's (1993) algorithm BTRD for Binomial(n, p), p <= 1/2,
// n p >= 10: transformed rejection (BTRS) whose immediate acceptance
// needs a single uniform; the exact test uses the recursive pmf ratio
// near the mode, else Stirling's formula with the tabulated tail fc.
// (Hörmann's log-scale squeeze is left out: it is not a bound in the far
// tails that the hat can reach.)
func btrd(r *rand.Rand, n int64, p float64) int64 {
	nf := float64(n)
	q := 1 - p
	npq := nf * p * q
	spq := math.Sqrt(npq)
	b := 1.15 + 2.53*spq
	a := -0.0873 + 0.0248*b + 0.01*p
	c := nf*p + 0.5
	d := 0.92*b - 4.2 // vr b
	vr := d / b
	var m, s, nr, alpha, h, nm float64
	setup := false
	for {
		v := r.Float64()
		if v*b <= 0.86*d { // v <= 0.86 vr: immediate acceptance
			// u = v/vr - 0.43 = N/D with D = vr b; the two divisions
			// of (2a/(0.5-|u|) + b) u are independent this way
			nn := v*b - 0.43*d
			return int64(math.Floor(2*a*nn/(0.5*d-math.Abs(nn)) + b*nn/d + c))
		}
		var u float64
		if v >= vr {
			u = r.Float64() - 0.5
		} else {
			u = v/vr - 0.93
			u = math.Copysign(0.5, u) - u
			v = r.Float64() * vr
		}
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + c)
		if k < 0 || k > nf {
			continue
		}
		if !setup {
			m = math.Floor((nf + 1) * p)
			s = p / q
			nr = (nf + 1) * s
			alpha = (2.83 + 5.1/b) * spq
			h, nm = math.NaN(), nf-m+1
			setup = true
		}
		v *= alpha / (a/(us*us) + b)
		km := math.Abs(k - m)
		if km <= 15 {
			// f(i)/f(i-1) = (n+1)/i s - s, s = p/q
			f := 1.0
			if m < k {
				for i := m + 1; i <= k; i++ {
					f *= nr/i - s
				}
			} else {
				for i := k + 1; i <= m; i++ {
					v *= nr/i - s
				}
			}
			if v <= f {
				return int64(k)
			}
			continue
		}
		v = math.Log(v)
		if math.IsNaN(h) {
			h = (m+0.5)*math.Log((m+1)/(s*nm)) + stirlingTail(m) + stirlingTail(nf-m)
		}
		nk := nf - k + 1
		if v <= h+(nf+1)*math.Log(nm/nk)+(k+0.5)*math.Log(nk*s/(k+1))-stirlingTail(k)-stirlingTail(nf-k) {
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
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
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
		invalpha := 1.1239 + 1.1328/(b-3.4)
		if math.Log(v*invalpha/(a/(us*us)+b)) <= -lam+k*math.Log(lam)-logFactorial(k) {
			return int64(k)
		}
	}
}

// smallMultinomial is the count up to which [multinomial] places units
// one at a time (one uniform each) rather than by conditional binomials.
const smallMultinomial = 4

// multinomial splits n over weights w (unnormalised, non-negative) into
// out; sum is the sum of w. order holds a permutation of the classes
// (for instance the previous call's, which makes the sort nearly free);
// it is sorted by decreasing weight in place. The classes are taken in
// that order, each by a binomial
// conditional on the units not yet placed, the last taking what remains;
// once few units remain (smallMultinomial) they are placed one at a time
// against the cumulative weights of the classes left. Any order of the
// conditional binomials gives the same multinomial distribution; this one
// makes the remaining count fall fastest, so that most classes of small
// weight cost nothing and the later binomials have small n.
func multinomial(r *rand.Rand, n int64, w []float64, sum float64, out []int64, order []int) {
	clear(out)
	if n <= 0 {
		return
	}
	// insertion sort by decreasing weight
	for i := 1; i < len(order); i++ {
		k := order[i]
		wk := w[k]
		j := i
		for ; j > 0 && w[order[j-1]] < wk; j-- {
			order[j] = order[j-1]
		}
		order[j] = k
	}
	rest := sum
	last := len(order) - 1
	for i, k := range order {
		if n <= smallMultinomial {
			for ; n > 0; n-- {
				out[categorical(r, w, order[i:], rest)]++
			}
			return
		}
		wk := w[k]
		if i == last || wk >= rest {
			out[k] += n
			return
		}
		if wk <= 0 { // only rounding leaves units here: the previous class
			out[order[i-1]] += n
			return
		}
		x := binomial(r, n, wk/rest)
		out[k] = x
		n -= x
		if n == 0 {
			return
		}
		rest -= wk
	}
}

// categorical returns the class k of order with probability w[k]/sum,
// sum being the total weight of those classes.
func categorical(r *rand.Rand, w []float64, order []int, sum float64) int {
	u := r.Float64() * sum
	for _, k := range order {
		u -= w[k]
		if u < 0 {
			return k
		}
	}
	for i := len(order) - 1; i >= 0; i-- { // rounding: the last positive weight
		if w[order[i]] > 0 {
			return order[i]
		}
	}
	return order[len(order)-1]
}
