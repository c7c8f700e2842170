package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/tally"
)

// EstimateOptions configure [Estimate]. The zero value estimates the
// number killed over all persons with every method and default settings.
type EstimateOptions struct {
	Measure    reckon.Measure // what the persons' lists count; "" means killed
	Population string         // a name for who is counted; "" means "all persons"
	// Strata names a person attribute (unit, rank, death_place,
	// home_town, sex, birth_year, death_year, death_month or any attribute
	// column) to estimate by; "" estimates the whole population. By
	// strata, Estimate also sums each method's estimates over the strata
	// (Stratum "ATTR=(all, summed)", see sumStrata) and estimates the
	// whole population unstratified, to show beside the sum.
	Strata string
	// StrataDraws is the number of bootstrap replicates or posterior
	// draws per stratum behind the interval of a sum over strata; 0 means
	// DefaultStrataDraws, negative skips the sums.
	StrataDraws int
	// Methods are those of loglinear, stepwise, lcmcr, closedp, chao and
	// dga to run besides the documented minimum; nil runs loglinear,
	// stepwise, lcmcr and dga.
	Methods   []reckon.Method
	Seed      uint64 // seeds stepwise's bootstrap, LCMCR's chains and dga's MC3; 0 means 1
	LogLinear mse.LogLinearOptions
	Stepwise  mse.StepwiseOptions
	LCMCR     mse.LCMCROptions
	Closedp   mse.ClosedpOptions
	// LowerBound configures chao; its Seed is set from Seed.
	LowerBound mse.LowerBoundOptions
	DGA        mse.DGAOptions
	// Selection configures the log-linear interval that allows for the
	// choice of model (mse.SelectionInterval), stored with the loglinear
	// estimate of the whole population; its seed is Seed; Bootstrap < 0
	// skips it. By stratum it runs only when Bootstrap is set (> 0): it
	// refits every model on every replicate, seconds per stratum.
	Selection mse.SelectionOptions
	// Sensitivity lists link thresholds at which to relink (in memory) and
	// report how the documented minimum and the log-linear estimate move;
	// nil skips it. Only for the whole population.
	Sensitivity []float64
	// MinStratum is the least number of persons a stratum needs for MSE;
	// smaller ones get the minimum and a warning. 0 means 30.
	MinStratum int
	// LinkageDraws is the number of linkages drawn from the match
	// probabilities (see [linkage.Result.Draw]) to compute each
	// estimate's Linkage interval, by stratum as the estimates; 0 means
	// DefaultLinkageDraws (20), negative means none.
	LinkageDraws int
	// Link, LinkOptions and LinkRand configure the relinking (in memory)
	// that the draws and Sensitivity start from: the configuration and
	// random pairs the stored persons were linked with, so that the
	// relinking finds them again. LinkRand, if not nil, gives a fresh Rand
	// in the same state for each relinking (it replaces LinkOptions.Rand).
	// Zero: the default configuration and linkage's default Rand.
	Link        linkage.Config
	LinkOptions linkage.Options
	LinkRand    func() *rand.Rand
	// Progress, if not nil, hears the stages of the run as it advances
	// (as does a reporter set with [WithProgress]); nil: no reports.
	Progress func(Progress)
}

// linkOptions are the options of one relinking.
func (o EstimateOptions) linkOptions() linkage.Options {
	lo := o.LinkOptions
	if o.LinkRand != nil {
		lo.Rand = o.LinkRand()
	}
	return lo
}

// Estimate computes, stores and returns the documented minimum and the
// multiple systems estimates of the workspace's persons, for the whole
// population or each stratum. Every estimate keeps its exact input.
//
// Unless opt.LinkageDraws is negative, it also relinks the records in
// memory, draws K linkages from the match probabilities, runs every
// method on every draw and stores, with each estimate, the interval over
// linkage and sampling uncertainty (reckon.Estimate.Linkage; see
// addLinkage for how each method's draws are combined), warning when the
// draws move a total by more than 5%.
func Estimate(ctx context.Context, s reckon.Store, opt EstimateOptions) ([]*reckon.Estimate, error) {
	opt.Progress = progressOf(ctx, opt.Progress)
	opt.LinkOptions.Progress = linkProgress(opt.Progress, "relink: ", opt.LinkOptions.Progress)
	return estimate(ctx, s, opt)
}

// estimate is Estimate with opt.Progress set.
func estimate(ctx context.Context, s reckon.Store, opt EstimateOptions) ([]*reckon.Estimate, error) {
	report := opt.Progress
	if opt.Measure == "" {
		opt.Measure = reckon.Killed
	}
	if opt.Population == "" {
		opt.Population = "all persons"
	}
	if opt.Methods == nil {
		opt.Methods = []reckon.Method{reckon.MethodLogLinear, reckon.MethodStepwise, reckon.MethodLCMCR, reckon.MethodDGA}
	}
	for _, m := range opt.Methods {
		if !m.MSE() {
			if _, err := reckon.ParseMethod(string(m)); err != nil {
				return nil, err
			}
			return nil, reckon.Errorf(reckon.EINVALID, "method %s is always computed: ask for some of loglinear, stepwise, lcmcr, closedp, chao and dga", reckon.Quote(string(m)))
		}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.MinStratum == 0 {
		opt.MinStratum = 30
	}
	opt.Stepwise.Seed = opt.Seed
	opt.LCMCR.Seed = opt.Seed
	opt.LowerBound.Seed = opt.Seed
	opt.DGA.Seed = opt.Seed

	runs, err := s.LinkRuns(ctx)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "no persons yet: run reckon link first")
	}
	run := runs[len(runs)-1]
	report(Progress{Stage: "reading persons"})
	persons, err := s.Persons(ctx, reckon.PersonFilter{})
	if err != nil {
		return nil, err
	}
	var to tally.Options
	if opt.Strata != "" {
		to.Stratum = tally.Attribute(opt.Strata)
	}
	hists, err := tally.Count(persons, to)
	if err != nil {
		return nil, err
	}
	if len(hists) == 0 {
		return nil, reckon.Errorf(reckon.EINVALID, "no persons to count (stratum %s is empty for every person?)", reckon.Quote(opt.Strata))
	}
	var sens []SensitivityPoint
	if len(opt.Sensitivity) > 0 && opt.Strata == "" {
		if sens, err = LinkSensitivity(ctx, s, opt.Link, opt.linkOptions(), opt.Sensitivity); err != nil {
			return nil, err
		}
	}
	k := opt.LinkageDraws
	if k == 0 {
		k = DefaultLinkageDraws
	}
	var dr *linkageDraws
	drawErr := ""
	if k > 0 {
		if dr, err = drawLinkages(ctx, s, opt, k, hists[0].Lists, to); err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			// Today's figures stand without the draws; say why they
			// are missing.
			dr, drawErr = nil, "linkage: no interval over linkage draws: "+err.Error()
		}
	}
	if opt.StrataDraws == 0 {
		opt.StrataDraws = DefaultStrataDraws
	}
	var out []*reckon.Estimate
	var strata []*strataOutcome
	for i, h := range hists {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		o := opt
		if opt.Strata != "" {
			stratum := opt.Strata + "=" + h.Stratum
			o.Progress = func(p Progress) {
				p.Stratum, p.StratumIndex, p.Strata = stratum, i+1, len(hists)
				report(p)
			}
		}
		es, sd, err := estimateOne(h, o)
		if err != nil {
			return nil, fmt.Errorf("stratum %s: %w", reckon.Quote(h.Stratum), err)
		}
		if sens != nil {
			addSensitivity(es[0], sens)
		}
		var byDraw map[reckon.Method][]float64
		if dr != nil {
			o.Progress(Progress{Stage: "linkage intervals"})
			byDraw = addLinkage(es, h.Stratum, dr, opt)
		}
		if drawErr != "" {
			es[0].Warnings = append(es[0].Warnings, drawErr)
		}
		strata = append(strata, &strataOutcome{min: es[0], draws: sd, byDraw: byDraw})
		for _, e := range es {
			e.LinkRunID = run.ID
			if err := s.SaveEstimate(ctx, e); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	if opt.Strata == "" {
		return out, nil
	}
	if opt.StrataDraws > 0 {
		unplaced := 0
		for _, p := range persons {
			if to.Stratum(p) == "" {
				unplaced++
			}
		}
		report(Progress{Stage: "sums over strata"})
		sums, err := sumStrata(strata, unplaced, opt)
		if err != nil {
			return nil, err
		}
		if dr != nil {
			addSumLinkage(sums, strata, dr)
		}
		for _, e := range sums {
			e.LinkRunID = run.ID
			if err := s.SaveEstimate(ctx, e); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
	}
	// the unstratified total, to read beside the sum
	whole := opt
	whole.Strata = ""
	report(Progress{Stage: "whole population"})
	we, err := estimate(ctx, s, whole)
	if err != nil {
		return nil, fmt.Errorf("the whole population, beside the strata: %w", err)
	}
	return append(out, we...), nil
}

// estimateOne runs the methods on one table of capture histories. By
// strata (opt.Strata set, opt.StrataDraws > 0) it also returns each
// method's draws of N for the sum over strata (see sumStrata); nil when
// the stratum is too small to estimate.
func estimateOne(h *tally.Histories, opt EstimateOptions) ([]*reckon.Estimate, strataDraws, error) {
	stratum := ""
	if opt.Strata != "" {
		stratum = opt.Strata + "=" + h.Stratum
	}
	input := h.CSV()
	base := func(method reckon.Method) *reckon.Estimate {
		return &reckon.Estimate{Measure: opt.Measure, Population: opt.Population, Stratum: stratum, Method: method,
			Observed: h.Observed, Lists: h.Lists, Input: input, Version: reckon.Version}
	}
	min := base(reckon.MethodMinimum)
	min.NHat, min.Lower, min.Upper = float64(h.Observed), float64(h.Observed), float64(h.Observed)
	min.Interval = "none: a count of distinct persons"
	min.Result = fmt.Sprintf(`{"observed":%d}`, h.Observed)
	out := []*reckon.Estimate{min}

	var warn []string
	if len(h.Lists) < 2 {
		min.Warnings = append(min.Warnings, "only one list: no estimate beyond the documented minimum is possible")
		return out, nil, nil
	}
	if h.Observed < int64(opt.MinStratum) {
		min.Warnings = append(min.Warnings, fmt.Sprintf("only %d persons: too few for multiple systems estimation (at least %d)", h.Observed, opt.MinStratum))
		return out, nil, nil
	}
	warn = append(warn, overlapWarnings(h)...)

	// The methods run on the table read back from the stored input, row
	// for row, so that its printed recipe (reckon mse input.csv …)
	// repeats every figure: the bootstrap resamples the rows in their
	// order, and the input's rows are not in the order of the dense table.
	t, err := mse.ReadCSV(strings.NewReader(input))
	if err != nil {
		return nil, nil, fmt.Errorf("estimate: reading back the stored input: %w", err)
	}
	var sd strataDraws
	if opt.Strata != "" && opt.StrataDraws > 0 {
		sd = strataDraws{}
	}
	// bootstrap adds the draws of est over resamples of t when summing.
	bootstrap := func(m reckon.Method, nhat float64, draw func() ([]float64, error)) {
		if sd == nil {
			return
		}
		d, err := draw()
		if err != nil {
			min.Warnings = append(min.Warnings, string(m)+": no draws for the sum over strata: "+err.Error())
			return
		}
		addStrataDraws(sd, m, nhat, d)
	}
	// A result that cannot be written is an error, never an empty field.
	var jsonErr error
	settings := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil && jsonErr == nil {
			jsonErr = fmt.Errorf("estimate: writing the %T: %w", v, err)
		}
		return string(b)
	}
	for i, m := range opt.Methods {
		if opt.Progress != nil {
			opt.Progress(Progress{Stage: "estimating", Method: m, Done: i + 1, Total: len(opt.Methods)})
		}
		e := base(m)
		e.Seed = opt.Seed
		e.Warnings = append(e.Warnings, warn...)
		switch m {
		case reckon.MethodLogLinear:
			res, err := mse.LogLinear(t, opt.LogLinear)
			if err != nil {
				return nil, nil, err
			}
			if res.BestBIC < 0 {
				min.Warnings = append(min.Warnings, "loglinear: no usable model")
				continue
			}
			best := res.Models[res.BestBIC]
			e.Model, e.NHat, e.Lower, e.Upper = best.Name, best.NHat, best.Lower, best.Upper
			if best.UpperOpen {
				e.Upper = math.Inf(1)
			}
			e.Interval = "profile likelihood 95%, best model by BIC"
			if !res.Exhaustive {
				e.Interval += " among those a bounded search visited"
				e.Warnings = append(e.Warnings, "loglinear: "+res.Search)
			}
			e.Settings = settings(opt.LogLinear)
			e.Result = settings(res)
			e.Warnings = append(e.Warnings, best.Warnings...)
			bootstrap(m, e.NHat, func() ([]float64, error) { return best.Replicates(t, opt.StrataDraws, opt.Seed) })
			if sel := opt.Selection; sel.Bootstrap > 0 || sel.Bootstrap == 0 && opt.Strata == "" {
				// The profile interval takes the chosen model as known;
				// say how much wider the choice makes it.
				sel.Seed = opt.Seed
				sr, err := mse.SelectionInterval(t, sel)
				if err != nil {
					e.Warnings = append(e.Warnings, "model selection interval: "+err.Error())
					break
				}
				if s := sr.Summary(); s != "" {
					e.Warnings = append(e.Warnings, s)
				}
				if e.Result, err = withExtra(res, keySelection, sr.JSON()); err != nil {
					return nil, nil, fmt.Errorf("estimate: writing the loglinear result: %w", err)
				}
			}
		case reckon.MethodStepwise:
			res, err := mse.Stepwise(t, opt.Stepwise)
			if err != nil {
				// A model whose MLE does not exist is said plainly, not
				// turned into a number.
				min.Warnings = append(min.Warnings, "stepwise: "+err.Error())
				continue
			}
			e.Model = "main effects + " + fmt.Sprint(res.Names)
			e.NHat, e.Lower, e.Upper = res.NHat, res.Lower, res.Upper
			e.Interval = "BCa bootstrap 95%"
			if math.IsNaN(res.Lower) {
				e.Lower, e.Upper = res.NormalLower, res.NormalUpper
				e.Interval = "normal 95% on the log dark figure"
			}
			e.Settings = settings(opt.Stepwise)
			bootstrap(m, e.NHat, func() ([]float64, error) {
				if len(res.Bootstrap) == 0 {
					return nil, fmt.Errorf("stepwise ran without its bootstrap")
				}
				return res.Bootstrap, nil
			})
			res.Bootstrap = nil // the replicates are many and reproducible from the seed
			e.Result = settings(res)
		case reckon.MethodClosedp:
			res, err := mse.Closedp(t, opt.Closedp)
			if err != nil {
				min.Warnings = append(min.Warnings, "closedp: "+err.Error())
				continue
			}
			if res.BestBIC < 0 {
				min.Warnings = append(min.Warnings, "closedp: no usable model")
				continue
			}
			closedpEstimate(e, &res.Models[res.BestBIC])
			bootstrap(m, e.NHat, func() ([]float64, error) { return res.Models[res.BestBIC].Replicates(t, opt.StrataDraws, opt.Seed) })
			e.Settings = settings(opt.Closedp)
			e.Result = settings(res)
		case reckon.MethodChao:
			res, err := mse.LowerBound(t, opt.LowerBound)
			if err != nil {
				min.Warnings = append(min.Warnings, "chao: "+err.Error())
				continue
			}
			chaoEstimate(e, res)
			bootstrap(m, e.NHat, func() ([]float64, error) {
				return mse.BootstrapOf(t, opt.StrataDraws, opt.Seed, func(r *mse.Table) (float64, error) {
					lb, err := mse.LowerBound(r, mse.LowerBoundOptions{Bootstrap: -1})
					if err != nil {
						return 0, err
					}
					return lb.Chao, nil
				})
			})
			e.Settings = settings(opt.LowerBound)
			e.Result = settings(res)
		case reckon.MethodLCMCR:
			res, err := mse.LCMCR(t, opt.LCMCR)
			if err != nil {
				return nil, nil, err
			}
			e.Model = fmt.Sprintf("latent classes K=%d", res.Options.K)
			e.NHat, e.Lower, e.Upper = res.Median, res.Lower, res.Upper
			e.Interval = "posterior 95% (median and 2.5–97.5% quantiles)"
			e.Settings = settings(res.Options)
			e.Warnings = append(e.Warnings, res.Warnings...)
			draws := res.Draws
			if sd != nil {
				var all []float64
				for _, c := range draws {
					all = append(all, c...)
				}
				addStrataDraws(sd, m, e.NHat, all)
			}
			res.Draws = nil
			if e.Result, err = withExtra(res, keyQuantiles, quantiles(draws)); err != nil {
				return nil, nil, fmt.Errorf("estimate: writing the lcmcr result: %w", err)
			}
		case reckon.MethodDGA:
			res, err := mse.DGA(t, opt.DGA)
			if err != nil {
				return nil, nil, err
			}
			bootstrap(m, e.NHat, func() ([]float64, error) { return res.Sample(opt.StrataDraws, opt.Seed) })
			e.Model = fmt.Sprintf("decomposable graphs, top %s (%.3f)", res.Graphs[0].Name, res.Graphs[0].Weight)
			e.NHat, e.Lower, e.Upper = res.Median, res.Lower, res.Upper
			e.Interval = fmt.Sprintf("posterior 95%% (median and 2.5–97.5%% quantiles), averaged over all %d decomposable graphs", res.GraphsTotal)
			if !res.Exhaustive {
				e.Interval = fmt.Sprintf("posterior 95%% (median and 2.5–97.5%% quantiles), averaged over the %d decomposable graphs MC3 visited: approximate", res.GraphsTotal)
			}
			o := opt.DGA
			o.Seed = 0 // the estimate's seed
			e.Settings = settings(o)
			e.Warnings = append(e.Warnings, res.Warnings...)
			e.Result = settings(res)
		}
		out = append(out, e)
	}
	if jsonErr != nil {
		return nil, nil, jsonErr
	}
	return out, sd, nil
}

// overlapWarnings flags pairs of lists that share too few persons for
// their dependence to be estimated well.
func overlapWarnings(h *tally.Histories) []string {
	var out []string
	J := len(h.Lists)
	for a := 0; a < J; a++ {
		for b := a + 1; b < J; b++ {
			var both int64
			for p, c := range h.Counts {
				if p>>a&1 == 1 && p>>b&1 == 1 {
					both += c
				}
			}
			if both < 5 {
				out = append(out, fmt.Sprintf("lists %s and %s share only %d persons: estimates that model their dependence are fragile", h.Lists[a], h.Lists[b], both))
			}
		}
	}
	return out
}

// quantiles summarises posterior draws at every 2.5% for plotting.
func quantiles(chains [][]float64) []float64 {
	var all []float64
	for _, c := range chains {
		all = append(all, c...)
	}
	if len(all) == 0 {
		return nil
	}
	slices.Sort(all)
	var q []float64
	for i := 0; i <= 40; i++ {
		q = append(q, all[min(len(all)-1, i*len(all)/40)])
	}
	return q
}

// addSensitivity records the linkage sensitivity with the documented
// minimum: in its result, and as one line a reader sees.
func addSensitivity(min *reckon.Estimate, pts []SensitivityPoint) {
	b, _ := json.Marshal(struct {
		Observed    int64              `json:"observed"`
		Sensitivity []SensitivityPoint `json:"link_sensitivity"`
	}{min.Observed, pts})
	min.Result = string(b)
	lo, hi := pts[0], pts[0]
	var nlo, nhi float64 = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if p.Persons < lo.Persons {
			lo = p
		}
		if p.Persons > hi.Persons {
			hi = p
		}
		if p.NHat > 0 {
			nlo, nhi = math.Min(nlo, p.NHat), math.Max(nhi, p.NHat)
		}
	}
	msg := fmt.Sprintf("linkage sensitivity: at link thresholds %g to %g the documented minimum ranges %d to %d",
		pts[0].Threshold, pts[len(pts)-1].Threshold, lo.Persons, hi.Persons)
	if nhi >= nlo {
		msg += fmt.Sprintf(" and the best log-linear estimate %.0f to %.0f", nlo, nhi)
	}
	min.Warnings = append(min.Warnings, msg)
}
