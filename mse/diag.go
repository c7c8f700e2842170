package mse

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// RHat returns the rank-normalised split R-hat of Vehtari et al. (2021):
// each chain is split in half, the pooled draws are replaced by normal
// scores of their ranks, and the classic potential scale reduction is
// computed on them and on their folded version (|x - median|); the larger
// is returned. Values above 1.01 signal chains that have not mixed. NaN
// with fewer than two draws per half-chain.
func RHat(chains [][]float64) float64 {
	split := splitChains(chains)
	if split == nil {
		return math.NaN()
	}
	bulk := classicRHat(rankNormal(split))
	med := median(flatten(split))
	fold := make([][]float64, len(split))
	for i, c := range split {
		fold[i] = make([]float64, len(c))
		for t, v := range c {
			fold[i][t] = math.Abs(v - med)
		}
	}
	tail := classicRHat(rankNormal(fold))
	return math.Max(bulk, tail)
}

// ESS returns the bulk effective sample size of the draws (Vehtari et al.
// 2021): Geyer's initial monotone sequence estimator on rank-normalised
// split chains.
func ESS(chains [][]float64) float64 {
	split := splitChains(chains)
	if split == nil {
		return math.NaN()
	}
	return essOf(rankNormal(split))
}

func splitChains(chains [][]float64) [][]float64 {
	var out [][]float64
	for _, c := range chains {
		h := len(c) / 2
		if h < 2 {
			return nil
		}
		out = append(out, c[:h], c[len(c)-h:])
	}
	// equal lengths
	n := len(out[0])
	for _, c := range out {
		n = min(n, len(c))
	}
	for i := range out {
		out[i] = out[i][:n]
	}
	return out
}

func flatten(cs [][]float64) []float64 {
	var all []float64
	for _, c := range cs {
		all = append(all, c...)
	}
	return all
}

func median(x []float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return quantile(s, 0.5)
}

// rankNormal replaces draws by Φ^-1((rank - 3/8)/(S + 1/4)), average ranks
// for ties.
func rankNormal(cs [][]float64) [][]float64 {
	type item struct {
		v    float64
		c, t int
	}
	var all []item
	for c, ch := range cs {
		for t, v := range ch {
			all = append(all, item{v, c, t})
		}
	}
	sort.Slice(all, func(a, b int) bool { return all[a].v < all[b].v })
	S := float64(len(all))
	out := make([][]float64, len(cs))
	for c := range cs {
		out[c] = make([]float64, len(cs[c]))
	}
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+j+1) / 2 // average of 1-based ranks i+1..j
		z := distuv.UnitNormal.Quantile((rank - 0.375) / (S + 0.25))
		for k := i; k < j; k++ {
			out[all[k].c][all[k].t] = z
		}
		i = j
	}
	return out
}

func meanVar(x []float64) (float64, float64) {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, s / float64(len(x)-1)
}

func classicRHat(cs [][]float64) float64 {
	n := float64(len(cs[0]))
	means := make([]float64, len(cs))
	var W float64
	for i, c := range cs {
		m, v := meanVar(c)
		means[i] = m
		W += v
	}
	W /= float64(len(cs))
	_, B := meanVar(means)
	B *= n
	if W == 0 {
		return math.NaN()
	}
	varPlus := (n-1)/n*W + B/n
	return math.Sqrt(varPlus / W)
}

// essOf follows Stan's ess computation on equal-length chains.
func essOf(cs [][]float64) float64 {
	M := len(cs)
	n := len(cs[0])
	acov := make([][]float64, M)
	means := make([]float64, M)
	vars := make([]float64, M)
	for i, c := range cs {
		m, v := meanVar(c)
		means[i], vars[i] = m, v
		acov[i] = autocov(c, m)
	}
	var W float64
	for _, v := range vars {
		W += v
	}
	W /= float64(M)
	var varPlus float64
	varPlus = W * float64(n-1) / float64(n)
	if M > 1 {
		_, b := meanVar(means)
		varPlus += b
	}
	if varPlus == 0 {
		return math.NaN()
	}
	rho := func(t int) float64 {
		var s float64
		for i := range acov {
			s += acov[i][t]
		}
		s /= float64(M)
		return 1 - (W-s)/varPlus
	}
	// Geyer's initial positive sequence with monotone pairs
	var sum float64
	prev := math.Inf(1)
	t := 0
	for ; t+1 < n; t += 2 {
		p := rho(t) + rho(t+1)
		if p < 0 {
			break
		}
		if p > prev {
			p = prev
		}
		prev = p
		sum += p
	}
	tau := -1 + 2*sum
	tau = math.Max(tau, 1/math.Log10(float64(M*n)))
	return float64(M*n) / tau
}

// autocov returns the autocovariances at lags 0..n-1 (biased, divided by n),
// scaled so that lag 0 equals the sample variance as in Stan.
func autocov(x []float64, m float64) []float64 {
	n := len(x)
	out := make([]float64, n)
	maxLag := n
	for t := 0; t < maxLag; t++ {
		var s float64
		for i := 0; i+t < n; i++ {
			s += (x[i] - m) * (x[i+t] - m)
		}
		out[t] = s / float64(n)
		if t > 2 && t%2 == 1 && out[t]+out[t-1] < 0 {
			// beyond the first negative pair the sequence is not used
			for k := t + 1; k < n; k++ {
				out[k] = 0
			}
			break
		}
	}
	scale := float64(n) / float64(n-1)
	for t := range out {
		out[t] *= scale
	}
	return out
}
