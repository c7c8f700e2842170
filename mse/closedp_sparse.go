package mse

import (
	"math"
	"math/bits"
)

// Closedp models beyond the dense limit.
//
// The closedp.t models need no table of all 2^J cells: their columns are
// main effects and functions of (f, k), the first list a cell is on and
// the number of lists it is on. Without main effects (M0, Mh, Mb, Mbh)
// every cell of a group (f, k) has the same mean, and the model is a
// Poisson regression on the J(J+1)/2 groups, each counted C(J−1−f, k−1)
// times. With main effects and functions of k (Mt, Mth) the mean of a
// cell is exp(b0) Π_{j∈c} a_j h(k), a_j = exp(b_j), and the sums over
// cells that Newton's method needs are sums over k of h(k) times the
// elementary symmetric polynomials of the a_j (with one or two of them
// left out). Either way a step costs O(J^4) at most, whatever 2^J.
//
// The fits maximise the same likelihood as the dense fitter over the
// 2^J − 1 observable cells, so on tables both can fit they agree (see
// TestSparseClosedpMatchesDense), asymptotic bias included.

// sparseSpec is a closedp.t model described by functions of (f, k).
type sparseSpec struct {
	name  string
	mains bool
	// cols are the columns besides the intercept (and mains), as
	// functions of the first list f (0-based) and the count k; every
	// column is 0 on the unobserved cell (k = 0). With mains they must
	// not depend on f.
	cols  []func(f, k int) float64
	chao  int // index in cols of the first Chao column, or -1
	behav int
}

// sparseSpecs returns the closedp.t models of J lists in the order of
// closedModels.
func sparseSpecs(J int) []sparseSpec {
	k := func(f, k int) float64 { return float64(k) }
	var chao []func(f, k int) float64
	for j := 3; j <= J; j++ {
		jj := j
		chao = append(chao, func(f, k int) float64 { return math.Max(float64(k-jj+1), 0) })
	}
	hets := []struct {
		name string
		cols []func(f, k int) float64
	}{
		{"Chao (LB)", chao},
		{"Poisson2", []func(f, k int) float64{func(f, k int) float64 { return math.Pow(2, float64(k)) - 1 }}},
		{"Darroch", []func(f, k int) float64{func(f, k int) float64 { return float64(k*k) / 2 }}},
		{"Gamma3.5", []func(f, k int) float64{func(f, k int) float64 { return -math.Log(3.5+float64(k)) + math.Log(3.5) }}},
	}
	specs := []sparseSpec{
		{name: "M0", cols: []func(f, k int) float64{k}, chao: -1},
		{name: "Mt", mains: true, chao: -1},
	}
	before := func(f, k int) float64 {
		if k == 0 {
			return 0
		}
		return float64(f)
	}
	after := func(f, k int) float64 { return math.Max(float64(k-1), 0) }
	notFirst := func(f, k int) float64 {
		if k > 0 && f > 0 {
			return 1
		}
		return 0
	}
	mb := sparseSpec{name: "Mb", cols: []func(f, k int) float64{before, after}, chao: -1, behav: behavMb}
	if J == 2 {
		return append(specs, mb)
	}
	for _, h := range hets {
		c := -1
		if h.name == "Chao (LB)" {
			c = 1
		}
		specs = append(specs, sparseSpec{name: "Mh " + h.name, cols: append([]func(f, k int) float64{k}, h.cols...), chao: c})
	}
	for _, h := range hets {
		c := -1
		if h.name == "Chao (LB)" {
			c = 0
		}
		specs = append(specs, sparseSpec{name: "Mth " + h.name, mains: true, cols: h.cols, chao: c})
	}
	return append(specs, mb, sparseSpec{name: "Mbh", cols: []func(f, k int) float64{notFirst, before, after}, chao: -1, behav: behavMbh})
}

// sparseData are the observed patterns of a table and their summaries.
type sparseData struct {
	J      int
	pats   []uint32
	counts []float64
	n      float64
	nj     []float64   // list sizes
	yfk    [][]float64 // counts by first list f and count k
	lgy    float64     // sum of log(y!) over observed cells
	ylogy  float64     // sum of y log y
}

func newSparseData(t *Table) *sparseData {
	J := t.J()
	pats, counts := t.observedCells()
	d := &sparseData{J: J, pats: pats, nj: make([]float64, J), yfk: make([][]float64, J)}
	for f := range d.yfk {
		d.yfk[f] = make([]float64, J+1)
	}
	for i, p := range pats {
		y := float64(counts[i])
		d.counts = append(d.counts, y)
		d.n += y
		for b := p; b != 0; b &= b - 1 {
			d.nj[bits.TrailingZeros32(b)] += y
		}
		d.yfk[bits.TrailingZeros32(p)][bits.OnesCount32(p)] += y
		lg, _ := math.Lgamma(y + 1)
		d.lgy += lg
		d.ylogy += y * math.Log(y)
	}
	return d
}

// sparseFit is one fit's state: the columns in use (cols, after Chao
// columns are dropped) and the unobserved cell's count when profiling.
type sparseFit struct {
	d     *sparseData
	s     sparseSpec
	cols  []func(f, k int) float64
	y0    float64 // count of the unobserved cell
	with0 bool    // the unobserved cell is in the fit
	p     int
	beta  []float64
	h     []float64 // Hessian
	g     []float64 // gradient
	dev   float64
	logl  float64 // sum over cells of y log mu - mu
	iter  int
	rconv bool
	conv  bool
	rank  int
	alias []bool
	fwk   *fitter // holds the factored Hessian after fit
}

// binom returns C(n, k) as a float.
func binom(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

// eval computes the deviance, log-likelihood, gradient and Hessian at
// beta. It returns false when the means overflow.
func (sf *sparseFit) eval(beta []float64) bool {
	if sf.s.mains {
		return sf.evalMains(beta)
	}
	return sf.evalGroups(beta)
}

// evalGroups is eval for models without main effects: Poisson regression
// on the groups (f, k) with their multiplicities.
func (sf *sparseFit) evalGroups(beta []float64) bool {
	d, p := sf.d, sf.p
	clear(sf.g)
	clear(sf.h)
	x := make([]float64, p)
	var total, ylogmu float64
	add := func(f, k int, m, y float64) {
		x[0] = 1
		for i, c := range sf.cols {
			x[1+i] = c(f, k)
		}
		var eta float64
		for i := range x {
			eta += beta[i] * x[i]
		}
		mu := math.Exp(eta)
		w := m * mu
		total += w
		if y > 0 {
			ylogmu += y * eta
		}
		for i := 0; i < p; i++ {
			sf.g[i] += (y - w) * x[i]
			for j := 0; j <= i; j++ {
				sf.h[i*p+j] += w * x[i] * x[j]
			}
		}
	}
	if sf.with0 {
		add(0, 0, 1, sf.y0)
	}
	for f := 0; f < d.J; f++ {
		for k := 1; k <= d.J-f; k++ {
			add(f, k, binom(d.J-1-f, k-1), d.yfk[f][k])
		}
	}
	for i := 0; i < p; i++ {
		for j := 0; j < i; j++ {
			sf.h[j*p+i] = sf.h[i*p+j]
		}
	}
	return sf.finishEval(total, ylogmu)
}

// finishEval sets the deviance and log-likelihood from the sum of the
// means and of y log mu over the cells in the fit.
func (sf *sparseFit) finishEval(total, ylogmu float64) bool {
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return false
	}
	d := sf.d
	ylogy, ny := d.ylogy, d.n
	if sf.with0 && sf.y0 > 0 {
		ylogy += sf.y0 * math.Log(sf.y0)
		ny += sf.y0
	}
	sf.logl = ylogmu - total
	sf.dev = 2 * (ylogy - ylogmu - ny + total)
	return true
}

// esp returns the elementary symmetric polynomials e_0..e_J of a, leaving
// out the indexes skip1 and skip2 (-1 for none).
func esp(a []float64, skip1, skip2 int, e []float64) {
	clear(e)
	e[0] = 1
	m := 0
	for j, v := range a {
		if j == skip1 || j == skip2 {
			continue
		}
		m++
		for k := m; k >= 1; k-- {
			e[k] += v * e[k-1]
		}
	}
}

// evalMains is eval for Mt and Mth: intercept, main effects and columns
// that are functions of k, by elementary symmetric polynomials.
func (sf *sparseFit) evalMains(beta []float64) bool {
	d, p, J := sf.d, sf.p, sf.d.J
	ne := len(sf.cols)
	clear(sf.g)
	clear(sf.h)
	a := make([]float64, J)
	for j := range a {
		a[j] = math.Exp(beta[1+j])
	}
	gk := make([][]float64, ne) // column e at k
	hk := make([]float64, J+1)  // h(k) = exp(sum_e beta_e g_e(k))
	for e, c := range sf.cols {
		gk[e] = make([]float64, J+1)
		for k := 0; k <= J; k++ {
			gk[e][k] = c(0, k)
		}
	}
	for k := 0; k <= J; k++ {
		var s float64
		for e := range sf.cols {
			s += beta[1+J+e] * gk[e][k]
		}
		hk[k] = math.Exp(s)
	}
	e0 := math.Exp(beta[0])
	E := make([]float64, J+1)
	esp(a, -1, -1, E)
	k0 := 1
	if sf.with0 {
		k0 = 0
	}
	// weights by k of the cells in the fit: w(k) = e0 h(k)
	wsum := func(es []float64, shift int, gw func(k int) float64) float64 {
		var s float64
		for k := max(k0, shift); k <= J; k++ {
			if k-shift < len(es) {
				s += gw(k) * hk[k] * es[k-shift]
			}
		}
		return e0 * s
	}
	one := func(int) float64 { return 1 }
	total := wsum(E, 0, one)
	// intercept row
	sf.h[0] = total
	for e := 0; e < ne; e++ {
		ge := gk[e]
		v := wsum(E, 0, func(k int) float64 { return ge[k] })
		sf.h[(1+J+e)*p] = v
		for f := 0; f <= e; f++ {
			gf := gk[f]
			w := wsum(E, 0, func(k int) float64 { return ge[k] * gf[k] })
			sf.h[(1+J+e)*p+1+J+f] = w
		}
	}
	Ej := make([]float64, J+1)
	Ejl := make([]float64, J+1)
	for j := 0; j < J; j++ {
		esp(a, j, -1, Ej)
		sj := a[j] * wsum(Ej, 1, one)
		sf.h[(1+j)*p] = sj
		sf.h[(1+j)*p+1+j] = sj
		for e := 0; e < ne; e++ {
			ge := gk[e]
			sf.h[(1+J+e)*p+1+j] = a[j] * wsum(Ej, 1, func(k int) float64 { return ge[k] })
		}
		for l := 0; l < j; l++ {
			esp(a, j, l, Ejl)
			sf.h[(1+j)*p+1+l] = a[j] * a[l] * wsum(Ejl, 2, one)
		}
	}
	for i := 0; i < p; i++ {
		for j := 0; j < i; j++ {
			sf.h[j*p+i] = sf.h[i*p+j]
		}
	}
	// gradient: observed sufficient statistics minus expected (the
	// intercept's column of the Hessian holds the expected ones)
	ny := d.n
	if sf.with0 {
		ny += sf.y0
	}
	sf.g[0] = ny - sf.h[0]
	for j := 0; j < J; j++ {
		sf.g[1+j] = d.nj[j] - sf.h[(1+j)*p]
	}
	var fk = make([]float64, J+1)
	for f := range d.yfk {
		for k, y := range d.yfk[f] {
			fk[k] += y
		}
	}
	for e := 0; e < ne; e++ {
		var s float64
		for k := 1; k <= J; k++ {
			s += fk[k] * gk[e][k]
		}
		sf.g[1+J+e] = s - sf.h[(1+J+e)*p]
	}
	// y log mu over the observed cells (and the unobserved one)
	var ylogmu float64
	for i, pt := range d.pats {
		eta := beta[0] + math.Log(hk[bits.OnesCount32(pt)])
		for b := pt; b != 0; b &= b - 1 {
			eta += beta[1+bits.TrailingZeros32(b)]
		}
		ylogmu += d.counts[i] * eta
	}
	if sf.with0 && sf.y0 > 0 {
		ylogmu += sf.y0 * (beta[0] + math.Log(hk[0]))
	}
	return sf.finishEval(total, ylogmu)
}

// fit runs Newton's method (Fisher scoring: the Poisson log link is
// canonical) from a start near independence, halving steps that do not
// evaluate, with the dense fitter's convergence rule.
func (sf *sparseFit) fit() {
	d, J := sf.d, sf.d.J
	sf.p = 1 + len(sf.cols)
	if sf.s.mains {
		sf.p += J
	}
	p := sf.p
	sf.beta = make([]float64, p)
	sf.g = make([]float64, p)
	sf.h = make([]float64, p*p)
	sf.alias = make([]bool, p)
	// start: independent lists with N = 2n
	N0 := 2 * d.n
	lq := 0.0
	var mean float64
	for j := 0; j < J; j++ {
		q := math.Min(math.Max(d.nj[j]/N0, 1e-6), 1-1e-6)
		lq += math.Log(1 - q)
		mean += q / float64(J)
		if sf.s.mains {
			sf.beta[1+j] = math.Log(q / (1 - q))
		}
	}
	sf.beta[0] = math.Log(N0) + lq
	if !sf.s.mains && len(sf.cols) > 0 && sf.s.behav == behavNone {
		sf.beta[1] = math.Log(mean / (1 - mean)) // the k column of M0 and Mh
	}
	if !sf.eval(sf.beta) {
		sf.dev = math.Inf(1)
	}
	devold := sf.dev
	sf.rconv, sf.conv = false, false
	fwk := &fitter{p: p, a: make([]float64, p*p), diag: make([]float64, p), alias: make([]bool, p)}
	step := make([]float64, p)
	next := make([]float64, p)
	for sf.iter = 1; sf.iter <= glmMaxit; sf.iter++ {
		copy(fwk.a, sf.h)
		fwk.cholesky()
		copy(step, sf.g)
		fwk.solve(step)
		copy(sf.alias, fwk.alias)
		sf.rank = fwk.rank
		ok := false
		for half := 0; half < 30; half++ {
			for i := range next {
				next[i] = sf.beta[i] + step[i]
			}
			if sf.eval(next) && sf.dev <= devold*(1+1e-12)+1e-9 {
				ok = true
				break
			}
			for i := range step {
				step[i] /= 2
			}
		}
		if !ok {
			sf.eval(sf.beta)
			break
		}
		copy(sf.beta, next)
		crit := math.Abs(sf.dev-devold) / (math.Abs(sf.dev) + 0.1)
		if crit < rEpsilon && sf.iter <= rMaxit {
			sf.rconv = true
		}
		if crit < glmEpsilon {
			sf.conv = true
			break
		}
		devold = sf.dev
	}
	// the Hessian at the final beta, factored, for the covariance
	copy(fwk.a, sf.h)
	fwk.cholesky()
	copy(sf.alias, fwk.alias)
	sf.rank = fwk.rank
	sf.h = fwk.a // now the factor
	sf.fwk = fwk
}

// covariance returns the inverse Hessian at the fit.
func (sf *sparseFit) covariance() []float64 {
	return sf.fwk.covariance()
}

// fitSparseChao fits s with the Chao columns' negative coefficients
// dropped one at a time, as fitChao, but with the signs at convergence:
// this fitter does not follow R's glm path (it starts elsewhere and
// halves steps), so there is no R stopping point to read them at. Where
// an eta's estimate runs off to infinity the two can keep different
// etas (fitChao), which is why the dense fitter serves up to 8 lists.
func fitSparseChao(d *sparseData, s sparseSpec, y0 float64, with0 bool) *sparseFit {
	cols := s.cols
	for {
		sf := &sparseFit{d: d, s: s, cols: cols, y0: y0, with0: with0}
		sf.fit()
		if s.chao < 0 {
			return sf
		}
		off := 1
		if s.mains {
			off += d.J
		}
		drop := -1
		for k := s.chao; k < len(cols); k++ {
			if !sf.alias[off+k] && sf.beta[off+k] < 0 {
				drop = k
				break
			}
		}
		if drop < 0 {
			return sf
		}
		cols = append(append([]func(f, k int) float64(nil), cols[:drop]...), cols[drop+1:]...)
	}
}

// closedpSparse fits the closedp.t models of t without a dense table.
func closedpSparse(t *Table, nw int) (models []ModelFit, bestAIC, bestBIC int) {
	d := newSparseData(t)
	n := d.n
	specs := sparseSpecs(d.J)
	models = make([]ModelFit, len(specs))
	parallel(len(specs), nw, func() func(int) {
		return func(i int) {
			s := specs[i]
			sf := fitSparseChao(d, s, 0, false)
			m := ModelFit{Name: s.name, chao: -1, Exists: true, NFinite: true, Behavioural: s.behav != behavNone}
			v := sf.covariance()
			e0 := math.Exp(sf.beta[0])
			m.NHat = n + e0
			m.SE = math.Sqrt(e0 + e0*e0*v[0])
			m.Deviance = sf.dev
			m.Rank = sf.rank
			cells := math.Exp2(float64(d.J)) - 1
			m.DF = int(cells) - sf.rank
			m.AIC = -2*(sf.logl-d.lgy) + 2*float64(sf.rank)
			m.BIC = m.AIC + (math.Log(n)-2)*float64(sf.rank)
			if s.mains {
				m.Bias = sf.mainsBias(v)
			} else {
				m.Bias = sf.groupBias(v)
			}
			m.Converged = sf.rconv
			m.Lower, m.Upper, m.NMax = math.NaN(), math.NaN(), math.NaN()
			if m.Behavioural {
				m.NHat, m.SE = behavN(s.behav, d.J, sf.beta, v)
			}
			// finish judges rank against the design's width
			m.design = design{masks: make([]uint32, sf.p)}
			finish(&m)
			m.design = design{}
			profileWith(&m, n, func(n0 float64) float64 {
				return fitSparseChao(d, s, n0, true).dev
			})
			models[i] = m
		}
	})
	bestAIC, bestBIC = best(models)
	return models, bestAIC, bestBIC
}

// groupBias is the asymptotic bias of a grouped model (see fitter.bias):
// x'Vx is the same for every cell of a group.
func (sf *sparseFit) groupBias(v []float64) float64 {
	if sf.rank < sf.p {
		return math.NaN()
	}
	d, p := sf.d, sf.p
	x := make([]float64, p)
	psi := make([]float64, p)
	for f := 0; f < d.J; f++ {
		for k := 1; k <= d.J-f; k++ {
			x[0] = 1
			for i, c := range sf.cols {
				x[1+i] = c(f, k)
			}
			var eta, h float64
			for i := range x {
				eta += sf.beta[i] * x[i]
				for j := range x {
					h += x[i] * v[i*p+j] * x[j]
				}
			}
			w := binom(d.J-1-f, k-1) * math.Exp(eta) * h
			for i := range x {
				psi[i] += w * x[i]
			}
		}
	}
	psi[0]--
	var s float64
	for j := 0; j < p; j++ {
		s += v[j] * psi[j]
	}
	return -0.5 * math.Exp(sf.beta[0]) * s
}

// mainsBias is the asymptotic bias of Mt and Mth (see fitter.bias). With
// h_c = x_c' V x_c, psi_i = sum_c mu_c h_c x_ci is the sum over (a, b)
// of V_ab times the third moment sum_c mu_c x_ci x_ca x_cb. Main-effect
// columns are indicators, so a third moment is a sum over the cells that
// hold a set S of at most three lists, times the extra columns' values:
// e0 prod_{j in S} a_j sum_k h(k) G(k) e_{k-|S|}(a without S).
func (sf *sparseFit) mainsBias(v []float64) float64 {
	if sf.rank < sf.p {
		return math.NaN()
	}
	J, p := sf.d.J, sf.p
	beta := sf.beta
	a := make([]float64, J)
	for j := range a {
		a[j] = math.Exp(beta[1+j])
	}
	ne := len(sf.cols)
	gk := make([][]float64, ne)
	hk := make([]float64, J+1)
	for e, c := range sf.cols {
		gk[e] = make([]float64, J+1)
		for k := 0; k <= J; k++ {
			gk[e][k] = c(0, k)
		}
	}
	for k := 0; k <= J; k++ {
		var x float64
		for e := range gk {
			x += beta[1+J+e] * gk[e][k]
		}
		hk[k] = math.Exp(x)
	}
	e0 := math.Exp(beta[0])
	type set [3]int
	cache := map[set][]float64{}
	espOf := func(S []int) []float64 {
		key := set{-1, -1, -1}
		copy(key[:], S)
		if e, ok := cache[key]; ok {
			return e
		}
		e := make([]float64, J+1)
		e[0] = 1
		m := 0
		for j, x := range a {
			if j == key[0] || j == key[1] || j == key[2] {
				continue
			}
			m++
			for k := m; k >= 1; k-- {
				e[k] += x * e[k-1]
			}
		}
		cache[key] = e
		return e
	}
	G := make([]float64, J+1)
	moment := func(idx [3]int) float64 {
		var S []int
		for k := range G {
			G[k] = 1
		}
		for _, i := range idx {
			switch {
			case i == 0:
			case i <= J:
				j := i - 1
				dup := false
				for _, u := range S {
					dup = dup || u == j
				}
				if !dup {
					S = append(S, j)
				}
			default:
				for k := range G {
					G[k] *= gk[i-1-J][k]
				}
			}
		}
		// sorted S for the cache
		for x := 1; x < len(S); x++ {
			for y := x; y > 0 && S[y] < S[y-1]; y-- {
				S[y], S[y-1] = S[y-1], S[y]
			}
		}
		es := espOf(S)
		prod := e0
		for _, j := range S {
			prod *= a[j]
		}
		var sum float64
		for k := max(1, len(S)); k <= J; k++ {
			sum += hk[k] * G[k] * es[k-len(S)]
		}
		return prod * sum
	}
	psi := make([]float64, p)
	for i := 0; i < p; i++ {
		for x := 0; x < p; x++ {
			for y := 0; y < p; y++ {
				if vxy := v[x*p+y]; vxy != 0 {
					psi[i] += vxy * moment([3]int{i, x, y})
				}
			}
		}
	}
	psi[0]--
	var s float64
	for j := 0; j < p; j++ {
		s += v[j] * psi[j]
	}
	return -0.5 * e0 * s
}
