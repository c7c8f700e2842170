package pipeline_test

import (
	"encoding/json"
	"github.com/reckonhq/reckon/mse"
	"reflect"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

func TestRecipe(t *testing.T) {
	tests := []struct {
		method   reckon.Method
		settings string
		seed     uint64
		want     string
		err      bool
	}{
		{"minimum", "", 1, "", false},
		{"stepwise", `{"PThreshold":0,"Bootstrap":200,"Seed":1,"Workers":0}`, 1, "reckon mse input.csv --method stepwise --seed 1 --bootstrap 200 --format json", false},
		{"stepwise", `{"Bootstrap":0}`, 3, "reckon mse input.csv --method stepwise --seed 3 --format json", false},
		{"loglinear", `{"MaxOrder":2}`, 1, "reckon mse input.csv --method loglinear --seed 1 --max-order 2 --format json", false},
		{"lcmcr", `{"K":10,"Burnin":500,"Samples":300,"Thin":3,"Chains":2,"Seed":9}`, 9, "reckon mse input.csv --method lcmcr --seed 9 --burnin 500 --samples 300 --thin 3 --chains 2 --format json", false},
		{"stepwise", `{"Bootstrap":"many"}`, 1, "", true},
		{"lcmcr", `not json`, 1, "", true},
		{"closedp", `{"Workers":0}`, 2, "reckon mse input.csv --method closedp --seed 2 --format json", false},
		{"chao", `{"Bootstrap":0,"Seed":5}`, 5, "reckon mse input.csv --method chao --seed 5 --format json", false},
		{"chao", `{"Bootstrap":50}`, 5, "", true},
		{"dga", `{}`, 4, "reckon mse input.csv --method dga --seed 4 --format json", false},
		{"dga", `{"Delta":0.5,"MaxMissing":900,"Iterations":300}`, 1, "reckon mse input.csv --method dga --seed 1 --dga-delta 0.5 --dga-max-missing 900 --dga-iterations 300 --format json", false},
		{"dga", `[]`, 1, "", true},
		{"magic", `{}`, 1, "", true},
	}
	for _, tt := range tests {
		got, err := pipeline.Recipe(&reckon.Estimate{ID: 4, Method: tt.method, Settings: tt.settings, Seed: tt.seed})
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("Recipe(%s, %s) = %q, %v; want %q, error %v", tt.method, tt.settings, got, err, tt.want, tt.err)
		}
	}
}

// TestRecipeEverySetting (issue 12): a setting that changes the figures
// either has its flag in the recipe or makes the recipe an error; none is
// silently left out, so that no printed command fails to repeat its
// estimate. A new options field fails this test until Recipe decides.
func TestRecipeEverySetting(t *testing.T) {
	// Settings that cannot change the stored figures: the seed (the
	// estimate's own, always in the recipe), goroutines, and what is
	// listed beside the best model.
	neutral := map[string]bool{"Seed": true, "Workers": true, "Intervals": true, "NoHeterogeneity": true, "Top": true}
	for _, c := range []struct {
		method reckon.Method
		opts   any
	}{
		{reckon.MethodLogLinear, mse.LogLinearOptions{}},
		{reckon.MethodStepwise, mse.StepwiseOptions{}},
		{reckon.MethodLCMCR, mse.LCMCROptions{K: 10, AAlpha: 0.25, BAlpha: 0.25, Burnin: 100, Samples: 100, Thin: 1, Chains: 2, MaxFactor: 20}},
		{reckon.MethodClosedp, mse.ClosedpOptions{}},
		{reckon.MethodChao, mse.LowerBoundOptions{}},
		{reckon.MethodDGA, mse.DGAOptions{}},
	} {
		settings := func(v any) string {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
		base, err := pipeline.Recipe(&reckon.Estimate{ID: 1, Method: c.method, Settings: settings(c.opts), Seed: 2})
		if err != nil {
			t.Fatalf("%s at its defaults: %v", c.method, err)
		}
		rt := reflect.TypeOf(c.opts)
		for i := range rt.NumField() {
			f := rt.Field(i)
			if neutral[f.Name] {
				continue
			}
			v := reflect.New(rt).Elem()
			v.Set(reflect.ValueOf(c.opts))
			fv := v.Field(i)
			switch fv.Kind() {
			case reflect.Int, reflect.Int64:
				fv.SetInt(fv.Int() + 3)
			case reflect.Uint64:
				fv.SetUint(fv.Uint() + 3)
			case reflect.Float64:
				fv.SetFloat(fv.Float() + 0.125)
			case reflect.Bool:
				fv.SetBool(!fv.Bool())
			default:
				t.Fatalf("%s.%s: a %s setting the test cannot change", c.method, f.Name, fv.Kind())
			}
			got, err := pipeline.Recipe(&reckon.Estimate{ID: 1, Method: c.method, Settings: settings(v.Interface()), Seed: 2})
			if err == nil && got == base {
				t.Errorf("%s with %s changed: the recipe %q leaves it out", c.method, f.Name, got)
			}
			if err != nil && reckon.ErrorCode(err) != reckon.EINVALID {
				t.Errorf("%s with %s changed: %v, want an error of code invalid", c.method, f.Name, err)
			}
		}
	}
}
