package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/pipeline"
)

// TestNoSubCountAgainstWhole: on the demo, a figure that counts a part
// (a place, a period, a unit) is shown below the whole, never flagged
// against it (issue 13).
func TestNoSubCountAgainstWhole(t *testing.T) {
	ctx := context.Background()
	s, _, _ := builtDemo(t)
	// The sub-counts the demo's articles hold, by the words of their span.
	subs := map[string]reckon.Measure{"dozens": reckon.Killed, "more than 60": reckon.Killed, "18": reckon.Wounded}
	for _, m := range reckon.Measures {
		v, err := pipeline.Reconcile(ctx, s, m, "")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]*reckon.Claim{}
		for _, c := range v.Claims {
			byID[c.ID] = c.Claim
			if _, ok := subs[c.Span]; ok && c.Measure == subs[c.Span] {
				t.Errorf("%s: sub-count %q (%s) is among the whole counts", m, c.Span, c.Scope)
			}
		}
		for _, c := range v.Parts {
			byID[c.ID] = c.Claim
			delete(subs, c.Span)
		}
		for _, x := range v.Contradictions {
			for _, id := range []int64{x.A, x.B} {
				if c := byID[id]; id != 0 && c != nil && !c.Scope.Whole() {
					t.Errorf("%s: sub-count %q (%s) flagged: %s", m, c.Span, c.Scope, x.Message)
				}
			}
			if strings.Contains(x.Message, "dozens") {
				t.Errorf("%s: %s", m, x.Message)
			}
		}
	}
	for span, m := range subs {
		t.Errorf("sub-count %q (%s) is not shown below the whole", span, m)
	}
}
