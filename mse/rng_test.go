package mse

import "math/rand/v2"

// The functions of this file serve the tests: each of those that take a
// *rand.Rand draws two numbers from it to seed an rng for the call, so
// that tests can check the samplers' distributions from one seed.
// normBits draws the normal variates that gamma draws inline.

// fromRand returns an rng seeded by two numbers of r.
func fromRand(r *rand.Rand) rng { return rng{hi: r.Uint64(), lo: r.Uint64()} }

// normBits returns a standard normal variate and 25 random bits
// independent of it: bits 0-31 of the 64-bit number give the signed
// abscissa and bits 32-38 the strip, as in [rand.Rand.NormFloat64];
// bits 39-63 are returned.
func (g *rng) normBits() (float64, uint64) {
	for {
		u := g.uint64()
		x, ok := normStrip(u)
		if !ok {
			x, ok = g.normEdge(u, x)
		}
		if ok {
			return x, u >> 39
		}
	}
}

// sortDecreasing sorts order, a permutation of the classes, by decreasing
// weight w: insertion sort, nearly free when order is nearly sorted.
func sortDecreasing(w []float64, order []int) {
	for i := 1; i < len(order); i++ {
		k := order[i]
		wk := w[k]
		j := i
		for ; j > 0 && w[order[j-1]] < wk; j-- {
			order[j] = order[j-1]
		}
		order[j] = k
	}
}

// logGamma returns the log of a Gamma(shape, 1) variate; see
// [rng.logGamma].
func logGamma(r *rand.Rand, shape float64) float64 {
	g := fromRand(r)
	return g.logGamma(shape)
}

// binomial draws from Binomial(n, p); see [rng.binomial].
func binomial(r *rand.Rand, n int64, p float64) int64 {
	g := fromRand(r)
	return g.binomial(n, p)
}

// poisson draws from Poisson(lam); see [rng.poisson].
func poisson(r *rand.Rand, lam float64) int64 {
	g := fromRand(r)
	return g.poisson(lam)
}

// multinomial splits n over weights w (unnormalised, non-negative) into
// out; sum is the sum of w. order holds a permutation of the classes
// (for instance the previous call's, which makes the sort nearly free);
// it is sorted by decreasing weight in place and the classes are taken
// in that order by [rng.split].
func multinomial(r *rand.Rand, n int64, w []float64, sum float64, out []int64, order []int) {
	if n <= 0 {
		clear(out)
		return
	}
	sortDecreasing(w, order)
	g := fromRand(r)
	g.split(n, w, sum, out, order)
}
