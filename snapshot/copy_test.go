package snapshot_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/snapshot/snapshottest"
	"github.com/reckonhq/reckon/sqlite"
)

func openSQLite(tb testing.TB) snapshottest.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "reckon.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(tb testing.TB) snapshottest.Store { return pgtest.Open(tb) }

// TestCopyBetweenStores copies a workspace from each store to the other
// and back (reckon migrate): every copy exports the same bytes as the
// original and answers every query alike.
func TestCopyBetweenStores(t *testing.T) {
	pgtest.ServerURL(t)
	for _, tt := range []struct {
		name string
		path []func(testing.TB) snapshottest.Store
	}{
		{"sqlite-postgres-sqlite", []func(testing.TB) snapshottest.Store{openSQLite, openPostgres, openSQLite}},
		{"postgres-sqlite-postgres", []func(testing.TB) snapshottest.Store{openPostgres, openSQLite, openPostgres}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			orig := tt.path[0](t)
			snapshottest.Fill(t, orig)
			want := snapshottest.Export(t, orig)
			for i, open := range tt.path[1:] {
				s := open(t)
				if err := s.Import(ctx, bytes.NewReader(want)); err != nil {
					t.Fatalf("copy %d: %v", i+1, err)
				}
				if got := snapshottest.Export(t, s); !bytes.Equal(got, want) {
					t.Fatalf("copy %d exports other bytes:\n%s", i+1, snapshottest.Diff(want, got))
				}
				snapshottest.SameAnswers(t, orig, s)
				if i == len(tt.path)-2 {
					snapshottest.Continue(t, s)
				}
			}
		})
	}
}
