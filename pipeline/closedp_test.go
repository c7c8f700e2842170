package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// TestEstimateClosedpChao: reckon estimate runs and stores closedp and
// chao (issue 14), each with its interval over linkage draws and a
// recipe that repeats it.
func TestEstimateClosedpChao(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 4, 1500)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{reckon.MethodClosedp, reckon.MethodChao}, LinkageDraws: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 || es[1].Method != reckon.MethodClosedp || es[2].Method != reckon.MethodChao {
		t.Fatalf("estimates %d, want minimum, closedp, chao", len(es))
	}
	for _, e := range es[1:] {
		if !(e.Lower <= e.NHat && e.NHat <= e.Upper) || e.NHat < float64(e.Observed) || e.Linkage == nil || e.Result == "" {
			t.Errorf("%s: %s n̂ %.0f [%.0f, %.0f], linkage %v", e.Method, e.Model, e.NHat, e.Lower, e.Upper, e.Linkage)
		}
		r, err := pipeline.Recipe(e)
		if err != nil || !strings.Contains(r, "--method "+string(e.Method)) {
			t.Errorf("%s: recipe %q, %v", e.Method, r, err)
		}
	}
	if !strings.Contains(es[2].Model, "lower bound") || !strings.Contains(es[2].Interval, "lower bound") {
		t.Errorf("chao: model %q interval %q: want it said to be a lower bound", es[2].Model, es[2].Interval)
	}
	if _, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{"magic"}}); err == nil || !strings.Contains(err.Error(), "closedp, chao or dga") {
		t.Errorf("unknown method: %v", err)
	}
}
