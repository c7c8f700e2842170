package coverage

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/scenario"
)

// The orders in which ReviewSimulation's reviewer takes the pairs of the
// review band.
const (
	// ReviewByImpact is the review queue as reckon review shows it
	// ([pipeline.NewReview] on the current linkage): the pair whose
	// decision is expected to move the total most first, the queue
	// ordered again after each decision.
	ReviewByImpact = "impact"
	// ReviewRandom takes pairs of the review band at random: a reviewer
	// without any order, the baseline.
	ReviewRandom = "random"
	// ReviewUncertain takes the pairs of the review band whose match
	// probability is closest to 0.5 first: the usual order of active
	// learning, a second baseline.
	ReviewUncertain = "uncertain"
)

// ReviewSimOptions configure ReviewSimulation. The zero value compares
// the impact order with random pairs, 25 decisions between relinks, at
// most 1,000 decisions, LCMCR over 20 linkage draws.
type ReviewSimOptions struct {
	// Seed is the generator's and the linkage's seed; 0: 1.
	Seed uint64
	// Link is the linkage configuration; its zero value is the default,
	// with the review band unlimited (ReviewLimit 0 is taken as −1), as
	// reckon review links.
	Link linkage.Config
	// Orders to simulate, each from the same first linkage; nil:
	// ReviewByImpact and ReviewRandom.
	Orders []string
	// Estimator is the fast estimate whose expected change orders the
	// impact queue; "": independence, as reckon review's default.
	Estimator pipeline.ReviewEstimator
	// Batch is the number of decisions between two relinks; 0: 25.
	Batch int
	// MaxDecisions caps the decisions of each order; 0: 1,000.
	MaxDecisions int
	// Draws is the number of linkages drawn for the combined interval;
	// 0: pipeline.DefaultLinkageDraws (20).
	Draws int
	// Method estimates the total: lcmcr (""), stepwise or loglinear.
	Method string
	// Tolerance is the largest relative error of an estimate "within" the
	// truth; 0: 0.05.
	Tolerance float64
	// LCMCR configures the method as reckon estimate does: the estimate
	// on the linkage runs with it (zero fields: mse's defaults), each
	// draw of the combined interval with pipeline.DrawOptions of it. A
	// lighter chain makes the estimate's Monte Carlo error a sizeable
	// part of a 5% tolerance.
	LCMCR mse.LCMCROptions
	// Stepwise configures the method; Bootstrap 0 means 200.
	Stepwise mse.StepwiseOptions
	// Progress, if not nil, is told before each step is measured: the
	// order and the decisions made so far.
	Progress func(order string, decisions int)
}

// ReviewStep is the state after some decisions: the linkage relinked
// with all of them and the total estimated again.
type ReviewStep struct {
	Decisions int `json:"decisions"` // decisions so far
	// Changed counts the decisions so far that said otherwise than the
	// linkage they were made on: a "same" for two persons, a "not same"
	// for one.
	Changed int `json:"changed"`
	// Band is the number of undecided pairs left in the review band.
	Band int `json:"band"`
	// Minimum is the documented minimum (persons of the linkage), and
	// MinimumRange its range over the draws.
	Minimum      int      `json:"minimum"`
	MinimumRange Interval `json:"minimum_range"`
	// PairwiseF1 scores the linkage against the truth.
	PairwiseF1 float64 `json:"pairwise_f1"`
	// Estimate is the method's estimate on the linkage, with its own 95%
	// interval; Combined the interval over linkage and sampling
	// uncertainty from the draws (Rubin's rules, or LCMCR's pooled
	// posterior), with its own centre.
	Estimate Interval `json:"estimate"`
	Combined Interval `json:"combined"`
	// Covers says the combined interval holds the true N, and Within that
	// the estimate is within the tolerance of it.
	Covers bool `json:"covers"`
	Within bool `json:"within"`
	// Time is the wall time of the step: relinking and estimating.
	Time time.Duration `json:"time_ns"`
}

// ReviewRun is one reviewer's work in one order.
type ReviewRun struct {
	Order string       `json:"order"`
	Steps []ReviewStep `json:"steps"`
	// Decisions is the number of decisions made, Same those answered
	// "the same person".
	Decisions int `json:"decisions"`
	Same      int `json:"same"`
	// ToCover, ToWithin and ToBoth are the decisions after which the
	// combined interval first covered the truth, the estimate first came
	// within the tolerance of it, and both held at once (where the run
	// stops); −1: not within the run.
	ToCover  int `json:"to_cover"`
	ToWithin int `json:"to_within"`
	ToBoth   int `json:"to_both"`
	// Stop says why the run ended: "reached", "cap" (MaxDecisions) or
	// "queue empty" (no undecided pair left in the review band).
	Stop string `json:"stop"`
	// Time is the wall time of the run.
	Time time.Duration `json:"time_ns"`
	// Decided are the decisions in the order made.
	Decided []linkage.Decision `json:"-"`
}

// ReviewSimResult is ReviewSimulation's outcome on one scenario.
type ReviewSimResult struct {
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	N        int    `json:"n"`        // the true total
	Observed int    `json:"observed"` // true persons on at least one list
	Records  int    `json:"records"`
	Method   string `json:"method"`
	Batch    int    `json:"batch"`
	Draws    int    `json:"draws"`
	Max      int    `json:"max_decisions"`
	// Band is the number of pairs in the review band of the first
	// linkage, before any decision.
	Band int         `json:"band"`
	Runs []ReviewRun `json:"runs"`
}

// ReviewSimulation measures how many review decisions bring the total to
// the truth on a generated scenario. It generates the scenario, links its
// records with the options' configuration, and then, for each order,
// repeats from that first linkage: estimate the total (the method's
// estimate on the linkage, and its combined interval over Draws linkages
// drawn from the match probabilities, as reckon estimate does); stop if
// the combined interval covers the true N and the estimate is within the
// tolerance of it, or the cap is reached; else take the next Batch pairs
// of the review band in the order, answer each from the truth (the same
// person or not: an oracle reviewer), and relink with all decisions so
// far, as reckon link does.
//
// In the impact order the reviewer works the review queue as reckon
// review shows it: the queue is built on the current linkage and ordered
// again, incrementally, after each decision. Every order starts from the
// same linkage and uses the same seeds, so that they differ only in the
// pairs decided.
//
// A relinked result that does not respect a decision is an error (the
// measurement would not be of the decisions made), as are an unknown
// order or method, a bad scenario and a failed linkage.
func ReviewSimulation(ctx context.Context, s scenario.Scenario, opt ReviewSimOptions) (*ReviewSimResult, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	data, err := scenario.Generate(s, opt.Seed)
	if err != nil {
		return nil, err
	}
	recs := data.Records
	who := make([]string, len(recs))
	for i := range recs {
		t, ok := data.Truth[linkage.RecordKey(recs[i])]
		if !ok {
			return nil, reckon.Errorf(reckon.EINVALID, "review simulation: record %s has no truth", linkage.RecordKey(recs[i]))
		}
		who[i] = t
	}
	first, err := linkage.Link(recs, nil, opt.Link, opt.linkOptions())
	if err != nil {
		return nil, fmt.Errorf("review simulation: link %s: %w", s.Name, err)
	}
	out := &ReviewSimResult{Scenario: s.Name, Seed: opt.Seed, N: data.N, Observed: data.Observed, Records: len(recs),
		Method: opt.Method, Batch: opt.Batch, Draws: opt.Draws, Max: opt.MaxDecisions, Band: len(first.Review)}
	sim := &reviewSim{opt: opt, data: data, who: who}
	for _, order := range opt.Orders {
		run, err := sim.run(ctx, order, first)
		if err != nil {
			return nil, fmt.Errorf("review simulation %s, %s order: %w", s.Name, order, err)
		}
		out.Runs = append(out.Runs, *run)
	}
	return out, nil
}

// withDefaults fills in the zero fields and checks the orders and the
// method.
func (o ReviewSimOptions) withDefaults() (ReviewSimOptions, error) {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Orders == nil {
		o.Orders = []string{ReviewByImpact, ReviewRandom}
	}
	for _, ord := range o.Orders {
		switch ord {
		case ReviewByImpact, ReviewRandom, ReviewUncertain:
		default:
			return o, reckon.Errorf(reckon.EINVALID, "review simulation: order %q: want %s, %s or %s", ord, ReviewByImpact, ReviewRandom, ReviewUncertain)
		}
	}
	if _, err := pipeline.ParseReviewEstimator(string(o.Estimator)); err != nil {
		return o, err
	}
	if o.Batch <= 0 {
		o.Batch = 25
	}
	if o.MaxDecisions <= 0 {
		o.MaxDecisions = 1000
	}
	if o.Draws <= 0 {
		o.Draws = pipeline.DefaultLinkageDraws
	}
	if o.Method == "" {
		o.Method = string(reckon.MethodLCMCR)
	}
	switch o.Method {
	case string(reckon.MethodLCMCR), string(reckon.MethodStepwise), string(reckon.MethodLogLinear):
	default:
		return o, reckon.Errorf(reckon.EINVALID, "review simulation: method %q: want %s, %s or %s", o.Method, string(reckon.MethodLCMCR), string(reckon.MethodStepwise), string(reckon.MethodLogLinear))
	}
	if o.Link.ReviewLimit == 0 {
		// As reckon review: the whole band, so that random pairs are
		// drawn from all of it.
		o.Link.ReviewLimit = -1
	}
	if o.Tolerance <= 0 {
		o.Tolerance = 0.05
	}
	if o.Stepwise.Bootstrap <= 0 {
		o.Stepwise.Bootstrap = 200
	}
	return o, nil
}

func (o ReviewSimOptions) linkOptions() linkage.Options {
	return linkage.Options{Rand: rand.New(rand.NewPCG(o.Seed, 1))}
}

// reviewSim is the state shared by the orders of one scenario.
type reviewSim struct {
	opt  ReviewSimOptions
	data *scenario.Lists
	who  []string // true person of each record
}

// run simulates one reviewer in one order from the first linkage.
func (s *reviewSim) run(ctx context.Context, order string, first *linkage.Result) (*ReviewRun, error) {
	start := time.Now()
	run := &ReviewRun{Order: order, ToCover: -1, ToWithin: -1, ToBoth: -1}
	recs := s.data.Records
	res := first
	changed := 0
	rng := rand.New(rand.NewPCG(s.opt.Seed, 0x726576696577)) // "review"
	stepStart := start
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.opt.Progress != nil {
			s.opt.Progress(order, len(run.Decided))
		}
		st, err := s.measure(res)
		if err != nil {
			return nil, err
		}
		st.Decisions, st.Changed = len(run.Decided), changed
		st.Time = time.Since(stepStart)
		run.Steps = append(run.Steps, st)
		if st.Covers && run.ToCover < 0 {
			run.ToCover = st.Decisions
		}
		if st.Within && run.ToWithin < 0 {
			run.ToWithin = st.Decisions
		}
		if st.Covers && st.Within {
			run.ToBoth, run.Stop = st.Decisions, "reached"
			break
		}
		if len(run.Decided) >= s.opt.MaxDecisions {
			run.Stop = "cap"
			break
		}
		stepStart = time.Now()
		want := min(s.opt.Batch, s.opt.MaxDecisions-len(run.Decided))
		pairs, err := s.pick(order, res, want, rng)
		if err != nil {
			return nil, err
		}
		if len(pairs) == 0 {
			run.Stop = "queue empty"
			break
		}
		for _, p := range pairs {
			same := s.who[p[0]] == s.who[p[1]]
			if same != (res.PersonOf[p[0]] == res.PersonOf[p[1]]) {
				changed++
			}
			if same {
				run.Same++
			}
			run.Decided = append(run.Decided, linkage.Decision{A: linkage.RecordKey(recs[p[0]]), B: linkage.RecordKey(recs[p[1]]), Same: same})
		}
		res, err = linkage.Link(recs, run.Decided, s.opt.Link, s.opt.linkOptions())
		if err != nil {
			return nil, fmt.Errorf("relink after %d decisions: %w", len(run.Decided), err)
		}
		if err := respected(res, recs, run.Decided); err != nil {
			return nil, err
		}
	}
	run.Decisions = len(run.Decided)
	run.Time = time.Since(start)
	return run, nil
}

// pick returns the next n pairs of records (indices) that the reviewer
// decides, in the order, from the review band of res.
func (s *reviewSim) pick(order string, res *linkage.Result, n int, rng *rand.Rand) ([][2]int, error) {
	var out [][2]int
	switch order {
	case ReviewByImpact:
		// As in reckon review: the queue is ordered again after each
		// decision, without relinking.
		rv, err := pipeline.NewReview(res, s.data.Records, pipeline.ReviewOptions{Estimator: s.opt.Estimator})
		if err != nil {
			return nil, err
		}
		for len(out) < n {
			q := rv.Queue()
			if len(q) == 0 {
				break
			}
			a, b := q[0].A, q[0].B
			if _, err := rv.Decide(a, b, s.who[a] == s.who[b]); err != nil {
				return nil, err
			}
			out = append(out, [2]int{a, b})
		}
	case ReviewRandom:
		band := slices.Clone(res.Review)
		rng.Shuffle(len(band), func(i, j int) { band[i], band[j] = band[j], band[i] })
		for _, p := range band[:min(n, len(band))] {
			out = append(out, [2]int{p.A, p.B})
		}
	case ReviewUncertain:
		band := slices.Clone(res.Review)
		slices.SortStableFunc(band, func(x, y linkage.Pair) int {
			return cmp.Compare(math.Abs(x.Probability-0.5), math.Abs(y.Probability-0.5))
		})
		for _, p := range band[:min(n, len(band))] {
			out = append(out, [2]int{p.A, p.B})
		}
	}
	return out, nil
}

// measure estimates the total from res: the method on the linkage, the
// combined interval over the draws, the documented minimum and its range,
// and the linkage's pairwise F1. The seeds are the same at every step, so
// that steps differ by the decisions, not by Monte Carlo noise.
func (s *reviewSim) measure(res *linkage.Result) (ReviewStep, error) {
	recs, lists, seed := s.data.Records, s.data.Names, s.opt.Seed
	st := ReviewStep{Band: len(res.Review), Minimum: len(res.Persons)}
	st.PairwiseF1 = linkage.Evaluate(s.data.Truth, res.Prediction()).Pairwise.F1
	t, err := LinkedTable(recs, res, lists)
	if err != nil {
		return st, err
	}
	st.Estimate, _, err = estimate(t, s.opt.Method, seed, s.opt.LCMCR, s.opt.Stepwise)
	if err != nil {
		return st, err
	}
	drawn, err := drawnEstimates(res, recs, lists, seed, s.opt.Draws, []string{s.opt.Method}, s.opt.LCMCR, s.opt.Stepwise)
	if err != nil {
		return st, err
	}
	st.Combined = drawn[s.opt.Method+overLinkage]
	st.MinimumRange = drawn["minimum"+overLinkage]
	n := float64(s.data.N)
	st.Covers = st.Combined.Covers(s.data.N)
	st.Within = st.Estimate.Err == "" && math.Abs(st.Estimate.NHat-n) <= s.opt.Tolerance*n
	return st, nil
}

// respected checks that res links every pair decided the same and parts
// every pair decided not the same.
func respected(res *linkage.Result, recs []reckon.Record, ds []linkage.Decision) error {
	index := make(map[string]int, len(recs))
	for i := range recs {
		index[linkage.RecordKey(recs[i])] = i
	}
	for _, d := range ds {
		a, okA := index[d.A]
		b, okB := index[d.B]
		if !okA || !okB {
			return reckon.Errorf(reckon.EINTERNAL, "review simulation: decision on %s and %s names no record", d.A, d.B)
		}
		if (res.PersonOf[a] == res.PersonOf[b]) != d.Same {
			return reckon.Errorf(reckon.EINTERNAL, "review simulation: the relink does not respect the decision %s %s %s",
				d.A, map[bool]string{true: "=", false: "≠"}[d.Same], d.B)
		}
	}
	return nil
}
