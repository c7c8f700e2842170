package pipeline_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/linkage"
	"github.com/reckonhq/reckon/pipeline"
)

// TestEngineReview builds the queue of a stored run, follows a decision
// in memory before any relink, and rebuilds after an undo.
func TestEngineReview(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	e := pipeline.NewEngine(s, pipeline.EngineOptions{})
	if _, err := e.Review(ctx, 10); reckon.ErrorCode(err) != reckon.EINVALID {
		t.Fatalf("review before any link run: %v, want invalid", err)
	}
	importSynth(t, s, 4, 400)
	if _, err := e.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	q, err := e.Review(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Pairs) == 0 {
		t.Fatal("empty review queue")
	}
	runs, _ := s.LinkRuns(ctx)
	if q.Minimum != int64(runs[len(runs)-1].Persons) || q.Pending != 0 {
		t.Fatalf("minimum %d pending %d, want %d persons and none pending", q.Minimum, q.Pending, runs[len(runs)-1].Persons)
	}
	for k, p := range q.Pairs {
		if p.Probability < pipeline.ReviewLow || p.Probability > pipeline.ReviewHigh || p.RecordA >= p.RecordB {
			t.Fatalf("pair %d: %+v", k, p)
		}
		if k > 0 && abs(p.Estimate) > abs(q.Pairs[k-1].Estimate)+1e-12 {
			t.Fatalf("pair %d out of order: %v after %v", k, p.Estimate, q.Pairs[k-1].Estimate)
		}
	}
	// Decide the head against the linkage: the queue follows at once.
	head := q.Pairs[0]
	recs, _, err := s.RecordsWithPersons(ctx, []int64{head.RecordA, head.RecordB})
	if err != nil || len(recs) != 2 {
		t.Fatal(err)
	}
	d := &reckon.Decision{A: recs[0].Key(), B: recs[1].Key(), Same: !head.Linked, By: "test"}
	if err := s.AddDecision(ctx, d); err != nil {
		t.Fatal(err)
	}
	after, err := e.Review(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := q.Minimum - 1
	if head.Linked {
		want = q.Minimum + 1
	}
	if after.Minimum != want || after.Pending != 1 || after.Total != q.Total-1 {
		t.Errorf("after a decision: minimum %d pending %d total %d, want %d, 1, %d", after.Minimum, after.Pending, after.Total, want, q.Total-1)
	}
	for _, p := range after.Pairs {
		if p.RecordA == head.RecordA && p.RecordB == head.RecordB {
			t.Error("decided pair still queued")
		}
	}
	// Undone, the queue is the run's again.
	if err := s.UndoDecision(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	back, err := e.Review(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if back.Minimum != q.Minimum || back.Total != q.Total || back.Pairs[0].RecordA != head.RecordA {
		t.Errorf("after the undo: minimum %d total %d, want %d, %d", back.Minimum, back.Total, q.Minimum, q.Total)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestRunStats(t *testing.T) {
	c := linkage.Conflict{A: "a/EMBARGOED", B: "b/2", Probability: 0.9, Apart: []linkage.Decision{{A: "a/EMBARGOED", B: "b/3"}}}
	st := linkage.Stats{Records: 3, Conflicts: []linkage.Conflict{c}, Warnings: []string{"field unit: degenerate", "1 pairs … (first: " + c.String() + ")"}}
	b, _ := json.Marshal(st)
	tests := []struct {
		name     string
		stats    string
		warnings int
		err      bool
	}{
		{"stored", string(b), 2, false},
		{"none", "", 0, false},
		{"broken", `{"Warnings": [`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &reckon.LinkRun{ID: 7, Stats: tt.stats}
			got, err := pipeline.RunStats(run)
			if (err != nil) != tt.err {
				t.Fatalf("RunStats: %v, want error %v", err, tt.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "link run 7") {
					t.Errorf("error %q does not name the run", err)
				}
				if r := pipeline.RedactRun(run); r.Stats != "" {
					t.Errorf("redacted broken stats: %q", r.Stats)
				}
				return
			}
			if len(got.Warnings) != tt.warnings {
				t.Errorf("%d warnings, want %d", len(got.Warnings), tt.warnings)
			}
			pub := strings.Join(pipeline.PublicWarnings(got), "\n")
			red := pipeline.RedactRun(run).Stats
			for _, s := range []string{pub, red} {
				if strings.Contains(s, "EMBARGOED") {
					t.Errorf("public view names a record: %s", s)
				}
			}
			if tt.warnings > 0 && (!strings.Contains(pub, "field unit: degenerate") || !strings.Contains(pub, "1 pairs that the model links are kept apart")) {
				t.Errorf("public warnings lost: %s", pub)
			}
		})
	}
}
