package pipeline_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/mse"
	"github.com/reckonhq/reckon/pipeline"
)

// TestEstimateStrataSum estimates by stratum and checks the sums over
// the strata (issue 14, strata combined): one per method, beside the
// unstratified total of the same run, with the persons of every stratum,
// a point that is the sum of the strata's (bootstrap methods) and an
// interval that holds it. Whether the interval is right is checked
// against direct Monte Carlo in package mse (TestStrataBootstrapMonteCarlo,
// TestSumStrataDGA).
func TestEstimateStrataSum(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 5, 2000)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Strata: "death_year", LinkageDraws: -1, StrataDraws: 400,
		Methods: []reckon.Method{"loglinear", "lcmcr", "dga", "chao"}, Selection: mse.SelectionOptions{Bootstrap: -1},
		LCMCR: mse.LCMCROptions{Burnin: 500, Samples: 200, Thin: 5, Chains: 2}})
	if err != nil {
		t.Fatal(err)
	}
	sums := map[reckon.Method]*reckon.Estimate{}
	whole := map[reckon.Method]*reckon.Estimate{}
	strata := map[reckon.Method][]*reckon.Estimate{}
	for _, e := range es {
		switch {
		case e.SumOfStrata():
			if e.Stratum != "death_year=(all, summed)" {
				t.Errorf("sum's stratum %q", e.Stratum)
			}
			sums[e.Method] = e
		case e.Stratum == "":
			whole[e.Method] = e
		default:
			strata[e.Method] = append(strata[e.Method], e)
		}
	}
	for _, m := range []reckon.Method{"minimum", "loglinear", "lcmcr", "dga", "chao"} {
		sum, w := sums[m], whole[m]
		if sum == nil || w == nil {
			t.Fatalf("%s: sum %v, whole %v; minimum's warnings %q", m, sum != nil, w != nil, sums["minimum"].Warnings)
		}
		var obs int64
		var nhat float64
		for _, e := range strata["minimum"] {
			obs += e.Observed
		}
		for _, e := range strata[m] {
			nhat += e.NHat
		}
		if sum.Observed != obs {
			t.Errorf("%s: sum of %d observed, the strata have %d", m, sum.Observed, obs)
		}
		if !(sum.Lower <= sum.NHat && sum.NHat <= sum.Upper) || sum.Interval == "" {
			t.Errorf("%s: sum %.0f [%.0f, %.0f] (%s)", m, sum.NHat, sum.Lower, sum.Upper, sum.Interval)
		}
		if m != "lcmcr" && m != "dga" && math.Abs(sum.NHat-nhat) > 1e-6*nhat {
			t.Errorf("%s: sum %.1f, the strata's estimates add to %.1f", m, sum.NHat, nhat)
		}
		// Persons without a death year are in no stratum: the sum says
		// it leaves them out.
		if left := w.Observed - sum.Observed; left > 0 && (len(sum.Warnings) == 0 || !strings.Contains(sum.Warnings[0], fmt.Sprintf("%d persons have no death_year", left))) {
			t.Errorf("%s: %d persons in no stratum, warnings %q", m, left, sum.Warnings)
		}
		if r, err := pipeline.Recipe(sum); err != nil || r != "" {
			t.Errorf("%s: recipe of a sum %q, %v", m, r, err)
		}
	}
	if len(strata["minimum"]) < 2 {
		t.Fatalf("%d strata", len(strata["minimum"]))
	}
	stored, err := s.Estimates(ctx, reckon.EstimateFilter{Method: "loglinear"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range stored {
		found = found || e.SumOfStrata()
	}
	if !found {
		t.Error("the sum was not stored")
	}
}

// TestEstimateStrataSumLinkage: with linkage draws, every sum over strata
// carries an interval over them: the minimum's the range of the persons
// of all strata, a method's its summed estimates combined by Rubin's
// rules (issue 14).
func TestEstimateStrataSumLinkage(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	importSynth(t, s, 6, 1500)
	if _, _, err := pipeline.Link(ctx, s, linkage.Config{}, "", linkage.Options{}); err != nil {
		t.Fatal(err)
	}
	es, err := pipeline.Estimate(ctx, s, pipeline.EstimateOptions{Strata: "death_year", LinkageDraws: 3, StrataDraws: 200,
		Methods: []reckon.Method{"loglinear"}, Selection: mse.SelectionOptions{Bootstrap: -1}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if !e.SumOfStrata() {
			continue
		}
		n++
		l := e.Linkage
		if l == nil {
			t.Fatalf("%s: sum without an interval over linkage; warnings %q", e.Method, e.Warnings)
		}
		if l.Draws < 1 || l.Draws > 3 || !(l.Lower <= l.NHat && l.NHat <= l.Upper) || math.Abs(l.NHat-e.NHat) > 0.1*e.NHat {
			t.Errorf("%s: sum %.0f, over linkage %+v", e.Method, e.NHat, *l)
		}
	}
	if n != 2 {
		t.Errorf("%d sums, want the minimum's and loglinear's", n)
	}
}
