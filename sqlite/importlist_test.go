package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/sqlite"
)

// TestMigrateImportList: opening a workspace whose imports were filed
// under their file's name although their rows name one list of their own
// files them under that list; an import of several lists keeps its name
// and gets its records counted by list (issue 11, item 16).
func TestMigrateImportList(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reckon.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	seq := func(recs ...*reckon.Record) func(func(*reckon.Record, error) bool) {
		return func(yield func(*reckon.Record, error) bool) {
			for _, r := range recs {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
	for _, imp := range []struct {
		list string
		recs []*reckon.Record
	}{
		{"fam", []*reckon.Record{{RecordID: "1", List: "families"}, {RecordID: "2", List: "families"}}},
		{"mixed", []*reckon.Record{{RecordID: "3", List: "families"}, {RecordID: "1", List: "kcna"}}},
		{"kcna", []*reckon.Record{{RecordID: "2", List: "kcna"}}},
	} {
		if _, err := s.ImportRecords(ctx, &reckon.Import{List: imp.list, File: imp.list + ".csv", Hash: imp.list}, seq(imp.recs...)); err != nil {
			t.Fatal(err)
		}
	}
	// As an older reckon filed them, and before this migration.
	if _, err := s.DB().ExecContext(ctx, `UPDATE imports SET list = 'fam' WHERE hash = 'fam'`); err != nil {
		t.Fatal(err)
	}
	// Only 0015 is undone: the runner applies every migration the
	// database has not recorded, whatever came after it.
	for _, q := range []string{`DELETE FROM schema_migrations WHERE version = 15`, `ALTER TABLE list_ranges DROP COLUMN records`} {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	imps, err := s.Imports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range imps {
		got = append(got, fmt.Sprint(i.List, i.ListRecords()))
	}
	if want := "[familiesmap[families:2] mixedmap[families:1 kcna:1] kcnamap[kcna:1]]"; fmt.Sprint(got) != want {
		t.Errorf("imports after the migration: %v, want %s", got, want)
	}
}
