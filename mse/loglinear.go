package mse

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/reckonhq/reckon"
)

// LogLinearOptions configures [LogLinear]. The zero value is ready to use.
type LogLinearOptions struct {
	// MaxOrder is the highest interaction order of the hierarchical models
	// searched. Default: 3 for up to 4 lists (J-1 for fewer), 2 for more,
	// as Rcapture's closedpMS.t is used in the reference runs.
	MaxOrder int
	// Workers is the number of goroutines fitting models. Default:
	// runtime.GOMAXPROCS(0).
	Workers int
	// Intervals is the number of hierarchical models, best by BIC, that
	// get a profile-likelihood interval besides the best by AIC and BIC.
	// Default 10; negative means only the two best.
	Intervals int
	// NoHeterogeneity skips Rcapture's closedp.t models (M0, Mt, Mh, Mth,
	// Mb, Mbh).
	NoHeterogeneity bool
	// MaxModels caps the number of hierarchical models fitted by the
	// exhaustive search. Default 1<<20. Beyond it, LogLinear searches
	// greedily (see bounded.go) and says that it did.
	MaxModels int
	// Bounded searches greedily even when the exhaustive search is within
	// MaxModels.
	Bounded bool
}

func (o LogLinearOptions) maxOrder(J int) int {
	if o.MaxOrder > 0 {
		return min(o.MaxOrder, J-1)
	}
	if J <= 4 {
		return min(3, J-1)
	}
	return 2
}

func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// ModelFit is one fitted log-linear model.
type ModelFit struct {
	Name  string   // Rcapture notation: "[123,14,34]", "Mth Chao (LB)"
	Terms []Term   // interaction terms of a hierarchical model
	Names []string // Terms with list names: "EXH:ABA"

	NHat float64 // n + exp(intercept)
	SE   float64 // standard error of NHat (delta method)
	// Profile-likelihood interval (Cormack 1992); NaN when not computed.
	// When the likelihood does not fall enough below 3*NHat, Upper is
	// 3*NHat and UpperOpen is true ("> 3 N-hat").
	Lower, Upper float64
	UpperOpen    bool
	NMax         float64 // maximiser of the multinomial profile likelihood

	Deviance float64
	DF       int // cells in the fit minus rank
	Rank     int
	AIC      float64 // R's Poisson AIC
	BIC      float64 // AIC + (log n - 2) rank, n the observed units
	Bias     float64 // Rcapture's asymptotic bias of NHat; NaN if singular

	Converged bool // R's glm would converge (25 iterations, 1e-8)
	// Exists is false when the MLE is not finite: some cells' fitted
	// means go to zero (some parameters to -inf). The extended MLE may
	// still give a finite N-hat (NFinite), as when two lists share no
	// one and their interaction is in the model; Rcapture then reports
	// N-hat as usual.
	Exists   bool
	NFinite  bool     // N-hat is finite (the dark cell is estimable)
	Warnings []string // why the model is not usable, if it is not
	// Usable is false when the fit did not converge, the design is not of
	// full rank, the asymptotic bias exceeds 10% of NHat or the MLE does
	// not exist; such models are never chosen as best (as Rcapture's
	// infoFit codes 1 and 2).
	Usable bool
	// Behavioural marks Rcapture's Mb and Mbh: N-hat comes from a closed
	// form in the coefficients and there is no profile interval.
	Behavioural bool

	design design
	chao   int // index in design.extra of the first Chao column, or -1
}

// LogLinearResult holds the fits of [LogLinear].
type LogLinearResult struct {
	N     int64
	Lists []string
	// Models are the hierarchical models fitted, sorted by BIC: all of
	// them when Exhaustive, else those a greedy search visited.
	Models           []ModelFit
	Exhaustive       bool
	Search           string // how the models were found, in words
	BestAIC, BestBIC int    // indexes in Models; -1 if no model is usable
	// Heterogeneity are Rcapture's closedp.t models, in its order.
	Heterogeneity                      []ModelFit
	HeterogeneityAIC, HeterogeneityBIC int // indexes; -1 if none usable
}

// LogLinear fits Poisson log-linear models to t: every hierarchical model
// with all main effects up to opt.MaxOrder (Rcapture closedpMS.t), and the
// heterogeneity models of closedp.t, each with N-hat, AIC and BIC; the
// best by AIC and BIC, and the best few by BIC, get profile-likelihood
// 95% intervals. The search runs on opt.Workers goroutines; the result
// does not depend on their number.
func LogLinear(t *Table, opt LogLinearOptions) (*LogLinearResult, error) {
	J := t.J()
	if J < 2 || J > maxDenseLists {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: log-linear models need 2 to %d lists, have %d", maxDenseLists, J)
	}
	n := float64(t.N())
	if n <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	y := t.cells()
	maxOrder := opt.maxOrder(J)
	maxModels := opt.MaxModels
	if maxModels <= 0 {
		maxModels = 1 << 20
	}
	res := &LogLinearResult{N: t.N(), Lists: t.Lists, BestAIC: -1, BestBIC: -1, HeterogeneityAIC: -1, HeterogeneityBIC: -1}
	nw := workers(opt.Workers)
	var models []ModelFit
	if big, total := boundedNeeded(J, maxOrder, maxModels); big || opt.Bounded {
		k := opt.Intervals
		if k == 0 {
			k = 10
		}
		models = boundedSearch(J, maxOrder, y, n, t.Lists, nw, max(k, 1))
		res.Search = searchDescription(false, J, maxOrder, len(models), total)
	} else {
		specs := Hierarchical(J, maxOrder)
		if len(specs) > maxModels {
			return nil, reckon.Errorf(reckon.EINVALID, "mse: %d hierarchical models exceed the cap of %d; lower the maximum order", len(specs), maxModels)
		}
		models = make([]ModelFit, len(specs))
		nw = min(nw, len(specs))
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < nw; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := newFitter(J, append([]float64(nil), y...))
				ex := newExistence(J)
				for {
					i := int(next.Add(64)) - 64
					if i >= len(specs) {
						return
					}
					for k := i; k < min(i+64, len(specs)); k++ {
						models[k] = fitHier(f, ex, specs[k], n, t.Lists)
					}
				}
			}()
		}
		wg.Wait()
		sort.SliceStable(models, func(a, b int) bool { return less(models[a].BIC, models[b].BIC) })
		res.Exhaustive = true
		res.Search = searchDescription(true, J, maxOrder, len(models), "")
	}
	res.Models = models
	res.BestAIC, res.BestBIC = best(models)

	// profile intervals: best AIC, best BIC, then the best by BIC
	k := opt.Intervals
	if k == 0 {
		k = 10
	}
	todo := map[int]bool{}
	if res.BestAIC >= 0 {
		todo[res.BestAIC] = true
		todo[res.BestBIC] = true
	}
	for i := 0; i < len(models) && i < k; i++ {
		todo[i] = true
	}
	idx := make([]int, 0, len(todo))
	for i := range todo {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	parallel(len(idx), nw, func() func(int) {
		f := newFitter(J, append([]float64(nil), y...))
		return func(i int) { profile(f, &models[idx[i]], n) }
	})

	if !opt.NoHeterogeneity {
		res.Heterogeneity, res.HeterogeneityAIC, res.HeterogeneityBIC = closedpFit(t, nw)
	}
	return res, nil
}

// parallel runs do(i) for i in [0, n) on w goroutines, each with its own
// state made by mk.
func parallel(n, w int, mk func() func(int)) {
	if n == 0 {
		return
	}
	w = max(1, min(w, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < w; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := mk()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				do(i)
			}
		}()
	}
	wg.Wait()
}

// less orders NaN last.
func less(a, b float64) bool {
	if math.IsNaN(b) {
		return !math.IsNaN(a)
	}
	return a < b
}

func best(ms []ModelFit) (aic, bic int) {
	aic, bic = -1, -1
	for i := range ms {
		if !ms[i].Usable {
			continue
		}
		// ties (equivalent models, as Mth Poisson2, Darroch and Gamma on
		// three lists) go to the first, as R's which.min
		if aic < 0 || ms[i].AIC < ms[aic].AIC-1e-7 {
			aic = i
		}
		if bic < 0 || ms[i].BIC < ms[bic].BIC-1e-7 {
			bic = i
		}
	}
	return aic, bic
}

// fitHier fits one hierarchical model.
func fitHier(f *fitter, ex *existence, inter []Term, n float64, lists []string) ModelFit {
	J := f.J
	m := ModelFit{Name: Bracket(J, inter), Terms: inter, Names: TermNames(inter, lists),
		design: hierDesign(J, inter), chao: -1}
	f.in[0] = false
	f.setDesign(m.design)
	f.fit(false)
	summarise(f, &m, n)
	boundary(f, &m, n)
	if !m.NFinite {
		m.NHat, m.SE = math.Inf(1), math.NaN()
	}
	finish(&m)
	return m
}

// summarise fills the estimates and fit statistics from a converged fitter.
func summarise(f *fitter, m *ModelFit, n float64) {
	v := f.covariance()
	e0 := math.Exp(f.beta[0])
	m.NHat = n + e0
	m.SE = math.Sqrt(e0 + e0*e0*v[0])
	m.Deviance = f.dev
	m.Rank = f.rank
	m.DF = f.nCells() - f.rank
	m.AIC = f.aic()
	m.BIC = m.AIC + (math.Log(n)-2)*float64(f.rank)
	m.Bias = f.bias(v)
	m.Converged = f.rconv
	m.Lower, m.Upper, m.NMax = math.NaN(), math.NaN(), math.NaN()
}

func finish(m *ModelFit) {
	m.Warnings = nil
	if !m.Converged {
		m.Warnings = append(m.Warnings, "the fit did not converge")
	}
	if m.Rank < m.design.p() {
		m.Warnings = append(m.Warnings, "design matrix not of full rank")
	}
	if !math.IsNaN(m.Bias) && math.Abs(m.Bias) > 0.1*m.NHat {
		m.Warnings = append(m.Warnings, "the asymptotic bias is large")
	}
	if !m.NFinite {
		m.Warnings = append(m.Warnings, "the maximum likelihood estimate of N does not exist")
	}
	m.Usable = len(m.Warnings) == 0
}

// fitChao fits the design; for Chao models it then drops the first
// negative eta column and refits until none is negative (Rcapture's
// neg=TRUE). It returns the final design.
//
// The signs are those of the coefficients where R's glm stops
// ([fitter.rbeta]), as Rcapture's Chao.neg reads them, not those after
// our further iterations: an eta whose column touches only empty cells
// runs off to minus infinity, and R may stop while it is still positive
// and keep it (New Orleans, TestClosedpNewOrleans). The fit reported is
// still the tight one of the design so chosen.
func fitChao(f *fitter, d design, chao int) design {
	f.setDesign(d)
	f.fit(false)
	if chao < 0 {
		return d
	}
	nm := len(d.masks)
	for {
		drop := -1
		for k := chao; k < len(d.extra); k++ {
			if !f.alias[nm+k] && f.rbeta[nm+k] < 0 {
				drop = k
				break
			}
		}
		if drop < 0 {
			return d
		}
		extra := append(append([][]float64(nil), d.extra[:drop]...), d.extra[drop+1:]...)
		d = design{masks: d.masks, extra: extra}
		f.setDesign(d)
		f.fit(false)
	}
}

// profile computes the profile-likelihood interval of m as Rcapture's
// closedpCI.t (Cormack 1992): for a candidate N the unobserved cell is
// added with count N - n and an intercept-only design row, the model is
// refitted on all 2^J cells, and the Poisson deviance D(N) becomes the
// multinomial log-likelihood l(N) = -(D(N) - 2 c(N))/2 with Stirling
// correction c(N) = n0 - N - log(n0/N)/2. l is maximised over
// (n, 1.5 N-hat); the bounds are where l falls by qchisq(.95, 1)/2, on
// (n, N_max) and (N_max, 3 N-hat).
func profile(f *fitter, m *ModelFit, n float64) {
	defer func() {
		f.y[0] = 0
		f.in[0] = false
	}()
	profileWith(m, n, func(n0 float64) float64 {
		f.y[0] = n0
		f.in[0] = true
		// Cold starts (y + 0.1) as R: a warm start from a distant N can
		// throw IRLS far off.
		fitChao(f, m.design, m.chao)
		return f.dev
	})
}

// profileWith computes m's profile-likelihood interval (see profile) from
// dev(n0), the Poisson deviance of m refitted with the unobserved cell
// holding n0.
func profileWith(m *ModelFit, n float64, dev func(n0 float64) float64) {
	if m.Behavioural || math.IsNaN(m.NHat) || math.IsInf(m.NHat, 0) || m.NHat > 1e15 {
		return
	}
	l := func(N float64) float64 {
		n0 := N - n
		if n0 < 0 {
			n0 = 0
		}
		d := dev(n0)
		var ct float64
		switch {
		case N > 100 && (n0 == 0 || n0 == 1):
			ct = -N + 0.5*math.Log(2*math.Pi*N)
		case N > 100:
			ct = n0 - N - 0.5*math.Log(n0/N)
		default:
			lgN, _ := math.Lgamma(N + 1)
			lgn0, _ := math.Lgamma(n0 + 1)
			x := lgN - N*math.Log(N) - lgn0
			if n0 > 0 {
				x += n0 * math.Log(n0)
			}
			ct = x
		}
		return -(d - 2*ct) / 2
	}
	nmax, lmax := fmax(l, n, 1.5*m.NHat, 1e-4)
	m.NMax = nmax
	cut := lmax - chisq95/2
	g := func(N float64) float64 { return l(N) - cut }
	if lo, ok := zeroin(g, n, nmax, 1e-4); ok {
		m.Lower = lo
	} else {
		m.Lower = n
	}
	if hi, ok := zeroin(g, nmax, 3*m.NHat, 1e-4); ok {
		m.Upper = hi
	} else {
		m.Upper, m.UpperOpen = 3*m.NHat, true
	}
}

// chisq95 is qchisq(0.95, 1).
const chisq95 = 3.841458820694124

// closedSpec is one of Rcapture's closedp.t models.
type closedSpec struct {
	name  string
	d     design
	chao  int
	behav int // behavNone, behavMb or behavMbh
}

// closedModels returns Rcapture's closedp.t models in its order: M0, Mt,
// then Mh and Mth with the Chao (lower bound), Poisson2, Darroch and
// Gamma3.5 heterogeneity columns, all functions of k, the number of lists
// a pattern is on, then the behavioural Mb and Mbh. With two lists only
// M0, Mt and Mb, as closedp.t.
func closedModels(J int) []closedSpec {
	nc := 1 << J
	col := func(fn func(k float64) float64) []float64 {
		v := make([]float64, nc)
		for c := 1; c < nc; c++ {
			v[c] = fn(float64(popcount(uint32(c))))
		}
		return v
	}
	kcol := col(func(k float64) float64 { return k })
	mains := []uint32{0}
	for j := 0; j < J; j++ {
		mains = append(mains, 1<<j)
	}
	var chao [][]float64
	for j := 3; j <= J; j++ {
		jj := float64(j)
		chao = append(chao, col(func(k float64) float64 { return math.Max(k-jj+1, 0) }))
	}
	hets := []struct {
		name string
		cols [][]float64
	}{
		{"Chao (LB)", chao},
		{"Poisson2", [][]float64{col(func(k float64) float64 { return math.Pow(2, k) - 1 })}},
		{"Darroch", [][]float64{col(func(k float64) float64 { return k * k / 2 })}},
		{"Gamma3.5", [][]float64{col(func(k float64) float64 { return -math.Log(3.5+k) + math.Log(3.5) })}},
	}
	specs := []closedSpec{
		{name: "M0", d: design{masks: []uint32{0}, extra: [][]float64{kcol}}, chao: -1},
		{name: "Mt", d: design{masks: mains}, chao: -1},
	}
	if J == 2 {
		return append(specs, behavSpecs(J)...)
	}
	for _, h := range hets {
		if len(h.cols) == 0 {
			continue
		}
		c := -1
		if h.name == "Chao (LB)" {
			c = 1
		}
		specs = append(specs, closedSpec{name: "Mh " + h.name,
			d: design{masks: []uint32{0}, extra: append([][]float64{kcol}, h.cols...)}, chao: c})
	}
	for _, h := range hets {
		if len(h.cols) == 0 {
			continue
		}
		c := -1
		if h.name == "Chao (LB)" {
			c = 0
		}
		specs = append(specs, closedSpec{name: "Mth " + h.name,
			d: design{masks: mains, extra: h.cols}, chao: c})
	}
	return append(specs, behavSpecs(J)...)
}

func fitClosed(f *fitter, s closedSpec, n float64) ModelFit {
	m := ModelFit{Name: s.name, design: s.d, chao: s.chao, Exists: true, NFinite: true, Behavioural: s.behav != behavNone}
	f.in[0] = false
	d := fitChao(f, s.d, s.chao)
	summarise(f, &m, n)
	if m.Behavioural {
		m.NHat, m.SE = behavN(s.behav, f.J, f.beta, f.covariance())
	}
	// Rcapture judges rank and bias on the design after the eta removal.
	full := m.design
	m.design = d
	finish(&m)
	m.design = full
	return m
}

// String returns a one-line summary.
func (m *ModelFit) String() string {
	return fmt.Sprintf("%s N=%.1f [%.1f, %.1f] AIC=%.3f BIC=%.3f", m.Name, m.NHat, m.Lower, m.Upper, m.AIC, m.BIC)
}

// boundary detects fits whose MLE does not exist: after the tight IRLS,
// empty cells whose fitted mean has collapsed towards zero lie outside the
// facial set of the extended MLE (Fienberg and Rinaldo 2012). N-hat stays
// finite when the intercept is still estimable from the remaining cells,
// that is when the intercept column is not a combination of the others
// there.
func boundary(f *fitter, m *ModelFit, n float64) {
	m.Exists, m.NFinite = true, true
	tiny := 1e-8 * math.Max(1, n/float64(f.nc))
	var out []int
	for c := 1; c < f.nc; c++ {
		if f.in[c] && f.y[c] == 0 && f.mu[c] < tiny {
			out = append(out, c)
		}
	}
	if len(out) == 0 && f.converged {
		return
	}
	m.Exists = false
	in := append([]bool(nil), f.in...)
	if f.converged {
		for _, c := range out {
			in[c] = false
		}
	} else {
		// slow divergence (typically of the intercept itself): settle
		// existence and the facial set exactly by linear programs
		if lpExists(f.J, m.design.masks, f.in, f.y) {
			m.Exists = true
			return
		}
		in = facialSet(f.J, m.design.masks, f.in, f.y)
	}
	masks := m.design.masks
	order := append(append([]uint32(nil), masks[1:]...), 0)
	ind := independentMasks(f.J, order, in)
	m.NFinite = len(ind) > 0 && ind[len(ind)-1] == 0 && !math.IsInf(m.NHat, 0) && !math.IsNaN(m.NHat)
}
