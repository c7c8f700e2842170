package coverage

import (
	"context"
	"github.com/reckonhq/reckon"
	"testing"

	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/synth"
)

// TestEvaluate checks the bookkeeping on a case the estimators must get
// right: lists captured independently and homogeneously, linked by the
// truth. Each method's interval should then cover the true total.
func TestEvaluate(t *testing.T) {
	rep, err := Evaluate(context.Background(), Options{
		Sizes: []int{800}, Seeds: 3, TrueLinkage: true,
		Synth:   synth.Options{Heterogeneity: -1, Dependence: -1, Duplicates: -1},
		Methods: []string{string(reckon.MethodLogLinear), string(reckon.MethodLCMCR)},
		LCMCR:   mse.LCMCROptions{Burnin: 500, Samples: 300, Thin: 5, Chains: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs) != 3 || len(rep.Methods) != 2 {
		t.Fatalf("%d runs, %d methods", len(rep.Runs), len(rep.Methods))
	}
	for _, m := range rep.Methods {
		if m.Failed > 0 || m.Coverage < 2.0/3 {
			t.Errorf("%s: coverage %.2f, %d failed; want the truth covered on independent lists", m.Method, m.Coverage, m.Failed)
		}
		if m.MeanRelErr < -0.1 || m.MeanRelErr > 0.1 {
			t.Errorf("%s: mean relative error %+.3f", m.Method, m.MeanRelErr)
		}
	}
	for _, r := range rep.Runs {
		if r.Persons != r.Captured || r.PairwiseF1 <= 0 {
			t.Errorf("run %+v: with true linkage the persons are the captured", r)
		}
	}
	if rep.MinimumRelErr >= 0 {
		t.Errorf("the documented minimum should fall below the truth: %+.3f", rep.MinimumRelErr)
	}
}

// TestEvaluateDraws: with linkage draws every method also gets an
// interval over linkage, at least as wide as its own for log-linear, and
// the minimum a range around the documented minimum.
func TestEvaluateDraws(t *testing.T) {
	rep, err := Evaluate(context.Background(), Options{
		Sizes: []int{600}, Seeds: 1, Draws: 4,
		Methods: []string{string(reckon.MethodLogLinear), string(reckon.MethodLCMCR)},
		LCMCR:   mse.LCMCROptions{Burnin: 500, Samples: 200, Thin: 5, Chains: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"loglinear", "lcmcr", "loglinear over linkage", "lcmcr over linkage", "minimum over linkage"}
	if len(rep.Methods) != len(want) {
		t.Fatalf("methods %+v, want %v", rep.Methods, want)
	}
	for i, m := range rep.Methods {
		if m.Method != want[i] || m.Failed > 0 {
			t.Errorf("method %d: %+v, want %s without failures", i, m, want[i])
		}
	}
	r := rep.Runs[0]
	ll, over := r.Estimates["loglinear"], r.Estimates["loglinear over linkage"]
	if over.Upper-over.Lower < 0.99*(ll.Upper-ll.Lower) || !(over.Lower <= over.NHat && over.NHat <= over.Upper) {
		t.Errorf("loglinear %+v, over linkage %+v: want a wider interval holding its point", ll, over)
	}
	mn := r.Estimates["minimum over linkage"]
	if mn.Lower > float64(r.Persons)*1.05 || mn.Upper < float64(r.Persons)*0.95 || mn.Lower > mn.Upper {
		t.Errorf("minimum over linkage %+v, persons %d", mn, r.Persons)
	}
}

// TestEvaluateEveryMethod runs every method of the study (issue 14: dga,
// closedp, Chao's bounds, the model-selection intervals and the interval
// over models) on independent, homogeneous lists linked by the truth:
// each gives an estimate, the interval over models spans every family's
// interval and holds their median, and it covers the truth.
func TestEvaluateEveryMethod(t *testing.T) {
	rep, err := Evaluate(context.Background(), Options{
		Sizes: []int{800}, Seeds: 2, TrueLinkage: true,
		Synth:     synth.Options{Heterogeneity: -1, Dependence: -1, Duplicates: -1},
		Methods:   Methods,
		LCMCR:     mse.LCMCROptions{Burnin: 500, Samples: 300, Thin: 5, Chains: 2},
		Stepwise:  mse.StepwiseOptions{Bootstrap: 50},
		Selection: mse.SelectionOptions{Bootstrap: 50},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Methods) != len(Methods) {
		t.Fatalf("%d methods summarised, want %d", len(rep.Methods), len(Methods))
	}
	for _, m := range rep.Methods {
		if m.Failed > 0 {
			t.Errorf("%s: %d runs failed: %+v", m.Method, m.Failed, rep.Runs[0].Estimates[m.Method])
		}
	}
	for _, r := range rep.Runs {
		u := r.Estimates[MethodUncertainty]
		for _, m := range families {
			iv := r.Estimates[m]
			if iv.Lower < u.Lower || iv.Upper > u.Upper {
				t.Errorf("seed %d: %s [%.0f, %.0f] outside the interval over models [%.0f, %.0f]", r.Seed, m, iv.Lower, iv.Upper, u.Lower, u.Upper)
			}
		}
		if !u.Covers(r.N) || !(u.Lower <= u.NHat && u.NHat <= u.Upper) {
			t.Errorf("seed %d: interval over models %+v, truth %d", r.Seed, u, r.N)
		}
	}
}
