package pipeline_test

import (
	"context"
	"encoding/json"
	"iter"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
	"github.com/reckonhq/reckon/synth"
)

func open(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestLinkEstimate runs import, link and estimate over synthetic lists of
// known size and checks what is stored.
func TestLinkEstimate(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Fatalf("estimate before link: %v, want an invalid error", err)
	}
	importSynth(t, s, 3, 1500)
	run, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opt := pipeline.EstimateOptions{
		LCMCR:        mse.LCMCROptions{Burnin: 1000, Samples: 500, Thin: 5, Chains: 2},
		Stepwise:     mse.StepwiseOptions{Bootstrap: 50},
		Selection:    mse.SelectionOptions{Bootstrap: 100},
		LinkageDraws: 5,
	}
	es, err := pipeline.Estimate(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 5 || es[0].Method != reckon.MethodMinimum {
		t.Fatalf("%d estimates, want minimum + 4 methods: %+v", len(es), es)
	}
	if es[0].Observed != int64(run.Persons) || es[0].NHat != float64(run.Persons) {
		t.Errorf("minimum %v, want the %d persons", es[0].NHat, run.Persons)
	}
	for _, e := range es[1:] {
		if e.NHat < float64(e.Observed) || e.Lower > e.NHat || e.Upper < e.NHat || e.LinkRunID != run.ID || e.InputHash == "" {
			t.Errorf("%s: n̂ %.0f [%.0f, %.0f] from %d observed, run %d", e.Method, e.NHat, e.Lower, e.Upper, e.Observed, e.LinkRunID)
		}
		// The synthetic population is 1500; a sound method lands near it.
		if math.Abs(e.NHat-1500)/1500 > 0.5 {
			t.Errorf("%s: n̂ %.0f is far from the true 1500", e.Method, e.NHat)
		}
	}
	// Every estimate carries its interval over the linkage draws, which
	// holds its point, and near today's figure (the synthetic lists link
	// well).
	for _, e := range es {
		l := e.Linkage
		if l == nil {
			t.Fatalf("%s: no linkage interval (warnings %q)", e.Method, e.Warnings)
		}
		if l.Draws < 1 || l.Draws > 5 || !(l.Lower <= l.NHat && l.NHat <= l.Upper) || math.Abs(l.NHat-e.NHat)/e.NHat > 0.1 {
			t.Errorf("%s: linkage %+v, today's %.0f", e.Method, *l, e.NHat)
		}
		if e.Method == reckon.MethodMinimum && (l.Draws != 5 || l.Lower < 0.9*e.NHat || l.Upper > 1.1*e.NHat) {
			t.Errorf("minimum: range over draws %+v, today's %.0f", *l, e.NHat)
		}
		// Linkage adds uncertainty: the combined interval is no narrower
		// than today's (for stepwise, today's normal interval: its BCa
		// interval from 50 replicates is too noisy to compare).
		lo, hi := e.Lower, e.Upper
		if e.Method == reckon.MethodStepwise {
			var r mse.StepwiseResult
			if err := json.Unmarshal([]byte(e.Result), &r); err != nil {
				t.Fatal(err)
			}
			lo, hi = r.NormalLower, r.NormalUpper
		}
		if e.Method != reckon.MethodMinimum && e.Method != reckon.MethodLCMCR && l.Upper-l.Lower < 0.99*(hi-lo) {
			t.Errorf("%s: the interval over linkage [%.0f, %.0f] is narrower than today's [%.0f, %.0f]", e.Method, l.Lower, l.Upper, lo, hi)
		}
	}
	stored, _ := s.Estimates(ctx, reckon.EstimateFilter{})
	if len(stored) != 5 {
		t.Errorf("%d stored estimates, want 5", len(stored))
	}
	for _, e := range stored {
		if e.Linkage == nil {
			t.Errorf("stored %s estimate without its linkage interval", e.Method)
		}
	}

	// By stratum: one set per unit with enough persons.
	es, err = pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Strata: "death_year", Methods: []reckon.Method{"loglinear"}, LinkageDraws: 3})
	if err != nil {
		t.Fatal(err)
	}
	strata := map[string]bool{}
	for _, e := range es {
		strata[e.Stratum] = true
		if e.Linkage == nil && e.Method == reckon.MethodMinimum {
			t.Errorf("stratum %s: minimum without its range over draws", e.Stratum)
		}
	}
	if len(strata) < 2 {
		t.Errorf("strata %v, want the death years", strata)
	}
	// A relinking that fails leaves today's figures, with a warning.
	es, err = pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{"loglinear"}, LinkageDraws: 2,
		Link: linkage.Config{Blocking: []linkage.Rule{{On: []string{"shoe_size"}}}}})
	if err != nil {
		t.Fatalf("estimate with a relinking that fails: %v", err)
	}
	if es[0].Linkage != nil || len(es[0].Warnings) == 0 || !strings.Contains(es[0].Warnings[len(es[0].Warnings)-1], "no interval over linkage draws") {
		t.Errorf("relinking failed: minimum %+v, warnings %q", es[0].Linkage, es[0].Warnings)
	}
	if _, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{"magic"}}); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Errorf("unknown method: %v", err)
	}
}

// TestEstimateReproduces recomputes a stored estimate from its input
// snapshot and settings alone and gets the same numbers.
func TestEstimateReproduces(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 5, 600)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{"loglinear", "stepwise", "lcmcr", "dga"}, Seed: 9, LinkageDraws: -1,
		Stepwise: mse.StepwiseOptions{Bootstrap: 200},
		LCMCR:    mse.LCMCROptions{Burnin: 500, Samples: 300, Thin: 3, Chains: 2}})
	if err != nil {
		t.Fatal(err)
	}
	// What the recipe of reckon estimate show does: read the stored
	// input as a file and run the method with the stored settings. The
	// stepwise bootstrap resamples rows in their order, so a table built
	// in another order than the stored input's gave other intervals.
	for _, e := range es[1:] {
		stored, err := s.Estimate(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := mse.ReadCSV(strings.NewReader(stored.Input))
		if err != nil {
			t.Fatal(err)
		}
		var nhat, lower, upper float64
		switch stored.Method {
		case "lcmcr":
			var opt mse.LCMCROptions
			if err := json.Unmarshal([]byte(stored.Settings), &opt); err != nil {
				t.Fatal(err)
			}
			r, err := mse.LCMCR(tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			nhat, lower, upper = r.Median, r.Lower, r.Upper
		case "stepwise":
			var opt mse.StepwiseOptions
			if err := json.Unmarshal([]byte(stored.Settings), &opt); err != nil {
				t.Fatal(err)
			}
			r, err := mse.Stepwise(tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			nhat, lower, upper = r.NHat, r.Lower, r.Upper
		case "loglinear":
			var opt mse.LogLinearOptions
			if err := json.Unmarshal([]byte(stored.Settings), &opt); err != nil {
				t.Fatal(err)
			}
			r, err := mse.LogLinear(tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			best := r.Models[r.BestBIC]
			nhat, lower, upper = best.NHat, best.Lower, best.Upper
		case "dga":
			var opt mse.DGAOptions
			if err := json.Unmarshal([]byte(stored.Settings), &opt); err != nil {
				t.Fatal(err)
			}
			opt.Seed = stored.Seed
			r, err := mse.DGA(tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			nhat, lower, upper = r.Median, r.Lower, r.Upper
		default:
			t.Fatalf("method %q", stored.Method)
		}
		if nhat != stored.NHat || lower != stored.Lower || upper != stored.Upper {
			t.Errorf("%s: recomputed from the stored input %v [%v, %v], stored %v [%v, %v]", stored.Method, nhat, lower, upper, stored.NHat, stored.Lower, stored.Upper)
		}
	}
}

// TestEstimateResults: every stored estimate carries its method's full
// result as JSON, numbers that were not computed included (as null).
func TestEstimateResults(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 8, 500)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Stepwise: mse.StepwiseOptions{Bootstrap: 30}, LinkageDraws: -1,
		LCMCR: mse.LCMCROptions{Burnin: 200, Samples: 100, Thin: 2, Chains: 2}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		var v map[string]any
		if err := json.Unmarshal([]byte(e.Result), &v); err != nil || len(v) == 0 {
			t.Errorf("%s: result %q: %v", e.Method, e.Result, err)
		}
		switch e.Method {
		case "loglinear":
			if _, ok := v["Models"]; !ok {
				t.Errorf("loglinear result without its models: %.200s", e.Result)
			}
			if ms, ok := v["model_selection"].(map[string]any); !ok || ms["lower"] == nil {
				t.Errorf("loglinear result without the interval allowing for model selection: %.300s", e.Result)
			}
			if !slices.ContainsFunc(e.Warnings, func(w string) bool {
				return strings.HasPrefix(w, "model selection: allowing for the choice of model by BIC")
			}) {
				t.Errorf("loglinear estimate does not say what model selection does to its interval: %q", e.Warnings)
			}
		case "lcmcr", "dga":
			if q, ok := v["quantiles"].([]any); !ok || len(q) != 41 {
				t.Errorf("%s result without its quantiles: %.200s", e.Method, e.Result)
			}
			if _, ok := v["Graphs"]; e.Method == "dga" && !ok {
				t.Errorf("dga result without its graphs: %.200s", e.Result)
			}
		}
	}
}

// importSynth imports synthetic lists of n persons, drawn with seed, into s.
func importSynth(t testing.TB, s *sqlite.Store, seed uint64, n int) {
	t.Helper()
	data, err := synth.Generate(rand.New(rand.NewPCG(seed, seed)), synth.Options{N: n})
	if err != nil {
		t.Fatal(err)
	}
	for i, list := range data.Lists {
		seq := func(yield func(*reckon.Record, error) bool) {
			for j := range list {
				if !yield(&list[j], nil) {
					return
				}
			}
		}
		if _, err := s.ImportRecords(context.Background(), &reckon.Import{List: data.ListNames[i], Hash: data.ListNames[i]}, iter.Seq2[*reckon.Record, error](seq)); err != nil {
			t.Fatal(err)
		}
	}
}
