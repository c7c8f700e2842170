package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/sqlite"
)

func TestBuild(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var steps []string
	sum, err := demo.Build(ctx, s, demo.Options{N: 400, Progress: func(m string) { steps = append(steps, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 6 || sum.Claims < 25 || sum.Records < 200 || sum.Persons < 100 || sum.Estimates != 5 || len(steps) < 4 {
		t.Fatalf("summary %+v, steps %v", sum, steps)
	}
	killed, _ := s.Claims(ctx, reckon.ClaimFilter{Measure: reckon.Killed})
	if len(killed) < 5 {
		t.Errorf("%d killed claims in the demo articles, want at least 5", len(killed))
	}
	docs, _ := s.Documents(ctx, reckon.DocumentFilter{})
	for _, d := range docs {
		if d.Published.IsZero() || d.Title == "" {
			t.Errorf("document %d without date or title: %+v", d.ID, d)
		}
	}
	if _, err := demo.Build(ctx, s, demo.Options{N: 400}); reckon.ErrorCode(err) != reckon.ECONFLICT {
		t.Errorf("building twice: %v, want a conflict", err)
	}
}
