package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/server"
)

// TestEstimateDGA: a dga estimate is listed by method, and its page shows
// the posterior curve, the most probable graphs and the recipe.
func TestEstimateDGA(t *testing.T) {
	f := newFixture(t)
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "dga",
		Model: "decomposable graphs, top [12] (0.700)", Observed: 4, NHat: 6, Lower: 4, Upper: 19,
		Interval: "posterior 95%, averaged over all 2 decomposable graphs", Lists: f.minimum.Lists, Input: f.minimum.Input,
		InputHash: f.minimum.InputHash, Settings: `{"Delta":0,"MaxMissing":0,"Exhaustive":0,"Iterations":0,"Seed":0,"Top":0,"Workers":0}`,
		Seed: 2, Version: "test", LinkRunID: f.run.ID,
		Result: `{"Median":6,"Mean":7.5,"Lower":4,"Upper":19,"GraphsTotal":2,"Exhaustive":true,"TailMass":0,` +
			`"Graphs":[{"name":"[12]","cliques":["kcna:mediazona"],"weight":0.7},{"name":"[1,2]","cliques":["kcna","<b>mediazona</b>"],"weight":0.3}],` +
			`"quantiles":[4,4,4,5,5,5,5,5,5,6,6,6,6,6,6,6,6,6,6,6,6,7,7,7,7,7,7,8,8,8,8,9,9,10,10,11,12,13,15,19,80]}`}
	if err := f.st.SaveEstimate(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, f.st, server.Options{})
	for _, tt := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"api by method", "/api/v1/estimates?method=dga", 200, []string{`"method":"dga"`, `"n_hat":6`}},
		{"page by method", "/estimates?method=dga", 200, []string{`<option value="dga" selected>`}},
		{"page", fmt.Sprintf("/estimates/%d", e.ID), 200, []string{
			`<svg class="curve"`, "Decomposable graphs", "[12]", "kcna:mediazona", "70.0%", "&lt;b&gt;mediazona&lt;/b&gt;",
			"averaged over all 2 decomposable graphs", "reckon mse input.csv --method dga --seed 2 --format json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, s, "GET", tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: %d\n%s", tt.path, res.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: missing %q", tt.path, w)
				}
			}
			if strings.Contains(body, "<b>mediazona") {
				t.Errorf("GET %s: unescaped list name", tt.path)
			}
		})
	}
	if res, _ := do(t, s, "GET", "/api/v1/estimates?method=guess", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown method: %d", res.StatusCode)
	}
}

// TestEstimateModelSelection: a loglinear estimate's page shows the
// intervals that allow for the choice of model beside the profile one.
func TestEstimateModelSelection(t *testing.T) {
	f := newFixture(t)
	e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Method: "loglinear", Model: "[12]", Observed: 4,
		NHat: 6, Lower: 5, Upper: 9, Interval: "profile likelihood 95%, best model by BIC", Lists: f.minimum.Lists, Input: f.minimum.Input,
		InputHash: f.minimum.InputHash, Settings: `{}`, Seed: 1, Version: "test", LinkRunID: f.run.ID,
		Result: `{"Models":[],"BestAIC":-1,"BestBIC":-1,"model_selection":{"models":2,"best":"[12]","n_hat":6,"lower":4.5,"upper":31,` +
			`"fixed_lower":5.2,"fixed_upper":9.4,"averaged":7,"averaged_lower":4.8,"averaged_upper":null,"bootstrap":1000,"seed":1,` +
			`"weights":[{"name":"[12]","share":0.8},{"name":"[1,2]","share":0.2}],"chosen":[{"name":"[12]","share":0.7},{"name":"<i>x</i>","share":0.3}]}}`}
	if err := f.st.SaveEstimate(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, f.st, server.Options{})
	res, body := do(t, s, "GET", fmt.Sprintf("/estimates/%d", e.ID), nil)
	if res.StatusCode != 200 {
		t.Fatalf("%d\n%s", res.StatusCode, body)
	}
	for _, w := range []string{"Allowing for the choice of model", "5–31", "5–9", "5–∞", "1,000 replicates", "70.0%", "&lt;i&gt;x&lt;/i&gt;"} {
		if !strings.Contains(body, w) {
			t.Errorf("missing %q", w)
		}
	}
}
