package mse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"github.com/reckonhq/reckon"
)

// DGAOptions configures [DGA]. The zero value gives the settings of the
// reference runs of the dga R package (2.0.2, bma.cr): δ = 2^-J, the
// prior on N proportional to 1/N, the unobserved count on the grid
// 0 … 20 × observed, every decomposable graph for up to five lists.
type DGAOptions struct {
	// Delta is the hyper-Dirichlet prior's mass per cell of the full
	// 2^J table; default 2^-J (total prior mass 1).
	Delta float64
	// MaxMissing is the largest unobserved count on the grid; default
	// 20 × the observed count.
	MaxMissing int64
	// Exhaustive is the largest number of lists for which every
	// decomposable graph is scored (822 for 5 lists, 18,154 for 6);
	// default 5, at most 6. Beyond it the graphs are sampled by MC3 and
	// N summed on a thinned grid: an approximation, which the result
	// says it is. Negative: always sample (to check the approximation).
	Exhaustive int
	// Iterations is the number of MC3 steps when sampling; default
	// 10,000.
	Iterations int
	// Seed seeds MC3 (PCG(Seed, 0)); same seed, same answer. Unused
	// when every graph is scored.
	Seed uint64
	// Top is the number of graphs listed in the result, most probable
	// first; default 10.
	Top int
	// Workers is the number of goroutines; default
	// runtime.GOMAXPROCS(0). The answer does not depend on it.
	Workers int
}

// maxDGAExhaustive is the largest number of lists whose decomposable
// graphs are all enumerated (2^15 edge sets, 18,154 graphs at 6 lists).
const maxDGAExhaustive = 6

// maxDGATable caps the length of one log-gamma table (observed plus
// MaxMissing plus one).
const maxDGATable = 1 << 26

func (o DGAOptions) withDefaults(J int, n int64) DGAOptions {
	if o.Delta == 0 {
		o.Delta = math.Ldexp(1, -J)
	}
	if o.MaxMissing == 0 {
		o.MaxMissing = 20 * n
	}
	if o.Exhaustive == 0 {
		o.Exhaustive = 5
	}
	if o.Iterations <= 0 {
		o.Iterations = 10000
	}
	if o.Top <= 0 {
		o.Top = 10
	}
	return o
}

// DGAGraph is one decomposable graph of a [DGAResult]: a log-linear
// model whose generating class is the graph's cliques.
type DGAGraph struct {
	Name    string   `json:"name"`    // Rcapture notation: "[123,134]"
	Cliques []string `json:"cliques"` // with list names: "EXH:ABA:OSCE"
	Weight  float64  `json:"weight"`  // posterior probability
}

// DGAResult is the posterior of the population size N averaged over
// decomposable graphical models.
type DGAResult struct {
	Options DGAOptions // as run, defaults filled in
	N       int64      // observed units
	// Median, Lower and Upper are the posterior median and 2.5% and
	// 97.5% quantiles of N: the least N whose posterior probability of
	// being at most N reaches 0.5, 0.025 and 0.975. Mean is the
	// posterior mean.
	Median, Mean, Lower, Upper float64
	// Graphs are the most probable graphs, best first (Options.Top).
	Graphs []DGAGraph
	// GraphsTotal is the number of graphs averaged over: every
	// decomposable graph when Exhaustive, else those MC3 scored.
	GraphsTotal int
	Exhaustive  bool
	// TailMass is the posterior probability of an unobserved count in
	// the last tenth of the grid (above 0.9 MaxMissing): when it is not
	// small, the grid's cap shapes the upper quantiles.
	TailMass float64
	// Quantiles are the posterior quantiles of N at every 2.5%, for
	// plotting.
	Quantiles []float64 `json:"quantiles"`
	// Missing and Posterior are the grid of unobserved counts and the
	// posterior probability of each (when the grid is thinned, of the
	// span each point stands for).
	Missing   []float64 `json:"-"`
	Posterior []float64 `json:"-"`
	Warnings  []string
}

// DGAJSON is the dga part of a [Result].
type DGAJSON struct {
	Median      float64    `json:"median"`
	Mean        float64    `json:"mean"`
	Lower       float64    `json:"lower"`
	Upper       float64    `json:"upper"`
	Graphs      []DGAGraph `json:"graphs"` // most probable first
	GraphsTotal int        `json:"graphs_total"`
	Exhaustive  bool       `json:"exhaustive"` // false: MC3, an approximation
	TailMass    float64    `json:"tail_mass"`
	Delta       float64    `json:"delta"`
	MaxMissing  int64      `json:"max_missing"`
	Seed        uint64     `json:"seed,omitempty"` // of MC3, when not exhaustive
	Warnings    []string   `json:"warnings,omitempty"`
}

// JSON returns r's part of a [Result].
func (r *DGAResult) JSON() *DGAJSON {
	j := &DGAJSON{Median: r.Median, Mean: r.Mean, Lower: r.Lower, Upper: r.Upper, Graphs: r.Graphs,
		GraphsTotal: r.GraphsTotal, Exhaustive: r.Exhaustive, TailMass: r.TailMass,
		Delta: r.Options.Delta, MaxMissing: r.Options.MaxMissing, Warnings: r.Warnings}
	if !r.Exhaustive {
		j.Seed = r.Options.Seed
	}
	return j
}

// Spread returns k values of N that stand for the posterior as a sample
// would: its quantiles at (i + 1/2)/k, i = 0 … k−1. Pooling the spreads
// of several posteriors ([Pool]) gives their equal mixture.
func (r *DGAResult) Spread(k int) []float64 {
	out := make([]float64, k)
	var cum float64
	i := 0
	n := float64(r.N)
	for j, p := range r.Posterior {
		cum += p
		for i < k && (float64(i)+0.5)/float64(k) <= cum {
			out[i] = n + r.Missing[j]
			i++
		}
	}
	for ; i < k; i++ {
		out[i] = n + r.Missing[len(r.Missing)-1]
	}
	return out
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r DGAResult) MarshalJSON() ([]byte, error) {
	type plain DGAResult
	return finiteJSON(plain(r))
}

// UnmarshalJSON reads what MarshalJSON writes, null numbers as NaN.
func (r *DGAResult) UnmarshalJSON(b []byte) error {
	type plain DGAResult
	return finiteUnmarshal(b, (*plain)(r))
}

// DGA estimates N by Bayesian model averaging over the decomposable
// graphical log-linear models of the lists (Madigan and York 1997), as
// the dga R package's bma.cr.
//
// Under a decomposable graph G with cliques C and separators S, the
// 2^J cell probabilities get a hyper-Dirichlet prior (Dawid and
// Lauritzen 1993) whose marginal on a set A of lists is Dirichlet with
// α_A = δ·2^(J−|A|) per cell, total α = δ·2^J. For a complete table n
// (the unobserved cell holding n0 = N − n_obs) the marginal likelihood is
//
//	p(n | G) = Π_C D(n_C) / Π_S D(n_S),
//	D(n_A) = Γ(α)/Γ(α + N) · Π_i Γ(α_A + n_{A,i}) / Γ(α_A),
//
// and the joint posterior of graph and N is
//
//	p(G, N | data) ∝ p(G) · p(N) · N!/n0! · p(n | G),
//
// with p(G) uniform over the graphs and p(N) ∝ 1/N, normalised over the
// graphs and n0 = 0 … MaxMissing. The posterior of N sums over graphs; a
// graph's weight sums over N. The graph's marginal likelihood is computed
// through a perfect ordering from maximum cardinality search (Tarjan and
// Yannakakis 1984): Π_v D(n_{fa(v)})/D(n_{pa(v)}), whose non-maximal
// families cancel into the cliques and separators.
//
// Every decomposable graph is scored exactly for up to Options.Exhaustive
// lists (default 5: 822 graphs). Beyond, the graphs are sampled by MC3
// (Madigan and York 1995, 1997): a Metropolis chain that adds or removes
// one edge at a time, staying within decomposable graphs; the posterior
// averages over every graph the chain scored, each with its exact weight
// renormalised over that set. There the sum over n0 runs over every value
// up to 255 and then a grid of about 4,096 evenly spaced values, by the
// trapezoid rule, and quantiles are interpolated within the grid's steps.
// Both are approximations, and the result's warnings say so.
//
// Cost: the log-gamma values Γ(α_k + i) are tabulated once per clique
// size k by the recurrence Γ(x+1) = xΓ(x), re-anchored every 512 steps:
// O(J (n + MaxMissing)) logarithms. A first pass bounds each graph's log
// posterior on chunks of 4,096 grid values from every 16th value and a
// bound on its second derivative; chunks more than 60 below the largest
// bound are left out (their share is below 10^-17). In the others the
// posterior is exponentiated every 512 values and stepped between by the
// ratio of consecutive terms, a rational function of n0. Kosovo (61
// graphs, 88,001 values) takes about 17 ms of CPU.
//
// References:
//   - Madigan, D. and York, J. C. (1997). Bayesian methods for estimation
//     of the size of a closed population. Biometrika 84, 19–31.
//   - Madigan, D. and York, J. (1995). Bayesian graphical models for
//     discrete data. International Statistical Review 63, 215–232.
//   - Dawid, A. P. and Lauritzen, S. L. (1993). Hyper Markov laws in the
//     statistical analysis of decomposable graphical models. Ann.
//     Statist. 21, 1272–1317.
//   - Tarjan, R. E. and Yannakakis, M. (1984). Simple linear-time
//     algorithms to test chordality of graphs. SIAM J. Comput. 13,
//     566–579.
func DGA(t *Table, opt DGAOptions) (*DGAResult, error) {
	J := t.J()
	n := t.N()
	if J < 2 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga needs at least 2 lists, have %d", J)
	}
	if n <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga: no units observed")
	}
	if opt.Delta < 0 || math.IsNaN(opt.Delta) || math.IsInf(opt.Delta, 0) {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga: prior mass delta %g, want a positive number", opt.Delta)
	}
	if opt.MaxMissing < 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga: largest unobserved count %d, want at least 0", opt.MaxMissing)
	}
	opt = opt.withDefaults(J, n)
	if n+opt.MaxMissing+1 > maxDGATable {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: dga: %d observed and up to %d unobserved exceed the grid limit of %d; lower the largest unobserved count", n, opt.MaxMissing, maxDGATable)
	}
	exhaustive := J <= min(opt.Exhaustive, maxDGAExhaustive)
	d := newDGAData(t, opt, exhaustive)
	res := &DGAResult{Options: opt, N: n, Exhaustive: exhaustive}

	var graphs []dgaGraph
	if exhaustive {
		graphs = decomposableGraphs(J)
	} else {
		graphs = d.mc3(opt)
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"dga: approximate: %d lists, beyond the %d whose decomposable graphs are all scored; MC3 (%d steps, seed %d) scored %d graphs and the posterior averages over those only, with N summed on %d of the %d values of the unobserved count (trapezoid rule)",
			J, max(min(opt.Exhaustive, maxDGAExhaustive), 0), opt.Iterations, opt.Seed, len(graphs), len(d.x), opt.MaxMissing+1))
	}
	res.GraphsTotal = len(graphs)
	post, weights := d.average(graphs, workers(opt.Workers))
	d.summarise(res, post)

	order := make([]int, len(graphs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return weights[order[a]] > weights[order[b]] })
	for _, i := range order[:min(opt.Top, len(order))] {
		cl := slices.Clone(graphs[i].cliques)
		slices.SortStableFunc(cl, func(a, b Term) int { return b.Order() - a.Order() }) // as the name
		res.Graphs = append(res.Graphs, DGAGraph{Name: Bracket(J, cl), Cliques: TermNames(cl, t.Lists), Weight: weights[i]})
	}
	if res.TailMass > 1e-3 {
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"dga: %.1f%% of the posterior lies in the last tenth of the grid (unobserved up to %d): the upper quantiles depend on that cap",
			100*res.TailMass, opt.MaxMissing))
	}
	return res, nil
}

// dgaTerm is a marginal D(n_A) of a graph's likelihood with its power:
// +1 for a clique, minus the multiplicity for a separator.
type dgaTerm struct {
	mask uint32
	sign int
}

// dgaGraph is a decomposable graph: its adjacency (bit b of adj[a] for
// the edge a–b), cliques and non-empty marginal terms, and the number of
// connected components (the sum of the signs).
type dgaGraph struct {
	adj     []uint32
	cliques []Term
	terms   []dgaTerm
	comps   int
}

// decompose tests whether the graph is decomposable (chordal) by maximum
// cardinality search: it is exactly when every vertex's earlier-numbered
// neighbours form a clique. It returns the cliques and separators.
func decompose(adj []uint32) (dgaGraph, bool) {
	J := len(adj)
	var numbered uint32
	net := map[uint32]int{}
	card := make([]int, J)
	for range J {
		v := -1
		for u := 0; u < J; u++ {
			if numbered&(1<<u) == 0 && (v < 0 || card[u] > card[v]) {
				v = u
			}
		}
		pa := adj[v] & numbered
		for r := pa; r != 0; r &= r - 1 {
			u := trailing(r)
			if pa&^(1<<u)&^adj[u] != 0 {
				return dgaGraph{}, false
			}
		}
		numbered |= 1 << v
		for r := adj[v] &^ numbered; r != 0; r &= r - 1 {
			card[trailing(r)]++
		}
		net[pa|1<<v]++
		if pa != 0 {
			net[pa]--
		}
	}
	g := dgaGraph{adj: append([]uint32(nil), adj...)}
	for m, s := range net {
		if s == 0 {
			continue
		}
		g.terms = append(g.terms, dgaTerm{m, s})
		g.comps += s
		if s > 0 {
			g.cliques = append(g.cliques, Term(m))
		}
	}
	slices.SortFunc(g.terms, func(a, b dgaTerm) int { return int(a.mask) - int(b.mask) })
	sortTerms(g.cliques)
	return g, true
}

func trailing(x uint32) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}

// decomposableGraphs returns every decomposable graph on J lists, in
// order of their edge sets read as binary numbers (edge a–b, a < b, in
// lexicographic order, the first edge least significant).
func decomposableGraphs(J int) []dgaGraph {
	type edge struct{ a, b int }
	var edges []edge
	for a := 0; a < J; a++ {
		for b := a + 1; b < J; b++ {
			edges = append(edges, edge{a, b})
		}
	}
	var out []dgaGraph
	adj := make([]uint32, J)
	for s := uint64(0); s < 1<<len(edges); s++ {
		clear(adj)
		for e, x := range edges {
			if s&(1<<e) != 0 {
				adj[x.a] |= 1 << x.b
				adj[x.b] |= 1 << x.a
			}
		}
		if g, ok := decompose(adj); ok {
			out = append(out, g)
		}
	}
	return out
}

// dgaData holds what every graph's posterior is computed from.
type dgaData struct {
	J     int
	n     int64
	delta float64
	pats  []uint32
	cnts  []int64
	tab   map[float64][]float64 // tab[a][i] = lgamma(a + i), i = 0 … n + MaxMissing
	marg  map[uint32]dgaMarg
	x     []int64   // grid of unobserved counts
	lw    []float64 // log weight of each grid point (0 on a unit grid)
	unit  bool      // x is 0, 1, …, MaxMissing
	base  []float64 // log(N!/n0!) + log(1/N) + lw at each grid point
	tlen  int
	mu    sync.Mutex
}

// dgaMarg is the part of D(n_A) fixed by the observed data: m0, the
// observed units on none of A's lists (whose marginal cell also holds the
// unobserved), and K, the log-gamma terms of the other cells plus
// log Γ(α) − log Γ(α_A).
type dgaMarg struct {
	k  int
	m0 int64
	K  float64
}

func newDGAData(t *Table, opt DGAOptions, exhaustive bool) *dgaData {
	pats, cnts := t.observedCells()
	d := &dgaData{J: t.J(), n: t.N(), delta: opt.Delta, pats: pats, cnts: cnts,
		tab: map[float64][]float64{}, marg: map[uint32]dgaMarg{}, tlen: int(t.N() + opt.MaxMissing + 1)}
	G := opt.MaxMissing
	if exhaustive {
		d.unit = true
		d.x = make([]int64, G+1)
		for i := range d.x {
			d.x[i] = int64(i)
		}
		d.lw = make([]float64, G+1)
	} else {
		d.x, d.lw = thinnedGrid(G, 256, 4096)
		d.unit = len(d.x) == int(G+1)
	}
	lf := d.table(-1) // log(i!)
	d.base = make([]float64, len(d.x))
	for i, x := range d.x {
		N := d.n + x
		d.base[i] = lf[N-1] - lf[x] + d.lw[i]
	}
	if exhaustive {
		for k := 0; k <= d.J; k++ {
			d.table(k)
		}
	}
	return d
}

// thinnedGrid returns every integer 0 … head−1, then about steps evenly
// spaced values up to G (always included), with their log weights: the
// trapezoid rule with the end corrections that make it exact on a unit
// grid (weight 1 at every point).
func thinnedGrid(G int64, head, steps int64) ([]int64, []float64) {
	var x []int64
	for i := int64(0); i <= G && i < head; i++ {
		x = append(x, i)
	}
	if G >= head {
		h := max(1, (G-head+steps-1)/steps)
		for v := head; v < G; v += h {
			x = append(x, v)
		}
		x = append(x, G)
	}
	lw := make([]float64, len(x))
	for i := range x {
		w := 0.5
		if i > 0 {
			w += float64(x[i]-x[i-1]) / 2
		} else {
			w += 0.5
		}
		if i+1 < len(x) {
			w += float64(x[i+1]-x[i])/2 - 0.5
		}
		lw[i] = math.Log(w)
	}
	return x, lw
}

// table returns lgamma(a + i) for i = 0 … n + MaxMissing, where a is
// δ·2^(J−k) for k ≥ 0 and 1 for k = −1 (so that it holds log i!). It is
// built by the recurrence and anchored on math.Lgamma every 512 steps.
func (d *dgaData) table(k int) []float64 {
	a := 1.0
	if k >= 0 {
		a = d.delta * math.Ldexp(1, d.J-k)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if tb, ok := d.tab[a]; ok { // with δ = 2^-J, k = 0 is log i! again
		return tb
	}
	tb := make([]float64, d.tlen)
	for i := range tb {
		if i%512 == 0 {
			tb[i], _ = math.Lgamma(a + float64(i))
		} else {
			tb[i] = tb[i-1] + math.Log(a+float64(i-1))
		}
	}
	d.tab[a] = tb
	return tb
}

// margOf returns the fixed part of the marginal on the lists of mask.
func (d *dgaData) margOf(mask uint32) dgaMarg {
	d.mu.Lock()
	if m, ok := d.marg[mask]; ok {
		d.mu.Unlock()
		return m
	}
	d.mu.Unlock()
	k := popcount(mask)
	aA := d.delta * math.Ldexp(1, d.J-k)
	aAll := d.delta * math.Ldexp(1, d.J)
	cells := map[uint32]int64{}
	var m0 int64
	for i, p := range d.pats {
		if p&mask == 0 {
			m0 += d.cnts[i]
		} else {
			cells[p&mask] += d.cnts[i]
		}
	}
	lga, _ := math.Lgamma(aA)
	lgAll, _ := math.Lgamma(aAll)
	K := lgAll - lga
	keys := make([]uint32, 0, len(cells))
	for c := range cells {
		keys = append(keys, c)
	}
	slices.Sort(keys) // a fixed order of summation: same table, same bits
	for _, c := range keys {
		lg, _ := math.Lgamma(aA + float64(cells[c]))
		K += lg - lga
	}
	m := dgaMarg{k: k, m0: m0, K: K}
	d.mu.Lock()
	d.marg[mask] = m
	d.mu.Unlock()
	return m
}

// dgaPlan is a graph's log posterior at grid point i:
// c + base[i] + Σ coef·tab[x_i] (each tab offset by its marginal's m0),
// where tab[x] = lgamma(off + x): off is α_A + m0.
type dgaPlan struct {
	c     float64
	coefs []float64
	tabs  [][]float64
	offs  []float64
}

func (d *dgaData) plan(g *dgaGraph) dgaPlan {
	p := dgaPlan{}
	for _, tm := range g.terms {
		m := d.margOf(tm.mask)
		s := float64(tm.sign)
		p.c += s * m.K
		p.coefs = append(p.coefs, s)
		p.tabs = append(p.tabs, d.table(m.k)[m.m0:])
		p.offs = append(p.offs, d.delta*math.Ldexp(1, d.J-m.k)+float64(m.m0))
	}
	p.coefs = append(p.coefs, -float64(g.comps))
	p.tabs = append(p.tabs, d.table(0)[d.n:])
	p.offs = append(p.offs, d.delta*math.Ldexp(1, d.J)+float64(d.n))
	return p
}

// at returns the plan's log posterior at grid point i.
func (d *dgaData) at(p *dgaPlan, i int) float64 {
	v := p.c + d.base[i]
	for t, tb := range p.tabs {
		v += p.coefs[t] * tb[i]
	}
	return v
}

// dgaBlock is the number of unit-grid points between exact evaluations
// in [dgaData.expSum].
const dgaBlock = 512

// expSum adds exp(s(i) − ref) of the plan's log posterior s to acc[i − lo]
// for the unit grid's points lo … hi−1 and returns their sum. It
// exponentiates s exactly every dgaBlock points and steps between them by
// the ratio of consecutive terms, a rational function of i, as
// Γ(x+1)/Γ(x) = x:
//
//	exp(s(i+1) − s(i)) = (n + i)/(i + 1) · Π_t (off_t + i)^coef_t,
//
// carrying a power-of-two exponent apart so that nothing underflows on
// the way (the relative error stays below 10^-12).
func (d *dgaData) expSum(p *dgaPlan, lo, hi int, ref float64, acc []float64) float64 {
	n := float64(d.n)
	var sum float64
	var num, den []float64
	for t, c := range p.coefs {
		for range int(math.Abs(c)) {
			if c > 0 {
				num = append(num, p.offs[t])
			} else {
				den = append(den, p.offs[t])
			}
		}
	}
	var ratio [dgaBlock]float64
	for b := lo; b < hi; b += dgaBlock {
		e := min(hi, b+dgaBlock)
		// the ratios first: independent of each other, they pipeline
		for i := b; i < e-1; i++ {
			x := float64(i)
			nu, de := n+x, x+1
			for _, o := range num {
				nu *= o + x
			}
			for _, o := range den {
				de *= o + x
			}
			ratio[i-b] = nu / de
		}
		v := d.at(p, b) - ref
		E := 0
		if v < -600 {
			E = int(math.Floor(v / math.Ln2))
			v -= float64(E) * math.Ln2
		}
		f := math.Exp(v)
		sc := math.Ldexp(1, E)
		out := acc[b-lo : e-lo]
		for i := range out {
			if i > 0 {
				f *= ratio[i-1]
				if f < 0x1p-500 || f > 0x1p500 {
					fr, ex := math.Frexp(f)
					f, E = fr, E+ex
					sc = math.Ldexp(1, E)
				}
			}
			w := f * sc
			out[i] += w
			sum += w
		}
	}
	return sum
}

// eval writes the plan's log posterior at grid points lo … hi−1 to out.
func (d *dgaData) eval(p *dgaPlan, lo, hi int, out []float64) {
	out = out[:hi-lo]
	base := d.base[lo:hi]
	for i := range out {
		out[i] = p.c + base[i]
	}
	for t, tb := range p.tabs {
		s := p.coefs[t]
		if d.unit {
			tb = tb[lo:hi]
			switch s {
			case 1:
				for i := range out {
					out[i] += tb[i]
				}
			case -1:
				for i := range out {
					out[i] -= tb[i]
				}
			default:
				for i := range out {
					out[i] += s * tb[i]
				}
			}
			continue
		}
		xs := d.x[lo:hi]
		for i := range out {
			out[i] += s * tb[xs[i]]
		}
	}
}

// bound returns an upper bound of the plan's log posterior on the unit
// grid's points lo … hi−1 (lo ≥ 1) from its values every h points
// (dgaStride, or wider while the slack below stays under one) and at
// hi−1: a function whose second derivative is at most M in
// absolute value exceeds the larger end of an interval of length h by at
// most M h²/8. Here that derivative is Σ coef·ψ'(a + m0 + i) + ψ'(n + i) − ψ'(i + 1),
// and ψ'(x) ≤ 1/x + 1/x² with every argument at least lo.
func (d *dgaData) bound(p *dgaPlan, lo, hi int) float64 {
	sum := 2.0
	for _, c := range p.coefs {
		sum += math.Abs(c)
	}
	x := float64(lo)
	M := sum * (1/x + 1/(x*x))
	// the widest step, up to dgaStrideMax, whose slack stays below one
	h := dgaStride
	for 2*h <= dgaStrideMax && M*float64(4*h*h)/8 <= 1 {
		h *= 2
	}
	m := d.at(p, hi-1)
	for i := lo; i < hi; i += h {
		m = max(m, d.at(p, i))
	}
	return m + M*float64(h*h)/8
}

// dgaChunk is the number of grid points evaluated at once.
const dgaChunk = 4096

// dgaStride is the step at which the first pass samples a chunk of a
// unit grid beyond the first.
const dgaStride = 16

// dgaStrideMax is the widest step of the first pass.
const dgaStrideMax = 256

// dgaCut is how far below the maximum log posterior a term is left out:
// e^-60 times even 10^8 grid points and graphs is below 10^-17.
const dgaCut = 60

// average returns the posterior of the grid points and the graphs'
// weights. A first pass bounds each graph's maximum on every chunk of
// the grid (exactly on the first chunk and on a thinned grid, by
// [dgaData.bound] beyond); the second exponentiates only the chunks
// whose bound is within dgaCut of the largest bound. The second pass runs over chunks of the grid, each
// summing the graphs in order, so the answer does not depend on the
// number of workers.
func (d *dgaData) average(graphs []dgaGraph, nw int) (post, weights []float64) {
	G := len(d.x)
	nc := (G + dgaChunk - 1) / dgaChunk
	plans := make([]dgaPlan, len(graphs))
	for i := range graphs {
		plans[i] = d.plan(&graphs[i])
	}
	cmax := make([]float64, len(graphs)*nc)
	parallel(len(graphs), nw, func() func(int) {
		buf := make([]float64, dgaChunk)
		return func(g int) {
			for c := range nc {
				lo, hi := c*dgaChunk, min(G, (c+1)*dgaChunk)
				if d.unit && c > 0 {
					cmax[g*nc+c] = d.bound(&plans[g], lo, hi)
					continue
				}
				d.eval(&plans[g], lo, hi, buf)
				m := math.Inf(-1)
				for _, v := range buf[:hi-lo] {
					m = max(m, v)
				}
				cmax[g*nc+c] = m
			}
		}
	})
	gmax := math.Inf(-1)
	for _, v := range cmax {
		if !math.IsNaN(v) {
			gmax = max(gmax, v)
		}
	}
	post = make([]float64, G)
	part := make([]float64, len(graphs)*nc)
	parallel(nc, nw, func() func(int) {
		buf := make([]float64, dgaChunk)
		return func(c int) {
			lo, hi := c*dgaChunk, min(G, (c+1)*dgaChunk)
			acc := post[lo:hi]
			for g := range graphs {
				if !(cmax[g*nc+c] > gmax-dgaCut) {
					continue
				}
				if d.unit {
					part[g*nc+c] = d.expSum(&plans[g], lo, hi, gmax, acc)
					continue
				}
				d.eval(&plans[g], lo, hi, buf)
				var sum float64
				for i, v := range buf[:hi-lo] {
					if v > gmax-dgaCut {
						e := math.Exp(v - gmax)
						acc[i] += e
						sum += e
					}
				}
				part[g*nc+c] = sum
			}
		}
	})
	var Z float64
	for _, v := range post {
		Z += v
	}
	for i := range post {
		post[i] /= Z
	}
	weights = make([]float64, len(graphs))
	for g := range graphs {
		var s float64
		for c := range nc {
			s += part[g*nc+c]
		}
		weights[g] = s / Z
	}
	return post, weights
}

// summarise fills the posterior summaries of N from the grid's masses.
func (d *dgaData) summarise(res *DGAResult, post []float64) {
	n := float64(d.n)
	res.Missing = make([]float64, len(d.x))
	for i, x := range d.x {
		res.Missing[i] = float64(x)
	}
	res.Posterior = post
	var mean, tail float64
	cut := 0.9 * float64(res.Options.MaxMissing)
	for i, p := range post {
		mean += p * (n + res.Missing[i])
		if res.Missing[i] > cut {
			tail += p
		}
	}
	res.Mean, res.TailMass = mean, tail
	q := func(p float64) float64 { return n + d.quantile(post, p) }
	res.Median, res.Lower, res.Upper = q(0.5), q(0.025), q(0.975)
	for i := 0; i <= 40; i++ {
		res.Quantiles = append(res.Quantiles, q(float64(i)/40))
	}
}

// quantile returns the least unobserved count whose cumulative posterior
// reaches p. On a thinned grid each point stands for the whole counts
// nearer to it than to its neighbours, its mass spread evenly over them.
func (d *dgaData) quantile(post []float64, p float64) float64 {
	var cum float64
	last := len(post) - 1
	for i, m := range post {
		if cum+m < p && i < last {
			cum += m
			continue
		}
		if d.unit || m == 0 {
			return float64(d.x[i])
		}
		a, b := d.x[i], d.x[i]
		if i > 0 {
			a = (d.x[i-1]+d.x[i])/2 + 1
		}
		if i < last {
			b = (d.x[i] + d.x[i+1]) / 2
		}
		w := float64(b - a + 1)
		j := int64(math.Ceil((p-cum)/m*w)) - 1
		return float64(a + max(0, min(j, b-a)))
	}
	return float64(d.x[last])
}

// mc3 samples decomposable graphs by Metropolis steps that toggle one
// edge chosen uniformly, rejecting graphs that are not decomposable, with
// the acceptance ratio of the graphs' posterior probabilities (the sum
// over the grid). It returns every graph it scored, the first the empty
// graph (independence).
func (d *dgaData) mc3(opt DGAOptions) []dgaGraph {
	J := d.J
	r := rand.New(rand.NewPCG(opt.Seed, 0))
	key := func(adj []uint32) string {
		b := make([]byte, 4*len(adj))
		for i, a := range adj {
			b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(a), byte(a>>8), byte(a>>16), byte(a>>24)
		}
		return string(b)
	}
	buf := make([]float64, dgaChunk)
	score := func(g *dgaGraph) float64 {
		p := d.plan(g)
		m, s := math.Inf(-1), 0.0
		for lo := 0; lo < len(d.x); lo += dgaChunk {
			hi := min(len(d.x), lo+dgaChunk)
			d.eval(&p, lo, hi, buf)
			for _, v := range buf[:hi-lo] {
				if v > m {
					s = s*math.Exp(m-v) + 1
					m = v
				} else {
					s += math.Exp(v - m)
				}
			}
		}
		return m + math.Log(s)
	}
	seen := map[string]float64{}
	var out []dgaGraph
	cur := make([]uint32, J)
	g0, _ := decompose(cur)
	curScore := score(&g0)
	seen[key(cur)] = curScore
	out = append(out, g0)
	next := make([]uint32, J)
	for range opt.Iterations {
		a := r.IntN(J)
		b := r.IntN(J - 1)
		if b >= a {
			b++
		}
		copy(next, cur)
		next[a] ^= 1 << b
		next[b] ^= 1 << a
		k := key(next)
		s, ok := seen[k]
		if !ok {
			g, chordal := decompose(next)
			if !chordal {
				seen[k] = math.NaN()
				continue
			}
			s = score(&g)
			seen[k] = s
			out = append(out, g)
		}
		if math.IsNaN(s) {
			continue
		}
		if s >= curScore || r.Float64() < math.Exp(s-curScore) {
			copy(cur, next)
			curScore = s
		}
	}
	return out
}
