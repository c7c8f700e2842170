package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/storetest"
)

// TestAuditTamper edits and deletes events behind the store's back, as
// someone with the database file could, and checks that verify says so.
func TestAuditTamper(t *testing.T) {
	ctx := reckon.WithActor(context.Background(), "ana")
	s := MustOpen(t)
	for _, n := range []string{"A", "B", "C", "D"} {
		if err := s.CreateSource(ctx, &reckon.Source{Name: n, Kind: reckon.KindMedia}); err != nil {
			t.Fatal(err)
		}
	}
	db := s.DB()
	// The log refuses changes through SQL while its triggers stand.
	if _, err := db.Exec(`UPDATE audit_events SET actor = 'mallory' WHERE id = 2`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update of an event: %v, want it refused", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_events WHERE id = 3`); err == nil {
		t.Fatal("delete of an event was allowed")
	}
	// Someone drops the triggers and edits an event.
	for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`UPDATE audit_events SET actor = 'mallory' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	c, err := s.VerifyAudit(ctx)
	if err != nil || c.BadID != 2 || !strings.Contains(c.Problem, "hash") {
		t.Fatalf("after editing event 2: %+v, %v", c, err)
	}
	// Restoring the text makes it verify again: the hash is the content's.
	db.Exec(`UPDATE audit_events SET actor = 'ana' WHERE id = 2`)
	if c, _ := s.VerifyAudit(ctx); c.BadID != 0 || c.Events != 4 {
		t.Fatalf("after restoring event 2: %+v", c)
	}
	// Deleting an event breaks the chain where it was.
	db.Exec(`DELETE FROM audit_events WHERE id = 3`)
	if c, _ := s.VerifyAudit(ctx); c.BadID != 4 || !strings.Contains(c.Problem, "missing") {
		t.Fatalf("after deleting event 3: %+v", c)
	}
	// Rewriting the whole chain after an edit needs every later hash
	// recomputed; changing one and its hash leaves the next one wrong.
	db.Exec(`UPDATE audit_events SET hash = 'x' WHERE id = 1`)
	if c, _ := s.VerifyAudit(ctx); c.BadID != 1 {
		t.Fatalf("after changing a hash: %+v", c)
	}
}

// TestAuditCheckpoint: a log cut, emptied or re-chained behind the
// store's back no longer extends a checkpoint made before (issue 11,
// item 12).
func TestAuditCheckpoint(t *testing.T) {
	storetest.RunCheckpoint(t, func(tb testing.TB) (reckon.Store, storetest.Tamper) {
		s := MustOpen(tb)
		exec := func(tb testing.TB, q string) {
			tb.Helper()
			if _, err := s.DB().Exec(q); err != nil {
				tb.Fatalf("%s: %v", q, err)
			}
		}
		exec(tb, `DROP TRIGGER audit_events_no_update`)
		exec(tb, `DROP TRIGGER audit_events_no_delete`)
		return s, exec
	})
}
