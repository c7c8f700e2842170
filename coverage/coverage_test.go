package coverage

import (
	"context"
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
		Methods: []string{mse.MethodLogLinear, mse.MethodLCMCR},
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
