package coverage

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/scenario"
)

func TestReviewSimulation(t *testing.T) {
	sc := scenario.Scenario{Name: "review-small", N: 500}
	const batch, limit = 4, 14
	opt := ReviewSimOptions{
		Orders: []string{ReviewByImpact, ReviewRandom, ReviewUncertain},
		Batch:  batch, MaxDecisions: limit, Draws: 3, Method: string(reckon.MethodLogLinear),
		// No estimate is this close: every run goes on to the cap.
		Tolerance: 1e-12,
	}
	progress := 0
	opt.Progress = func(string, int) { progress++ }
	res, err := ReviewSimulation(context.Background(), sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	data, err := scenario.Generate(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != data.N || res.Records != len(data.Records) || res.Observed != data.Observed {
		t.Fatalf("result N %d, records %d, observed %d; scenario %d, %d, %d", res.N, res.Records, res.Observed, data.N, len(data.Records), data.Observed)
	}
	if res.Band < limit {
		t.Fatalf("review band of %d pairs: too few to test a cap of %d", res.Band, limit)
	}
	if len(res.Runs) != 3 {
		t.Fatalf("%d runs, want 3", len(res.Runs))
	}
	first, err := linkage.Link(data.Records, nil, linkage.Config{ReviewLimit: -1}, linkage.Options{Rand: rand.New(rand.NewPCG(1, 1))})
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for i := range data.Records {
		index[linkage.RecordKey(data.Records[i])] = i
	}
	steps := 0
	for _, run := range res.Runs {
		steps += len(run.Steps)
		if run.Stop != "cap" || run.Decisions != limit || len(run.Decided) != limit {
			t.Errorf("%s: stopped %q after %d decisions (%d kept), want the cap of %d", run.Order, run.Stop, run.Decisions, len(run.Decided), limit)
		}
		if run.ToWithin >= 0 || run.ToBoth >= 0 {
			t.Errorf("%s: within %d, both %d at a tolerance of 1e-12", run.Order, run.ToWithin, run.ToBoth)
		}
		// Steps: one before any decision, one per batch, the last of
		// the remainder; monotone in decisions and changes.
		want := []int{0, 4, 8, 12, 14}
		if len(run.Steps) != len(want) {
			t.Fatalf("%s: %d steps, want %d", run.Order, len(run.Steps), len(want))
		}
		cover := -1
		for k, st := range run.Steps {
			if st.Decisions != want[k] {
				t.Errorf("%s: step %d after %d decisions, want %d", run.Order, k, st.Decisions, want[k])
			}
			if k > 0 && st.Changed < run.Steps[k-1].Changed || st.Changed > st.Decisions {
				t.Errorf("%s: step %d: %d changed of %d decisions", run.Order, k, st.Changed, st.Decisions)
			}
			if st.Minimum <= 0 || st.Estimate.Err != "" || st.Combined.Err != "" || !(st.Combined.Lower <= st.Combined.Upper) {
				t.Errorf("%s: step %d: %+v", run.Order, k, st)
			}
			if st.Covers != st.Combined.Covers(res.N) {
				t.Errorf("%s: step %d: covers %v for %+v and N %d", run.Order, k, st.Covers, st.Combined, res.N)
			}
			if st.Covers && cover < 0 {
				cover = st.Decisions
			}
		}
		if run.ToCover != cover {
			t.Errorf("%s: to cover %d, steps say %d", run.Order, run.ToCover, cover)
		}
		if run.Steps[0].Minimum != len(first.Persons) || run.Steps[0].Band != len(first.Review) {
			t.Errorf("%s: first step minimum %d, band %d; the first linkage has %d persons, %d pairs in the band",
				run.Order, run.Steps[0].Minimum, run.Steps[0].Band, len(first.Persons), len(first.Review))
		}
		// Every decision is the truth, on a distinct pair; Same counts
		// the "same" answers.
		same := 0
		seen := map[[2]string]bool{}
		for _, d := range run.Decided {
			if seen[[2]string{d.A, d.B}] || seen[[2]string{d.B, d.A}] {
				t.Errorf("%s: pair %s %s decided twice", run.Order, d.A, d.B)
			}
			seen[[2]string{d.A, d.B}] = true
			if d.Same != (data.Truth[d.A] == data.Truth[d.B]) {
				t.Errorf("%s: decision %+v against the truth", run.Order, d)
			}
			if d.Same {
				same++
			}
		}
		if same != run.Same {
			t.Errorf("%s: %d same decisions, run says %d", run.Order, same, run.Same)
		}
		// The relink with the decisions respects every one of them.
		res, err := linkage.Link(data.Records, run.Decided, linkage.Config{}, linkage.Options{Rand: rand.New(rand.NewPCG(1, 1))})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range run.Decided {
			if linked := res.PersonOf[index[d.A]] == res.PersonOf[index[d.B]]; linked != d.Same {
				t.Errorf("%s: %s and %s decided same=%v, linked=%v after the relink", run.Order, d.A, d.B, d.Same, linked)
			}
		}
		if len(res.Persons) != run.Steps[len(run.Steps)-1].Minimum {
			t.Errorf("%s: last step minimum %d, relink %d persons", run.Order, run.Steps[len(run.Steps)-1].Minimum, len(res.Persons))
		}
	}
	if progress != steps {
		t.Errorf("progress told %d times for %d steps", progress, steps)
	}
	// The impact order starts where reckon review does.
	rv, err := pipeline.NewReview(first, data.Records, pipeline.ReviewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := rv.Queue()[0]
	if d := res.Runs[0].Decided[0]; d.A != rv.Key(q.A) || d.B != rv.Key(q.B) {
		t.Errorf("impact order decided %s %s first, the queue starts with %s %s", d.A, d.B, rv.Key(q.A), rv.Key(q.B))
	}
	// The uncertain order starts at the pair closest to 0.5.
	best := first.Review[0]
	for _, p := range first.Review {
		if abs(p.Probability-0.5) < abs(best.Probability-0.5) {
			best = p
		}
	}
	key := func(i int) string { return linkage.RecordKey(data.Records[i]) }
	if d := res.Runs[2].Decided[0]; d.A != key(best.A) || d.B != key(best.B) {
		t.Errorf("uncertain order decided %s %s first, the pair closest to 0.5 is %s %s (p %.3f)", d.A, d.B, key(best.A), key(best.B), best.Probability)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestReviewSimulationStops checks that a run stops at the first step
// that reaches both goals: with a tolerance any estimate meets, the first
// step whose combined interval covers N.
func TestReviewSimulationStops(t *testing.T) {
	res, err := ReviewSimulation(context.Background(), scenario.Scenario{Name: "stop", N: 300},
		ReviewSimOptions{Orders: []string{ReviewRandom}, Batch: 3, MaxDecisions: 6, Draws: 2, Method: string(reckon.MethodLogLinear), Tolerance: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	run := res.Runs[0]
	last := run.Steps[len(run.Steps)-1]
	switch run.Stop {
	case "reached":
		if !last.Covers || !last.Within || run.ToBoth != last.Decisions || run.ToCover != last.Decisions {
			t.Errorf("reached at %d: last step %+v, to cover %d", run.ToBoth, last, run.ToCover)
		}
	case "cap":
		if run.ToBoth >= 0 || run.Decisions != 6 {
			t.Errorf("cap after %d decisions, both at %d", run.Decisions, run.ToBoth)
		}
		for _, st := range run.Steps {
			if st.Covers {
				t.Errorf("a step covered N (%+v) but the run went on", st)
			}
		}
	default:
		t.Errorf("stopped %q", run.Stop)
	}
	if run.ToWithin != 0 {
		t.Errorf("to within %d at a tolerance of 1e9, want 0", run.ToWithin)
	}
}

func TestReviewSimulationOptions(t *testing.T) {
	for _, opt := range []ReviewSimOptions{
		{Orders: []string{"alphabetical"}},
		{Method: "petersen"},
		{Estimator: "median"},
	} {
		_, err := ReviewSimulation(context.Background(), scenario.Scenario{Name: "x", N: 100}, opt)
		var e *reckon.Error
		if !errors.As(err, &e) || e.Code != reckon.EINVALID {
			t.Errorf("%+v: error %v, want one of code invalid", opt, err)
		}
	}
}
