package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
	"github.com/reckonhq/reckon/storetest"
)

// MustOpen opens a new store in a temporary folder, closed by t.Cleanup.
func MustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "reckon.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) reckon.Store { return MustOpen(tb) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "reckon.db")
	s, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSource(ctx, &reckon.Source{Name: "KCNA", Kind: reckon.KindStateMedia}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, file) // migrations run again: a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SourceByName(ctx, "KCNA"); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
	var mode string
	s.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}
