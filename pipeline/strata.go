package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/mse"
)

// DefaultStrataDraws is the number of bootstrap replicates or posterior
// draws per stratum behind the interval of a sum over strata.
const DefaultStrataDraws = 1000

// strataDraws are one stratum's draws of N by method, for the sum.
type strataDraws map[reckon.Method]mse.Stratum

// posteriorMethods are the methods whose draws are posterior samples.
var posteriorMethods = map[reckon.Method]bool{reckon.MethodLCMCR: true, reckon.MethodDGA: true}

// sumHow says, for each method, how the sum's interval is computed.
var sumHow = map[reckon.Method]string{
	reckon.MethodLogLinear: "the best-BIC model of each stratum refitted on parametric bootstrap populations drawn from it",
	reckon.MethodClosedp:   "the best-BIC closedp model of each stratum refitted on parametric bootstrap populations drawn from it",
	reckon.MethodStepwise:  "each stratum's stepwise bootstrap replicates (the whole selection refitted on each)",
	reckon.MethodChao:      "the lower bound recomputed on multinomial resamples of each stratum's persons",
	reckon.MethodLCMCR:     "each stratum's posterior draws",
	reckon.MethodDGA:       "draws from each stratum's posterior",
}

// addStrataDraws records the draws of N that estimate e of one stratum
// carries, for the sum over strata: nothing when e has none (the method
// gave no estimate there).
func addStrataDraws(sd strataDraws, m reckon.Method, nhat float64, draws []float64) {
	if len(draws) > 0 {
		sd[m] = mse.Stratum{NHat: nhat, Draws: draws}
	}
}

// sumStrata returns the estimates of the whole population summed over the
// strata, one per method, each with the interval SumStrata gives from
// the strata's draws (sumHow says how each method's are made). A stratum
// too small for multiple systems estimation enters every sum at its
// documented minimum, a floor, and the sum says so; a method that gave no
// estimate on some stratum large enough has no sum, and the documented
// minimum's sum says why. Unplaced persons have no value of the strata's
// attribute and are in no stratum: every sum says it leaves them out.
func sumStrata(strata []*strataOutcome, unplaced int, opt EstimateOptions) ([]*reckon.Estimate, error) {
	if len(strata) == 0 {
		return nil, nil
	}
	stratum := opt.Strata + "=" + reckon.StrataTotal
	var observed int64
	var small []string
	var inputs []string
	for _, s := range strata {
		observed += s.min.Observed
		if s.draws == nil {
			small = append(small, s.min.Stratum)
		}
		inputs = append(inputs, "# "+s.min.Stratum+"\n"+s.min.Input)
	}
	base := func(method reckon.Method) *reckon.Estimate {
		return &reckon.Estimate{Measure: opt.Measure, Population: opt.Population, Stratum: stratum, Method: method,
			Observed: observed, Lists: strata[0].min.Lists, Input: strings.Join(inputs, ""), Version: reckon.Version, Seed: opt.Seed,
			Settings: fmt.Sprintf(`{"strata":%q,"strata_draws":%d}`, opt.Strata, opt.StrataDraws)}
	}
	min := base(reckon.MethodMinimum)
	min.NHat, min.Lower, min.Upper = float64(observed), float64(observed), float64(observed)
	min.Interval = fmt.Sprintf("none: the distinct persons of %d strata of %s, summed", len(strata), opt.Strata)
	min.Result = fmt.Sprintf(`{"observed":%d,"strata":%d}`, observed, len(strata))
	out := []*reckon.Estimate{min}
	var notes []string
	if unplaced > 0 {
		notes = append(notes, fmt.Sprintf("%d persons have no %s and are in no stratum: the sum leaves them out, and the dead like them that no list saw", unplaced, opt.Strata))
	}
	if len(small) > 0 {
		notes = append(notes, fmt.Sprintf("%d strata too small for multiple systems estimation (%s) enter the sum at their documented minimum, a floor: the sum is low by their unseen dead",
			len(small), strings.Join(small, ", ")))
	}
	for _, m := range opt.Methods {
		var ss []mse.Stratum
		var missing []string
		for _, s := range strata {
			if s.draws == nil {
				n := float64(s.min.Observed)
				ss = append(ss, mse.Stratum{NHat: n, Draws: []float64{n}})
				continue
			}
			d, ok := s.draws[m]
			if !ok {
				missing = append(missing, s.min.Stratum)
				continue
			}
			ss = append(ss, d)
		}
		if len(missing) > 0 {
			min.Warnings = append(min.Warnings, fmt.Sprintf("%s: no sum over strata: no estimate with draws for %s", m, strings.Join(missing, ", ")))
			continue
		}
		if len(ss) == len(small) {
			continue // no stratum large enough: the minimum says it
		}
		sum, err := mse.SumStrata(ss, posteriorMethods[m], opt.Seed)
		if err != nil {
			return nil, fmt.Errorf("sum over strata by %s: %w", m, err)
		}
		e := base(m)
		e.NHat, e.Lower, e.Upper = sum.NHat, sum.Lower, sum.Upper
		e.Model = fmt.Sprintf("sum of %d strata of %s", len(strata), opt.Strata)
		point := "the sum of the strata's estimates"
		if posteriorMethods[m] {
			point = "the median of the summed draws"
		}
		e.Interval = fmt.Sprintf("95%% of %d summed draws: %s, in independent orders; %s", sum.Draws, sumHow[m], point)
		e.Warnings = append(e.Warnings, notes...)
		if math.IsInf(sum.Upper, 1) {
			e.Warnings = append(e.Warnings, "more than 2.5% of the summed draws are unbounded (a stratum's replicate had no usable model): no finite upper end")
		}
		e.Result = fmt.Sprintf(`{"strata":%d,"draws":%d,"posterior":%v}`, sum.Strata, sum.Draws, posteriorMethods[m])
		out = append(out, e)
	}
	min.Warnings = append(min.Warnings, notes...)
	return out, nil
}

// strataOutcome is one stratum's documented minimum and its draws by
// method (nil when the stratum was too small for estimation), and each
// method's estimate on every linkage draw (nil without draws).
type strataOutcome struct {
	min    *reckon.Estimate
	draws  strataDraws
	byDraw map[reckon.Method][]float64
}

// addSumLinkage sets the Linkage of the sums over strata. For the
// documented minimum: the distinct persons of all strata in each linkage
// draw, their median and range. For a method: its estimates of the
// strata on each draw summed (a stratum too small to estimate counts its
// distinct persons in that draw), the draws combined by Rubin's rules
// with, as each draw's own uncertainty, the sum's interval of today's
// linkage scaled to that draw's total: an approximation (a draw's own
// summed interval would need every stratum's draws on every linkage) that
// carries the spread of the linkages in full. A draw on which some
// stratum large enough gave no estimate is left out.
func addSumLinkage(sums []*reckon.Estimate, strata []*strataOutcome, dr *linkageDraws) {
	if len(sums) == 0 || len(dr.strata) == 0 {
		return
	}
	var n []float64
	for _, by := range dr.strata {
		var tot int64
		for _, h := range by {
			tot += h.Observed
		}
		n = append(n, float64(tot))
	}
	slices.Sort(n)
	mid := len(n) / 2
	med := n[mid]
	if len(n)%2 == 0 {
		med = (n[mid-1] + n[mid]) / 2
	}
	sums[0].Linkage = &reckon.LinkageInterval{Draws: len(n), NHat: med, Lower: n[0], Upper: n[len(n)-1]}
	for _, e := range sums[1:] {
		var ds []mse.Draw
		for d := range dr.k {
			tot, ok := 0.0, true
			for _, s := range strata {
				m := e.Method
				if s.draws == nil {
					m = reckon.MethodMinimum // too small: its distinct persons
				}
				v := math.NaN()
				if at := s.byDraw[m]; d < len(at) {
					v = at[d]
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					ok = false
					break
				}
				tot += v
			}
			if !ok || !(e.NHat > 0) {
				continue
			}
			r := tot / e.NHat
			ds = append(ds, mse.Draw{NHat: tot, Lower: e.Lower * r, Upper: e.Upper * r})
		}
		c := mse.Rubin(ds)
		if c.Draws == 0 || math.IsNaN(c.NHat) || math.IsNaN(c.Lower) {
			e.Warnings = append(e.Warnings, fmt.Sprintf("linkage: none of %d linkage draws gave an estimate of every stratum", dr.k))
			continue
		}
		e.Linkage = &reckon.LinkageInterval{Draws: c.Draws, NHat: c.NHat, Lower: c.Lower, Upper: c.Upper}
		if math.IsNaN(c.Upper) {
			e.Linkage.Upper = math.Inf(1)
		}
		e.Warnings = append(e.Warnings, "linkage: the sum's interval over linkage draws takes each draw's own uncertainty as today's sum's, scaled to the draw's total")
	}
}
