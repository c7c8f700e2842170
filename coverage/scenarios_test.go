package coverage

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/scenario"
)

func TestScenarios(t *testing.T) {
	called := 0
	rs, err := Scenarios(context.Background(), ScenarioOptions{
		Scenarios: []scenario.Scenario{{Name: "small", N: 500}, {Name: "no-dates", N: 500, Dates: scenario.DatesNone, Lists: 3}},
		Estimate: func(ctx context.Context, in EstimateInput) (map[string]Interval, error) {
			called++
			if in.Link == nil || len(in.Records) == 0 || len(in.Lists) == 0 {
				t.Errorf("estimator got %+v", in)
			}
			est, err := DefaultEstimate([]string{string(reckon.MethodLogLinear)}, mse.LCMCROptions{}, mse.StepwiseOptions{})(ctx, in)
			est["fixed"] = Interval{NHat: 500, Lower: 400, Upper: 600}
			return est, err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || called != 2 {
		t.Fatalf("%d results, estimator called %d times", len(rs), called)
	}
	for _, r := range rs {
		if r.Err != "" {
			t.Fatalf("%s: %s", r.Name, r.Err)
		}
		if r.Pairwise.F1 <= 0 || r.Pairwise.F1 > 1 || r.BCubed.F1 <= 0 || r.BlockingRecall <= 0 || r.BlockingRecall > 1 {
			t.Errorf("%s: scores out of range: %+v", r.Name, r)
		}
		if r.CandidateMatches <= 0 || r.ExpectedMatches <= 0 || r.ExpectedMatches > float64(r.CandidatePairs) {
			t.Errorf("%s: %.1f matches expected, %d true among %d candidate pairs", r.Name, r.ExpectedMatches, r.CandidateMatches, r.CandidatePairs)
		}
		if r.ECE < 0 || r.ECE > 1 || len(r.Reliability) != 10 {
			t.Errorf("%s: ECE %v, %d bins", r.Name, r.ECE, len(r.Reliability))
		}
		n := 0
		for _, b := range r.Reliability {
			n += b.Pairs
		}
		if n != r.CandidatePairs {
			t.Errorf("%s: bins hold %d pairs of %d", r.Name, n, r.CandidatePairs)
		}
		pairs := 0
		for _, lp := range r.ByListPair {
			pairs += lp.TruePairs
			if lp.Linked < 0 || lp.Linked > 1 || lp.A > lp.B {
				t.Errorf("%s: list pair %+v", r.Name, lp)
			}
		}
		if pairs == 0 {
			t.Errorf("%s: no list pairs", r.Name)
		}
		if !r.Covers("fixed") || r.Covers("nothing") {
			t.Errorf("%s: Covers is wrong", r.Name)
		}
		if _, ok := r.Estimates[string(reckon.MethodLogLinear)]; !ok {
			t.Errorf("%s: no log-linear estimate", r.Name)
		}
		if r.LinkTime <= 0 || r.Persons < r.Observed/2 {
			t.Errorf("%s: link time %v, %d persons for %d observed", r.Name, r.LinkTime, r.Persons, r.Observed)
		}
	}
	if rs[0].Dated == rs[1].Dated {
		t.Errorf("dated: %v and %v", rs[0].Dated, rs[1].Dated)
	}
	s := Summarize(rs)
	if s.Scenarios != 2 || s.Dated != 1 || s.Coverage["fixed"] != 1 {
		t.Errorf("summary %+v", s)
	}
}

// TestCalibration checks the bins and the error on pairs made by hand.
func TestCalibration(t *testing.T) {
	recs := []reckon.Record{{List: "a", RecordID: "1"}, {List: "a", RecordID: "2"}, {List: "b", RecordID: "1"}, {List: "b", RecordID: "2"}}
	truth := map[string]string{"a/1": "x", "a/2": "y", "b/1": "x", "b/2": "z"}
	tests := []struct {
		name   string
		pairs  []linkage.Pair
		ece    float64
		recall float64
	}{
		{"perfect", []linkage.Pair{{A: 0, B: 2, Probability: 1}, {A: 1, B: 3, Probability: 0}}, 0, 1},
		{"overconfident", []linkage.Pair{{A: 0, B: 2, Probability: 0.95}, {A: 0, B: 1, Probability: 0.95}}, 0.45, 1},
		{"missed", []linkage.Pair{{A: 1, B: 3, Probability: 0.25}}, 0.25, 0},
	}
	for _, tt := range tests {
		ece, curve := calibration(recs, truth, tt.pairs, 10)
		if math.Abs(ece-tt.ece) > 1e-9 || len(curve) != 10 {
			t.Errorf("%s: ECE %v, want %v", tt.name, ece, tt.ece)
		}
		if r, lp := blockingRecall(recs, truth, tt.pairs, nil); r != tt.recall || len(lp) != 1 || lp[0].A != "a" || lp[0].B != "b" || lp[0].TruePairs != 1 || lp[0].Blocked != tt.recall {
			t.Errorf("%s: blocking recall %v, want %v", tt.name, r, tt.recall)
		}
	}
}

// TestIntervalJSON checks that an open bound is written as null: JSON has
// no infinity, and synth scenarios --format json must not fail on one.
func TestIntervalJSON(t *testing.T) {
	for _, tt := range []struct {
		iv   Interval
		want string
	}{
		{Interval{NHat: 10, Lower: 8, Upper: 12}, `{"NHat":10,"Lower":8,"Upper":12}`},
		{Interval{NHat: 10, Lower: 8, Upper: math.Inf(1)}, `{"NHat":10,"Lower":8,"Upper":null}`},
		{Interval{NHat: math.NaN(), Err: "no model"}, `{"NHat":null,"Lower":0,"Upper":0,"Err":"no model"}`},
	} {
		b, err := json.Marshal(tt.iv)
		if err != nil || string(b) != tt.want {
			t.Errorf("%+v: %s, %v; want %s", tt.iv, b, err, tt.want)
		}
	}
}

// TestCoversTarget: the documented minimum's range over linkage draws is
// scored against the persons observed, every estimate of the total
// against N.
func TestCoversTarget(t *testing.T) {
	r := ScenarioResult{N: 3000, Observed: 2241, Estimates: map[string]Interval{
		"minimum over linkage": {NHat: 2245, Lower: 2230, Upper: 2260},
		"lcmcr over linkage":   {NHat: 3100, Lower: 2900, Upper: 3300},
		"loglinear":            {NHat: 2250, Lower: 2230, Upper: 2260},
	}}
	for _, tc := range []struct {
		method string
		target int
		covers bool
	}{
		{"minimum over linkage", 2241, true},
		{"lcmcr over linkage", 3000, true},
		{"loglinear", 3000, false},
		{"missing", 3000, false},
	} {
		if got := r.Target(tc.method); got != tc.target {
			t.Errorf("Target(%q) = %d, want %d", tc.method, got, tc.target)
		}
		if got := r.Covers(tc.method); got != tc.covers {
			t.Errorf("Covers(%q) = %v, want %v", tc.method, got, tc.covers)
		}
	}
}
