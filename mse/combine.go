package mse

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Draw is one estimate of N with its 95% interval, computed on one of
// several linkages (or imputations) of the same data.
type Draw struct {
	NHat, Lower, Upper float64
}

// Combined is an estimate that carries the between-draw uncertainty.
type Combined struct {
	Draws              int     // draws combined: those with a finite, positive N-hat
	NHat, Lower, Upper float64 // Upper +Inf when a draw has no finite upper bound
	// Within and Between are Rubin's W and B (log scale); DF the
	// degrees of freedom of the t reference. Zero for pooled draws.
	Within, Between, DF float64
}

// Rubin combines K estimates of N, each from one draw of the linkage, by
// Rubin's rules on the log scale, where a capture–recapture estimate is
// nearer normal:
//
//	q_k = log N̂_k,  u_k = ((log U_k − log L_k) / (2 · 1.96))²
//	q̄ = (1/K) Σ q_k,  W = (1/K) Σ u_k,  B = 1/(K−1) Σ (q_k − q̄)²
//	T = W + (1 + 1/K) B
//	ν = (K − 1) (1 + W / ((1 + 1/K) B))²
//	N̂ = exp(q̄),  interval exp(q̄ ± t_{ν, 0.975} √T)
//
// u_k reads the within-draw variance off the draw's 95% interval, which
// for a profile-likelihood or bootstrap interval need not be symmetric on
// the log scale; the half-width of the log interval is the standard error
// it implies. Draws whose N̂ is not finite and positive are left out (and
// not counted in Draws); a draw whose upper bound is not finite makes the
// combined upper bound +Inf, as the data of that linkage do not bound N.
// With no usable draw N̂, Lower and Upper are NaN; with one, its own
// interval. When B = 0 (every draw gives the same N̂), ν is infinite and
// t is the normal quantile.
//
// References: D. B. Rubin, Multiple Imputation for Nonresponse in Surveys,
// Wiley, 1987 (ch. 3, the combining rules and ν); M. Sadinle, "Bayesian
// propagation of record linkage uncertainty into population size
// estimation of human rights violations", Annals of Applied Statistics
// 12(2), 2018, for propagating linkage uncertainty into MSE this way.
func Rubin(draws []Draw) Combined {
	var q, u []float64
	open := false
	for _, d := range draws {
		if !(d.NHat > 0) || math.IsInf(d.NHat, 0) {
			continue
		}
		q = append(q, math.Log(d.NHat))
		switch {
		case math.IsInf(d.Upper, 1):
			open = true
			u = append(u, 0)
		case d.Lower > 0 && d.Upper >= d.Lower:
			s := (math.Log(d.Upper) - math.Log(d.Lower)) / (2 * 1.96)
			u = append(u, s*s)
		default:
			u = append(u, 0) // no interval: no within-draw variance known
		}
	}
	K := float64(len(q))
	c := Combined{Draws: len(q), NHat: math.NaN(), Lower: math.NaN(), Upper: math.NaN()}
	if len(q) == 0 {
		return c
	}
	var qbar, W, B float64
	for k := range q {
		qbar += q[k]
		W += u[k]
	}
	qbar /= K
	W /= K
	for _, v := range q {
		B += (v - qbar) * (v - qbar)
	}
	if len(q) > 1 {
		B /= K - 1
	}
	T := W + (1+1/K)*B
	c.NHat, c.Within, c.Between = math.Exp(qbar), W, B
	c.DF = math.Inf(1)
	crit := 1.959963984540054
	if B > 0 && len(q) > 1 {
		r := W / ((1 + 1/K) * B)
		c.DF = (K - 1) * (1 + r) * (1 + r)
		crit = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: c.DF}.Quantile(0.975)
	}
	c.Lower, c.Upper = math.Exp(qbar-crit*math.Sqrt(T)), math.Exp(qbar+crit*math.Sqrt(T))
	if open {
		c.Upper = math.Inf(1)
	}
	return c
}

// Pool combines posterior samples of N drawn on several linkages into one
// posterior: the mixture over linkages, each draw weighted by its number
// of samples (equal when every draw ran the same chains). N̂ is the pooled
// median, the interval the pooled 2.5% and 97.5% quantiles (type 7).
// This is the posterior of N with the linkage integrated out when the
// linkages are draws from their posterior (Sadinle 2018, section 4).
// Samples that are not finite are left out; with none, N̂, Lower and
// Upper are NaN.
func Pool(samples [][]float64) Combined {
	var all []float64
	draws := 0
	for _, s := range samples {
		n := len(all)
		for _, v := range s {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				all = append(all, v)
			}
		}
		if len(all) > n {
			draws++
		}
	}
	slices.Sort(all)
	return Combined{Draws: draws, NHat: quantile(all, 0.5), Lower: quantile(all, 0.025), Upper: quantile(all, 0.975)}
}
