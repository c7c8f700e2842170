package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/demo"
	"github.com/reckonhq/reckon/sqlite"
)

// built is the demo workspace that the tests share: building it (with
// its estimates) is most of the package's time, and the tests only read
// it (issue 12: go test -short under two minutes).
var built struct {
	once  sync.Once
	dir   string
	s     *sqlite.Store
	sum   *demo.Summary
	steps []string
	err   error
}

// builtDemo returns the shared demo workspace, built on first use.
func builtDemo(t testing.TB) (*sqlite.Store, *demo.Summary, []string) {
	t.Helper()
	built.once.Do(func() {
		ctx := context.Background()
		if built.dir, built.err = os.MkdirTemp("", "reckon-demo-test"); built.err != nil {
			return
		}
		if built.s, built.err = sqlite.Open(ctx, filepath.Join(built.dir, "reckon.db")); built.err != nil {
			return
		}
		built.sum, built.err = demo.Build(ctx, built.s, demo.Options{N: 400, Progress: func(m string) { built.steps = append(built.steps, m) }})
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.s, built.sum, built.steps
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.s != nil {
		built.s.Close()
	}
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func TestBuild(t *testing.T) {
	ctx := context.Background()
	s, sum, steps := builtDemo(t)
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
