package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/reconcile"
)

// TestDGAAssumption: a dga estimate is told with what it assumes, as
// every other method's.
func TestDGAAssumption(t *testing.T) {
	min := &reckon.Estimate{ID: 7, Method: "minimum", Observed: 2340, NHat: 2340, Lower: 2340, Upper: 2340}
	dga := &reckon.Estimate{ID: 9, Method: "dga", Model: "decomposable graphs, top [12,3] (0.722)", Observed: 2340, NHat: 2900, Lower: 2600, Upper: 3400}
	r := &Report{Title: "t", Version: "test", View: reconcile.Reconcile(reckon.Killed, nil, min, []*reckon.Estimate{dga})}
	for _, format := range []string{"md", "html"} {
		var b bytes.Buffer
		if err := Write(&b, r, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "decomposable graphical models") {
			t.Errorf("%s report does not say what dga assumes:\n%s", format, b.String())
		}
	}
}

// TestModelSelectionSentence: the sentence saying how the choice of model
// widens a log-linear interval is in every format of the report, and in
// Markdown beside the headline figure.
func TestModelSelectionSentence(t *testing.T) {
	min := &reckon.Estimate{ID: 7, Method: "minimum", Observed: 2340, NHat: 2340, Lower: 2340, Upper: 2340}
	const sel = "model selection: allowing for the choice of model by BIC among 113 (bootstrap of 1000, selection redone on each), the 95% interval is 2500–5000"
	ll := &reckon.Estimate{ID: 8, Method: "loglinear", Model: "[12,3]", Observed: 2340, NHat: 2900, Lower: 2700, Upper: 3200,
		Warnings: []string{"lists a and b share only 3 persons", sel}}
	r := &Report{Title: "t", Version: "test", View: reconcile.Reconcile(reckon.Killed, nil, min, []*reckon.Estimate{ll})}
	for _, format := range []string{"md", "html"} {
		var b bytes.Buffer
		if err := Write(&b, r, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "allowing for the choice of model by BIC among 113") {
			t.Errorf("%s report lacks the model selection sentence", format)
		}
	}
	// In Markdown it stands under the headline figure, not only among the
	// estimates' warnings at the end.
	var b bytes.Buffer
	if err := Write(&b, r, "md"); err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(b.String(), "## Contradictions")
	if !strings.Contains(head, "  - model selection: allowing for the choice of model") {
		t.Errorf("the headline does not say how the choice of model widens the interval:\n%s", head)
	}
}
