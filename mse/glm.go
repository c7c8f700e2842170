package mse

import (
	"math"
	"math/bits"
)

// maxDenseLists caps J for the methods that work on all 2^J cells.
const maxDenseLists = 16

// design describes the columns of a Poisson log-linear model over the 2^J
// cells of a table. A mask column T is 1 on the cells that contain every
// list of T (mask 0 is the intercept); an extra column holds any value per
// cell (the heterogeneity columns of Rcapture).
type design struct {
	masks []uint32
	extra [][]float64
}

func (d design) p() int { return len(d.masks) + len(d.extra) }

// Convergence of the Poisson IRLS, as R's glm: stop when the relative
// change of deviance |D - D_old| / (|D| + 0.1) falls below glmEpsilon
// (R: 1e-8 within 25 iterations; we go further for 4-digit agreement).
const (
	rEpsilon   = 1e-8
	rMaxit     = 25
	glmEpsilon = 1e-11
	glmMaxit   = 60
	aliasTol   = 1e-10 // Cholesky pivot below aliasTol x diagonal: aliased column
)

// fitter fits Poisson log-linear models on the cells of one table by
// iteratively reweighted least squares. Normal equations for mask columns
// come from superset sums of the weights, so one iteration costs
// O(J 2^J + p^3) whatever the number of units. A fitter reuses its buffers
// and is not safe for concurrent use.
type fitter struct {
	J, nc int
	y     []float64 // counts by cell; y[0] is the unobserved cell
	in    []bool    // cells in the fit

	d       design
	p       int
	beta    []float64
	eta     []float64
	mu      []float64
	sw      []float64
	sr      []float64
	scratch []float64
	prev    []float64
	a       []float64 // p x p normal matrix, then its Cholesky factor
	b       []float64
	alias   []bool
	diag    []float64

	// byK holds, when every extra column is a function of k (the number
	// of lists in the cell) and every mask has at most one list, the
	// extra columns' values by k (extra e at e*(J+1)+k); nil otherwise.
	// normal then sums by k in one pass over the cells (see normalByK).
	byK []float64
	wk  []float64 // normalByK's sums of weights by list and k

	rank  int
	dev   float64
	iter  int
	rconv bool // R's glm would have converged (1e-8 within 25 iterations)
	// rbeta holds the coefficients where R's glm would have stopped: the
	// first iteration whose relative change of deviance is below
	// rEpsilon, else iteration rMaxit. They differ from beta where an
	// estimate runs off to infinity (an empty cell's fitted mean going
	// to zero), whose value, even its sign, then depends on the stop.
	rbeta     []float64
	converged bool
}

func newFitter(J int, y []float64) *fitter {
	nc := 1 << J
	f := &fitter{J: J, nc: nc, y: y, in: make([]bool, nc),
		eta: make([]float64, nc), mu: make([]float64, nc),
		sw: make([]float64, nc), sr: make([]float64, nc)}
	for c := 1; c < nc; c++ {
		f.in[c] = true
	}
	return f
}

func (f *fitter) setDesign(d design) {
	f.d = d
	f.p = d.p()
	f.byK = byCount(f.J, d, f.byK[:0])
	if cap(f.beta) < f.p {
		f.beta = make([]float64, f.p)
		f.b = make([]float64, f.p)
		f.alias = make([]bool, f.p)
		f.diag = make([]float64, f.p)
		f.a = make([]float64, f.p*f.p)
	}
	f.beta = f.beta[:f.p]
	f.b = f.b[:f.p]
	f.alias = f.alias[:f.p]
	f.diag = f.diag[:f.p]
	f.a = f.a[:f.p*f.p]
}

// supersetSum replaces s[m] by the sum of s[c] over all c ⊇ m.
func supersetSum(s []float64, J int) {
	n := len(s)
	for i := 0; i < J; i++ {
		bit := 1 << i
		for m := 0; m < n; m++ {
			if m&bit == 0 {
				s[m] += s[m|bit]
			}
		}
	}
}

// subsetSum replaces s[m] by the sum of s[c] over all c ⊆ m.
func subsetSum(s []float64, J int) {
	n := len(s)
	for i := 0; i < J; i++ {
		bit := 1 << i
		for m := 0; m < n; m++ {
			if m&bit != 0 {
				s[m] += s[m^bit]
			}
		}
	}
}

// linpred sets eta = X beta on every cell.
func (f *fitter) linpred() {
	e := f.eta
	clear(e)
	for i, m := range f.d.masks {
		if !f.alias[i] {
			e[m] += f.beta[i]
		}
	}
	subsetSum(e, f.J)
	nm := len(f.d.masks)
	for k, col := range f.d.extra {
		bk := f.beta[nm+k]
		if bk == 0 || f.alias[nm+k] {
			continue
		}
		for c := range e {
			e[c] += bk * col[c]
		}
	}
}

func (f *fitter) deviance() float64 {
	var d float64
	for c := 0; c < f.nc; c++ {
		if !f.in[c] {
			continue
		}
		y, mu := f.y[c], f.mu[c]
		if y > 0 {
			d += y*math.Log(y/mu) - (y - mu)
		} else {
			d += mu
		}
	}
	return 2 * d
}

// normal builds X'WX and X'Wz from weights mu and working response eta +
// (y-mu)/mu over the cells in the fit.
func (f *fitter) normal() {
	p, nm := f.p, len(f.d.masks)
	for c := 0; c < f.nc; c++ {
		if f.in[c] {
			f.sw[c] = f.mu[c]
			f.sr[c] = f.mu[c]*f.eta[c] + f.y[c] - f.mu[c]
		} else {
			f.sw[c], f.sr[c] = 0, 0
		}
	}
	if f.byK != nil && len(f.d.extra) > 0 {
		f.normalByK()
	}
	// extra columns first, while sw and sr hold cell values
	for k, col := range f.d.extra {
		if f.byK != nil {
			break
		}
		var rb float64
		for c := 0; c < f.nc; c++ {
			rb += f.sr[c] * col[c]
		}
		f.b[nm+k] = rb
		for l := 0; l <= k; l++ {
			col2 := f.d.extra[l]
			var s float64
			for c := 0; c < f.nc; c++ {
				s += f.sw[c] * col[c] * col2[c]
			}
			f.a[(nm+k)*p+nm+l] = s
			f.a[(nm+l)*p+nm+k] = s
		}
	}
	if len(f.d.extra) > 0 && f.byK == nil {
		if f.scratch == nil {
			f.scratch = make([]float64, f.nc)
		}
		scratch := f.scratch
		for k, col := range f.d.extra {
			for c := 0; c < f.nc; c++ {
				scratch[c] = f.sw[c] * col[c]
			}
			supersetSum(scratch, f.J)
			for i, m := range f.d.masks {
				f.a[i*p+nm+k] = scratch[m]
				f.a[(nm+k)*p+i] = scratch[m]
			}
		}
	}
	supersetSum(f.sw, f.J)
	supersetSum(f.sr, f.J)
	for i, mi := range f.d.masks {
		f.b[i] = f.sr[mi]
		for j := 0; j <= i; j++ {
			s := f.sw[mi|f.d.masks[j]]
			f.a[i*p+j] = s
			f.a[j*p+i] = s
		}
	}
}

// cholesky factors a in place (lower triangle) and marks aliased columns:
// those whose pivot falls below aliasTol times their diagonal, as R's
// pivoting QR drops linearly dependent columns.
func (f *fitter) cholesky() {
	p, a := f.p, f.a
	f.rank = 0
	for j := 0; j < p; j++ {
		f.diag[j] = a[j*p+j]
	}
	for j := 0; j < p; j++ {
		f.alias[j] = false
		d := a[j*p+j]
		rj := a[j*p : j*p+j]
		for k, v := range rj {
			if !f.alias[k] {
				d -= v * v
			}
		}
		if !(d > aliasTol*f.diag[j]) || f.diag[j] <= 0 {
			f.alias[j] = true
			for i := j; i < p; i++ {
				a[i*p+j] = 0
			}
			continue
		}
		f.rank++
		d = math.Sqrt(d)
		a[j*p+j] = d
		for i := j + 1; i < p; i++ {
			s := a[i*p+j]
			ri := a[i*p : i*p+j]
			for k, v := range rj {
				s -= ri[k] * v
			}
			a[i*p+j] = s / d
		}
	}
}

// solve solves L L' x = b in place in x (aliased entries set to zero).
func (f *fitter) solve(x []float64) {
	p, a := f.p, f.a
	for i := 0; i < p; i++ {
		if f.alias[i] {
			x[i] = 0
			continue
		}
		s := x[i]
		for k := 0; k < i; k++ {
			s -= a[i*p+k] * x[k]
		}
		x[i] = s / a[i*p+i]
	}
	for i := p - 1; i >= 0; i-- {
		if f.alias[i] {
			x[i] = 0
			continue
		}
		s := x[i]
		for k := i + 1; k < p; k++ {
			s -= a[k*p+i] * x[k]
		}
		x[i] = s / a[i*p+i]
	}
}

// fit runs IRLS. With warm false it starts from mu = y + 0.1 as R's glm;
// with warm true it starts from the current mu (which must be positive on
// the cells in the fit).
func (f *fitter) fit(warm bool) {
	if !warm {
		for c := 0; c < f.nc; c++ {
			if f.in[c] {
				f.mu[c] = f.y[c] + 0.1
				f.eta[c] = math.Log(f.mu[c])
			}
		}
	}
	devold := f.deviance()
	f.rconv, f.converged = false, false
	if cap(f.prev) < f.p {
		f.prev = make([]float64, f.p)
	}
	prev := f.prev[:f.p]
	havePrev := false
	if cap(f.rbeta) < f.p {
		f.rbeta = make([]float64, f.p)
	}
	f.rbeta = f.rbeta[:f.p]
	rstop := false
	for f.iter = 1; f.iter <= glmMaxit; f.iter++ {
		f.normal()
		f.cholesky()
		copy(f.beta, f.b)
		f.solve(f.beta)
		f.linpred()
		f.expmu()
		dev := f.deviance()
		for h := 0; (math.IsNaN(dev) || math.IsInf(dev, 0)) && havePrev && h < 30; h++ {
			for i := range f.beta {
				f.beta[i] = (f.beta[i] + prev[i]) / 2
			}
			f.linpred()
			f.expmu()
			dev = f.deviance()
		}
		copy(prev, f.beta)
		havePrev = true
		crit := math.Abs(dev-devold) / (math.Abs(dev) + 0.1)
		f.dev = dev
		if crit < rEpsilon && f.iter <= rMaxit {
			f.rconv = true
		}
		if !rstop && (f.rconv || f.iter == rMaxit) {
			copy(f.rbeta, f.beta)
			rstop = true
		}
		if crit < glmEpsilon {
			f.converged = true
			break
		}
		devold = dev
	}
	if f.iter > glmMaxit {
		f.iter = glmMaxit
	}
}

func (f *fitter) expmu() {
	for c := 0; c < f.nc; c++ {
		if f.in[c] {
			f.mu[c] = math.Exp(f.eta[c])
		} else {
			f.mu[c] = 0
		}
	}
}

// aic returns R's Poisson AIC: -2 sum log dpois(y, mu) + 2 rank.
func (f *fitter) aic() float64 {
	var s float64
	for c := 0; c < f.nc; c++ {
		if !f.in[c] {
			continue
		}
		y, mu := f.y[c], f.mu[c]
		lg, _ := math.Lgamma(y + 1)
		if y > 0 {
			s += y*math.Log(mu) - mu - lg
		} else {
			s -= mu
		}
	}
	return -2*s + 2*float64(f.rank)
}

// nCells returns the number of cells in the fit.
func (f *fitter) nCells() int {
	n := 0
	for c := 0; c < f.nc; c++ {
		if f.in[c] {
			n++
		}
	}
	return n
}

// covariance returns the inverse of X'WX at the current factor (zero rows
// and columns for aliased parameters).
func (f *fitter) covariance() []float64 {
	p := f.p
	v := make([]float64, p*p)
	e := make([]float64, p)
	for j := 0; j < p; j++ {
		clear(e)
		if f.alias[j] {
			continue
		}
		e[j] = 1
		f.solve(e)
		for i := 0; i < p; i++ {
			v[i*p+j] = e[i]
		}
	}
	return v
}

// row returns the design row of cell c into x.
func (f *fitter) row(c int, x []float64) {
	nm := len(f.d.masks)
	for i, m := range f.d.masks {
		if uint32(c)&m == m {
			x[i] = 1
		} else {
			x[i] = 0
		}
	}
	for k, col := range f.d.extra {
		x[nm+k] = col[c]
	}
}

// bias returns Rcapture's asymptotic bias of N-hat (closedp.fitone): with
// V = (X'WX)^-1 and h_c = x_c' V x_c, psi = X' diag(mu) h - e_0 and
// bias = -exp(b0)/2 (V psi)_0. NaN when the design is not of full rank.
func (f *fitter) bias(v []float64) float64 {
	if f.rank < f.p {
		return math.NaN()
	}
	p := f.p
	if len(f.d.extra) == 0 {
		return f.biasMasks(v)
	}
	x := make([]float64, p)
	vx := make([]float64, p)
	psi := make([]float64, p)
	for c := 0; c < f.nc; c++ {
		if !f.in[c] {
			continue
		}
		f.row(c, x)
		var h float64
		for i := 0; i < p; i++ {
			if x[i] == 0 {
				continue
			}
			var s float64
			for j := 0; j < p; j++ {
				s += v[i*p+j] * x[j]
			}
			vx[i] = s
			h += x[i] * s
		}
		w := f.mu[c] * h
		for i := 0; i < p; i++ {
			psi[i] += x[i] * w
		}
	}
	psi[0] -= 1
	var s float64
	for j := 0; j < p; j++ {
		s += v[j] * psi[j]
	}
	return -0.5 * math.Exp(f.beta[0]) * s
}

// biasMasks is [fitter.bias] for designs of mask columns only, in
// O(p^2 + J 2^J) instead of O(2^J p^2): x_c' V x_c sums V_ij over the
// pairs of masks inside c, that is the subset sum at c of g, where g[m]
// adds the V_ij with m_i | m_j = m; and (X' diag(mu) h)_i is the
// superset sum at m_i of mu h.
func (f *fitter) biasMasks(v []float64) float64 {
	p, masks := f.p, f.d.masks
	g := make([]float64, f.nc)
	for i, mi := range masks {
		for j, mj := range masks {
			g[mi|mj] += v[i*p+j]
		}
	}
	subsetSum(g, f.J)
	for c := range g {
		if f.in[c] {
			g[c] *= f.mu[c]
		} else {
			g[c] = 0
		}
	}
	supersetSum(g, f.J)
	var s float64
	for j, mj := range masks {
		psi := g[mj]
		if j == 0 {
			psi -= 1
		}
		s += v[j] * psi
	}
	return -0.5 * math.Exp(f.beta[0]) * s
}

// byCount returns the extra columns of d by k, the number of lists in a
// cell (see fitter.byK), reusing buf, or nil when some extra column is
// not a function of k or some mask has two lists or more.
func byCount(J int, d design, buf []float64) []float64 {
	if len(d.extra) == 0 {
		return nil
	}
	for _, m := range d.masks {
		if popcount(m) > 1 {
			return nil
		}
	}
	K := J + 1
	need := len(d.extra) * K
	if cap(buf) < need {
		buf = make([]float64, need)
	}
	buf = buf[:need]
	for e, col := range d.extra {
		seen := make([]bool, K)
		for c, v := range col {
			k := popcount(uint32(c))
			if !seen[k] {
				seen[k] = true
				buf[e*K+k] = v
			} else if buf[e*K+k] != v {
				return nil
			}
		}
	}
	return buf
}

// normalByK fills the rows of X'WX and X'Wz that involve extra columns
// when they are functions of k and the masks are the intercept and main
// effects: with W_j(k) the weight of the cells of k lists that contain
// list j (j = J for all cells) and R(k) likewise for the working
// response, the cross product of extra e with list j is
// sum_k g_e(k) W_j(k), of two extras sum_k g_e(k) g_l(k) W_J(k), and the
// right-hand side sum_k g_e(k) R(k). One pass over the cells instead of
// one superset sum per extra column.
func (f *fitter) normalByK() {
	J, K := f.J, f.J+1
	if cap(f.wk) < (J+2)*K {
		f.wk = make([]float64, (J+2)*K)
	}
	wk := f.wk[:(J+2)*K]
	clear(wk)
	all, rhs := wk[J*K:(J+1)*K], wk[(J+1)*K:]
	for c := 0; c < f.nc; c++ {
		w := f.sw[c]
		if w == 0 && f.sr[c] == 0 {
			continue
		}
		k := popcount(uint32(c))
		all[k] += w
		rhs[k] += f.sr[c]
		for b := uint32(c); b != 0; b &= b - 1 {
			wk[bits.TrailingZeros32(b)*K+k] += w
		}
	}
	p, nm := f.p, len(f.d.masks)
	for e := range f.d.extra {
		ge := f.byK[e*K : (e+1)*K]
		var rb float64
		for k, g := range ge {
			rb += g * rhs[k]
		}
		f.b[nm+e] = rb
		for l := 0; l <= e; l++ {
			gl := f.byK[l*K : (l+1)*K]
			var s float64
			for k := range ge {
				s += ge[k] * gl[k] * all[k]
			}
			f.a[(nm+e)*p+nm+l] = s
			f.a[(nm+l)*p+nm+e] = s
		}
		for i, m := range f.d.masks {
			src := all
			if m != 0 {
				j := bits.TrailingZeros32(m)
				src = wk[j*K : (j+1)*K]
			}
			var s float64
			for k, g := range ge {
				s += g * src[k]
			}
			f.a[i*p+nm+e] = s
			f.a[(nm+e)*p+i] = s
		}
	}
}
