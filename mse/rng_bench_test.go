package mse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// BenchmarkSampler compares each sampler of rng.go (gen=reckon) with the
// same draw from math/rand/v2 and gonum's distuv (gen=stdlib), both on a
// PCG source, at the parameters LCMCR's Gibbs sweep uses: compare with
//
//	go test -run '^$' -bench Sampler -count 10 -cpu 1 ./mse/ > s.txt
//	benchstat -col /gen s.txt
//
// A custom sampler stays only where it beats the standard one.
func BenchmarkSampler(b *testing.B) {
	var sink float64
	std := func() (*rand.Rand, rand.Source) {
		src := rand.NewPCG(1, 2)
		return rand.New(src), src
	}
	bench := func(name string, reckon func(g *rng) float64, stdlib func(r *rand.Rand, src rand.Source) float64) {
		b.Run(name+"/gen=reckon", func(b *testing.B) {
			g := newRNG(1, 2)
			for b.Loop() {
				sink += reckon(g)
			}
		})
		b.Run(name+"/gen=stdlib", func(b *testing.B) {
			r, src := std()
			for b.Loop() {
				sink += stdlib(r, src)
			}
		})
	}
	bench("uniform", func(g *rng) float64 { return g.float64() },
		func(r *rand.Rand, _ rand.Source) float64 { return r.Float64() })
	bench("normal", func(g *rng) float64 { x, _ := g.normBits(); return x },
		func(r *rand.Rand, _ rand.Source) float64 { return r.NormFloat64() })
	bench("exp", func(g *rng) float64 { return g.exp() },
		func(r *rand.Rand, _ rand.Source) float64 { return r.ExpFloat64() })
	for _, a := range []float64{1.5, 40, 5000} {
		bench(fmt.Sprintf("gamma/shape=%v", a), func(g *rng) float64 { return g.gamma(a) },
			func(_ *rand.Rand, src rand.Source) float64 {
				return distuv.Gamma{Alpha: a, Beta: 1, Src: src}.Rand()
			})
	}
	for _, a := range []float64{0.05, 0.5} {
		bench(fmt.Sprintf("loggamma/shape=%v", a), func(g *rng) float64 { return g.logGamma(a) },
			func(_ *rand.Rand, src rand.Source) float64 {
				return math.Log(distuv.Gamma{Alpha: a, Beta: 1, Src: src}.Rand())
			})
	}
	for _, ab := range [][2]float64{{1, 0.5}, {3, 2}, {200, 1000}} {
		a, bb := ab[0], ab[1]
		bench(fmt.Sprintf("logbeta/a=%v,b=%v", a, bb), func(g *rng) float64 {
			if a == 1 {
				x, y := g.logBeta1(bb)
				return x + y
			}
			x, y := g.logBeta(a, bb)
			return x + y
		}, func(_ *rand.Rand, src rand.Source) float64 {
			x := distuv.Beta{Alpha: a, Beta: bb, Src: src}.Rand()
			return math.Log(x) + math.Log1p(-x)
		})
	}
	for _, np := range []struct {
		n int64
		p float64
	}{{20, 0.3}, {200, 0.02}, {200, 0.4}, {5000, 0.3}, {1000000, 0.2}} {
		bench(fmt.Sprintf("binomial/n=%d,p=%v", np.n, np.p), func(g *rng) float64 { return float64(g.binomial(np.n, np.p)) },
			func(_ *rand.Rand, src rand.Source) float64 {
				return distuv.Binomial{N: float64(np.n), P: np.p, Src: src}.Rand()
			})
	}
	for _, lam := range []float64{3, 500, 1e5} {
		bench(fmt.Sprintf("poisson/lambda=%v", lam), func(g *rng) float64 { return float64(g.poisson(lam)) },
			func(_ *rand.Rand, src rand.Source) float64 {
				return distuv.Poisson{Lambda: lam, Src: src}.Rand()
			})
	}
	// a multinomial split as LCMCR's step 3 (a few units over 10 classes)
	// and step 6 (n0 over 10 classes); distuv has no multinomial, so the
	// standard one is conditional binomials in the same order
	w := []float64{0.3, 0.2, 0.15, 0.1, 0.08, 0.07, 0.05, 0.03, 0.015, 0.005}
	order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	out := make([]int64, len(w))
	for _, n := range []int64{3, 50, 5000} {
		bench(fmt.Sprintf("multinomial/n=%d,K=10", n), func(g *rng) float64 {
			g.split(n, w, 1, out, order)
			return float64(out[0])
		}, func(_ *rand.Rand, src rand.Source) float64 {
			left, rest := n, 1.0
			for k, wk := range w {
				if left == 0 || k == len(w)-1 {
					out[k] = left
					continue
				}
				x := int64(distuv.Binomial{N: float64(left), P: min(1, wk/rest), Src: src}.Rand())
				out[k] = x
				left -= x
				rest -= wk
			}
			return float64(out[0])
		})
	}
	if math.IsNaN(sink) {
		b.Log(sink)
	}
}
