package mse

import (
	"math"
	"math/bits"
)

// Behavioural models of Rcapture's closedp.t (Rivest and Lévesque 2001):
// a unit's chance of capture changes once it has been caught. Lists are
// taken as capture occasions in the order of the table. They are Poisson
// regressions on the 2^J - 1 observable patterns with columns
//
//	Mb:  intercept, f - 1 (occasions before the first capture, f the
//	     first), k - 1 (captures after the first, k the number of lists)
//	Mbh: intercept, [not caught at occasion 1], f - 1, k - 1
//
// The intercept is not the log of the unobserved cell, so N-hat comes from
// a closed form in the coefficients, not n + exp(b0), and there is no
// profile-likelihood interval. Mbh, whose extra column frees the counts of
// the patterns starting at occasion 1, models the first occasion apart
// (heterogeneity between the first capture and later ones). As in
// Rcapture, Mbh is fitted only with three lists or more and Mb with two or
// more.
const (
	behavNone = iota
	behavMb
	behavMbh
)

// behavColumns returns the columns f - 1 and k - 1 over the 2^J cells, and
// the indicator of not being on list 1 (bit 0).
func behavColumns(J int) (before, after, notFirst []float64) {
	nc := 1 << J
	before = make([]float64, nc)
	after = make([]float64, nc)
	notFirst = make([]float64, nc)
	for c := 1; c < nc; c++ {
		before[c] = float64(bits.TrailingZeros32(uint32(c)))
		after[c] = float64(popcount(uint32(c)) - 1)
		if c&1 == 0 {
			notFirst[c] = 1
		}
	}
	return before, after, notFirst
}

// behavSpecs returns Mb and, for J >= 3, Mbh.
func behavSpecs(J int) []closedSpec {
	before, after, notFirst := behavColumns(J)
	specs := []closedSpec{{name: "Mb", d: design{masks: []uint32{0}, extra: [][]float64{before, after}}, chao: -1, behav: behavMb}}
	if J >= 3 {
		specs = append(specs, closedSpec{name: "Mbh", d: design{masks: []uint32{0}, extra: [][]float64{notFirst, before, after}}, chao: -1, behav: behavMbh})
	}
	return specs
}

// behavN returns N-hat and its standard error for a behavioural model from
// the coefficients b and their covariance v (p x p), as Rcapture's
// closedp.internal (delta method, less N for the multinomial):
//
//	Mb:  N = e^b0 (1 + e^b2)^J / (1 + e^b2 - e^b1)
//	Mbh: N = e^b0 (1 + e^b3)^(J-1) (1 + e^(b1+b2) / (1 + e^b3 - e^b2))
func behavN(kind, J int, b, v []float64) (n, se float64) {
	t := float64(J)
	var g []float64 // gradient of N
	switch kind {
	case behavMb:
		e1, e2 := math.Exp(b[1]), math.Exp(b[2])
		den := 1 + e2 - e1
		n = math.Exp(b[0]) * math.Pow(1+e2, t) / den
		g = []float64{n, n * e1 / den, n * (t*e2/(1+e2) - e2/den)}
	case behavMbh:
		e2, e3 := math.Exp(b[2]), math.Exp(b[3])
		e12 := math.Exp(b[1] + b[2])
		den := 1 + e3 - e2
		s := math.Exp(b[0]) * math.Pow(1+e3, t-1)
		n = s * (1 + e12/den)
		g = []float64{
			s * (1 + e12/den),
			s * e12 / den,
			s * (e12/den + math.Exp(b[1]+2*b[2])/(den*den)),
			s * ((t-1)*e3/(1+e3) - math.Exp(b[1]+b[2]+b[3])/(den*den)),
		}
	default:
		panic("mse: not a behavioural model")
	}
	p := len(g)
	var q float64
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			q += g[i] * v[i*p+j] * g[j]
		}
	}
	return n, math.Sqrt(q - n)
}
