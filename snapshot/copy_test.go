package snapshot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/postgres/pgtest"
	"github.com/reckonhq/reckon/snapshot"
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
			from := orig
			for i, open := range tt.path[1:] {
				s := open(t)
				if err := snapshot.Copy(ctx, s, from); err != nil {
					t.Fatalf("copy %d: %v", i+1, err)
				}
				from = s
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

// TestCopyRefused: a copy into a store that is not empty, or from an
// export that fails, is refused and changes nothing.
func TestCopyRefused(t *testing.T) {
	ctx := context.Background()
	src, dst := openSQLite(t), openSQLite(t)
	snapshottest.Fill(t, src)
	snapshottest.Fill(t, dst)
	before := snapshottest.Export(t, dst)
	if err := snapshot.Copy(ctx, dst, src); reckon.ErrorCode(err) != reckon.ECONFLICT {
		t.Fatalf("Copy into a full store: %v, want a conflict", err)
	}
	if after := snapshottest.Export(t, dst); !bytes.Equal(after, before) {
		t.Fatalf("a refused copy changed the store:\n%s", snapshottest.Diff(before, after))
	}
	empty := openSQLite(t)
	if err := snapshot.Copy(ctx, empty, failingExporter{}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Copy from a failing export: %v", err)
	}
	if got, want := snapshottest.Export(t, empty), snapshottest.Export(t, openSQLite(t)); !bytes.Equal(got, want) {
		t.Fatalf("a failed copy left rows:\n%s", snapshottest.Diff(want, got))
	}
}

// failingExporter writes the start of a snapshot, then fails.
type failingExporter struct{}

func (failingExporter) Export(ctx context.Context, w io.Writer) error {
	io.WriteString(w, fmt.Sprintf("{\"format\":\"reckon-snapshot\",\"version\":%d}\n{\"table\":\"sources\",", snapshot.Version))
	return errors.New("disk on fire")
}
