package storetest

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/internal/storerule"
)

// Tamper runs one SQL statement, without parameters, on a store's
// database behind the store's back, as someone holding the database
// could.
type Tamper func(tb testing.TB, sql string)

// RunCheckpoint checks, on a store whose audit log is no longer protected
// by the database (its append-only triggers dropped by open), that
// reckon.CheckCheckpoint notices every way of rewriting the log that the
// chain of hashes alone cannot: the newest events deleted, the table
// emptied, an event edited and the chain recomputed, and the log cut and
// grown again to its old length; and that an untouched log, and one with
// events appended since, still extend the checkpoint.
func RunCheckpoint(t *testing.T, open func(tb testing.TB) (reckon.Store, Tamper)) {
	const before = 5 // events when the checkpoint is made
	tests := []struct {
		name   string
		tamper func(t *testing.T, s reckon.Store, exec Tamper)
		// intact: the chain alone still verifies after the tampering
		// (that is why a checkpoint is needed).
		intact bool
		// want is a piece of the error; "" means the log extends it.
		want string
	}{
		{"untouched", func(*testing.T, reckon.Store, Tamper) {}, true, ""},
		{"appended", func(t *testing.T, s reckon.Store, _ Tamper) { addSources(t, s, "ana", 3) }, true, ""},
		{"newest deleted", func(t *testing.T, _ reckon.Store, exec Tamper) {
			exec(t, `DELETE FROM audit_events WHERE id > 3`)
		}, true, "fewer than the 5"},
		{"emptied", func(t *testing.T, _ reckon.Store, exec Tamper) {
			exec(t, `DELETE FROM audit_events`)
		}, true, "has 0 events, fewer than the 5"},
		{"edited and re-chained", func(t *testing.T, s reckon.Store, exec Tamper) {
			rechain(t, s, exec, 2, func(e *reckon.Event) { e.Actor = "mallory" })
		}, true, "the log was rewritten"},
		{"newest edited and re-chained", func(t *testing.T, s reckon.Store, exec Tamper) {
			rechain(t, s, exec, before, func(e *reckon.Event) { e.After = `{"name":"forged"}` })
		}, true, "audit event 5 has hash"},
		{"cut and grown back", func(t *testing.T, s reckon.Store, exec Tamper) {
			exec(t, `DELETE FROM audit_events WHERE id > 2`)
			addSources(t, s, "mallory", 4)
		}, true, "the log was rewritten"},
		{"edited, not re-chained", func(t *testing.T, _ reckon.Store, exec Tamper) {
			exec(t, `UPDATE audit_events SET actor = 'mallory' WHERE id = 4`)
		}, false, "broken at event 4"},
	}
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, exec := open(t)
			defer s.Close()
			empty := checkpoint(t, s, key) // of the empty log: everything extends it
			addSources(t, s, "ana", before)
			cp := checkpoint(t, s, key)
			if cp.Events != before {
				t.Fatalf("checkpoint of %d events, want %d", cp.Events, before)
			}
			tt.tamper(t, s, exec)
			c, err := s.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.BadID == 0; got != tt.intact {
				t.Fatalf("chain alone after tampering: %+v, want intact %v", c, tt.intact)
			}
			_, err = reckon.CheckCheckpoint(ctx, s, cp)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("the log should extend the checkpoint: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("the log no longer extends the checkpoint, but the check passed")
			case tt.want != "" && (reckon.ErrorCode(err) != reckon.ECONFLICT || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("check: %v (code %s), want a conflict saying %q", err, reckon.ErrorCode(err), tt.want)
			}
			if tt.intact {
				if _, err := reckon.CheckCheckpoint(ctx, s, empty); err != nil {
					t.Errorf("the checkpoint of the empty log: %v", err)
				}
			}
		})
	}
}

// addSources makes n changes as actor, each appending one event.
func addSources(t *testing.T, s reckon.Store, actor string, n int) {
	t.Helper()
	ctx := reckon.WithActor(context.Background(), actor)
	for range n {
		name := fmt.Sprintf("%s source %d", actor, time.Now().UnixNano())
		if err := s.CreateSource(ctx, &reckon.Source{Name: name, Kind: reckon.KindMedia}); err != nil {
			t.Fatal(err)
		}
	}
}

// checkpoint signs the head of s's log.
func checkpoint(t *testing.T, s reckon.Store, key ed25519.PrivateKey) *reckon.Checkpoint {
	t.Helper()
	c, err := s.VerifyAudit(context.Background())
	if err != nil || c.BadID != 0 {
		t.Fatalf("verify before the checkpoint: %+v, %v", c, err)
	}
	cp, err := reckon.NewCheckpoint(int64(c.Events), c.Head, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), key)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// rechain edits event id with edit and recomputes the hashes of it and
// every later event, as a forger with the database would.
func rechain(t *testing.T, s reckon.Store, exec Tamper, id int64, edit func(*reckon.Event)) {
	t.Helper()
	evs, err := s.Events(context.Background(), reckon.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, e := range evs {
		if e.ID == id {
			edit(e)
		}
		if e.ID >= id {
			e.Prev = prev
			e.Hash = storerule.EventHash(prev, e)
			exec(t, fmt.Sprintf(`UPDATE audit_events SET actor = %s, after = %s, prev = %s, hash = %s WHERE id = %d`,
				sqlString(e.Actor), sqlString(e.After), sqlString(e.Prev), sqlString(e.Hash), e.ID))
		}
		prev = e.Hash
	}
}

// sqlString quotes v as an SQL string literal.
func sqlString(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
