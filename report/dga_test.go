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
