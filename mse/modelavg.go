package mse

import (
	"fmt"
	"math"
	"sort"

	"github.com/reckonhq/reckon"
)

// SelectionOptions configures [SelectionInterval]. The zero value selects
// by BIC over every hierarchical model up to [LogLinear]'s default order,
// with bootstrap replicates drawn as R's set.seed(0).
type SelectionOptions struct {
	// MaxOrder is the highest interaction order of the models compared;
	// default as [LogLinearOptions] (3 for up to 4 lists, 2 for more).
	MaxOrder int
	// Bootstrap is the number of replicates; default 1,000, or 250 when
	// more than 128 models are compared (5 lists and more; a warning says
	// so). In [Options], negative skips the interval.
	Bootstrap int
	// Seed is R's set.seed(Seed) for the multinomial resampling, as
	// [StepwiseOptions]; default 0.
	Seed uint64
	// Workers is the number of goroutines; default
	// runtime.GOMAXPROCS(0). The answer does not depend on it.
	Workers int
	// MaxModels caps the number of models compared (each is refitted on
	// every replicate); default 4,096.
	MaxModels int
}

// ModelShare is a model with a share: its BIC weight, or how often the
// bootstrap chose it.
type ModelShare struct {
	Name  string  `json:"name"`
	Share float64 `json:"share"`
}

// SelectionResult holds the estimates of [SelectionInterval] and their
// BCa 95% intervals; NaN where not computed.
type SelectionResult struct {
	Options SelectionOptions // as run, defaults filled in
	Models  int              // hierarchical models compared
	// Best is the model with the least BIC on the data and NHat its
	// estimate.
	Best string
	NHat float64
	// Lower and Upper allow for model selection: every replicate chooses
	// its own model by BIC (Silverman, Chan and Vincent 2024).
	Lower, Upper float64
	// FixedLower and FixedUpper take the best model as known: every
	// replicate refits it. The usual interval, too narrow when the model
	// was chosen from the same data.
	FixedLower, FixedUpper float64
	// Averaged is the BIC-weighted average of the models' estimates,
	// weights exp(−BIC/2) normalised over the usable models (Buckland,
	// Burnham and Augustin 1997); AveragedLower and AveragedUpper its
	// BCa interval, every replicate reweighting.
	Averaged, AveragedLower, AveragedUpper float64
	// Weights are the BIC weights of the ten heaviest models on the data;
	// Chosen the ten models the replicates chose most, with the share of
	// replicates that chose each.
	Weights, Chosen []ModelShare
	Acceleration    float64 // jackknife a-hat of the selected estimate
	BiasZ0          float64 // bias correction z0 of the selected estimate
	// Replicates is the selected estimate on every replicate; +Inf when
	// no model of the replicate has a finite, identifiable MLE.
	Replicates []float64 `json:"-"`
	Warnings   []string
}

// SelectionJSON is the model-selection part of a [Result]: the log-linear
// estimate with intervals that allow for the choice of model.
type SelectionJSON struct {
	Models        int          `json:"models"`
	Best          string       `json:"best"`
	NHat          *float64     `json:"n_hat"`
	Lower         *float64     `json:"lower"` // allowing for selection
	Upper         *float64     `json:"upper"`
	FixedLower    *float64     `json:"fixed_lower"` // the best model alone
	FixedUpper    *float64     `json:"fixed_upper"`
	Averaged      *float64     `json:"averaged"` // BIC-weighted average
	AveragedLower *float64     `json:"averaged_lower"`
	AveragedUpper *float64     `json:"averaged_upper"`
	Bootstrap     int          `json:"bootstrap"`
	Seed          uint64       `json:"seed"`
	Weights       []ModelShare `json:"weights"`
	Chosen        []ModelShare `json:"chosen"`
	Warnings      []string     `json:"warnings,omitempty"`
}

// JSON returns r's part of a [Result].
func (r *SelectionResult) JSON() *SelectionJSON {
	return &SelectionJSON{Models: r.Models, Best: r.Best, NHat: num(r.NHat), Lower: num(r.Lower), Upper: num(r.Upper),
		FixedLower: num(r.FixedLower), FixedUpper: num(r.FixedUpper),
		Averaged: num(r.Averaged), AveragedLower: num(r.AveragedLower), AveragedUpper: num(r.AveragedUpper),
		Bootstrap: r.Options.Bootstrap, Seed: r.Options.Seed, Weights: r.Weights, Chosen: r.Chosen, Warnings: r.Warnings}
}

// Summary says in one sentence what allowing for the choice of model does
// to the interval, or "" when there is no interval.
func (r *SelectionResult) Summary() string {
	if math.IsNaN(r.Lower) {
		return ""
	}
	return fmt.Sprintf("model selection: allowing for the choice of model by BIC among %d (bootstrap of %d, selection redone on each), the 95%% interval is %.0f–%s; for the best model %s alone it is %.0f–%s; the BIC-weighted average of the models is %.0f (%.0f–%s)",
		r.Models, r.Options.Bootstrap, r.Lower, upperText(r.Upper), r.Best, r.FixedLower, upperText(r.FixedUpper),
		r.Averaged, r.AveragedLower, upperText(r.AveragedUpper))
}

func upperText(v float64) string {
	if math.IsInf(v, 1) {
		return "unbounded"
	}
	return fmt.Sprintf("%.0f", v)
}

// MarshalJSON writes r with NaN and infinite numbers as null.
func (r SelectionResult) MarshalJSON() ([]byte, error) {
	type plain SelectionResult
	return finiteJSON(plain(r))
}

// SelectionInterval estimates N with intervals that allow for the choice
// of the log-linear model. An interval computed for the model chosen by
// BIC as if it had been fixed in advance ignores that other data would
// have chosen another model; it is too narrow (Silverman, Chan and
// Vincent 2024: for Kosovo about 9,100–12,000 for the best model alone,
// 6,900–18,000 allowing for the selection over all 113 models).
//
// Each of opt.Bootstrap replicates is a multinomial resample of the
// observed counts (the same tables as R's set.seed(Seed) then
// rmultinom(1, n, counts), as [Stepwise]) on which every hierarchical
// model is refitted. Three estimators are computed on the data, on every
// replicate and on the jackknife (one unit less in each observed
// pattern, weighted by its count), and each gets a BCa interval (Efron
// 1987) as in SparseMSE:
//
//   - selected: the estimate of the model with the least BIC among the
//     usable ones (finite, identifiable MLE; see [ModelFit].Usable),
//     chosen afresh on every replicate;
//   - fixed: the data's best model refitted on every replicate;
//   - averaged: Σ_m w_m N̂_m with w_m ∝ exp(−BIC_m/2) over usable models.
//
// The selected interval is the model-selection-aware one; the averaged
// estimate is smoother in the data and its interval usually between the
// two.
//
// References:
//   - Silverman, B. W., Chan, L. and Vincent, K. (2024). Bootstrapping
//     multiple systems estimates to account for model selection.
//     Statistics and Computing 34, 44.
//   - Buckland, S. T., Burnham, K. P. and Augustin, N. H. (1997). Model
//     selection: an integral part of inference. Biometrics 53, 603–618.
//   - Efron, B. (1987). Better bootstrap confidence intervals. JASA 82,
//     171–185.
func SelectionInterval(t *Table, opt SelectionOptions) (*SelectionResult, error) {
	J := t.J()
	if J < 2 || J > maxDenseLists {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: model selection interval needs 2 to %d lists, have %d", maxDenseLists, J)
	}
	n := float64(t.N())
	if n <= 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no units observed")
	}
	if opt.MaxModels <= 0 {
		opt.MaxModels = 4096
	}
	opt.MaxOrder = LogLinearOptions{MaxOrder: opt.MaxOrder}.maxOrder(J)
	if npairs := J * (J - 1) / 2; opt.MaxOrder == 2 && (npairs > 30 || 1<<npairs > opt.MaxModels) {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: model selection interval: %d lists give more than %d models to refit on every replicate; lower the number of lists", J, opt.MaxModels)
	}
	specs := Hierarchical(J, opt.MaxOrder)
	if len(specs) > opt.MaxModels {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: model selection interval: %d models exceed the cap of %d; lower the maximum order", len(specs), opt.MaxModels)
	}
	var warn []string
	if opt.Bootstrap <= 0 {
		opt.Bootstrap = 1000
		if len(specs) > 128 {
			opt.Bootstrap = 250
			warn = append(warn, fmt.Sprintf("%d replicates by default for %d models (each refitted on every replicate): the ends carry more Monte Carlo noise than with 1,000; set the number of replicates to narrow it", opt.Bootstrap, len(specs)))
		}
	}
	designs := make([]design, len(specs))
	for i, s := range specs {
		designs[i] = hierDesign(J, s)
	}
	y := t.cells()
	nw := workers(opt.Workers)
	res := &SelectionResult{Options: opt, Models: len(specs), NHat: math.NaN(), Lower: math.NaN(), Upper: math.NaN(),
		FixedLower: math.NaN(), FixedUpper: math.NaN(), Averaged: math.NaN(), AveragedLower: math.NaN(), AveragedUpper: math.NaN(),
		Warnings: warn}

	// the data
	f := newFitter(J, append([]float64(nil), y...))
	fits := make([]selFit, len(designs))
	starts := make([][]float64, len(designs)) // the data's fitted means
	for i := range designs {
		fits[i] = fitSel(f, designs[i], n, nil)
		if fits[i].usable {
			starts[i] = append([]float64(nil), f.mu...)
		}
	}
	best, avg, w := selectFits(fits)
	if best < 0 {
		res.Warnings = append(res.Warnings, "no hierarchical model has a finite, identifiable MLE: the data do not determine N under these models")
		return res, nil
	}
	res.Best, res.NHat, res.Averaged = Bracket(J, specs[best]), fits[best].nhat, avg
	res.Weights = topShares(w, specs, J)

	// the replicates
	tables := bootTables(t, opt.Seed, opt.Bootstrap)
	rows := len(t.Patterns)
	sel := make([]float64, opt.Bootstrap)
	fixed := make([]float64, opt.Bootstrap)
	avgs := make([]float64, opt.Bootstrap)
	chosen := make([]int, opt.Bootstrap)
	run := func(f *fitter, fits []selFit) (s, fx, a float64, b int) {
		for i := range designs {
			fits[i] = fitSel(f, designs[i], n, starts[i])
		}
		b, a, _ = selectFits(fits)
		s = math.Inf(1)
		if b >= 0 {
			s = fits[b].nhat
		} else {
			a = math.Inf(1)
		}
		// the fixed model counts whatever its diagnostics, as long as its
		// estimate is finite: it is not chosen, it is given
		fx = fits[best].nhat
		if math.IsNaN(fx) {
			fx = math.Inf(1)
		}
		return s, fx, a, b
	}
	parallel(opt.Bootstrap, nw, func() func(int) {
		f := newFitter(J, make([]float64, len(y)))
		fits := make([]selFit, len(designs))
		return func(b int) {
			clear(f.y)
			for i, p := range t.Patterns {
				f.y[p] += float64(tables[b*rows+i])
			}
			sel[b], fixed[b], avgs[b], chosen[b] = run(f, fits)
		}
	})
	var cells []int
	for c := 1; c < len(y); c++ {
		if y[c] > 0 {
			cells = append(cells, c)
		}
	}
	js, jf, ja := make([]float64, len(cells)), make([]float64, len(cells)), make([]float64, len(cells))
	parallel(len(cells), nw, func() func(int) {
		f := newFitter(J, make([]float64, len(y)))
		fits := make([]selFit, len(designs))
		return func(i int) {
			copy(f.y, y)
			f.y[cells[i]]--
			js[i], jf[i], ja[i], _ = run(f, fits)
		}
	})
	weightsOf := make([]float64, len(cells))
	for i, c := range cells {
		weightsOf[i] = y[c]
	}
	res.Acceleration = acceleration(weightsOf, js)
	res.Lower, res.Upper, res.BiasZ0 = bca(sel, res.NHat, res.Acceleration, 0.025, 0.975)
	res.FixedLower, res.FixedUpper, _ = bca(fixed, res.NHat, acceleration(weightsOf, jf), 0.025, 0.975)
	res.AveragedLower, res.AveragedUpper, _ = bca(avgs, res.Averaged, acceleration(weightsOf, ja), 0.025, 0.975)
	res.Replicates = sel

	counts := make([]float64, len(specs))
	none := 0
	for _, b := range chosen {
		if b < 0 {
			none++
			continue
		}
		counts[b]++
	}
	for i := range counts {
		counts[i] /= float64(opt.Bootstrap)
	}
	res.Chosen = topShares(counts, specs, J)
	if none > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d of %d replicates had no usable model: their estimate is taken as unbounded", none, opt.Bootstrap))
	}
	return res, nil
}

// selFit is what a replicate keeps of one model's fit.
type selFit struct {
	nhat, bic float64
	usable    bool
}

// fitSel fits one hierarchical model on f's counts as [LogLinear] does,
// without its names. When start is not nil, IRLS starts from those means
// (the model's fit on the data, near that of a resample) instead of the
// counts: it converges to the same maximum in fewer steps.
func fitSel(f *fitter, d design, n float64, start []float64) selFit {
	m := ModelFit{design: d, chao: -1}
	f.in[0] = false
	f.setDesign(d)
	if start != nil {
		copy(f.mu, start)
		for c := 1; c < f.nc; c++ {
			f.eta[c] = math.Log(f.mu[c])
		}
		f.fit(true)
	} else {
		f.fit(false)
	}
	summarise(f, &m, n)
	boundary(f, &m, n)
	if !m.NFinite {
		m.NHat = math.Inf(1)
	}
	finish(&m)
	return selFit{nhat: m.NHat, bic: m.BIC, usable: m.Usable}
}

// selectFits returns the usable model with the least BIC (the first on a
// tie, as [LogLinear]), or −1, the BIC-weighted average estimate and the
// weights.
func selectFits(fits []selFit) (best int, avg float64, w []float64) {
	best = -1
	for i, m := range fits {
		if m.usable && (best < 0 || m.bic < fits[best].bic-1e-7) {
			best = i
		}
	}
	w = make([]float64, len(fits))
	if best < 0 {
		return best, math.NaN(), w
	}
	var sum float64
	for i, m := range fits {
		if m.usable {
			w[i] = math.Exp(-(m.bic - fits[best].bic) / 2)
			sum += w[i]
		}
	}
	for i, m := range fits {
		w[i] /= sum
		if w[i] > 0 {
			avg += w[i] * m.nhat
		}
	}
	return best, avg, w
}

// acceleration returns the BCa acceleration a-hat from jackknife values
// weighted by the counts of their patterns (SparseMSE's, as [Stepwise]).
// Infinite jackknife values give 0: no skewness can be read.
func acceleration(w, jack []float64) float64 {
	var sw, swj float64
	for i := range jack {
		if math.IsInf(jack[i], 0) || math.IsNaN(jack[i]) {
			return 0
		}
		sw += w[i]
		swj += w[i] * jack[i]
	}
	var s2, s3 float64
	for i := range jack {
		d := swj/sw - jack[i]
		s2 += w[i] * d * d
		s3 += w[i] * d * d * d
	}
	if s2 <= 0 {
		return 0
	}
	return s3 / (6 * math.Pow(s2, 1.5))
}

// topShares returns the ten models with the largest shares, largest
// first.
func topShares(share []float64, specs [][]Term, J int) []ModelShare {
	idx := make([]int, 0, len(share))
	for i, s := range share {
		if s > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return share[idx[a]] > share[idx[b]] })
	out := []ModelShare{}
	for _, i := range idx[:min(10, len(idx))] {
		out = append(out, ModelShare{Name: Bracket(J, specs[i]), Share: share[i]})
	}
	return out
}
