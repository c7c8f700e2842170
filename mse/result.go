package mse

import (
	"math"
	"strings"

	"github.com/reckonhq/reckon"
)

// MethodAll asks [Estimate] to run every method of multiple systems
// estimation that can run on the table: every [reckon.Method] but the
// documented minimum (loglinear runs Rcapture's heterogeneity models
// too, see [Closedp]; chao gives lower bounds without a model, see
// [LowerBound]; dga averages over decomposable graphs, see [DGA]).
const MethodAll = "all"

// Options configures [Estimate]. The zero value runs every method with
// its defaults.
type Options struct {
	Method     string // a reckon.Method but the minimum, or MethodAll; "" means all
	LogLinear  LogLinearOptions
	Stepwise   StepwiseOptions
	LCMCR      LCMCROptions
	Closedp    ClosedpOptions
	LowerBound LowerBoundOptions
	DGA        DGAOptions
	// Selection configures the log-linear interval that allows for the
	// choice of model ([SelectionInterval]), computed whenever log-linear
	// models are; Selection.Bootstrap < 0 skips it.
	Selection SelectionOptions
	// Models is the number of hierarchical models listed in the result,
	// best by BIC first. Default: all when there are at most 1,024,
	// otherwise 100. ModelsTotal always counts them all.
	Models int
}

// Result is the outcome of [Estimate]; it marshals to the JSON contract
// of `reckon mse --format json`. Numbers that do not exist (an interval
// not computed, an infinite N-hat) are null.
type Result struct {
	Observed  int64          `json:"observed"`
	Lists     []string       `json:"lists"`
	LogLinear *LogLinearJSON `json:"loglinear,omitempty"`
	Stepwise  *StepwiseJSON  `json:"stepwise,omitempty"`
	LCMCR     *LCMCRJSON     `json:"lcmcr,omitempty"`
	Closedp   *ClosedpJSON   `json:"closedp,omitempty"`
	Chao      *ChaoJSON      `json:"chao,omitempty"`
	DGA       *DGAJSON       `json:"dga,omitempty"`
	// ModelSelection is the log-linear estimate with intervals that
	// allow for the choice of model.
	ModelSelection *SelectionJSON `json:"model_selection,omitempty"`
	// Skipped says, for each method of "all" that could not run on this
	// table, why.
	Skipped  map[string]string `json:"skipped,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
	Raw      *ResultRaw        `json:"-"`
}

// ResultRaw holds the full results behind a [Result].
type ResultRaw struct {
	LogLinear *LogLinearResult
	Stepwise  *StepwiseResult
	LCMCR     *LCMCRResult
	Closedp   *ClosedpResult
	Chao      *LowerBoundResult
	DGA       *DGAResult
	Selection *SelectionResult
}

// ModelJSON is one log-linear model in a [Result].
type ModelJSON struct {
	Name     string   `json:"name"`  // Rcapture notation
	Terms    []string `json:"terms"` // interaction terms, "EXH:ABA"
	NHat     *float64 `json:"n_hat"`
	Lower    *float64 `json:"lower"`
	Upper    *float64 `json:"upper"`
	UpperGT  bool     `json:"upper_open,omitempty"` // upper is "> 3 N-hat"
	AIC      float64  `json:"aic"`
	BIC      float64  `json:"bic"`
	DF       int      `json:"df"`
	Usable   bool     `json:"usable"`
	Warnings []string `json:"warnings,omitempty"`
}

// LogLinearJSON is the log-linear part of a [Result].
type LogLinearJSON struct {
	Models        []ModelJSON `json:"models"`
	ModelsTotal   int         `json:"models_total"`
	BestAIC       *ModelJSON  `json:"best_aic"`
	BestBIC       *ModelJSON  `json:"best_bic"`
	Heterogeneity []ModelJSON `json:"heterogeneity,omitempty"`
	// Search says how the models were found; Exhaustive is false when
	// they are those a bounded search visited, not all of them.
	Search     string `json:"search"`
	Exhaustive bool   `json:"exhaustive"`
}

// StepwiseJSON is the stepwise part of a [Result].
type StepwiseJSON struct {
	Terms         []string `json:"terms"`
	EmptyOverlaps []string `json:"empty_overlaps,omitempty"`
	NHat          *float64 `json:"n_hat"`
	Lower         *float64 `json:"lower"`
	Upper         *float64 `json:"upper"`
	Interval      string   `json:"interval"` // "bca" or "normal"
}

// LCMCRJSON is the LCMCR part of a [Result].
type LCMCRJSON struct {
	Median   float64  `json:"median"`
	Mean     float64  `json:"mean"`
	Lower    float64  `json:"lower"`
	Upper    float64  `json:"upper"`
	Samples  int      `json:"samples"`
	Burnin   int      `json:"burnin"`
	Thin     int      `json:"thin"`
	Chains   int      `json:"chains"`
	Seed     uint64   `json:"seed"`
	RHat     *float64 `json:"rhat"`
	ESS      *float64 `json:"ess"`
	Warnings []string `json:"warnings,omitempty"`
}

func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func modelJSON(m *ModelFit) ModelJSON {
	j := ModelJSON{Name: m.Name, Terms: m.Names, NHat: num(m.NHat), Lower: num(m.Lower), Upper: num(m.Upper),
		UpperGT: m.UpperOpen, AIC: m.AIC, BIC: m.BIC, DF: m.DF, Usable: m.Usable, Warnings: m.Warnings}
	if j.Terms == nil {
		j.Terms = []string{}
	}
	return j
}

// Estimate runs the methods of opt.Method on t and gathers their results.
// It fails on an unknown method, when the one method asked for cannot run
// on t, or when none of "all" can. With "all", a method that cannot run
// (too many lists for a dense table, say) is left out and Result.Skipped
// says why; a method that runs but cannot estimate N says so in the
// result's warnings (for example when no log-linear model has a finite
// MLE).
func Estimate(t *Table, opt Options) (*Result, error) {
	method := strings.ToLower(opt.Method)
	if method == "" {
		method = MethodAll
	}
	// allMethods are the methods MethodAll runs, in the order of a Result.
	allMethods := reckon.Methods[1:]
	run := map[reckon.Method]bool{}
	if method == MethodAll {
		for _, m := range allMethods {
			run[m] = true
		}
	} else if m, err := reckon.ParseMethod(method); err == nil && m.MSE() {
		run[m] = true
	} else {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: unknown method %q, want loglinear, stepwise, lcmcr, closedp, chao, dga or all", opt.Method)
	}
	// failed says whether a method's error ends the estimate (one method
	// asked for) or is reported beside the others (all).
	failed := func(res *Result, m reckon.Method, err error) error {
		if method != MethodAll {
			return err
		}
		if res.Skipped == nil {
			res.Skipped = map[string]string{}
		}
		res.Skipped[string(m)] = err.Error()
		return nil
	}
	res := &Result{Observed: t.N(), Lists: t.Lists, Raw: &ResultRaw{}}
	for _, m := range allMethods {
		if !run[m] {
			continue
		}
		var err error
		switch m {
		case reckon.MethodLogLinear:
			err = res.logLinear(t, opt, run[reckon.MethodClosedp])
		case reckon.MethodStepwise:
			err = res.stepwise(t, opt)
		case reckon.MethodLCMCR:
			err = res.lcmcr(t, opt)
		case reckon.MethodClosedp:
			err = res.closedp(t, opt)
		case reckon.MethodChao:
			err = res.chao(t, opt)
		case reckon.MethodDGA:
			var d *DGAResult
			if d, err = DGA(t, opt.DGA); err == nil {
				res.Raw.DGA, res.DGA = d, d.JSON()
			}
		}
		if err != nil {
			if err := failed(res, m, err); err != nil {
				return nil, err
			}
		}
	}
	if method == MethodAll && len(res.Skipped) == len(allMethods) {
		return nil, reckon.Errorf(reckon.EINVALID, "mse: no method can estimate from this table: %s", res.Skipped[string(reckon.MethodChao)])
	}
	return res, nil
}

func (res *Result) logLinear(t *Table, opt Options, withClosedp bool) error {
	lo := opt.LogLinear
	if withClosedp {
		// closedp runs on its own too: fit its models once, below
		lo.NoHeterogeneity = true
	}
	ll, err := LogLinear(t, lo)
	if err != nil {
		return err
	}
	if withClosedp && !opt.LogLinear.NoHeterogeneity {
		cp, err := Closedp(t, opt.Closedp)
		if err != nil {
			return err
		}
		res.Raw.Closedp = cp
		ll.Heterogeneity, ll.HeterogeneityAIC, ll.HeterogeneityBIC = cp.Models, cp.BestAIC, cp.BestBIC
	}
	res.Raw.LogLinear = ll
	keep := opt.Models
	if keep <= 0 {
		keep = len(ll.Models)
		if keep > 1024 {
			keep = 100
		}
	}
	lj := &LogLinearJSON{ModelsTotal: len(ll.Models), Models: []ModelJSON{}, Search: ll.Search, Exhaustive: ll.Exhaustive}
	for i := 0; i < len(ll.Models) && i < keep; i++ {
		lj.Models = append(lj.Models, modelJSON(&ll.Models[i]))
	}
	if ll.BestAIC >= 0 {
		a, b := modelJSON(&ll.Models[ll.BestAIC]), modelJSON(&ll.Models[ll.BestBIC])
		lj.BestAIC, lj.BestBIC = &a, &b
	} else {
		res.Warnings = append(res.Warnings, "loglinear: no hierarchical model has a finite, identifiable MLE; the data do not determine N under these models")
	}
	if !ll.Exhaustive {
		res.Warnings = append(res.Warnings, "loglinear: "+ll.Search)
	}
	for i := range ll.Heterogeneity {
		lj.Heterogeneity = append(lj.Heterogeneity, modelJSON(&ll.Heterogeneity[i]))
	}
	res.LogLinear = lj
	if opt.Selection.Bootstrap >= 0 {
		sel, err := SelectionInterval(t, opt.Selection)
		if err != nil {
			res.Warnings = append(res.Warnings, "model selection interval: "+err.Error())
		} else {
			res.Raw.Selection, res.ModelSelection = sel, sel.JSON()
		}
	}
	return nil
}

func (res *Result) stepwise(t *Table, opt Options) error {
	sw, err := Stepwise(t, opt.Stepwise)
	if err != nil {
		return err
	}
	res.Raw.Stepwise = sw
	sj := &StepwiseJSON{Terms: sw.Names, NHat: num(sw.NHat), Lower: num(sw.Lower), Upper: num(sw.Upper), Interval: "bca"}
	if sj.Terms == nil {
		sj.Terms = []string{}
	}
	if sw.Bootstrap == nil {
		sj.Lower, sj.Upper, sj.Interval = num(sw.NormalLower), num(sw.NormalUpper), "normal"
	}
	sj.EmptyOverlaps = TermNames(sw.EmptyOverlaps, t.Lists)
	res.Stepwise = sj
	return nil
}

func (res *Result) lcmcr(t *Table, opt Options) error {
	lc, err := LCMCR(t, opt.LCMCR)
	if err != nil {
		return err
	}
	res.Raw.LCMCR = lc
	o := lc.Options
	res.LCMCR = &LCMCRJSON{Median: lc.Median, Mean: lc.Mean, Lower: lc.Lower, Upper: lc.Upper,
		Samples: o.Samples, Burnin: o.Burnin, Thin: o.Thin, Chains: o.Chains, Seed: o.Seed,
		RHat: num(lc.RHat), ESS: num(lc.ESS), Warnings: lc.Warnings}
	return nil
}
