package pipeline

import (
	"math"
	"math/rand/v2"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
)

// The orders a simulated reviewer works in ([SimulateReview]).
const (
	// OrderChange is the review queue ordered by the expected change of
	// the independence estimate ([Review]).
	OrderChange = "change"
	// OrderChangeBIC is the review queue ordered by the expected change
	// of the best-BIC log-linear estimate.
	OrderChangeBIC = "change-loglinear"
	// OrderLinkage is linkage's own order (linkage.Pair.Priority), fixed
	// when the link ran.
	OrderLinkage = "linkage"
)

// ReviewSimOptions configure [SimulateReview]. The zero value works the
// first 200 pairs in the orders OrderChange and OrderLinkage.
type ReviewSimOptions struct {
	// Orders are the orders to simulate; nil means OrderChange and
	// OrderLinkage.
	Orders []string
	// MaxDecisions caps the decisions of each run; 0 means 200.
	MaxDecisions int
	// Seed seeds the linkage's random pairs; 0 means 1.
	Seed uint64
}

// ReviewRun is one simulated reviewer: the documented minimum and the
// estimates after each decision, index 0 before any.
type ReviewRun struct {
	Order     string    `json:"order"`
	Decisions int       `json:"decisions"` // made: the queue or the budget ran out
	Minimum   []int64   `json:"minimum"`
	Estimate  []float64 `json:"independence"` // the independence model
	BestBIC   []float64 `json:"loglinear"`    // the best log-linear model by BIC
	// The decisions after which each figure first came within 5% of its
	// truth (the minimum of the persons observed, the estimates of N),
	// and after which it stayed there until the end; −1 if never.
	MinimumWithin, EstimateWithin, BestBICWithin int
	MinimumStays, EstimateStays, BestBICStays    int
	MinimumError, EstimateError, BestBICError    float64 // relative error at the end
}

// ReviewSimulation compares review orders on data whose truth is known.
type ReviewSimulation struct {
	N        int // the true total
	Observed int // the true number of distinct persons on the lists
	Queue    int // pairs in the review queue after linking
	Runs     []ReviewRun
}

// SimulateReview links recs with cfg, then for each order lets a reviewer
// who answers from truth (record key, list/record_id, to true person)
// decide the queue's pairs one by one, applying each decision
// incrementally ([Review.Decide]), and records the minimum and the
// estimates after each. n is the true total. It returns an error of code
// invalid for an unknown order or a record without truth.
func SimulateReview(recs []reckon.Record, truth map[string]string, n int, cfg linkage.Config, opt ReviewSimOptions) (*ReviewSimulation, error) {
	if opt.Orders == nil {
		opt.Orders = []string{OrderChange, OrderLinkage}
	}
	if opt.MaxDecisions == 0 {
		opt.MaxDecisions = 200
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	who := make([]string, len(recs))
	distinct := map[string]bool{}
	for i, r := range recs {
		t, ok := truth[r.Key().String()]
		if !ok {
			return nil, reckon.Errorf(reckon.EINVALID, "simulate review: record %s has no truth", r.Key())
		}
		who[i] = t
		distinct[t] = true
	}
	res, err := linkage.Link(recs, nil, cfg, linkage.Options{Rand: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5bd1e995))})
	if err != nil {
		return nil, err
	}
	sim := &ReviewSimulation{N: n, Observed: len(distinct), Queue: len(res.Review)}
	llopt := mse.LogLinearOptions{Intervals: -1, NoHeterogeneity: true}
	for _, order := range opt.Orders {
		ropt := ReviewOptions{}
		switch order {
		case OrderChange, OrderLinkage:
		case OrderChangeBIC:
			ropt.Estimator = ReviewBestBIC
		default:
			return nil, reckon.Errorf(reckon.EINVALID, "simulate review: order %s: want %s, %s or %s", reckon.Quote(string(order)), OrderChange, OrderChangeBIC, OrderLinkage)
		}
		rv, err := NewReview(res, recs, ropt)
		if err != nil {
			return nil, err
		}
		run := ReviewRun{Order: order}
		record := func() {
			run.Minimum = append(run.Minimum, rv.Minimum())
			t := rv.Table()
			run.Estimate = append(run.Estimate, Independence(t, len(rv.Lists())))
			run.BestBIC = append(run.BestBIC, BestBIC(rv.Lists(), t, llopt))
		}
		record()
		fixed := res.Review // linkage's order
		for run.Decisions < opt.MaxDecisions {
			var a, b int
			if order == OrderLinkage {
				if len(fixed) == 0 {
					break
				}
				a, b, fixed = fixed[0].A, fixed[0].B, fixed[1:]
			} else {
				q := rv.Queue()
				if len(q) == 0 {
					break
				}
				a, b = q[0].A, q[0].B
			}
			if _, err := rv.Decide(a, b, who[a] == who[b]); err != nil {
				return nil, err
			}
			run.Decisions++
			record()
		}
		run.MinimumWithin, run.MinimumStays, run.MinimumError = within(ints(run.Minimum), float64(sim.Observed))
		run.EstimateWithin, run.EstimateStays, run.EstimateError = within(run.Estimate, float64(n))
		run.BestBICWithin, run.BestBICStays, run.BestBICError = within(run.BestBIC, float64(n))
		sim.Runs = append(sim.Runs, run)
	}
	return sim, nil
}

func ints(xs []int64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// within returns the first index whose value is within 5% of truth, the
// first from which every value is, and the relative error of the last
// value; −1 for never.
func within(xs []float64, truth float64) (first, stays int, last float64) {
	first, stays = -1, -1
	ok := func(x float64) bool { return !math.IsNaN(x) && math.Abs(x-truth) <= 0.05*truth }
	for i, x := range xs {
		if ok(x) {
			if first < 0 {
				first = i
			}
			if stays < 0 {
				stays = i
			}
		} else {
			stays = -1
		}
	}
	last = math.NaN()
	if len(xs) > 0 {
		last = (xs[len(xs)-1] - truth) / truth
	}
	return first, stays, last
}
