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
