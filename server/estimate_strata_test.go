package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/server"
)

// TestEstimateStrataSum: a method's sum over the strata is shown apart
// from the strata, beside the unstratified total, on the pages of both,
// and the API gives it with its stratum (issue 14).
func TestEstimateStrataSum(t *testing.T) {
	f := newFixture(t)
	save := func(stratum string, nhat, lo, hi float64, model string) *reckon.Estimate {
		e := &reckon.Estimate{Measure: reckon.Killed, Population: "all persons", Stratum: stratum, Method: "loglinear",
			Model: model, Observed: 4, NHat: nhat, Lower: lo, Upper: hi, Interval: "test", Lists: f.minimum.Lists,
			Input: f.minimum.Input, InputHash: f.minimum.InputHash, Settings: `{}`, Seed: 1, Version: "test", LinkRunID: f.run.ID, Result: `{}`}
		if err := f.st.SaveEstimate(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	whole := save("", 9, 6, 14, "[1,2]")
	save("unit=94th", 5, 4, 8, "[1,2]")
	save("unit=95th", 4, 3, 7, "[1,2]")
	sum := save("unit="+reckon.StrataTotal, 9, 7, 13, "sum of 2 strata of unit")
	s, _ := newServer(t, f.st, server.Options{})
	for _, tt := range []struct {
		name, path string
		want       []string
		not        []string
	}{
		{"whole page", fmt.Sprintf("/estimates/%d", whole.ID), []string{
			`id="strata-sum"`, "Summed over the strata (sum of 2 strata of unit)", fmt.Sprintf(`href="/estimates/%d"`, sum.ID), "unit=94th"},
			[]string{`<a href="/estimates/` + fmt.Sprint(sum.ID) + `">unit=(all, summed)</a>`}},
		{"sum page", fmt.Sprintf("/estimates/%d", sum.ID), []string{"The whole population", fmt.Sprintf(`href="/estimates/%d"`, whole.ID), "unit=95th"}, nil},
		{"api", "/api/v1/estimates?method=loglinear", []string{`"stratum":"unit=(all, summed)"`}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, s, "GET", tt.path, nil)
			if res.StatusCode != 200 {
				t.Fatalf("GET %s: %d\n%s", tt.path, res.StatusCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: missing %q", tt.path, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("GET %s: has %q", tt.path, w)
				}
			}
		})
	}
}

// TestModelUncertaintyView: the reconcile page and API say what each
// method assumes and give the interval over models, the log-linear
// estimate widened to its intervals allowing for the choice of model;
// an estimate's page says what its method assumes (issue 14).
func TestModelUncertaintyView(t *testing.T) {
	f := newFixture(t)
	for _, e := range []*reckon.Estimate{
		{Method: "loglinear", Model: "[12]", NHat: 9, Lower: 7, Upper: 11,
			Result: `{"model_selection":{"lower":6,"upper":15,"averaged_lower":6.5,"averaged_upper":16}}`},
		{Method: "lcmcr", Model: "latent classes K=10", NHat: 30, Lower: 20, Upper: 45, Result: `{}`},
	} {
		e.Measure, e.Population, e.Observed, e.Interval, e.Lists, e.Input, e.InputHash = reckon.Killed, "all persons", 4, "test", f.minimum.Lists, f.minimum.Input, f.minimum.InputHash
		e.Settings, e.Seed, e.Version, e.LinkRunID = `{}`, 1, "test", f.run.ID
		if err := f.st.SaveEstimate(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := newServer(t, f.st, server.Options{Engine: pipeline.NewEngine(f.st, pipeline.EngineOptions{})})
	for _, tt := range []struct {
		name, path string
		want       []string
	}{
		{"page", "/reconcile?measure=killed", []string{`class="muted assume">Poisson log-linear model`, `class="muted assume">Bayesian latent-class model`,
			"Over models and methods, the 2 methods&#39; 95% intervals together span 6 to 45", "disagree beyond their own intervals"}},
		{"api", "/api/v1/reconcile?measure=killed", []string{`"assumptions":{`, `"lcmcr":"Bayesian latent-class model`,
			`"intervals":[{"estimate":`, `"lower":6,"upper":16,"basis":"its 95% interval, widened to the intervals allowing for the choice of model`}},
		{"estimate", "/estimates/" + fmt.Sprint(f.minimum.ID), []string{`<dd id="assumes">Distinct persons named by any list`}},
	} {
		res, body := do(t, s, "GET", tt.path, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", tt.path, res.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: missing %q", tt.path, w)
			}
		}
	}
}
