package pipeline_test

import (
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
