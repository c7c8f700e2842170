package pipeline_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
)

// TestProgressString: the words a page and a job show for each kind of
// report (issue 15).
func TestProgressString(t *testing.T) {
	tests := []struct {
		name string
		p    pipeline.Progress
		want string
	}{
		{"a linkage stage that counts", pipeline.Progress{Stage: "block keys", Done: 3, Total: 7}, "block keys 3/7"},
		{"a stage that does not count", pipeline.Progress{Stage: "storing persons"}, "storing persons"},
		{"a method", pipeline.Progress{Stage: "estimating", Method: reckon.MethodLCMCR, Done: 2, Total: 5}, "method 2 of 5: lcmcr"},
		{"a method of a stratum", pipeline.Progress{Stage: "estimating", Method: reckon.MethodLogLinear, Done: 1, Total: 2, Stratum: "unit=3", StratumIndex: 2, Strata: 7},
			"stratum 2 of 7 (unit=3): method 1 of 2: loglinear"},
		{"draws", pipeline.Progress{Stage: "linkage draws", Done: 4, Total: 20}, "linkage draws 4/20"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestLinkEstimateProgress (issue 15): a link run and an estimate run
// report their stages, in order, to the reporter of their context and to
// the callback of their options: linkage's stages then the storing of
// the persons; the persons read, the linkage draws one by one, each
// method of each stratum, the sums and the whole population.
func TestLinkEstimateProgress(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 5, 400)
	var linked []pipeline.Progress
	lctx := pipeline.WithProgress(ctx, func(p pipeline.Progress) { linked = append(linked, p) })
	var fromOptions []string
	opts := linkage.Options{Progress: func(stage string, done, total int) { fromOptions = append(fromOptions, stage) }}
	if _, _, err := pipeline.Link(lctx, s, linkage.Config{}, "", opts); err != nil {
		t.Fatal(err)
	}
	stages := func(ps []pipeline.Progress) []string {
		var out []string
		for _, p := range ps {
			if len(out) == 0 || out[len(out)-1] != p.Stage {
				out = append(out, p.Stage)
			}
		}
		return out
	}
	got := stages(linked)
	for _, want := range []string{"block keys", "score", "cluster", "storing persons"} {
		if !slices.Contains(got, want) {
			t.Errorf("link stages %q lack %q", got, want)
		}
	}
	if got[len(got)-1] != "storing persons" {
		t.Errorf("link stages end with %q, want storing persons", got[len(got)-1])
	}
	if len(fromOptions) == 0 || len(fromOptions) != len(linked)-1 {
		t.Errorf("the options' callback heard %d reports, the context's %d (one more: storing)", len(fromOptions), len(linked))
	}
	for _, p := range linked {
		if p.Total > 0 && (p.Done < 0 || p.Done > p.Total) {
			t.Errorf("link report %+v: done outside 0..total", p)
		}
	}

	var est []pipeline.Progress
	var opt []pipeline.Progress
	ectx := pipeline.WithProgress(ctx, func(p pipeline.Progress) { est = append(est, p) })
	_, err := pipeline.Estimate(ectx, s, pipeline.EstimateOptions{Strata: "death_year", LinkageDraws: 3, StrataDraws: 50, MinStratum: 10,
		Methods: []reckon.Method{reckon.MethodChao, reckon.MethodLogLinear}, Selection: mse.SelectionOptions{Bootstrap: -1},
		Progress: func(p pipeline.Progress) { opt = append(opt, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(est, opt) {
		t.Errorf("the context heard %d reports, the options %d: they differ", len(est), len(opt))
	}
	var said []string
	for _, p := range est {
		if len(said) == 0 || said[len(said)-1] != p.String() {
			said = append(said, p.String())
		}
	}
	text := strings.Join(said, "\n")
	for _, want := range []string{"reading persons", "linkage draws 1/3", "linkage draws 3/3",
		"stratum 1 of ", " (death_year=", "): method 1 of 2: chao", "): method 2 of 2: loglinear", "linkage intervals",
		"sums over strata", "whole population", "\nmethod 2 of 2: loglinear"} {
		if !strings.Contains(text, want) {
			t.Errorf("estimate reports lack %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "relink: score") {
		t.Errorf("the relinking for the draws reports no stages:\n%s", text)
	}
	// In order: the whole population comes after every stratum.
	if i, j := strings.LastIndex(text, "stratum "), strings.Index(text, "whole population"); i < 0 || j < i {
		t.Errorf("whole population (at %d) before the last stratum (at %d):\n%s", j, i, text)
	}
}
