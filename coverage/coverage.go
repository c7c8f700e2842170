// Package coverage checks the whole chain against a known truth: it
// generates synthetic lists of a known number of dead (package synth),
// links them into persons (linkage), counts the capture histories (tally)
// and estimates the total by each method (mse), many times over, and
// reports how often each method's 95% interval covers the true total and
// how far the documented minimum falls below it.
//
// [Scenarios] does the same on the scenarios of package scenario, a
// generator independent of synth whose parameters vary widely, and
// measures the linkage itself: pairwise and B-cubed scores, blocking
// recall, and the calibration of the match probabilities over the
// candidate pairs, by the expected calibration error
//
//	ECE = Σ_b (n_b / n) |p̄_b − o_b|
//
// over 10 equal-width bins b of probability, with n_b pairs, mean
// probability p̄_b and share o_b truly one person (Naeini, Cooper and
// Hauskrecht, "Obtaining well calibrated probabilities using Bayesian
// binning", AAAI 2015). Because most candidate pairs are non-matches
// scored near 0, a linkage that links nothing can still have a small ECE:
// read it beside pairwise recall and the reliability curve.
//
// [ReviewSimulation] measures what review buys: a reviewer who answers
// from the truth decides the pairs of the review band in an order (the
// impact order of reckon review, random pairs, or the most uncertain
// first), the records are linked again with the decisions after each
// batch, and the total estimated again with its combined interval over
// linkage draws, until the interval covers the true N and the estimate
// is within 5% of it.
package coverage

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/synth"
	"github.com/reckonhq/reckon/tally"
)

// Options configure Evaluate. The zero value runs 10 seeds at N = 2000 with
// four lists.
type Options struct {
	Sizes []int // true population sizes; nil means {2000}
	Seeds int   // runs per size, seeds 1..Seeds; 0 means 10
	Lists int   // lists per run; 0 means 4
	Synth synth.Options
	// Methods to run; nil means loglinear, stepwise and lcmcr. Besides
	// the methods of mse (loglinear, stepwise, lcmcr, closedp, chao, dga)
	// it takes the study's own (see [Methods]).
	Methods []string
	// Selection configures the selection and averaged methods; Bootstrap
	// 0 means 200 replicates.
	Selection mse.SelectionOptions
	// TrueLinkage estimates from the true persons instead of linking, to
	// tell the estimators' error from the linkage's; the records are not
	// linked at all (PairwiseF1 and ClusterF1 are 1).
	TrueLinkage bool
	LCMCR       mse.LCMCROptions
	Stepwise    mse.StepwiseOptions
	// Draws is the number of linkages drawn from the match probabilities
	// per run, as reckon estimate draws them; each method then also gets
	// its interval over linkage and sampling, reported as the method
	// "METHOD over linkage", and the documented minimum its range over
	// the draws ("minimum over linkage", against the true number of
	// persons on the lists). 0: no draws.
	Draws int
	// Progress, if not nil, is told after each run.
	Progress func(done, total int)
}

// Run is one run's outcome.
type Run struct {
	N, Seed      int
	Records      int
	Captured     int // true persons on at least one list
	Persons      int // persons after linkage: the documented minimum
	PairwiseF1   float64
	ClusterF1    float64
	TrueCaptured int64 // the documented minimum had linkage been perfect
	Estimates    map[string]Interval
}

// Interval is a method's estimate with its 95% interval.
type Interval struct {
	NHat, Lower, Upper float64
	Err                string `json:",omitempty"`
}

// Covers reports whether the interval holds n.
func (iv Interval) Covers(n int) bool {
	return iv.Err == "" && iv.Lower <= float64(n) && float64(n) <= iv.Upper
}

// Summary aggregates runs by method.
type Summary struct {
	Method     string
	Runs       int
	Covered    int
	Coverage   float64 // share of runs whose interval holds the truth
	MeanRelErr float64 // mean of (n̂ − N)/N
	MeanWidth  float64 // mean of (upper − lower)/N
	Failed     int     // runs without an estimate
}

// Report is the outcome of Evaluate.
type Report struct {
	Runs    []Run
	Methods []Summary
	// MinimumRelErr is the mean of (documented minimum − N)/N, and
	// TrueMinimumRelErr the same had linkage been perfect.
	MinimumRelErr, TrueMinimumRelErr float64
}

// Evaluate runs the chain for every size and seed.
func Evaluate(ctx context.Context, opt Options) (*Report, error) {
	if opt.Sizes == nil {
		opt.Sizes = []int{2000}
	}
	if opt.Seeds == 0 {
		opt.Seeds = 10
	}
	if opt.Lists == 0 {
		opt.Lists = 4
	}
	if opt.Methods == nil {
		opt.Methods = []string{string(reckon.MethodLogLinear), string(reckon.MethodStepwise), string(reckon.MethodLCMCR)}
	}
	rep := &Report{}
	total := len(opt.Sizes) * opt.Seeds
	for _, n := range opt.Sizes {
		for seed := 1; seed <= opt.Seeds; seed++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r, err := one(n, seed, opt)
			if err != nil {
				return nil, fmt.Errorf("N=%d seed %d: %w", n, seed, err)
			}
			rep.Runs = append(rep.Runs, *r)
			if opt.Progress != nil {
				opt.Progress(len(rep.Runs), total)
			}
		}
	}
	methods := opt.Methods
	if opt.Draws > 0 && !opt.TrueLinkage {
		methods = append([]string{}, methods...)
		for _, m := range opt.Methods {
			if drawable(m) {
				methods = append(methods, m+overLinkage)
			}
		}
		methods = append(methods, "minimum"+overLinkage)
	}
	for _, m := range methods {
		s := Summary{Method: m}
		for _, r := range rep.Runs {
			iv := r.Estimates[m]
			truth := r.N
			if m == "minimum"+overLinkage {
				truth = r.Captured
			}
			s.Runs++
			if iv.Err != "" {
				s.Failed++
				continue
			}
			if iv.Covers(truth) {
				s.Covered++
			}
			s.MeanRelErr += (iv.NHat - float64(truth)) / float64(truth)
			s.MeanWidth += (iv.Upper - iv.Lower) / float64(truth)
		}
		if ok := s.Runs - s.Failed; ok > 0 {
			s.Coverage = float64(s.Covered) / float64(s.Runs)
			s.MeanRelErr /= float64(ok)
			s.MeanWidth /= float64(ok)
		}
		rep.Methods = append(rep.Methods, s)
	}
	for _, r := range rep.Runs {
		rep.MinimumRelErr += float64(r.Persons-r.N) / float64(r.N) / float64(len(rep.Runs))
		rep.TrueMinimumRelErr += float64(r.Captured-r.N) / float64(r.N) / float64(len(rep.Runs))
	}
	return rep, nil
}

func one(n, seed int, opt Options) (*Run, error) {
	so := opt.Synth
	so.N, so.Lists = n, opt.Lists
	data, err := synth.Generate(rand.New(rand.NewPCG(uint64(seed), uint64(n))), so)
	if err != nil {
		return nil, err
	}
	var recs []reckon.Record
	truth := map[string]string{}
	for _, l := range data.Lists {
		for _, r := range l {
			recs = append(recs, r)
			truth[linkage.RecordKey(r)] = fmt.Sprint(data.Truth[r.RecordID])
		}
	}
	var run *Run
	var res *linkage.Result
	var persons []*reckon.Person
	if opt.TrueLinkage {
		run = &Run{N: n, Seed: seed, Records: len(recs), PairwiseF1: 1, ClusterF1: 1, Estimates: map[string]Interval{}}
	} else {
		var err error
		res, err = linkage.Link(recs, nil, linkage.Config{}, linkage.Options{Rand: rand.New(rand.NewPCG(uint64(seed), 1))})
		if err != nil {
			return nil, err
		}
		ev := linkage.Evaluate(truth, res.Prediction())
		run = &Run{N: n, Seed: seed, Records: len(recs), Persons: len(res.Persons), PairwiseF1: ev.Pairwise.F1, ClusterF1: ev.Cluster.F1,
			Captured: ev.TruePersons, Estimates: map[string]Interval{}}
		persons = make([]*reckon.Person, len(res.Persons))
		for i, p := range res.Persons {
			persons[i] = &reckon.Person{}
			for _, k := range p.Records {
				persons[i].Records = append(persons[i].Records, &recs[k])
			}
		}
	}
	if opt.TrueLinkage {
		byTrue := map[int]*reckon.Person{}
		persons = persons[:0]
		for i := range recs {
			id := data.Truth[recs[i].RecordID]
			p := byTrue[id]
			if p == nil {
				p = &reckon.Person{}
				byTrue[id] = p
				persons = append(persons, p)
			}
			p.Records = append(p.Records, &recs[i])
		}
		run.Persons, run.Captured = len(persons), len(persons)
	}
	hs, err := tally.Count(persons, tally.Options{Lists: data.ListNames})
	if err != nil {
		return nil, err
	}
	t, err := mse.NewTable(hs[0].Lists, hs[0].Counts)
	if err != nil {
		return nil, err
	}
	run.Estimates, err = estimateTable(t, opt.Methods, methodOptions{opt.LCMCR, opt.Stepwise, opt.Selection}, uint64(seed))
	if err != nil {
		return nil, err
	}
	if opt.Draws > 0 && !opt.TrueLinkage {
		if err := overDraws(run, res, recs, data.ListNames, seed, opt); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// The study's own methods, besides those of mse.
const (
	// MethodSelection is the best-BIC log-linear model with the BCa
	// interval that allows for the choice of model (mse.SelectionInterval).
	MethodSelection = "selection"
	// MethodAveraged is the BIC-weighted average of the log-linear models
	// with its BCa interval.
	MethodAveraged = "averaged"
	// MethodSampleCoverage is Chao and Tsay's (1998) sample-coverage
	// estimate N̂1 with its interval (mse.LowerBound).
	MethodSampleCoverage = "samplecoverage"
	// MethodUncertainty is the interval over models: the span of the 95%
	// intervals of the model families run in the same trial (loglinear,
	// selection, averaged, stepwise, lcmcr, closedp, dga; lower bounds
	// are not estimates and are left out), closedp's widened to the
	// closedp models the data do not rule out (mse.ClosedpResult.Window),
	// with the median of their points. It is what reconcile's spread
	// shows a reader.
	MethodUncertainty = "uncertainty"
)

// Methods are every method the study knows, in the order it runs them.
var Methods = []string{string(reckon.MethodLogLinear), MethodSelection, MethodAveraged, string(reckon.MethodStepwise), string(reckon.MethodLCMCR),
	string(reckon.MethodClosedp), string(reckon.MethodDGA), string(reckon.MethodChao), MethodSampleCoverage, MethodUncertainty}

// families are the methods whose intervals the interval over models spans.
var families = []string{string(reckon.MethodLogLinear), MethodSelection, MethodAveraged, string(reckon.MethodStepwise), string(reckon.MethodLCMCR), string(reckon.MethodClosedp), string(reckon.MethodDGA)}

// drawable reports whether m is estimated over linkage draws: not the
// model-selection methods, which refit every model on every replicate
// (too slow for a study), nor the interval over models.
func drawable(m string) bool {
	return m != MethodSelection && m != MethodAveraged && m != MethodUncertainty
}

// methodOptions are the settings of the methods that have any.
type methodOptions struct {
	lcmcr     mse.LCMCROptions
	stepwise  mse.StepwiseOptions
	selection mse.SelectionOptions
}

// estimateTable runs each method on t with the seed, as Evaluate and
// Scenarios do: log-linear by BIC without heterogeneity terms, stepwise
// with its BCa interval (the normal one when the bootstrap gives none),
// LCMCR's and dga's posterior median and 95% credible interval, closedp's
// best model by BIC, Chao's lower bound and the sample-coverage estimate,
// the model-selection and BIC-averaged log-linear intervals, and the
// interval over models (MethodUncertainty) from the others. A method
// that fails gets an Interval with Err; an unknown method is an error.
func estimateTable(t *mse.Table, methods []string, mo methodOptions, seed uint64) (map[string]Interval, error) {
	out := map[string]Interval{}
	var sel *mse.SelectionResult
	var selErr error
	var window *Interval // closedp's interval over its models, for the span
	for _, m := range methods {
		var iv Interval
		var err error
		switch m {
		case string(reckon.MethodClosedp):
			var w Interval
			iv, w = closedpIntervals(t)
			window = &w
		case MethodSelection, MethodAveraged:
			if sel == nil && selErr == nil {
				so := mo.selection
				if so.Bootstrap == 0 {
					so.Bootstrap = 200
				}
				so.Seed = seed
				sel, selErr = mse.SelectionInterval(t, so)
			}
			iv = selectionInterval(sel, selErr, m)
		case MethodUncertainty:
			continue // from the others, below
		default:
			iv, _, err = estimate(t, m, seed, mo.lcmcr, mo.stepwise)
		}
		if err != nil {
			return nil, err
		}
		out[m] = iv
	}
	if slices.Contains(methods, MethodUncertainty) {
		fam := maps.Clone(out)
		if window != nil {
			fam[string(reckon.MethodClosedp)] = *window
		}
		out[MethodUncertainty] = span(fam)
	}
	return out, nil
}

// closedpIntervals fits the closedp.t models of t and returns the best
// model's interval by BIC (a normal one from its standard error for a
// behavioural model, which has no profile interval) and that interval
// widened to the models the data do not rule out
// (mse.ClosedpResult.Window), as reconcile's spread counts it.
func closedpIntervals(t *mse.Table) (best, window Interval) {
	r, err := mse.Closedp(t, mse.ClosedpOptions{})
	if err != nil || r.BestBIC < 0 {
		best.Err = fmt.Sprint("no usable model ", err)
		return best, best
	}
	b := r.Models[r.BestBIC]
	best = Interval{NHat: b.NHat, Lower: b.Lower, Upper: b.Upper}
	if b.UpperOpen {
		best.Upper = math.Inf(1)
	}
	if math.IsNaN(b.Lower) { // behavioural models have no profile interval
		best.Lower, best.Upper = b.NHat-1.96*b.SE, b.NHat+1.96*b.SE
	}
	window = best
	if lo, hi, _, ok := r.Window(); ok {
		window.Lower, window.Upper = min(best.Lower, lo), max(best.Upper, hi)
	}
	return best, window
}

// selectionInterval reads the selection or averaged method's interval.
func selectionInterval(r *mse.SelectionResult, err error, m string) Interval {
	switch {
	case err != nil:
		return Interval{Err: err.Error()}
	case math.IsNaN(r.NHat):
		return Interval{Err: "no usable log-linear model"}
	case m == MethodAveraged:
		return Interval{NHat: r.Averaged, Lower: r.AveragedLower, Upper: r.AveragedUpper}
	}
	return Interval{NHat: r.NHat, Lower: r.Lower, Upper: r.Upper}
}

// span is the interval over models: from the least lower end to the
// greatest upper end of the families' intervals in ivs, the median of
// their points between. Err when none of them gave an interval.
func span(ivs map[string]Interval) Interval {
	out := Interval{Lower: math.Inf(1), Upper: math.Inf(-1)}
	var pts []float64
	for _, m := range families {
		iv, ok := ivs[m]
		if !ok || iv.Err != "" || math.IsNaN(iv.Lower) || math.IsNaN(iv.Upper) {
			continue
		}
		out.Lower, out.Upper = min(out.Lower, iv.Lower), max(out.Upper, iv.Upper)
		pts = append(pts, iv.NHat)
	}
	if len(pts) == 0 {
		return Interval{Err: "no method gave an interval"}
	}
	slices.Sort(pts)
	out.NHat = pts[len(pts)/2]
	if len(pts)%2 == 0 {
		out.NHat = (pts[len(pts)/2-1] + pts[len(pts)/2]) / 2
	}
	return out
}

// MarshalJSON writes the interval with null for a bound that is not a
// finite number (an open upper bound is +Inf), which JSON cannot hold.
func (iv Interval) MarshalJSON() ([]byte, error) {
	num := func(v float64) any {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return v
	}
	return json.Marshal(struct {
		NHat, Lower, Upper any
		Err                string `json:",omitempty"`
	}{num(iv.NHat), num(iv.Lower), num(iv.Upper), iv.Err})
}

// overLinkage names a method's interval over linkage draws.
const overLinkage = " over linkage"

// estimate runs method m on t; for LCMCR it also returns the posterior
// samples. An estimate the method cannot make is an Interval with Err.
func estimate(t *mse.Table, m string, seed uint64, lo mse.LCMCROptions, so mse.StepwiseOptions) (Interval, []float64, error) {
	var iv Interval
	switch m {
	case string(reckon.MethodLogLinear):
		r, err := mse.LogLinear(t, mse.LogLinearOptions{NoHeterogeneity: true, Intervals: -1})
		if err != nil || r.BestBIC < 0 {
			iv.Err = fmt.Sprint("no usable model ", err)
			break
		}
		b := r.Models[r.BestBIC]
		iv = Interval{NHat: b.NHat, Lower: b.Lower, Upper: b.Upper}
		if b.UpperOpen {
			iv.Upper = math.Inf(1)
		}
	case string(reckon.MethodStepwise):
		so.Seed = seed
		r, err := mse.Stepwise(t, so)
		if err != nil {
			iv.Err = err.Error()
			break
		}
		iv = Interval{NHat: r.NHat, Lower: r.Lower, Upper: r.Upper}
		if math.IsNaN(r.Lower) {
			iv.Lower, iv.Upper = r.NormalLower, r.NormalUpper
		}
	case string(reckon.MethodLCMCR):
		lo.Seed = seed
		r, err := mse.LCMCR(t, lo)
		if err != nil {
			iv.Err = err.Error()
			break
		}
		var all []float64
		for _, c := range r.Draws {
			all = append(all, c...)
		}
		return Interval{NHat: r.Median, Lower: r.Lower, Upper: r.Upper}, all, nil
	case string(reckon.MethodDGA):
		r, err := mse.DGA(t, mse.DGAOptions{Seed: seed})
		if err != nil {
			iv.Err = err.Error()
			break
		}
		iv = Interval{NHat: r.Median, Lower: r.Lower, Upper: r.Upper}
	case string(reckon.MethodClosedp):
		iv, _ = closedpIntervals(t)
	case string(reckon.MethodChao), MethodSampleCoverage:
		r, err := mse.LowerBound(t, mse.LowerBoundOptions{Seed: seed})
		if err != nil {
			iv.Err = err.Error()
			break
		}
		iv = Interval{NHat: r.Chao, Lower: r.ChaoLower, Upper: r.ChaoUpper}
		if m == MethodSampleCoverage {
			iv = Interval{NHat: r.Coverage1, Lower: r.CoverageLower, Upper: r.CoverageUpper}
			if math.IsNaN(r.Coverage1) || math.IsNaN(r.CoverageLower) {
				iv = Interval{Err: "no sample-coverage estimate"}
			}
		}
	default:
		return iv, nil, reckon.Errorf(reckon.EINVALID, "unknown method %q", m)
	}
	return iv, nil, nil
}

// overDraws adds to run the estimates over opt.Draws linkages drawn from
// res (see drawnEstimates).
func overDraws(run *Run, res *linkage.Result, recs []reckon.Record, lists []string, seed int, opt Options) error {
	ests, err := drawnEstimates(res, recs, lists, uint64(seed), opt.Draws, opt.Methods, opt.LCMCR, opt.Stepwise)
	if err != nil {
		return err
	}
	maps.Copy(run.Estimates, ests)
	return nil
}

// drawnEstimates draws k linkages from res, runs every method on each
// with the settings reckon estimate uses for its draws
// ([pipeline.DrawOptions]) and combines them as it does: Rubin's rules
// for log-linear and stepwise, the pooled posterior for LCMCR, the range
// of distinct persons for the minimum. The keys are the methods' names
// followed by " over linkage".
func drawnEstimates(res *linkage.Result, recs []reckon.Record, lists []string, seed uint64, k int, methods []string, lcmcr mse.LCMCROptions, stepwise mse.StepwiseOptions) (map[string]Interval, error) {
	dopt := pipeline.DrawOptions(pipeline.EstimateOptions{LCMCR: lcmcr, Stepwise: stepwise}, k)
	rng := rand.New(rand.NewPCG(seed, 0x6c696e6b))
	draws := map[string][]mse.Draw{}
	samples := map[string][][]float64{}
	var persons []float64
	for d := range k {
		label := res.Draw(rng)
		n := slices.Max(label) + 1
		ps := make([]*reckon.Person, n)
		for i := range ps {
			ps[i] = &reckon.Person{}
		}
		for i, l := range label {
			ps[l].Records = append(ps[l].Records, &recs[i])
		}
		persons = append(persons, float64(n))
		hs, err := tally.Count(ps, tally.Options{Lists: lists})
		if err != nil {
			return nil, err
		}
		t, err := mse.NewTable(hs[0].Lists, hs[0].Counts)
		if err != nil {
			return nil, err
		}
		for _, m := range methods {
			if !drawable(m) {
				continue
			}
			iv, post, err := estimate(t, m, seed+uint64(d)+1, dopt.LCMCR, dopt.Stepwise)
			if err != nil {
				return nil, err
			}
			if iv.Err != "" {
				continue
			}
			if m == string(reckon.MethodLCMCR) {
				samples[m] = append(samples[m], post)
				continue
			}
			draws[m] = append(draws[m], mse.Draw{NHat: iv.NHat, Lower: iv.Lower, Upper: iv.Upper})
		}
	}
	out := map[string]Interval{}
	for _, m := range methods {
		if !drawable(m) {
			continue
		}
		var c mse.Combined
		if m == string(reckon.MethodLCMCR) {
			c = mse.Pool(samples[m])
		} else {
			c = mse.Rubin(draws[m])
		}
		iv := Interval{NHat: c.NHat, Lower: c.Lower, Upper: c.Upper}
		if c.Draws == 0 {
			iv.Err = "no draw gave an estimate"
		}
		out[m+overLinkage] = iv
	}
	if len(persons) > 0 {
		slices.Sort(persons)
		out["minimum"+overLinkage] = Interval{NHat: persons[len(persons)/2], Lower: persons[0], Upper: persons[len(persons)-1]}
	}
	return out, nil
}
