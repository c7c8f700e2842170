package pipeline

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/tally"
)

// DefaultLinkageDraws is the number of linkages drawn when
// EstimateOptions.LinkageDraws is 0.
const DefaultLinkageDraws = 20

// drawBootstrap is the most BCa replicates of a stepwise estimate on one
// draw.
const drawBootstrap = 200

// moveWarn is the relative change of a total, over the linkage draws,
// from which Estimate warns.
const moveWarn = 0.05

// linkageDraws are the capture histories of K linkages drawn from the
// match probabilities of a relinking of the workspace.
type linkageDraws struct {
	k          int
	strata     []map[string]*tally.Histories // by draw, then stratum
	unreviewed int                           // undecided pairs in the review band
}

// loadLinkInput reads the workspace's records and the decisions in force.
func loadLinkInput(ctx context.Context, s reckon.Store) ([]reckon.Record, []linkage.Decision, error) {
	ptrs, err := s.Records(ctx, reckon.RecordFilter{})
	if err != nil {
		return nil, nil, err
	}
	recs := make([]reckon.Record, len(ptrs))
	for i, r := range ptrs {
		recs[i] = *r
	}
	ds, err := s.Decisions(ctx)
	if err != nil {
		return nil, nil, err
	}
	decisions := make([]linkage.Decision, len(ds))
	for i, d := range ds {
		decisions[i] = linkage.Decision{A: d.A.String(), B: d.B.String(), Same: d.Same}
	}
	return recs, decisions, nil
}

// drawLinkages relinks the workspace in memory (the stored persons do not
// change), draws k linkages from the match probabilities with
// [linkage.Result.Draw], and tallies each by the same lists and strata as
// the stored persons.
func drawLinkages(ctx context.Context, s reckon.Store, opt EstimateOptions, k int, lists []string, to tally.Options) (*linkageDraws, error) {
	recs, decisions, err := loadLinkInput(ctx, s)
	if err != nil {
		return nil, err
	}
	res, err := linkage.Link(recs, decisions, opt.Link, opt.linkOptions())
	if err != nil {
		return nil, fmt.Errorf("linkage draws: relink: %w", err)
	}
	out := &linkageDraws{k: k, unreviewed: len(res.Review)}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6c696e6b)) // "link"
	to.Lists = lists
	for i := range k {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if opt.Progress != nil {
			opt.Progress(Progress{Stage: "linkage draws", Done: i + 1, Total: k})
		}
		label := res.Draw(rng)
		n := 0
		for _, l := range label {
			n = max(n, l+1)
		}
		persons := make([]*reckon.Person, n)
		for i := range persons {
			persons[i] = &reckon.Person{}
		}
		for i, l := range label {
			persons[l].Records = append(persons[l].Records, &recs[i])
		}
		hs, err := tally.Count(persons, to)
		if err != nil {
			return nil, fmt.Errorf("linkage draws: %w", err)
		}
		by := make(map[string]*tally.Histories, len(hs))
		for _, h := range hs {
			by[h.Stratum] = h
		}
		out.strata = append(out.strata, by)
	}
	return out, nil
}

// dgaSpread is the number of quantiles that stand for one draw's dga
// posterior when the draws are pooled.
const dgaSpread = 1000

// DrawOptions returns the method settings of each of k linkage draws:
// lighter than opt, the stored estimate's, as k draws run. Log-linear: only the best models get
// a profile interval, no heterogeneity models (they are not chosen by
// BIC). Stepwise: 200 BCa replicates (fewer if asked), falling back on
// the normal interval of the log dark figure as the stored estimate does.
// LCMCR: 2 chains (fewer if asked), a fifth of the burn-in (at least
// 1,000), half the thinning (at least 10), and as many kept draws per
// chain (at least 50) as make the pooled posterior about as large as one
// full run's: with the defaults and K = 20, 2 chains of 2,000 burn-in and
// 100 draws thinned by 50, a fifth of a full run's iterations per draw.
// Chains of different linkage draws start afresh, so the pooled sample
// mixes over linkages whatever the autocorrelation within a chain.
func DrawOptions(opt EstimateOptions, k int) EstimateOptions {
	o := opt
	o.LogLinear.Intervals = -1
	o.LogLinear.NoHeterogeneity = true
	if o.Stepwise.Bootstrap == 0 || o.Stepwise.Bootstrap > drawBootstrap {
		o.Stepwise.Bootstrap = drawBootstrap
	}
	def := func(v, d int) int {
		if v <= 0 {
			return d
		}
		return v
	}
	burn, samples := def(o.LCMCR.Burnin, 10_000), def(o.LCMCR.Samples, 1_000)
	thin, chains := def(o.LCMCR.Thin, 100), def(o.LCMCR.Chains, 4)
	o.LCMCR.Chains = min(chains, 2)
	o.LCMCR.Burnin = max(burn/5, 1_000)
	o.LCMCR.Thin = max(thin/2, 10)
	o.LCMCR.Samples = max((samples*chains+k*o.LCMCR.Chains-1)/(k*o.LCMCR.Chains), 50)
	return o
}

// addLinkage runs each method of es on each draw's capture histories of
// the stratum and sets the estimates' Linkage:
//
//   - minimum: the median of the distinct persons over the draws, and
//     their range [min, max] as the interval;
//   - loglinear and stepwise: [mse.Rubin] on the draws' estimates and 95%
//     intervals (best log-linear model by BIC with its profile interval;
//     stepwise with its normal interval);
//   - lcmcr: [mse.Pool] of every draw's posterior samples;
//   - dga: [mse.Pool] of every draw's posterior, each spread as
//     dgaSpread evenly placed quantiles (the mixture over draws).
//
// Each method seeds its draws as the stored estimate (opt.Seed + draw
// number), so the same seed gives the same figures. An estimate whose
// total the draws move by more than 5% gets a warning naming how much
// and how many pairs in the review band are undecided.
//
// It returns each method's point estimate on every draw, NaN where the
// draw gave none (for the documented minimum, the distinct persons), for
// the sums over strata (addSumLinkage).
func addLinkage(es []*reckon.Estimate, stratum string, dr *linkageDraws, opt EstimateOptions) map[reckon.Method][]float64 {
	byDraw := map[reckon.Method][]float64{}
	hs := make([]*tally.Histories, dr.k)
	for d, by := range dr.strata {
		hs[d] = by[stratum]
	}
	dopt := DrawOptions(opt, dr.k)
	for _, e := range es {
		var c mse.Combined
		var points []float64
		at := make([]float64, dr.k)
		for d := range at {
			at[d] = math.NaN()
		}
		byDraw[e.Method] = at
		switch e.Method {
		case reckon.MethodMinimum:
			for d, h := range hs {
				n := 0.0
				if h != nil {
					n = float64(h.Observed)
				}
				points = append(points, n)
				at[d] = n
			}
			sorted := slices.Sorted(slices.Values(points))
			mid := len(sorted) / 2
			med := sorted[mid]
			if len(sorted)%2 == 0 {
				med = (sorted[mid-1] + sorted[mid]) / 2
			}
			c = mse.Combined{Draws: len(points), NHat: med, Lower: sorted[0], Upper: sorted[len(sorted)-1]}
		case reckon.MethodLogLinear, reckon.MethodStepwise, reckon.MethodClosedp, reckon.MethodChao:
			var ds []mse.Draw
			for d, h := range hs {
				if x, ok := drawEstimate(e.Method, h, dopt, uint64(d)); ok {
					ds = append(ds, x)
					points = append(points, x.NHat)
					at[d] = x.NHat
				}
			}
			c = mse.Rubin(ds)
		case reckon.MethodLCMCR:
			var samples [][]float64
			for d, h := range hs {
				t := drawTable(h, opt.MinStratum)
				if t == nil {
					continue
				}
				o := dopt.LCMCR
				o.Seed = opt.Seed + uint64(d) + 1
				res, err := mse.LCMCR(t, o)
				if err != nil {
					continue
				}
				var all []float64
				for _, ch := range res.Draws {
					all = append(all, ch...)
				}
				samples = append(samples, all)
				points = append(points, res.Median)
				at[d] = res.Median
			}
			c = mse.Pool(samples)
		case reckon.MethodDGA:
			var spreads [][]float64
			for d, h := range hs {
				t := drawTable(h, opt.MinStratum)
				if t == nil {
					continue
				}
				res, err := mse.DGA(t, dopt.DGA)
				if err != nil {
					continue
				}
				spreads = append(spreads, res.Spread(dgaSpread))
				points = append(points, res.Median)
				at[d] = res.Median
			}
			c = mse.Pool(spreads)
		default:
			continue
		}
		if c.Draws == 0 || math.IsNaN(c.NHat) || math.IsInf(c.NHat, 0) || math.IsNaN(c.Lower) {
			e.Warnings = append(e.Warnings, fmt.Sprintf("linkage: none of %d linkage draws gave an estimate", dr.k))
			continue
		}
		e.Linkage = &reckon.LinkageInterval{Draws: c.Draws, NHat: c.NHat, Lower: c.Lower, Upper: c.Upper}
		if math.IsNaN(c.Upper) {
			e.Linkage.Upper = math.Inf(1)
		}
		if c.Draws < dr.k {
			e.Warnings = append(e.Warnings, fmt.Sprintf("linkage: %d of %d linkage draws gave no estimate", dr.k-c.Draws, dr.k))
		}
		if w := moveWarning(e, c, points, dr); w != "" {
			e.Warnings = append(e.Warnings, w)
		}
	}
	return byDraw
}

// moveWarning says how far the linkage draws move e's total, when that is
// more than 5%: the largest relative distance of a draw's estimate (for
// LCMCR, whose draws' medians carry Monte Carlo noise, the pooled
// median) from e's.
func moveWarning(e *reckon.Estimate, c mse.Combined, points []float64, dr *linkageDraws) string {
	if !(e.NHat > 0) || math.IsInf(e.NHat, 0) {
		return ""
	}
	lo, hi := c.NHat, c.NHat
	if e.Method != reckon.MethodLCMCR {
		for _, p := range points {
			lo, hi = math.Min(lo, p), math.Max(hi, p)
		}
	}
	move := math.Max(math.Abs(lo-e.NHat), math.Abs(hi-e.NHat)) / e.NHat
	if move <= moveWarn {
		return ""
	}
	what := "estimates"
	if e.Method == reckon.MethodMinimum {
		what = "distinct persons"
	}
	return fmt.Sprintf("linkage: the %s total moves by up to %.0f%% over %d linkage draws (%s %.0f to %.0f, against %.0f); %d undecided pairs in the review band: reviewing them (reckon review) narrows this",
		e.Method, 100*move, dr.k, what, lo, hi, e.NHat, dr.unreviewed)
}

// drawTable is the MSE table of one draw's histories, or nil when the
// stratum is absent, has one list or too few persons.
func drawTable(h *tally.Histories, minStratum int) *mse.Table {
	if h == nil || len(h.Lists) < 2 || h.Observed < int64(minStratum) {
		return nil
	}
	t, err := mse.NewTable(h.Lists, h.Counts)
	if err != nil {
		return nil
	}
	return t
}

// drawEstimate runs a log-linear, stepwise, closedp or chao estimate on
// one draw.
func drawEstimate(method reckon.Method, h *tally.Histories, opt EstimateOptions, d uint64) (mse.Draw, bool) {
	t := drawTable(h, opt.MinStratum)
	if t == nil {
		return mse.Draw{}, false
	}
	switch method {
	case reckon.MethodLogLinear:
		res, err := mse.LogLinear(t, opt.LogLinear)
		if err != nil || res.BestBIC < 0 {
			return mse.Draw{}, false
		}
		b := res.Models[res.BestBIC]
		x := mse.Draw{NHat: b.NHat, Lower: b.Lower, Upper: b.Upper}
		if b.UpperOpen {
			x.Upper = math.Inf(1)
		}
		return x, true
	case reckon.MethodStepwise:
		o := opt.Stepwise
		o.Seed = opt.Seed + d + 1
		res, err := mse.Stepwise(t, o)
		if err != nil {
			return mse.Draw{}, false
		}
		if math.IsNaN(res.Lower) {
			return mse.Draw{NHat: res.NHat, Lower: res.NormalLower, Upper: res.NormalUpper}, true
		}
		return mse.Draw{NHat: res.NHat, Lower: res.Lower, Upper: res.Upper}, true
	case reckon.MethodClosedp:
		res, err := mse.Closedp(t, opt.Closedp)
		if err != nil || res.BestBIC < 0 {
			return mse.Draw{}, false
		}
		var e reckon.Estimate
		e.Observed = t.N()
		closedpEstimate(&e, &res.Models[res.BestBIC])
		return mse.Draw{NHat: e.NHat, Lower: e.Lower, Upper: e.Upper}, true
	case reckon.MethodChao:
		o := opt.LowerBound
		o.Seed = opt.Seed + d + 1
		res, err := mse.LowerBound(t, o)
		if err != nil {
			return mse.Draw{}, false
		}
		return mse.Draw{NHat: res.Chao, Lower: res.ChaoLower, Upper: res.ChaoUpper}, true
	}
	return mse.Draw{}, false
}
