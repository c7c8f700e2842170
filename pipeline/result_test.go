package pipeline_test

import (
	"context"
	"math"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
)

// TestReadResult (issue 12): every estimate Estimate stores reads back
// through the one decoder as its method's typed output, the figures
// stored beside it included.
func TestReadResult(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 5, 600)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: reckon.Methods[1:], LinkageDraws: -1, Sensitivity: []float64{0.5},
		Stepwise: mse.StepwiseOptions{Bootstrap: 50}, Selection: mse.SelectionOptions{Bootstrap: 30},
		LCMCR: mse.LCMCROptions{Burnin: 100, Samples: 100, Thin: 2, Chains: 2}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reckon.Method]bool{}
	for _, e := range es {
		stored, err := s.Estimate(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := pipeline.ReadResult(stored)
		if err != nil {
			t.Fatalf("%s: %v", e.Method, err)
		}
		if _, err := pipeline.ReadSettings(stored); err != nil {
			t.Fatalf("%s: %v", e.Method, err)
		}
		seen[e.Method] = true
		ok := r.Method == e.Method
		switch e.Method {
		case reckon.MethodMinimum:
			ok = ok && r.Observed == e.Observed && len(r.Sensitivity) == 1
		case reckon.MethodLogLinear:
			ok = ok && r.LogLinear != nil && r.LogLinear.Models[r.LogLinear.BestBIC].NHat == e.NHat && r.Selection != nil && r.Selection.Bootstrap == 30
		case reckon.MethodStepwise:
			ok = ok && r.Stepwise != nil && r.Stepwise.NHat == e.NHat && len(r.Stepwise.Names) > 0
		case reckon.MethodLCMCR:
			ok = ok && r.LCMCR != nil && r.LCMCR.Median == e.NHat && len(r.Quantiles) == 41 && r.LCMCR.Options.Chains == 2
		case reckon.MethodClosedp:
			ok = ok && r.Closedp != nil && r.Closedp.Models[r.Closedp.BestBIC].NHat == e.NHat
		case reckon.MethodChao:
			ok = ok && r.Chao != nil && r.Chao.Chao == e.NHat && len(r.Chao.F) > 2
		case reckon.MethodDGA:
			ok = ok && r.DGA != nil && r.DGA.Median == e.NHat && len(r.DGA.Graphs) > 0 && len(r.DGA.Quantiles) > 0
		}
		if !ok {
			t.Errorf("%s stored as %v: read back as %+v", e.Method, e.NHat, r)
		}
	}
	if len(seen) != len(reckon.Methods) {
		t.Errorf("methods stored: %v", seen)
	}
}

func TestReadResultErrors(t *testing.T) {
	tests := []struct {
		name              string
		method            reckon.Method
		settings, result  string
		settingsErr, rErr bool
	}{
		{"empty is the defaults", reckon.MethodStepwise, "", "", false, false},
		{"minimum", reckon.MethodMinimum, "", `{"observed":4}`, false, false},
		{"minimum without its count", reckon.MethodMinimum, "", `{}`, false, true},
		{"not json", reckon.MethodLCMCR, "nope", "nope", true, true},
		{"wrong type", reckon.MethodStepwise, `{"Bootstrap":"many"}`, `{"NHat":"many"}`, true, true},
		{"another method's settings", reckon.MethodStepwise, `{"Burnin":10}`, `{}`, true, false},
		{"an array", reckon.MethodDGA, `[]`, `[]`, true, true},
		{"two objects", reckon.MethodDGA, `{} {}`, `{}`, true, false},
		{"unknown method", "magic", `{}`, `{}`, true, true},
	}
	for _, tt := range tests {
		e := &reckon.Estimate{ID: 7, Method: tt.method, Settings: tt.settings, Result: tt.result}
		_, err := pipeline.ReadSettings(e)
		if (err != nil) != tt.settingsErr || err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%s: ReadSettings: %v", tt.name, err)
		}
		_, err = pipeline.ReadResult(e)
		if (err != nil) != tt.rErr || err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
			t.Errorf("%s: ReadResult: %v", tt.name, err)
		}
	}
	// Numbers stored as null (not computed) read as NaN.
	r, err := pipeline.ReadResult(&reckon.Estimate{Method: reckon.MethodStepwise, Result: `{"NHat":12.5,"Lower":null,"Upper":null}`})
	if err != nil || r.Stepwise.NHat != 12.5 || !math.IsNaN(r.Stepwise.Lower) {
		t.Errorf("stepwise with null bounds: %+v, %v", r, err)
	}
}

// FuzzReadResult: any stored text reads as its method's result and
// settings or is an error of code invalid; never a panic.
func FuzzReadResult(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"observed":3}`, `{"Models":[{"Name":"[1,2]","NHat":null,"Terms":[3]}],"BestBIC":0}`,
		`{"NHat":1,"Lower":null,"Names":["A:B"]}`, `{"Median":5,"quantiles":[1,2]}`, `{"F":[0,1,2],"Chao":null}`,
		`{"Graphs":[{"name":"[1]","weight":0.5}],"quantiles":null}`, `{"model_selection":{"n_hat":3}}`, `[]`, `nul`, `{"Bootstrap":-1}`} {
		for i := range reckon.Methods {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, m uint8, s string) {
		e := &reckon.Estimate{ID: 1, Method: reckon.Methods[int(m)%len(reckon.Methods)], Settings: s, Result: s}
		r, err := pipeline.ReadResult(e)
		if err != nil && reckon.ErrorCode(err) != reckon.EINVALID || err == nil && (r == nil || r.Method != e.Method) {
			t.Fatalf("ReadResult(%s, %q) = %+v, %v", e.Method, s, r, err)
		}
		st, err := pipeline.ReadSettings(e)
		if err != nil && reckon.ErrorCode(err) != reckon.EINVALID || err == nil && (st == nil || st.Method != e.Method) {
			t.Fatalf("ReadSettings(%s, %q) = %+v, %v", e.Method, s, st, err)
		}
		if err == nil {
			// A recipe is printed or refused, from any settings that read.
			if _, err := pipeline.Recipe(e); err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
				t.Fatalf("Recipe(%s, %q): %v", e.Method, s, err)
			}
		}
	})
}

// TestResultKeepsLargeSeeds: a seed above 2^53 is stored in the result
// as given, not rounded through a float64.
func TestResultKeepsLargeSeeds(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 5, 600)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	const seed = 1<<63 + 12345
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Methods: []reckon.Method{reckon.MethodLCMCR}, LinkageDraws: -1, Seed: seed,
		LCMCR: mse.LCMCROptions{Burnin: 50, Samples: 50, Thin: 1, Chains: 2}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := pipeline.ReadResult(es[1])
	if err != nil {
		t.Fatal(err)
	}
	if r.LCMCR.Options.Seed != seed || es[1].Seed != seed {
		t.Errorf("stored seed %d in the result, %d in the estimate; want %d", r.LCMCR.Options.Seed, es[1].Seed, uint64(seed))
	}
}
