package mse

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestResultsMarshal: results with numbers that were not computed (NaN)
// or have no finite value still marshal, with those numbers as null.
func TestResultsMarshal(t *testing.T) {
	m := ModelFit{Name: "[12,3]", NHat: math.Inf(1), Lower: math.NaN(), Upper: math.NaN(), AIC: 29.3, Bias: math.NaN()}
	ll := &LogLinearResult{N: 96, Models: []ModelFit{m}, BestAIC: -1, BestBIC: -1}
	b, err := json.Marshal(ll)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"NHat":null`, `"Lower":null`, `"AIC":29.3`, `"Name":"[12,3]"`, `"BestBIC":-1`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	if _, err := json.Marshal(&StepwiseResult{NHat: 10, Lower: math.NaN(), Upper: math.NaN()}); err != nil {
		t.Error(err)
	}
	if _, err := json.Marshal(&LCMCRResult{Median: 10, RHat: math.NaN(), Draws: [][]float64{{1, 2}}}); err != nil {
		t.Error(err)
	}
}

// TestResultsRoundTrip (issue 12): a stored result reads back as what was
// written, numbers written as null (not computed, no finite value) as
// NaN, so that one decoder serves every reader of stored estimates.
func TestResultsRoundTrip(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		in   any
		out  func() any
	}{
		{"model fit", &ModelFit{Name: "[12,3]", Terms: []Term{3}, Names: []string{"A:B"}, NHat: 120.5, Lower: nan, Upper: 300, UpperOpen: true, Bias: nan, DF: 2, Usable: true, Warnings: []string{"w"}},
			func() any { return new(ModelFit) }},
		{"log-linear", &LogLinearResult{N: 96, Lists: []string{"A", "B", "C"}, Models: []ModelFit{{Name: "[1,2,3]", NHat: 100, Lower: nan, Upper: 130}}, BestAIC: 0, BestBIC: -1, Search: "all"},
			func() any { return new(LogLinearResult) }},
		{"stepwise", &StepwiseResult{Terms: []Term{3, 5}, Names: []string{"A:B", "A:C"}, NHat: 10.25, Lower: nan, Upper: nan, NormalLower: 9, NormalUpper: 12, Acceleration: 0.01, BiasZ0: -0.2},
			func() any { return new(StepwiseResult) }},
		{"lcmcr", &LCMCRResult{Options: LCMCROptions{K: 10, Burnin: 5, Seed: 3}, N: 40, Median: 50, Mean: 51.5, Lower: 44, Upper: 70, RHat: nan, ESS: 333.3, Warnings: []string{"short"}},
			func() any { return new(LCMCRResult) }},
		{"chao", &LowerBoundResult{Lists: 3, Observed: 30, F: []int64{0, 10, 5, 1}, Chao: 34.1, ChaoSE: 2, ChaoLower: 31, ChaoUpper: 42, Coverage: 0.8, CoverageSE: nan, CoverageLower: nan, CoverageUpper: nan},
			func() any { return new(LowerBoundResult) }},
		{"dga", &DGAResult{Options: DGAOptions{Delta: 0.5}, N: 30, Median: 40, Mean: 41, Lower: 33, Upper: 60, Graphs: []DGAGraph{{Name: "[12,3]", Cliques: []string{"A:B", "C"}, Weight: 0.7}}, GraphsTotal: 8, Exhaustive: true, TailMass: nan, Quantiles: []float64{30, 40, 60}},
			func() any { return new(DGAResult) }},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		out := tt.out()
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: reading back %s: %v", tt.name, b, err)
		}
		b2, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(b2) != string(b) {
			t.Errorf("%s: wrote %s, read back and wrote %s", tt.name, b, b2)
		}
	}
	var m ModelFit
	if err := json.Unmarshal([]byte(`{"NHat":12,"Lower":null}`), &m); err != nil || m.NHat != 12 || !math.IsNaN(m.Lower) {
		t.Errorf("null Lower read as %v (%v), want NaN", m.Lower, err)
	}
	for _, bad := range []string{`[]`, `{"NHat":"many"}`, `{"Terms":[-1]}`, `nul`} {
		if err := json.Unmarshal([]byte(bad), &m); err == nil {
			t.Errorf("%s: read without an error", bad)
		}
	}
}
